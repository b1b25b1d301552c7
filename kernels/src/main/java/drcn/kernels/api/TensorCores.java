package drcn.kernels.api;

import drcn.tornado.api.KernelContext;

/**
 * Tensor-core calls of our own kernel language that TornadoVM has none of: the TF32 mma.sync (m16n8k8, f32
 * accumulator) and the TF32 rounding, the basis of 3xTF32 GEMMs that reach fp32 accuracy on tensor cores
 * ({@code x = big + small}, {@code big = roundTf32(x)}, {@code small = x - big};
 * {@code A B ~ big(A) big(B) + big(A) small(B) + small(A) big(B)}).
 *
 * <p>TF32 keeps float's sign and 8-bit exponent and the 10 leading mantissa bits. {@link #roundTf32} rounds to it
 * as PTX's {@code cvt.rna.tf32.f32} does: to nearest, ties away from zero (infinities and NaN stay). {@link #mmaTf32}
 * rounds each A and B element so before it multiplies, on every backend (the device code rounds explicitly, so what
 * mma.sync does with the 13 low bits does not matter): the products are then exact in fp32 (11 x 11 significant
 * bits) and are added to the accumulator in fp32 in the order k = 0 .. 7 (the hardware's order and intermediate
 * precision are its own: results agree to rounding).
 *
 * <p>Fragments follow the PTX ISA's m16n8k8 .tf32 layouts: with lane = local linear id % 32, g = lane / 4 and
 * t = lane % 4, A's element i (of 4) is at row g + 8 (i % 2), column t + 4 (i / 2); B's element i (of 2) at k t + 4i,
 * column g; the accumulator is KernelContext's m16n8 fragment ({@code mmaFragment}, {@code mmaStore}: element i at row
 * g + 8 (i / 2), column 2t + i % 2). Every fragment is a float[] holding those elements, on every backend, so it may
 * be indexed. The mma is warp-collective as KernelContext's are: on the JVM every work-item of the group makes the
 * same calls, in groups of a multiple of 32; CUDA C runs it as mma.sync (compute capability 8.0); OpenCL rejects the
 * kernel before any launch.
 */
public final class TensorCores {
    private TensorCores() {
    }

    /** {@code x} rounded to TF32: to nearest with ties away from zero, the 13 low mantissa bits then zero. */
    public static float roundTf32(float x) {
        int bits = Float.floatToRawIntBits(x);
        if ((bits & 0x7F800000) == 0x7F800000) return x; // infinity, NaN
        // adding half of the dropped field's unit to the magnitude's bits rounds it half away from zero (a carry may
        // reach the exponent: the next binade, or infinity past the largest TF32)
        return Float.intBitsToFloat((bits + 0x1000) & 0xFFFFE000);
    }

    /** This lane's A fragment of the 16 x 8 tile at {@code tile[offset]}, {@code stride} elements between rows (a local array). */
    public static float[] loadATf32(KernelContext context, float[] tile, int offset, int stride) {
        int lane = lane(context), g = lane >> 2, t = lane & 3;
        float[] f = new float[4];
        for (int i = 0; i < 4; i++) f[i] = tile[offset + (g + 8 * (i & 1)) * stride + t + 4 * (i >> 1)];
        return f;
    }

    /** This lane's B fragment of the 8 x 8 tile at {@code tile[offset]}, row k at {@code offset + k * stride} (a local array). */
    public static float[] loadBTf32(KernelContext context, float[] tile, int offset, int stride) {
        int lane = lane(context), g = lane >> 2, t = lane & 3;
        return new float[] {tile[offset + t * stride + g], tile[offset + (t + 4) * stride + g]};
    }

    /** {@code D = roundTf32(A) roundTf32(B) + C} over the warp (mma.sync.m16n8k8.row.col.f32.tf32.tf32.f32). */
    public static float[] mmaTf32(KernelContext context, float[] a, float[] b, float[] c) {
        int[] mine = new int[6];
        for (int i = 0; i < 4; i++) mine[i] = Float.floatToRawIntBits(roundTf32(a[i]));
        for (int i = 0; i < 2; i++) mine[4 + i] = Float.floatToRawIntBits(roundTf32(b[i]));
        int[] warp = context.warpGather(mine);
        int lane = lane(context);
        float[] d = new float[4];
        for (int i = 0; i < 4; i++) {
            int row = (lane >> 2) + 8 * (i >> 1), col = 2 * (lane & 3) + (i & 1);
            float acc = c[i];
            for (int k = 0; k < 8; k++) {
                // A (row, k): lane 4 (row % 8) + k % 4, element (row / 8) + 2 (k / 4); B (k, col): lane 4 col + k % 4, element k / 4
                float x = Float.intBitsToFloat(warp[KernelContext.MMA_SLOTS * (4 * (row & 7) + (k & 3)) + (row >> 3) + 2 * (k >> 2)]);
                float y = Float.intBitsToFloat(warp[KernelContext.MMA_SLOTS * (4 * col + (k & 3)) + 4 + (k >> 2)]);
                acc += x * y;
            }
            d[i] = acc;
        }
        return d;
    }

    private static int lane(KernelContext context) {
        return (context.localIdx + context.localGroupSizeX * (context.localIdy + context.localGroupSizeY * context.localIdz)) % 32;
    }
}
