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
     * The GPU peak kernel (CPUs run {@link #fmaStraight}). Eight independent chains {@code x = x * a + b},
     * {@code iterations} times each, for every work-item {@code i < n}; writes the chains' sum so that nothing
     * can be optimised away.
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

    /** Independent chains per work-item of {@link #fmaStraight}. */
    public static final int STRAIGHT_CHAINS = 16;
    /**
     * FMA steps per chain of {@link #fmaStraight}: straight-line code, no loop. Not more: with 256 steps the body
     * (12k instructions, ~74 KB) overflowed a CPU's instruction cache and measured the decoder, not the FMA units.
     */
    public static final int STRAIGHT_STEPS = 32;

    /**
     * The CPU version of {@link #fmaChains}: {@link #STRAIGHT_CHAINS} independent chains of {@link #STRAIGHT_STEPS}
     * fused multiply-adds each, written out with no loop at all, for every work-item (the range must be exactly the
     * work-items wanted; no bound check). Why: PoCL runs a kernel's work-items in a loop and vectorises that loop
     * across the work-items only when it is the innermost one, so the loop of {@link #fmaChains} keeps it scalar and
     * measured a quarter to an eighth of what the SIMD units do (24 GFLOP/s on 2 AVX-512 cores); here a chain of the
     * work-items of a group is one vector register. FLOPs: {@code 2 * STRAIGHT_CHAINS * STRAIGHT_STEPS} per work-item.
     */
    @Kernel
    public static void fmaStraight(KernelContext context, FloatArray output, float a, float b) {
        int i = context.globalIdx;
        float s = i * 1.0e-9f;
        float x0 = s, x1 = s + 1.0f, x2 = s + 2.0f, x3 = s + 3.0f, x4 = s + 4.0f, x5 = s + 5.0f, x6 = s + 6.0f, x7 = s + 7.0f;
        float x8 = s + 8.0f, x9 = s + 9.0f, x10 = s + 10.0f, x11 = s + 11.0f, x12 = s + 12.0f, x13 = s + 13.0f, x14 = s + 14.0f, x15 = s + 15.0f;
        x0 = fma32(x0, a, b);
        x1 = fma32(x1, a, b);
        x2 = fma32(x2, a, b);
        x3 = fma32(x3, a, b);
        x4 = fma32(x4, a, b);
        x5 = fma32(x5, a, b);
        x6 = fma32(x6, a, b);
        x7 = fma32(x7, a, b);
        x8 = fma32(x8, a, b);
        x9 = fma32(x9, a, b);
        x10 = fma32(x10, a, b);
        x11 = fma32(x11, a, b);
        x12 = fma32(x12, a, b);
        x13 = fma32(x13, a, b);
        x14 = fma32(x14, a, b);
        x15 = fma32(x15, a, b);
        output.set(i, x0 + x1 + x2 + x3 + x4 + x5 + x6 + x7 + x8 + x9 + x10 + x11 + x12 + x13 + x14 + x15);
    }

    /** Eight chained fused multiply-adds {@code x = x * a + b} (inlined into the kernel). */
    static float fma8(float x, float a, float b) {
        return Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(x, a, b), a, b), a, b), a, b), a, b), a, b), a, b), a, b);
    }

    /** Thirty-two chained fused multiply-adds. */
    static float fma32(float x, float a, float b) {
        return fma8(fma8(fma8(fma8(x, a, b), a, b), a, b), a, b);
    }

    /** Reference twin of {@link #fmaStraight} for {@code n} work-items. */
    public static void fmaStraightReference(float[] output, int n, float a, float b) {
        for (int i = 0; i < n; i++) {
            float s = i * 1.0e-9f, sum = 0f;
            for (int c = 0; c < STRAIGHT_CHAINS; c++) {
                float x = c == 0 ? s : s + c;
                for (int k = 0; k < STRAIGHT_STEPS; k++) x = Math.fma(x, a, b);
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
