package drcn.tornado.api.types.arrays;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * An off-heap array of signed bytes (TornadoVM's class for int8 data, e.g. quantized weights); in a kernel as a
 * {@link ByteArray} ({@code get}, {@code set}, {@code getSize}; {@code utils.QuantizationUtils.dp4a}).
 */
public final class Int8Array extends TornadoNativeArray {
    private static final ValueLayout.OfByte ELEMENT = ValueLayout.JAVA_BYTE;

    /** A zeroed array of {@code numberOfElements}. */
    public Int8Array(int numberOfElements) {
        super(numberOfElements, Byte.BYTES);
    }

    /** The concatenation of {@code arrays}. */
    public Int8Array(Int8Array... arrays) {
        super(Arrays.stream(arrays).mapToInt(Int8Array::getSize).sum(), Byte.BYTES);
        concatInto(this, arrays);
    }

    private Int8Array(MemorySegment segment) {
        super(segment, Byte.BYTES);
    }

    private Int8Array(Int8Array source, int offset, int length) {
        super(source, offset, length);
    }

    public static Int8Array fromArray(byte[] values) {
        var array = new Int8Array(values.length);
        MemorySegment.copy(values, 0, array.segment(), ELEMENT, 0, values.length);
        return array;
    }

    public static Int8Array fromElements(byte... values) {
        return fromArray(values);
    }

    /** A copy of the segment's elements. */
    public static Int8Array fromSegment(MemorySegment segment) {
        return new Int8Array(copyOf(segment));
    }

    /** A view of existing memory (no copy): how the JVM backend hands device buffers to kernels. */
    public static Int8Array view(MemorySegment segment) {
        return new Int8Array(segment);
    }

    /** The segment itself, not copied. */
    public static Int8Array fromSegmentShallow(MemorySegment segment) {
        return new Int8Array(segment);
    }

    public static void initialize(Int8Array array, byte value) {
        array.init(value);
    }

    public static Int8Array concat(Int8Array... arrays) {
        return new Int8Array(arrays);
    }

    public byte get(int index) {
        return segment().get(ELEMENT, checkIndex(index));
    }

    public void set(int index, byte value) {
        segment().set(ELEMENT, checkIndex(index), value);
    }

    public void init(byte value) {
        segment().fill(value);
    }

    public byte[] toHeapArray() {
        var values = new byte[getSize()];
        MemorySegment.copy(segment(), ELEMENT, 0, values, 0, getSize());
        return values;
    }

    /** A copy of elements {@code [offset, offset + length)}. */
    public Int8Array slice(int offset, int length) {
        return new Int8Array(copyOfRange(this, offset, length));
    }

    /** A view of elements {@code [offset, offset + length)} sharing this array's memory (see {@code FloatArray.sliceView}). */
    public Int8Array sliceView(int offset, int length) {
        return new Int8Array(this, offset, length);
    }
}
