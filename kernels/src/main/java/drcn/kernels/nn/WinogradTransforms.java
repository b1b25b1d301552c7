package drcn.kernels.nn;

import drcn.kernels.api.Scratch;
import drcn.kernels.api.Vector16;
import drcn.tornado.api.types.arrays.FloatArray;

/**
 * Winograd's minimal filtering F(4x4, 3x3) (Lavin and Gray, "Fast Algorithms for Convolutional Neural Networks",
 * 2016): the matrices, their rows as kernel helpers, and the tiling shared by the chains of {@link Winograd}
 * (forward and input gradient) and {@link WinogradWeightGradient}. Each 4x4 block of outputs of one
 * (image, output channel) is
 * <pre>
 *   Y = A^T [ sum_ci (G g_{co,ci} G^T) .* (B^T d_{ci} B) ] A        (.* elementwise, 6x6)
 * </pre>
 * where {@code g} is a 3x3 filter and {@code d} the 6x6 input block whose top-left pixel is (4ty - 1, 4tx - 1) (zeros
 * outside the image); {@link #B_T}, {@link #G} and {@link #A_T} are the matrices of the interpolation points
 * 0, 1, -1, 2, -2, infinity. Per 16 outputs and channel pair that is 36 multiplies instead of the direct
 * convolution's 144, and the 36 positions of the 6x6 blocks are independent: for each position p the sum over ci
 * is a matrix product, {@code M[p] = U[p] V[p]}, where the time goes.
 *
 * <p>The kernels apply a matrix as one helper per row ({@code bT0 .. bT5} for the rows of B^T, {@code g0 .. g4} of
 * G, {@code aT0 .. aT3} of A^T, {@code a1 .. a4} of A and {@code gT0 .. gT2} of G^T; the unit rows, G's row 5 and
 * A's rows 0 and 5, are copied inline), first to the columns of a block, then to its rows. A row's operations are
 * written in the order of its formula, so each Vector16 lane rounds as the scalar expression would.
 * WinogradTransformsTest derives every row helper's coefficients from the matrices, which are held here once, as
 * data, for it and for the reference twins.
 *
 * <p>Tiles are numbered {@code t = (n * tilesY + ty) * tilesX + tx} with {@code tilesY = ceil(H / 4)},
 * {@code tilesX = ceil(W / 4)}.
 */
public final class WinogradTransforms {
    private WinogradTransforms() {
    }

    /** Output tile edge m of F(m x m, 3x3). */
    public static final int TILE = 4;
    /** Input tile edge m + 2. */
    public static final int INPUT_TILE = TILE + 2;
    /** Positions of the transformed 6x6 tiles: the number of independent matrix products. */
    public static final int POSITIONS = INPUT_TILE * INPUT_TILE;
    /** Filters, tiles or channels one work-item transforms at once: the lanes of its {@link Vector16} values. */
    public static final int LANES = 16;

    /** Tiles along one edge of {@code size} pixels: {@code ceil(size / 4)}. */
    public static int tilesAlong(int size) {
        return (size + TILE - 1) / TILE;
    }

    /** Tiles of a batch: {@code batch * ceil(H / 4) * ceil(W / 4)}. */
    public static int tiles(int batch, int height, int width) {
        return batch * tilesAlong(height) * tilesAlong(width);
    }

    /** {@link #tiles} rounded up to a multiple of {@link #LANES}: the row length of V and M. */
    public static int tilesPadded(int batch, int height, int width) {
        return (tiles(batch, height, width) + LANES - 1) / LANES * LANES;
    }

    // ------------------------------------------------------------------------------------------
    // the rows of G, B^T and A^T on 16 filters or tiles at once (Vector16 lanes)

    private static Vector16 times(float c, Vector16 x) {
        return Vector16.multiply(Vector16.broadcast(c), x);
    }

    /** Row 0 of G: g0 / 4. */
    static Vector16 g0(Vector16 g0, Vector16 g1, Vector16 g2) {
        return times(0.25f, g0);
    }

