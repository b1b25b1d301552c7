package drcn.runtime.image;

/**
 * MATLAB's {@code imresize(A, scale, 'bicubic')} on double planes (antialiasing on, the default),
 * reproduced step by step from its algorithm:
 *
 * <ul>
 *   <li>Cubic kernel (Keys, a = -0.5):
 *   <pre>
 *     k(x) = 1.5|x|^3 - 2.5|x|^2 + 1              for |x| &lt;= 1
 *          = -0.5|x|^3 + 2.5|x|^2 - 4|x| + 2      for 1 &lt; |x| &lt;= 2
 *          = 0                                    otherwise          (support width 4)
 *   </pre>
 *   <li>Antialiasing: when shrinking (scale &lt; 1) the kernel is stretched to h(x) = scale * k(scale * x)
 *   and its width becomes 4 / scale, so it also low-pass filters.
 *   <li>Contributions ({@code contributions()} in imresize.m), for output index x = 1..outLength
 *   (1-based): the centre in input coordinates is u = x / scale + 0.5 * (1 - 1 / scale); the input
 *   indices are left + 0 .. left + P - 1 with left = floor(u - width / 2), P = ceil(width) + 2;
 *   weight(j) = h(u - j), normalised to sum 1 for each output index.
 *   <li>Edges: an index outside 1..inLength is mirrored, including the edge sample
 *   (symmetric padding: ... 2 1 | 1 2 3 ... n | n n-1 ...).
 *   <li>Separable: one 1-D pass per dimension, the dimension with the smaller scale first (for
 *   equal scales, MATLAB's dimension 1, the vertical one, first).
 *   <li>Output size: ceil(scale * inputSize) when a scale is given; when an output size is given,
 *   scale = outputSize / inputSize per dimension.
 * </ul>
 * No rounding or clamping is done: that is the caller's business (see {@link Plane#toUint8()}).
 */
public final class Imresize {
    private static final double KERNEL_WIDTH = 4.0;

    private Imresize() {}

    /** The cubic convolution kernel with a = -0.5 (formula on the class). */
    public static double cubic(double x) {
        double ax = Math.abs(x), ax2 = ax * ax, ax3 = ax2 * ax;
        if (ax <= 1) return 1.5 * ax3 - 2.5 * ax2 + 1;
        if (ax <= 2) return -0.5 * ax3 + 2.5 * ax2 - 4 * ax + 2;
        return 0;
    }

    /** Resizes by {@code scale} in both dimensions; the output is ceil(scale * w) x ceil(scale * h). */
    public static Plane resize(Plane in, double scale) {
        if (!(scale > 0) || Double.isInfinite(scale)) throw new IllegalArgumentException("scale must be > 0: " + scale);
        int outW = (int) Math.ceil(scale * in.width());
        int outH = (int) Math.ceil(scale * in.height());
        return resize(in, outW, outH, scale, scale);
    }

    /** Same as {@link #resize(Plane, double)} on a raw row-major array of {@code w * h} values. */
    public static Plane resize(double[] plane, int w, int h, double scale) {
        return resize(new Plane(w, h, plane), scale);
    }

    /** Resizes to {@code outW x outH}; the scale of each dimension is output / input size. */
    public static Plane resize(Plane in, int outW, int outH) {
        return resize(in, outW, outH, (double) outW / in.width(), (double) outH / in.height());
    }

    /** Same as {@link #resize(Plane, int, int)} on a raw row-major array of {@code w * h} values. */
    public static Plane resize(double[] plane, int w, int h, int outW, int outH) {
        return resize(new Plane(w, h, plane), outW, outH);
    }

    private static Plane resize(Plane in, int outW, int outH, double scaleX, double scaleY) {
        if (outW <= 0 || outH <= 0) throw new IllegalArgumentException("output size must be positive: " + outW + "x" + outH);
        // MATLAB getResizeDimOrder: dimension 1 (rows, vertical) first if its scale is <= the other's.
        if (scaleY <= scaleX) {
            return resizeAlongX(resizeAlongY(in, outH, scaleY), outW, scaleX);
        }
        return resizeAlongY(resizeAlongX(in, outW, scaleX), outH, scaleY);
    }

    /**
     * Weights and 0-based input indices of MATLAB's contributions(): {@code weights[i][p]} multiplies
     * input sample {@code indices[i][p]} for output sample {@code i}.
     */
    public record Contributions(double[][] weights, int[][] indices) {}

    public static Contributions contributions(int inLength, int outLength, double scale, boolean antialias) {
        boolean widen = scale < 1 && antialias;
        double width = widen ? KERNEL_WIDTH / scale : KERNEL_WIDTH;
        int taps = (int) Math.ceil(width) + 2;
        double[][] weights = new double[outLength][taps];
        int[][] indices = new int[outLength][taps];
        for (int i = 0; i < outLength; i++) {
            double x = i + 1;                                   // 1-based output coordinate
            double u = x / scale + 0.5 * (1 - 1 / scale);       // its centre in 1-based input coordinates
            double left = Math.floor(u - width / 2);
            double sum = 0;
            for (int p = 0; p < taps; p++) {
                double j = left + p;                            // 1-based input index
                double d = u - j;
                double w = widen ? scale * cubic(scale * d) : cubic(d);
                weights[i][p] = w;
                sum += w;
                indices[i][p] = mirror((long) j, inLength);
            }
            for (int p = 0; p < taps; p++) weights[i][p] /= sum;
        }
        return new Contributions(weights, indices);
    }

    /**
     * 1-based index {@code j} mirrored into 0..n-1 as MATLAB does: aux = [1..n, n..1],
     * index = aux(mod(j - 1, 2n) + 1).
     */
    static int mirror(long j, int n) {
        long m = Math.floorMod(j - 1, 2L * n);      // 0 .. 2n-1
        return (int) (m < n ? m : 2L * n - 1 - m);  // 0-based
    }

    private static Plane resizeAlongX(Plane in, int outW, double scale) {
        int w = in.width(), h = in.height();
        Contributions c = contributions(w, outW, scale, true);
        double[] src = in.values(), dst = new double[outW * h];
        for (int y = 0; y < h; y++) {
            int row = y * w;
            for (int i = 0; i < outW; i++) {
                double[] wt = c.weights()[i];
                int[] ix = c.indices()[i];
                double acc = 0;
                for (int p = 0; p < wt.length; p++) acc += wt[p] * src[row + ix[p]];
                dst[y * outW + i] = acc;
            }
        }
        return new Plane(outW, h, dst);
    }

    private static Plane resizeAlongY(Plane in, int outH, double scale) {
        int w = in.width(), h = in.height();
        Contributions c = contributions(h, outH, scale, true);
        double[] src = in.values(), dst = new double[w * outH];
        for (int i = 0; i < outH; i++) {
            double[] wt = c.weights()[i];
            int[] ix = c.indices()[i];
            int out = i * w;
            for (int p = 0; p < wt.length; p++) {
                double wp = wt[p];
                int in0 = ix[p] * w;
                for (int x = 0; x < w; x++) dst[out + x] += wp * src[in0 + x];
            }
        }
        return new Plane(w, outH, dst);
    }
}
