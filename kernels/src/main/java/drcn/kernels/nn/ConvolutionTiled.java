package drcn.kernels.nn;

import drcn.kernels.Index;
import drcn.tornado.api.types.arrays.FloatArray;
import drcn.kernels.api.JitConstant;
import drcn.kernels.api.Kernel;
import drcn.kernels.api.Local;
import drcn.kernels.api.Scratch;
import drcn.tornado.api.KernelContext;

/**
 * GPU 3x3 convolutions (stride 1, zero padding 1, NCHW) as tiled implicit GEMMs with local (shared) memory and
 * register blocking: the same arguments and results as {@link Convolution}'s GPU kernels, written for NVIDIA-class
 * GPUs (the classic SGEMM structure, Volkov / CUTLASS "SIMT" style, without tensor cores: fp32 FMA).
 *
 * <p>The three GEMMs (P = batch * H * W pixels, flattened over (n, y, x)):
 * <ul>
 *   <li>forward: {@code out[co][p] = bias[co] + sum_{k < Cin*9} W[co][k] * X[k][p]}, M = Cout, N = P, K = Cin * 9, where
 *       {@code W[co][ci*9+t] = weights[co][ci][t]} (the weights as stored) and {@code X[ci*9+ky*3+kx][p] = in[n][ci][y+ky-1][x+kx-1]}
 *       (im2col, built on the fly in local memory, zeros outside the image);</li>
 *   <li>input gradient: {@code dIn[ci][p] = sum_{k < Cout*9} W'[ci][k] * G[k][p]}, M = Cin, N = P, K = Cout * 9, with the
 *       weights transposed and rotated 180 degrees, {@code W'[ci][co*9+t] = weights[co][ci][8-t]}, and G the im2col of dOut
 *       (a forward convolution of dOut with W');</li>
 *   <li>weight gradient: {@code dW[co][ci*9+t] += sum_p dOut[co][p] * X[ci*9+t][p]}, M = Cout, N = Cin * 9, K = P (large:
 *       26896 at batch 16 of 41x41, x16 with the D recursions batched), split over work-groups into a scratch buffer
 *       then summed by {@link #convBackwardWeightsTiledReduce} in a fixed order (deterministic, no float atomics).</li>
 * </ul>
 *
 * <p>Why pixels flattened over (n, y, x) rather than a 2D spatial tile: DRCN's 41x41 patches do not divide into 8x8 or
 * 16x16 tiles (a 2D tiling of 41x41 by 8x8 computes 48x48, 37% waste); flattened, only the last tile of the whole batch
 * is partial. The price is that the 9 taps of one input value are re-read from global memory (hits in L1/L2)
 * instead of coming from a staged halo. Consecutive work-items stage consecutive pixels, so the loads coalesce
 * (except across a row end).
 *
 * <p>Why 64 x 128 output tiles with 128 work-items of 8 x 8: per K step a work-item reads 8 + 8 floats from local
 * memory for 64 FMAs. Every scalar local load of a warp costs one shared-memory cycle of the SM (a "wavefront") even
 * when broadcast, and an SM does 4 warp-FMAs per cycle, so a 4 x 4 block (8 loads per 16 FMAs) is capped at half the
 * FMA peak by local memory, 8 x 8 (16 per 64) is not. 64 rows (channels), not 128: DRCN has F = 64 layers (Cout = 64
 * would leave half of a 128-row tile idle). The register block is interleaved (row {@code tm + 8i}, column
 * {@code tn + 16j}): within a warp the 16 {@code tn} read 16 consecutive floats and the 2 {@code tm} 2 consecutive
 * ones, so the local reads are free of bank conflicts; the outputs of a warp's store are 16 consecutive pixels.
 *
 * <p>Every kernel here has a plain-Java twin {@code <kernel>Reference}; the layout ints are meant to be JIT constants.
 */
public final class ConvolutionTiled {
    private ConvolutionTiled() {
    }

    /** Taps of a 3x3 kernel. */
    public static final int TAPS = 9;

    // ------------------------------------------------------------------------------------------ forward / input gradient

