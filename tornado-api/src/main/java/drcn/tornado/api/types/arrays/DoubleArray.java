package drcn.tornado.api.types.arrays;

import drcn.tornado.api.annotations.Parallel;
import drcn.tornado.api.internal.annotations.ApiKernel;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.DoubleBuffer;
import java.util.Arrays;

/** An off-heap double array with TornadoVM's methods; in a kernel only {@code get}, {@code set} and {@code getSize}. */
public final class DoubleArray extends TornadoNativeArray {
    private static final ValueLayout.OfDouble ELEMENT = ValueLayout.JAVA_DOUBLE;

    /** A zeroed array of {@code numberOfElements}. */
    public DoubleArray(int numberOfElements) {
        super(numberOfElements, Double.BYTES);
    }

    /** The concatenation of {@code arrays}. */
    public DoubleArray(DoubleArray... arrays) {
        super(Arrays.stream(arrays).mapToInt(DoubleArray::getSize).sum(), Double.BYTES);
        concatInto(this, arrays);
    }

    private DoubleArray(MemorySegment segment) {
        super(segment, Double.BYTES);
    }

    private DoubleArray(DoubleArray source, int offset, int length) {
        super(source, offset, length);
    }

    /**
     * A view of existing memory (no copy): how the JVM backend hands device buffers to kernels.
     * The segment's size must be a multiple of the element size.
     */
    public static DoubleArray view(MemorySegment segment) {
        return new DoubleArray(segment);
    }

    public static DoubleArray fromArray(double[] values) {
        var array = new DoubleArray(values.length);
        MemorySegment.copy(values, 0, array.segment(), ELEMENT, 0, values.length);
        return array;
    }

    public static DoubleArray fromElements(double... values) {
        return fromArray(values);
    }

    /** A copy of the segment's elements. */
    public static DoubleArray fromSegment(MemorySegment segment) {
        return new DoubleArray(copyOf(segment));
    }

    /** The segment itself, not copied. */
    public static DoubleArray fromSegmentShallow(MemorySegment segment) {
        return new DoubleArray(segment);
    }

    public static DoubleArray fromDoubleBuffer(DoubleBuffer buffer) {
        var values = new double[buffer.remaining()];
        buffer.duplicate().get(values);
        return fromArray(values);
    }

    /** Every element = {@code value}; a task's code too ({@code task("t0", DoubleArray::initialize, array, value)}). */
    @ApiKernel
    public static void initialize(DoubleArray array, double value) {
        for (@Parallel int i = 0; i < array.getSize(); i++) {
            array.set(i, value);
        }
    }

    public static DoubleArray concat(DoubleArray... arrays) {
        return new DoubleArray(arrays);
    }

    public double get(int index) {
        return segment().getAtIndex(ELEMENT, checkIndex(index));
    }

    public void set(int index, double value) {
        segment().setAtIndex(ELEMENT, checkIndex(index), value);
    }

    public void init(double value) {
        MemorySegment s = segment();
        for (int i = 0; i < getSize(); i++) s.setAtIndex(ELEMENT, i, value);
    }

    public double[] toHeapArray() {
        var values = new double[getSize()];
        MemorySegment.copy(segment(), ELEMENT, 0, values, 0, getSize());
        return values;
    }

    /** Copies {@code values} in; the lengths must match. */
    public void copyFrom(double[] values) {
        if (values.length != getSize()) throw new IllegalArgumentException("length " + values.length + " != " + getSize());
        MemorySegment.copy(values, 0, segment(), ELEMENT, 0, getSize());
    }

    /** A copy of elements {@code [offset, offset + length)}. */
    public DoubleArray slice(int offset, int length) {
        return new DoubleArray(copyOfRange(this, offset, length));
    }

    /**
     * A view of elements {@code [offset, offset + length)} that shares this array's memory, on the host and on the
     * device (ours; TornadoVM's {@link #slice} copies). In a task graph the view is a view of its parent's device
     * buffer: its element 0 is the parent's element {@code offset}, and it moves between host and device with its
     * parent. On a device the offset's bytes must be a multiple of the device's sub-buffer alignment.
     */
    public DoubleArray sliceView(int offset, int length) {
        return new DoubleArray(this, offset, length);
    }
}
