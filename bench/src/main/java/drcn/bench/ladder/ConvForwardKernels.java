package drcn.bench.ladder;

import drcn.kernels.Index;
import drcn.tornado.api.types.arrays.FloatArray;
import drcn.kernels.api.JitConstant;
import drcn.kernels.api.Kernel;
import drcn.tornado.api.KernelContext;

/**
 * The versions of the 3x3 convolution forward (stride 1, zero padding 1, bias, optional ReLU) that the
 * {@link ConvForwardLadder} checks and times; all take the product kernel's arguments. The baseline is the
 * ladder's "gpu" rung, {@code drcn.kernels.nn.Convolution.convForward} (one pixel x 8 output channels per work-item,
 * padding tested per tap); the winner (v5) now is {@code drcn.kernels.nn.Convolution.convForwardRowTiles} (CPUs).
 *
 * <p>The math, for every version: {@code out[n][co][y][x] = act(bias[co] + sum_{ci,ky,kx}
 * w[co][ci][ky][kx] * in[n][ci][y+ky-1][x+kx-1])}, taps outside the image read 0; the sum runs in the
 * order ci, ky, kx with fused multiply-add starting from the bias (as the product kernel does).
 * NCHW, weights {@code [Cout][Cin][3][3]}; {@code input[inputOffset + ...]}, {@code output[outputOffset + ...]}.
 * FLOPs: {@code 2 * 9 * Cin * Cout * H * W * N}.
 */
public final class ConvForwardKernels {
    private ConvForwardKernels() {
    }

    /** Output channels per work-item in v1. */
    public static final int K1 = 16;

    /**
     * v1: one work-item = one pixel of the flattened plane ({@code p = y * W + x}) and {@link #K1} output
     * channels. What changed from the baseline ({@code Convolution.convForward}) and why:
     * <ul>
     * <li>dimension 0 is the flattened pixel index, so a work-group of 16 consecutive items is 16
     *   consecutive floats of every input row: PoCL turns the group into AVX-512 lanes (one vector load
     *   per tap, weights are uniform broadcasts), and a 41x41 plane (1681 px) pads to 1696, not 48x41;</li>
     * <li>the padding test is 4 booleans computed once (up/down/left/right), and a tap reads
     *   {@code ok ? in[...] : 0} (a masked load) instead of {@code continue} inside the loops;</li>
     * <li>the last (partial) channel block clamps its weight rows instead of testing {@code j < count} in
     *   the inner loop: the extra accumulators compute a duplicate and are not stored;</li>
     * <li>16 accumulators instead of 8: 16 FMAs per input load.</li>
     * </ul>
     * Range: 2D {@code (roundUp(H*W, 16), N * ceil(Cout / K1))}, local {@code (16..., 1)}.
     */
    @Kernel
    public static void v1(KernelContext context, FloatArray input, FloatArray weights, FloatArray bias, FloatArray output,
                          @JitConstant int batch, @JitConstant int inChannels, @JitConstant int outChannels, @JitConstant int height,
                          @JitConstant int width, @JitConstant int relu, int inputOffset, int outputOffset) {
        int p = context.globalIdx;
        int z = context.globalIdy;
        int plane = height * width;
        int blocks = Index.ceilDiv(outChannels, K1);
        if (z >= batch * blocks) {
            return;
        }
        int n = z / blocks;
        int co0 = (z - n * blocks) * K1;
        int y = p / width;
        int x = p - y * width;
        boolean inside = p < plane;
        boolean up = inside && y > 0;
        boolean down = inside && y < height - 1;
        boolean left = x > 0;
        boolean right = x < width - 1;
        int weightStride = inChannels * 9;
        float[] acc = new float[K1];
        for (int j = 0; j < K1; j++) {
            acc[j] = bias.get(Math.min(co0 + j, outChannels - 1));
        }
        for (int ci = 0; ci < inChannels; ci++) {
            int base = inputOffset + (n * inChannels + ci) * plane + p;
            for (int ky = 0; ky < 3; ky++) {
                boolean rowOk = ky == 0 ? up : (ky == 2 ? down : inside);
                for (int kx = 0; kx < 3; kx++) {
                    boolean ok = rowOk && (kx == 0 ? left : (kx == 2 ? right : true));
                    float v = ok ? input.get(base + (ky - 1) * width + kx - 1) : 0.0f;
                    int tap = ci * 9 + ky * 3 + kx;
                    for (int j = 0; j < K1; j++) {
                        acc[j] = Math.fma(v, weights.get(Math.min(co0 + j, outChannels - 1) * weightStride + tap), acc[j]);
                    }
                }
            }
        }
        if (inside) {
            int outBase = outputOffset + (n * outChannels + co0) * plane + p;
            for (int j = 0; j < K1; j++) {
                if (co0 + j < outChannels) {
                    float v = acc[j];
                    if (relu != 0) {
                        v = Math.max(v, 0.0f);
                    }
                    output.set(outBase + j * plane, v);
                }
            }
        }
    }

