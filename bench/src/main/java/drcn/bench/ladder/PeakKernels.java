package drcn.bench.ladder;

import drcn.kernels.api.FloatArray;
import drcn.kernels.api.Kernel;
import drcn.kernels.api.KernelContext;

/**
 * The device's measured FMA peak: every work-item runs {@link #CHAINS} independent fused multiply-add
 * chains for {@code iterations} steps, nothing else, so the time is FMA throughput (latency is hidden by
 * the independent chains, memory is touched once at the end). FLOPs = 2 * CHAINS * iterations * items.
 * Written as 16 scalar locals (not an array) so every chain is a register; on PoCL the work-items of a
 * group along x become the SIMD lanes, so one chain of 16 items is one AVX-512 register.
 */
public final class PeakKernels {
    private PeakKernels() {
    }

    /** Independent chains per work-item. */
    public static final int CHAINS = 16;

    /**
     * FMA steps per chain: {@link #fma32} is straight-line code, so the kernel has no loop at all. Not more:
     * with 256 steps the body (12k instructions, ~74 KB) overflowed the instruction cache and measured the
     * decoder (9 GFLOP/s), not the FMA units.
     */
    public static final int STEPS = 32;

    /**
     * No loop on purpose: PoCL runs a kernel's work-items in a loop and vectorises that loop across the
     * work-items only when it is the innermost one, so a loop inside the kernel would keep it scalar (or
     * move the chains into memory). The helpers below are inlined into 16 x 32 straight-line FMAs.
     */
    @Kernel
    public static void fmaPeak(KernelContext context, FloatArray out, float a, float b) {
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
        out.set(i, x0 + x1 + x2 + x3 + x4 + x5 + x6 + x7 + x8 + x9 + x10 + x11 + x12 + x13 + x14 + x15);
    }

    static float fma8(float x, float a, float b) {
        return Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(x, a, b), a, b), a, b), a, b), a, b), a, b), a, b), a, b);
    }

    static float fma32(float x, float a, float b) {
        return fma8(fma8(fma8(fma8(x, a, b), a, b), a, b), a, b);
    }
}