    /** Work-items per work-group of {@link #convForwardTiled} and {@link #convBackwardInputTiled} (1D local size). */
    public static final int THREADS = 128;
    /** GEMM rows (output channels; input channels for the input gradient) per work-group. */
    public static final int TILE_ROWS = 64;
    /** GEMM columns (pixels) per work-group. */
    public static final int TILE_PIXELS = 128;
    /** Rows of one work-item's register block (rows {@code tm + ROW_THREADS * i}). */
    public static final int BLOCK_ROWS = 8;
    /** Pixels of one work-item's register block (pixels {@code tn + PIXEL_THREADS * j}). */
    public static final int BLOCK_PIXELS = 8;
    /** Work-items along the rows of the tile: TILE_ROWS / BLOCK_ROWS. */
    public static final int ROW_THREADS = 8;
    /** Work-items along the pixels of the tile: TILE_PIXELS / BLOCK_PIXELS. */
    public static final int PIXEL_THREADS = 16;
    /** Channels of the reduction (input channels; output channels for the input gradient) staged per K chunk. */
    public static final int CHUNK_CHANNELS = 2;
    /** K per chunk: CHUNK_CHANNELS channels x 9 taps (one channel's 9 taps decode without a division). */
    public static final int CHUNK_K = CHUNK_CHANNELS * TAPS;
    /**
     * Row stride of the staged weight slab {@code [CHUNK_K][TILE_ROWS]}: 65, not 64, so that the staging stores (a warp
     * writes ~18 consecutive k of 2 rows) spread over the banks instead of hitting one.
     */
    public static final int WEIGHT_STRIDE = TILE_ROWS + 1;
    /** Weights staged per work-item per chunk: CHUNK_K * TILE_ROWS / THREADS. */
    public static final int WEIGHT_LOADS = CHUNK_K * TILE_ROWS / THREADS;

    /** The x extent of the range of {@link #convForwardTiled} / {@link #convBackwardInputTiled}: one work-group of THREADS per TILE_PIXELS pixels. */
    public static int pixelTileItems(int batch, int height, int width) {
        return Index.ceilDiv(batch * height * width, TILE_PIXELS) * THREADS;
    }

    /** The y extent of their range: one work-group row per TILE_ROWS output (forward) or input (input gradient) channels. */
    public static int rowTiles(int channels) {
        return Index.ceilDiv(channels, TILE_ROWS);
    }

    /**
     * {@code output[n][co][y][x] = act(bias[co] + sum_{ci,ky,kx} weights[co][ci][ky][kx] * input[n][ci][y+ky-1][x+kx-1])},
     * zero padding, {@code act} = ReLU when {@code relu != 0}; {@code input} read from {@code inputOffset}, {@code output}
     * written from {@code outputOffset} on. Sums in the order ci, ky, kx with fused multiply-add from the bias (the
     * order of {@link Convolution#convForward}).
     *
     * <p>Range: 2D {@code (pixelTileItems(batch, height, width), rowTiles(outChannels))}, local size exactly
     * {@code (THREADS, 1)}. Work-group (gx, gy) computes output channels {@code gy*64 .. gy*64+63} of the flattened pixels
     * {@code gx*128 .. gx*128+127}. Per chunk of 2 input channels (K = 18) it stages the weight slab {@code [18][64]} and the
     * im2col slab {@code [18][128]} (work-item t stages pixel t's 18 values: its pixel's padding tests are computed once),
     * waits, and each work-item accumulates its 8 x 8 block from local memory. 13.9 KB of local memory.
     */
    @Kernel
    public static void convForwardTiled(KernelContext context, FloatArray input, FloatArray weights, FloatArray bias, FloatArray output,
                                        @JitConstant int batch, @JitConstant int inChannels, @JitConstant int outChannels,
                                        @JitConstant int height, @JitConstant int width, @JitConstant int relu, int inputOffset,
                                        int outputOffset) {
        float[] weightTile = context.allocateFloatLocalArray(CHUNK_K * WEIGHT_STRIDE);   // [k][co], k = cc * 9 + tap
        float[] pixelTile = context.allocateFloatLocalArray(CHUNK_K * TILE_PIXELS);      // [k][pixel]
        // rows co0 + tm + 8i of the block start from their bias
        int tm = context.localIdx / PIXEL_THREADS;
        int co0 = context.groupIdy * TILE_ROWS;
        float[] acc = new float[BLOCK_ROWS * BLOCK_PIXELS];
        for (int i = 0; i < BLOCK_ROWS; i++) {
            float start = bias.get(Math.min(co0 + tm + ROW_THREADS * i, outChannels - 1));
            for (int j = 0; j < BLOCK_PIXELS; j++) {
                acc[i * BLOCK_PIXELS + j] = start;
            }
        }
        multiplyTiles(context, weightTile, pixelTile, acc, input, inputOffset, weights, 0, batch, inChannels, outChannels, height, width);
        storeBlock(context, acc, output, outputOffset, batch, outChannels, height, width, relu, 0);
    }

