package drcn.kernels.nn;

import drcn.kernels.api.JitConstant;
import drcn.kernels.api.Kernel;
import drcn.kernels.api.Scratch;
import drcn.tornado.api.KernelContext;
import drcn.tornado.api.types.arrays.FloatArray;

import static drcn.kernels.nn.WinogradTransforms.*;

/**
 * The 3x3 convolution's weight gradient by Winograd's F(4x4, 3x3) ({@link WinogradTransforms}): the forward's bilinear
 * algorithm transposed with respect to the filter,
 * <pre>
 *   dW[co][ci] += G^T [ sum_t (A dY_{co,t} A^T) .* (B^T d_{ci,t} B) ] G
 * </pre>
 * per chunk of tiles: {@link #inputTransformTransposed} (V with the channels innermost), {@link #gradientTransform}
 * ({@code A e A^T} of the 4x4 blocks of dY), {@link Winograd#multiply} summing over the chunk's tiles (rows = Cout,
 * columns = Cin), then {@link #weightGradientTransform} ({@code dW += G^T M G}). Chunks of tiles keep V, the
 * transformed gradient and M small however big the batch is.
 */
public final class WinogradWeightGradient {
    private WinogradWeightGradient() {
    }

    /** Channels of the transposed V of the weight gradient rounded up to a multiple of {@link WinogradTransforms#LANES}. */
    public static int channelsPadded(int channels) {
        return (channels + LANES - 1) / LANES * LANES;
    }

    /** Floats of the transposed V of the weight gradient for a chunk: {@code P * chunkTiles * channelsPadded}. */
    public static long transposedInputSize(int channels, int chunkTiles) {
        return (long) POSITIONS * chunkTiles * channelsPadded(channels);
    }

    /**
     * Floats of the transformed output gradient for a chunk: {@code P * outChannels * chunkTiles}, plus the
     * {@link Winograd#ROW_BLOCK} - 1 rows of slack {@link Winograd#multiply} may read (it is multiply's U there).
     */
    public static long transformedGradientSize(int outChannels, int chunkTiles) {
        return ((long) POSITIONS * outChannels + Winograd.ROW_BLOCK - 1) * chunkTiles;
    }

    /** Floats of the 36 products of the weight gradient: {@code P * outChannels * channelsPadded(inChannels)}. */
    public static long weightProductSize(int inChannels, int outChannels) {
        return (long) POSITIONS * outChannels * channelsPadded(inChannels);
    }

    /**
     * The weight gradient's V, transposed: {@code Vt[p][column][k] = (B^T d B)[p]} for channel k and tile
     * {@code firstTile + column} (the blocks of {@link Winograd#inputTransform}); channels {@code k >= channels} (up to
     * {@link #channelsPadded}) and tiles past the batch get zeros. Vt is {@code [P][chunkTiles][channelsPadded]}, the
     * layout {@link Winograd#multiply} reads as its V when it sums over tiles: {@code M[p][co][k] = sum_t Yt[p][co][t] Vt[p][t][k]}.
     *
     * <p>Range: 2D {@code (chunkTiles, channelsPadded(channels) / LANES)}, any local size, may be padded. One work-item
     * transforms one tile of 16 consecutive channels, the channels being its SIMD lanes (one gather of 16 planes per
     * pixel, the in-image test the same for all lanes), and stores 16 contiguous floats per position.
     */
    @Kernel
    public static void inputTransformTransposed(KernelContext context, FloatArray input, FloatArray vt, @JitConstant int batch,
                                                @JitConstant int channels, @JitConstant int height, @JitConstant int width, int inputOffset,
                                                int firstTile, @JitConstant int chunkTiles) {
        int column = context.globalIdx;
        int kb = context.globalIdy;
        int tilesX = tilesAlong(width);
        int tilesY = tilesAlong(height);
        int tileCount = batch * tilesY * tilesX;
        int padded = (channels + LANES - 1) / LANES * LANES;
        if (column >= chunkTiles || kb * LANES >= padded) {
            return;
        }
        int k0 = kb * LANES;
        int plane = chunkTiles * padded;
        int at = column * padded + k0;
        int t = firstTile + column;
        int live = t < tileCount ? t : 0;
        int perImage = tilesY * tilesX;
        int n = live / perImage;
        int r = live - n * perImage;
        int ty = r / tilesX;
        int y0 = t < tileCount ? ty * TILE - 1 : -INPUT_TILE - 1;
        int x0 = (r - ty * tilesX) * TILE - 1;
        int planeSize = height * width;
        int base = inputOffset + n * channels * planeSize;
        @Scratch float[] d = new float[POSITIONS * LANES];
        for (int i = 0; i < INPUT_TILE; i++) {
            int y = y0 + i;
            int yc = Math.min(Math.max(y, 0), height - 1);
            for (int j = 0; j < INPUT_TILE; j++) {
                int x = x0 + j;
                int xc = Math.min(Math.max(x, 0), width - 1);
                boolean inside = y >= 0 && y < height && x >= 0 && x < width;
                int q = (i * INPUT_TILE + j) * LANES;
                for (int l = 0; l < LANES; l++) {
                    int k = Math.min(k0 + l, channels - 1);
                    float value = input.get(base + k * planeSize + yc * width + xc);
                    d[q + l] = inside && k0 + l < channels ? value : 0.0f;
                }
            }
        }
        transformInputTiles(d, vt, plane, at);
    }