    /**
     * v2: v1 plus one {@code localBarrier()} at the start, which changes nothing in the math. Why: PoCL runs
     * the work-items of a group as a loop around the kernel body and vectorises that loop only where it is
     * innermost; in a kernel WITH a barrier it also puts implicit barriers into the kernel's uniform loops,
     * i.e. it interchanges the work-item loop into them, so the body of the ci loop (9 taps x K1 FMAs) runs
     * across 16 work-items as SIMD lanes. The accumulators then live in per-work-item context arrays (L1):
     * K1 loads and stores per ci against 9 * K1 FMAs. Same range as v1; the range must be a multiple of the
     * local size (barrier), which it is.
     */
    @Kernel
    public static void v2(KernelContext context, FloatArray input, FloatArray weights, FloatArray bias, FloatArray output,
                          @JitConstant int batch, @JitConstant int inChannels, @JitConstant int outChannels, @JitConstant int height,
                          @JitConstant int width, @JitConstant int relu, int inputOffset, int outputOffset) {
        context.localBarrier();
        int p = context.globalIdx;
        int z = context.globalIdy;
        int plane = height * width;
        int blocks = Index.ceilDiv(outChannels, K1);
        if (z >= batch * blocks) {
            return;
        }
        int n = z / blocks;
        int co0 = (z - n * blocks) * K1;
        int y = p / width;
        int x = p - y * width;
        boolean inside = p < plane;
        boolean up = inside && y > 0;
        boolean down = inside && y < height - 1;
        boolean left = x > 0;
        boolean right = x < width - 1;
        int weightStride = inChannels * 9;
        float[] acc = new float[K1];
        for (int j = 0; j < K1; j++) {
            acc[j] = bias.get(Math.min(co0 + j, outChannels - 1));
        }
        for (int ci = 0; ci < inChannels; ci++) {
            int base = inputOffset + (n * inChannels + ci) * plane + p;
            for (int ky = 0; ky < 3; ky++) {
                boolean rowOk = ky == 0 ? up : (ky == 2 ? down : inside);
                for (int kx = 0; kx < 3; kx++) {
                    boolean ok = rowOk && (kx == 0 ? left : (kx == 2 ? right : true));
                    float v = ok ? input.get(base + (ky - 1) * width + kx - 1) : 0.0f;
                    int tap = ci * 9 + ky * 3 + kx;
                    for (int j = 0; j < K1; j++) {
                        acc[j] = Math.fma(v, weights.get(Math.min(co0 + j, outChannels - 1) * weightStride + tap), acc[j]);
                    }
                }
            }
        }
        if (inside) {
            int outBase = outputOffset + (n * outChannels + co0) * plane + p;
            for (int j = 0; j < K1; j++) {
                if (co0 + j < outChannels) {
                    float v = acc[j];
                    if (relu != 0) {
                        v = Math.max(v, 0.0f);
                    }
                    output.set(outBase + j * plane, v);
                }
            }
        }
    }

    /** Pixels along x one work-item of v3 computes (its explicit SIMD lanes). */
    public static final int PX = 16;
    /** Output channels one work-item of v3 computes. */
    public static final int K3 = 8;
    /** A staged input row: PX pixels plus the halo column on each side. */
    public static final int ROW = PX + 2;

    /**
     * v3: explicit lanes. v1/v2 showed (objdump of PoCL's binary) that PoCL 3.1 does NOT vectorise across
     * work-items when the kernel body has a loop: LLVM vectorised v1's innermost loop instead, the j loop
     * over output channels, with gathered weights and the accumulators in memory. So here one work-item
     * computes a tile of {@link #PX} consecutive pixels of one row times {@link #K3} output channels, and
     * the innermost loops run over those 16 pixels: contiguous, unconditional, constant trip count, which
     * is what LLVM's own vectorisers handle (16 floats = one zmm or two ymm).
     * <ul>
     * <li>per input channel the three input rows the tile needs (PX + 2 wide, with the halo) are copied
     *   into a private array {@code t}, zeros where the tap falls outside the image: the padding test
     *   happens once per staged element, not once per FMA;</li>
     * <li>then 9 taps x K3 channels x PX pixels of FMA read {@code t} at {@code r*ROW + px + kx};
     *   weights are uniform scalars (clamped rows for a partial last block, as in v1).</li>
     * </ul>
     * Range: 3D {@code (ceil(W/PX), H, N * ceil(Cout/K3))}, any local size.
     */
    @Kernel
    public static void v3(KernelContext context, FloatArray input, FloatArray weights, FloatArray bias, FloatArray output,
                          @JitConstant int batch, @JitConstant int inChannels, @JitConstant int outChannels, @JitConstant int height,
                          @JitConstant int width, @JitConstant int relu, int inputOffset, int outputOffset) {
        int tx = context.globalIdx;
        int y = context.globalIdy;
        int z = context.globalIdz;
        int blocks = Index.ceilDiv(outChannels, K3);
        int tiles = Index.ceilDiv(width, PX);
        if (tx >= tiles || y >= height || z >= batch * blocks) {
            return;
        }
        int n = z / blocks;
        int co0 = (z - n * blocks) * K3;
        int x0 = tx * PX;
        int plane = height * width;
        int weightStride = inChannels * 9;
        float[] acc = new float[K3 * PX];
        float[] t = new float[3 * ROW];
        for (int j = 0; j < K3; j++) {
            float b = bias.get(Math.min(co0 + j, outChannels - 1));
            for (int px = 0; px < PX; px++) {
                acc[j * PX + px] = b;
            }
        }
        for (int ci = 0; ci < inChannels; ci++) {
            int base = inputOffset + (n * inChannels + ci) * plane;
            for (int r = 0; r < 3; r++) {
                int iy = y + r - 1;
                boolean rowOk = iy >= 0 && iy < height;
                for (int c = 0; c < ROW; c++) {
                    int ix = x0 + c - 1;
                    t[r * ROW + c] = rowOk && ix >= 0 && ix < width ? input.get(base + iy * width + ix) : 0.0f;
                }
            }
            for (int j = 0; j < K3; j++) {
                int wBase = Math.min(co0 + j, outChannels - 1) * weightStride + ci * 9;
                for (int ky = 0; ky < 3; ky++) {
                    for (int kx = 0; kx < 3; kx++) {
                        float w = weights.get(wBase + ky * 3 + kx);
                        for (int px = 0; px < PX; px++) {
                            acc[j * PX + px] = Math.fma(t[ky * ROW + px + kx], w, acc[j * PX + px]);
                        }
                    }
                }
            }
        }
        int outBase = outputOffset + (n * outChannels + co0) * plane + y * width + x0;
        for (int j = 0; j < K3; j++) {
            if (co0 + j < outChannels) {
                for (int px = 0; px < PX; px++) {
                    if (x0 + px < width) {
                        float v = acc[j * PX + px];
                        if (relu != 0) {
                            v = Math.max(v, 0.0f);
                        }
                        output.set(outBase + j * plane + px, v);
                    }
                }
            }
        }
    }

