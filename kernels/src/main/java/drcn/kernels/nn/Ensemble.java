package drcn.kernels.nn;

import drcn.tornado.api.types.arrays.FloatArray;
import drcn.kernels.api.Kernel;
import drcn.tornado.api.KernelContext;

/**
 * DRCN's output: a learned weighted sum of the D predictions, {@code out[i] = sum_d w[d] * pred[d][i]},
 * with predictions laid out {@code [D][size]} ({@code size = N*H*W}).
 */
public final class Ensemble {
    private Ensemble() {
    }

    /** Work-group size of {@link #ensembleBackward}: {@link Reduction#groupSum}'s. */
    public static final int GROUP_SIZE = Reduction.GROUP_SIZE;

    /**
     * {@code output[i] = sum_{d < depth} weights[d] * predictions[d * size + i]} (summed in d order with
     * fused multiply-add). Range: 1D, at least {@code size} items, any local size.
     */
    @Kernel
    public static void ensembleForward(KernelContext context, FloatArray predictions, FloatArray weights, FloatArray output,
                                       int depth, int size) {
        int i = context.globalIdx;
        if (i >= size) {
            return;
        }
        float sum = 0.0f;
        for (int d = 0; d < depth; d++) {
            sum = Math.fma(weights.get(d), predictions.get(d * size + i), sum);
        }
        output.set(i, sum);
    }

    /** Reference twin of {@link #ensembleForward}. */
    public static void ensembleForwardReference(float[] predictions, float[] weights, float[] output, int depth, int size) {
        for (int i = 0; i < size; i++) {
            float sum = 0f;
            for (int d = 0; d < depth; d++) sum += weights[d] * predictions[d * size + i];
            output[i] = sum;
        }
    }

    /**
     * Backward of the ensemble, both gradients in one pass over the predictions:
     * {@code dPredictions[d * size + i] = weights[d] * dOutput[i]} (overwrite), and pass 1 of
     * {@code dWeights[d] += sum_i dOutput[i] * predictions[d * size + i]}: writes
     * {@code partials[d * groups + g]}; finish with
     * {@code Reduction.sumPartials(partials, dWeights, groups, depth, 1, accumulate = 1, resultOffset = 0)}.
     * Then add the recursive-supervision term with {@code Loss.squaredErrorGradient(accumulate = 1)}.
     *
     * <p>Range: 2D {@code (groups * GROUP_SIZE, depth)}, local {@code (GROUP_SIZE, 1)}; see {@link Reduction}.
     */
    @Kernel
    public static void ensembleBackward(KernelContext context, FloatArray dOutput, FloatArray predictions, FloatArray weights,
                                        FloatArray dPredictions, FloatArray partials, int size, int groups) {
        float[] scratch = context.allocateFloatLocalArray(GROUP_SIZE);
        int d = context.globalIdy;
        int lid = context.localIdx;
        int base = d * size;
        float w = weights.get(d);
        float sum = 0.0f;
        for (int i = context.globalIdx; i < size; i += groups * GROUP_SIZE) {
            float g = dOutput.get(i);
            dPredictions.set(base + i, w * g);
            sum = Math.fma(g, predictions.get(base + i), sum);
        }
        float total = Reduction.groupSum(context, scratch, sum);
        if (lid == 0) {
            partials.set(d * groups + context.groupIdx, total);
        }
    }

    /** Reference twin of {@link #ensembleBackward}, partials partitioned as the kernel does. */
    public static void ensembleBackwardReference(float[] dOutput, float[] predictions, float[] weights, float[] dPredictions,
                                                 float[] partials, int size, int depth, int groups) {
        java.util.Arrays.fill(partials, 0, depth * groups, 0f);
        for (int d = 0; d < depth; d++) {
            for (int i = 0; i < size; i++) {
                dPredictions[d * size + i] = weights[d] * dOutput[i];
                partials[d * groups + Reduction.groupOf(i, groups)] += dOutput[i] * predictions[d * size + i];
            }
        }
    }
}
