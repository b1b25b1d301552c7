package drcn.runtime.eval;

/**
 * Geometric self-ensemble (Timofte et al., "Seven ways to improve example-based single image super
 * resolution", CVPR 2016; EDSR's {@code forward_x8}): the network input (here the bicubic-upscaled Y
 * plane) in its 8 orientations, each through the network, each result turned back, and the 8 averaged.
 * The 8 orientations are the dihedral group of the square, written as EDSR writes them: an optional
 * transpose, then an optional left-right flip, then an optional up-down flip (2^3 = 8 distinct maps;
 * each step is its own inverse, so a result is turned back by the same steps in reverse order).
 *
 * <p>The 4 orientations without the transpose come first and the 4 transposed ones after, so an
 * {@link Upscaler} (which keeps the model of its last window shape) rebuilds its model at most twice
 * per image, and not at all for tiled images whose windows are square.
 */
public final class SelfEnsemble {
    private SelfEnsemble() {}

    /** Orientations, in the order run: bit 2 transpose, bit 0 left-right flip, bit 1 up-down flip. */
    public static final int ORIENTATIONS = 8;

    /** A row-major plane of {@code width x height} floats. */
    public record Grid(int width, int height, float[] values) {}

    /** Orientation {@code t} (0..7) of {@code p}; 0 is the identity. */
    public static Grid orient(Grid p, int t) {
        Grid q = (t & 4) != 0 ? transpose(p) : p;
        if ((t & 1) != 0) q = flipLeftRight(q);
        if ((t & 2) != 0) q = flipUpDown(q);
        return q;
    }

    /** The inverse of {@link #orient}: {@code unorient(orient(p, t), t)} is {@code p}. */
    public static Grid unorient(Grid p, int t) {
        Grid q = p;
        if ((t & 2) != 0) q = flipUpDown(q);
        if ((t & 1) != 0) q = flipLeftRight(q);
        return (t & 4) != 0 ? transpose(q) : q;
    }

    /**
     * The self-ensemble of the network on {@code input} ({@code width x height}, row-major): the mean of
     * the 8 oriented passes, each turned back. Not clamped.
     */
    public static float[] run(Upscaler upscaler, float[] input, int width, int height) {
        return run(upscaler, input, width, height, null);
    }

    /**
     * As {@link #run(Upscaler, float[], int, int)}, where {@code identity} (may be null) is the plain
     * pass's output already at hand (as evaluation has it), which then is not run again.
     */
    public static float[] run(Upscaler upscaler, float[] input, int width, int height, float[] identity) {
        Grid in = new Grid(width, height, input);
        double[] sum = new double[width * height];
        for (int t = 0; t < ORIENTATIONS; t++) {
            float[] out;
            if (t == 0 && identity != null) {
                out = identity;
            } else {
                Grid oriented = orient(in, t);
                Upscaler.Result r = upscaler.run(oriented.values(), oriented.width(), oriented.height(), false);
                out = unorient(new Grid(r.width(), r.height(), r.output()), t).values();
            }
            for (int i = 0; i < sum.length; i++) sum[i] += out[i];
        }
        float[] mean = new float[sum.length];
        for (int i = 0; i < mean.length; i++) mean[i] = (float) (sum[i] / ORIENTATIONS);
        return mean;
    }

    static Grid transpose(Grid p) {
        int w = p.width(), h = p.height();
        float[] v = p.values(), out = new float[v.length];
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) out[x * h + y] = v[y * w + x];
        return new Grid(h, w, out);
    }

    static Grid flipLeftRight(Grid p) {
        int w = p.width(), h = p.height();
        float[] v = p.values(), out = new float[v.length];
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) out[y * w + (w - 1 - x)] = v[y * w + x];
        return new Grid(w, h, out);
    }

    static Grid flipUpDown(Grid p) {
        int w = p.width(), h = p.height();
        float[] v = p.values(), out = new float[v.length];
        for (int y = 0; y < h; y++) System.arraycopy(v, y * w, out, (h - 1 - y) * w, w);
        return new Grid(w, h, out);
    }
}