    /**
     * v4: v3 with the 9 taps written out. v3's binary showed that PoCL's pipeline unrolls nothing, not even
     * the 3-trip ky/kx loops: every FMA was {@code load acc, fma, store acc}. Here the innermost loop is the
     * PX pixels (vectorised: 2 ymm), and each accumulator is loaded once, takes 9 FMAs (one per tap, the 9
     * weights hoisted as uniform scalars per (ci, j)) and is stored once: 2 accumulator memory ops per 9
     * FMAs instead of 2 per 1. Staging as in v3. Same range as v3.
     */
    @Kernel
    public static void v4(KernelContext context, FloatArray input, FloatArray weights, FloatArray bias, FloatArray output,
                          @JitConstant int batch, @JitConstant int inChannels, @JitConstant int outChannels, @JitConstant int height,
                          @JitConstant int width, @JitConstant int relu, int inputOffset, int outputOffset) {
        int tx = context.globalIdx;
        int y = context.globalIdy;
        int z = context.globalIdz;
        int blocks = Index.ceilDiv(outChannels, K3);
        int tiles = Index.ceilDiv(width, PX);
        if (tx >= tiles || y >= height || z >= batch * blocks) {
            return;
        }
        int n = z / blocks;
        int co0 = (z - n * blocks) * K3;
        int x0 = tx * PX;
        int plane = height * width;
        int weightStride = inChannels * 9;
        float[] acc = new float[K3 * PX];
        float[] t = new float[3 * ROW];
        for (int j = 0; j < K3; j++) {
            float b = bias.get(Math.min(co0 + j, outChannels - 1));
            for (int px = 0; px < PX; px++) {
                acc[j * PX + px] = b;
            }
        }
        for (int ci = 0; ci < inChannels; ci++) {
            int base = inputOffset + (n * inChannels + ci) * plane;
            for (int r = 0; r < 3; r++) {
                int iy = y + r - 1;
                boolean rowOk = iy >= 0 && iy < height;
                for (int c = 0; c < ROW; c++) {
                    int ix = x0 + c - 1;
                    t[r * ROW + c] = rowOk && ix >= 0 && ix < width ? input.get(base + iy * width + ix) : 0.0f;
                }
            }
            for (int j = 0; j < K3; j++) {
                int wb = Math.min(co0 + j, outChannels - 1) * weightStride + ci * 9;
                float w0 = weights.get(wb), w1 = weights.get(wb + 1), w2 = weights.get(wb + 2);
                float w3 = weights.get(wb + 3), w4 = weights.get(wb + 4), w5 = weights.get(wb + 5);
                float w6 = weights.get(wb + 6), w7 = weights.get(wb + 7), w8 = weights.get(wb + 8);
                for (int px = 0; px < PX; px++) {
                    float a = acc[j * PX + px];
                    a = Math.fma(t[px], w0, a);
                    a = Math.fma(t[px + 1], w1, a);
                    a = Math.fma(t[px + 2], w2, a);
                    a = Math.fma(t[ROW + px], w3, a);
                    a = Math.fma(t[ROW + px + 1], w4, a);
                    a = Math.fma(t[ROW + px + 2], w5, a);
                    a = Math.fma(t[2 * ROW + px], w6, a);
                    a = Math.fma(t[2 * ROW + px + 1], w7, a);
                    a = Math.fma(t[2 * ROW + px + 2], w8, a);
                    acc[j * PX + px] = a;
                }
            }
        }
        int outBase = outputOffset + (n * outChannels + co0) * plane + y * width + x0;
        for (int j = 0; j < K3; j++) {
            if (co0 + j < outChannels) {
                for (int px = 0; px < PX; px++) {
                    if (x0 + px < width) {
                        float v = acc[j * PX + px];
                        if (relu != 0) {
                            v = Math.max(v, 0.0f);
                        }
                        output.set(outBase + j * plane + px, v);
                    }
                }
            }
        }
    }

