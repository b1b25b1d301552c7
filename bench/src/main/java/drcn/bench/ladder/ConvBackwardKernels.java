package drcn.bench.ladder;

import drcn.kernels.Index;
import drcn.tornado.api.types.arrays.FloatArray;
import drcn.kernels.api.JitConstant;
import drcn.kernels.api.Kernel;
import drcn.tornado.api.KernelContext;

/**
 * Rungs of the convolution backward ladder ({@link ConvBackwardLadder}) that did not move into the product.
 * The product's rungs are {@code Convolution.convBackwardInput} / {@code convBackwardWeights} (i0 / w0, the GPU
 * kernels) and {@code Convolution.convBackwardInputRowTiles} / {@code convBackwardWeightsRowTiles} (i3 / w5, the
 * CPU kernels, the winners); the ladder launches those from the product directly.
 *
 * <p>The math: {@code dIn[n][ci][y][x] = sum_{co,ky,kx} w[co][ci][ky][kx] * dOut[n][co][y-ky+1][x-kx+1]} and
 * {@code dW[co][ci][ky][kx] += sum_{n,y,x} dOut[n][co][y][x] * in[n][ci][y+ky-1][x+kx-1]}
 * (taps outside the image read 0). FLOPs: {@code 2 * 9 * Cin * Cout * H * W * N}.
 */
public final class ConvBackwardKernels {
    private ConvBackwardKernels() {
    }

    /** Pixels of a row tile (the SIMD lanes of w1). */
    public static final int PX = 16;
    /** Output channels one work-item owns. */
    public static final int K = 8;

    /**
     * w1: the first CPU form, without a barrier or a second pass. Work-item {@code (ci, b)} owns the 9 weights of
     * (co, ci) for the 8 output channels of block b and loops over all images, rows and 16-pixel row tiles,
     * staging the tile's dOutput rows (8 channels) and the 3 input rows per kx shift as the forward's v5 does;
     * the accumulators are 16-lane vectors {@code acc[j][tap][px]} (one lane per pixel of the tile), added up
     * at the end. The innermost loop runs over the 16 pixels with the 9 taps written out: 9 FMAs, but each on
     * its own accumulator, so every FMA costs an accumulator load and store (the reduction runs along the
     * lanes). The product (w2) halves that. Range 2D {@code (Cin, ceil(Cout / 8))}.
     */
    @Kernel
    public static void w1(KernelContext context, FloatArray dOutput, FloatArray input, FloatArray dWeights, @JitConstant int batch,
                          @JitConstant int inChannels, @JitConstant int outChannels, @JitConstant int height, @JitConstant int width,
                          int dOutputOffset, int inputOffset) {
        int ci = context.globalIdx;
        int b = context.globalIdy;
        int blocks = Index.ceilDiv(outChannels, K);
        if (ci >= inChannels || b >= blocks) {
            return;
        }
        int co0 = b * K;
        int count = Math.min(K, outChannels - co0);
        int plane = height * width;
        int tiles = Index.ceilDiv(width, PX);
        float[] acc = new float[K * 9 * PX];
        float[] g = new float[K * PX];
        float[] t0 = new float[3 * PX];
        float[] t1 = new float[3 * PX];
        float[] t2 = new float[3 * PX];
        for (int i = 0; i < K * 9 * PX; i++) {
            acc[i] = 0.0f;
        }
        for (int n = 0; n < batch; n++) {
            int inBase = inputOffset + (n * inChannels + ci) * plane;
            int outBase = dOutputOffset + (n * outChannels + co0) * plane;
            for (int y = 0; y < height; y++) {
                for (int tx = 0; tx < tiles; tx++) {
                    int x0 = tx * PX;
                    for (int j = 0; j < count; j++) {
                        int rowBase = outBase + j * plane + y * width;
                        for (int px = 0; px < PX; px++) {
                            g[j * PX + px] = x0 + px < width ? dOutput.get(rowBase + x0 + px) : 0.0f;
                        }
                    }
                    for (int ky = 0; ky < 3; ky++) {
                        int iy = y + ky - 1;
                        boolean rowOk = iy >= 0 && iy < height;
                        int rowBase = inBase + iy * width;
                        for (int px = 0; px < PX; px++) {
                            int ix = x0 + px;
                            t0[ky * PX + px] = rowOk && ix >= 1 && ix <= width ? input.get(rowBase + ix - 1) : 0.0f;
                            t1[ky * PX + px] = rowOk && ix < width ? input.get(rowBase + ix) : 0.0f;
                            t2[ky * PX + px] = rowOk && ix + 1 < width ? input.get(rowBase + ix + 1) : 0.0f;
                        }
                    }
                    for (int j = 0; j < count; j++) {
                        for (int px = 0; px < PX; px++) {
                            float v = g[j * PX + px];
                            int a = j * 9 * PX + px;
                            acc[a] = Math.fma(v, t0[px], acc[a]);
                            acc[a + PX] = Math.fma(v, t1[px], acc[a + PX]);
                            acc[a + 2 * PX] = Math.fma(v, t2[px], acc[a + 2 * PX]);
                            acc[a + 3 * PX] = Math.fma(v, t0[PX + px], acc[a + 3 * PX]);
                            acc[a + 4 * PX] = Math.fma(v, t1[PX + px], acc[a + 4 * PX]);
                            acc[a + 5 * PX] = Math.fma(v, t2[PX + px], acc[a + 5 * PX]);
                            acc[a + 6 * PX] = Math.fma(v, t0[2 * PX + px], acc[a + 6 * PX]);
                            acc[a + 7 * PX] = Math.fma(v, t1[2 * PX + px], acc[a + 7 * PX]);
                            acc[a + 8 * PX] = Math.fma(v, t2[2 * PX + px], acc[a + 8 * PX]);
                        }
                    }
                }
            }
        }
        for (int j = 0; j < count; j++) {
            for (int k = 0; k < 9; k++) {
                float sum = 0.0f;
                for (int px = 0; px < PX; px++) {
                    sum += acc[(j * 9 + k) * PX + px];
                }
                int index = ((co0 + j) * inChannels + ci) * 9 + k;
                dWeights.set(index, dWeights.get(index) + sum);
            }
        }
    }

