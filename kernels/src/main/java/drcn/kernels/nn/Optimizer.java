package drcn.kernels.nn;

import drcn.tornado.api.types.arrays.FloatArray;
import drcn.kernels.api.Kernel;
import drcn.tornado.api.KernelContext;

/**
 * Parameter updates over a flat parameter buffer (all parameters, or one tensor at a time).
 * All kernels: 1D range, at least {@code size} items, any local size (padding items return).
 * Learning rates and Adam's bias corrections are runtime floats, so a schedule never recompiles.
 */
public final class Optimizer {
    private Optimizer() {
    }

    /**
     * SGD with momentum, PyTorch's convention ({@code torch.optim.SGD}, no dampening, no Nesterov):
     * {@code v = momentum * v + g; w -= lr * v}. (Equivalent to {@code v' = momentum * v' - lr * g; w += v'}
     * while lr is constant; PyTorch's form keeps v independent of lr, so a lr drop acts at once.)
     * Velocity starts at 0. Weight decay is not here: DRCN puts it in the loss ({@link Loss#weightDecayGradient}).
     */
    @Kernel
    public static void sgdMomentumStep(KernelContext context, FloatArray parameters, FloatArray gradients, FloatArray velocity,
                                       int size, float learningRate, float momentum) {
        int i = context.globalIdx;
        if (i >= size) {
            return;
        }
        float v = Math.fma(momentum, velocity.get(i), gradients.get(i));
        velocity.set(i, v);
        parameters.set(i, parameters.get(i) - learningRate * v);
    }

    /** Reference twin of {@link #sgdMomentumStep}. */
    public static void sgdMomentumStepReference(float[] parameters, float[] gradients, float[] velocity,
                                                int size, float learningRate, float momentum) {
        for (int i = 0; i < size; i++) {
            velocity[i] = momentum * velocity[i] + gradients[i];
            parameters[i] -= learningRate * velocity[i];
        }
    }

    /**
     * Adam (Kingma and Ba; PyTorch's {@code torch.optim.Adam} without weight decay or amsgrad), at step t >= 1:
     * {@code m = beta1 m + (1 - beta1) g; v = beta2 v + (1 - beta2) g^2;
     * w -= (lr / (1 - beta1^t)) * m / (sqrt(v) / sqrt(1 - beta2^t) + epsilon)},
     * with {@code beta1Power = beta1^t}, {@code beta2Power = beta2^t} passed by the host; m and v start at 0.
     */
    @Kernel
    public static void adamStep(KernelContext context, FloatArray parameters, FloatArray gradients, FloatArray m, FloatArray v,
                                int size, float learningRate, float beta1, float beta2, float epsilon,
                                float beta1Power, float beta2Power) {
        int i = context.globalIdx;
        if (i >= size) {
            return;
        }
        float g = gradients.get(i);
        float mi = beta1 * m.get(i) + (1.0f - beta1) * g;
        float vi = beta2 * v.get(i) + (1.0f - beta2) * g * g;
        m.set(i, mi);
        v.set(i, vi);
        float stepSize = learningRate / (1.0f - beta1Power);
        float denominator = (float) Math.sqrt(vi) / (float) Math.sqrt(1.0f - beta2Power) + epsilon;
        parameters.set(i, parameters.get(i) - stepSize * mi / denominator);
    }

    /** Reference twin of {@link #adamStep}. */
    public static void adamStepReference(float[] parameters, float[] gradients, float[] m, float[] v,
                                         int size, float learningRate, float beta1, float beta2, float epsilon,
                                         float beta1Power, float beta2Power) {
        for (int i = 0; i < size; i++) {
            float g = gradients[i];
            m[i] = beta1 * m[i] + (1f - beta1) * g;
            v[i] = beta2 * v[i] + (1f - beta2) * g * g;
            float mHat = m[i] / (1f - beta1Power);
            float vHat = v[i] / (1f - beta2Power);
            parameters[i] -= learningRate * mHat / ((float) Math.sqrt(vHat) + epsilon);
        }
    }

    /**
     * Gradient-norm clipping as {@code torch.nn.utils.clip_grad_norm_}, without a host round trip:
     * {@code norm = sqrt(sumOfSquares[0])}, {@code gradients[i] *= min(1, maxNorm / (norm + 1e-6))}.
     * {@code sumOfSquares[0]} comes from {@link Reduction#sumOfSquaresPartials} + {@link Reduction#sumPartials}
     * over all gradients (accumulate over tensors when they are separate buffers).
     */
    @Kernel
    public static void clipByNorm(KernelContext context, FloatArray gradients, FloatArray sumOfSquares, int size, float maxNorm) {
        int i = context.globalIdx;
        if (i >= size) {
            return;
        }
        float norm = (float) Math.sqrt(sumOfSquares.get(0));
        float factor = Math.min(1.0f, maxNorm / (norm + 1.0e-6f));
        gradients.set(i, gradients.get(i) * factor);
    }

    /** Reference twin of {@link #clipByNorm}. */
    public static void clipByNormReference(float[] gradients, float[] sumOfSquares, int size, float maxNorm) {
        float norm = (float) Math.sqrt(sumOfSquares[0]);
        float factor = Math.min(1f, maxNorm / (norm + 1e-6f));
        for (int i = 0; i < size; i++) gradients[i] *= factor;
    }
}
