package drcn.kernels.nn;

import drcn.kernels.Index;
import drcn.tornado.api.types.arrays.FloatArray;
import drcn.kernels.api.JitConstant;
import drcn.kernels.api.Kernel;
import drcn.tornado.api.KernelContext;

/**
 * 3x3 convolution, stride 1, zero padding 1 (the output has the input's size), with bias: the only
 * convolution DRCN uses. Tensors are NCHW float32; weights are {@code [outChannels][inChannels][3][3]}
 * (PyTorch layout), bias {@code [outChannels]}.
 *
 * <p>Forward: {@code out[n][co][y][x] = bias[co] + sum_{ci,ky,kx} w[co][ci][ky][kx] * in[n][ci][y+ky-1][x+kx-1]}
 * (taps outside the image read 0), optionally followed by ReLU.
 *
 * <p>The layout ints ({@code batch, inChannels, outChannels, height, width}) are meant to be bound
 * as JIT constants, so the device compiler sees constant trip counts and strides. Every kernel here
 * has a plain-Java twin {@code <kernel>Reference} over {@code float[]}.
 *
 * <p>Batched use in DRCN: the D recursions' activations are laid out contiguously
 * ({@code [D][N][C][H][W]}), so passing {@code batch = D * N} makes ONE launch of the backward
 * kernels cover all D recursions of the shared inference (or reconstruction) weights.
 *
 * <p>Slices: every activation array comes with an element offset ({@code inputOffset},
 * {@code outputOffset}, ...): the kernel reads and writes {@code array[offset + index]}. DRCN keeps
 * H_0..H_D in one buffer and hands recursion d the slices H_{d-1} and H_d this way; an offset is a plain
 * runtime int (not a JIT constant), so all D launches share one compiled kernel. Weights and biases
 * are always whole buffers.
 */
public final class Convolution {
    private Convolution() {
    }

    /** Output channels one work-item of {@link #convForward} computes (private accumulators). */
    public static final int OUT_CHANNEL_BLOCK = 8;
    /** Consecutive pixels of a row one work-item of {@link #convForward} computes (its explicit SIMD lanes). */
    public static final int PIXEL_BLOCK = 16;
    /** Output channels one work-item of {@link #convForwardRowTiles} computes (CPUs: shares the staging among more FMAs). */
    public static final int ROW_TILE_OUT_CHANNEL_BLOCK = 32;
    /** Input channels one work-item of {@link #convBackwardInput} computes. */
    public static final int IN_CHANNEL_BLOCK = 8;
    /** Input channels one work-item of {@link #convBackwardInputRowTiles} computes (CPUs: shares the staging among more FMAs). */
    public static final int ROW_TILE_IN_CHANNEL_BLOCK = 32;
    /**
     * Work-group size of the reduction kernels {@link #convBackwardWeights} and {@link #convBackwardBias} (a power of two):
     * {@link Reduction#groupSum}'s, which the bias gradient sums with.
     */
    public static final int GROUP_SIZE = Reduction.GROUP_SIZE;
    /** Taps of a 3x3 kernel. */
    public static final int TAPS = 9;

    /** Number of output-channel blocks: the z extent of {@link #convForward}'s range is {@code batch * outChannelBlocks(outChannels)}. */
    public static int outChannelBlocks(int outChannels) {
        return Index.ceilDiv(outChannels, OUT_CHANNEL_BLOCK);
    }

    /** Number of output-channel blocks of {@link #convForwardRowTiles}: the z extent of its range is {@code batch * rowTileOutChannelBlocks(outChannels)}. */
    public static int rowTileOutChannelBlocks(int outChannels) {
        return Index.ceilDiv(outChannels, ROW_TILE_OUT_CHANNEL_BLOCK);
    }

    /** Number of pixel tiles per row: the x extent of {@link #convForward}'s range is {@code pixelTiles(width)}. */
    public static int pixelTiles(int width) {
        return Index.ceilDiv(width, PIXEL_BLOCK);
    }

    /** Number of input-channel blocks: the z extent of {@link #convBackwardInput}'s range is {@code batch * inChannelBlocks(inChannels)}. */
    public static int inChannelBlocks(int inChannels) {
        return Index.ceilDiv(inChannels, IN_CHANNEL_BLOCK);
    }

    /** Number of input-channel blocks of {@link #convBackwardInputRowTiles}: the z extent of its range is {@code batch * rowTileInChannelBlocks(inChannels)}. */
    public static int rowTileInChannelBlocks(int inChannels) {
        return Index.ceilDiv(inChannels, ROW_TILE_IN_CHANNEL_BLOCK);
    }

    // ------------------------------------------------------------------------------------------
    // forward

    /**
     * {@code output[n][co][y][x] = act(bias[co] + sum_{ci,ky,kx} weights[co][ci][ky][kx] * input[n][ci][y+ky-1][x+kx-1])},
     * zero padding, {@code act} = ReLU when {@code relu != 0}, identity otherwise.
     * {@code input} is read from element {@code inputOffset} on, {@code output} written from {@code outputOffset} on.
     *
     * <p>The GPU version: one work-item computes one output pixel for {@link #OUT_CHANNEL_BLOCK} output
     * channels (register blocking; neighbouring work-items read neighbouring pixels, so loads coalesce).
     * 32 registers and no spill on sm_90 (bench/RESULTS.md). CPUs run {@link #convForwardRowTiles}, which
     * computes the same sums in the same order (ci, ky, kx, fused multiply-add from the bias).
     *
     * <p>Range: 3D {@code (width, height, batch * outChannelBlocks(outChannels))}, any local size.
     */
    @Kernel
    public static void convForward(KernelContext context, FloatArray input, FloatArray weights, FloatArray bias, FloatArray output,
                                   @JitConstant int batch, @JitConstant int inChannels, @JitConstant int outChannels,
                                   @JitConstant int height, @JitConstant int width, @JitConstant int relu, int inputOffset,
                                   int outputOffset) {
        int x = context.globalIdx;
        int y = context.globalIdy;
        int z = context.globalIdz;
        int blocks = Index.ceilDiv(outChannels, OUT_CHANNEL_BLOCK);
        if (x >= width || y >= height || z >= batch * blocks) {
            return;
        }
        int n = z / blocks;
        int co0 = (z - n * blocks) * OUT_CHANNEL_BLOCK;
        int count = Math.min(OUT_CHANNEL_BLOCK, outChannels - co0);
        int plane = height * width;
        int weightStride = inChannels * TAPS;
        float[] acc = new float[OUT_CHANNEL_BLOCK];
        for (int j = 0; j < OUT_CHANNEL_BLOCK; j++) {
            acc[j] = bias.get(Math.min(co0 + j, outChannels - 1));
        }
        for (int ci = 0; ci < inChannels; ci++) {
            accumulateWindow(acc, count, input, inputOffset + (n * inChannels + ci) * plane, y, x, 1, height, width, weights,
                    co0 * weightStride + ci * TAPS, weightStride);
        }
        storePixel(acc, count, output, outputOffset + (n * outChannels + co0) * plane + y * width + x, plane, relu, 0);
    }