    /** Input channels one work-item of i1 computes. */
    public static final int K8 = 8;

    /**
     * i1: the input gradient as the forward's v5 (Convolution.convForwardRowTiles): the flipped, transposed
     * kernel over 16-pixel row tiles x 8 input channels; per output channel the 3 dOutput rows
     * {@code oy = y - ky + 1} are staged once per kx shift ({@code tk[ky][px] = dOut[oy][x0 + px - kx + 1]},
     * zeros outside the image), then 9 written-out taps per pixel, innermost loop over the 16 pixels.
     * What changed from i0 (Convolution.convBackwardInput, 1 pixel x 8 channels per item): explicit SIMD lanes,
     * padding tested once per staged value instead of per FMA. Range 3D {@code (ceil(W/16), H, N * ceil(Cin/8))}.
     * The product's CPU kernel (i2) takes 16 channels.
     */
    @Kernel
    public static void i1(KernelContext context, FloatArray dOutput, FloatArray weights, FloatArray dInput, @JitConstant int batch,
                                                 @JitConstant int inChannels, @JitConstant int outChannels, @JitConstant int height,
                                                 @JitConstant int width, @JitConstant int accumulate, int dOutputOffset, int dInputOffset) {
        int tx = context.globalIdx;
        int y = context.globalIdy;
        int z = context.globalIdz;
        int blocks = Index.ceilDiv(inChannels, K8);
        int tiles = Index.ceilDiv(width, PX);
        if (tx >= tiles || y >= height || z >= batch * blocks) {
            return;
        }
        int n = z / blocks;
        int ci0 = (z - n * blocks) * K8;
        int count = Math.min(K8, inChannels - ci0);   // a partial last block runs fewer channels
        int x0 = tx * PX;
        int plane = height * width;
        float[] acc = new float[K8 * PX];
        float[] t0 = new float[3 * PX];
        float[] t1 = new float[3 * PX];
        float[] t2 = new float[3 * PX];
        for (int i = 0; i < K8 * PX; i++) {
            acc[i] = 0.0f;
        }
        for (int co = 0; co < outChannels; co++) {
            int base = dOutputOffset + (n * outChannels + co) * plane;
            for (int ky = 0; ky < 3; ky++) {
                int oy = y - ky + 1;
                boolean rowOk = oy >= 0 && oy < height;
                int rowBase = base + oy * width;
                for (int px = 0; px < PX; px++) {
                    int ix = x0 + px;
                    // kx = 0 reads ox = x + 1, kx = 1 reads x, kx = 2 reads x - 1
                    t0[ky * PX + px] = rowOk && ix + 1 < width ? dOutput.get(rowBase + ix + 1) : 0.0f;
                    t1[ky * PX + px] = rowOk && ix < width ? dOutput.get(rowBase + ix) : 0.0f;
                    t2[ky * PX + px] = rowOk && ix >= 1 && ix <= width ? dOutput.get(rowBase + ix - 1) : 0.0f;
                }
            }
            for (int j = 0; j < count; j++) {
                int wb = (co * inChannels + ci0 + j) * 9;
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
        int inBase = dInputOffset + (n * inChannels + ci0) * plane + y * width + x0;
        for (int j = 0; j < count; j++) {
            for (int px = 0; px < PX; px++) {
                if (x0 + px < width) {
                    int index = inBase + j * plane + px;
                    if (accumulate != 0) {
                        dInput.set(index, dInput.get(index) + acc[j * PX + px]);
                    } else {
                        dInput.set(index, acc[j * PX + px]);
                    }
                }
            }
        }
    }


    /** SIMD lanes of w3. */
    public static final int WL = 8;

    /**
     * w3: w2 (the product's convBackwardWeightsRowTiles) over TWO output rows per step: the 4 input rows
     * y-1..y+2 are staged per kx shift and the dOutput rows y and y+1 (zeros past the bottom), so each 8-lane
     * accumulator takes 4 FMAs per memory round trip (2 rows x 2 tile halves) instead of 2, and the staged
     * input rows serve two output rows. Range 2D {@code (Cin, ceil(Cout / 8))}.
     */
    @Kernel
    public static void w3(KernelContext context, FloatArray dOutput, FloatArray input, FloatArray dWeights, @JitConstant int batch,
                          @JitConstant int inChannels, @JitConstant int outChannels, @JitConstant int height, @JitConstant int width,
                          int dOutputOffset, int inputOffset) {
        int ci = context.globalIdx;
        int b = context.globalIdy;
        int blocks = Index.ceilDiv(outChannels, K);
        if (ci >= inChannels || b >= blocks) {
            return;
        }
        int co0 = b * K;
        int count = Math.min(K, outChannels - co0);
        int plane = height * width;
        int tiles = Index.ceilDiv(width, PX);
        float[] acc = new float[K * 9 * WL];
        float[] g = new float[K * 2 * PX];
        float[] t0 = new float[4 * PX];
        float[] t1 = new float[4 * PX];
        float[] t2 = new float[4 * PX];
        for (int i = 0; i < K * 9 * WL; i++) {
            acc[i] = 0.0f;
        }
        for (int n = 0; n < batch; n++) {
            int inBase = inputOffset + (n * inChannels + ci) * plane;
            int outBase = dOutputOffset + (n * outChannels + co0) * plane;
            for (int y = 0; y < height; y += 2) {
                for (int tx = 0; tx < tiles; tx++) {
                    int x0 = tx * PX;
                    for (int j = 0; j < count; j++) {
                        for (int r = 0; r < 2; r++) {
                            boolean rowOk = y + r < height;
                            int rowBase = outBase + j * plane + (y + r) * width;
                            for (int px = 0; px < PX; px++) {
                                g[(j * 2 + r) * PX + px] = rowOk && x0 + px < width ? dOutput.get(rowBase + x0 + px) : 0.0f;
                            }
                        }
                    }
                    for (int r = 0; r < 4; r++) {
                        int iy = y + r - 1;
                        boolean rowOk = iy >= 0 && iy < height;
                        int rowBase = inBase + iy * width;
                        for (int px = 0; px < PX; px++) {
                            int ix = x0 + px;
                            t0[r * PX + px] = rowOk && ix >= 1 && ix <= width ? input.get(rowBase + ix - 1) : 0.0f;
                            t1[r * PX + px] = rowOk && ix < width ? input.get(rowBase + ix) : 0.0f;
                            t2[r * PX + px] = rowOk && ix + 1 < width ? input.get(rowBase + ix + 1) : 0.0f;
                        }
                    }
                    for (int j = 0; j < count; j++) {
                        for (int l = 0; l < WL; l++) {
                            float l0 = g[j * 2 * PX + l];
                            float h0 = g[j * 2 * PX + WL + l];
                            float l1 = g[(j * 2 + 1) * PX + l];
                            float h1 = g[(j * 2 + 1) * PX + WL + l];
                            int a = j * 9 * WL + l;
                            acc[a + 0 * WL] = Math.fma(h1, t0[1*PX + WL + l], Math.fma(l1, t0[1*PX + l], Math.fma(h0, t0[0*PX + WL + l], Math.fma(l0, t0[0*PX + l], acc[a + 0 * WL]))));
                            acc[a + 1 * WL] = Math.fma(h1, t1[1*PX + WL + l], Math.fma(l1, t1[1*PX + l], Math.fma(h0, t1[0*PX + WL + l], Math.fma(l0, t1[0*PX + l], acc[a + 1 * WL]))));
                            acc[a + 2 * WL] = Math.fma(h1, t2[1*PX + WL + l], Math.fma(l1, t2[1*PX + l], Math.fma(h0, t2[0*PX + WL + l], Math.fma(l0, t2[0*PX + l], acc[a + 2 * WL]))));
                            acc[a + 3 * WL] = Math.fma(h1, t0[2*PX + WL + l], Math.fma(l1, t0[2*PX + l], Math.fma(h0, t0[1*PX + WL + l], Math.fma(l0, t0[1*PX + l], acc[a + 3 * WL]))));
                            acc[a + 4 * WL] = Math.fma(h1, t1[2*PX + WL + l], Math.fma(l1, t1[2*PX + l], Math.fma(h0, t1[1*PX + WL + l], Math.fma(l0, t1[1*PX + l], acc[a + 4 * WL]))));
                            acc[a + 5 * WL] = Math.fma(h1, t2[2*PX + WL + l], Math.fma(l1, t2[2*PX + l], Math.fma(h0, t2[1*PX + WL + l], Math.fma(l0, t2[1*PX + l], acc[a + 5 * WL]))));
                            acc[a + 6 * WL] = Math.fma(h1, t0[3*PX + WL + l], Math.fma(l1, t0[3*PX + l], Math.fma(h0, t0[2*PX + WL + l], Math.fma(l0, t0[2*PX + l], acc[a + 6 * WL]))));
                            acc[a + 7 * WL] = Math.fma(h1, t1[3*PX + WL + l], Math.fma(l1, t1[3*PX + l], Math.fma(h0, t1[2*PX + WL + l], Math.fma(l0, t1[2*PX + l], acc[a + 7 * WL]))));
                            acc[a + 8 * WL] = Math.fma(h1, t2[3*PX + WL + l], Math.fma(l1, t2[3*PX + l], Math.fma(h0, t2[2*PX + WL + l], Math.fma(l0, t2[2*PX + l], acc[a + 8 * WL]))));
                        }
                    }
                }
            }
        }
        for (int j = 0; j < count; j++) {
            for (int k = 0; k < 9; k++) {
                float sum = 0.0f;
                for (int l = 0; l < WL; l++) {
                    sum += acc[(j * 9 + k) * WL + l];
                }
                int index = ((co0 + j) * inChannels + ci) * 9 + k;
                dWeights.set(index, dWeights.get(index) + sum);
            }
        }
    }

    /** Input channels one work-item of w4 owns. */
    public static final int CB = 4;

    /**
     * w4: w2 (the product) with {@link #CB} = 4 input channels per work-item. Why: at batch D*N = 256 (the model's
     * recon1 and infer weight gradients) w2 ran at 21 GFLOP/s against 27 at batch 16 (training-step profile): each
     * work-item (ci, b) streams the dOutput of its 8 channels over ALL images (13.8 MB at F = 64, 41x41, 256
     * images), more than the L2, and the 64 items of a block each stream it again. Here the dOutput tile of the 8
     * channels is staged ONCE per tile for 4 input channels (4x less dOutput traffic and g staging), then for each
     * of the 4 channels the 3 input rows are staged and w2's FMAs run into that channel's accumulators
     * {@code acc[cj][j][tap][l]} (4 x 8 x 9 x 8 floats = 9 KB, L1). Range 2D {@code (ceil(Cin / 4), ceil(Cout / 8))}:
     * 128 items at F = 64. Same sums per weight as w2, same order.
     */
    @Kernel
    public static void w4(KernelContext context, FloatArray dOutput, FloatArray input, FloatArray dWeights, @JitConstant int batch,
                          @JitConstant int inChannels, @JitConstant int outChannels, @JitConstant int height, @JitConstant int width,
                          int dOutputOffset, int inputOffset) {
        int cb = context.globalIdx;
        int b = context.globalIdy;
        int blocks = Index.ceilDiv(outChannels, K);
        int ciBlocks = Index.ceilDiv(inChannels, CB);
        if (cb >= ciBlocks || b >= blocks) {
            return;
        }
        int ci0 = cb * CB;
        int ciCount = Math.min(CB, inChannels - ci0);
        int co0 = b * K;
        int count = Math.min(K, outChannels - co0);
        int plane = height * width;
        int tiles = Index.ceilDiv(width, PX);
        int accPerCi = K * 9 * WL;
        float[] acc = new float[CB * K * 9 * WL];
        float[] g = new float[K * PX];
        float[] t0 = new float[3 * PX];
        float[] t1 = new float[3 * PX];
        float[] t2 = new float[3 * PX];
        for (int i = 0; i < CB * K * 9 * WL; i++) {
            acc[i] = 0.0f;
        }
        for (int n = 0; n < batch; n++) {
            int outBase = dOutputOffset + (n * outChannels + co0) * plane;
            for (int y = 0; y < height; y++) {
                for (int tx = 0; tx < tiles; tx++) {
                    int x0 = tx * PX;
                    for (int j = 0; j < count; j++) {
                        int rowBase = outBase + j * plane + y * width;
                        for (int px = 0; px < PX; px++) {
                            g[j * PX + px] = x0 + px < width ? dOutput.get(rowBase + x0 + px) : 0.0f;
                        }
                    }
                    for (int cj = 0; cj < ciCount; cj++) {
                        int inBase = inputOffset + (n * inChannels + ci0 + cj) * plane;
                        for (int ky = 0; ky < 3; ky++) {
                            int iy = y + ky - 1;
                            boolean rowOk = iy >= 0 && iy < height;
                            int rowBase = inBase + iy * width;
                            for (int px = 0; px < PX; px++) {
                                int ix = x0 + px;
                                t0[ky * PX + px] = rowOk && ix >= 1 && ix <= width ? input.get(rowBase + ix - 1) : 0.0f;
                                t1[ky * PX + px] = rowOk && ix < width ? input.get(rowBase + ix) : 0.0f;
                                t2[ky * PX + px] = rowOk && ix + 1 < width ? input.get(rowBase + ix + 1) : 0.0f;
                            }
                        }
                        for (int j = 0; j < count; j++) {
                            for (int l = 0; l < WL; l++) {
                                float lo = g[j * PX + l];
                                float hi = g[j * PX + WL + l];
                                int a = cj * accPerCi + j * 9 * WL + l;
                                acc[a] = Math.fma(hi, t0[WL + l], Math.fma(lo, t0[l], acc[a]));
                                acc[a + WL] = Math.fma(hi, t1[WL + l], Math.fma(lo, t1[l], acc[a + WL]));
                                acc[a + 2 * WL] = Math.fma(hi, t2[WL + l], Math.fma(lo, t2[l], acc[a + 2 * WL]));
                                acc[a + 3 * WL] = Math.fma(hi, t0[PX + WL + l], Math.fma(lo, t0[PX + l], acc[a + 3 * WL]));
                                acc[a + 4 * WL] = Math.fma(hi, t1[PX + WL + l], Math.fma(lo, t1[PX + l], acc[a + 4 * WL]));
                                acc[a + 5 * WL] = Math.fma(hi, t2[PX + WL + l], Math.fma(lo, t2[PX + l], acc[a + 5 * WL]));
                                acc[a + 6 * WL] = Math.fma(hi, t0[2 * PX + WL + l], Math.fma(lo, t0[2 * PX + l], acc[a + 6 * WL]));
                                acc[a + 7 * WL] = Math.fma(hi, t1[2 * PX + WL + l], Math.fma(lo, t1[2 * PX + l], acc[a + 7 * WL]));
                                acc[a + 8 * WL] = Math.fma(hi, t2[2 * PX + WL + l], Math.fma(lo, t2[2 * PX + l], acc[a + 8 * WL]));
                            }
                        }
                    }
                }
            }
        }
        for (int cj = 0; cj < ciCount; cj++) {
            for (int j = 0; j < count; j++) {
                for (int k = 0; k < 9; k++) {
                    float sum = 0.0f;
                    for (int l = 0; l < WL; l++) {
                        sum += acc[cj * accPerCi + (j * 9 + k) * WL + l];
                    }
                    int index = ((co0 + j) * inChannels + ci0 + cj) * 9 + k;
                    dWeights.set(index, dWeights.get(index) + sum);
                }
            }
        }
    }

    /**
     * w2: the product CPU kernel before w5 (Convolution.convBackwardWeightsRowTiles with ONE input channel per work-item):
     * item (ci, b) owns (co = 8b..8b+7, ci), loops over all images, rows and tiles, stages the 8 channels' dOutput
     * tile and the 3 input rows per kx shift; 8-lane accumulators taking both tile halves (2 FMAs per round trip).
     * Range 2D {@code (Cin, ceil(Cout / 8))}.
     */
    @Kernel
    public static void w2(KernelContext context, FloatArray dOutput, FloatArray input, FloatArray dWeights, @JitConstant int batch,
                                                   @JitConstant int inChannels, @JitConstant int outChannels, @JitConstant int height,
                                                   @JitConstant int width, int dOutputOffset, int inputOffset) {
        int ci = context.globalIdx;
        int b = context.globalIdy;
        int blocks = Index.ceilDiv(outChannels, K);
        if (ci >= inChannels || b >= blocks) {
            return;
        }
        int co0 = b * K;
        int count = Math.min(K, outChannels - co0);   // a partial last block runs fewer channels
        int plane = height * width;
        int tiles = Index.ceilDiv(width, PX);
        float[] acc = new float[K * 9 * WL];
        float[] g = new float[K * PX];
        float[] t0 = new float[3 * PX];
        float[] t1 = new float[3 * PX];
        float[] t2 = new float[3 * PX];
        for (int i = 0; i < K * 9 * WL; i++) {
            acc[i] = 0.0f;
        }
        for (int n = 0; n < batch; n++) {
            int inBase = inputOffset + (n * inChannels + ci) * plane;
            int outBase = dOutputOffset + (n * outChannels + co0) * plane;
            for (int y = 0; y < height; y++) {
                for (int tx = 0; tx < tiles; tx++) {
                    int x0 = tx * PX;
                    for (int j = 0; j < count; j++) {
                        int rowBase = outBase + j * plane + y * width;
                        for (int px = 0; px < PX; px++) {
                            g[j * PX + px] = x0 + px < width ? dOutput.get(rowBase + x0 + px) : 0.0f;
                        }
                    }
                    for (int ky = 0; ky < 3; ky++) {
                        int iy = y + ky - 1;
                        boolean rowOk = iy >= 0 && iy < height;
                        int rowBase = inBase + iy * width;
                        for (int px = 0; px < PX; px++) {
                            int ix = x0 + px;
                            t0[ky * PX + px] = rowOk && ix >= 1 && ix <= width ? input.get(rowBase + ix - 1) : 0.0f;
                            t1[ky * PX + px] = rowOk && ix < width ? input.get(rowBase + ix) : 0.0f;
                            t2[ky * PX + px] = rowOk && ix + 1 < width ? input.get(rowBase + ix + 1) : 0.0f;
                        }
                    }
                    for (int j = 0; j < count; j++) {
                        for (int l = 0; l < WL; l++) {
                            float lo = g[j * PX + l];
                            float hi = g[j * PX + WL + l];
                            int a = j * 9 * WL + l;   // acc[j][tap][l] at a + tap * WL
                            acc[a] = Math.fma(hi, t0[WL + l], Math.fma(lo, t0[l], acc[a]));
                            acc[a + WL] = Math.fma(hi, t1[WL + l], Math.fma(lo, t1[l], acc[a + WL]));
                            acc[a + 2 * WL] = Math.fma(hi, t2[WL + l], Math.fma(lo, t2[l], acc[a + 2 * WL]));
                            acc[a + 3 * WL] = Math.fma(hi, t0[PX + WL + l], Math.fma(lo, t0[PX + l], acc[a + 3 * WL]));
                            acc[a + 4 * WL] = Math.fma(hi, t1[PX + WL + l], Math.fma(lo, t1[PX + l], acc[a + 4 * WL]));
                            acc[a + 5 * WL] = Math.fma(hi, t2[PX + WL + l], Math.fma(lo, t2[PX + l], acc[a + 5 * WL]));
                            acc[a + 6 * WL] = Math.fma(hi, t0[2 * PX + WL + l], Math.fma(lo, t0[2 * PX + l], acc[a + 6 * WL]));
                            acc[a + 7 * WL] = Math.fma(hi, t1[2 * PX + WL + l], Math.fma(lo, t1[2 * PX + l], acc[a + 7 * WL]));
                            acc[a + 8 * WL] = Math.fma(hi, t2[2 * PX + WL + l], Math.fma(lo, t2[2 * PX + l], acc[a + 8 * WL]));
                        }
                    }
                }
            }
        }
        for (int j = 0; j < count; j++) {
            for (int k = 0; k < 9; k++) {
                float sum = 0.0f;
                for (int l = 0; l < WL; l++) {
                    sum += acc[(j * 9 + k) * WL + l];
                }
                int index = ((co0 + j) * inChannels + ci) * 9 + k;
                dWeights.set(index, dWeights.get(index) + sum);
            }
        }
    }

    /** Input channels one work-item of i2 computes. */
    public static final int K16 = 16;

    /** i2: i1 with 16 input channels per work-item (the product's CPU kernel until i3). Range {@code (ceil(W/16), H, N * ceil(Cin/16))}. */
    @Kernel
    public static void i2(KernelContext context, FloatArray dOutput, FloatArray weights, FloatArray dInput, @JitConstant int batch,
                                                 @JitConstant int inChannels, @JitConstant int outChannels, @JitConstant int height,
                                                 @JitConstant int width, @JitConstant int accumulate, int dOutputOffset, int dInputOffset) {
        int tx = context.globalIdx;
        int y = context.globalIdy;
        int z = context.globalIdz;
        int blocks = Index.ceilDiv(inChannels, K16);
        int tiles = Index.ceilDiv(width, PX);
        if (tx >= tiles || y >= height || z >= batch * blocks) {
            return;
        }
        int n = z / blocks;
        int ci0 = (z - n * blocks) * K16;
        int count = Math.min(K16, inChannels - ci0);   // a partial last block runs fewer channels
        int x0 = tx * PX;
        int plane = height * width;
        float[] acc = new float[K16 * PX];
        float[] t0 = new float[3 * PX];
        float[] t1 = new float[3 * PX];
        float[] t2 = new float[3 * PX];
        for (int i = 0; i < K16 * PX; i++) {
            acc[i] = 0.0f;
        }
        for (int co = 0; co < outChannels; co++) {
            int base = dOutputOffset + (n * outChannels + co) * plane;
            for (int ky = 0; ky < 3; ky++) {
                int oy = y - ky + 1;
                boolean rowOk = oy >= 0 && oy < height;
                int rowBase = base + oy * width;
                for (int px = 0; px < PX; px++) {
                    int ix = x0 + px;
                    // kx = 0 reads ox = x + 1, kx = 1 reads x, kx = 2 reads x - 1
                    t0[ky * PX + px] = rowOk && ix + 1 < width ? dOutput.get(rowBase + ix + 1) : 0.0f;
                    t1[ky * PX + px] = rowOk && ix < width ? dOutput.get(rowBase + ix) : 0.0f;
                    t2[ky * PX + px] = rowOk && ix >= 1 && ix <= width ? dOutput.get(rowBase + ix - 1) : 0.0f;
                }
            }
            for (int j = 0; j < count; j++) {
                int wb = (co * inChannels + ci0 + j) * 9;
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
        int inBase = dInputOffset + (n * inChannels + ci0) * plane + y * width + x0;
        for (int j = 0; j < count; j++) {
            for (int px = 0; px < PX; px++) {
                if (x0 + px < width) {
                    int index = inBase + j * plane + px;
                    if (accumulate != 0) {
                        dInput.set(index, dInput.get(index) + acc[j * PX + px]);
                    } else {
                        dInput.set(index, acc[j * PX + px]);
                    }
                }
            }
        }
    }
}