    /**
     * v5: v4, but LLVM kept v4's pixel loop scalar: it forwarded {@code t[px + 1]} of one iteration to
     * {@code t[px]} of the next (a loop-carried recurrence), which blocked the vectoriser. So the staged
     * rows are stored three times, once per kx shift ({@code tk[r * PX + px] = in[iy][x0 + px + k - 1]}),
     * and the 9 FMAs of a pixel all read index {@code r * PX + px}: no value passes between iterations,
     * every access is contiguous, and the loop vectorises. Staging is 9 x PX stores per ci against
     * 9 x K3 x PX FMAs. Same range as v3.
     */
    @Kernel
    public static void v5(KernelContext context, FloatArray input, FloatArray weights, FloatArray bias, FloatArray output,
                          @JitConstant int batch, @JitConstant int inChannels, @JitConstant int outChannels, @JitConstant int height,
                          @JitConstant int width, @JitConstant int relu, int inputOffset, int outputOffset) {
        int tx = context.globalIdx;
        int y = context.globalIdy;
        int z = context.globalIdz;
        int blocks = Index.ceilDiv(outChannels, K3);
        int tiles = Index.ceilDiv(width, PX);
        if (tx >= tiles || y >= height || z >= batch * blocks) {
            return;
        }
        int n = z / blocks;
        int co0 = (z - n * blocks) * K3;
        int x0 = tx * PX;
        int plane = height * width;
        int weightStride = inChannels * 9;
        float[] acc = new float[K3 * PX];
        float[] t0 = new float[3 * PX];
        float[] t1 = new float[3 * PX];
        float[] t2 = new float[3 * PX];
        for (int j = 0; j < K3; j++) {
            float b = bias.get(Math.min(co0 + j, outChannels - 1));
            for (int px = 0; px < PX; px++) {
                acc[j * PX + px] = b;
            }
        }
        for (int ci = 0; ci < inChannels; ci++) {
            int base = inputOffset + (n * inChannels + ci) * plane;
            for (int r = 0; r < 3; r++) {
                int iy = y + r - 1;
                boolean rowOk = iy >= 0 && iy < height;
                int rowBase = base + iy * width;
                for (int px = 0; px < PX; px++) {
                    int ix = x0 + px;
                    t0[r * PX + px] = rowOk && ix >= 1 && ix <= width ? input.get(rowBase + ix - 1) : 0.0f;
                    t1[r * PX + px] = rowOk && ix < width ? input.get(rowBase + ix) : 0.0f;
                    t2[r * PX + px] = rowOk && ix + 1 < width ? input.get(rowBase + ix + 1) : 0.0f;
                }
            }
            for (int j = 0; j < K3; j++) {
                int wb = Math.min(co0 + j, outChannels - 1) * weightStride + ci * 9;
                float w0 = weights.get(wb), w1 = weights.get(wb + 1), w2 = weights.get(wb + 2);
                float w3 = weights.get(wb + 3), w4 = weights.get(wb + 4), w5 = weights.get(wb + 5);
                float w6 = weights.get(wb + 6), w7 = weights.get(wb + 7), w8 = weights.get(wb + 8);
                for (int px = 0; px < PX; px++) {
                    float a = acc[j * PX + px];
                    a = Math.fma(t0[px], w0, a);
                    a = Math.fma(t1[px], w1, a);
                    a = Math.fma(t2[px], w2, a);
                    a = Math.fma(t0[PX + px], w3, a);
                    a = Math.fma(t1[PX + px], w4, a);
                    a = Math.fma(t2[PX + px], w5, a);
                    a = Math.fma(t0[2 * PX + px], w6, a);
                    a = Math.fma(t1[2 * PX + px], w7, a);
                    a = Math.fma(t2[2 * PX + px], w8, a);
                    acc[j * PX + px] = a;
                }
            }
        }
        int outBase = outputOffset + (n * outChannels + co0) * plane + y * width + x0;
        for (int j = 0; j < K3; j++) {
            if (co0 + j < outChannels) {
                for (int px = 0; px < PX; px++) {
                    if (x0 + px < width) {
                        float v = acc[j * PX + px];
                        if (relu != 0) {
                            v = Math.max(v, 0.0f);
                        }
                        output.set(outBase + j * plane + px, v);
                    }
                }
            }
        }
    }