    /** Row 1 of G: -(g0 + g1 + g2) / 6. */
    static Vector16 g1(Vector16 g0, Vector16 g1, Vector16 g2) {
        return times(-1.0f / 6.0f, Vector16.add(Vector16.add(g0, g1), g2));
    }

    /** Row 2 of G: -(g0 - g1 + g2) / 6. */
    static Vector16 g2(Vector16 g0, Vector16 g1, Vector16 g2) {
        return times(-1.0f / 6.0f, Vector16.add(Vector16.subtract(g0, g1), g2));
    }

    /** Row 3 of G: g0 / 24 + g1 / 12 + g2 / 6. */
    static Vector16 g3(Vector16 g0, Vector16 g1, Vector16 g2) {
        return Vector16.add(Vector16.add(times(1.0f / 24.0f, g0), times(1.0f / 12.0f, g1)), times(1.0f / 6.0f, g2));
    }

    /** Row 4 of G: g0 / 24 - g1 / 12 + g2 / 6. */
    static Vector16 g4(Vector16 g0, Vector16 g1, Vector16 g2) {
        return Vector16.add(Vector16.subtract(times(1.0f / 24.0f, g0), times(1.0f / 12.0f, g1)), times(1.0f / 6.0f, g2));
    }

    /** Row 0 of B^T: 4 d0 - 5 d2 + d4. */
    static Vector16 bT0(Vector16 d0, Vector16 d1, Vector16 d2, Vector16 d3, Vector16 d4, Vector16 d5) {
        return Vector16.add(Vector16.subtract(times(4.0f, d0), times(5.0f, d2)), d4);
    }

    /** Row 1 of B^T: -4 d1 - 4 d2 + d3 + d4. */
    static Vector16 bT1(Vector16 d0, Vector16 d1, Vector16 d2, Vector16 d3, Vector16 d4, Vector16 d5) {
        return Vector16.add(Vector16.add(times(-4.0f, Vector16.add(d1, d2)), d3), d4);
    }

    /** Row 2 of B^T: 4 d1 - 4 d2 - d3 + d4. */
    static Vector16 bT2(Vector16 d0, Vector16 d1, Vector16 d2, Vector16 d3, Vector16 d4, Vector16 d5) {
        return Vector16.add(Vector16.subtract(times(4.0f, Vector16.subtract(d1, d2)), d3), d4);
    }

    /** Row 3 of B^T: -2 d1 - d2 + 2 d3 + d4. */
    static Vector16 bT3(Vector16 d0, Vector16 d1, Vector16 d2, Vector16 d3, Vector16 d4, Vector16 d5) {
        return Vector16.add(Vector16.subtract(times(2.0f, Vector16.subtract(d3, d1)), d2), d4);
    }

    /** Row 4 of B^T: 2 d1 - d2 - 2 d3 + d4. */
    static Vector16 bT4(Vector16 d0, Vector16 d1, Vector16 d2, Vector16 d3, Vector16 d4, Vector16 d5) {
        return Vector16.add(Vector16.subtract(times(2.0f, Vector16.subtract(d1, d3)), d2), d4);
    }

    /** Row 5 of B^T: 4 d1 - 5 d3 + d5. */
    static Vector16 bT5(Vector16 d0, Vector16 d1, Vector16 d2, Vector16 d3, Vector16 d4, Vector16 d5) {
        return Vector16.add(Vector16.subtract(times(4.0f, d1), times(5.0f, d3)), d5);
    }

    /** Row 0 of A^T: m0 + m1 + m2 + m3 + m4. */
    static Vector16 aT0(Vector16 m0, Vector16 m1, Vector16 m2, Vector16 m3, Vector16 m4, Vector16 m5) {
        return Vector16.add(Vector16.add(m0, Vector16.add(m1, m2)), Vector16.add(m3, m4));
    }

    /** Row 1 of A^T: m1 - m2 + 2 m3 - 2 m4. */
    static Vector16 aT1(Vector16 m0, Vector16 m1, Vector16 m2, Vector16 m3, Vector16 m4, Vector16 m5) {
        return Vector16.add(Vector16.subtract(m1, m2), times(2.0f, Vector16.subtract(m3, m4)));
    }

