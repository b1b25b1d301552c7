package drcn.kernels;

import drcn.kernels.api.FloatArray;
import drcn.kernels.api.Kernel;
import drcn.kernels.api.KernelContext;

/**
 * The two kernels that measure what a device can do at best (`drcn devices --peak`), so benchmark
 * reports can state each kernel's fraction of it: an arithmetic-bound kernel (fused multiply-adds
 * only) and a memory-bound one (a float copy). Both are our own generated code, so the "peak" is
 * what our compiler reaches on the simplest possible kernels, not the vendor's datasheet.
 */
public final class Peak {
    private Peak() {}

    /** Independent FMA chains per work-item: {@link #fmaChains} does {@code 2 * CHAINS} FLOPs per iteration. */
    public static final int CHAINS = 8;

    /**
     * Eight independent chains {@code x = x * a + b}, {@code iterations} times each, for every
     * work-item {@code i < n}; writes the chains' sum so that nothing can be optimised away.
     * Independent chains hide the FMA latency within one work-item (CPUs, where PoCL vectorises
     * across work-items and one chain would stall on each result); a and b are runtime values so
     * the loop cannot be folded. FLOPs: {@code 2 * CHAINS * iterations * n}.
     */
    @Kernel
    public static void fmaChains(KernelContext context, FloatArray output, int n, int iterations, float a, float b) {
        int i = context.globalIdx;
        if (i >= n) return;
        float x0 = (float) i * 1.0e-7f;
        float x1 = x0 + 0.1f;
        float x2 = x0 + 0.2f;
        float x3 = x0 + 0.3f;
        float x4 = x0 + 0.4f;
        float x5 = x0 + 0.5f;
        float x6 = x0 + 0.6f;
        float x7 = x0 + 0.7f;
        for (int k = 0; k < iterations; k++) {
            x0 = Math.fma(x0, a, b);
            x1 = Math.fma(x1, a, b);
            x2 = Math.fma(x2, a, b);
            x3 = Math.fma(x3, a, b);
            x4 = Math.fma(x4, a, b);
            x5 = Math.fma(x5, a, b);
            x6 = Math.fma(x6, a, b);
            x7 = Math.fma(x7, a, b);
        }
        output.set(i, x0 + x1 + x2 + x3 + x4 + x5 + x6 + x7);
    }

    /** Reference twin of {@link #fmaChains}. */
    public static void fmaChainsReference(float[] output, int n, int iterations, float a, float b) {
        for (int i = 0; i < n; i++) {
            float sum = 0f;
            for (int c = 0; c < CHAINS; c++) {
                float x = (float) i * 1.0e-7f + (c == 0 ? 0f : c / 10f);
                for (int k = 0; k < iterations; k++) x = Math.fma(x, a, b);
                sum += x;
            }
            output[i] = sum;
        }
    }

    /** {@code output[i] = input[i]} for {@code i < n}: bytes moved {@code 2 * 4 * n}. */
    @Kernel
    public static void copy(KernelContext context, FloatArray input, FloatArray output, int n) {
        int i = context.globalIdx;
        if (i >= n) return;
        output.set(i, input.get(i));
    }

    /** Reference twin of {@link #copy}. */
    public static void copyReference(float[] input, float[] output, int n) {
        System.arraycopy(input, 0, output, 0, n);
    }
}