    /**
     * The GEMM of {@link #convForwardTiled} ({@code rotated == 0}) and {@link #convBackwardInputTiled} ({@code rotated != 0})
     * for the calling work-item's block: {@code acc[i * BLOCK_PIXELS + j] += sum_k W[row0 + tm + 8i][k] * X[k][pixel0 + tn + 16j]}
     * with {@code row0 = groupIdy * TILE_ROWS}, {@code pixel0 = groupIdx * TILE_PIXELS}, k over the {@code reduce * 9} taps of
     * the reduced channels in chunks of CHUNK_K (in order, fused multiply-add), X the im2col of {@code source} (from element
     * {@code sourceOffset} on, {@code reduce} channels) and W the weights: {@code weights[row][k]} as stored for the forward
     * ({@code rows} output channels), {@code weights[c][row][8 - t]} (transposed, rotated) for the input gradient ({@code rows}
     * input channels). Per chunk: stage the weight slab and the im2col slab (work-item t stages pixel t's column, its padding
     * tests computed once), wait, multiply from local memory, wait. Every work-item of the group must call it (barriers).
     */
    static void multiplyTiles(KernelContext context, @Local float[] weightTile, @Local float[] pixelTile, float[] acc, FloatArray source,
                              int sourceOffset, FloatArray weights, int rotated, int batch, int reduce, int rows, int height, int width) {
        int t = context.localIdx;
        int pixel0 = context.groupIdx * TILE_PIXELS;
        int row0 = context.groupIdy * TILE_ROWS;
        int plane = height * width;
        // staging role: this work-item stages im2col column t, the pixel (n, y, x) = pixel0 + t
        int p = pixel0 + t;
        boolean pixelOk = p < batch * plane;
        int pn = pixelOk ? p / plane : 0;
        int pr = pixelOk ? p - pn * plane : 0;
        int pixelBase = sourceOffset + pn * reduce * plane + pr;
        // compute role: rows row0 + tm + 8i, pixels pixel0 + tn + 16j
        int tm = t / PIXEL_THREADS;
        int tn = t - tm * PIXEL_THREADS;
        for (int c0 = 0; c0 < reduce; c0 += CHUNK_CHANNELS) {
            if (rotated == 0) {
                // W[row0 + row][c0*9 + k] (contiguous in k for each row: consecutive items read consecutive floats)
                int weightRow = reduce * TAPS;
                for (int l = 0; l < WEIGHT_LOADS; l++) {
                    int e = t + l * THREADS;
                    int row = e / CHUNK_K;
                    int k = e - row * CHUNK_K;
                    boolean ok = row0 + row < rows && c0 * TAPS + k < weightRow;
                    weightTile[k * WEIGHT_STRIDE + row] = ok ? weights.get((row0 + row) * weightRow + c0 * TAPS + k) : 0.0f;
                }
            } else {
                // for cc, the run weights[c0 + cc][row0 .. row0 + 63][tap] (coalesced), stored at [cc*9 + 8 - tap][row]
                int weightRun = TILE_ROWS * TAPS;
                for (int l = 0; l < WEIGHT_LOADS; l++) {
                    int e = t + l * THREADS;
                    int cc = e / weightRun;
                    int r = e - cc * weightRun;
                    int row = r / TAPS;
                    int tap = r - row * TAPS;
                    boolean ok = c0 + cc < reduce && row0 + row < rows;
                    weightTile[(cc * TAPS + 8 - tap) * WEIGHT_STRIDE + row] = ok ? weights.get(((c0 + cc) * rows + row0 + row) * TAPS + tap) : 0.0f;
                }
            }
            // im2col slab column t: source[n][c0 + cc][y + ky - 1][x + kx - 1], zero outside the image / channels / pixels
            for (int cc = 0; cc < CHUNK_CHANNELS; cc++) {
                stageTaps(pixelTile, cc * TAPS * TILE_PIXELS + t, TILE_PIXELS, source, pixelBase + (c0 + cc) * plane,
                        pixelOk && c0 + cc < reduce, pr, height, width);
            }
            context.localBarrier();
            multiplyChunk(weightTile, pixelTile, acc, tm, tn);
            context.localBarrier();
        }
    }