    /**
     * One channel's 3x3 window into a pixel's block of accumulators: for each tap (ky, kx) in order whose pixel
     * {@code (y + d(ky - 1), x + d(kx - 1))} lies inside the plane at {@code base}, with its value v,
     * {@code acc[j] = fma(v, weights[wb + ky * 3 + kx + j * stride], acc[j])} for {@code j < count} ({@code acc.length} is a
     * constant at every call: inlined, the j loop unrolls). {@code d = 1} for a convolution, {@code -1} for the flipped
     * kernel of the input gradient.
     */
    static void accumulateWindow(float[] acc, int count, FloatArray source, int base, int y, int x, int d, int height, int width,
                                 FloatArray weights, int wb, int stride) {
        for (int ky = 0; ky < 3; ky++) {
            int iy = d > 0 ? y + ky - 1 : y - ky + 1;
            if (iy < 0 || iy >= height) {
                continue;
            }
            for (int kx = 0; kx < 3; kx++) {
                int ix = d > 0 ? x + kx - 1 : x - kx + 1;
                if (ix < 0 || ix >= width) {
                    continue;
                }
                float v = source.get(base + iy * width + ix);
                int tap = wb + ky * 3 + kx;
                for (int j = 0; j < acc.length; j++) {
                    if (j < count) {
                        acc[j] = Math.fma(v, weights.get(tap + j * stride), acc[j]);
                    }
                }
            }
        }
    }

    /**
     * Writes a pixel's block: {@code out[at + j * plane] = acc[j]} for {@code j < count}, through ReLU when {@code relu != 0},
     * added to what is there when {@code accumulate != 0}.
     */
    static void storePixel(float[] acc, int count, FloatArray out, int at, int plane, int relu, int accumulate) {
        for (int j = 0; j < count; j++) {
            int index = at + j * plane;
            float v = acc[j];
            if (relu != 0) {
                v = Math.max(v, 0.0f);
            }
            if (accumulate != 0) {
                v = out.get(index) + v;
            }
            out.set(index, v);
        }
    }

