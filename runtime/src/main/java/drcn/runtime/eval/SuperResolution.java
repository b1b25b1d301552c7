package drcn.runtime.eval;

import drcn.runtime.image.Image8;
import drcn.runtime.image.Imresize;
import drcn.runtime.image.Plane;
import drcn.runtime.image.YCbCr;

/**
 * Upscaling a low-resolution image the way the evaluation protocol treats its LR images: Y, Cb, Cr
 * as uint8 of rgb2ycbcr (BT.601) divided by 255, each bicubic-upscaled by {@code imresize} (no
 * clamping); DRCN refines Y only; Cb and Cr stay bicubic; ycbcr2rgb, rounded and clamped, gives the
 * RGB result. A gray image is its own Y and stays gray.
 */
public final class SuperResolution {
    private SuperResolution() {}

    /** The bicubic-upscaled planes in [0,1] units; cb and cr are null for a gray image. */
    public record Planes(Plane y, Plane cb, Plane cr) {
        public int width() { return y.width(); }
        public int height() { return y.height(); }

        /** The image of these planes with {@code newY} (in [0,1]) as its luma. */
        public Image8 toImage(Plane newY) {
            Plane y8 = newY.times(255);
            if (cb == null) return Image8.ofPlanes(y8.toUint8());
            return YCbCr.ycbcrToRgb8(y8, cb.times(255), cr.times(255));
        }

        /** The plain bicubic result. */
        public Image8 bicubicImage() { return toImage(y); }
    }

    /** Bicubic upscaling of every plane of {@code lr} by {@code scale}. */
    public static Planes bicubic(Image8 lr, int scale) {
        if (lr.isGray()) return new Planes(up(lr.plane(0), scale), null, null);
        Image8 ycc = YCbCr.rgbToYcbcr8(lr);
        return new Planes(up(ycc.plane(0), scale), up(ycc.plane(1), scale), up(ycc.plane(2), scale));
    }

    private static Plane up(Plane uint8, int scale) {
        return Imresize.resize(uint8.times(1.0 / 255), scale);
    }

    /** Bicubic, then DRCN on Y: the result image (gray stays gray). */
    public static Image8 upscale(Image8 lr, int scale, Upscaler upscaler) {
        return upscale(lr, scale, upscaler, false);
    }

    /** As {@link #upscale(Image8, int, Upscaler)}, with the geometric self-ensemble when asked ({@link SelfEnsemble}). */
    public static Image8 upscale(Image8 lr, int scale, Upscaler upscaler, boolean selfEnsemble) {
        Planes p = bicubic(lr, scale);
        return p.toImage(refine(p.y(), upscaler, selfEnsemble));
    }

    /** DRCN's ensemble output for a bicubic-upscaled Y plane. */
    public static Plane refine(Plane bicubicY, Upscaler upscaler) {
        return refine(bicubicY, upscaler, false);
    }

    /** DRCN's ensemble output for a bicubic-upscaled Y plane; with {@code selfEnsemble}, the mean over its 8 orientations. */
    public static Plane refine(Plane bicubicY, Upscaler upscaler, boolean selfEnsemble) {
        float[] in = bicubicY.toFloats();
        float[] out = selfEnsemble ? SelfEnsemble.run(upscaler, in, bicubicY.width(), bicubicY.height())
                : upscaler.run(in, bicubicY.width(), bicubicY.height(), false).output();
        return Plane.ofFloats(bicubicY.width(), bicubicY.height(), out);
    }

    /** {@code left | right}, side by side (gray only when both are gray). */
    public static Image8 sideBySide(Image8 left, Image8 right) {
        int channels = left.isGray() && right.isGray() ? 1 : 3;
        int w = left.width() + right.width(), h = Math.max(left.height(), right.height());
        Image8 out = new Image8(w, h, channels);
        paste(left, out, 0);
        paste(right, out, left.width());
        return out;
    }

    private static void paste(Image8 from, Image8 to, int x0) {
        for (int y = 0; y < from.height(); y++) {
            for (int x = 0; x < from.width(); x++) {
                for (int c = 0; c < to.channels(); c++) {
                    to.set(x0 + x, y, c, from.get(x, y, from.isGray() ? 0 : c));
                }
            }
        }
    }
}