    /**
     * Writes the calling work-item's block: element (i, j) is channel {@code groupIdy * TILE_ROWS + tm + 8i} (of {@code rows})
     * at the flattened pixel {@code groupIdx * TILE_PIXELS + tn + 16j}, i.e. {@code out[offset + (n * rows + row) * H * W + r]};
     * ReLU applied when {@code relu != 0}, added to what is there when {@code accumulate != 0}; rows and pixels past the
     * tensor are skipped.
     */
    static void storeBlock(KernelContext context, float[] acc, FloatArray out, int offset, int batch, int rows, int height, int width,
                           int relu, int accumulate) {
        int tm = context.localIdx / PIXEL_THREADS;
        int tn = context.localIdx - tm * PIXEL_THREADS;
        int plane = height * width;
        for (int j = 0; j < BLOCK_PIXELS; j++) {
            int q = context.groupIdx * TILE_PIXELS + tn + PIXEL_THREADS * j;
            if (q < batch * plane) {
                int n = q / plane;
                int r = q - n * plane;
                for (int i = 0; i < BLOCK_ROWS; i++) {
                    int row = context.groupIdy * TILE_ROWS + tm + ROW_THREADS * i;
                    if (row < rows) {
                        int index = offset + (n * rows + row) * plane + r;
                        float v = acc[i * BLOCK_PIXELS + j];
                        if (relu != 0) {
                            v = Math.max(v, 0.0f);
                        }
                        if (accumulate != 0) {
                            v = out.get(index) + v;
                        }
                        out.set(index, v);
                    }
                }
            }
        }
    }


    /**
     * The im2col of one pixel and channel: {@code tile[at + (ky * 3 + kx) * stride] = source[base + (ky - 1) * width + kx - 1]}
     * for the 9 taps around the pixel at {@code base}, which is pixel {@code (y, x) = (pr / width, pr % width)} of its plane;
     * 0 where the tap lies outside the image or {@code ok} is false. Inlined into a chunk loop, the decoding of a pixel that
     * the loop does not change is hoisted out of it.
     */
    static void stageTaps(@Local float[] tile, int at, int stride, FloatArray source, int base, boolean ok, int pr, int height, int width) {
        int py = pr / width;
        int px = pr - py * width;
        boolean up = py > 0;
        boolean down = py + 1 < height;
        boolean left = px > 0;
        boolean right = px + 1 < width;
        for (int ky = 0; ky < 3; ky++) {
            boolean rowOk = ok && (ky != 0 || up) && (ky != 2 || down);
            for (int kx = 0; kx < 3; kx++) {
                boolean tapOk = rowOk && (kx != 0 || left) && (kx != 2 || right);
                tile[at + (ky * 3 + kx) * stride] = tapOk ? source.get(base + (ky - 1) * width + kx - 1) : 0.0f;
            }
        }
    }

    /**
     * One staged chunk into a work-item's register block: {@code acc[i * BLOCK_PIXELS + j] += weightTile[k][tm + 8i] *
     * pixelTile[k][tn + 16j]} for k = 0 .. CHUNK_K - 1 in order, with fused multiply-add (8 + 8 local loads per 64 FMAs).
     */
    static void multiplyChunk(@Local float[] weightTile, @Local float[] pixelTile, float[] acc, int tm, int tn) {
        @Scratch float[] a = new float[BLOCK_ROWS];
        @Scratch float[] b = new float[BLOCK_PIXELS];
        for (int k = 0; k < CHUNK_K; k++) {
            for (int i = 0; i < BLOCK_ROWS; i++) {
                a[i] = weightTile[k * WEIGHT_STRIDE + tm + ROW_THREADS * i];
            }
            for (int j = 0; j < BLOCK_PIXELS; j++) {
                b[j] = pixelTile[k * TILE_PIXELS + tn + PIXEL_THREADS * j];
            }
            for (int i = 0; i < BLOCK_ROWS; i++) {
                for (int j = 0; j < BLOCK_PIXELS; j++) {
                    acc[i * BLOCK_PIXELS + j] = Math.fma(a[i], b[j], acc[i * BLOCK_PIXELS + j]);
                }
            }
        }
    }