    /**
     * {@code output[n][co][y][x] = act(bias[co] + sum_{ci,ky,kx} weights[co][ci][ky][kx] * input[n][ci][y+ky-1][x+kx-1])},
     * zero padding, {@code act} = ReLU when {@code relu != 0}, identity otherwise.
     * {@code input} is read from element {@code inputOffset} on, {@code output} written from {@code outputOffset} on.
     *
     * <p>The CPU version of {@link #convForward} (same arguments, same sums in the same order).
     *
     * <p>Range: 3D {@code (pixelTiles(width), height, batch * rowTileOutChannelBlocks(outChannels))}, any local size
     * (e.g. 1x1x1 on PoCL). A wider range is also correct, items past the tiles return at once. One work-item computes a
     * tile of {@link #PIXEL_BLOCK} consecutive pixels of one row times {@link #ROW_TILE_OUT_CHANNEL_BLOCK} = 32 output
     * channels (the last tile and block may be partial; a partial block runs fewer channels). 32, not the GPU
     * kernel's 8: the staging of the input rows (masked, mostly scalar) is shared by 4x the FMAs: 16 channels were
     * 1.2x faster than 8 on PoCL at batch 16 and 256 (forward ladder rung v7 against v5), 32 another 1.1x (v8
     * against v7, bench/RESULTS.md). Sums in the order ci, ky, kx with fused
     * multiply-add, starting from the bias.
     *
     * <p>Why this shape (bench/RESULTS.md, "Convolution ladder", version v5): PoCL vectorises across
     * work-items only where the work-item loop is innermost, which a loop in the kernel prevents, and it
     * unrolls no loop of ours; so the SIMD lanes are explicit here: the innermost loop runs over the 16 pixels
     * of the tile with contiguous, unconditional accesses and 9 written-out taps, which LLVM vectorises. Per
     * input channel the 3 input rows the tile needs are staged in private arrays, once per kx shift
     * ({@code tk[r][px] = in[y+r-1][x0+px+k-1]}, zeros outside the image), so the padding test runs once per
     * staged value, not per FMA, and no value passes between pixel iterations (which kept LLVM from
     * vectorising a single shared row). Each accumulator takes 9 FMAs per memory round trip.
     */
    @Kernel
    public static void convForwardRowTiles(KernelContext context, FloatArray input, FloatArray weights, FloatArray bias, FloatArray output,
                                   @JitConstant int batch, @JitConstant int inChannels, @JitConstant int outChannels,
                                   @JitConstant int height, @JitConstant int width, @JitConstant int relu, int inputOffset,
                                   int outputOffset) {
        int tx = context.globalIdx;
        int y = context.globalIdy;
        int z = context.globalIdz;
        int blocks = Index.ceilDiv(outChannels, ROW_TILE_OUT_CHANNEL_BLOCK);
        int tiles = Index.ceilDiv(width, PIXEL_BLOCK);
        if (tx >= tiles || y >= height || z >= batch * blocks) {
            return;
        }
        int n = z / blocks;
        int co0 = (z - n * blocks) * ROW_TILE_OUT_CHANNEL_BLOCK;
        int x0 = tx * PIXEL_BLOCK;
        int plane = height * width;
        int weightStride = inChannels * TAPS;
        float[] acc = new float[ROW_TILE_OUT_CHANNEL_BLOCK * PIXEL_BLOCK];
        float[] t0 = new float[3 * PIXEL_BLOCK];
        float[] t1 = new float[3 * PIXEL_BLOCK];
        float[] t2 = new float[3 * PIXEL_BLOCK];
        // a partial last block runs only its `count` channels: with outChannels = 1 (DRCN's recon2) a block of 8
        // would spend 7/8 of its FMAs on clamped duplicates (it did: 2.4 GFLOP/s in the training-step profile)
        int count = Math.min(ROW_TILE_OUT_CHANNEL_BLOCK, outChannels - co0);
        for (int j = 0; j < count; j++) {
            float b = bias.get(co0 + j);
            for (int px = 0; px < PIXEL_BLOCK; px++) {
                acc[j * PIXEL_BLOCK + px] = b;
            }
        }
        for (int ci = 0; ci < inChannels; ci++) {
            int base = inputOffset + (n * inChannels + ci) * plane;
            for (int r = 0; r < 3; r++) {
                int iy = y + r - 1;
                boolean rowOk = iy >= 0 && iy < height;
                int rowBase = base + iy * width;
                for (int px = 0; px < PIXEL_BLOCK; px++) {
                    int ix = x0 + px;
                    t0[r * PIXEL_BLOCK + px] = rowOk && ix >= 1 && ix <= width ? input.get(rowBase + ix - 1) : 0.0f;
                    t1[r * PIXEL_BLOCK + px] = rowOk && ix < width ? input.get(rowBase + ix) : 0.0f;
                    t2[r * PIXEL_BLOCK + px] = rowOk && ix + 1 < width ? input.get(rowBase + ix + 1) : 0.0f;
                }
            }
            for (int j = 0; j < count; j++) {
                int wb = (co0 + j) * weightStride + ci * TAPS;
                float w0 = weights.get(wb), w1 = weights.get(wb + 1), w2 = weights.get(wb + 2);
                float w3 = weights.get(wb + 3), w4 = weights.get(wb + 4), w5 = weights.get(wb + 5);
                float w6 = weights.get(wb + 6), w7 = weights.get(wb + 7), w8 = weights.get(wb + 8);
                for (int px = 0; px < PIXEL_BLOCK; px++) {
                    float a = acc[j * PIXEL_BLOCK + px];
                    a = Math.fma(t0[px], w0, a);
                    a = Math.fma(t1[px], w1, a);
                    a = Math.fma(t2[px], w2, a);
                    a = Math.fma(t0[PIXEL_BLOCK + px], w3, a);
                    a = Math.fma(t1[PIXEL_BLOCK + px], w4, a);
                    a = Math.fma(t2[PIXEL_BLOCK + px], w5, a);
                    a = Math.fma(t0[2 * PIXEL_BLOCK + px], w6, a);
                    a = Math.fma(t1[2 * PIXEL_BLOCK + px], w7, a);
                    a = Math.fma(t2[2 * PIXEL_BLOCK + px], w8, a);
                    acc[j * PIXEL_BLOCK + px] = a;
                }
            }
        }
        int outBase = outputOffset + (n * outChannels + co0) * plane + y * width + x0;
        for (int j = 0; j < count; j++) {
            for (int px = 0; px < PIXEL_BLOCK; px++) {
                if (x0 + px < width) {
                    float v = acc[j * PIXEL_BLOCK + px];
                    if (relu != 0) {
                        v = Math.max(v, 0.0f);
                    }
                    output.set(outBase + j * plane + px, v);
                }
            }
        }
    }

    /** Reference twin of {@link #convForwardRowTiles}: the same definition as {@link #convForwardReference}. */
    public static void convForwardRowTilesReference(float[] input, float[] weights, float[] bias, float[] output,
                                                    int batch, int inChannels, int outChannels, int height, int width,
                                                    int relu, int inputOffset, int outputOffset) {
        convForwardReference(input, weights, bias, output, batch, inChannels, outChannels, height, width, relu,
                inputOffset, outputOffset);
    }

