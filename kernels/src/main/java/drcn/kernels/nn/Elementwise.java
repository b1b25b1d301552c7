package drcn.kernels.nn;

import drcn.tornado.api.types.arrays.FloatArray;
import drcn.kernels.api.Kernel;
import drcn.tornado.api.KernelContext;

/** Elementwise kernels: the skip connection, zeroing and scaling buffers. All 1D, any local size, padded ranges allowed. */
public final class Elementwise {
    private Elementwise() {
    }

    /**
     * The skip connection, broadcast over the D predictions:
     * {@code predictions[i] = reconstruction[i] + input[i % inputSize]} for {@code i < size}, where
     * {@code reconstruction} and {@code predictions} are {@code [D][N][1][H][W]} ({@code size = D*N*H*W})
     * and {@code input} is {@code [N][1][H][W]} ({@code inputSize = N*H*W}). In place
     * ({@code predictions == reconstruction}) allowed. Its backward is the identity (no kernel).
     * Range: 1D, at least {@code size} items.
     */
    @Kernel
    public static void addSkip(KernelContext context, FloatArray reconstruction, FloatArray input, FloatArray predictions,
                               int size, int inputSize) {
        int i = context.globalIdx;
        if (i >= size) {
            return;
        }
        predictions.set(i, reconstruction.get(i) + input.get(i % inputSize));
    }

    /** Reference twin of {@link #addSkip}. */
    public static void addSkipReference(float[] reconstruction, float[] input, float[] predictions, int size, int inputSize) {
        for (int d = 0; d < size / inputSize; d++) {
            for (int j = 0; j < inputSize; j++) {
                predictions[d * inputSize + j] = reconstruction[d * inputSize + j] + input[j];
            }
        }
    }

    /** {@code buffer[i] = 0} for {@code i < size} (e.g. parameter gradients before a step). Range: 1D, at least {@code size} items. */
    @Kernel
    public static void zero(KernelContext context, FloatArray buffer, int size) {
        int i = context.globalIdx;
        if (i >= size) {
            return;
        }
        buffer.set(i, 0.0f);
    }

    /** Reference twin of {@link #zero}. */
    public static void zeroReference(float[] buffer, int size) {
        for (int i = 0; i < size; i++) buffer[i] = 0f;
    }

    /** {@code buffer[i] *= factor} for {@code i < size}. Range: 1D, at least {@code size} items. */
    @Kernel
    public static void scale(KernelContext context, FloatArray buffer, int size, float factor) {
        int i = context.globalIdx;
        if (i >= size) {
            return;
        }
        buffer.set(i, buffer.get(i) * factor);
    }

    /** Reference twin of {@link #scale}. */
    public static void scaleReference(float[] buffer, int size, float factor) {
        for (int i = 0; i < size; i++) buffer[i] *= factor;
    }
}