    /** Reference twin of {@link #convForwardTiled}: the definition, {@link Convolution#convForwardReference}. */
    public static void convForwardTiledReference(float[] input, float[] weights, float[] bias, float[] output,
                                                 int batch, int inChannels, int outChannels, int height, int width, int relu,
                                                 int inputOffset, int outputOffset) {
        Convolution.convForwardReference(input, weights, bias, output, batch, inChannels, outChannels, height, width, relu,
                inputOffset, outputOffset);
    }

    /**
     * {@code dInput[n][ci][y][x] (=|+=) sum_{co,ky,kx} weights[co][ci][ky][kx] * dOutput[n][co][y-ky+1][x-kx+1]}
     * (out-of-image taps read 0; {@code +=} when {@code accumulate != 0}): {@link Convolution#convBackwardInput}'s
     * arguments and result. {@code dOutput} read from {@code dOutputOffset}, {@code dInput} written from {@code dInputOffset} on.
     *
     * <p>The forward kernel's GEMM on dOut with the weights transposed and rotated: with {@code t' = 8 - t} (ky' = 2 - ky,
     * kx' = 2 - kx) the sum is {@code sum_{co,t'} weights[co][ci][8-t'] * dOut[n][co][y+ky'-1][x+kx'-1]}, a forward
     * convolution of dOut by {@code W'[ci][co][t'] = weights[co][ci][8-t']}. The staged weight slab {@code [18][64 ci]} of a chunk
     * of 2 output channels is, per co, the contiguous run {@code weights[co][ci0 .. ci0+63][0..8]} (coalesced reads),
     * written rotated into local memory. Sums in the order co, ky', kx' with fused multiply-add from 0.
     *
     * <p>Range: 2D {@code (pixelTileItems(batch, height, width), rowTiles(inChannels))}, local size exactly {@code (THREADS, 1)}.
     */
    @Kernel
    public static void convBackwardInputTiled(KernelContext context, FloatArray dOutput, FloatArray weights, FloatArray dInput,
                                              @JitConstant int batch, @JitConstant int inChannels, @JitConstant int outChannels,
                                              @JitConstant int height, @JitConstant int width, @JitConstant int accumulate,
                                              int dOutputOffset, int dInputOffset) {
        float[] weightTile = context.allocateFloatLocalArray(CHUNK_K * WEIGHT_STRIDE);   // [k][ci], k = cc * 9 + t'
        float[] pixelTile = context.allocateFloatLocalArray(CHUNK_K * TILE_PIXELS);      // [k][pixel]
        float[] acc = new float[BLOCK_ROWS * BLOCK_PIXELS];
        for (int i = 0; i < BLOCK_ROWS * BLOCK_PIXELS; i++) {
            acc[i] = 0.0f;
        }
        multiplyTiles(context, weightTile, pixelTile, acc, dOutput, dOutputOffset, weights, 1, batch, outChannels, inChannels, height, width);
        storeBlock(context, acc, dInput, dInputOffset, batch, inChannels, height, width, 0, accumulate);
    }

    /** Reference twin of {@link #convBackwardInputTiled}: the definition, {@link Convolution#convBackwardInputReference}. */
    public static void convBackwardInputTiledReference(float[] dOutput, float[] weights, float[] dInput,
                                                       int batch, int inChannels, int outChannels, int height, int width,
                                                       int accumulate, int dOutputOffset, int dInputOffset) {
        Convolution.convBackwardInputReference(dOutput, weights, dInput, batch, inChannels, outChannels, height, width, accumulate,
                dOutputOffset, dInputOffset);
    }

    // ------------------------------------------------------------------------------------------ weight gradient

