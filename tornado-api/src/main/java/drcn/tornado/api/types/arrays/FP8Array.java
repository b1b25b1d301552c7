package drcn.tornado.api.types.arrays;

import drcn.tornado.api.types.FP8;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * An off-heap array of 8-bit floats (TornadoVM's class), each stored as the byte of its bits, in either of
 * {@link FP8}'s formats: {@code get} and {@code set} read and write the bits, {@code getE4M3}/{@code setE4M3} and
 * {@code getE5M2}/{@code setE5M2} convert. In a kernel: {@code get}, {@code set} and {@code getSize}, a {@code char*}
 * of signed bytes in C (decode with {@code FP8.e4m3ToFloat(a.get(i))}).
 */
public final class FP8Array extends TornadoNativeArray {
    private static final ValueLayout.OfByte ELEMENT = ValueLayout.JAVA_BYTE;

    /** A zeroed array of {@code numberOfElements} (+0.0 in both formats). */
    public FP8Array(int numberOfElements) {
        super(numberOfElements, Byte.BYTES);
    }

    /** The concatenation of {@code arrays}. */
    public FP8Array(FP8Array... arrays) {
        super(Arrays.stream(arrays).mapToInt(FP8Array::getSize).sum(), Byte.BYTES);
        concatInto(this, arrays);
    }

    private FP8Array(MemorySegment segment) {
        super(segment, Byte.BYTES);
    }

    private FP8Array(FP8Array source, int offset, int length) {
        super(source, offset, length);
    }

    /** A view of existing memory (no copy): how the JVM backend hands device buffers to kernels. */
    public static FP8Array view(MemorySegment segment) {
        return new FP8Array(segment);
    }

    /** A copy of the segment's elements. */
    public static FP8Array fromSegment(MemorySegment segment) {
        return new FP8Array(copyOf(segment));
    }

    /** The segment itself, not copied. */
    public static FP8Array fromSegmentShallow(MemorySegment segment) {
        return new FP8Array(segment);
    }

    /** An array of these values, each rounded to E4M3. */
    public static FP8Array fromFloatsE4M3(float... values) {
        var array = new FP8Array(values.length);
        for (int i = 0; i < values.length; i++) array.setE4M3(i, values[i]);
        return array;
    }

    /** An array of these values, each rounded to E5M2. */
    public static FP8Array fromFloatsE5M2(float... values) {
        var array = new FP8Array(values.length);
        for (int i = 0; i < values.length; i++) array.setE5M2(i, values[i]);
        return array;
    }

    public static FP8Array concat(FP8Array... arrays) {
        return new FP8Array(arrays);
    }

    public void set(int index, byte bits) {
        segment().set(ELEMENT, checkIndex(index), bits);
    }

    public byte get(int index) {
        return segment().get(ELEMENT, checkIndex(index));
    }

    public float getE4M3(int index) {
        return FP8.e4m3ToFloat(get(index));
    }

    /** Stores {@code value} rounded to E4M3. */
    public void setE4M3(int index, float value) {
        set(index, FP8.e4m3FromFloat(value));
    }

    public float getE5M2(int index) {
        return FP8.e5m2ToFloat(get(index));
    }

    /** Stores {@code value} rounded to E5M2. */
    public void setE5M2(int index, float value) {
        set(index, FP8.e5m2FromFloat(value));
    }

    public void init(byte bits) {
        segment().fill(bits);
    }

    /** The bits of every element. */
    public byte[] toHeapArray() {
        var values = new byte[getSize()];
        MemorySegment.copy(segment(), ELEMENT, 0, values, 0, getSize());
        return values;
    }

    /** A copy of elements {@code [offset, offset + length)}. */
    public FP8Array slice(int offset, int length) {
        return new FP8Array(copyOfRange(this, offset, length));
    }

    /** A view of elements {@code [offset, offset + length)} sharing this array's memory (see {@code FloatArray.sliceView}). */
    public FP8Array sliceView(int offset, int length) {
        return new FP8Array(this, offset, length);
    }
}
