package drcn.kernels.suite;

import drcn.tornado.api.types.arrays.FloatArray;
import drcn.kernels.Index;
import drcn.kernels.api.Kernel;
import drcn.kernels.api.Local;
import drcn.tornado.api.KernelContext;

/**
 * Helper calls: a helper in another class ({@link SuiteMath#clampIndex}), an overloaded helper pair
 * ({@code scale(int,int)} / {@code scale(float,float)}, plus a same-named helper in SuiteMath), a void
 * helper writing a global array, a helper taking a FloatArray, helpers taking a private array
 * ({@code float[]}: one writes it, one reads it and its length), helpers taking the kernel's local array
 * ({@code @Local float[]}: one passes it on to the other, with barriers between), locals with names C reserves
 * ({@code half}, {@code kernel}, {@code local}), static final constants and a private array; helpers of
 * another module ({@link Index}, compiled with the kernels' main code: linked through its kernel IR).
 *
 * <p>Launch {@link #blur} over a 1D global range of at least {@code n} (any local size):
 * {@code in} and {@code out} of size n, n at least 1. Launch {@link #groupSums} over a 1D global range of a multiple
 * of {@link #GROUP} at least {@code n}, local size {@link #GROUP}.
 */
public final class HelperKernels {
    private HelperKernels() {}

    static final int TAPS = 3;
    static final float CENTER = 0.5f;
    static final int SHIFT = TAPS - 2; // folded by javac into 1

    static int scale(int v, int by) {
        return v * by;
    }

    static float scale(float v, float by) {
        return v * by;
    }

    static float sumRange(FloatArray a, int from, int to) {
        float sum = 0f;
        for (int j = from; j < to; j++) sum += a.get(j);
        return sum;
    }

    static void store(FloatArray out, int i, float value) {
        out.set(i, value);
    }

    /** Writes the caller's private array: {@code [side, center, side]}. */
    static void setWeights(float[] weights, float side, float center) {
        weights[0] = side;
        weights[1] = center;
        weights[2] = side;
    }

    /** Reads the caller's private array and its length: the weighted sum of {@code in} around {@code i}, clamped. */
    static float weightedSum(float[] weights, FloatArray in, int i, int n) {
        float sum = 0f;
        for (int k = 0; k < weights.length; k++) {
            sum += weights[k] * in.get(SuiteMath.clampIndex(i + k - SHIFT, 0, n - 1));
        }
        return sum;
    }

    /** Work-group size of {@link #groupSums}. */
    public static final int GROUP = 64;

    /** Writes one element of the caller's local array (a local array passed on from helper to helper). */
    static void put(@Local float[] partial, int i, float value) {
        partial[i] = value;
    }

    /**
     * The sum of {@code value} over the work-group: stored at {@code partial[lid]}, then
     * {@code partial[l] += partial[l + stride]} for {@code l < stride}, stride {@code partial.length / 2} down to 1.
     */
    static float treeSum(KernelContext context, @Local float[] partial, float value) {
        int lid = context.localIdx;
        put(partial, lid, value);
        context.localBarrier();
        for (int stride = partial.length / 2; stride > 0; stride = stride / 2) {
            if (lid < stride) {
                put(partial, lid, partial[lid] + partial[lid + stride]);
            }
            context.localBarrier();
        }
        return partial[0];
    }

    /** {@code sums[g]} = the sum of {@code in[g * GROUP + l]} over {@code l < GROUP} (0 past n), in {@link #treeSum}'s order. */
    @Kernel
    public static void groupSums(KernelContext context, FloatArray in, FloatArray sums, int n) {
        float[] partial = context.allocateFloatLocalArray(GROUP);
        int i = context.globalIdx;
        float total = treeSum(context, partial, i < n ? in.get(i) : 0f);
        if (context.localIdx == 0) {
            sums.set(context.groupIdx, total);
        }
    }

    /** Reference twin of {@link #groupSums} over {@code groups} groups: the same tree, so the same float sums. */
    public static void groupSumsReference(float[] in, float[] sums, int n, int groups) {
        float[] partial = new float[GROUP];
        for (int g = 0; g < groups; g++) {
            for (int l = 0; l < GROUP; l++) partial[l] = g * GROUP + l < n ? in[g * GROUP + l] : 0f;
            for (int stride = GROUP / 2; stride > 0; stride /= 2) {
                for (int l = 0; l < stride; l++) partial[l] += partial[l + stride];
            }
            sums[g] = partial[0];
        }
    }

    @Kernel
    public static void blur(KernelContext context, FloatArray in, FloatArray out, int n) {
        int i = context.globalIdx;
        if (i >= n) return;
        float[] weights = new float[TAPS];
        float half = (1f - CENTER) / 2;
        setWeights(weights, half, CENTER);
        // weights.length of a private array declared here is its constant size (3): the division is by 1
        float kernel = weightedSum(weights, in, i, n) / (weights.length - 2);
        int local = scale(i, 2);
        float window = sumRange(in, Math.max(0, i - 1), Math.min(n, i + 2));
        store(out, i, scale(kernel, 2f) + SuiteMath.scale(window, 0.5f) + local * 0.001f);
    }

    /** Sums of blocks of {@code block} inputs: work-item b writes the sum of {@code in[b * block .. min(n, (b + 1) * block))}. */
    @Kernel
    public static void blockSums(KernelContext context, FloatArray in, FloatArray sums, int n, int block) {
        int b = context.globalIdx;
        if (b >= Index.ceilDiv(n, block)) return;
        float sum = 0f;
        for (int j = b * block; j < Math.min(n, b * block + block); j++) sum += in.get(j);
        sums.set(b, sum + Index.roundUp(n, block));
    }

    public static void blockSumsReference(float[] in, float[] sums, int n, int block) {
        for (int b = 0; b * block < n; b++) {
            float sum = 0f;
            for (int j = b * block; j < Math.min(n, b * block + block); j++) sum += in[j];
            sums[b] = sum + (n + block - 1) / block * block;
        }
    }

    public static void blurReference(float[] in, float[] out, int n) {
        float[] weights = {0.25f, 0.5f, 0.25f};
        for (int i = 0; i < n; i++) {
            float kernel = 0f;
            for (int k = 0; k < 3; k++) kernel += weights[k] * in[Math.min(Math.max(i + k - 1, 0), n - 1)];
            float window = 0f;
            for (int j = Math.max(0, i - 1); j < Math.min(n, i + 2); j++) window += in[j];
            out[i] = kernel * 2f + (window * 0.5f + 0.25f) + (i * 2) * 0.001f;
        }
    }
}