    /** Work-items per work-group of {@link #convBackwardWeightsTiled} (1D local size). */
    public static final int WEIGHT_THREADS = 128;
    /** GEMM rows (output channels) per work-group of the weight gradient. */
    public static final int WEIGHT_TILE_OUT = 64;
    /** Input channels per work-group: GEMM columns = WEIGHT_TILE_IN * 9 = 144. */
    public static final int WEIGHT_TILE_IN = 16;
    /** Pixels (the GEMM's K) staged per chunk. */
    public static final int WEIGHT_CHUNK_PIXELS = 16;
    /** Output channels of one work-item (rows {@code tm + 8i}); with its 1 input channel x 9 taps: 72 accumulators. */
    public static final int WEIGHT_BLOCK_OUT = 8;
    /** Work-items along the output channels: WEIGHT_TILE_OUT / WEIGHT_BLOCK_OUT. */
    public static final int WEIGHT_OUT_THREADS = 8;
    /**
     * Row stride of the staged dOut slab {@code [16 pixels][64 co]}: 66 = 2 mod 32, so that a warp's staging stores
     * (16 pixels x 2 consecutive channels) hit 32 distinct banks.
     */
    public static final int GRAD_STRIDE = WEIGHT_TILE_OUT + 2;
    /**
     * Row stride of the staged im2col slab {@code [16 pixels][144 = 16 ci x 9 taps]}: 145, not 144 (= 16 mod 32, which put
     * the 16 pixels a warp stores on 2 banks). The compute reads {@code [k][tn*9 + tap]}, 16 distinct banks (9 is odd).
     */
    public static final int COLUMN_STRIDE = WEIGHT_TILE_IN * TAPS + 1;
    /** Work-group size of {@link #convBackwardWeightsTiledReduce} (any local size works; this is the suggested one). */
    public static final int REDUCE_THREADS = 256;

    /** The x extent of {@link #convBackwardWeightsTiled}'s range: WEIGHT_THREADS per WEIGHT_TILE_IN input channels. */
    public static int weightInTileItems(int inChannels) {
        return Index.ceilDiv(inChannels, WEIGHT_TILE_IN) * WEIGHT_THREADS;
    }

    /** The y extent of {@link #convBackwardWeightsTiled}'s range: one work-group row per WEIGHT_TILE_OUT output channels. */
    public static int weightOutTiles(int outChannels) {
        return Index.ceilDiv(outChannels, WEIGHT_TILE_OUT);
    }

    /**
     * A split count for {@link #convBackwardWeightsTiled} (the z extent of its range): at most {@code targetGroups}
     * work-groups in total (e.g. 4 per SM, what fits at 128 registers x 128 work-items: 528 on a 132-SM H100/H200; rounded
     * down so that the launch is one full wave, not one wave and a few groups), at least 8 pixel chunks (128 pixels) per
     * split, and at least 1. The scratch buffer then holds {@code splits * outChannels * inChannels * 9} floats.
     */
    public static int weightSplits(int batch, int inChannels, int outChannels, int height, int width, int targetGroups) {
        int tiles = weightOutTiles(outChannels) * (weightInTileItems(inChannels) / WEIGHT_THREADS);
        int chunks = Index.ceilDiv(batch * height * width, WEIGHT_CHUNK_PIXELS);
        int splits = Math.max(1, targetGroups / tiles);
        return Math.max(1, Math.min(splits, chunks / 8));
    }

    /**
     * The pixels of split {@code s}: {@code [s * splitPixels, min(P, (s+1) * splitPixels))}, where splitPixels is
     * {@code ceil(ceil(P / 16) / splits) * 16} (whole chunks); a split past the end owns no pixel (its partials are 0).
     */
    public static int splitPixels(int pixels, int splits) {
        int chunks = Index.ceilDiv(pixels, WEIGHT_CHUNK_PIXELS);
        return Index.ceilDiv(chunks, splits) * WEIGHT_CHUNK_PIXELS;
    }

