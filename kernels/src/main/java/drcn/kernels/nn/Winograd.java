package drcn.kernels.nn;

import drcn.kernels.api.JitConstant;
import drcn.kernels.api.Kernel;
import drcn.kernels.api.Scratch;
import drcn.kernels.api.Vector16;
import drcn.tornado.api.KernelContext;
import drcn.tornado.api.types.arrays.FloatArray;

import static drcn.kernels.nn.WinogradTransforms.*;

/**
 * The 3x3 convolution of {@link Convolution} (stride 1, zero padding 1, NCHW, weights {@code [Cout][Cin][3][3]}) and
 * its input gradient by Winograd's F(4x4, 3x3) ({@link WinogradTransforms}): the CPU path.
 *
 * <p>Three kernels, run in this order with scratch buffers between them (P = {@link WinogradTransforms#POSITIONS} = 36):
 * <ol>
 * <li>{@link #weightTransform}: {@code U[p][row][k] = (G g G^T)[p]}, {@code [P][rows][reducePadded]};
 * <li>{@link #inputTransform}: {@code V[p][k][t] = (B^T d B)[p]} for every channel k and tile t of a chunk of tiles,
 *     {@code [P][reducePadded][chunkTiles]};
 * <li>{@link #multiplyOutput} (forward: + bias, optional ReLU) or {@link #multiplyOutputGradient} (input gradient:
 *     overwrite or accumulate): {@code M[p][row][t] = sum_k U[p][row][k] V[p][k][t]} in a private block per work-item,
 *     then {@code Y = A^T M A}, the in-image pixels of each 4x4 tile.
 * </ol>
 * The same chain computes the input gradient, itself a 3x3 convolution: {@code dInput = conv(dOutput, w')} with
 * {@code w'[ci][co][ky][kx] = w[co][ci][2-ky][2-kx]} (rotated 180 degrees, channels swapped): {@link #weightTransform}
 * with {@code backward = 1} builds U from w', the input transform reads dOutput, the GEMM's rows are the Cin
 * input-gradient channels and its reduction runs over the Cout channels. {@link #multiply}, the 36 products alone,
 * serves the weight gradient ({@link WinogradWeightGradient}).
 *
 * <p>Names: "rows" are the channels the chain produces (Cout forward, Cin backward), "reduce" the channels it sums
 * over (Cin forward, Cout backward), padded to a multiple of {@link #REDUCE_STEP} with zero rows of U and V.
 * The kernels after the weight transform run over chunks of {@code chunkTiles} consecutive tiles (a
 * multiple of {@link WinogradTransforms#LANES}; tiles past the batch's end are zero columns of V whose outputs are never
 * written), so the scratch V stays small (and in cache) however big the batch is. Activations are read and written at
 * element offsets, as in {@link Convolution}.
 *
 * <p>Accuracy: the transforms' constants (up to 8 and 1/24) make F(4x4) lose more bits than the direct sums;
 * measured against {@link Convolution#convForwardReference} on DRCN-like data, see WinogradTest.
 */
public final class Winograd {
    private Winograd() {
    }

    /** Tiles (columns of V and M) one work-item of {@link #multiply} computes: two vectors (a chunk's last block may have one). */
    public static final int GEMM_TILES = 2 * LANES;
    /** Rows (output channels) one work-item of {@link #multiply} computes. */
    public static final int ROW_BLOCK = 8;
    /** Reduction channels are padded to a multiple of this: {@link #weightTransform} takes 16 filters per work-item as its lanes. */
    public static final int REDUCE_STEP = LANES;
    /** Pixels of one row of 16 side-by-side 6x6 input blocks: {@code 4 * 16 + 2}. */
    static final int ROW_SPAN = TILE * LANES + 2;

    /** Reduction channels rounded up to a multiple of {@link #REDUCE_STEP}. */
    public static int reducePadded(int channels) {
        return (channels + REDUCE_STEP - 1) / REDUCE_STEP * REDUCE_STEP;
    }

    /** Tile blocks of {@link #multiply} for a chunk of {@code chunkTiles}: the y extent of its range. */
    public static int tileBlocks(int chunkTiles) {
        return (chunkTiles + GEMM_TILES - 1) / GEMM_TILES;
    }

    /** Row blocks of {@link #multiply}: the x extent of its range. */
    public static int rowBlocks(int rows) {
        return (rows + ROW_BLOCK - 1) / ROW_BLOCK;
    }

    /**
     * Floats of U: {@code P * rows * reducePadded}, plus {@link #ROW_BLOCK} - 1 rows of slack that
     * {@link #multiply} may read (never use) after the last row when rows is not a multiple of 8.
     */
    public static long transformedWeightsSize(int rows, int reduce) {
        return ((long) POSITIONS * rows + ROW_BLOCK - 1) * reducePadded(reduce);
    }