    /**
     * v6: v5 over two input channels per step. In v5 each accumulator vector still makes a round trip
     * through memory per input channel (1 load + 1 store per 9 FMAs, plus 9 weight broadcasts per
     * (ci, j)); staging channels ci and ci + 1 together gives 18 FMAs per round trip. An odd last channel
     * stages zeros for ci + 1 (its weight index is clamped, its taps add 0). Same range as v3.
     */
    @Kernel
    public static void v6(KernelContext context, FloatArray input, FloatArray weights, FloatArray bias, FloatArray output,
                          @JitConstant int batch, @JitConstant int inChannels, @JitConstant int outChannels, @JitConstant int height,
                          @JitConstant int width, @JitConstant int relu, int inputOffset, int outputOffset) {
        int tx = context.globalIdx;
        int y = context.globalIdy;
        int z = context.globalIdz;
        int blocks = Index.ceilDiv(outChannels, K3);
        int tiles = Index.ceilDiv(width, PX);
        if (tx >= tiles || y >= height || z >= batch * blocks) {
            return;
        }
        int n = z / blocks;
        int co0 = (z - n * blocks) * K3;
        int x0 = tx * PX;
        int plane = height * width;
        int weightStride = inChannels * 9;
        float[] acc = new float[K3 * PX];
        float[] t0 = new float[6 * PX];
        float[] t1 = new float[6 * PX];
        float[] t2 = new float[6 * PX];
        for (int j = 0; j < K3; j++) {
            float b = bias.get(Math.min(co0 + j, outChannels - 1));
            for (int px = 0; px < PX; px++) {
                acc[j * PX + px] = b;
            }
        }
        for (int ci = 0; ci < inChannels; ci += 2) {
            // rows r = 0..2 of channel ci, then r = 3..5 of channel ci + 1
            for (int r = 0; r < 6; r++) {
                int c = ci + r / 3;
                int iy = y + r % 3 - 1;
                boolean rowOk = c < inChannels && iy >= 0 && iy < height;
                int rowBase = inputOffset + (n * inChannels + c) * plane + iy * width;
                for (int px = 0; px < PX; px++) {
                    int ix = x0 + px;
                    t0[r * PX + px] = rowOk && ix >= 1 && ix <= width ? input.get(rowBase + ix - 1) : 0.0f;
                    t1[r * PX + px] = rowOk && ix < width ? input.get(rowBase + ix) : 0.0f;
                    t2[r * PX + px] = rowOk && ix + 1 < width ? input.get(rowBase + ix + 1) : 0.0f;
                }
            }
            for (int j = 0; j < K3; j++) {
                int wa = Math.min(co0 + j, outChannels - 1) * weightStride + ci * 9;
                int wb = Math.min(co0 + j, outChannels - 1) * weightStride + Math.min(ci + 1, inChannels - 1) * 9;
                float a0 = weights.get(wa), a1 = weights.get(wa + 1), a2 = weights.get(wa + 2);
                float a3 = weights.get(wa + 3), a4 = weights.get(wa + 4), a5 = weights.get(wa + 5);
                float a6 = weights.get(wa + 6), a7 = weights.get(wa + 7), a8 = weights.get(wa + 8);
                float b0 = weights.get(wb), b1 = weights.get(wb + 1), b2 = weights.get(wb + 2);
                float b3 = weights.get(wb + 3), b4 = weights.get(wb + 4), b5 = weights.get(wb + 5);
                float b6 = weights.get(wb + 6), b7 = weights.get(wb + 7), b8 = weights.get(wb + 8);
                for (int px = 0; px < PX; px++) {
                    float a = acc[j * PX + px];
                    a = Math.fma(t0[px], a0, a);
                    a = Math.fma(t1[px], a1, a);
                    a = Math.fma(t2[px], a2, a);
                    a = Math.fma(t0[PX + px], a3, a);
                    a = Math.fma(t1[PX + px], a4, a);
                    a = Math.fma(t2[PX + px], a5, a);
                    a = Math.fma(t0[2 * PX + px], a6, a);
                    a = Math.fma(t1[2 * PX + px], a7, a);
                    a = Math.fma(t2[2 * PX + px], a8, a);
                    a = Math.fma(t0[3 * PX + px], b0, a);
                    a = Math.fma(t1[3 * PX + px], b1, a);
                    a = Math.fma(t2[3 * PX + px], b2, a);
                    a = Math.fma(t0[4 * PX + px], b3, a);
                    a = Math.fma(t1[4 * PX + px], b4, a);
                    a = Math.fma(t2[4 * PX + px], b5, a);
                    a = Math.fma(t0[5 * PX + px], b6, a);
                    a = Math.fma(t1[5 * PX + px], b7, a);
                    a = Math.fma(t2[5 * PX + px], b8, a);
                    acc[j * PX + px] = a;
                }
            }
        }
        int outBase = outputOffset + (n * outChannels + co0) * plane + y * width + x0;
        for (int j = 0; j < K3; j++) {
            if (co0 + j < outChannels) {
                for (int px = 0; px < PX; px++) {
                    if (x0 + px < width) {
                        float v = acc[j * PX + px];
                        if (relu != 0) {
                            v = Math.max(v, 0.0f);
                        }
                        output.set(outBase + j * plane + px, v);
                    }
                }
            }
        }
    }

    /** Output channels one work-item of v7 computes. */
    public static final int K7 = 16;