    /**
     * Partial weight gradients, one slice per split of the pixels:
     * {@code partials[s][co][ci][ky][kx] = sum_{p in split s} dOutput[n][co][y][x] * input[n][ci][y+ky-1][x+kx-1]} (written,
     * not added; every element of the {@code splits * outChannels * inChannels * 9} is written), for p = (n, y, x) over
     * {@code batch * height * width}. {@link #convBackwardWeightsTiledReduce} then adds the splits onto dWeights.
     * {@code dOutput} and {@code input} are read from elements {@code dOutputOffset} and {@code inputOffset} on.
     *
     * <p>Range: 3D {@code (weightInTileItems(inChannels), weightOutTiles(outChannels), splits)}, local size exactly
     * {@code (WEIGHT_THREADS, 1, 1)}. Work-group (gx, gy, s) computes the 64 x 144 block (co0 = 64 gy .. +63) x
     * (ci0 = 16 gx .. +15, 9 taps) over split s's pixels, 16 pixels per chunk: it stages dOut {@code [16][64]} and the
     * im2col of the input {@code [16][144]} (work-item t stages pixel t % 16 for channels t / 16 and t / 16 + 8, 18 values,
     * and 8 dOut values), waits, and each work-item accumulates co = co0 + tm + 8i (i &lt; 8) x ci = ci0 + tn x 9 taps
     * (72 accumulators; 17 local loads per 72 FMAs). Why split: with K = P and only Cout/64 * Cin/16 tiles (F = 64: 4)
     * the GPU would be empty; K split over s fills it. Sums per split in pixel order with fused multiply-add from 0.
     */
    @Kernel
    public static void convBackwardWeightsTiled(KernelContext context, FloatArray dOutput, FloatArray input, FloatArray partials,
                                                @JitConstant int batch, @JitConstant int inChannels, @JitConstant int outChannels,
                                                @JitConstant int height, @JitConstant int width, @JitConstant int splits, int dOutputOffset,
                                                int inputOffset) {
        float[] gradTile = context.allocateFloatLocalArray(WEIGHT_CHUNK_PIXELS * GRAD_STRIDE);       // [pixel][co]
        float[] columnTile = context.allocateFloatLocalArray(WEIGHT_CHUNK_PIXELS * COLUMN_STRIDE);   // [pixel][ci * 9 + tap]
        int t = context.localIdx;
        int ci0 = context.groupIdx * WEIGHT_TILE_IN;
        int co0 = context.groupIdy * WEIGHT_TILE_OUT;
        int split = context.groupIdz;
        int plane = height * width;
        int pixels = batch * plane;
        int perSplit = splitPixels(pixels, splits);
        int pStart = split * perSplit;
        int pEnd = Math.min(pixels, pStart + perSplit);

        // staging role: pixel sk of each chunk, input channels ci0 + sc and ci0 + sc + 8, dOut channels co0 + sc + 8l
        int sk = t % WEIGHT_CHUNK_PIXELS;
        int sc = t / WEIGHT_CHUNK_PIXELS;
        // compute role: output channels co0 + tm + 8i, input channel ci0 + tn, 9 taps
        int tm = t / WEIGHT_TILE_IN;
        int tn = t - tm * WEIGHT_TILE_IN;
        float[] acc = new float[WEIGHT_BLOCK_OUT * TAPS];
        float[] g = new float[WEIGHT_BLOCK_OUT];
        float[] x = new float[TAPS];
        for (int i = 0; i < WEIGHT_BLOCK_OUT * TAPS; i++) {
            acc[i] = 0.0f;
        }

        for (int chunk = pStart; chunk < pEnd; chunk += WEIGHT_CHUNK_PIXELS) {
            int p = chunk + sk;
            boolean pixelOk = p < pEnd;
            int pn = pixelOk ? p / plane : 0;
            int pr = pixelOk ? p - pn * plane : 0;
            // dOut slab: dOut[n][co0 + sc + 8l][y][x] (16 consecutive pixels of one channel per half warp)
            int gradBase = dOutputOffset + pn * outChannels * plane + pr;
            for (int l = 0; l < WEIGHT_TILE_OUT / WEIGHT_OUT_THREADS; l++) {
                int col = sc + WEIGHT_OUT_THREADS * l;
                boolean ok = pixelOk && co0 + col < outChannels;
                gradTile[sk * GRAD_STRIDE + col] = ok ? dOutput.get(gradBase + (co0 + col) * plane) : 0.0f;
            }
            // im2col slab: in[n][ci][y + ky - 1][x + kx - 1] for ci = ci0 + sc and ci0 + sc + 8
            int inBase = inputOffset + pn * inChannels * plane + pr;
            for (int h = 0; h < 2; h++) {
                int cl = sc + WEIGHT_OUT_THREADS * h;
                stageTaps(columnTile, sk * COLUMN_STRIDE + cl * TAPS, 1, input, inBase + (ci0 + cl) * plane, pixelOk && ci0 + cl < inChannels,
                        pr, height, width);
            }
            context.localBarrier();
            for (int k = 0; k < WEIGHT_CHUNK_PIXELS; k++) {
                for (int i = 0; i < WEIGHT_BLOCK_OUT; i++) {
                    g[i] = gradTile[k * GRAD_STRIDE + tm + WEIGHT_OUT_THREADS * i];
                }
                for (int tap = 0; tap < TAPS; tap++) {
                    x[tap] = columnTile[k * COLUMN_STRIDE + tn * TAPS + tap];
                }
                for (int i = 0; i < WEIGHT_BLOCK_OUT; i++) {
                    for (int tap = 0; tap < TAPS; tap++) {
                        acc[i * TAPS + tap] = Math.fma(g[i], x[tap], acc[i * TAPS + tap]);
                    }
                }
            }
            context.localBarrier();
        }

        int ci = ci0 + tn;
        if (ci < inChannels) {
            for (int i = 0; i < WEIGHT_BLOCK_OUT; i++) {
                int co = co0 + tm + WEIGHT_OUT_THREADS * i;
                if (co < outChannels) {
                    int base = ((split * outChannels + co) * inChannels + ci) * TAPS;
                    for (int tap = 0; tap < TAPS; tap++) {
                        partials.set(base + tap, acc[i * TAPS + tap]);
                    }
                }
            }
        }
    }

