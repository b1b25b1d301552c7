package drcn.runtime.image;

/**
 * RGB {@literal <->} YCbCr as MATLAB's {@code rgb2ycbcr} / {@code ycbcr2rgb} (ITU-R BT.601, studio swing:
 * Y in [16, 235], Cb and Cr in [16, 240]), in double precision, on values in uint8 units (0..255).
 *
 * <pre>
 *   [Y ]   [ 16]         [ 65.481  128.553   24.966] [R]
 *   [Cb] = [128] + 1/255 [-37.797  -74.203  112.000] [G]      R, G, B in [0, 255]
 *   [Cr]   [128]         [112.000  -93.786  -18.214] [B]
 *
 *   [R G B]' = 255 * T^-1 * ([Y Cb Cr]' - [16 128 128]')       (T = the matrix above)
 * </pre>
 *
 * MATLAB on uint8 input computes this in double and converts with {@code uint8()} (round half away
 * from zero, saturate): {@link #rgbToYcbcr8} does that; {@link #rgbToYcbcr} keeps the doubles.
 */
public final class YCbCr {
    /** MATLAB's matrix T (rows Y, Cb, Cr; columns R, G, B), mapping RGB in [0,1] to YCbCr in uint8 units. */
    static final double[][] T = {
            {65.481, 128.553, 24.966},
            {-37.797, -74.203, 112.0},
            {112.0, -93.786, -18.214}};
    static final double[] OFFSET = {16, 128, 128};
    /** T^-1, computed once by the adjugate formula in double. */
    static final double[][] T_INV = invert(T);

    private YCbCr() {}

    /** Y, Cb, Cr planes (doubles, uint8 units, not rounded) of a 3-channel image. */
    public static Plane[] rgbToYcbcr(Image8 rgb) {
        requireRgb(rgb);
        int n = rgb.width() * rgb.height();
        byte[] s = rgb.samples();
        double[][] out = new double[3][n];
        for (int i = 0; i < n; i++) {
            double r = s[3 * i] & 0xFF, g = s[3 * i + 1] & 0xFF, b = s[3 * i + 2] & 0xFF;
            for (int p = 0; p < 3; p++) {
                // As MATLAB's imlincomb: (T(p,1)/255)*R + (T(p,2)/255)*G + (T(p,3)/255)*B + offset(p).
                out[p][i] = T[p][0] / 255 * r + T[p][1] / 255 * g + T[p][2] / 255 * b + OFFSET[p];
            }
        }
        return new Plane[] {
                new Plane(rgb.width(), rgb.height(), out[0]),
                new Plane(rgb.width(), rgb.height(), out[1]),
                new Plane(rgb.width(), rgb.height(), out[2])};
    }

    /** MATLAB {@code rgb2ycbcr(uint8 rgb)}: the YCbCr image as uint8 (rounded, saturated). */
    public static Image8 rgbToYcbcr8(Image8 rgb) {
        Plane[] p = rgbToYcbcr(rgb);
        return Image8.ofPlanes(p[0].toUint8(), p[1].toUint8(), p[2].toUint8());
    }

    /** The uint8 Y of MATLAB's {@code rgb2ycbcr} for RGB images; the gray values themselves for gray ones. */
    public static Plane luma8(Image8 image) {
        return image.isGray() ? image.plane(0) : rgbToYcbcr(image)[0].toUint8();
    }

    /**
     * MATLAB {@code ycbcr2rgb} followed by {@code uint8()}: planes in uint8 units (doubles, any
     * values) to an RGB image, each sample rounded half away from zero and clamped to [0, 255].
     */
    public static Image8 ycbcrToRgb8(Plane y, Plane cb, Plane cr) {
        int w = y.width(), h = y.height();
        if (cb.width() != w || cr.width() != w || cb.height() != h || cr.height() != h) {
            throw new IllegalArgumentException("Y, Cb, Cr planes differ in size");
        }
        double[] yv = y.values(), cbv = cb.values(), crv = cr.values();
        Image8 out = new Image8(w, h, 3);
        byte[] s = out.samples();
        for (int i = 0; i < yv.length; i++) {
            double dy = yv[i] - OFFSET[0], dcb = cbv[i] - OFFSET[1], dcr = crv[i] - OFFSET[2];
            for (int p = 0; p < 3; p++) {
                double v = 255 * (T_INV[p][0] * dy + T_INV[p][1] * dcb + T_INV[p][2] * dcr);
                s[3 * i + p] = (byte) Plane.uint8(v);
            }
        }
        return out;
    }

    /** Inverse of a 3x3 matrix: adjugate / determinant. */
    static double[][] invert(double[][] m) {
        double a = m[0][0], b = m[0][1], c = m[0][2];
        double d = m[1][0], e = m[1][1], f = m[1][2];
        double g = m[2][0], h = m[2][1], k = m[2][2];
        double det = a * (e * k - f * h) - b * (d * k - f * g) + c * (d * h - e * g);
        return new double[][] {
                {(e * k - f * h) / det, (c * h - b * k) / det, (b * f - c * e) / det},
                {(f * g - d * k) / det, (a * k - c * g) / det, (c * d - a * f) / det},
                {(d * h - e * g) / det, (b * g - a * h) / det, (a * e - b * d) / det}};
    }

    private static void requireRgb(Image8 img) {
        if (img.channels() != 3) throw new IllegalArgumentException("expected an RGB image, got " + img);
    }
}