    /** Floats of V for a chunk of {@code chunkTiles} tiles: {@code P * reducePadded * chunkTiles}. */
    public static long transformedInputSize(int reduce, int chunkTiles) {
        return (long) POSITIONS * reducePadded(reduce) * chunkTiles;
    }

    /** Floats of M for a chunk of {@code chunkTiles} tiles: {@code P * rows * chunkTiles}. */
    public static long productSize(int rows, int chunkTiles) {
        return (long) POSITIONS * rows * chunkTiles;
    }

    /**
     * {@code U[p][row][k] = (G g G^T)[p]} with {@code g = weights[row][k]} (forward, {@code backward == 0}: rows = Cout,
     * reduce = Cin) or {@code g[ky][kx] = weights[k][row][2-ky][2-kx]} (input gradient, {@code backward != 0}: rows = Cin,
     * reduce = Cout); {@code k} in {@code [reduce, reducePadded(reduce))} gets zeros. U is {@code [P][rows][reducePadded]}.
     * Weights change every optimizer step, so this runs once per launch of the chain (it is small: rows * reduce filters).
     *
     * <p>Range: 1D {@code rows * reducePadded(reduce) / REDUCE_STEP}, any local size, may be padded. One work-item
     * transforms the {@link #REDUCE_STEP} = 16 filters {@code (row, k0 .. k0 + 15)} as the lanes of {@link Vector16}
     * values, so its 36 stores are 16 contiguous floats each (one filter per work-item, with 36 stores a plane apart,
     * takes 8 ms at 256 -> 256 channels, 7% of the forward).
     */
    @Kernel
    public static void weightTransform(KernelContext context, FloatArray weights, FloatArray u, @JitConstant int inChannels,
                                       @JitConstant int outChannels, @JitConstant int backward) {
        int i = context.globalIdx;
        int rows = backward != 0 ? inChannels : outChannels;
        int reduce = backward != 0 ? outChannels : inChannels;
        int padded = (reduce + REDUCE_STEP - 1) / REDUCE_STEP * REDUCE_STEP;
        int steps = padded / REDUCE_STEP;
        if (i >= rows * steps) {
            return;
        }
        int row = i / steps;
        int k0 = (i - row * steps) * REDUCE_STEP;
        int plane = rows * padded;
        int at = row * padded + k0;
        // g[tap][lane]: filter k0 + lane (0 past reduce; the clamped address keeps the loads unconditional)
        @Scratch float[] g = new float[9 * REDUCE_STEP];
        for (int tap = 0; tap < 9; tap++) {
            for (int l = 0; l < REDUCE_STEP; l++) {
                int k = Math.min(k0 + l, reduce - 1);
                int index = backward != 0 ? (k * inChannels + row) * 9 + 8 - tap : (row * inChannels + k) * 9 + tap;
                float value = weights.get(index);
                g[tap * REDUCE_STEP + l] = k0 + l < reduce ? value : 0.0f;
            }
        }
        // tmp = G g (6x3, column by column), then U = tmp G^T (row by row), 16 filters per operation
        @Scratch float[] tmp = new float[INPUT_TILE * 3 * REDUCE_STEP];
        for (int c = 0; c < 3; c++) {
            Vector16 x0 = Vector16.load(g, c * LANES), x1 = Vector16.load(g, (3 + c) * LANES), x2 = Vector16.load(g, (6 + c) * LANES);
            Vector16.store(tmp, c * LANES, g0(x0, x1, x2));
            Vector16.store(tmp, (3 + c) * LANES, g1(x0, x1, x2));
            Vector16.store(tmp, (6 + c) * LANES, g2(x0, x1, x2));
            Vector16.store(tmp, (9 + c) * LANES, g3(x0, x1, x2));
            Vector16.store(tmp, (12 + c) * LANES, g4(x0, x1, x2));
            Vector16.store(tmp, (15 + c) * LANES, x2);
        }
        for (int r = 0; r < INPUT_TILE; r++) {
            int p = r * INPUT_TILE;
            Vector16 x0 = Vector16.load(tmp, r * 3 * LANES), x1 = Vector16.load(tmp, (r * 3 + 1) * LANES), x2 = Vector16.load(tmp, (r * 3 + 2) * LANES);
            Vector16.store(u, p * plane + at, g0(x0, x1, x2));
            Vector16.store(u, (p + 1) * plane + at, g1(x0, x1, x2));
            Vector16.store(u, (p + 2) * plane + at, g2(x0, x1, x2));
            Vector16.store(u, (p + 3) * plane + at, g3(x0, x1, x2));
            Vector16.store(u, (p + 4) * plane + at, g4(x0, x1, x2));
            Vector16.store(u, (p + 5) * plane + at, x2);
        }
    }

