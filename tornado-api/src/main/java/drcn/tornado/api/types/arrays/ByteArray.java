package drcn.tornado.api.types.arrays;

import drcn.tornado.api.annotations.Parallel;
import drcn.tornado.api.internal.annotations.ApiKernel;
import drcn.tornado.api.types.HalfFloat;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.util.Arrays;

/** An off-heap byte array with TornadoVM's methods; in a kernel only {@code get}, {@code set} and {@code getSize}. */
public final class ByteArray extends TornadoNativeArray {
    private static final ValueLayout.OfByte ELEMENT = ValueLayout.JAVA_BYTE;

    /** A zeroed array of {@code numberOfElements}. */
    public ByteArray(int numberOfElements) {
        super(numberOfElements, Byte.BYTES);
    }

    /** The concatenation of {@code arrays}. */
    public ByteArray(ByteArray... arrays) {
        super(Arrays.stream(arrays).mapToInt(ByteArray::getSize).sum(), Byte.BYTES);
        concatInto(this, arrays);
    }

    private ByteArray(MemorySegment segment) {
        super(segment, Byte.BYTES);
    }

    private ByteArray(ByteArray source, int offset, int length) {
        super(source, offset, length);
    }

    /**
     * A view of existing memory (no copy): how the JVM backend hands device buffers to kernels.
     * The segment's size must be a multiple of the element size.
     */
    public static ByteArray view(MemorySegment segment) {
        return new ByteArray(segment);
    }

    public static ByteArray fromArray(byte[] values) {
        var array = new ByteArray(values.length);
        MemorySegment.copy(values, 0, array.segment(), ELEMENT, 0, values.length);
        return array;
    }

    public static ByteArray fromElements(byte... values) {
        return fromArray(values);
    }

    /** A copy of the segment's elements. */
    public static ByteArray fromSegment(MemorySegment segment) {
        return new ByteArray(copyOf(segment));
    }

    /** The segment itself, not copied. */
    public static ByteArray fromSegmentShallow(MemorySegment segment) {
        return new ByteArray(segment);
    }

    public static ByteArray fromByteBuffer(ByteBuffer buffer) {
        var values = new byte[buffer.remaining()];
        buffer.duplicate().get(values);
        return fromArray(values);
    }

    /** Every element = {@code value}; a task's code too ({@code task("t0", ByteArray::initialize, array, value)}). */
    @ApiKernel
    public static void initialize(ByteArray array, byte value) {
        for (@Parallel int i = 0; i < array.getSize(); i++) {
            array.set(i, value);
        }
    }

    public static ByteArray concat(ByteArray... arrays) {
        return new ByteArray(arrays);
    }

    public byte get(int index) {
        return segment().getAtIndex(ELEMENT, checkIndex(index));
    }

    public void set(int index, byte value) {
        segment().setAtIndex(ELEMENT, checkIndex(index), value);
    }

    public void init(byte value) {
        MemorySegment s = segment();
        for (int i = 0; i < getSize(); i++) s.setAtIndex(ELEMENT, i, value);
    }

    public byte[] toHeapArray() {
        var values = new byte[getSize()];
        MemorySegment.copy(segment(), ELEMENT, 0, values, 0, getSize());
        return values;
    }

    /** Copies {@code values} in; the lengths must match. */
    public void copyFrom(byte[] values) {
        if (values.length != getSize()) throw new IllegalArgumentException("length " + values.length + " != " + getSize());
        MemorySegment.copy(values, 0, segment(), ELEMENT, 0, getSize());
    }

    /** Stores a half float's two bytes at {@code byteIndex} (a multiple of 2), in native byte order (TornadoVM's typed access). */
    public void setHalfFloat(int byteIndex, HalfFloat value) {
        segment().set(ValueLayout.JAVA_SHORT_UNALIGNED, halfFloatOffset(byteIndex), value.getHalfFloatValue());
    }

    /** The half float whose two bytes start at {@code byteIndex} (a multiple of 2). */
    public HalfFloat getHalfFloat(int byteIndex) {
        return new HalfFloat(segment().get(ValueLayout.JAVA_SHORT_UNALIGNED, halfFloatOffset(byteIndex)));
    }

    private long halfFloatOffset(int byteIndex) {
        if (byteIndex % 2 != 0) throw new IllegalArgumentException("a half float must start at an even byte index, not " + byteIndex);
        if (byteIndex < 0 || byteIndex + 2 > getSize()) {
            throw new IndexOutOfBoundsException("bytes " + byteIndex + ".." + (byteIndex + 1) + " are outside a ByteArray of " + getSize());
        }
        return byteIndex;
    }

    /** A copy of elements {@code [offset, offset + length)}. */
    public ByteArray slice(int offset, int length) {
        return new ByteArray(copyOfRange(this, offset, length));
    }

    /**
     * A view of elements {@code [offset, offset + length)} that shares this array's memory, on the host and on the
     * device (ours; TornadoVM's {@link #slice} copies). In a task graph the view is a view of its parent's device
     * buffer: its element 0 is the parent's element {@code offset}, and it moves between host and device with its
     * parent. On a device the offset's bytes must be a multiple of the device's sub-buffer alignment.
     */
    public ByteArray sliceView(int offset, int length) {
        return new ByteArray(this, offset, length);
    }
}
