package drcn.runtime.image;

/**
 * The evaluation protocol of the SR literature ("pipeline S", as in the SRCNN / DRCN / VDSR code),
 * which makes the bicubic baseline reproduce the published tables (Set5 x3: 30.39 dB):
 *
 * <ol>
 *   <li>HR = modcrop(image, s);
 *   <li>Y = uint8(rgb2ycbcr(HR)) channel 1 (gray images: the gray values themselves);
 *   <li>LR = imresize(Y / 255, 1/s, 'bicubic') in double (antialiased);
 *   <li>bicubic input = imresize(LR, s, 'bicubic') in double (no clamping): the network input;
 *   <li>an output Y in [0,1] is scored as uint8(255 * Y) against the HR Y, with PSNR and SSIM on
 *   the planes shaved by s pixels on every side.
 * </ol>
 *
 * For an RGB result, Cb and Cr (uint8 of rgb2ycbcr, / 255) go through the same down- and
 * up-scaling and are recombined with the predicted Y by ycbcr2rgb, rounded and clamped to uint8.
 */
public final class BicubicPipeline {
    private BicubicPipeline() {}

    /**
     * Everything one test image gives for scale {@code s}.
     *
     * @param scale       the SR factor s
     * @param hr          the modcropped HR image (gray or RGB)
     * @param hrY8        HR Y as uint8 values (doubles 0..255): the target
     * @param lrY         LR Y in [0,1]-ish doubles (not clamped), (w/s) x (h/s)
     * @param bicubicY    LR Y upscaled back to HR size, doubles in about [0,1]: the network input
     * @param bicubicCb   Cb in [0,1] units through the same down/up-scaling (null for gray images)
     * @param bicubicCr   Cr likewise (null for gray images)
     */
    public record Sample(int scale, Image8 hr, Plane hrY8, Plane lrY, Plane bicubicY, Plane bicubicCb, Plane bicubicCr) {

        /** The network input as floats, row-major, HR size. */
        public float[] inputFloats() { return bicubicY.toFloats(); }

        /** The HR Y target in [0,1] as floats (uint8 Y / 255). */
        public float[] targetFloats() { return hrY8.times(1.0 / 255).toFloats(); }

        /** PSNR/SSIM of a predicted Y in [0,1] (HR size): uint8(255 * y) vs the HR Y, shave = scale. */
        public Metrics.Scores score(Plane predictedY) {
            return Metrics.scores(toY8(predictedY), hrY8, scale);
        }

        /** PSNR/SSIM of the bicubic baseline itself. */
        public Metrics.Scores bicubicScores() { return score(bicubicY); }

        /**
         * The image a person looks at: for RGB inputs, predicted Y with the bicubic Cb/Cr through
         * ycbcr2rgb (rounded, clamped); for gray inputs, uint8(255 * Y).
         */
        public Image8 toImage(Plane predictedY) {
            Plane y8 = predictedY.times(255);
            if (bicubicCb == null) return Image8.ofPlanes(y8.toUint8());
            return YCbCr.ycbcrToRgb8(y8, bicubicCb.times(255), bicubicCr.times(255));
        }

        private Plane toY8(Plane y) {
            if (y.width() != hrY8.width() || y.height() != hrY8.height()) {
                throw new IllegalArgumentException("predicted Y is " + y.width() + "x" + y.height()
                        + ", the HR image " + hrY8.width() + "x" + hrY8.height());
            }
            return y.times(255).toUint8();
        }
    }

    /** Runs steps 1-4 for one image (RGB or gray) and scale {@code s >= 2}. */
    public static Sample prepare(Image8 image, int scale) {
        if (scale < 2) throw new IllegalArgumentException("scale must be >= 2: " + scale);
        Image8 hr = image.modcrop(scale);
        if (hr.width() < scale || hr.height() < scale) {
            throw new IllegalArgumentException("image " + image.width() + "x" + image.height() + " is too small for scale " + scale);
        }
        Plane y8;
        Plane cb = null, cr = null;
        if (hr.isGray()) {
            y8 = hr.plane(0);
        } else {
            Image8 ycc = YCbCr.rgbToYcbcr8(hr);
            y8 = ycc.plane(0);
            cb = downUp(ycc.plane(1).times(1.0 / 255), scale)[1];
            cr = downUp(ycc.plane(2).times(1.0 / 255), scale)[1];
        }
        Plane[] lrUp = downUp(y8.times(1.0 / 255), scale);
        return new Sample(scale, hr, y8, lrUp[0], lrUp[1], cb, cr);
    }

    /** The bicubic baseline's PSNR/SSIM for one image. */
    public static Metrics.Scores bicubicScores(Image8 image, int scale) {
        return prepare(image, scale).bicubicScores();
    }

    /** {imresize(p, 1/s), imresize(that, s)}. */
    private static Plane[] downUp(Plane p, int scale) {
        Plane lr = Imresize.resize(p, 1.0 / scale);
        Plane up = Imresize.resize(lr, scale);
        if (up.width() != p.width() || up.height() != p.height()) {
            throw new IllegalStateException("down/up-scaling changed the size: " + p.width() + "x" + p.height()
                    + " -> " + up.width() + "x" + up.height());
        }
        return new Plane[] {lr, up};
    }
}
