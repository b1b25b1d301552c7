package drcn.kernels.nn;

import drcn.tornado.api.types.arrays.FloatArray;
import drcn.kernels.api.Kernel;
import drcn.kernels.api.Local;
import drcn.tornado.api.KernelContext;

/**
 * Two-pass row sums, the building block of every loss value, norm and the ensemble-weight gradient.
 *
 * <p>Pass 1 (a "partials" kernel, here or in {@link Loss} / {@link Ensemble}): 2D range
 * {@code (groups * GROUP_SIZE, rows)}, local size {@code (GROUP_SIZE, 1)}. Row {@code r} sums
 * {@code size} terms; the items of x-group {@code g} take the terms {@code i = g*GROUP_SIZE + lid + k*groups*GROUP_SIZE}
 * (a grid-stride loop: coalesced, and any {@code groups} works), reduce them in local memory and write
 * {@code partials[r * groups + g]}. Choose {@code groups} to fill the device (e.g. 2-4 per compute
 * unit divided by rows; 1 on a small CPU).
 *
 * <p>Pass 2 ({@link #sumPartials}): one work-group per row adds the row's {@code groups} partials.
 *
 * <p>The reference twins of partials kernels reproduce the same partition of terms over groups
 * (term {@code i} goes to group {@code (i / GROUP_SIZE) % groups}), so partials compare one to one.
 */
public final class Reduction {
    private Reduction() {
    }

    /** Work-group size of every reduction kernel (a power of two). */
    public static final int GROUP_SIZE = 256;

    /**
     * The sum of {@code value} over the work-group, in every item: item {@code lid} stores its value in
     * {@code scratch[lid]}, then each step adds the upper half of the live range onto the lower
     * ({@code scratch[l] += scratch[l + stride]} for {@code l < stride}, stride {@code GROUP_SIZE/2} down to 1), a barrier
     * after each; the sum is {@code scratch[0]}. Every item of the group must call it (barriers); the group is 1D of
     * exactly {@link #GROUP_SIZE} items and {@code scratch} a local array of {@link #GROUP_SIZE} floats.
     */
    public static float groupSum(KernelContext context, @Local float[] scratch, float value) {
        int lid = context.localIdx;
        scratch[lid] = value;
        context.localBarrier();
        for (int stride = GROUP_SIZE / 2; stride > 0; stride = stride / 2) {
            if (lid < stride) {
                scratch[lid] += scratch[lid + stride];
            }
            context.localBarrier();
        }
        return scratch[0];
    }

    /** The group that the grid-stride loop of a partials kernel gives term {@code i} to. */
    public static int groupOf(int i, int groups) {
        return (i / GROUP_SIZE) % groups;
    }

    /**
     * {@code result[o + r] = (accumulate != 0 ? result[o + r] : 0) + scale * sum_{g < groups} partials[r * groups + g]}
     * with {@code o = resultOffset} (so several sums land in one buffer, e.g. DRCN's D + 2 loss terms).
     * Range: 1D {@code rows * GROUP_SIZE}, local size exactly {@link #GROUP_SIZE}; work-group {@code r} sums row r.
     */
    @Kernel
    public static void sumPartials(KernelContext context, FloatArray partials, FloatArray result,
                                   int groups, int rows, float scale, int accumulate, int resultOffset) {
        float[] scratch = context.allocateFloatLocalArray(GROUP_SIZE);
        int row = context.groupIdx;
        int lid = context.localIdx;
        if (row >= rows) {
            return;
        }
        float sum = 0.0f;
        for (int g = lid; g < groups; g += GROUP_SIZE) {
            sum += partials.get(row * groups + g);
        }
        float total = groupSum(context, scratch, sum);
        if (lid == 0) {
            float value = scale * total;
            if (accumulate != 0) {
                value = result.get(resultOffset + row) + value;
            }
            result.set(resultOffset + row, value);
        }
    }

    /** Reference twin of {@link #sumPartials}. */
    public static void sumPartialsReference(float[] partials, float[] result, int groups, int rows, float scale, int accumulate,
                                            int resultOffset) {
        for (int r = 0; r < rows; r++) {
            float sum = 0f;
            for (int g = 0; g < groups; g++) sum += partials[r * groups + g];
            int o = resultOffset + r;
            result[o] = (accumulate != 0 ? result[o] : 0f) + scale * sum;
        }
    }

    /**
     * Pass 1 of {@code sum_i x[r * size + i]^2} per row (||W||^2 for the weight decay term, the global
     * gradient norm for clipping): writes {@code partials[r * groups + g]}. Range and local size: see the class comment.
     */
    @Kernel
    public static void sumOfSquaresPartials(KernelContext context, FloatArray x, FloatArray partials, int size, int groups) {
        float[] scratch = context.allocateFloatLocalArray(GROUP_SIZE);
        int row = context.globalIdy;
        int base = row * size;
        float sum = 0.0f;
        for (int i = context.globalIdx; i < size; i += groups * GROUP_SIZE) {
            float v = x.get(base + i);
            sum = Math.fma(v, v, sum);
        }
        float total = groupSum(context, scratch, sum);
        if (context.localIdx == 0) {
            partials.set(row * groups + context.groupIdx, total);
        }
    }

    /** Reference twin of {@link #sumOfSquaresPartials} over {@code rows} rows. */
    public static void sumOfSquaresPartialsReference(float[] x, float[] partials, int size, int rows, int groups) {
        java.util.Arrays.fill(partials, 0, rows * groups, 0f);
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < size; i++) {
                float v = x[r * size + i];
                partials[r * groups + groupOf(i, groups)] += v * v;
            }
        }
    }
}
