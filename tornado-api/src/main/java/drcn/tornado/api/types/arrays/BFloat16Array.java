package drcn.tornado.api.types.arrays;

import drcn.tornado.api.types.BFloat16;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * An off-heap array of bfloat16 values (TornadoVM's class), each stored as its 16 bits; {@code get} and {@code set}
 * read and write the bits, {@code getFloat} and {@code setFloat} convert ({@link BFloat16}). In a kernel: {@code get},
 * {@code set} and {@code getSize}, a {@code short*} in C.
 */
public final class BFloat16Array extends TornadoNativeArray {
    private static final ValueLayout.OfShort ELEMENT = ValueLayout.JAVA_SHORT;

    /** A zeroed array of {@code numberOfElements} (+0.0). */
    public BFloat16Array(int numberOfElements) {
        super(numberOfElements, Short.BYTES);
    }

    /** The concatenation of {@code arrays}. */
    public BFloat16Array(BFloat16Array... arrays) {
        super(Arrays.stream(arrays).mapToInt(BFloat16Array::getSize).sum(), Short.BYTES);
        concatInto(this, arrays);
    }

    private BFloat16Array(MemorySegment segment) {
        super(segment, Short.BYTES);
    }

    private BFloat16Array(BFloat16Array source, int offset, int length) {
        super(source, offset, length);
    }

    /** A view of existing memory (no copy): how the JVM backend hands device buffers to kernels. */
    public static BFloat16Array view(MemorySegment segment) {
        return new BFloat16Array(segment);
    }

    /** An array holding these bfloat16 bit patterns. */
    public static BFloat16Array fromShorts(short... bits) {
        var array = new BFloat16Array(bits.length);
        MemorySegment.copy(bits, 0, array.segment(), ELEMENT, 0, bits.length);
        return array;
    }

    /** An array of these values, each rounded to bfloat16. */
    public static BFloat16Array fromFloats(float... values) {
        var array = new BFloat16Array(values.length);
        for (int i = 0; i < values.length; i++) array.setFloat(i, values[i]);
        return array;
    }

    /** A copy of the segment's elements. */
    public static BFloat16Array fromSegment(MemorySegment segment) {
        return new BFloat16Array(copyOf(segment));
    }

    /** The segment itself, not copied. */
    public static BFloat16Array fromSegmentShallow(MemorySegment segment) {
        return new BFloat16Array(segment);
    }

    public static BFloat16Array concat(BFloat16Array... arrays) {
        return new BFloat16Array(arrays);
    }

    public static void initialize(BFloat16Array array, short bits) {
        array.init(bits);
    }

    /** The bits of every element. */
    public short[] toShortArray() {
        var values = new short[getSize()];
        MemorySegment.copy(segment(), ELEMENT, 0, values, 0, getSize());
        return values;
    }

    public void set(int index, short bits) {
        segment().setAtIndex(ELEMENT, checkIndex(index), bits);
    }

    public short get(int index) {
        return segment().getAtIndex(ELEMENT, checkIndex(index));
    }

    /** Stores {@code value} rounded to bfloat16. */
    public void setFloat(int index, float value) {
        set(index, BFloat16.bf16FromFloat(value));
    }

    public float getFloat(int index) {
        return BFloat16.bf16ToFloat(get(index));
    }

    public void init(short bits) {
        MemorySegment s = segment();
        for (int i = 0; i < getSize(); i++) s.setAtIndex(ELEMENT, i, bits);
    }

    /** A copy of elements {@code [offset, offset + length)}. */
    public BFloat16Array slice(int offset, int length) {
        return new BFloat16Array(copyOfRange(this, offset, length));
    }

    /** A view of elements {@code [offset, offset + length)} sharing this array's memory (see {@code FloatArray.sliceView}). */
    public BFloat16Array sliceView(int offset, int length) {
        return new BFloat16Array(this, offset, length);
    }
}
