package drcn.bench.ladder;

import drcn.kernels.Index;
import drcn.tornado.api.types.arrays.FloatArray;
import drcn.kernels.api.JitConstant;
import drcn.kernels.api.Kernel;
import drcn.tornado.api.KernelContext;
import drcn.kernels.nn.Convolution;
import drcn.kernels.nn.ConvolutionTiled;

import static drcn.kernels.nn.ConvolutionTiled.*;

/**
 * Rungs of the GPU ladders ({@link ConvForwardLadder}, {@link ConvBackwardLadder}) that vary the product's tiled
 * convolutions ({@link ConvolutionTiled}): 128 x 128 tiles, double-buffered local memory, wide weight-gradient tiles.
 * On an NVIDIA H200 (bench/RESULTS.md, "After the tiled kernels") none beat the product's 64 x 128 single-buffered
 * tile by more than 7% anywhere and most lost, so they live here, beside the ladders, as the record of what was tried.
 * Each computes exactly what its product kernel computes (same arguments, same summation order per output) and has a
 * plain-Java twin; the ladders check every rung against the reference before timing it, and
 * ConvTiledCandidatesTest checks them on the JVM backend.
 */
public final class ConvTiledCandidates {
    private ConvTiledCandidates() {
    }

    // The variants below compute exactly what convForwardTiled / convBackwardInputTiled / convBackwardWeightsTiled compute
    // (same arguments, same summation order per output), with other tile shapes or pipelining. They are rungs of
    // ConvForwardLadder / ConvBackwardLadder, so that one GPU run can pick the fastest; Convolutions runs the ones above.
    //
    // "128" (128 x 128 tiles, 256 work-items of 8 x 8, rows tm + 16i, pixels tn + 16j): per K step the work-group stages
    // 128 + 128 floats for 128 * 128 FMAs, twice the FMAs per staged (and per globally loaded) float of the 64 x 128 tile.
    // Local reads per FMA are the same (8 + 8 per 64). Half the work-groups: F = 256 at batch 16 of 41x41 gives
    // 211 x 2 = 422 groups of 256 (1.6 per SM of 132, 2 fit by registers), F = 64 only 211 half-empty ones (rows 64..127
    // are zero weights: half the FMAs are wasted there, so it is a candidate for F = 256 only).
    //
    // "Double" (double-buffered local memory with a register prefetch, the classic SGEMM pipeline without cp.async):
    // iteration c issues chunk c's global loads into registers, computes chunk c - 1 from local buffer (c - 1) & 1, stores
    // the registers into buffer c & 1, then ONE barrier. The loads' latency overlaps the FMAs of the same work-group, and
    // half the barriers of the single-buffered kernel. Hazards: buffer c & 1 was last read at iteration c - 1 (chunk c - 2),
    // before that iteration's barrier; chunk c is read at iteration c + 1, after iteration c's barrier.

    /** Work-items per work-group of the 128 x 128 tiles (1D local size): 16 x 16 work-items of 8 x 8 blocks. */
    public static final int THREADS_128 = 256;
    /** GEMM rows per work-group of the 128 x 128 tiles. */
    public static final int TILE_ROWS_128 = 128;
    /** Work-items along the rows of a 128 x 128 tile (rows tm + 16 i). */
    public static final int ROW_THREADS_128 = TILE_ROWS_128 / BLOCK_ROWS;
    /** Row stride of the staged weight slab [CHUNK_K][128]: 129 (odd, as WEIGHT_STRIDE). */
    public static final int WEIGHT_STRIDE_128 = TILE_ROWS_128 + 1;
    /** Weights staged per work-item per chunk of a 128 x 128 tile: 18 * 128 / 256 = 9. */
    public static final int WEIGHT_LOADS_128 = CHUNK_K * TILE_ROWS_128 / THREADS_128;
    /** Floats of one weight buffer of the 64 x 128 tiles. */
    public static final int WEIGHT_BUFFER = CHUNK_K * WEIGHT_STRIDE;
    /** Floats of one weight buffer of the 128 x 128 tiles. */
    public static final int WEIGHT_BUFFER_128 = CHUNK_K * WEIGHT_STRIDE_128;
    /** Floats of one im2col buffer (both tile heights): [CHUNK_K][128]. */
    public static final int PIXEL_BUFFER = CHUNK_K * TILE_PIXELS;

    /** The x extent of the range of the 128 x 128 kernels: one work-group of THREADS_128 per TILE_PIXELS pixels. */
    public static int pixelTileItems128(int batch, int height, int width) {
        return Index.ceilDiv(batch * height * width, TILE_PIXELS) * THREADS_128;
    }

    /** The y extent of the range of the 128 x 128 kernels: one work-group row per 128 channels. */
    public static int rowTiles128(int channels) {
        return Index.ceilDiv(channels, TILE_ROWS_128);
    }

