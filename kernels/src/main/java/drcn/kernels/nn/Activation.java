package drcn.kernels.nn;

import drcn.tornado.api.types.arrays.FloatArray;
import drcn.kernels.api.Kernel;
import drcn.tornado.api.KernelContext;

/**
 * ReLU. The forward is normally fused into {@link Convolution#convForward} ({@code relu = 1});
 * the backward uses the post-ReLU output as its mask, so the pre-activation need not be kept.
 */
public final class Activation {
    private Activation() {
    }

    /**
     * {@code output[i] = max(input[i], 0)} for {@code i < size} (in place allowed).
     * Range: 1D, at least {@code size} items, any local size (padding items return).
     */
    @Kernel
    public static void reluForward(KernelContext context, FloatArray input, FloatArray output, int size) {
        int i = context.globalIdx;
        if (i >= size) {
            return;
        }
        output.set(i, Math.max(input.get(i), 0.0f));
    }

    /** Reference twin of {@link #reluForward}. */
    public static void reluForwardReference(float[] input, float[] output, int size) {
        for (int i = 0; i < size; i++) output[i] = input[i] > 0f ? input[i] : 0f;
    }

    /**
     * {@code dInput[offset + i] = output[offset + i] > 0 ? dOutput[offset + i] : 0} for {@code i < size}
     * (overwrite; in place over dOutput allowed), where {@code output} is the ReLU's OUTPUT. The one
     * element {@code offset} applies to all three arrays: DRCN stores H_d, dH_d and dZ_d at the same
     * place of three {@code [D+1][N][F][H][W]} buffers. Range: 1D, at least {@code size} items, any local size.
     */
    @Kernel
    public static void reluBackward(KernelContext context, FloatArray dOutput, FloatArray output, FloatArray dInput, int size, int offset) {
        int i = context.globalIdx;
        if (i >= size) {
            return;
        }
        int j = offset + i;
        dInput.set(j, output.get(j) > 0.0f ? dOutput.get(j) : 0.0f);
    }

    /** Reference twin of {@link #reluBackward}. */
    public static void reluBackwardReference(float[] dOutput, float[] output, float[] dInput, int size, int offset) {
        for (int i = offset; i < offset + size; i++) dInput[i] = output[i] > 0f ? dOutput[i] : 0f;
    }
}
