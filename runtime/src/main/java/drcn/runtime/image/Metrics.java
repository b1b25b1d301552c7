package drcn.runtime.image;

/**
 * PSNR and SSIM as the super-resolution literature computes them on the Y channel: on planes of
 * uint8 values (doubles 0..255), after shaving {@code shave} pixels off every border.
 */
public final class Metrics {
    /** SSIM constants of Wang et al. 2004 ({@code ssim_index.m}): K1, K2, dynamic range L. */
    static final double K1 = 0.01, K2 = 0.03, L = 255;
    /** The 11-tap, sigma 1.5 Gaussian window (1-D factor of fspecial('gaussian', 11, 1.5)). */
    /** The side of SSIM's Gaussian window: the shaved planes must be at least this large. */
    public static final int SSIM_WINDOW = 11;
    static final double[] GAUSS = gaussian(SSIM_WINDOW, 1.5);

    private Metrics() {}

    /** PSNR = 10 log10(255^2 / MSE), MSE over the shaved planes; +Infinity for identical planes. */
    public static double psnr(Plane a, Plane b, int shave) {
        sameSize(a, b);
        double[] x = a.shave(shave).values(), y = b.shave(shave).values();
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            double d = x[i] - y[i];
            sum += d * d;
        }
        double mse = sum / x.length;
        return 10 * Math.log10(L * L / mse);
    }

    /**
     * Mean SSIM of Wang et al. 2004 ({@code ssim_index.m} with its defaults), on the shaved planes:
     *
     * <pre>
     *   mu = w * img, sigma^2 = w * img^2 - mu^2, sigma_xy = w * (x y) - mu_x mu_y
     *   (w: 11x11 Gaussian, sigma 1.5, normalised to sum 1; '*' = 'valid' filtering, no padding)
     *   SSIM map = (2 mu_x mu_y + C1)(2 sigma_xy + C2) / ((mu_x^2 + mu_y^2 + C1)(sigma_x^2 + sigma_y^2 + C2))
     *   C1 = (0.01 * 255)^2, C2 = (0.03 * 255)^2; the result is the mean of the map.
     * </pre>
     *
     * The 2-D window is the outer product of the 1-D one, so filtering is done in two 1-D passes.
     */
    public static double ssim(Plane a, Plane b, int shave) {
        sameSize(a, b);
        Plane x = a.shave(shave), y = b.shave(shave);
        int w = x.width(), h = x.height();
        if (w < GAUSS.length || h < GAUSS.length) {
            throw new IllegalArgumentException("SSIM needs at least 11x11 pixels after shaving, got " + w + "x" + h);
        }
        double[] xv = x.values(), yv = y.values();
        int n = xv.length;
        double[] xx = new double[n], yy = new double[n], xy = new double[n];
        for (int i = 0; i < n; i++) {
            xx[i] = xv[i] * xv[i];
            yy[i] = yv[i] * yv[i];
            xy[i] = xv[i] * yv[i];
        }
        double[] muX = filterValid(xv, w, h), muY = filterValid(yv, w, h);
        double[] sXX = filterValid(xx, w, h), sYY = filterValid(yy, w, h), sXY = filterValid(xy, w, h);
        double c1 = (K1 * L) * (K1 * L), c2 = (K2 * L) * (K2 * L);
        double sum = 0;
        for (int i = 0; i < muX.length; i++) {
            double mx = muX[i], my = muY[i];
            double mxx = mx * mx, myy = my * my, mxy = mx * my;
            double vx = sXX[i] - mxx, vy = sYY[i] - myy, cxy = sXY[i] - mxy;
            sum += ((2 * mxy + c1) * (2 * cxy + c2)) / ((mxx + myy + c1) * (vx + vy + c2));
        }
        return sum / muX.length;
    }

    /** PSNR and SSIM together. */
    public static Scores scores(Plane a, Plane b, int shave) {
        return new Scores(psnr(a, b, shave), ssim(a, b, shave));
    }

    /** A PSNR (dB) and SSIM pair. */
    public record Scores(double psnr, double ssim) {}

    /** Separable 'valid' correlation with {@link #GAUSS}: output (w - 10) x (h - 10). */
    private static double[] filterValid(double[] v, int w, int h) {
        int k = GAUSS.length, ow = w - k + 1, oh = h - k + 1;
        double[] rows = new double[ow * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < ow; x++) {
                double acc = 0;
                for (int t = 0; t < k; t++) acc += GAUSS[t] * v[y * w + x + t];
                rows[y * ow + x] = acc;
            }
        }
        double[] out = new double[ow * oh];
        for (int y = 0; y < oh; y++) {
            for (int t = 0; t < k; t++) {
                double g = GAUSS[t];
                int src = (y + t) * ow;
                for (int x = 0; x < ow; x++) out[y * ow + x] += g * rows[src + x];
            }
        }
        return out;
    }

    /**
     * 1-D Gaussian g(i) = exp(-i^2 / (2 sigma^2)), i = -(n-1)/2 .. (n-1)/2, normalised to sum 1.
     * Its outer product with itself is fspecial('gaussian', n, sigma) (whose cut-off below
     * eps * max never applies for n = 11, sigma = 1.5).
     */
    static double[] gaussian(int n, double sigma) {
        double[] g = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double d = i - (n - 1) / 2.0;
            g[i] = Math.exp(-d * d / (2 * sigma * sigma));
            sum += g[i];
        }
        for (int i = 0; i < n; i++) g[i] /= sum;
        return g;
    }

    private static void sameSize(Plane a, Plane b) {
        if (a.width() != b.width() || a.height() != b.height()) {
            throw new IllegalArgumentException("planes differ in size: " + a.width() + "x" + a.height()
                    + " vs " + b.width() + "x" + b.height());
        }
    }
}
