package drcn.kernels.nn;

import drcn.tornado.api.types.arrays.FloatArray;
import drcn.kernels.api.Kernel;
import drcn.tornado.api.KernelContext;

/**
 * DRCN's training loss {@code L = a * l1 + (1 - a) * l2 + b * ||W||^2} with
 * {@code l1 = (1/D) sum_d mean((pred_d - y)^2)} (recursive supervision), {@code l2 = mean((out - y)^2)}
 * (the ensemble), means over all {@code N*H*W} elements as {@code torch.nn.functional.mse_loss}, and
 * {@code ||W||^2} the sum of squares of the five conv weight tensors (not biases, not the ensemble weights).
 *
 * <p>Values (only needed for logging, read back at batch boundaries):
 * {@link #squaredErrorPartials} with rows = D over the predictions, then
 * {@link Reduction#sumPartials} with {@code scale = 1/size} gives the D per-recursion MSEs; the same
 * with rows = 1 over the ensemble output gives l2; {@link Reduction#sumOfSquaresPartials} then
 * {@code sumPartials(accumulate = 1)} over each weight tensor gives ||W||^2; {@link #lossTotal} combines them.
 *
 * <p>Gradients: {@link #squaredErrorGradient} (weight {@code a} over D rows for the predictions,
 * weight {@code 1 - a} over 1 row for the ensemble output) and {@link #weightDecayGradient}.
 */
public final class Loss {
    private Loss() {
    }

    /** Work-group size of {@link #squaredErrorPartials}: {@link Reduction#groupSum}'s. */
    public static final int GROUP_SIZE = Reduction.GROUP_SIZE;

    /**
     * Pass 1 of {@code sum_i (predictions[r * size + i] - target[i])^2} for each row r (the target is
     * broadcast over rows, so rows = D compares all D predictions with one target): writes
     * {@code partials[r * groups + g]}. Range 2D {@code (groups * GROUP_SIZE, rows)}, local
     * {@code (GROUP_SIZE, 1)}; see {@link Reduction}.
     */
    @Kernel
    public static void squaredErrorPartials(KernelContext context, FloatArray predictions, FloatArray target, FloatArray partials,
                                            int size, int groups) {
        float[] scratch = context.allocateFloatLocalArray(GROUP_SIZE);
        int row = context.globalIdy;
        int base = row * size;
        float sum = 0.0f;
        for (int i = context.globalIdx; i < size; i += groups * GROUP_SIZE) {
            float e = predictions.get(base + i) - target.get(i);
            sum = Math.fma(e, e, sum);
        }
        float total = Reduction.groupSum(context, scratch, sum);
        if (context.localIdx == 0) {
            partials.set(row * groups + context.groupIdx, total);
        }
    }

    /** Reference twin of {@link #squaredErrorPartials}. */
    public static void squaredErrorPartialsReference(float[] predictions, float[] target, float[] partials,
                                                     int size, int rows, int groups) {
        java.util.Arrays.fill(partials, 0, rows * groups, 0f);
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < size; i++) {
                float e = predictions[r * size + i] - target[i];
                partials[r * groups + Reduction.groupOf(i, groups)] += e * e;
            }
        }
    }

    /**
     * Gradient of {@code weight * (1/rows) sum_r mean_i (predictions[r][i] - target[i])^2}:
     * {@code dPredictions[r * size + i] (=|+=) weight * 2 * (predictions[r * size + i] - target[i]) / (rows * size)}.
     * For DRCN: rows = D, weight = a (the l1 term); rows = 1, weight = 1 - a (the l2 term on the ensemble).
     * Overwrites unless {@code accumulate != 0} (then adds, e.g. onto the ensemble's share of dPredictions,
     * see {@link Ensemble#ensembleBackward}). Range: 1D, at least {@code rows * size} items, any local size.
     */
    @Kernel
    public static void squaredErrorGradient(KernelContext context, FloatArray predictions, FloatArray target, FloatArray dPredictions,
                                            int size, int rows, float weight, int accumulate) {
        int index = context.globalIdx;
        if (index >= rows * size) {
            return;
        }
        int i = index % size;
        float scale = 2.0f * weight / ((float) rows * (float) size);
        float g = scale * (predictions.get(index) - target.get(i));
        if (accumulate != 0) {
            g = g + dPredictions.get(index);
        }
        dPredictions.set(index, g);
    }

    /** Reference twin of {@link #squaredErrorGradient}. */
    public static void squaredErrorGradientReference(float[] predictions, float[] target, float[] dPredictions,
                                                     int size, int rows, float weight, int accumulate) {
        float scale = 2.0f * weight / ((float) rows * (float) size);
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < size; i++) {
                float g = scale * (predictions[r * size + i] - target[i]);
                dPredictions[r * size + i] = accumulate != 0 ? dPredictions[r * size + i] + g : g;
            }
        }
    }

    /**
     * Weight decay's gradient, ACCUMULATED: {@code dWeights[i] += 2 * b * weights[i]} for {@code i < size}
     * (the derivative of {@code b * ||W||^2}). Range: 1D, at least {@code size} items, any local size.
     */
    @Kernel
    public static void weightDecayGradient(KernelContext context, FloatArray weights, FloatArray dWeights, int size, float b) {
        int i = context.globalIdx;
        if (i >= size) {
            return;
        }
        dWeights.set(i, Math.fma(2.0f * b, weights.get(i), dWeights.get(i)));
    }

    /** Reference twin of {@link #weightDecayGradient}. */
    public static void weightDecayGradientReference(float[] weights, float[] dWeights, int size, float b) {
        for (int i = 0; i < size; i++) dWeights[i] += 2f * b * weights[i];
    }

    /**
     * {@code loss[0] = a * (1/depth) sum_{d < depth} terms[d] + (1 - a) * terms[depth] + b * terms[depth + 1]},
     * where {@code terms} holds the D per-recursion MSEs, then the ensemble MSE, then ||W||^2 (as the
     * {@link Reduction#sumPartials} passes above leave them). Range: 1D, 1 item (others return).
     */
    @Kernel
    public static void lossTotal(KernelContext context, FloatArray terms, FloatArray loss, int depth, float a, float b) {
        if (context.globalIdx != 0) {
            return;
        }
        float recursive = 0.0f;
        for (int d = 0; d < depth; d++) {
            recursive += terms.get(d);
        }
        recursive = recursive / (float) depth;
        loss.set(0, a * recursive + (1.0f - a) * terms.get(depth) + b * terms.get(depth + 1));
    }

    /** Reference twin of {@link #lossTotal}. */
    public static void lossTotalReference(float[] terms, float[] loss, int depth, float a, float b) {
        float recursive = 0f;
        for (int d = 0; d < depth; d++) recursive += terms[d];
        recursive /= depth;
        loss[0] = a * recursive + (1f - a) * terms[depth] + b * terms[depth + 1];
    }
}