    /** Reference twin of {@link #inputTransformTransposed}: {@link Winograd#inputTransformReference}'s values, transposed. */
    public static void inputTransformTransposedReference(float[] input, float[] vt, int batch, int channels, int height, int width,
                                                         int inputOffset, int firstTile, int chunkTiles) {
        int padded = Winograd.reducePadded(channels), cp = channelsPadded(channels);
        float[] v = new float[(int) Winograd.transformedInputSize(channels, chunkTiles)];
        Winograd.inputTransformReference(input, v, batch, channels, height, width, inputOffset, firstTile, chunkTiles);
        for (int p = 0; p < POSITIONS; p++) {
            for (int column = 0; column < chunkTiles; column++) {
                for (int k = 0; k < cp; k++) {
                    vt[(p * chunkTiles + column) * cp + k] = k < channels ? v[(p * padded + k) * chunkTiles + column] : 0.0f;
                }
            }
        }
    }

    /**
     * The output gradient's transform for the weight gradient: {@code Yt[p][co][column] = (A e A^T)[p]} where e is the
     * 4x4 block of {@code dOutput[n][co]} at rows {@code 4ty .. 4ty + 3}, columns {@code 4tx .. 4tx + 3} (zeros outside
     * the image) of tile {@code firstTile + column}; tiles past the batch get zeros. Yt is {@code [P][outChannels][chunkTiles]}
     * ({@link Winograd#multiply}'s U when it sums over tiles); {@code dOutput} is read from element {@code dOutputOffset} on.
     *
     * <p>Range: 2D {@code (chunkTiles / LANES, outChannels)}, any local size, may be padded; 16 consecutive tiles of one
     * channel per work-item as SIMD lanes (as {@link Winograd#inputTransform}).
     */
    @Kernel
    public static void gradientTransform(KernelContext context, FloatArray dOutput, FloatArray yt, @JitConstant int batch,
                                         @JitConstant int outChannels, @JitConstant int height, @JitConstant int width, int dOutputOffset,
                                         int firstTile, @JitConstant int chunkTiles) {
        int tb = context.globalIdx;
        int co = context.globalIdy;
        if (tb * LANES >= chunkTiles || co >= outChannels) {
            return;
        }
        int plane = outChannels * chunkTiles;
        int at = co * chunkTiles + tb * LANES;
        int[] ys = new int[LANES];
        int[] xs = new int[LANES];
        int[] bases = new int[LANES];
        tileOrigins(ys, xs, bases, firstTile + tb * LANES, batch, outChannels, co, height, width, dOutputOffset, 0);
        float[] e = new float[TILE * TILE * LANES];
        gatherTiles(dOutput, bases, ys, xs, TILE, height, width, e);
        // tmp = A e (6x4, column by column), then Yt = tmp A^T (row by row)
        float[] tmp = new float[INPUT_TILE * TILE * LANES];
        for (int j = 0; j < TILE; j++) {
            for (int l = 0; l < LANES; l++) {
                float y0 = e[j * LANES + l], y1 = e[(4 + j) * LANES + l], y2 = e[(8 + j) * LANES + l], y3 = e[(12 + j) * LANES + l];
                tmp[j * LANES + l] = y0;
                tmp[(4 + j) * LANES + l] = a1(y0, y1, y2, y3);
                tmp[(8 + j) * LANES + l] = a2(y0, y1, y2, y3);
                tmp[(12 + j) * LANES + l] = a3(y0, y1, y2, y3);
                tmp[(16 + j) * LANES + l] = a4(y0, y1, y2, y3);
                tmp[(20 + j) * LANES + l] = y3;
            }
        }
        for (int i = 0; i < INPUT_TILE; i++) {
            int q = i * INPUT_TILE;
            for (int l = 0; l < LANES; l++) {
                float y0 = tmp[i * TILE * LANES + l], y1 = tmp[(i * TILE + 1) * LANES + l];
                float y2 = tmp[(i * TILE + 2) * LANES + l], y3 = tmp[(i * TILE + 3) * LANES + l];
                yt.set(q * plane + at + l, y0);
                yt.set((q + 1) * plane + at + l, a1(y0, y1, y2, y3));
                yt.set((q + 2) * plane + at + l, a2(y0, y1, y2, y3));
                yt.set((q + 3) * plane + at + l, a3(y0, y1, y2, y3));
                yt.set((q + 4) * plane + at + l, a4(y0, y1, y2, y3));
                yt.set((q + 5) * plane + at + l, y3);
            }
        }
    }