    /** Row 2 of A^T: m1 + m2 + 4 m3 + 4 m4. */
    static Vector16 aT2(Vector16 m0, Vector16 m1, Vector16 m2, Vector16 m3, Vector16 m4, Vector16 m5) {
        return Vector16.add(Vector16.add(m1, m2), times(4.0f, Vector16.add(m3, m4)));
    }

    /** Row 3 of A^T: m1 - m2 + 8 m3 - 8 m4 + m5. */
    static Vector16 aT3(Vector16 m0, Vector16 m1, Vector16 m2, Vector16 m3, Vector16 m4, Vector16 m5) {
        return Vector16.add(Vector16.add(Vector16.subtract(m1, m2), times(8.0f, Vector16.subtract(m3, m4))), m5);
    }

    /**
     * Per lane l, for tile {@code tile0 + l} of the batch ({@code n, ty, tx}): the top-left pixel of its block,
     * {@code (ys[l], xs[l]) = (4 ty + shift, 4 tx + shift)} (shift -1 for the 6x6 input blocks, 0 for the 4x4 output
     * tiles), and its plane, {@code bases[l] = offset + (n * channels + channel) * height * width}. A tile past the batch
     * gets the row {@code -INPUT_TILE - 1}, far above the image, so that all its values select 0.
     */
    static void tileOrigins(int[] ys, int[] xs, int[] bases, int tile0, int batch, int channels, int channel, int height, int width,
                            int offset, int shift) {
        int tilesX = tilesAlong(width);
        int perImage = tilesAlong(height) * tilesX;
        int tileCount = batch * perImage;
        for (int l = 0; l < LANES; l++) {
            int t = tile0 + l;
            int live = t < tileCount ? t : 0;
            int n = live / perImage;
            int r = live - n * perImage;
            int ty = r / tilesX;
            ys[l] = t < tileCount ? ty * TILE + shift : -INPUT_TILE - 1;
            xs[l] = (r - ty * tilesX) * TILE + shift;
            bases[l] = offset + (n * channels + channel) * height * width;
        }
    }

    /**
     * The {@code size x size} blocks of 16 tiles, one per lane: {@code d[(i * size + j) * 16 + l]} = pixel
     * {@code (ys[l] + i, xs[l] + j)} of the plane at {@code bases[l]}, 0 outside the image. Every address is clamped into
     * the image and the value selected, so the loads are unconditional and the lane loop vectorises as a gather.
     */
    static void gatherTiles(FloatArray source, int[] bases, int[] ys, int[] xs, int size, int height, int width, float[] d) {
        for (int i = 0; i < size; i++) {
            for (int j = 0; j < size; j++) {
                int q = (i * size + j) * LANES;
                for (int l = 0; l < LANES; l++) {
                    int y = ys[l] + i;
                    int x = xs[l] + j;
                    int yc = Math.min(Math.max(y, 0), height - 1);
                    int xc = Math.min(Math.max(x, 0), width - 1);
                    float value = source.get(bases[l] + yc * width + xc);
                    d[q + l] = y >= 0 && y < height && x >= 0 && x < width ? value : 0.0f;
                }
            }
        }
    }