    /** Reference twin of {@link #weightTransform}: {@code G g G^T} as matrix products in double. */
    public static void weightTransformReference(float[] weights, float[] u, int inChannels, int outChannels, int backward) {
        int rows = backward != 0 ? inChannels : outChannels;
        int reduce = backward != 0 ? outChannels : inChannels;
        int padded = reducePadded(reduce);
        for (int row = 0; row < rows; row++) {
            for (int k = 0; k < padded; k++) {
                double[][] g = new double[3][3];
                for (int ky = 0; ky < 3 && k < reduce; ky++) {
                    for (int kx = 0; kx < 3; kx++) {
                        g[ky][kx] = backward != 0 ? weights[((k * inChannels + row) * 3 + 2 - ky) * 3 + 2 - kx]
                                : weights[((row * inChannels + k) * 3 + ky) * 3 + kx];
                    }
                }
                double[][] t = product(product(G, g), transpose(G));
                for (int p = 0; p < POSITIONS; p++) {
                    u[(p * rows + row) * padded + k] = (float) t[p / INPUT_TILE][p % INPUT_TILE];
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // input transform

    /**
     * {@code V[p][k][t] = (B^T d B)[p]} where d is the 6x6 block of channel k of image n at rows
     * {@code 4ty - 1 .. 4ty + 4}, columns {@code 4tx - 1 .. 4tx + 4} (zeros outside the image), for tile
     * {@code t = (n * tilesY + ty) * tilesX + tx}, for the chunk of tiles {@code t = firstTile + column},
     * {@code column < chunkTiles} (a multiple of {@link WinogradTransforms#LANES}; the whole batch is one chunk of
     * {@code tilesPadded(batch, height, width)} from tile 0); channels {@code k >= channels} and tiles {@code t >= tiles}
     * get zeros. V is {@code [P][reducePadded(channels)][chunkTiles]}; {@code input} is read from element
     * {@code inputOffset} on. Chunks bound the scratch memory (and keep V in cache) however big the batch is.
     *
     * <p>Range: 2D {@code (chunkTiles / LANES, reducePadded(channels))}, any local size, may be padded. One work-item
     * transforms {@link WinogradTransforms#LANES} = 16 consecutive tiles of one channel, the tiles being its explicit SIMD lanes (PoCL
     * vectorises only such inner loops over private arrays, see {@link Convolution#convForwardRowTiles}): 16 tiles
     * side by side in one row of tiles (every group of images at least 64 pixels wide, but those straddling two rows)
     * copy each of their 6 block rows once as 66 consecutive pixels and spread them over the lanes; other groups
     * gather, clamping every address into the image and selecting 0 outside it (unconditional loads, so the loop
     * vectorises as a gather); the two 1-D transforms run 16 tiles per instruction, and the 36 stores of
     * V are 16 contiguous floats each (one work-item per tile runs its transform in scalar code: 23 ms of the 51 ms
     * chain at F = 64, batch 16 of 41x41).
     */
    @Kernel
    public static void inputTransform(KernelContext context, FloatArray input, FloatArray v,
                                      @JitConstant int batch, @JitConstant int channels, @JitConstant int height,
                                      @JitConstant int width, int inputOffset, int firstTile, @JitConstant int chunkTiles) {
        int tb = context.globalIdx;
        int k = context.globalIdy;
        int tilesX = tilesAlong(width);
        int tileCount = tiles(batch, height, width);
        int padded = (channels + REDUCE_STEP - 1) / REDUCE_STEP * REDUCE_STEP;
        if (tb * LANES >= chunkTiles || k >= padded) {
            return;
        }
        int plane = padded * chunkTiles;
        int at = k * chunkTiles + tb * LANES;
        if (k >= channels) {
            for (int p = 0; p < POSITIONS; p++) {
                for (int l = 0; l < LANES; l++) {
                    v.set(p * plane + at + l, 0.0f);
                }
            }
            return;
        }
        // per lane: the block's top-left pixel (4ty - 1, 4tx - 1) and its plane; tiles past the batch get a row far
        // above the image, so all their values select 0
        @Scratch int[] ys = new int[LANES];
        @Scratch int[] xs = new int[LANES];
        @Scratch int[] bases = new int[LANES];
        tileOrigins(ys, xs, bases, firstTile + tb * LANES, batch, channels, k, height, width, inputOffset, -1);
        @Scratch float[] d = new float[POSITIONS * LANES];
        int firstOfGroup = firstTile + tb * LANES;
        if (firstOfGroup + LANES <= tileCount && (xs[0] + 1) / TILE + LANES <= tilesX) {
            // the 16 tiles lie side by side in one row of tiles: row i of their blocks is the ROW_SPAN = 66 pixels
            // from (ys[0] + i, xs[0]) on, copied once (contiguous loads; zeros outside the image), then spread
            // over the lanes (tile l's column j is pixel 4l + j of the span)
            @Scratch float[] row = new float[ROW_SPAN];
            int lo = Math.max(0, -xs[0]);
            int hi = Math.min(ROW_SPAN, width - xs[0]);
            for (int i = 0; i < INPUT_TILE; i++) {
                int y = ys[0] + i;
                for (int c = 0; c < ROW_SPAN; c++) {
                    row[c] = 0.0f;
                }
                if (y >= 0 && y < height) {
                    int rowBase = bases[0] + y * width + xs[0];
                    for (int c = lo; c < hi; c++) {
                        row[c] = input.get(rowBase + c);
                    }
                }
                for (int j = 0; j < INPUT_TILE; j++) {
                    int q = (i * INPUT_TILE + j) * LANES;
                    for (int l = 0; l < LANES; l++) {
                        d[q + l] = row[TILE * l + j];
                    }
                }
            }
        } else {
            gatherTiles(input, bases, ys, xs, INPUT_TILE, height, width, d);
        }
        transformInputTiles(d, v, plane, at);
    }

    /** Reference twin of {@link #inputTransform}: {@code B^T d B} as matrix products in double. */
    public static void inputTransformReference(float[] input, float[] v, int batch, int channels, int height, int width,
                                               int inputOffset, int firstTile, int chunkTiles) {
        int tilesX = tilesAlong(width), tilesY = tilesAlong(height);
        int tileCount = tiles(batch, height, width);
        int padded = reducePadded(channels);
        for (int k = 0; k < padded; k++) {
            for (int column = 0; column < chunkTiles; column++) {
                int t = firstTile + column;
                double[][] d = new double[INPUT_TILE][INPUT_TILE];
                if (k < channels && t < tileCount) {
                    int n = t / (tilesY * tilesX), ty = t / tilesX % tilesY, tx = t % tilesX;
                    for (int i = 0; i < INPUT_TILE; i++) {
                        for (int j = 0; j < INPUT_TILE; j++) {
                            int y = ty * TILE - 1 + i, x = tx * TILE - 1 + j;
                            boolean inside = y >= 0 && y < height && x >= 0 && x < width;
                            d[i][j] = inside ? input[inputOffset + ((n * channels + k) * height + y) * width + x] : 0;
                        }
                    }
                }
                double[][] tr = product(product(B_T, d), transpose(B_T));
                for (int p = 0; p < POSITIONS; p++) {
                    v[(p * padded + k) * chunkTiles + column] = (float) tr[p / INPUT_TILE][p % INPUT_TILE];
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // the 36 matrix products

    /**
     * {@code M[p][row][t] = sum_{k < reducePadded} U[p][row][k] * V[p][k][t]} for all 36 positions p:
     * U {@code [P][rows][reducePadded]}, V {@code [P][reducePadded][chunkTiles]}, M {@code [P][rows][chunkTiles]};
     * chunkTiles a multiple of {@link WinogradTransforms#LANES}.
     *
     * <p>Range: 3D {@code (rowBlocks(rows), tileBlocks(chunkTiles), POSITIONS)}, any local size (1x1x1 on PoCL), may be
     * padded. One work-item computes a register block of {@link #ROW_BLOCK} = 8 rows x {@link #GEMM_TILES} = 32 tiles:
     * 16 {@link Vector16} accumulators (on AVX-512, 16 of the 32 registers). Each reduction step loads the two vectors
     * of V's row k once and broadcasts 8 values of U: 16 vector FMAs per 10 loads. The 8 rows of U are read at
     * constant offsets from one base (one address register; 8 bases, or clamping rows past the end, cost 30-55%):
     * rows past the end of a partial last block read whatever follows (the next position's rows, or the slack that
     * {@link #transformedWeightsSize} and {@link WinogradWeightGradient#transformedGradientSize} add), computed and never stored; a block of 16 tiles (a chunk's last, when chunkTiles is
     * an odd multiple of 16) reads its one vector twice and stores it once. Consecutive work-items share the position
     * and tiles, so the rows of V they read stay in L1. Sums in the order k from 0, fused multiply-add.
     *
     * <p>The ladder (PoCL, 2 cores, F = 64, 36 GEMMs of 64x64 by 64x224): scalar code with the accumulators in a
     * private array, vectorised by PoCL at 256 bits, ~70 GFLOP/s; 8 x 32 in explicit 16-lane vectors ~215 GFLOP/s;
     * 8 x 48 and 4-6 x 64 blocks 100-140 (register spills).
     */
    @Kernel
    public static void multiply(KernelContext context, FloatArray u, FloatArray v, FloatArray m, @JitConstant int rows,
                                @JitConstant int reducePadded, @JitConstant int chunkTiles) {
        int rb = context.globalIdx;
        int tb = context.globalIdy;
        int p = context.globalIdz;
        int blocks = (rows + ROW_BLOCK - 1) / ROW_BLOCK;
        if (rb >= blocks || tb * GEMM_TILES >= chunkTiles || p >= POSITIONS) {
            return;
        }
        int row0 = rb * ROW_BLOCK;
        int count = Math.min(ROW_BLOCK, rows - row0);
        int t0 = tb * GEMM_TILES;
        boolean full = chunkTiles - t0 >= GEMM_TILES;
        int second = full ? LANES : 0;   // a half block reads its one vector twice
        @Scratch float[] block = new float[ROW_BLOCK * GEMM_TILES];
        multiplyPosition(u, v, block, 0, rows, reducePadded, chunkTiles, p, row0, t0, second);
        int mb = (p * rows + row0) * chunkTiles + t0;
        for (int j = 0; j < count; j++) {
            Vector16.store(m, mb + j * chunkTiles, Vector16.load(block, j * GEMM_TILES));
            if (full) Vector16.store(m, mb + j * chunkTiles + LANES, Vector16.load(block, j * GEMM_TILES + LANES));
        }
    }

    /**
     * One position's register block of the GEMMs: {@code block[at + j * 32 + l] = sum_k U[p][row0 + j][k] V[p][k][t0 + l]}
     * for 8 rows and 32 tiles (the second 16 tiles repeat the first when {@code second == 0}). The 8 rows are written
     * out with 16 named accumulators on purpose: a kernel has no arrays of vectors, and a private float array would
     * live in memory, not in registers (the reason this kernel is 3x the scalar one).
     */
    static void multiplyPosition(FloatArray u, FloatArray v, float[] block, int at, int rows, int reducePadded, int chunkTiles,
                                 int p, int row0, int t0, int second) {
        int ub = (p * rows + row0) * reducePadded;
        int vb = p * reducePadded * chunkTiles + t0;
        Vector16 a00 = Vector16.zero(), a01 = Vector16.zero(), a10 = Vector16.zero(), a11 = Vector16.zero(), a20 = Vector16.zero(), a21 = Vector16.zero(), a30 = Vector16.zero(), a31 = Vector16.zero();
        Vector16 a40 = Vector16.zero(), a41 = Vector16.zero(), a50 = Vector16.zero(), a51 = Vector16.zero(), a60 = Vector16.zero(), a61 = Vector16.zero(), a70 = Vector16.zero(), a71 = Vector16.zero();
        for (int k = 0; k < reducePadded; k++) {
            int vk = vb + k * chunkTiles;
            Vector16 x0 = Vector16.load(v, vk);
            Vector16 x1 = Vector16.load(v, vk + second);
            Vector16 w;
            w = Vector16.broadcast(u.get(ub + 0 * reducePadded + k));
            a00 = Vector16.fma(w, x0, a00);
            a01 = Vector16.fma(w, x1, a01);
            w = Vector16.broadcast(u.get(ub + 1 * reducePadded + k));
            a10 = Vector16.fma(w, x0, a10);
            a11 = Vector16.fma(w, x1, a11);
            w = Vector16.broadcast(u.get(ub + 2 * reducePadded + k));
            a20 = Vector16.fma(w, x0, a20);
            a21 = Vector16.fma(w, x1, a21);
            w = Vector16.broadcast(u.get(ub + 3 * reducePadded + k));
            a30 = Vector16.fma(w, x0, a30);
            a31 = Vector16.fma(w, x1, a31);
            w = Vector16.broadcast(u.get(ub + 4 * reducePadded + k));
            a40 = Vector16.fma(w, x0, a40);
            a41 = Vector16.fma(w, x1, a41);
            w = Vector16.broadcast(u.get(ub + 5 * reducePadded + k));
            a50 = Vector16.fma(w, x0, a50);
            a51 = Vector16.fma(w, x1, a51);
            w = Vector16.broadcast(u.get(ub + 6 * reducePadded + k));
            a60 = Vector16.fma(w, x0, a60);
            a61 = Vector16.fma(w, x1, a61);
            w = Vector16.broadcast(u.get(ub + 7 * reducePadded + k));
            a70 = Vector16.fma(w, x0, a70);
            a71 = Vector16.fma(w, x1, a71);
        }
        Vector16.store(block, at + 0 * GEMM_TILES, a00);
        Vector16.store(block, at + 0 * GEMM_TILES + LANES, a01);
        Vector16.store(block, at + 1 * GEMM_TILES, a10);
        Vector16.store(block, at + 1 * GEMM_TILES + LANES, a11);
        Vector16.store(block, at + 2 * GEMM_TILES, a20);
        Vector16.store(block, at + 2 * GEMM_TILES + LANES, a21);
        Vector16.store(block, at + 3 * GEMM_TILES, a30);
        Vector16.store(block, at + 3 * GEMM_TILES + LANES, a31);
        Vector16.store(block, at + 4 * GEMM_TILES, a40);
        Vector16.store(block, at + 4 * GEMM_TILES + LANES, a41);
        Vector16.store(block, at + 5 * GEMM_TILES, a50);
        Vector16.store(block, at + 5 * GEMM_TILES + LANES, a51);
        Vector16.store(block, at + 6 * GEMM_TILES, a60);
        Vector16.store(block, at + 6 * GEMM_TILES + LANES, a61);
        Vector16.store(block, at + 7 * GEMM_TILES, a70);
        Vector16.store(block, at + 7 * GEMM_TILES + LANES, a71);
    }

    /** Floats of one work-item's products in the fused kernels: 36 positions x 8 rows x 32 tiles (36 KB). */
    static final int PRODUCT_BLOCK = POSITIONS * ROW_BLOCK * GEMM_TILES;

    /**
     * The GEMMs and the output transform fused: {@code output[n][c][4ty + i][4tx + j] = act(bias[c] + (A^T M A)[i][j])}
     * with {@code M[p] = sum_k U[p][c][k] V[p][k][t]} for tile {@code t = firstTile + column} (see {@link #inputTransform}),
     * {@code act} = ReLU when {@code relu != 0}; the in-image pixels of each tile are written, from {@code outputOffset}
     * on. With {@link #weightTransform} and {@link #inputTransform}: {@link Convolution#convForward}'s result.
     *
     * <p>Range: 2D {@code (rowBlocks(rows), tileBlocks(chunkTiles))} (rows = output channels), may be padded; one
     * work-item per group on CPUs. One work-item takes 8 channels x 32 tiles: the 36 positions' products
     * ({@link #multiplyPosition}) go to a private block of 36 KB that stays in L1/L2, then A^T M A runs 16 tiles per
     * Vector16 operation (GEMMs that write M to global memory for an output-transform kernel to read back are 12%
     * slower at F = 64 on PoCL, WinogradLadder --profile).
     */
    @Kernel
    public static void multiplyOutput(KernelContext context, FloatArray u, FloatArray v, FloatArray bias, FloatArray output,
                                      @JitConstant int rows, @JitConstant int reducePadded, @JitConstant int chunkTiles,
                                      @JitConstant int batch, @JitConstant int height, @JitConstant int width, @JitConstant int relu,
                                      int outputOffset, int firstTile) {
        multiplyOutputBlock(context.globalIdx, context.globalIdy, u, v, bias, 1, relu, output, 0, rows, reducePadded, chunkTiles,
                batch, height, width, outputOffset, firstTile);
    }

    /** Reference twin of {@link #multiplyOutput}: {@link #multiplyReference}, then {@code A^T M A} as matrix products in double. */
    public static void multiplyOutputReference(float[] u, float[] v, float[] bias, float[] output, int rows, int reducePadded,
                                               int chunkTiles, int batch, int height, int width, int relu, int outputOffset,
                                               int firstTile) {
        float[] m = new float[(int) productSize(rows, chunkTiles)];
        multiplyReference(u, v, m, rows, reducePadded, chunkTiles);
        outputReference(m, bias, output, batch, rows, height, width, relu, 0, outputOffset, firstTile, chunkTiles);
    }

    /**
     * The input gradient's GEMMs and output transform fused, as {@link #multiplyOutput}: {@code dInput[n][c][4ty + i][4tx + j]
     * (=|+=) (A^T M A)[i][j]} ({@code +=} when {@code accumulate != 0}, for an activation with two consumers, as
     * {@link Convolution#convBackwardInput}); rows = input channels, U from the rotated, transposed weights
     * ({@link #weightTransform} with backward != 0); written from {@code dInputOffset} on.
     *
     * <p>Range: 2D {@code (rowBlocks(rows), tileBlocks(chunkTiles))}, may be padded; one work-item per group on CPUs.
     */
    @Kernel
    public static void multiplyOutputGradient(KernelContext context, FloatArray u, FloatArray v, FloatArray dInput, @JitConstant int rows,
                                              @JitConstant int reducePadded, @JitConstant int chunkTiles, @JitConstant int batch,
                                              @JitConstant int height, @JitConstant int width, @JitConstant int accumulate,
                                              int dInputOffset, int firstTile) {
        // no bias: u stands in for the array, which is never read when withBias == 0
        multiplyOutputBlock(context.globalIdx, context.globalIdy, u, v, u, 0, 0, dInput, accumulate, rows, reducePadded, chunkTiles,
                batch, height, width, dInputOffset, firstTile);
    }

    /** Reference twin of {@link #multiplyOutputGradient}: {@link #multiplyReference}, then {@code A^T M A} in double. */
    public static void multiplyOutputGradientReference(float[] u, float[] v, float[] dInput, int rows, int reducePadded,
                                                       int chunkTiles, int batch, int height, int width, int accumulate,
                                                       int dInputOffset, int firstTile) {
        float[] m = new float[(int) productSize(rows, chunkTiles)];
        multiplyReference(u, v, m, rows, reducePadded, chunkTiles);
        outputReference(m, null, dInput, batch, rows, height, width, 0, accumulate, dInputOffset, firstTile, chunkTiles);
    }

    /**
     * The body of {@link #multiplyOutput} and {@link #multiplyOutputGradient} for work-item (rb, tb): the 36 positions'
     * products of 8 rows x 32 tiles into a private block, then per row and half block {@code A^T M A}, plus
     * {@code bias[row]} and ReLU (when {@code relu != 0}) if {@code withBias != 0}, stored into {@code target}
     * ({@code +=} when {@code accumulate != 0}) from {@code targetOffset} on.
     */
    static void multiplyOutputBlock(int rb, int tb, FloatArray u, FloatArray v, FloatArray bias, int withBias, int relu,
                                    FloatArray target, int accumulate, int rows, int reducePadded, int chunkTiles,
                                    int batch, int height, int width, int targetOffset, int firstTile) {
        int blocks = (rows + ROW_BLOCK - 1) / ROW_BLOCK;
        if (rb >= blocks || tb * GEMM_TILES >= chunkTiles) {
            return;
        }
        int row0 = rb * ROW_BLOCK;
        int count = Math.min(ROW_BLOCK, rows - row0);
        int t0 = tb * GEMM_TILES;
        boolean full = chunkTiles - t0 >= GEMM_TILES;
        @Scratch float[] block = new float[PRODUCT_BLOCK];
        for (int p = 0; p < POSITIONS; p++) {
            multiplyPosition(u, v, block, p * ROW_BLOCK * GEMM_TILES, rows, reducePadded, chunkTiles, p, row0, t0, full ? LANES : 0);
        }
        @Scratch float[] y = new float[TILE * TILE * LANES];
        @Scratch int[] corner = new int[LANES];
        @Scratch int[] rowsIn = new int[LANES];
        @Scratch int[] colsIn = new int[LANES];
        for (int h = 0; h < (full ? 2 : 1); h++) {
            tileCorners(corner, rowsIn, colsIn, batch, rows, height, width, targetOffset + row0 * height * width, firstTile + t0 + h * LANES);
            for (int j = 0; j < count; j++) {
                inverseTransformTiles(block, ROW_BLOCK * GEMM_TILES, j * GEMM_TILES + h * LANES, y);
                if (withBias != 0) {
                    Vector16 bias16 = Vector16.broadcast(bias.get(row0 + j));
                    for (int q = 0; q < TILE * TILE; q++) {
                        Vector16 value = Vector16.add(Vector16.load(y, q * LANES), bias16);
                        Vector16.store(y, q * LANES, relu != 0 ? Vector16.max(value, Vector16.zero()) : value);
                    }
                }
                storeTiles(y, target, corner, rowsIn, colsIn, j * height * width, width, accumulate);
            }
        }
    }

    /**
     * Per lane: where tile {@code tile0 + lane} starts in the image ({@code corner}: its top-left pixel in channel 0
     * of its image, from {@code offset} on) and how many of its rows and columns lie in the image (0 rows for a tile
     * past the batch).
     */
    static void tileCorners(int[] corner, int[] rowsIn, int[] colsIn, int batch, int channels, int height, int width,
                            int offset, int tile0) {
        // the tiles' top-left pixels (y, x) into rowsIn and colsIn, their planes into corner; a tile past the batch has
        // y < 0 and the plane of tile 0 (x = 0)
        tileOrigins(rowsIn, colsIn, corner, tile0, batch, channels, 0, height, width, offset, 0);
        for (int l = 0; l < LANES; l++) {
            boolean live = rowsIn[l] >= 0;
            corner[l] = corner[l] + (live ? rowsIn[l] : 0) * width + colsIn[l];
            rowsIn[l] = live ? Math.min(TILE, height - rowsIn[l]) : 0;
            colsIn[l] = Math.min(TILE, width - colsIn[l]);
        }
    }

    /**
     * Stores the 16 tiles' 4x4 pixels ({@code y[(i * 4 + j) * 16 + lane]}) at {@code corner[lane] + plane}, the in-image
     * ones only: {@code =}, or {@code +=} when {@code accumulate != 0}. 16 unconditional stores for an interior tile.
     */
    static void storeTiles(float[] y, FloatArray target, int[] corner, int[] rowsIn, int[] colsIn, int plane, int width,
                           int accumulate) {
        for (int l = 0; l < LANES; l++) {
            if (rowsIn[l] == TILE && colsIn[l] == TILE) {
                for (int i = 0; i < TILE; i++) {
                    int row = corner[l] + plane + i * width;
                    for (int j = 0; j < TILE; j++) {
                        float value = y[(i * TILE + j) * LANES + l];
                        target.set(row + j, accumulate != 0 ? target.get(row + j) + value : value);
                    }
                }
            } else {
                for (int i = 0; i < rowsIn[l]; i++) {
                    int row = corner[l] + plane + i * width;
                    for (int j = 0; j < colsIn[l]; j++) {
                        float value = y[(i * TILE + j) * LANES + l];
                        target.set(row + j, accumulate != 0 ? target.get(row + j) + value : value);
                    }
                }
            }
        }
    }

    /** Reference twin of {@link #multiply}: the sums as loops. */
    public static void multiplyReference(float[] u, float[] v, float[] m, int rows, int reducePadded, int chunkTiles) {
        for (int p = 0; p < POSITIONS; p++) {
            for (int row = 0; row < rows; row++) {
                for (int t = 0; t < chunkTiles; t++) {
                    float sum = 0.0f;
                    for (int k = 0; k < reducePadded; k++) {
                        sum += u[(p * rows + row) * reducePadded + k] * v[(p * reducePadded + k) * chunkTiles + t];
                    }
                    m[(p * rows + row) * chunkTiles + t] = sum;
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // output transforms

    /**
     * {@code target[n][c][4ty + i][4tx + j] = act(bias[c] + (A^T M_{c,t} A)[i][j])} for the in-image pixels of tile
     * {@code t = firstTile + column} (no bias when {@code bias} is null; {@code +=} when {@code accumulate != 0}), M
     * {@code [P][channels][chunkTiles]}: the fused kernels' output transform, in double.
     */
    private static void outputReference(float[] m, float[] bias, float[] target, int batch, int channels, int height, int width,
                                        int relu, int accumulate, int targetOffset, int firstTile, int chunkTiles) {
        double[][][] y = inverseReference(m, channels, Math.min(chunkTiles, tiles(batch, height, width) - firstTile), chunkTiles);
        int tilesX = tilesAlong(width), tilesY = tilesAlong(height);
        for (int column = 0; column < y.length / channels; column++) {
            int t = firstTile + column;
            int n = t / (tilesY * tilesX), ty = t / tilesX % tilesY, tx = t % tilesX;
            for (int c = 0; c < channels; c++) {
                for (int i = 0; i < TILE; i++) {
                    for (int j = 0; j < TILE; j++) {
                        int oy = ty * TILE + i, ox = tx * TILE + j;
                        if (oy >= height || ox >= width) continue;
                        int index = targetOffset + ((n * channels + c) * height + oy) * width + ox;
                        float value = (float) y[column * channels + c][i][j] + (bias != null ? bias[c] : 0f);
                        if (relu != 0) value = Math.max(value, 0f);
                        target[index] = accumulate != 0 ? target[index] + value : value;
                    }
                }
            }
        }
    }

    /** {@code A^T M_{c,column} A} for the first {@code columns} columns of M and every channel c, at {@code column * channels + c}. */
    private static double[][][] inverseReference(float[] m, int channels, int columns, int chunkTiles) {
        double[][][] y = new double[columns * channels][][];
        for (int column = 0; column < columns; column++) {
            for (int c = 0; c < channels; c++) {
                double[][] mt = new double[INPUT_TILE][INPUT_TILE];
                for (int p = 0; p < POSITIONS; p++) {
                    mt[p / INPUT_TILE][p % INPUT_TILE] = m[(p * channels + c) * chunkTiles + column];
                }
                y[column * channels + c] = product(product(A_T, mt), transpose(A_T));
            }
        }
        return y;
    }

    // ------------------------------------------------------------------------------------------
    // the weight gradient: dW[co][ci] += G^T [ sum_t (A dY_{co,t} A^T) .* (B^T d_{ci,t} B) ] G
}
