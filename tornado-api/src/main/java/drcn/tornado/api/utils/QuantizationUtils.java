package drcn.tornado.api.utils;

import drcn.tornado.api.types.arrays.Int8Array;

/**
 * TornadoVM's operators on 8-bit quantized data (Q8_0): int8 dot products of four elements (CUDA's and OpenCL's
 * dp4a) and the dequantization of their sums. Kernels call them; the kernel compiler expands each call in place as
 * these methods compute (every argument but {@code c} read once per element, so they must be free of side effects).
 */
public final class QuantizationUtils {
    private QuantizationUtils() {}

    /** {@code c + a[offsetA] * b[offsetB] + ... + a[offsetA + 3] * b[offsetB + 3]}, in int. */
    public static int dp4a(Int8Array a, long offsetA, Int8Array b, long offsetB, int c) {
        if (a.getSize() < offsetA + 4 || b.getSize() < offsetB + 4) {
            throw new IllegalArgumentException("Array slice is out of bounds for the given offset.");
        }
        int dotProduct = 0;
        for (int i = 0; i < 4; i++) dotProduct += a.get((int) offsetA + i) * b.get((int) offsetB + i);
        return c + dotProduct;
    }

    /** As {@link #dp4a(Int8Array, long, Int8Array, long, int)} with a local or private {@code byte[]} as its second operand. */
    public static int dp4a(Int8Array aGlobal, long offsetA, byte[] bLocal, long offsetB, int c) {
        if (aGlobal.getSize() < offsetA + 4 || bLocal.length < offsetB + 4) {
            throw new IllegalArgumentException("Array slice is out of bounds for the given offset.");
        }
        int dotProduct = 0;
        for (int i = 0; i < 4; i++) dotProduct += aGlobal.get((int) offsetA + i) * bLocal[(int) offsetB + i];
        return c + dotProduct;
    }

    /** {@code (float) dotProductResult * wScale * xScale}. */
    public static float dequantizeFusedResult(int dotProductResult, float wScale, float xScale) {
        return (float) dotProductResult * wScale * xScale;
    }

    /** {@code c} plus the dot product of the four signed bytes packed in {@code a} and in {@code b} (byte i: bits 8i..8i+7). */
    public static int dp4a_packed(int a, int b, int c) {
        int sum = c;
        for (int i = 0; i < 4; i++) {
            byte aByte = (byte) ((a >> (i * 8)) & 0xFF);
            byte bByte = (byte) ((b >> (i * 8)) & 0xFF);
            sum += aByte * bByte;
        }
        return sum;
    }
}