    /** Reference twin of {@link #convBackwardWeightsTiled}: each split's partial sums, by definition. */
    public static void convBackwardWeightsTiledReference(float[] dOutput, float[] input, float[] partials,
                                                         int batch, int inChannels, int outChannels, int height, int width, int splits,
                                                         int dOutputOffset, int inputOffset) {
        int plane = height * width;
        int pixels = batch * plane;
        int perSplit = splitPixels(pixels, splits);
        for (int s = 0; s < splits; s++) {
            int pStart = s * perSplit;
            int pEnd = Math.min(pixels, pStart + perSplit);
            for (int co = 0; co < outChannels; co++) {
                for (int ci = 0; ci < inChannels; ci++) {
                    for (int ky = 0; ky < 3; ky++) {
                        for (int kx = 0; kx < 3; kx++) {
                            float sum = 0.0f;
                            for (int p = pStart; p < pEnd; p++) {
                                int n = p / plane;
                                int y = (p - n * plane) / width;
                                int x = p - n * plane - y * width;
                                int iy = y + ky - 1;
                                int ix = x + kx - 1;
                                if (iy < 0 || iy >= height || ix < 0 || ix >= width) continue;
                                sum += dOutput[dOutputOffset + ((n * outChannels + co) * height + y) * width + x]
                                        * input[inputOffset + ((n * inChannels + ci) * height + iy) * width + ix];
                            }
                            partials[(((s * outChannels + co) * inChannels + ci) * 3 + ky) * 3 + kx] = sum;
                        }
                    }
                }
            }
        }
    }

    /**
     * {@code dWeights[i] += partials[0][i] + partials[1][i] + ... + partials[splits-1][i]} for i below
     * {@code count = outChannels * inChannels * 9}: the second pass of {@link #convBackwardWeightsTiled} (splits summed in
     * order from 0, then added: deterministic). Range: 1D {@code count}, any local size (e.g. REDUCE_THREADS), may be padded.
     */
    @Kernel
    public static void convBackwardWeightsTiledReduce(KernelContext context, FloatArray partials, FloatArray dWeights,
                                                      @JitConstant int splits, @JitConstant int count) {
        int i = context.globalIdx;
        if (i >= count) {
            return;
        }
        float sum = 0.0f;
        for (int s = 0; s < splits; s++) {
            sum += partials.get(s * count + i);
        }
        dWeights.set(i, dWeights.get(i) + sum);
    }

    /** Reference twin of {@link #convBackwardWeightsTiledReduce}. */
    public static void convBackwardWeightsTiledReduceReference(float[] partials, float[] dWeights, int splits, int count) {
        for (int i = 0; i < count; i++) {
            float sum = 0.0f;
            for (int s = 0; s < splits; s++) {
                sum += partials[s * count + i];
            }
            dWeights[i] += sum;
        }
    }
}
