package drcn.tornado.api.types.arrays;

import drcn.tornado.api.annotations.Parallel;
import drcn.tornado.api.internal.annotations.ApiKernel;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ShortBuffer;
import java.util.Arrays;

/** An off-heap short array with TornadoVM's methods; in a kernel only {@code get}, {@code set} and {@code getSize}. */
public final class ShortArray extends TornadoNativeArray {
    private static final ValueLayout.OfShort ELEMENT = ValueLayout.JAVA_SHORT;

    /** A zeroed array of {@code numberOfElements}. */
    public ShortArray(int numberOfElements) {
        super(numberOfElements, Short.BYTES);
    }

    /** The concatenation of {@code arrays}. */
    public ShortArray(ShortArray... arrays) {
        super(Arrays.stream(arrays).mapToInt(ShortArray::getSize).sum(), Short.BYTES);
        concatInto(this, arrays);
    }

    private ShortArray(MemorySegment segment) {
        super(segment, Short.BYTES);
    }

    private ShortArray(ShortArray source, int offset, int length) {
        super(source, offset, length);
    }

    /**
     * A view of existing memory (no copy): how the JVM backend hands device buffers to kernels.
     * The segment's size must be a multiple of the element size.
     */
    public static ShortArray view(MemorySegment segment) {
        return new ShortArray(segment);
    }

    public static ShortArray fromArray(short[] values) {
        var array = new ShortArray(values.length);
        MemorySegment.copy(values, 0, array.segment(), ELEMENT, 0, values.length);
        return array;
    }

    public static ShortArray fromElements(short... values) {
        return fromArray(values);
    }

    /** A copy of the segment's elements. */
    public static ShortArray fromSegment(MemorySegment segment) {
        return new ShortArray(copyOf(segment));
    }

    /** The segment itself, not copied. */
    public static ShortArray fromSegmentShallow(MemorySegment segment) {
        return new ShortArray(segment);
    }

    public static ShortArray fromShortBuffer(ShortBuffer buffer) {
        var values = new short[buffer.remaining()];
        buffer.duplicate().get(values);
        return fromArray(values);
    }

    /** Every element = {@code value}; a task's code too ({@code task("t0", ShortArray::initialize, array, value)}). */
    @ApiKernel
    public static void initialize(ShortArray array, short value) {
        for (@Parallel int i = 0; i < array.getSize(); i++) {
            array.set(i, value);
        }
    }

    public static ShortArray concat(ShortArray... arrays) {
        return new ShortArray(arrays);
    }

    public short get(int index) {
        return segment().getAtIndex(ELEMENT, checkIndex(index));
    }

    public void set(int index, short value) {
        segment().setAtIndex(ELEMENT, checkIndex(index), value);
    }

    public void init(short value) {
        MemorySegment s = segment();
        for (int i = 0; i < getSize(); i++) s.setAtIndex(ELEMENT, i, value);
    }

    public short[] toHeapArray() {
        var values = new short[getSize()];
        MemorySegment.copy(segment(), ELEMENT, 0, values, 0, getSize());
        return values;
    }

    /** Copies {@code values} in; the lengths must match. */
    public void copyFrom(short[] values) {
        if (values.length != getSize()) throw new IllegalArgumentException("length " + values.length + " != " + getSize());
        MemorySegment.copy(values, 0, segment(), ELEMENT, 0, getSize());
    }

    /** A copy of elements {@code [offset, offset + length)}. */
    public ShortArray slice(int offset, int length) {
        return new ShortArray(copyOfRange(this, offset, length));
    }

    /**
     * A view of elements {@code [offset, offset + length)} that shares this array's memory, on the host and on the
     * device (ours; TornadoVM's {@link #slice} copies). In a task graph the view is a view of its parent's device
     * buffer: its element 0 is the parent's element {@code offset}, and it moves between host and device with its
     * parent. On a device the offset's bytes must be a multiple of the device's sub-buffer alignment.
     */
    public ShortArray sliceView(int offset, int length) {
        return new ShortArray(this, offset, length);
    }
}