    /**
     * v7: v5 with partial channel blocks running only their channels and 16 output channels per work-item: the
     * input-row staging shared by twice the FMAs.
     * Range {@code (ceil(W/16), H, N * ceil(Cout/16))}.
     */
    @Kernel
    public static void v7(KernelContext context, FloatArray input, FloatArray weights, FloatArray bias, FloatArray output,
                                   @JitConstant int batch, @JitConstant int inChannels, @JitConstant int outChannels,
                                   @JitConstant int height, @JitConstant int width, @JitConstant int relu, int inputOffset,
                                   int outputOffset) {
        int tx = context.globalIdx;
        int y = context.globalIdy;
        int z = context.globalIdz;
        int blocks = Index.ceilDiv(outChannels, K7);
        int tiles = Index.ceilDiv(width, PX);
        if (tx >= tiles || y >= height || z >= batch * blocks) {
            return;
        }
        int n = z / blocks;
        int co0 = (z - n * blocks) * K7;
        int x0 = tx * PX;
        int plane = height * width;
        int weightStride = inChannels * 9;
        float[] acc = new float[K7 * PX];
        float[] t0 = new float[3 * PX];
        float[] t1 = new float[3 * PX];
        float[] t2 = new float[3 * PX];
        // a partial last block runs only its `count` channels: with outChannels = 1 (DRCN's recon2) a block of 8
        // would spend 7/8 of its FMAs on clamped duplicates (it did: 2.4 GFLOP/s in the training-step profile)
        int count = Math.min(K7, outChannels - co0);
        for (int j = 0; j < count; j++) {
            float b = bias.get(co0 + j);
            for (int px = 0; px < PX; px++) {
                acc[j * PX + px] = b;
            }
        }
        for (int ci = 0; ci < inChannels; ci++) {
            int base = inputOffset + (n * inChannels + ci) * plane;
            for (int r = 0; r < 3; r++) {
                int iy = y + r - 1;
                boolean rowOk = iy >= 0 && iy < height;
                int rowBase = base + iy * width;
                for (int px = 0; px < PX; px++) {
                    int ix = x0 + px;
                    t0[r * PX + px] = rowOk && ix >= 1 && ix <= width ? input.get(rowBase + ix - 1) : 0.0f;
                    t1[r * PX + px] = rowOk && ix < width ? input.get(rowBase + ix) : 0.0f;
                    t2[r * PX + px] = rowOk && ix + 1 < width ? input.get(rowBase + ix + 1) : 0.0f;
                }
            }
            for (int j = 0; j < count; j++) {
                int wb = (co0 + j) * weightStride + ci * 9;
                float w0 = weights.get(wb), w1 = weights.get(wb + 1), w2 = weights.get(wb + 2);
                float w3 = weights.get(wb + 3), w4 = weights.get(wb + 4), w5 = weights.get(wb + 5);
                float w6 = weights.get(wb + 6), w7 = weights.get(wb + 7), w8 = weights.get(wb + 8);
                for (int px = 0; px < PX; px++) {
                    float a = acc[j * PX + px];
                    a = Math.fma(t0[px], w0, a);
                    a = Math.fma(t1[px], w1, a);
                    a = Math.fma(t2[px], w2, a);
                    a = Math.fma(t0[PX + px], w3, a);
                    a = Math.fma(t1[PX + px], w4, a);
                    a = Math.fma(t2[PX + px], w5, a);
                    a = Math.fma(t0[2 * PX + px], w6, a);
                    a = Math.fma(t1[2 * PX + px], w7, a);
                    a = Math.fma(t2[2 * PX + px], w8, a);
                    acc[j * PX + px] = a;
                }
            }
        }
        int outBase = outputOffset + (n * outChannels + co0) * plane + y * width + x0;
        for (int j = 0; j < count; j++) {
            for (int px = 0; px < PX; px++) {
                if (x0 + px < width) {
                    float v = acc[j * PX + px];
                    if (relu != 0) {
                        v = Math.max(v, 0.0f);
                    }
                    output.set(outBase + j * plane + px, v);
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------------- GPU rungs
    // (ConvolutionTiled.convForwardTiled is the rung "tiled"; these two vary it. Same math, same summation order.)

    /** Rows (output channels) of a tiledPrefetch / tiled64 work-group tile. */
    public static final int T_ROWS = 64;
    /** Work-items of a tiledPrefetch / tiled64 work-group (1D local size). */
    public static final int T_THREADS = 128;
    /** Channels per K chunk (K = 18). */
    public static final int T_CHUNK_CHANNELS = 2;
    public static final int T_CHUNK_K = T_CHUNK_CHANNELS * 9;
    public static final int T_WEIGHT_STRIDE = T_ROWS + 1;
    public static final int T_WEIGHT_LOADS = T_CHUNK_K * T_ROWS / T_THREADS;
    /** Pixels of a tiledPrefetch tile (8x8 blocks on 8 x 16 work-items, as tiled). */
    public static final int PF_PIXELS = 128;
    /** Pixels of a tiled64 tile: 64 x 64 tiles, 8 rows x 4 pixels per work-item (twice the work-groups of tiled: for Cout = 64, 211 groups of tiled leave an H100's 132 SMs at 6 warps each). */
    public static final int S_PIXELS = 64;
    public static final int S_BLOCK_PIXELS = 4;

    /**
     * tiledPrefetch: convForwardTiled with the next chunk's global loads issued into registers (9 weights, 18 im2col
     * values) before the current chunk's FMAs, and stored to local memory after them (software pipelining through
     * registers, the pre-cp.async way): the loads' latency overlaps the FMAs of the same work-group instead of relying on
     * other work-groups of the SM. Range and local size: convForwardTiled's.
     */
    @Kernel
    public static void tiledPrefetch(KernelContext context, FloatArray input, FloatArray weights, FloatArray bias, FloatArray output,
                                     @JitConstant int batch, @JitConstant int inChannels, @JitConstant int outChannels,
                                     @JitConstant int height, @JitConstant int width, @JitConstant int relu, int inputOffset,
                                     int outputOffset) {
        float[] weightTile = context.allocateFloatLocalArray(T_CHUNK_K * T_WEIGHT_STRIDE);
        float[] pixelTile = context.allocateFloatLocalArray(T_CHUNK_K * PF_PIXELS);
        int t = context.localIdx;
        int pixel0 = context.groupIdx * PF_PIXELS;
        int co0 = context.groupIdy * T_ROWS;
        int plane = height * width;
        int pixels = batch * plane;
        int weightRow = inChannels * 9;
        int p = pixel0 + t;
        boolean pixelOk = p < pixels;
        int pn = pixelOk ? p / plane : 0;
        int pr = pixelOk ? p - pn * plane : 0;
        int py = pr / width;
        int px = pr - py * width;
        int pixelBase = inputOffset + pn * inChannels * plane + py * width + px;
        boolean up = py > 0;
        boolean down = py + 1 < height;
        boolean left = px > 0;
        boolean right = px + 1 < width;
        int tm = t / 16;
        int tn = t - tm * 16;
        float[] acc = new float[64];
        float[] a = new float[8];
        float[] b = new float[8];
        float[] nextWeights = new float[T_WEIGHT_LOADS];
        float[] nextPixels = new float[T_CHUNK_K];
        for (int i = 0; i < 8; i++) {
            float start = bias.get(Math.min(co0 + tm + 8 * i, outChannels - 1));
            for (int j = 0; j < 8; j++) {
                acc[i * 8 + j] = start;
            }
        }
        // iteration c: store the registers (chunk c - 2) to local memory; issue chunk c's global loads into the
        // registers; the FMAs of chunk c - 2 run while those loads are in flight
        for (int c = 0; c < inChannels + T_CHUNK_CHANNELS; c += T_CHUNK_CHANNELS) {
            if (c > 0) {
                for (int l = 0; l < T_WEIGHT_LOADS; l++) {
                    int e = t + l * T_THREADS;
                    int row = e / T_CHUNK_K;
                    weightTile[(e - row * T_CHUNK_K) * T_WEIGHT_STRIDE + row] = nextWeights[l];
                }
                for (int k = 0; k < T_CHUNK_K; k++) {
                    pixelTile[k * PF_PIXELS + t] = nextPixels[k];
                }
                context.localBarrier();
            }
            if (c < inChannels) {
                for (int l = 0; l < T_WEIGHT_LOADS; l++) {
                    int e = t + l * T_THREADS;
                    int row = e / T_CHUNK_K;
                    int k = e - row * T_CHUNK_K;
                    int co = co0 + row;
                    boolean ok = co < outChannels && c * 9 + k < weightRow;
                    nextWeights[l] = ok ? weights.get(co * weightRow + c * 9 + k) : 0.0f;
                }
                for (int cc = 0; cc < T_CHUNK_CHANNELS; cc++) {
                    boolean channelOk = pixelOk && c + cc < inChannels;
                    int base = pixelBase + (c + cc) * plane;
                    for (int ky = 0; ky < 3; ky++) {
                        boolean rowOk = channelOk && (ky != 0 || up) && (ky != 2 || down);
                        for (int kx = 0; kx < 3; kx++) {
                            boolean ok = rowOk && (kx != 0 || left) && (kx != 2 || right);
                            nextPixels[cc * 9 + ky * 3 + kx] = ok ? input.get(base + (ky - 1) * width + kx - 1) : 0.0f;
                        }
                    }
                }
            }
            if (c > 0) {
                for (int k = 0; k < T_CHUNK_K; k++) {
                    for (int i = 0; i < 8; i++) {
                        a[i] = weightTile[k * T_WEIGHT_STRIDE + tm + 8 * i];
                    }
                    for (int j = 0; j < 8; j++) {
                        b[j] = pixelTile[k * PF_PIXELS + tn + 16 * j];
                    }
                    for (int i = 0; i < 8; i++) {
                        for (int j = 0; j < 8; j++) {
                            acc[i * 8 + j] = Math.fma(a[i], b[j], acc[i * 8 + j]);
                        }
                    }
                }
                context.localBarrier();
            }
        }
        for (int j = 0; j < 8; j++) {
            int q = pixel0 + tn + 16 * j;
            if (q < pixels) {
                int n = q / plane;
                int r = q - n * plane;
                for (int i = 0; i < 8; i++) {
                    int co = co0 + tm + 8 * i;
                    if (co < outChannels) {
                        float v = acc[i * 8 + j];
                        if (relu != 0) {
                            v = Math.max(v, 0.0f);
                        }
                        output.set(outputOffset + (n * outChannels + co) * plane + r, v);
                    }
                }
            }
        }
    }

    /**
     * tiled64: convForwardTiled on 64 x 64 tiles (8 rows x 4 pixels per work-item: rows tm + 8i, pixels tn + 16j), twice
     * the work-groups, half the accumulators. Range: {@code (ceil(P / 64) * 128, ceil(Cout / 64))}, local {@code (128, 1)};
     * work-items 64..127 stage nothing of the im2col slab (64 columns), all stage weights.
     */
    @Kernel
    public static void tiled64(KernelContext context, FloatArray input, FloatArray weights, FloatArray bias, FloatArray output,
                               @JitConstant int batch, @JitConstant int inChannels, @JitConstant int outChannels, @JitConstant int height,
                               @JitConstant int width, @JitConstant int relu, int inputOffset, int outputOffset) {
        float[] weightTile = context.allocateFloatLocalArray(T_CHUNK_K * T_WEIGHT_STRIDE);
        float[] pixelTile = context.allocateFloatLocalArray(T_CHUNK_K * S_PIXELS);
        int t = context.localIdx;
        int pixel0 = context.groupIdx * S_PIXELS;
        int co0 = context.groupIdy * T_ROWS;
        int plane = height * width;
        int pixels = batch * plane;
        int weightRow = inChannels * 9;
        // staging: work-items 0..63 stage im2col column t (the pixel pixel0 + t)
        boolean stager = t < S_PIXELS;
        int p = pixel0 + t;
        boolean pixelOk = stager && p < pixels;
        int pn = pixelOk ? p / plane : 0;
        int pr = pixelOk ? p - pn * plane : 0;
        int py = pr / width;
        int px = pr - py * width;
        int pixelBase = inputOffset + pn * inChannels * plane + py * width + px;
        boolean up = py > 0;
        boolean down = py + 1 < height;
        boolean left = px > 0;
        boolean right = px + 1 < width;
        int tm = t / 16;
        int tn = t - tm * 16;
        float[] acc = new float[8 * S_BLOCK_PIXELS];
        float[] a = new float[8];
        float[] b = new float[S_BLOCK_PIXELS];
        for (int i = 0; i < 8; i++) {
            float start = bias.get(Math.min(co0 + tm + 8 * i, outChannels - 1));
            for (int j = 0; j < S_BLOCK_PIXELS; j++) {
                acc[i * S_BLOCK_PIXELS + j] = start;
            }
        }
        for (int c0 = 0; c0 < inChannels; c0 += T_CHUNK_CHANNELS) {
            for (int l = 0; l < T_WEIGHT_LOADS; l++) {
                int e = t + l * T_THREADS;
                int row = e / T_CHUNK_K;
                int k = e - row * T_CHUNK_K;
                int co = co0 + row;
                boolean ok = co < outChannels && c0 * 9 + k < weightRow;
                weightTile[k * T_WEIGHT_STRIDE + row] = ok ? weights.get(co * weightRow + c0 * 9 + k) : 0.0f;
            }
            if (stager) {
                for (int cc = 0; cc < T_CHUNK_CHANNELS; cc++) {
                    boolean channelOk = pixelOk && c0 + cc < inChannels;
                    int base = pixelBase + (c0 + cc) * plane;
                    for (int ky = 0; ky < 3; ky++) {
                        boolean rowOk = channelOk && (ky != 0 || up) && (ky != 2 || down);
                        for (int kx = 0; kx < 3; kx++) {
                            boolean ok = rowOk && (kx != 0 || left) && (kx != 2 || right);
                            pixelTile[(cc * 9 + ky * 3 + kx) * S_PIXELS + t] = ok ? input.get(base + (ky - 1) * width + kx - 1) : 0.0f;
                        }
                    }
                }
            }
            context.localBarrier();
            for (int k = 0; k < T_CHUNK_K; k++) {
                for (int i = 0; i < 8; i++) {
                    a[i] = weightTile[k * T_WEIGHT_STRIDE + tm + 8 * i];
                }
                for (int j = 0; j < S_BLOCK_PIXELS; j++) {
                    b[j] = pixelTile[k * S_PIXELS + tn + 16 * j];
                }
                for (int i = 0; i < 8; i++) {
                    for (int j = 0; j < S_BLOCK_PIXELS; j++) {
                        acc[i * S_BLOCK_PIXELS + j] = Math.fma(a[i], b[j], acc[i * S_BLOCK_PIXELS + j]);
                    }
                }
            }
            context.localBarrier();
        }
        for (int j = 0; j < S_BLOCK_PIXELS; j++) {
            int q = pixel0 + tn + 16 * j;
            if (q < pixels) {
                int n = q / plane;
                int r = q - n * plane;
                for (int i = 0; i < 8; i++) {
                    int co = co0 + tm + 8 * i;
                    if (co < outChannels) {
                        float v = acc[i * S_BLOCK_PIXELS + j];
                        if (relu != 0) {
                            v = Math.max(v, 0.0f);
                        }
                        output.set(outputOffset + (n * outChannels + co) * plane + r, v);
                    }
                }
            }
        }
    }
}