    /** Reference twin of {@link #gradientTransform}: {@code A e A^T} as matrix products in double. */
    public static void gradientTransformReference(float[] dOutput, float[] yt, int batch, int outChannels, int height, int width,
                                                  int dOutputOffset, int firstTile, int chunkTiles) {
        int tilesX = tilesAlong(width), tilesY = tilesAlong(height);
        int tileCount = tiles(batch, height, width);
        double[][] a = transpose(A_T);
        for (int co = 0; co < outChannels; co++) {
            for (int column = 0; column < chunkTiles; column++) {
                int t = firstTile + column;
                double[][] e = new double[TILE][TILE];
                if (t < tileCount) {
                    int n = t / (tilesY * tilesX), ty = t / tilesX % tilesY, tx = t % tilesX;
                    for (int i = 0; i < TILE; i++) {
                        for (int j = 0; j < TILE; j++) {
                            int y = ty * TILE + i, x = tx * TILE + j;
                            e[i][j] = y < height && x < width ? dOutput[dOutputOffset + ((n * outChannels + co) * height + y) * width + x] : 0;
                        }
                    }
                }
                double[][] tr = product(product(a, e), A_T);
                for (int p = 0; p < POSITIONS; p++) {
                    yt[(p * outChannels + co) * chunkTiles + column] = (float) tr[p / INPUT_TILE][p % INPUT_TILE];
                }
            }
        }
    }

    /**
     * {@code dWeights[co][ci] += G^T M_{co,ci} G} (3x3 from 6x6, {@code M_{co,ci}[p] = M[p][co][ci]}, M
     * {@code [P][outChannels][channelsPadded(inChannels)]} from {@link Winograd#multiply} over a chunk of tiles): the weight
     * gradient's last step, once per chunk.
     *
     * <p>Range: 1D {@code outChannels * inChannels}, any local size, may be padded.
     */
    @Kernel
    public static void weightGradientTransform(KernelContext context, FloatArray m, FloatArray dWeights, @JitConstant int inChannels,
                                               @JitConstant int outChannels) {
        int i = context.globalIdx;
        if (i >= outChannels * inChannels) {
            return;
        }
        int co = i / inChannels;
        int ci = i - co * inChannels;
        int cp = (inChannels + LANES - 1) / LANES * LANES;
        int plane = outChannels * cp;
        int at = co * cp + ci;
        // tmp = G^T M (3x6, column by column), then dW = tmp G (row by row)
        float[] tmp = new float[3 * INPUT_TILE];
        for (int j = 0; j < INPUT_TILE; j++) {
            float x0 = m.get(j * plane + at), x1 = m.get((6 + j) * plane + at), x2 = m.get((12 + j) * plane + at);
            float x3 = m.get((18 + j) * plane + at), x4 = m.get((24 + j) * plane + at), x5 = m.get((30 + j) * plane + at);
            tmp[j] = gT0(x0, x1, x2, x3, x4, x5);
            tmp[6 + j] = gT1(x0, x1, x2, x3, x4, x5);
            tmp[12 + j] = gT2(x0, x1, x2, x3, x4, x5);
        }
        int base = i * 9;
        for (int r = 0; r < 3; r++) {
            int q = r * INPUT_TILE;
            float x0 = tmp[q], x1 = tmp[q + 1], x2 = tmp[q + 2], x3 = tmp[q + 3], x4 = tmp[q + 4], x5 = tmp[q + 5];
            dWeights.set(base + r * 3, dWeights.get(base + r * 3) + gT0(x0, x1, x2, x3, x4, x5));
            dWeights.set(base + r * 3 + 1, dWeights.get(base + r * 3 + 1) + gT1(x0, x1, x2, x3, x4, x5));
            dWeights.set(base + r * 3 + 2, dWeights.get(base + r * 3 + 2) + gT2(x0, x1, x2, x3, x4, x5));
        }
    }

    /** Reference twin of {@link #weightGradientTransform}: {@code G^T M G} as matrix products in double. */
    public static void weightGradientTransformReference(float[] m, float[] dWeights, int inChannels, int outChannels) {
        int cp = channelsPadded(inChannels);
        double[][] gt = transpose(G);
        for (int co = 0; co < outChannels; co++) {
            for (int ci = 0; ci < inChannels; ci++) {
                double[][] mt = new double[INPUT_TILE][INPUT_TILE];
                for (int p = 0; p < POSITIONS; p++) {
                    mt[p / INPUT_TILE][p % INPUT_TILE] = m[(p * outChannels + co) * cp + ci];
                }
                double[][] w = product(product(gt, mt), G);
                for (int tap = 0; tap < 9; tap++) {
                    dWeights[(co * inChannels + ci) * 9 + tap] += (float) w[tap / 3][tap % 3];
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------
}
