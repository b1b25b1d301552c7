package drcn.kernels;

import drcn.tornado.api.types.arrays.FloatArray;
import drcn.kernels.api.Kernel;
import drcn.tornado.api.KernelContext;
import drcn.kernels.api.Vector16;

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
        for (int i = 0; i < n; i++) output[i] = chainSum((float) i * 1.0e-7f, 10f, CHAINS, iterations, a, b);
    }

    /**
     * What the reference twins compute for one work-item: the sum, in chain order, of {@code chains} chains
     * {@code x = fma(x, a, b)} of {@code steps} steps each, chain c starting at {@code s + c / spacing} (chain 0 at
     * {@code s}).
     */
    private static float chainSum(float s, float spacing, int chains, int steps, float a, float b) {
        float sum = 0f;
        for (int c = 0; c < chains; c++) {
            float x = c == 0 ? s : s + c / spacing;
            for (int k = 0; k < steps; k++) x = Math.fma(x, a, b);
            sum = c == 0 ? x : sum + x;
        }
        return sum;
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
        for (int i = 0; i < n; i++) output[i] = chainSum(i * 1.0e-9f, 1f, STRAIGHT_CHAINS, STRAIGHT_STEPS, a, b);
    }

    /** Independent 16-lane chains per work-item of {@link #fmaVector}. */
    public static final int VECTOR_CHAINS = 12;
    /** FMA steps per chain of {@link #fmaVector} (a loop: the vectors are explicit, so PoCL need not vectorise it). */
    public static final int VECTOR_STEPS = 256;

    /**
     * The CPU peak in explicit 16-lane vectors: {@link #VECTOR_CHAINS} independent {@link Vector16} chains of
     * {@link #VECTOR_STEPS} fused multiply-adds per work-item; lanes {@code 16 i .. 16 i + 15} of {@code output} get
     * the chains' sum. Why: {@link #fmaStraight} measures what PoCL's own vectorisation reaches (256-bit on AVX-512
     * machines whose CPU model prefers it: 79-94 GFLOP/s on this project's 2 cores), while the kernels that hold
     * Vector16 values (the Winograd GEMMs) run 512-bit instructions; this kernel measures that rate. 12 chains: two FMA
     * units x 4 cycles of latency need 8 in flight. FLOPs: {@code 2 * 16 * VECTOR_CHAINS * VECTOR_STEPS} per work-item.
     */
    @Kernel
    public static void fmaVector(KernelContext context, FloatArray output, float a, float b) {
        int i = context.globalIdx;
        Vector16 va = Vector16.broadcast(a), vb = Vector16.broadcast(b);
        Vector16 x0 = Vector16.broadcast(i * 1.0e-9f);
        Vector16 x1 = Vector16.add(x0, Vector16.broadcast(1.0f)), x2 = Vector16.add(x0, Vector16.broadcast(2.0f)), x3 = Vector16.add(x0, Vector16.broadcast(3.0f)), x4 = Vector16.add(x0, Vector16.broadcast(4.0f)), x5 = Vector16.add(x0, Vector16.broadcast(5.0f)), x6 = Vector16.add(x0, Vector16.broadcast(6.0f)), x7 = Vector16.add(x0, Vector16.broadcast(7.0f)), x8 = Vector16.add(x0, Vector16.broadcast(8.0f)), x9 = Vector16.add(x0, Vector16.broadcast(9.0f)), x10 = Vector16.add(x0, Vector16.broadcast(10.0f)), x11 = Vector16.add(x0, Vector16.broadcast(11.0f));
        for (int k = 0; k < VECTOR_STEPS; k++) {
            x0 = Vector16.fma(x0, va, vb);
            x1 = Vector16.fma(x1, va, vb);
            x2 = Vector16.fma(x2, va, vb);
            x3 = Vector16.fma(x3, va, vb);
            x4 = Vector16.fma(x4, va, vb);
            x5 = Vector16.fma(x5, va, vb);
            x6 = Vector16.fma(x6, va, vb);
            x7 = Vector16.fma(x7, va, vb);
            x8 = Vector16.fma(x8, va, vb);
            x9 = Vector16.fma(x9, va, vb);
            x10 = Vector16.fma(x10, va, vb);
            x11 = Vector16.fma(x11, va, vb);
        }
        Vector16.store(output, i * Vector16.LANES, Vector16.add(Vector16.add(Vector16.add(Vector16.add(Vector16.add(Vector16.add(Vector16.add(Vector16.add(Vector16.add(Vector16.add(Vector16.add(x0, x1), x2), x3), x4), x5), x6), x7), x8), x9), x10), x11));
    }

    /** Reference twin of {@link #fmaVector} for {@code n} work-items ({@code 16 n} outputs). */
    public static void fmaVectorReference(float[] output, int n, float a, float b) {
        for (int i = 0; i < n; i++) {
            float sum = chainSum(i * 1.0e-9f, 1f, VECTOR_CHAINS, VECTOR_STEPS, a, b);
            for (int l = 0; l < Vector16.LANES; l++) output[i * Vector16.LANES + l] = sum;
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