    /** Reference twin of {@link #convForward}: the definition, as loops. */
    public static void convForwardReference(float[] input, float[] weights, float[] bias, float[] output,
                                            int batch, int inChannels, int outChannels, int height, int width, int relu,
                                            int inputOffset, int outputOffset) {
        for (int n = 0; n < batch; n++) {
            for (int co = 0; co < outChannels; co++) {
                for (int y = 0; y < height; y++) {
                    for (int x = 0; x < width; x++) {
                        float sum = bias[co];
                        for (int ci = 0; ci < inChannels; ci++) {
                            for (int ky = 0; ky < 3; ky++) {
                                for (int kx = 0; kx < 3; kx++) {
                                    int iy = y + ky - 1;
                                    int ix = x + kx - 1;
                                    if (iy < 0 || iy >= height || ix < 0 || ix >= width) continue;
                                    sum += weights[((co * inChannels + ci) * 3 + ky) * 3 + kx]
                                            * input[inputOffset + ((n * inChannels + ci) * height + iy) * width + ix];
                                }
                            }
                        }
                        output[outputOffset + ((n * outChannels + co) * height + y) * width + x] = relu != 0 ? Math.max(sum, 0f) : sum;
                    }
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // backward

    /**
     * Gradient with respect to the input (a convolution with the flipped kernel and transposed channels):
     * {@code dInput[n][ci][y][x] (=|+=) sum_{co,ky,kx} weights[co][ci][ky][kx] * dOutput[n][co][y-ky+1][x-kx+1]}
     * (out-of-image taps read 0). Overwrites when {@code accumulate == 0} (the llm.c rule for
     * activation gradients); {@code accumulate != 0} adds to {@code dInput}, for an activation with two
     * consumers (DRCN's H_d feeds both the next recursion and the reconstruction net).
     * {@code dOutput} is the gradient before the convolution's own ReLU: apply
     * {@link Activation#reluBackward} first.
     *
     * <p>Range: 3D {@code (width, height, batch * inChannelBlocks(inChannels))}, any local size, may be
     * padded. One work-item computes {@link #IN_CHANNEL_BLOCK} input channels of one pixel.
     * Sums in the order co, ky, kx with fused multiply-add. {@code dOutput} is read from element
     * {@code dOutputOffset} on, {@code dInput} written from {@code dInputOffset} on.
     */
    @Kernel
    public static void convBackwardInput(KernelContext context, FloatArray dOutput, FloatArray weights, FloatArray dInput,
                                         @JitConstant int batch, @JitConstant int inChannels, @JitConstant int outChannels,
                                         @JitConstant int height, @JitConstant int width, @JitConstant int accumulate, int dOutputOffset,
                                         int dInputOffset) {
        int x = context.globalIdx;
        int y = context.globalIdy;
        int z = context.globalIdz;
        int blocks = Index.ceilDiv(inChannels, IN_CHANNEL_BLOCK);
        if (x >= width || y >= height || z >= batch * blocks) {
            return;
        }
        int n = z / blocks;
        int ci0 = (z - n * blocks) * IN_CHANNEL_BLOCK;
        int count = Math.min(IN_CHANNEL_BLOCK, inChannels - ci0);
        int plane = height * width;
        float[] acc = new float[IN_CHANNEL_BLOCK];
        for (int j = 0; j < IN_CHANNEL_BLOCK; j++) {
            acc[j] = 0.0f;
        }
        for (int co = 0; co < outChannels; co++) {
            // the flipped kernel: tap (ky, kx) reads dOutput[y - ky + 1][x - kx + 1]
            accumulateWindow(acc, count, dOutput, dOutputOffset + (n * outChannels + co) * plane, y, x, -1, height, width, weights,
                    (co * inChannels + ci0) * TAPS, TAPS);
        }
        storePixel(acc, count, dInput, dInputOffset + (n * inChannels + ci0) * plane + y * width + x, plane, 0, accumulate);
    }

    /**
     * {@code dInput[n][ci][y][x] (=|+=) sum_{co,ky,kx} weights[co][ci][ky][kx] * dOutput[n][co][y-ky+1][x-kx+1]}
     * (out-of-image taps read 0; {@code +=} when {@code accumulate != 0}): the CPU version of
     * {@link #convBackwardInput}, same arguments, same sums in the same order (co, ky, kx, fused multiply-add
     * from 0; an out-of-image tap adds {@code fma(0, w, acc) = acc}).
     *
     * <p>Range: 3D {@code (pixelTiles(width), height, batch * rowTileInChannelBlocks(inChannels))}, any local size
     * (e.g. 1x8x1 on PoCL); a wider range is also correct, items past the tiles return at once. One work-item
     * computes a tile of {@link #PIXEL_BLOCK} consecutive pixels of one row times {@link #ROW_TILE_IN_CHANNEL_BLOCK}
     * = 32 input channels (the last tile and block may be partial; a partial block runs fewer channels). 32, not the
     * GPU kernel's 8: the staging of the dOutput rows (masked, mostly scalar) is shared by 4x the FMAs: 16 were
     * about 1.2x faster than 8 on PoCL (ladder rungs i1 vs i2), 32 another 1.2x (i3 vs i2).
     *
     * <p>The structure of {@link #convForwardRowTiles} (bench/RESULTS.md, "Convolution backward ladder"): this
     * is a 3x3 convolution of dOutput with the flipped, transposed kernel, so per output channel co the 3
     * dOutput rows {@code oy = y - ky + 1} are staged in private arrays once per kx shift
     * ({@code tk[ky][px] = dOutput[oy][x0 + px - kx + 1]}, zeros outside the image), and the innermost loop
     * runs over the 16 pixels with contiguous, unconditional accesses and the 9 taps written out (explicit SIMD
     * lanes: PoCL vectorises no work-item loop around a kernel with loops and unrolls none of ours). The staging and the
     * 9-tap block stay written out here, in {@link #convForwardRowTiles} and (the staging) in
     * {@link #convBackwardWeightsRowTiles}: as shared helpers they made PoCL build 13-23% more instructions for the three
     * kernels (the same vector FMAs, more scalar work), measured on PoCL 3.1 at F = 4, batch 16 of 41x41.
     */
    @Kernel
    public static void convBackwardInputRowTiles(KernelContext context, FloatArray dOutput, FloatArray weights, FloatArray dInput,
                                                 @JitConstant int batch, @JitConstant int inChannels, @JitConstant int outChannels,
                                                 @JitConstant int height, @JitConstant int width, @JitConstant int accumulate,
                                                 int dOutputOffset, int dInputOffset) {
        int tx = context.globalIdx;
        int y = context.globalIdy;
        int z = context.globalIdz;
        int blocks = Index.ceilDiv(inChannels, ROW_TILE_IN_CHANNEL_BLOCK);
        int tiles = Index.ceilDiv(width, PIXEL_BLOCK);
        if (tx >= tiles || y >= height || z >= batch * blocks) {
            return;
        }
        int n = z / blocks;
        int ci0 = (z - n * blocks) * ROW_TILE_IN_CHANNEL_BLOCK;
        int count = Math.min(ROW_TILE_IN_CHANNEL_BLOCK, inChannels - ci0);   // a partial last block runs fewer channels
        int x0 = tx * PIXEL_BLOCK;
        int plane = height * width;
        float[] acc = new float[ROW_TILE_IN_CHANNEL_BLOCK * PIXEL_BLOCK];
        float[] t0 = new float[3 * PIXEL_BLOCK];
        float[] t1 = new float[3 * PIXEL_BLOCK];
        float[] t2 = new float[3 * PIXEL_BLOCK];
        for (int i = 0; i < ROW_TILE_IN_CHANNEL_BLOCK * PIXEL_BLOCK; i++) {
            acc[i] = 0.0f;
        }
        for (int co = 0; co < outChannels; co++) {
            int base = dOutputOffset + (n * outChannels + co) * plane;
            for (int ky = 0; ky < 3; ky++) {
                int oy = y - ky + 1;
                boolean rowOk = oy >= 0 && oy < height;
                int rowBase = base + oy * width;
                for (int px = 0; px < PIXEL_BLOCK; px++) {
                    int ix = x0 + px;
                    // kx = 0 reads ox = x + 1, kx = 1 reads x, kx = 2 reads x - 1
                    t0[ky * PIXEL_BLOCK + px] = rowOk && ix + 1 < width ? dOutput.get(rowBase + ix + 1) : 0.0f;
                    t1[ky * PIXEL_BLOCK + px] = rowOk && ix < width ? dOutput.get(rowBase + ix) : 0.0f;
                    t2[ky * PIXEL_BLOCK + px] = rowOk && ix >= 1 && ix <= width ? dOutput.get(rowBase + ix - 1) : 0.0f;
                }
            }
            for (int j = 0; j < count; j++) {
                int wb = (co * inChannels + ci0 + j) * TAPS;
                float w0 = weights.get(wb), w1 = weights.get(wb + 1), w2 = weights.get(wb + 2);
                float w3 = weights.get(wb + 3), w4 = weights.get(wb + 4), w5 = weights.get(wb + 5);
                float w6 = weights.get(wb + 6), w7 = weights.get(wb + 7), w8 = weights.get(wb + 8);
                for (int px = 0; px < PIXEL_BLOCK; px++) {
                    float a = acc[j * PIXEL_BLOCK + px];
                    a = Math.fma(t0[px], w0, a);
                    a = Math.fma(t1[px], w1, a);
                    a = Math.fma(t2[px], w2, a);
                    a = Math.fma(t0[PIXEL_BLOCK + px], w3, a);
                    a = Math.fma(t1[PIXEL_BLOCK + px], w4, a);
                    a = Math.fma(t2[PIXEL_BLOCK + px], w5, a);
                    a = Math.fma(t0[2 * PIXEL_BLOCK + px], w6, a);
                    a = Math.fma(t1[2 * PIXEL_BLOCK + px], w7, a);
                    a = Math.fma(t2[2 * PIXEL_BLOCK + px], w8, a);
                    acc[j * PIXEL_BLOCK + px] = a;
                }
            }
        }
        int inBase = dInputOffset + (n * inChannels + ci0) * plane + y * width + x0;
        for (int j = 0; j < count; j++) {
            for (int px = 0; px < PIXEL_BLOCK; px++) {
                if (x0 + px < width) {
                    int index = inBase + j * plane + px;
                    if (accumulate != 0) {
                        dInput.set(index, dInput.get(index) + acc[j * PIXEL_BLOCK + px]);
                    } else {
                        dInput.set(index, acc[j * PIXEL_BLOCK + px]);
                    }
                }
            }
        }
    }

    /** Reference twin of {@link #convBackwardInputRowTiles}: the same definition as {@link #convBackwardInputReference}. */
    public static void convBackwardInputRowTilesReference(float[] dOutput, float[] weights, float[] dInput,
                                                          int batch, int inChannels, int outChannels, int height, int width,
                                                          int accumulate, int dOutputOffset, int dInputOffset) {
        convBackwardInputReference(dOutput, weights, dInput, batch, inChannels, outChannels, height, width, accumulate,
                dOutputOffset, dInputOffset);
    }

    /** Reference twin of {@link #convBackwardInput}: scatters every output gradient back through the taps. */
    public static void convBackwardInputReference(float[] dOutput, float[] weights, float[] dInput,
                                                  int batch, int inChannels, int outChannels, int height, int width, int accumulate,
                                                  int dOutputOffset, int dInputOffset) {
        float[] sum = new float[batch * inChannels * height * width];
        for (int n = 0; n < batch; n++) {
            for (int co = 0; co < outChannels; co++) {
                for (int y = 0; y < height; y++) {
                    for (int x = 0; x < width; x++) {
                        float g = dOutput[dOutputOffset + ((n * outChannels + co) * height + y) * width + x];
                        for (int ci = 0; ci < inChannels; ci++) {
                            for (int ky = 0; ky < 3; ky++) {
                                for (int kx = 0; kx < 3; kx++) {
                                    int iy = y + ky - 1;
                                    int ix = x + kx - 1;
                                    if (iy < 0 || iy >= height || ix < 0 || ix >= width) continue;
                                    sum[((n * inChannels + ci) * height + iy) * width + ix] +=
                                            g * weights[((co * inChannels + ci) * 3 + ky) * 3 + kx];
                                }
                            }
                        }
                    }
                }
            }
        }
        for (int i = 0; i < sum.length; i++) {
            dInput[dInputOffset + i] = accumulate != 0 ? dInput[dInputOffset + i] + sum[i] : sum[i];
        }
    }

    /**
     * Gradient with respect to the weights, ACCUMULATED (llm.c rule for parameters):
     * {@code dWeights[co][ci][ky][kx] += sum_{n,y,x} dOutput[n][co][y][x] * input[n][ci][y+ky-1][x+kx-1]}.
     * With {@code batch = D * N} over contiguous {@code [D][N][C][H][W]} activations one launch sums all D
     * recursions of a shared weight.
     *
     * <p>Range: 1D {@code outChannels * inChannels * GROUP_SIZE}, local size exactly {@link #GROUP_SIZE}.
     * Work-group {@code g = co * inChannels + ci} owns the 9 weights of the pair (co, ci): its items
     * stride over the {@code batch * height * width} pixels (coalesced reads), each keeping 9 private
     * sums, then a local-memory tree reduction (9 x GROUP_SIZE floats) and one add per weight.
     * {@code dOutput} and {@code input} are read from elements {@code dOutputOffset} and {@code inputOffset} on.
     */
    @Kernel
    public static void convBackwardWeights(KernelContext context, FloatArray dOutput, FloatArray input, FloatArray dWeights,
                                           @JitConstant int batch, @JitConstant int inChannels, @JitConstant int outChannels,
                                           @JitConstant int height, @JitConstant int width, int dOutputOffset, int inputOffset) {
        float[] scratch = context.allocateFloatLocalArray(TAPS * GROUP_SIZE);
        int pair = context.groupIdx;
        int lid = context.localIdx;
        if (pair >= outChannels * inChannels) {
            return;
        }
        int co = pair / inChannels;
        int ci = pair - co * inChannels;
        int plane = height * width;
        int total = batch * plane;
        float[] acc = new float[TAPS];
        for (int k = 0; k < TAPS; k++) {
            acc[k] = 0.0f;
        }
        for (int p = lid; p < total; p += GROUP_SIZE) {
            int n = p / plane;
            int r = p - n * plane;
            int y = r / width;
            int x = r - y * width;
            float g = dOutput.get(dOutputOffset + (n * outChannels + co) * plane + r);
            int inBase = inputOffset + (n * inChannels + ci) * plane;
            for (int ky = 0; ky < 3; ky++) {
                int iy = y + ky - 1;
                if (iy < 0 || iy >= height) {
                    continue;
                }
                for (int kx = 0; kx < 3; kx++) {
                    int ix = x + kx - 1;
                    if (ix < 0 || ix >= width) {
                        continue;
                    }
                    acc[ky * 3 + kx] = Math.fma(g, input.get(inBase + iy * width + ix), acc[ky * 3 + kx]);
                }
            }
        }
        for (int k = 0; k < TAPS; k++) {
            scratch[k * GROUP_SIZE + lid] = acc[k];
        }
        context.localBarrier();
        for (int stride = GROUP_SIZE / 2; stride > 0; stride = stride / 2) {
            if (lid < stride) {
                for (int k = 0; k < TAPS; k++) {
                    scratch[k * GROUP_SIZE + lid] += scratch[k * GROUP_SIZE + lid + stride];
                }
            }
            context.localBarrier();
        }
        if (lid < TAPS) {
            int index = pair * TAPS + lid;
            dWeights.set(index, dWeights.get(index) + scratch[lid * GROUP_SIZE]);
        }
    }

    /** SIMD lanes of {@link #convBackwardWeightsRowTiles}: half a {@link #PIXEL_BLOCK} tile. */
    public static final int WEIGHT_LANES = PIXEL_BLOCK / 2;
    /** Input channels one work-item of {@link #convBackwardWeightsRowTiles} owns. */
    public static final int WEIGHT_IN_CHANNEL_BLOCK = 8;

    /** Number of input-channel blocks of {@link #convBackwardWeightsRowTiles}: the x extent of its range. */
    public static int weightInChannelBlocks(int inChannels) {
        return Index.ceilDiv(inChannels, WEIGHT_IN_CHANNEL_BLOCK);
    }

    /**
     * {@code dWeights[co][ci][ky][kx] += sum_{n,y,x} dOutput[n][co][y][x] * input[n][ci][y+ky-1][x+kx-1]}
     * (ACCUMULATED; out-of-image taps read 0): the CPU version of {@link #convBackwardWeights}, same arguments,
     * same sums in another order (rel L2 ~1e-7 apart, "different order" tolerance).
     *
     * <p>Range: 2D {@code (weightInChannelBlocks(inChannels), outChannelBlocks(outChannels))}, any local size (e.g.
     * 1x1 on PoCL), may be padded. No barrier, no second pass: work-item {@code (cb, b)} owns the 9 weights of the
     * pairs (co, ci) for the {@link #WEIGHT_IN_CHANNEL_BLOCK} = 8 input channels {@code ci = 8cb..8cb+7} and the
     * {@link #OUT_CHANNEL_BLOCK} = 8 output channels {@code co = 8b..8b+7} (fewer in partial last blocks), and loops
     * over ALL images, rows and 16-pixel row tiles: {@code ceil(Cin/8) * ceil(Cout/8)} work-items (64 at F = 64,
     * enough for a CPU's cores; each is a long loop).
     *
     * <p>Per row tile it stages the tile's dOutput row for its 8 output channels ({@code g[j][px]}, zero past the
     * image's right edge) ONCE, then for each of its 8 input channels the 3 input rows {@code iy = y + ky - 1} once
     * per kx shift ({@code tk[ky][px] = input[iy][x0 + px + kx - 1]}, zeros outside the image), as
     * {@link #convForwardRowTiles} does, and runs that channel's FMAs. Why 8 input channels per item (ladder rung
     * w5 against w2, one input channel per item; bench/RESULTS.md "Convolution backward ladder"): with one, each of
     * the 64 items of an output block streamed the block's dOutput over all images again (13.8 MB at batch
     * D*N = 256, 41x41: more than the L2) and re-staged it; now 8x less dOutput traffic and g staging, 1.3x (batch
     * 16) to 1.45x (batch 256) faster on PoCL. The accumulators {@code acc[cj][j][tap][l]} (8 x 8 x 9 x 8 floats =
     * 18 KB) stay in L1.
     *
     * <p>The accumulators are vectors over {@link #WEIGHT_LANES} = 8 lanes: {@code acc[cj][j][tap][l]} sums the
     * products of pixels {@code x0 + l} AND {@code x0 + l + 8} of every tile. Why two pixels per lane: the reduction
     * runs along the pixels, which are also the SIMD lanes, so each accumulator makes a memory round trip per pass
     * of the (non-unrolled) innermost loop; with the tile's two halves written out it takes 2 FMAs per round trip
     * instead of 1 (9 taps x 2 = 18 FMAs against 9 loads and 9 stores of accumulators).
     *
     * <p>Summation order, per weight: for each lane l, over n, y, tile in that order, {@code fma} of the
     * low-half pixel then the high-half pixel, from 0; then the 8 lanes added in order 0..7, then added to
     * {@code dWeights} (the same order as with one input channel per item). {@code dOutput} and {@code input} are
     * read from elements {@code dOutputOffset} and {@code inputOffset} on.
     */
    @Kernel
    public static void convBackwardWeightsRowTiles(KernelContext context, FloatArray dOutput, FloatArray input, FloatArray dWeights,
                                                   @JitConstant int batch, @JitConstant int inChannels, @JitConstant int outChannels,
                                                   @JitConstant int height, @JitConstant int width, int dOutputOffset, int inputOffset) {
        int cb = context.globalIdx;
        int b = context.globalIdy;
        int blocks = Index.ceilDiv(outChannels, OUT_CHANNEL_BLOCK);
        int ciBlocks = Index.ceilDiv(inChannels, WEIGHT_IN_CHANNEL_BLOCK);
        if (cb >= ciBlocks || b >= blocks) {
            return;
        }
        int ci0 = cb * WEIGHT_IN_CHANNEL_BLOCK;
        int ciCount = Math.min(WEIGHT_IN_CHANNEL_BLOCK, inChannels - ci0);   // partial last blocks run fewer channels
        int co0 = b * OUT_CHANNEL_BLOCK;
        int count = Math.min(OUT_CHANNEL_BLOCK, outChannels - co0);
        int plane = height * width;
        int tiles = Index.ceilDiv(width, PIXEL_BLOCK);
        int accPerCi = OUT_CHANNEL_BLOCK * TAPS * WEIGHT_LANES;   // acc[cj][j][tap][l] at cj * accPerCi + (j * TAPS + tap) * WEIGHT_LANES + l
        float[] acc = new float[WEIGHT_IN_CHANNEL_BLOCK * OUT_CHANNEL_BLOCK * TAPS * WEIGHT_LANES];
        float[] g = new float[OUT_CHANNEL_BLOCK * PIXEL_BLOCK];
        float[] t0 = new float[3 * PIXEL_BLOCK];
        float[] t1 = new float[3 * PIXEL_BLOCK];
        float[] t2 = new float[3 * PIXEL_BLOCK];
        for (int i = 0; i < WEIGHT_IN_CHANNEL_BLOCK * OUT_CHANNEL_BLOCK * TAPS * WEIGHT_LANES; i++) {
            acc[i] = 0.0f;
        }
        for (int n = 0; n < batch; n++) {
            int outBase = dOutputOffset + (n * outChannels + co0) * plane;
            for (int y = 0; y < height; y++) {
                for (int tx = 0; tx < tiles; tx++) {
                    int x0 = tx * PIXEL_BLOCK;
                    // the dOutput tile of the 8 output channels, staged once for all 8 input channels
                    for (int j = 0; j < count; j++) {
                        int rowBase = outBase + j * plane + y * width;
                        for (int px = 0; px < PIXEL_BLOCK; px++) {
                            g[j * PIXEL_BLOCK + px] = x0 + px < width ? dOutput.get(rowBase + x0 + px) : 0.0f;
                        }
                    }
                    for (int cj = 0; cj < ciCount; cj++) {
                        int inBase = inputOffset + (n * inChannels + ci0 + cj) * plane;
                        for (int ky = 0; ky < 3; ky++) {
                            int iy = y + ky - 1;
                            boolean rowOk = iy >= 0 && iy < height;
                            int rowBase = inBase + iy * width;
                            for (int px = 0; px < PIXEL_BLOCK; px++) {
                                int ix = x0 + px;
                                t0[ky * PIXEL_BLOCK + px] = rowOk && ix >= 1 && ix <= width ? input.get(rowBase + ix - 1) : 0.0f;
                                t1[ky * PIXEL_BLOCK + px] = rowOk && ix < width ? input.get(rowBase + ix) : 0.0f;
                                t2[ky * PIXEL_BLOCK + px] = rowOk && ix + 1 < width ? input.get(rowBase + ix + 1) : 0.0f;
                            }
                        }
                        for (int j = 0; j < count; j++) {
                            for (int l = 0; l < WEIGHT_LANES; l++) {
                                float lo = g[j * PIXEL_BLOCK + l];
                                float hi = g[j * PIXEL_BLOCK + WEIGHT_LANES + l];
                                int a = cj * accPerCi + j * TAPS * WEIGHT_LANES + l;   // acc[cj][j][tap][l] at a + tap * WEIGHT_LANES
                                acc[a] = Math.fma(hi, t0[WEIGHT_LANES + l], Math.fma(lo, t0[l], acc[a]));
                                acc[a + WEIGHT_LANES] = Math.fma(hi, t1[WEIGHT_LANES + l], Math.fma(lo, t1[l], acc[a + WEIGHT_LANES]));
                                acc[a + 2 * WEIGHT_LANES] = Math.fma(hi, t2[WEIGHT_LANES + l], Math.fma(lo, t2[l], acc[a + 2 * WEIGHT_LANES]));
                                acc[a + 3 * WEIGHT_LANES] = Math.fma(hi, t0[PIXEL_BLOCK + WEIGHT_LANES + l], Math.fma(lo, t0[PIXEL_BLOCK + l], acc[a + 3 * WEIGHT_LANES]));
                                acc[a + 4 * WEIGHT_LANES] = Math.fma(hi, t1[PIXEL_BLOCK + WEIGHT_LANES + l], Math.fma(lo, t1[PIXEL_BLOCK + l], acc[a + 4 * WEIGHT_LANES]));
                                acc[a + 5 * WEIGHT_LANES] = Math.fma(hi, t2[PIXEL_BLOCK + WEIGHT_LANES + l], Math.fma(lo, t2[PIXEL_BLOCK + l], acc[a + 5 * WEIGHT_LANES]));
                                acc[a + 6 * WEIGHT_LANES] = Math.fma(hi, t0[2 * PIXEL_BLOCK + WEIGHT_LANES + l], Math.fma(lo, t0[2 * PIXEL_BLOCK + l], acc[a + 6 * WEIGHT_LANES]));
                                acc[a + 7 * WEIGHT_LANES] = Math.fma(hi, t1[2 * PIXEL_BLOCK + WEIGHT_LANES + l], Math.fma(lo, t1[2 * PIXEL_BLOCK + l], acc[a + 7 * WEIGHT_LANES]));
                                acc[a + 8 * WEIGHT_LANES] = Math.fma(hi, t2[2 * PIXEL_BLOCK + WEIGHT_LANES + l], Math.fma(lo, t2[2 * PIXEL_BLOCK + l], acc[a + 8 * WEIGHT_LANES]));
                            }
                        }
                    }
                }
            }
        }
        for (int cj = 0; cj < ciCount; cj++) {
            for (int j = 0; j < count; j++) {
                for (int k = 0; k < TAPS; k++) {
                    float sum = 0.0f;
                    for (int l = 0; l < WEIGHT_LANES; l++) {
                        sum += acc[cj * accPerCi + (j * TAPS + k) * WEIGHT_LANES + l];
                    }
                    int index = ((co0 + j) * inChannels + ci0 + cj) * TAPS + k;
                    dWeights.set(index, dWeights.get(index) + sum);
                }
            }
        }
    }

    /** Reference twin of {@link #convBackwardWeightsRowTiles}: the same definition as {@link #convBackwardWeightsReference}. */
    public static void convBackwardWeightsRowTilesReference(float[] dOutput, float[] input, float[] dWeights,
                                                            int batch, int inChannels, int outChannels, int height, int width,
                                                            int dOutputOffset, int inputOffset) {
        convBackwardWeightsReference(dOutput, input, dWeights, batch, inChannels, outChannels, height, width,
                dOutputOffset, inputOffset);
    }

    /** Reference twin of {@link #convBackwardWeights}. */
    public static void convBackwardWeightsReference(float[] dOutput, float[] input, float[] dWeights,
                                                    int batch, int inChannels, int outChannels, int height, int width,
                                                    int dOutputOffset, int inputOffset) {
        for (int co = 0; co < outChannels; co++) {
            for (int ci = 0; ci < inChannels; ci++) {
                for (int ky = 0; ky < 3; ky++) {
                    for (int kx = 0; kx < 3; kx++) {
                        float sum = 0f;
                        for (int n = 0; n < batch; n++) {
                            for (int y = 0; y < height; y++) {
                                for (int x = 0; x < width; x++) {
                                    int iy = y + ky - 1;
                                    int ix = x + kx - 1;
                                    if (iy < 0 || iy >= height || ix < 0 || ix >= width) continue;
                                    sum += dOutput[dOutputOffset + ((n * outChannels + co) * height + y) * width + x]
                                            * input[inputOffset + ((n * inChannels + ci) * height + iy) * width + ix];
                                }
                            }
                        }
                        dWeights[((co * inChannels + ci) * 3 + ky) * 3 + kx] += sum;
                    }
                }
            }
        }
    }

    /**
     * Gradient with respect to the bias, ACCUMULATED: {@code dBias[co] += sum_{n,y,x} dOutput[n][co][y][x]}
     * ({@code batch = D * N} sums all recursions at once).
     *
     * <p>Range: 1D {@code outChannels * GROUP_SIZE}, local size exactly {@link #GROUP_SIZE}; work-group
     * {@code co} strides over the channel's pixels, then a local-memory tree reduction.
     * {@code dOutput} is read from element {@code dOutputOffset} on.
     */
    @Kernel
    public static void convBackwardBias(KernelContext context, FloatArray dOutput, FloatArray dBias, @JitConstant int batch,
                                        @JitConstant int outChannels, @JitConstant int height, @JitConstant int width, int dOutputOffset) {
        float[] scratch = context.allocateFloatLocalArray(GROUP_SIZE);
        int co = context.groupIdx;
        int lid = context.localIdx;
        if (co >= outChannels) {
            return;
        }
        int plane = height * width;
        int total = batch * plane;
        float sum = 0.0f;
        for (int p = lid; p < total; p += GROUP_SIZE) {
            int n = p / plane;
            int r = p - n * plane;
            sum += dOutput.get(dOutputOffset + (n * outChannels + co) * plane + r);
        }
        float channelSum = Reduction.groupSum(context, scratch, sum);
        if (lid == 0) {
            dBias.set(co, dBias.get(co) + channelSum);
        }
    }

    /**
     * {@code dBias[co] += sum_{n,y,x} dOutput[n][co][y][x]} (ACCUMULATED): the CPU version of
     * {@link #convBackwardBias}, same arguments, same sum in another order.
     *
     * <p>Range: 1D {@code outChannels}, any local size (e.g. 1 on PoCL), may be padded. One work-item per
     * channel, no barrier: it walks the channel's contiguous planes ({@code batch} of {@code height * width}
     * floats) in chunks of {@link #PIXEL_BLOCK} into 16 explicit lane sums (one vector add per chunk), the
     * {@code plane % 16} trailing floats of each plane into a scalar sum. Why: the GPU kernel's work-group of 256
     * with a strided loop (a division per element) and a tree of barriers ran at about 1.2 GB/s on PoCL, 90 ms
     * per launch at batch D*N = 256, F = 64 (twice per training step); this one is a stream.
     *
     * <p>Summation order: lane l sums elements {@code 16c + l} of every plane, n then c in order, from 0; the tail
     * sum from 0 over n and the tail elements in order; then {@code tail + lane 0 + ... + lane 15}, added to
     * {@code dBias[co]}. {@code dOutput} is read from element {@code dOutputOffset} on.
     */
    @Kernel
    public static void convBackwardBiasRowTiles(KernelContext context, FloatArray dOutput, FloatArray dBias, @JitConstant int batch,
                                                @JitConstant int outChannels, @JitConstant int height, @JitConstant int width,
                                                int dOutputOffset) {
        int co = context.globalIdx;
        if (co >= outChannels) {
            return;
        }
        int plane = height * width;
        int chunks = plane / PIXEL_BLOCK;
        float[] lanes = new float[PIXEL_BLOCK];
        for (int l = 0; l < PIXEL_BLOCK; l++) {
            lanes[l] = 0.0f;
        }
        float tail = 0.0f;
        for (int n = 0; n < batch; n++) {
            int base = dOutputOffset + (n * outChannels + co) * plane;
            for (int c = 0; c < chunks; c++) {
                int chunkBase = base + c * PIXEL_BLOCK;
                for (int l = 0; l < PIXEL_BLOCK; l++) {
                    lanes[l] += dOutput.get(chunkBase + l);
                }
            }
            for (int i = chunks * PIXEL_BLOCK; i < plane; i++) {
                tail += dOutput.get(base + i);
            }
        }
        float sum = tail;
        for (int l = 0; l < PIXEL_BLOCK; l++) {
            sum += lanes[l];
        }
        dBias.set(co, dBias.get(co) + sum);
    }

    /** Reference twin of {@link #convBackwardBiasRowTiles}: the same definition as {@link #convBackwardBiasReference}. */
    public static void convBackwardBiasRowTilesReference(float[] dOutput, float[] dBias, int batch, int outChannels, int height, int width,
                                                         int dOutputOffset) {
        convBackwardBiasReference(dOutput, dBias, batch, outChannels, height, width, dOutputOffset);
    }

    /** Reference twin of {@link #convBackwardBias}. */
    public static void convBackwardBiasReference(float[] dOutput, float[] dBias, int batch, int outChannels, int height, int width,
                                                 int dOutputOffset) {
        for (int co = 0; co < outChannels; co++) {
            float sum = 0f;
            for (int n = 0; n < batch; n++) {
                for (int i = 0; i < height * width; i++) {
                    sum += dOutput[dOutputOffset + (n * outChannels + co) * height * width + i];
                }
            }
            dBias[co] += sum;
        }
    }
}
