package drcn.tornado.api.types.arrays;

import drcn.tornado.api.annotations.Parallel;
import drcn.tornado.api.internal.annotations.ApiKernel;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.CharBuffer;
import java.util.Arrays;

/** An off-heap char array with TornadoVM's methods; in a kernel only {@code get}, {@code set} and {@code getSize}. */
public final class CharArray extends TornadoNativeArray {
    private static final ValueLayout.OfChar ELEMENT = ValueLayout.JAVA_CHAR;

    /** A zeroed array of {@code numberOfElements}. */
    public CharArray(int numberOfElements) {
        super(numberOfElements, Character.BYTES);
    }

    /** The concatenation of {@code arrays}. */
    public CharArray(CharArray... arrays) {
        super(Arrays.stream(arrays).mapToInt(CharArray::getSize).sum(), Character.BYTES);
        concatInto(this, arrays);
    }

    private CharArray(MemorySegment segment) {
        super(segment, Character.BYTES);
    }

    private CharArray(CharArray source, int offset, int length) {
        super(source, offset, length);
    }

    /**
     * A view of existing memory (no copy): how the JVM backend hands device buffers to kernels.
     * The segment's size must be a multiple of the element size.
     */
    public static CharArray view(MemorySegment segment) {
        return new CharArray(segment);
    }

    public static CharArray fromArray(char[] values) {
        var array = new CharArray(values.length);
        MemorySegment.copy(values, 0, array.segment(), ELEMENT, 0, values.length);
        return array;
    }

    public static CharArray fromElements(char... values) {
        return fromArray(values);
    }

    /** A copy of the segment's elements. */
    public static CharArray fromSegment(MemorySegment segment) {
        return new CharArray(copyOf(segment));
    }

    /** The segment itself, not copied. */
    public static CharArray fromSegmentShallow(MemorySegment segment) {
        return new CharArray(segment);
    }

    public static CharArray fromCharBuffer(CharBuffer buffer) {
        var values = new char[buffer.remaining()];
        buffer.duplicate().get(values);
        return fromArray(values);
    }

    /** Every element = {@code value}; a task's code too ({@code task("t0", CharArray::initialize, array, value)}). */
    @ApiKernel
    public static void initialize(CharArray array, char value) {
        for (@Parallel int i = 0; i < array.getSize(); i++) {
            array.set(i, value);
        }
    }

    public static CharArray concat(CharArray... arrays) {
        return new CharArray(arrays);
    }

    public char get(int index) {
        return segment().getAtIndex(ELEMENT, checkIndex(index));
    }

    public void set(int index, char value) {
        segment().setAtIndex(ELEMENT, checkIndex(index), value);
    }

    public void init(char value) {
        MemorySegment s = segment();
        for (int i = 0; i < getSize(); i++) s.setAtIndex(ELEMENT, i, value);
    }

    public char[] toHeapArray() {
        var values = new char[getSize()];
        MemorySegment.copy(segment(), ELEMENT, 0, values, 0, getSize());
        return values;
    }

    /** Copies {@code values} in; the lengths must match. */
    public void copyFrom(char[] values) {
        if (values.length != getSize()) throw new IllegalArgumentException("length " + values.length + " != " + getSize());
        MemorySegment.copy(values, 0, segment(), ELEMENT, 0, getSize());
    }

    /** A copy of elements {@code [offset, offset + length)}. */
    public CharArray slice(int offset, int length) {
        return new CharArray(copyOfRange(this, offset, length));
    }

    /**
     * A view of elements {@code [offset, offset + length)} that shares this array's memory, on the host and on the
     * device (ours; TornadoVM's {@link #slice} copies). In a task graph the view is a view of its parent's device
     * buffer: its element 0 is the parent's element {@code offset}, and it moves between host and device with its
     * parent. On a device the offset's bytes must be a multiple of the device's sub-buffer alignment.
     */
    public CharArray sliceView(int offset, int length) {
        return new CharArray(this, offset, length);
    }
}
