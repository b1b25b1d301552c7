package drcn.tornado.api.types.arrays;

import drcn.tornado.api.annotations.Parallel;
import drcn.tornado.api.internal.annotations.ApiKernel;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.LongBuffer;
import java.util.Arrays;

/** An off-heap long array with TornadoVM's methods; in a kernel only {@code get}, {@code set} and {@code getSize}. */
public final class LongArray extends TornadoNativeArray {
    private static final ValueLayout.OfLong ELEMENT = ValueLayout.JAVA_LONG;

    /** A zeroed array of {@code numberOfElements}. */
    public LongArray(int numberOfElements) {
        super(numberOfElements, Long.BYTES);
    }

    /** The concatenation of {@code arrays}. */
    public LongArray(LongArray... arrays) {
        super(Arrays.stream(arrays).mapToInt(LongArray::getSize).sum(), Long.BYTES);
        concatInto(this, arrays);
    }

    private LongArray(MemorySegment segment) {
        super(segment, Long.BYTES);
    }

    private LongArray(LongArray source, int offset, int length) {
        super(source, offset, length);
    }

    /**
     * A view of existing memory (no copy): how the JVM backend hands device buffers to kernels.
     * The segment's size must be a multiple of the element size.
     */
    public static LongArray view(MemorySegment segment) {
        return new LongArray(segment);
    }

    public static LongArray fromArray(long[] values) {
        var array = new LongArray(values.length);
        MemorySegment.copy(values, 0, array.segment(), ELEMENT, 0, values.length);
        return array;
    }

    public static LongArray fromElements(long... values) {
        return fromArray(values);
    }

    /** A copy of the segment's elements. */
    public static LongArray fromSegment(MemorySegment segment) {
        return new LongArray(copyOf(segment));
    }

    /** The segment itself, not copied. */
    public static LongArray fromSegmentShallow(MemorySegment segment) {
        return new LongArray(segment);
    }

    public static LongArray fromLongBuffer(LongBuffer buffer) {
        var values = new long[buffer.remaining()];
        buffer.duplicate().get(values);
        return fromArray(values);
    }

    /** Every element = {@code value}; a task's code too ({@code task("t0", LongArray::initialize, array, value)}). */
    @ApiKernel
    public static void initialize(LongArray array, long value) {
        for (@Parallel int i = 0; i < array.getSize(); i++) {
            array.set(i, value);
        }
    }

    public static LongArray concat(LongArray... arrays) {
        return new LongArray(arrays);
    }

    public long get(int index) {
        return segment().getAtIndex(ELEMENT, checkIndex(index));
    }

    public void set(int index, long value) {
        segment().setAtIndex(ELEMENT, checkIndex(index), value);
    }

    public void init(long value) {
        MemorySegment s = segment();
        for (int i = 0; i < getSize(); i++) s.setAtIndex(ELEMENT, i, value);
    }

    public long[] toHeapArray() {
        var values = new long[getSize()];
        MemorySegment.copy(segment(), ELEMENT, 0, values, 0, getSize());
        return values;
    }

    /** Copies {@code values} in; the lengths must match. */
    public void copyFrom(long[] values) {
        if (values.length != getSize()) throw new IllegalArgumentException("length " + values.length + " != " + getSize());
        MemorySegment.copy(values, 0, segment(), ELEMENT, 0, getSize());
    }

    /** A copy of elements {@code [offset, offset + length)}. */
    public LongArray slice(int offset, int length) {
        return new LongArray(copyOfRange(this, offset, length));
    }

    /**
     * A view of elements {@code [offset, offset + length)} that shares this array's memory, on the host and on the
     * device (ours; TornadoVM's {@link #slice} copies). In a task graph the view is a view of its parent's device
     * buffer: its element 0 is the parent's element {@code offset}, and it moves between host and device with its
     * parent. On a device the offset's bytes must be a multiple of the device's sub-buffer alignment.
     */
    public LongArray sliceView(int offset, int length) {
        return new LongArray(this, offset, length);
    }
}