    /**
     * {@code B^T d B} for 16 tiles (or 16 channels of one tile) at once: {@code d} holds the 6x6 blocks as
     * {@code d[(i * 6 + j) * 16 + lane]} and is overwritten with {@code B^T d}; position p's 16 results go to
     * {@code target[p * plane + at ...]}. Shared by {@link Winograd#inputTransform} and {@link WinogradWeightGradient#inputTransformTransposed}.
     */
    static void transformInputTiles(float[] d, FloatArray target, int plane, int at) {
        for (int j = 0; j < INPUT_TILE; j++) {
            Vector16 x0 = Vector16.load(d, j * LANES), x1 = Vector16.load(d, (6 + j) * LANES);
            Vector16 x2 = Vector16.load(d, (12 + j) * LANES), x3 = Vector16.load(d, (18 + j) * LANES);
            Vector16 x4 = Vector16.load(d, (24 + j) * LANES), x5 = Vector16.load(d, (30 + j) * LANES);
            Vector16.store(d, j * LANES, bT0(x0, x1, x2, x3, x4, x5));
            Vector16.store(d, (6 + j) * LANES, bT1(x0, x1, x2, x3, x4, x5));
            Vector16.store(d, (12 + j) * LANES, bT2(x0, x1, x2, x3, x4, x5));
            Vector16.store(d, (18 + j) * LANES, bT3(x0, x1, x2, x3, x4, x5));
            Vector16.store(d, (24 + j) * LANES, bT4(x0, x1, x2, x3, x4, x5));
            Vector16.store(d, (30 + j) * LANES, bT5(x0, x1, x2, x3, x4, x5));
        }
        for (int i = 0; i < INPUT_TILE; i++) {
            int q = i * INPUT_TILE;
            Vector16 x0 = Vector16.load(d, q * LANES), x1 = Vector16.load(d, (q + 1) * LANES);
            Vector16 x2 = Vector16.load(d, (q + 2) * LANES), x3 = Vector16.load(d, (q + 3) * LANES);
            Vector16 x4 = Vector16.load(d, (q + 4) * LANES), x5 = Vector16.load(d, (q + 5) * LANES);
            Vector16.store(target, q * plane + at, bT0(x0, x1, x2, x3, x4, x5));
            Vector16.store(target, (q + 1) * plane + at, bT1(x0, x1, x2, x3, x4, x5));
            Vector16.store(target, (q + 2) * plane + at, bT2(x0, x1, x2, x3, x4, x5));
            Vector16.store(target, (q + 3) * plane + at, bT3(x0, x1, x2, x3, x4, x5));
            Vector16.store(target, (q + 4) * plane + at, bT4(x0, x1, x2, x3, x4, x5));
            Vector16.store(target, (q + 5) * plane + at, bT5(x0, x1, x2, x3, x4, x5));
        }
    }

    /**
     * {@code y = A^T M A} for 16 tiles at once: position p of the 16 tiles' M at {@code m[p * plane + at ...]} (a fused
     * kernel's private product block); {@code y[(i * 4 + j) * 16 + lane]} gets pixel (i, j) of each tile. Shared by
     * {@link Winograd#multiplyOutput} and {@link Winograd#multiplyOutputGradient}.
     */
    static void inverseTransformTiles(float[] m, int plane, int at, float[] y) {
        @Scratch float[] tmp = new float[TILE * INPUT_TILE * LANES];   // A^T M, [i * 6 + j][lane]
        for (int j = 0; j < INPUT_TILE; j++) {
            Vector16 x0 = Vector16.load(m, j * plane + at), x1 = Vector16.load(m, (6 + j) * plane + at);
            Vector16 x2 = Vector16.load(m, (12 + j) * plane + at), x3 = Vector16.load(m, (18 + j) * plane + at);
            Vector16 x4 = Vector16.load(m, (24 + j) * plane + at), x5 = Vector16.load(m, (30 + j) * plane + at);
            Vector16.store(tmp, j * LANES, aT0(x0, x1, x2, x3, x4, x5));
            Vector16.store(tmp, (6 + j) * LANES, aT1(x0, x1, x2, x3, x4, x5));
            Vector16.store(tmp, (12 + j) * LANES, aT2(x0, x1, x2, x3, x4, x5));
            Vector16.store(tmp, (18 + j) * LANES, aT3(x0, x1, x2, x3, x4, x5));
        }
        for (int i = 0; i < TILE; i++) {
            int q = i * INPUT_TILE;
            Vector16 x0 = Vector16.load(tmp, q * LANES), x1 = Vector16.load(tmp, (q + 1) * LANES);
            Vector16 x2 = Vector16.load(tmp, (q + 2) * LANES), x3 = Vector16.load(tmp, (q + 3) * LANES);
            Vector16 x4 = Vector16.load(tmp, (q + 4) * LANES), x5 = Vector16.load(tmp, (q + 5) * LANES);
            Vector16.store(y, i * TILE * LANES, aT0(x0, x1, x2, x3, x4, x5));
            Vector16.store(y, (i * TILE + 1) * LANES, aT1(x0, x1, x2, x3, x4, x5));
            Vector16.store(y, (i * TILE + 2) * LANES, aT2(x0, x1, x2, x3, x4, x5));
            Vector16.store(y, (i * TILE + 3) * LANES, aT3(x0, x1, x2, x3, x4, x5));
        }
    }

