package drcn.tornado.api.types.arrays;

import drcn.tornado.api.annotations.Parallel;
import drcn.tornado.api.internal.annotations.ApiKernel;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.IntBuffer;
import java.util.Arrays;

/** An off-heap int array with TornadoVM's methods; in a kernel only {@code get}, {@code set} and {@code getSize}. */
public final class IntArray extends TornadoNativeArray {
    private static final ValueLayout.OfInt ELEMENT = ValueLayout.JAVA_INT;

    /** A zeroed array of {@code numberOfElements}. */
    public IntArray(int numberOfElements) {
        super(numberOfElements, Integer.BYTES);
    }

    /** The concatenation of {@code arrays}. */
    public IntArray(IntArray... arrays) {
        super(Arrays.stream(arrays).mapToInt(IntArray::getSize).sum(), Integer.BYTES);
        concatInto(this, arrays);
    }

    private IntArray(MemorySegment segment) {
        super(segment, Integer.BYTES);
    }

    private IntArray(IntArray source, int offset, int length) {
        super(source, offset, length);
    }

    /**
     * A view of existing memory (no copy): how the JVM backend hands device buffers to kernels.
     * The segment's size must be a multiple of the element size.
     */
    public static IntArray view(MemorySegment segment) {
        return new IntArray(segment);
    }

    public static IntArray fromArray(int[] values) {
        var array = new IntArray(values.length);
        MemorySegment.copy(values, 0, array.segment(), ELEMENT, 0, values.length);
        return array;
    }

    public static IntArray fromElements(int... values) {
        return fromArray(values);
    }

    /** A copy of the segment's elements. */
    public static IntArray fromSegment(MemorySegment segment) {
        return new IntArray(copyOf(segment));
    }

    /** The segment itself, not copied. */
    public static IntArray fromSegmentShallow(MemorySegment segment) {
        return new IntArray(segment);
    }

    public static IntArray fromIntBuffer(IntBuffer buffer) {
        var values = new int[buffer.remaining()];
        buffer.duplicate().get(values);
        return fromArray(values);
    }

    /** Every element = {@code value}; a task's code too ({@code task("t0", IntArray::initialize, array, value)}). */
    @ApiKernel
    public static void initialize(IntArray array, int value) {
        for (@Parallel int i = 0; i < array.getSize(); i++) {
            array.set(i, value);
        }
    }

    public static IntArray concat(IntArray... arrays) {
        return new IntArray(arrays);
    }

    public int get(int index) {
        return segment().getAtIndex(ELEMENT, checkIndex(index));
    }

    public void set(int index, int value) {
        segment().setAtIndex(ELEMENT, checkIndex(index), value);
    }

    public void init(int value) {
        MemorySegment s = segment();
        for (int i = 0; i < getSize(); i++) s.setAtIndex(ELEMENT, i, value);
    }

    public int[] toHeapArray() {
        var values = new int[getSize()];
        MemorySegment.copy(segment(), ELEMENT, 0, values, 0, getSize());
        return values;
    }

    /** Copies {@code values} in; the lengths must match. */
    public void copyFrom(int[] values) {
        if (values.length != getSize()) throw new IllegalArgumentException("length " + values.length + " != " + getSize());
        MemorySegment.copy(values, 0, segment(), ELEMENT, 0, getSize());
    }

    /** A copy of elements {@code [offset, offset + length)}. */
    public IntArray slice(int offset, int length) {
        return new IntArray(copyOfRange(this, offset, length));
    }

    /**
     * A view of elements {@code [offset, offset + length)} that shares this array's memory, on the host and on the
     * device (ours; TornadoVM's {@link #slice} copies). In a task graph the view is a view of its parent's device
     * buffer: its element 0 is the parent's element {@code offset}, and it moves between host and device with its
     * parent. On a device the offset's bytes must be a multiple of the device's sub-buffer alignment.
     */
    public IntArray sliceView(int offset, int length) {
        return new IntArray(this, offset, length);
    }
}