    /**
     * {@link ConvolutionTiled#convForwardTiled} on 128 x 128 tiles: output channels {@code gy*128 .. +127} of pixels {@code gx*128 .. +127}.
     * Per chunk of 2 input channels: weight slab {@code [18][128]} (9 loads per work-item), im2col slab {@code [18][128]}
     * (work-item t stages channel t / 128 of pixel t % 128: 9 loads), two barriers. 18.5 KB of local memory.
     *
     * <p>Range: 2D {@code (pixelTileItems128(batch, height, width), rowTiles128(outChannels))}, local size exactly {@code (256, 1)}.
     */
    @Kernel
    public static void convForwardTiled128(KernelContext context, FloatArray input, FloatArray weights, FloatArray bias, FloatArray output,
                                           @JitConstant int batch, @JitConstant int inChannels, @JitConstant int outChannels,
                                           @JitConstant int height, @JitConstant int width, @JitConstant int relu, int inputOffset,
                                           int outputOffset) {
        float[] weightTile = context.allocateFloatLocalArray(WEIGHT_BUFFER_128);   // [k][co]
        float[] pixelTile = context.allocateFloatLocalArray(PIXEL_BUFFER);         // [k][pixel]
        int t = context.localIdx;
        int pixel0 = context.groupIdx * TILE_PIXELS;
        int co0 = context.groupIdy * TILE_ROWS_128;
        int plane = height * width;
        int pixels = batch * plane;
        int weightRow = inChannels * TAPS;

        // staging role: channel sc of each chunk, im2col column st (the pixel pixel0 + st)
        int sc = t / TILE_PIXELS;
        int st = t - sc * TILE_PIXELS;
        int p = pixel0 + st;
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

        // compute role: rows co0 + tm + 16i, pixels pixel0 + tn + 16j
        int tm = t / PIXEL_THREADS;
        int tn = t - tm * PIXEL_THREADS;
        float[] acc = new float[BLOCK_ROWS * BLOCK_PIXELS];
        float[] a = new float[BLOCK_ROWS];
        float[] b = new float[BLOCK_PIXELS];
        for (int i = 0; i < BLOCK_ROWS; i++) {
            float start = bias.get(Math.min(co0 + tm + ROW_THREADS_128 * i, outChannels - 1));
            for (int j = 0; j < BLOCK_PIXELS; j++) {
                acc[i * BLOCK_PIXELS + j] = start;
            }
        }

        for (int c0 = 0; c0 < inChannels; c0 += CHUNK_CHANNELS) {
            for (int l = 0; l < WEIGHT_LOADS_128; l++) {
                int e = t + l * THREADS_128;
                int row = e / CHUNK_K;
                int k = e - row * CHUNK_K;
                int co = co0 + row;
                boolean ok = co < outChannels && c0 * TAPS + k < weightRow;
                weightTile[k * WEIGHT_STRIDE_128 + row] = ok ? weights.get(co * weightRow + c0 * TAPS + k) : 0.0f;
            }
            boolean channelOk = pixelOk && c0 + sc < inChannels;
            int base = pixelBase + (c0 + sc) * plane;
            for (int ky = 0; ky < 3; ky++) {
                boolean rowOk = channelOk && (ky != 0 || up) && (ky != 2 || down);
                for (int kx = 0; kx < 3; kx++) {
                    boolean ok = rowOk && (kx != 0 || left) && (kx != 2 || right);
                    pixelTile[(sc * TAPS + ky * 3 + kx) * TILE_PIXELS + st] = ok ? input.get(base + (ky - 1) * width + kx - 1) : 0.0f;
                }
            }
            context.localBarrier();
            for (int k = 0; k < CHUNK_K; k++) {
                for (int i = 0; i < BLOCK_ROWS; i++) {
                    a[i] = weightTile[k * WEIGHT_STRIDE_128 + tm + ROW_THREADS_128 * i];
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
            context.localBarrier();
        }

        for (int j = 0; j < BLOCK_PIXELS; j++) {
            int q = pixel0 + tn + PIXEL_THREADS * j;
            if (q < pixels) {
                int n = q / plane;
                int r = q - n * plane;
                for (int i = 0; i < BLOCK_ROWS; i++) {
                    int co = co0 + tm + ROW_THREADS_128 * i;
                    if (co < outChannels) {
                        float v = acc[i * BLOCK_PIXELS + j];
                        if (relu != 0) {
                            v = Math.max(v, 0.0f);
                        }
                        output.set(outputOffset + (n * outChannels + co) * plane + r, v);
                    }
                }
            }
        }
    }

    /** Reference twin of {@link #convForwardTiled128}: the definition. */
    public static void convForwardTiled128Reference(float[] input, float[] weights, float[] bias, float[] output,
                                                    int batch, int inChannels, int outChannels, int height, int width, int relu,
                                                    int inputOffset, int outputOffset) {
        Convolution.convForwardReference(input, weights, bias, output, batch, inChannels, outChannels, height, width, relu,
                inputOffset, outputOffset);
    }

    /**
     * {@link ConvolutionTiled#convForwardTiled} (64 x 128 tiles, 128 work-items) double-buffered: two [18][64] weight and two [18][128]
     * im2col buffers (27.8 KB), chunk c's 9 weights and 18 im2col values prefetched into registers while chunk c - 1 is
     * computed, one barrier per chunk (see the section comment).
     *
     * <p>Range: convForwardTiled's, {@code (pixelTileItems(batch, height, width), rowTiles(outChannels))}, local {@code (128, 1)}.
     */
    @Kernel
    public static void convForwardTiledDouble(KernelContext context, FloatArray input, FloatArray weights, FloatArray bias, FloatArray output,
                                              @JitConstant int batch, @JitConstant int inChannels, @JitConstant int outChannels,
                                              @JitConstant int height, @JitConstant int width, @JitConstant int relu, int inputOffset,
                                              int outputOffset) {
        float[] weightTile = context.allocateFloatLocalArray(2 * WEIGHT_BUFFER);   // [buffer][k][co]
        float[] pixelTile = context.allocateFloatLocalArray(2 * PIXEL_BUFFER);     // [buffer][k][pixel]
        int t = context.localIdx;
        int pixel0 = context.groupIdx * TILE_PIXELS;
        int co0 = context.groupIdy * TILE_ROWS;
        int plane = height * width;
        int pixels = batch * plane;
        int weightRow = inChannels * TAPS;
        int chunks = Index.ceilDiv(inChannels, CHUNK_CHANNELS);

        // staging role: im2col column t, the pixel pixel0 + t
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

        // compute role: rows co0 + tm + 8i, pixels pixel0 + tn + 16j
        int tm = t / PIXEL_THREADS;
        int tn = t - tm * PIXEL_THREADS;
        float[] acc = new float[BLOCK_ROWS * BLOCK_PIXELS];
        float[] a = new float[BLOCK_ROWS];
        float[] b = new float[BLOCK_PIXELS];
        float[] nextWeights = new float[WEIGHT_LOADS];
        float[] nextPixels = new float[CHUNK_K];
        for (int i = 0; i < BLOCK_ROWS; i++) {
            float start = bias.get(Math.min(co0 + tm + ROW_THREADS * i, outChannels - 1));
            for (int j = 0; j < BLOCK_PIXELS; j++) {
                acc[i * BLOCK_PIXELS + j] = start;
            }
        }

        for (int c = 0; c <= chunks; c++) {
            int c0 = c * CHUNK_CHANNELS;
            if (c < chunks) {
                // chunk c's global loads into registers
                for (int l = 0; l < WEIGHT_LOADS; l++) {
                    int e = t + l * THREADS;
                    int row = e / CHUNK_K;
                    int k = e - row * CHUNK_K;
                    int co = co0 + row;
                    boolean ok = co < outChannels && c0 * TAPS + k < weightRow;
                    nextWeights[l] = ok ? weights.get(co * weightRow + c0 * TAPS + k) : 0.0f;
                }
                for (int cc = 0; cc < CHUNK_CHANNELS; cc++) {
                    boolean channelOk = pixelOk && c0 + cc < inChannels;
                    int base = pixelBase + (c0 + cc) * plane;
                    for (int ky = 0; ky < 3; ky++) {
                        boolean rowOk = channelOk && (ky != 0 || up) && (ky != 2 || down);
                        for (int kx = 0; kx < 3; kx++) {
                            boolean ok = rowOk && (kx != 0 || left) && (kx != 2 || right);
                            nextPixels[cc * TAPS + ky * 3 + kx] = ok ? input.get(base + (ky - 1) * width + kx - 1) : 0.0f;
                        }
                    }
                }
            }
            if (c > 0) {
                // chunk c - 1 from buffer (c - 1) & 1
                int weightBase = ((c - 1) & 1) * WEIGHT_BUFFER;
                int pixelBuffer = ((c - 1) & 1) * PIXEL_BUFFER;
                for (int k = 0; k < CHUNK_K; k++) {
                    for (int i = 0; i < BLOCK_ROWS; i++) {
                        a[i] = weightTile[weightBase + k * WEIGHT_STRIDE + tm + ROW_THREADS * i];
                    }
                    for (int j = 0; j < BLOCK_PIXELS; j++) {
                        b[j] = pixelTile[pixelBuffer + k * TILE_PIXELS + tn + PIXEL_THREADS * j];
                    }
                    for (int i = 0; i < BLOCK_ROWS; i++) {
                        for (int j = 0; j < BLOCK_PIXELS; j++) {
                            acc[i * BLOCK_PIXELS + j] = Math.fma(a[i], b[j], acc[i * BLOCK_PIXELS + j]);
                        }
                    }
                }
            }
            if (c < chunks) {
                // the registers into buffer c & 1
                int weightBase = (c & 1) * WEIGHT_BUFFER;
                int pixelBuffer = (c & 1) * PIXEL_BUFFER;
                for (int l = 0; l < WEIGHT_LOADS; l++) {
                    int e = t + l * THREADS;
                    int row = e / CHUNK_K;
                    weightTile[weightBase + (e - row * CHUNK_K) * WEIGHT_STRIDE + row] = nextWeights[l];
                }
                for (int k = 0; k < CHUNK_K; k++) {
                    pixelTile[pixelBuffer + k * TILE_PIXELS + t] = nextPixels[k];
                }
            }
            context.localBarrier();
        }

        for (int j = 0; j < BLOCK_PIXELS; j++) {
            int q = pixel0 + tn + PIXEL_THREADS * j;
            if (q < pixels) {
                int n = q / plane;
                int r = q - n * plane;
                for (int i = 0; i < BLOCK_ROWS; i++) {
                    int co = co0 + tm + ROW_THREADS * i;
                    if (co < outChannels) {
                        float v = acc[i * BLOCK_PIXELS + j];
                        if (relu != 0) {
                            v = Math.max(v, 0.0f);
                        }
                        output.set(outputOffset + (n * outChannels + co) * plane + r, v);
                    }
                }
            }
        }
    }

    /** Reference twin of {@link #convForwardTiledDouble}: the definition. */
    public static void convForwardTiledDoubleReference(float[] input, float[] weights, float[] bias, float[] output,
                                                       int batch, int inChannels, int outChannels, int height, int width, int relu,
                                                       int inputOffset, int outputOffset) {
        Convolution.convForwardReference(input, weights, bias, output, batch, inChannels, outChannels, height, width, relu,
                inputOffset, outputOffset);
    }

    /**
     * {@link #convForwardTiled128} double-buffered as {@link #convForwardTiledDouble}: two [18][128] weight and two
     * [18][128] im2col buffers (37 KB), 9 + 9 values prefetched per work-item per chunk, one barrier per chunk.
     *
     * <p>Range: {@code (pixelTileItems128(batch, height, width), rowTiles128(outChannels))}, local size exactly {@code (256, 1)}.
     */
    @Kernel
    public static void convForwardTiled128Double(KernelContext context, FloatArray input, FloatArray weights, FloatArray bias,
                                                 FloatArray output, @JitConstant int batch, @JitConstant int inChannels,
                                                 @JitConstant int outChannels, @JitConstant int height, @JitConstant int width,
                                                 @JitConstant int relu, int inputOffset, int outputOffset) {
        float[] weightTile = context.allocateFloatLocalArray(2 * WEIGHT_BUFFER_128);   // [buffer][k][co]
        float[] pixelTile = context.allocateFloatLocalArray(2 * PIXEL_BUFFER);         // [buffer][k][pixel]
        int t = context.localIdx;
        int pixel0 = context.groupIdx * TILE_PIXELS;
        int co0 = context.groupIdy * TILE_ROWS_128;
        int plane = height * width;
        int pixels = batch * plane;
        int weightRow = inChannels * TAPS;
        int chunks = Index.ceilDiv(inChannels, CHUNK_CHANNELS);

        // staging role: channel sc of each chunk, im2col column st (the pixel pixel0 + st)
        int sc = t / TILE_PIXELS;
        int st = t - sc * TILE_PIXELS;
        int p = pixel0 + st;
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

        // compute role: rows co0 + tm + 16i, pixels pixel0 + tn + 16j
        int tm = t / PIXEL_THREADS;
        int tn = t - tm * PIXEL_THREADS;
        float[] acc = new float[BLOCK_ROWS * BLOCK_PIXELS];
        float[] a = new float[BLOCK_ROWS];
        float[] b = new float[BLOCK_PIXELS];
        float[] nextWeights = new float[WEIGHT_LOADS_128];
        float[] nextPixels = new float[TAPS];
        for (int i = 0; i < BLOCK_ROWS; i++) {
            float start = bias.get(Math.min(co0 + tm + ROW_THREADS_128 * i, outChannels - 1));
            for (int j = 0; j < BLOCK_PIXELS; j++) {
                acc[i * BLOCK_PIXELS + j] = start;
            }
        }

        for (int c = 0; c <= chunks; c++) {
            int c0 = c * CHUNK_CHANNELS;
            if (c < chunks) {
                for (int l = 0; l < WEIGHT_LOADS_128; l++) {
                    int e = t + l * THREADS_128;
                    int row = e / CHUNK_K;
                    int k = e - row * CHUNK_K;
                    int co = co0 + row;
                    boolean ok = co < outChannels && c0 * TAPS + k < weightRow;
                    nextWeights[l] = ok ? weights.get(co * weightRow + c0 * TAPS + k) : 0.0f;
                }
                boolean channelOk = pixelOk && c0 + sc < inChannels;
                int base = pixelBase + (c0 + sc) * plane;
                for (int ky = 0; ky < 3; ky++) {
                    boolean rowOk = channelOk && (ky != 0 || up) && (ky != 2 || down);
                    for (int kx = 0; kx < 3; kx++) {
                        boolean ok = rowOk && (kx != 0 || left) && (kx != 2 || right);
                        nextPixels[ky * 3 + kx] = ok ? input.get(base + (ky - 1) * width + kx - 1) : 0.0f;
                    }
                }
            }
            if (c > 0) {
                int weightBase = ((c - 1) & 1) * WEIGHT_BUFFER_128;
                int pixelBuffer = ((c - 1) & 1) * PIXEL_BUFFER;
                for (int k = 0; k < CHUNK_K; k++) {
                    for (int i = 0; i < BLOCK_ROWS; i++) {
                        a[i] = weightTile[weightBase + k * WEIGHT_STRIDE_128 + tm + ROW_THREADS_128 * i];
                    }
                    for (int j = 0; j < BLOCK_PIXELS; j++) {
                        b[j] = pixelTile[pixelBuffer + k * TILE_PIXELS + tn + PIXEL_THREADS * j];
                    }
                    for (int i = 0; i < BLOCK_ROWS; i++) {
                        for (int j = 0; j < BLOCK_PIXELS; j++) {
                            acc[i * BLOCK_PIXELS + j] = Math.fma(a[i], b[j], acc[i * BLOCK_PIXELS + j]);
                        }
                    }
                }
            }
            if (c < chunks) {
                int weightBase = (c & 1) * WEIGHT_BUFFER_128;
                int pixelBuffer = (c & 1) * PIXEL_BUFFER;
                for (int l = 0; l < WEIGHT_LOADS_128; l++) {
                    int e = t + l * THREADS_128;
                    int row = e / CHUNK_K;
                    weightTile[weightBase + (e - row * CHUNK_K) * WEIGHT_STRIDE_128 + row] = nextWeights[l];
                }
                for (int tap = 0; tap < TAPS; tap++) {
                    pixelTile[pixelBuffer + (sc * TAPS + tap) * TILE_PIXELS + st] = nextPixels[tap];
                }
            }
            context.localBarrier();
        }

        for (int j = 0; j < BLOCK_PIXELS; j++) {
            int q = pixel0 + tn + PIXEL_THREADS * j;
            if (q < pixels) {
                int n = q / plane;
                int r = q - n * plane;
                for (int i = 0; i < BLOCK_ROWS; i++) {
                    int co = co0 + tm + ROW_THREADS_128 * i;
                    if (co < outChannels) {
                        float v = acc[i * BLOCK_PIXELS + j];
                        if (relu != 0) {
                            v = Math.max(v, 0.0f);
                        }
                        output.set(outputOffset + (n * outChannels + co) * plane + r, v);
                    }
                }
            }
        }
    }

    /** Reference twin of {@link #convForwardTiled128Double}: the definition. */
    public static void convForwardTiled128DoubleReference(float[] input, float[] weights, float[] bias, float[] output,
                                                          int batch, int inChannels, int outChannels, int height, int width, int relu,
                                                          int inputOffset, int outputOffset) {
        Convolution.convForwardReference(input, weights, bias, output, batch, inChannels, outChannels, height, width, relu,
                inputOffset, outputOffset);
    }

    /**
     * {@link ConvolutionTiled#convBackwardInputTiled} on 128 x 128 tiles: input channels {@code gy*128 .. +127} of pixels {@code gx*128 .. +127}.
     * Per chunk of 2 output channels: the rotated weight slab {@code [18][128 ci]} (per co the contiguous run
     * {@code weights[co][ci0 .. ci0+127][0..8]}, 9 loads per work-item), the im2col slab of dOut (work-item t stages
     * channel t / 128 of pixel t % 128), two barriers. 18.5 KB of local memory.
     *
     * <p>Range: 2D {@code (pixelTileItems128(batch, height, width), rowTiles128(inChannels))}, local size exactly {@code (256, 1)}.
     */
    @Kernel
    public static void convBackwardInputTiled128(KernelContext context, FloatArray dOutput, FloatArray weights, FloatArray dInput,
                                                 @JitConstant int batch, @JitConstant int inChannels, @JitConstant int outChannels,
                                                 @JitConstant int height, @JitConstant int width, @JitConstant int accumulate,
                                                 int dOutputOffset, int dInputOffset) {
        float[] weightTile = context.allocateFloatLocalArray(WEIGHT_BUFFER_128);   // [k][ci], k = cc * 9 + t'
        float[] pixelTile = context.allocateFloatLocalArray(PIXEL_BUFFER);         // [k][pixel]
        int t = context.localIdx;
        int pixel0 = context.groupIdx * TILE_PIXELS;
        int ci0 = context.groupIdy * TILE_ROWS_128;
        int plane = height * width;
        int pixels = batch * plane;
        int weightRun = TILE_ROWS_128 * TAPS;   // the floats weights[co][ci0 .. ci0+127][0..8]

        // staging role: channel sc of each chunk, im2col column st of dOut (the pixel pixel0 + st)
        int sc = t / TILE_PIXELS;
        int st = t - sc * TILE_PIXELS;
        int p = pixel0 + st;
        boolean pixelOk = p < pixels;
        int pn = pixelOk ? p / plane : 0;
        int pr = pixelOk ? p - pn * plane : 0;
        int py = pr / width;
        int px = pr - py * width;
        int pixelBase = dOutputOffset + pn * outChannels * plane + py * width + px;
        boolean up = py > 0;
        boolean down = py + 1 < height;
        boolean left = px > 0;
        boolean right = px + 1 < width;

        // compute role: rows ci0 + tm + 16i, pixels pixel0 + tn + 16j
        int tm = t / PIXEL_THREADS;
        int tn = t - tm * PIXEL_THREADS;
        float[] acc = new float[BLOCK_ROWS * BLOCK_PIXELS];
        float[] a = new float[BLOCK_ROWS];
        float[] b = new float[BLOCK_PIXELS];
        for (int i = 0; i < BLOCK_ROWS * BLOCK_PIXELS; i++) {
            acc[i] = 0.0f;
        }

        for (int c0 = 0; c0 < outChannels; c0 += CHUNK_CHANNELS) {
            for (int l = 0; l < WEIGHT_LOADS_128; l++) {
                int e = t + l * THREADS_128;
                int cc = e / weightRun;
                int r = e - cc * weightRun;
                int row = r / TAPS;
                int tap = r - row * TAPS;
                int co = c0 + cc;
                int ci = ci0 + row;
                boolean ok = co < outChannels && ci < inChannels;
                weightTile[(cc * TAPS + 8 - tap) * WEIGHT_STRIDE_128 + row] = ok ? weights.get((co * inChannels + ci) * TAPS + tap) : 0.0f;
            }
            boolean channelOk = pixelOk && c0 + sc < outChannels;
            int base = pixelBase + (c0 + sc) * plane;
            for (int ky = 0; ky < 3; ky++) {
                boolean rowOk = channelOk && (ky != 0 || up) && (ky != 2 || down);
                for (int kx = 0; kx < 3; kx++) {
                    boolean ok = rowOk && (kx != 0 || left) && (kx != 2 || right);
                    pixelTile[(sc * TAPS + ky * 3 + kx) * TILE_PIXELS + st] = ok ? dOutput.get(base + (ky - 1) * width + kx - 1) : 0.0f;
                }
            }
            context.localBarrier();
            for (int k = 0; k < CHUNK_K; k++) {
                for (int i = 0; i < BLOCK_ROWS; i++) {
                    a[i] = weightTile[k * WEIGHT_STRIDE_128 + tm + ROW_THREADS_128 * i];
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
            context.localBarrier();
        }

        for (int j = 0; j < BLOCK_PIXELS; j++) {
            int q = pixel0 + tn + PIXEL_THREADS * j;
            if (q < pixels) {
                int n = q / plane;
                int r = q - n * plane;
                for (int i = 0; i < BLOCK_ROWS; i++) {
                    int ci = ci0 + tm + ROW_THREADS_128 * i;
                    if (ci < inChannels) {
                        int index = dInputOffset + (n * inChannels + ci) * plane + r;
                        float v = acc[i * BLOCK_PIXELS + j];
                        if (accumulate != 0) {
                            v = dInput.get(index) + v;
                        }
                        dInput.set(index, v);
                    }
                }
            }
        }
    }

    /** Reference twin of {@link #convBackwardInputTiled128}: the definition. */
    public static void convBackwardInputTiled128Reference(float[] dOutput, float[] weights, float[] dInput,
                                                          int batch, int inChannels, int outChannels, int height, int width,
                                                          int accumulate, int dOutputOffset, int dInputOffset) {
        Convolution.convBackwardInputReference(dOutput, weights, dInput, batch, inChannels, outChannels, height, width, accumulate,
                dOutputOffset, dInputOffset);
    }

    /**
     * {@link ConvolutionTiled#convBackwardInputTiled} (64 x 128 tiles, 128 work-items) double-buffered as {@link #convForwardTiledDouble}:
     * 27.8 KB of local memory, 9 weights and 18 dOut values prefetched per work-item per chunk, one barrier per chunk.
     *
     * <p>Range: convBackwardInputTiled's, {@code (pixelTileItems(batch, height, width), rowTiles(inChannels))}, local {@code (128, 1)}.
     */
    @Kernel
    public static void convBackwardInputTiledDouble(KernelContext context, FloatArray dOutput, FloatArray weights, FloatArray dInput,
                                                    @JitConstant int batch, @JitConstant int inChannels, @JitConstant int outChannels,
                                                    @JitConstant int height, @JitConstant int width, @JitConstant int accumulate,
                                                    int dOutputOffset, int dInputOffset) {
        float[] weightTile = context.allocateFloatLocalArray(2 * WEIGHT_BUFFER);   // [buffer][k][ci]
        float[] pixelTile = context.allocateFloatLocalArray(2 * PIXEL_BUFFER);     // [buffer][k][pixel]
        int t = context.localIdx;
        int pixel0 = context.groupIdx * TILE_PIXELS;
        int ci0 = context.groupIdy * TILE_ROWS;
        int plane = height * width;
        int pixels = batch * plane;
        int weightRun = TILE_ROWS * TAPS;
        int chunks = Index.ceilDiv(outChannels, CHUNK_CHANNELS);

        // staging role: im2col column t of dOut, the pixel pixel0 + t
        int p = pixel0 + t;
        boolean pixelOk = p < pixels;
        int pn = pixelOk ? p / plane : 0;
        int pr = pixelOk ? p - pn * plane : 0;
        int py = pr / width;
        int px = pr - py * width;
        int pixelBase = dOutputOffset + pn * outChannels * plane + py * width + px;
        boolean up = py > 0;
        boolean down = py + 1 < height;
        boolean left = px > 0;
        boolean right = px + 1 < width;

        // compute role: rows ci0 + tm + 8i, pixels pixel0 + tn + 16j
        int tm = t / PIXEL_THREADS;
        int tn = t - tm * PIXEL_THREADS;
        float[] acc = new float[BLOCK_ROWS * BLOCK_PIXELS];
        float[] a = new float[BLOCK_ROWS];
        float[] b = new float[BLOCK_PIXELS];
        float[] nextWeights = new float[WEIGHT_LOADS];
        float[] nextPixels = new float[CHUNK_K];
        for (int i = 0; i < BLOCK_ROWS * BLOCK_PIXELS; i++) {
            acc[i] = 0.0f;
        }

        for (int c = 0; c <= chunks; c++) {
            int c0 = c * CHUNK_CHANNELS;
            if (c < chunks) {
                for (int l = 0; l < WEIGHT_LOADS; l++) {
                    int e = t + l * THREADS;
                    int cc = e / weightRun;
                    int r = e - cc * weightRun;
                    int row = r / TAPS;
                    int tap = r - row * TAPS;
                    int co = c0 + cc;
                    int ci = ci0 + row;
                    boolean ok = co < outChannels && ci < inChannels;
                    nextWeights[l] = ok ? weights.get((co * inChannels + ci) * TAPS + tap) : 0.0f;
                }
                for (int cc = 0; cc < CHUNK_CHANNELS; cc++) {
                    boolean channelOk = pixelOk && c0 + cc < outChannels;
                    int base = pixelBase + (c0 + cc) * plane;
                    for (int ky = 0; ky < 3; ky++) {
                        boolean rowOk = channelOk && (ky != 0 || up) && (ky != 2 || down);
                        for (int kx = 0; kx < 3; kx++) {
                            boolean ok = rowOk && (kx != 0 || left) && (kx != 2 || right);
                            nextPixels[cc * TAPS + ky * 3 + kx] = ok ? dOutput.get(base + (ky - 1) * width + kx - 1) : 0.0f;
                        }
                    }
                }
            }
            if (c > 0) {
                int weightBase = ((c - 1) & 1) * WEIGHT_BUFFER;
                int pixelBuffer = ((c - 1) & 1) * PIXEL_BUFFER;
                for (int k = 0; k < CHUNK_K; k++) {
                    for (int i = 0; i < BLOCK_ROWS; i++) {
                        a[i] = weightTile[weightBase + k * WEIGHT_STRIDE + tm + ROW_THREADS * i];
                    }
                    for (int j = 0; j < BLOCK_PIXELS; j++) {
                        b[j] = pixelTile[pixelBuffer + k * TILE_PIXELS + tn + PIXEL_THREADS * j];
                    }
                    for (int i = 0; i < BLOCK_ROWS; i++) {
                        for (int j = 0; j < BLOCK_PIXELS; j++) {
                            acc[i * BLOCK_PIXELS + j] = Math.fma(a[i], b[j], acc[i * BLOCK_PIXELS + j]);
                        }
                    }
                }
            }
            if (c < chunks) {
                int weightBase = (c & 1) * WEIGHT_BUFFER;
                int pixelBuffer = (c & 1) * PIXEL_BUFFER;
                for (int l = 0; l < WEIGHT_LOADS; l++) {
                    int e = t + l * THREADS;
                    int cc = e / weightRun;
                    int r = e - cc * weightRun;
                    int row = r / TAPS;
                    int tap = r - row * TAPS;
                    weightTile[weightBase + (cc * TAPS + 8 - tap) * WEIGHT_STRIDE + row] = nextWeights[l];
                }
                for (int k = 0; k < CHUNK_K; k++) {
                    pixelTile[pixelBuffer + k * TILE_PIXELS + t] = nextPixels[k];
                }
            }
            context.localBarrier();
        }

        for (int j = 0; j < BLOCK_PIXELS; j++) {
            int q = pixel0 + tn + PIXEL_THREADS * j;
            if (q < pixels) {
                int n = q / plane;
                int r = q - n * plane;
                for (int i = 0; i < BLOCK_ROWS; i++) {
                    int ci = ci0 + tm + ROW_THREADS * i;
                    if (ci < inChannels) {
                        int index = dInputOffset + (n * inChannels + ci) * plane + r;
                        float v = acc[i * BLOCK_PIXELS + j];
                        if (accumulate != 0) {
                            v = dInput.get(index) + v;
                        }
                        dInput.set(index, v);
                    }
                }
            }
        }
    }

    /** Reference twin of {@link #convBackwardInputTiledDouble}: the definition. */
    public static void convBackwardInputTiledDoubleReference(float[] dOutput, float[] weights, float[] dInput,
                                                             int batch, int inChannels, int outChannels, int height, int width,
                                                             int accumulate, int dOutputOffset, int dInputOffset) {
        Convolution.convBackwardInputReference(dOutput, weights, dInput, batch, inChannels, outChannels, height, width, accumulate,
                dOutputOffset, dInputOffset);
    }

    /**
     * {@link #convBackwardInputTiled128} double-buffered as {@link #convForwardTiledDouble}: 37 KB of local memory,
     * 9 weights and 9 dOut values prefetched per work-item per chunk, one barrier per chunk.
     *
     * <p>Range: {@code (pixelTileItems128(batch, height, width), rowTiles128(inChannels))}, local size exactly {@code (256, 1)}.
     */
    @Kernel
    public static void convBackwardInputTiled128Double(KernelContext context, FloatArray dOutput, FloatArray weights, FloatArray dInput,
                                                       @JitConstant int batch, @JitConstant int inChannels, @JitConstant int outChannels,
                                                       @JitConstant int height, @JitConstant int width, @JitConstant int accumulate,
                                                       int dOutputOffset, int dInputOffset) {
        float[] weightTile = context.allocateFloatLocalArray(2 * WEIGHT_BUFFER_128);   // [buffer][k][ci]
        float[] pixelTile = context.allocateFloatLocalArray(2 * PIXEL_BUFFER);         // [buffer][k][pixel]
        int t = context.localIdx;
        int pixel0 = context.groupIdx * TILE_PIXELS;
        int ci0 = context.groupIdy * TILE_ROWS_128;
        int plane = height * width;
        int pixels = batch * plane;
        int weightRun = TILE_ROWS_128 * TAPS;
        int chunks = Index.ceilDiv(outChannels, CHUNK_CHANNELS);

        // staging role: channel sc of each chunk, im2col column st of dOut (the pixel pixel0 + st)
        int sc = t / TILE_PIXELS;
        int st = t - sc * TILE_PIXELS;
        int p = pixel0 + st;
        boolean pixelOk = p < pixels;
        int pn = pixelOk ? p / plane : 0;
        int pr = pixelOk ? p - pn * plane : 0;
        int py = pr / width;
        int px = pr - py * width;
        int pixelBase = dOutputOffset + pn * outChannels * plane + py * width + px;
        boolean up = py > 0;
        boolean down = py + 1 < height;
        boolean left = px > 0;
        boolean right = px + 1 < width;

        // compute role: rows ci0 + tm + 16i, pixels pixel0 + tn + 16j
        int tm = t / PIXEL_THREADS;
        int tn = t - tm * PIXEL_THREADS;
        float[] acc = new float[BLOCK_ROWS * BLOCK_PIXELS];
        float[] a = new float[BLOCK_ROWS];
        float[] b = new float[BLOCK_PIXELS];
        float[] nextWeights = new float[WEIGHT_LOADS_128];
        float[] nextPixels = new float[TAPS];
        for (int i = 0; i < BLOCK_ROWS * BLOCK_PIXELS; i++) {
            acc[i] = 0.0f;
        }

        for (int c = 0; c <= chunks; c++) {
            int c0 = c * CHUNK_CHANNELS;
            if (c < chunks) {
                for (int l = 0; l < WEIGHT_LOADS_128; l++) {
                    int e = t + l * THREADS_128;
                    int cc = e / weightRun;
                    int r = e - cc * weightRun;
                    int row = r / TAPS;
                    int tap = r - row * TAPS;
                    int co = c0 + cc;
                    int ci = ci0 + row;
                    boolean ok = co < outChannels && ci < inChannels;
                    nextWeights[l] = ok ? weights.get((co * inChannels + ci) * TAPS + tap) : 0.0f;
                }
                boolean channelOk = pixelOk && c0 + sc < outChannels;
                int base = pixelBase + (c0 + sc) * plane;
                for (int ky = 0; ky < 3; ky++) {
                    boolean rowOk = channelOk && (ky != 0 || up) && (ky != 2 || down);
                    for (int kx = 0; kx < 3; kx++) {
                        boolean ok = rowOk && (kx != 0 || left) && (kx != 2 || right);
                        nextPixels[ky * 3 + kx] = ok ? dOutput.get(base + (ky - 1) * width + kx - 1) : 0.0f;
                    }
                }
            }
            if (c > 0) {
                int weightBase = ((c - 1) & 1) * WEIGHT_BUFFER_128;
                int pixelBuffer = ((c - 1) & 1) * PIXEL_BUFFER;
                for (int k = 0; k < CHUNK_K; k++) {
                    for (int i = 0; i < BLOCK_ROWS; i++) {
                        a[i] = weightTile[weightBase + k * WEIGHT_STRIDE_128 + tm + ROW_THREADS_128 * i];
                    }
                    for (int j = 0; j < BLOCK_PIXELS; j++) {
                        b[j] = pixelTile[pixelBuffer + k * TILE_PIXELS + tn + PIXEL_THREADS * j];
                    }
                    for (int i = 0; i < BLOCK_ROWS; i++) {
                        for (int j = 0; j < BLOCK_PIXELS; j++) {
                            acc[i * BLOCK_PIXELS + j] = Math.fma(a[i], b[j], acc[i * BLOCK_PIXELS + j]);
                        }
                    }
                }
            }
            if (c < chunks) {
                int weightBase = (c & 1) * WEIGHT_BUFFER_128;
                int pixelBuffer = (c & 1) * PIXEL_BUFFER;
                for (int l = 0; l < WEIGHT_LOADS_128; l++) {
                    int e = t + l * THREADS_128;
                    int cc = e / weightRun;
                    int r = e - cc * weightRun;
                    int row = r / TAPS;
                    int tap = r - row * TAPS;
                    weightTile[weightBase + (cc * TAPS + 8 - tap) * WEIGHT_STRIDE_128 + row] = nextWeights[l];
                }
                for (int tap = 0; tap < TAPS; tap++) {
                    pixelTile[pixelBuffer + (sc * TAPS + tap) * TILE_PIXELS + st] = nextPixels[tap];
                }
            }
            context.localBarrier();
        }

        for (int j = 0; j < BLOCK_PIXELS; j++) {
            int q = pixel0 + tn + PIXEL_THREADS * j;
            if (q < pixels) {
                int n = q / plane;
                int r = q - n * plane;
                for (int i = 0; i < BLOCK_ROWS; i++) {
                    int ci = ci0 + tm + ROW_THREADS_128 * i;
                    if (ci < inChannels) {
                        int index = dInputOffset + (n * inChannels + ci) * plane + r;
                        float v = acc[i * BLOCK_PIXELS + j];
                        if (accumulate != 0) {
                            v = dInput.get(index) + v;
                        }
                        dInput.set(index, v);
                    }
                }
            }
        }
    }

    /** Reference twin of {@link #convBackwardInputTiled128Double}: the definition. */
    public static void convBackwardInputTiled128DoubleReference(float[] dOutput, float[] weights, float[] dInput,
                                                                int batch, int inChannels, int outChannels, int height, int width,
                                                                int accumulate, int dOutputOffset, int dInputOffset) {
        Convolution.convBackwardInputReference(dOutput, weights, dInput, batch, inChannels, outChannels, height, width, accumulate,
                dOutputOffset, dInputOffset);
    }

    /** Floats of one dOut buffer of {@link #convBackwardWeightsTiledDouble}: [16 pixels][66]. */
    public static final int GRAD_BUFFER = WEIGHT_CHUNK_PIXELS * GRAD_STRIDE;
    /** Floats of one im2col buffer of {@link #convBackwardWeightsTiledDouble}: [16 pixels][145]. */
    public static final int COLUMN_BUFFER = WEIGHT_CHUNK_PIXELS * COLUMN_STRIDE;

    /**
     * {@link ConvolutionTiled#convBackwardWeightsTiled} (64 co x 144 = 16 ci x 9 taps per work-group, 16-pixel chunks, split K) double-buffered
     * as {@link #convForwardTiledDouble}: two [16][66] dOut and two [16][145] im2col buffers (27 KB); per chunk each work-item
     * prefetches its 8 dOut and 18 im2col values into registers while the previous chunk is computed; one barrier per chunk.
     * Same partials (same split of the pixels, same order), so {@link ConvolutionTiled#convBackwardWeightsTiledReduce} finishes it.
     *
     * <p>Range: convBackwardWeightsTiled's, {@code (weightInTileItems(inChannels), weightOutTiles(outChannels), splits)}, local
     * {@code (128, 1, 1)}; scratch {@code splits * outChannels * inChannels * 9} floats.
     */
    @Kernel
    public static void convBackwardWeightsTiledDouble(KernelContext context, FloatArray dOutput, FloatArray input, FloatArray partials,
                                                      @JitConstant int batch, @JitConstant int inChannels, @JitConstant int outChannels,
                                                      @JitConstant int height, @JitConstant int width, @JitConstant int splits,
                                                      int dOutputOffset, int inputOffset) {
        float[] gradTile = context.allocateFloatLocalArray(2 * GRAD_BUFFER);       // [buffer][pixel][co]
        float[] columnTile = context.allocateFloatLocalArray(2 * COLUMN_BUFFER);   // [buffer][pixel][ci * 9 + tap]
        int t = context.localIdx;
        int ci0 = context.groupIdx * WEIGHT_TILE_IN;
        int co0 = context.groupIdy * WEIGHT_TILE_OUT;
        int split = context.groupIdz;
        int plane = height * width;
        int pixels = batch * plane;
        int perSplit = splitPixels(pixels, splits);
        int pStart = split * perSplit;
        int pEnd = Math.min(pixels, pStart + perSplit);
        int chunks = pEnd > pStart ? Index.ceilDiv(pEnd - pStart, WEIGHT_CHUNK_PIXELS) : 0;

        // staging role: pixel sk of each chunk, input channels ci0 + sc and ci0 + sc + 8, dOut channels co0 + sc + 8l
        int sk = t % WEIGHT_CHUNK_PIXELS;
        int sc = t / WEIGHT_CHUNK_PIXELS;
        // compute role: output channels co0 + tm + 8i, input channel ci0 + tn, 9 taps
        int tm = t / WEIGHT_TILE_IN;
        int tn = t - tm * WEIGHT_TILE_IN;
        float[] acc = new float[WEIGHT_BLOCK_OUT * TAPS];
        float[] g = new float[WEIGHT_BLOCK_OUT];
        float[] x = new float[TAPS];
        float[] nextGrad = new float[WEIGHT_TILE_OUT / WEIGHT_OUT_THREADS];
        float[] nextColumn = new float[2 * TAPS];
        for (int i = 0; i < WEIGHT_BLOCK_OUT * TAPS; i++) {
            acc[i] = 0.0f;
        }

        for (int c = 0; c <= chunks; c++) {
            if (c < chunks) {
                // chunk c's global loads into registers
                int p = pStart + c * WEIGHT_CHUNK_PIXELS + sk;
                boolean pixelOk = p < pEnd;
                int pn = pixelOk ? p / plane : 0;
                int pr = pixelOk ? p - pn * plane : 0;
                int py = pr / width;
                int px = pr - py * width;
                boolean up = py > 0;
                boolean down = py + 1 < height;
                boolean left = px > 0;
                boolean right = px + 1 < width;
                int gradBase = dOutputOffset + pn * outChannels * plane + pr;
                for (int l = 0; l < WEIGHT_TILE_OUT / WEIGHT_OUT_THREADS; l++) {
                    int col = sc + WEIGHT_OUT_THREADS * l;
                    boolean ok = pixelOk && co0 + col < outChannels;
                    nextGrad[l] = ok ? dOutput.get(gradBase + (co0 + col) * plane) : 0.0f;
                }
                int inBase = inputOffset + pn * inChannels * plane + py * width + px;
                for (int h = 0; h < 2; h++) {
                    int cl = sc + WEIGHT_OUT_THREADS * h;
                    boolean channelOk = pixelOk && ci0 + cl < inChannels;
                    int base = inBase + (ci0 + cl) * plane;
                    for (int ky = 0; ky < 3; ky++) {
                        boolean rowOk = channelOk && (ky != 0 || up) && (ky != 2 || down);
                        for (int kx = 0; kx < 3; kx++) {
                            boolean ok = rowOk && (kx != 0 || left) && (kx != 2 || right);
                            nextColumn[h * TAPS + ky * 3 + kx] = ok ? input.get(base + (ky - 1) * width + kx - 1) : 0.0f;
                        }
                    }
                }
            }
            if (c > 0) {
                // chunk c - 1 from buffer (c - 1) & 1
                int gradBuffer = ((c - 1) & 1) * GRAD_BUFFER;
                int columnBuffer = ((c - 1) & 1) * COLUMN_BUFFER;
                for (int k = 0; k < WEIGHT_CHUNK_PIXELS; k++) {
                    for (int i = 0; i < WEIGHT_BLOCK_OUT; i++) {
                        g[i] = gradTile[gradBuffer + k * GRAD_STRIDE + tm + WEIGHT_OUT_THREADS * i];
                    }
                    for (int tap = 0; tap < TAPS; tap++) {
                        x[tap] = columnTile[columnBuffer + k * COLUMN_STRIDE + tn * TAPS + tap];
                    }
                    for (int i = 0; i < WEIGHT_BLOCK_OUT; i++) {
                        for (int tap = 0; tap < TAPS; tap++) {
                            acc[i * TAPS + tap] = Math.fma(g[i], x[tap], acc[i * TAPS + tap]);
                        }
                    }
                }
            }
            if (c < chunks) {
                // the registers into buffer c & 1
                int gradBuffer = (c & 1) * GRAD_BUFFER;
                int columnBuffer = (c & 1) * COLUMN_BUFFER;
                for (int l = 0; l < WEIGHT_TILE_OUT / WEIGHT_OUT_THREADS; l++) {
                    gradTile[gradBuffer + sk * GRAD_STRIDE + sc + WEIGHT_OUT_THREADS * l] = nextGrad[l];
                }
                for (int h = 0; h < 2; h++) {
                    for (int tap = 0; tap < TAPS; tap++) {
                        columnTile[columnBuffer + sk * COLUMN_STRIDE + (sc + WEIGHT_OUT_THREADS * h) * TAPS + tap] = nextColumn[h * TAPS + tap];
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

    /** Reference twin of {@link #convBackwardWeightsTiledDouble}: each split's partial sums, by definition. */
    public static void convBackwardWeightsTiledDoubleReference(float[] dOutput, float[] input, float[] partials,
                                                               int batch, int inChannels, int outChannels, int height, int width, int splits,
                                                               int dOutputOffset, int inputOffset) {
        convBackwardWeightsTiledReference(dOutput, input, partials, batch, inChannels, outChannels, height, width, splits,
                dOutputOffset, inputOffset);
    }

    /** Work-items per work-group of {@link #convBackwardWeightsTiledWide}. */
    public static final int WIDE_THREADS = 256;
    /** Input channels per work-group of {@link #convBackwardWeightsTiledWide}: GEMM columns = 32 * 9 = 288. */
    public static final int WIDE_TILE_IN = 32;
    /** Row stride of its im2col slab [16 pixels][288]: 289 (odd: the compute's reads {@code [k][tn*9 + tap]} of 32 tn hit 32 banks). */
    public static final int WIDE_COLUMN_STRIDE = WIDE_TILE_IN * TAPS + 1;

    /** The x extent of {@link #convBackwardWeightsTiledWide}'s range: WIDE_THREADS per WIDE_TILE_IN input channels. */
    public static int weightWideInTileItems(int inChannels) {
        return Index.ceilDiv(inChannels, WIDE_TILE_IN) * WIDE_THREADS;
    }

    /**
     * {@link ConvolutionTiled#convBackwardWeightsTiled} on 64 co x 288 (32 ci x 9 taps) tiles with 256 work-items (each still 8 co x 1 ci x
     * 9 taps, rows tm + 8i for tm = t / 32, ci = ci0 + t % 32): the staged dOut slab {@code [16][64]} now serves 32 input
     * channels instead of 16, half the dOut loads per FMA (the im2col loads per FMA are unchanged); 22.7 KB local memory,
     * two barriers per 16-pixel chunk. Same split of the pixels and same per-split order as convBackwardWeightsTiled
     * (the same {@code splits}: the same partials, finished by {@link ConvolutionTiled#convBackwardWeightsTiledReduce}).
     *
     * <p>Range: 3D {@code (weightWideInTileItems(inChannels), weightOutTiles(outChannels), splits)}, local {@code (256, 1, 1)};
     * scratch {@code splits * outChannels * inChannels * 9} floats.
     */
    @Kernel
    public static void convBackwardWeightsTiledWide(KernelContext context, FloatArray dOutput, FloatArray input, FloatArray partials,
                                                    @JitConstant int batch, @JitConstant int inChannels, @JitConstant int outChannels,
                                                    @JitConstant int height, @JitConstant int width, @JitConstant int splits,
                                                    int dOutputOffset, int inputOffset) {
        float[] gradTile = context.allocateFloatLocalArray(WEIGHT_CHUNK_PIXELS * GRAD_STRIDE);            // [pixel][co]
        float[] columnTile = context.allocateFloatLocalArray(WEIGHT_CHUNK_PIXELS * WIDE_COLUMN_STRIDE);   // [pixel][ci * 9 + tap]
        int t = context.localIdx;
        int ci0 = context.groupIdx * WIDE_TILE_IN;
        int co0 = context.groupIdy * WEIGHT_TILE_OUT;
        int split = context.groupIdz;
        int plane = height * width;
        int pixels = batch * plane;
        int perSplit = splitPixels(pixels, splits);
        int pStart = split * perSplit;
        int pEnd = Math.min(pixels, pStart + perSplit);

        // staging role: pixel sk of each chunk, input channels ci0 + sc and ci0 + sc + 16, dOut channels co0 + sc + 16l (l < 4)
        int sk = t % WEIGHT_CHUNK_PIXELS;
        int sc = t / WEIGHT_CHUNK_PIXELS;
        int stagers = WIDE_THREADS / WEIGHT_CHUNK_PIXELS;   // 16 channel lanes
        // compute role: output channels co0 + tm + 8i, input channel ci0 + tn, 9 taps
        int tm = t / WIDE_TILE_IN;
        int tn = t - tm * WIDE_TILE_IN;
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
            int py = pr / width;
            int px = pr - py * width;
            boolean up = py > 0;
            boolean down = py + 1 < height;
            boolean left = px > 0;
            boolean right = px + 1 < width;
            int gradBase = dOutputOffset + pn * outChannels * plane + pr;
            for (int l = 0; l < WEIGHT_TILE_OUT / stagers; l++) {
                int col = sc + stagers * l;
                boolean ok = pixelOk && co0 + col < outChannels;
                gradTile[sk * GRAD_STRIDE + col] = ok ? dOutput.get(gradBase + (co0 + col) * plane) : 0.0f;
            }
            int inBase = inputOffset + pn * inChannels * plane + py * width + px;
            for (int h = 0; h < 2; h++) {
                int cl = sc + stagers * h;
                boolean channelOk = pixelOk && ci0 + cl < inChannels;
                int base = inBase + (ci0 + cl) * plane;
                for (int ky = 0; ky < 3; ky++) {
                    boolean rowOk = channelOk && (ky != 0 || up) && (ky != 2 || down);
                    for (int kx = 0; kx < 3; kx++) {
                        boolean ok = rowOk && (kx != 0 || left) && (kx != 2 || right);
                        columnTile[sk * WIDE_COLUMN_STRIDE + cl * TAPS + ky * 3 + kx] = ok ? input.get(base + (ky - 1) * width + kx - 1) : 0.0f;
                    }
                }
            }
            context.localBarrier();
            for (int k = 0; k < WEIGHT_CHUNK_PIXELS; k++) {
                for (int i = 0; i < WEIGHT_BLOCK_OUT; i++) {
                    g[i] = gradTile[k * GRAD_STRIDE + tm + WEIGHT_OUT_THREADS * i];
                }
                for (int tap = 0; tap < TAPS; tap++) {
                    x[tap] = columnTile[k * WIDE_COLUMN_STRIDE + tn * TAPS + tap];
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

    /** Reference twin of {@link #convBackwardWeightsTiledWide}: each split's partial sums, by definition. */
    public static void convBackwardWeightsTiledWideReference(float[] dOutput, float[] input, float[] partials,
                                                             int batch, int inChannels, int outChannels, int height, int width, int splits,
                                                             int dOutputOffset, int inputOffset) {
        convBackwardWeightsTiledReference(dOutput, input, partials, batch, inChannels, outChannels, height, width, splits,
                dOutputOffset, inputOffset);
    }
}
