package drcn.tornado.api.types.arrays;

import drcn.tornado.api.annotations.Parallel;
import drcn.tornado.api.internal.annotations.ApiKernel;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.FloatBuffer;
import java.util.Arrays;

/** An off-heap float array with TornadoVM's methods; in a kernel only {@code get}, {@code set} and {@code getSize}. */
public final class FloatArray extends TornadoNativeArray {
    private static final ValueLayout.OfFloat ELEMENT = ValueLayout.JAVA_FLOAT;

    /** A zeroed array of {@code numberOfElements}. */
    public FloatArray(int numberOfElements) {
        super(numberOfElements, Float.BYTES);
    }

    /** The concatenation of {@code arrays}. */
    public FloatArray(FloatArray... arrays) {
        super(Arrays.stream(arrays).mapToInt(FloatArray::getSize).sum(), Float.BYTES);
        concatInto(this, arrays);
    }

    private FloatArray(MemorySegment segment) {
        super(segment, Float.BYTES);
    }

    private FloatArray(FloatArray source, int offset, int length) {
        super(source, offset, length);
    }

    /**
     * A view of existing memory (no copy): how the JVM backend hands device buffers to kernels.
     * The segment's size must be a multiple of the element size.
     */
    public static FloatArray view(MemorySegment segment) {
        return new FloatArray(segment);
    }

    public static FloatArray fromArray(float[] values) {
        var array = new FloatArray(values.length);
        MemorySegment.copy(values, 0, array.segment(), ELEMENT, 0, values.length);
        return array;
    }

    public static FloatArray fromElements(float... values) {
        return fromArray(values);
    }

    /** A copy of the segment's elements. */
    public static FloatArray fromSegment(MemorySegment segment) {
        return new FloatArray(copyOf(segment));
    }

    /** The segment itself, not copied. */
    public static FloatArray fromSegmentShallow(MemorySegment segment) {
        return new FloatArray(segment);
    }

    public static FloatArray fromFloatBuffer(FloatBuffer buffer) {
        var values = new float[buffer.remaining()];
        buffer.duplicate().get(values);
        return fromArray(values);
    }

    /** Every element = {@code value}; a task's code too ({@code task("t0", FloatArray::initialize, array, value)}). */
    @ApiKernel
    public static void initialize(FloatArray array, float value) {
        for (@Parallel int i = 0; i < array.getSize(); i++) {
            array.set(i, value);
        }
    }

    public static FloatArray concat(FloatArray... arrays) {
        return new FloatArray(arrays);
    }

    public float get(int index) {
        return segment().getAtIndex(ELEMENT, checkIndex(index));
    }

    public void set(int index, float value) {
        segment().setAtIndex(ELEMENT, checkIndex(index), value);
    }

    public void init(float value) {
        MemorySegment s = segment();
        for (int i = 0; i < getSize(); i++) s.setAtIndex(ELEMENT, i, value);
    }

    public float[] toHeapArray() {
        var values = new float[getSize()];
        MemorySegment.copy(segment(), ELEMENT, 0, values, 0, getSize());
        return values;
    }

    /** Copies {@code values} in; the lengths must match. */
    public void copyFrom(float[] values) {
        if (values.length != getSize()) throw new IllegalArgumentException("length " + values.length + " != " + getSize());
        MemorySegment.copy(values, 0, segment(), ELEMENT, 0, getSize());
    }

    /** A copy of elements {@code [offset, offset + length)}. */
    public FloatArray slice(int offset, int length) {
        return new FloatArray(copyOfRange(this, offset, length));
    }

    /**
     * A view of elements {@code [offset, offset + length)} that shares this array's memory, on the host and on the
     * device (ours; TornadoVM's {@link #slice} copies). In a task graph the view is a view of its parent's device
     * buffer: its element 0 is the parent's element {@code offset}, and it moves between host and device with its
     * parent. On a device the offset's bytes must be a multiple of the device's sub-buffer alignment.
     */
    public FloatArray sliceView(int offset, int length) {
        return new FloatArray(this, offset, length);
    }
}