    // ------------------------------------------------------------------------------------------
    // weight transform

    // ------------------------------------------------------------------------------------------
    // the rows of A and G^T on scalars (the weight gradient's transposed transforms)

    /** Row 1 of A (6x4, the transpose of A^T): y0 + y1 + y2 + y3. */
    static float a1(float y0, float y1, float y2, float y3) {
        return (y0 + y2) + (y1 + y3);
    }

    /** Row 2 of A: y0 - y1 + y2 - y3. */
    static float a2(float y0, float y1, float y2, float y3) {
        return (y0 + y2) - (y1 + y3);
    }

    /** Row 3 of A: y0 + 2 y1 + 4 y2 + 8 y3. */
    static float a3(float y0, float y1, float y2, float y3) {
        return (y0 + 4.0f * y2) + 2.0f * (y1 + 4.0f * y3);
    }

    /** Row 4 of A: y0 - 2 y1 + 4 y2 - 8 y3. */
    static float a4(float y0, float y1, float y2, float y3) {
        return (y0 + 4.0f * y2) - 2.0f * (y1 + 4.0f * y3);
    }

    /** Row 0 of G^T (3x6): x0 / 4 - (x1 + x2) / 6 + (x3 + x4) / 24. */
    static float gT0(float x0, float x1, float x2, float x3, float x4, float x5) {
        return x0 * 0.25f - (x1 + x2) / 6.0f + (x3 + x4) / 24.0f;
    }

    /** Row 1 of G^T: (x2 - x1) / 6 + (x3 - x4) / 12. */
    static float gT1(float x0, float x1, float x2, float x3, float x4, float x5) {
        return (x2 - x1) / 6.0f + (x3 - x4) / 12.0f;
    }

    /** Row 2 of G^T: (x3 + x4 - x1 - x2) / 6 + x5. */
    static float gT2(float x0, float x1, float x2, float x3, float x4, float x5) {
        return ((x3 + x4) - (x1 + x2)) / 6.0f + x5;
    }

    // ------------------------------------------------------------------------------------------
    // the matrices, for the test of the rows and the reference twins

    /** B^T (6x6). */
    static final double[][] B_T = {
            {4, 0, -5, 0, 1, 0},
            {0, -4, -4, 1, 1, 0},
            {0, 4, -4, -1, 1, 0},
            {0, -2, -1, 2, 1, 0},
            {0, 2, -1, -2, 1, 0},
            {0, 4, 0, -5, 0, 1}};
    /** G (6x3). */
    static final double[][] G = {
            {1.0 / 4, 0, 0},
            {-1.0 / 6, -1.0 / 6, -1.0 / 6},
            {-1.0 / 6, 1.0 / 6, -1.0 / 6},
            {1.0 / 24, 1.0 / 12, 1.0 / 6},
            {1.0 / 24, -1.0 / 12, 1.0 / 6},
            {0, 0, 1}};
    /** A^T (4x6). */
    static final double[][] A_T = {
            {1, 1, 1, 1, 1, 0},
            {0, 1, -1, 2, -2, 0},
            {0, 1, 1, 4, 4, 0},
            {0, 1, -1, 8, -8, 1}};

    static double[][] product(double[][] a, double[][] b) {
        double[][] c = new double[a.length][b[0].length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < b[0].length; j++) {
                double sum = 0;
                for (int k = 0; k < b.length; k++) sum += a[i][k] * b[k][j];
                c[i][j] = sum;
            }
        }
        return c;
    }

    static double[][] transpose(double[][] a) {
        double[][] t = new double[a[0].length][a.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) t[j][i] = a[i][j];
        }
        return t;
    }
}
