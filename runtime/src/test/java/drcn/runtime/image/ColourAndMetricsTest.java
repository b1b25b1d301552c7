package drcn.runtime.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

class ColourAndMetricsTest {
    static Image8 randomRgb(int w, int h, long seed) {
        byte[] s = new byte[w * h * 3];
        new Random(seed).nextBytes(s);
        return new Image8(w, h, 3, s);
    }

    @Test
    void knownColours() {
        Image8 img = new Image8(4, 1, 3, new byte[] {0, 0, 0, (byte) 255, (byte) 255, (byte) 255, (byte) 255, 0, 0, 0, 0, (byte) 255});
        Plane[] ycc = YCbCr.rgbToYcbcr(img);
        // black -> (16, 128, 128); white -> (16 + 219, 128, 128) since 65.481 + 128.553 + 24.966 = 219
        assertEquals(16, ycc[0].values()[0], 1e-12);
        assertEquals(128, ycc[1].values()[0], 1e-12);
        assertEquals(235, ycc[0].values()[1], 1e-12);
        assertEquals(128, ycc[2].values()[1], 1e-12);
        // pure red: Y = 16 + 65.481, Cb = 128 - 37.797, Cr = 128 + 112 = 240
        assertEquals(81.481, ycc[0].values()[2], 1e-12);
        assertEquals(90.203, ycc[1].values()[2], 1e-12);
        assertEquals(240, ycc[2].values()[2], 1e-12);
        // pure blue: Cb = 240
        assertEquals(240, ycc[1].values()[3], 1e-12);
        Image8 y8 = YCbCr.rgbToYcbcr8(img);
        assertEquals(81, y8.get(2, 0, 0));    // uint8(81.481)
        assertEquals(90, y8.get(2, 0, 1));    // uint8(90.203)
    }

    @Test
    void inverseMatrixIsTheInverse() {
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double s = 0;
                for (int k = 0; k < 3; k++) s += YCbCr.T[i][k] * YCbCr.T_INV[k][j];
                assertEquals(i == j ? 1 : 0, s, 1e-14);
            }
        }
    }

    @Test
    void ycbcrRoundTrip() {
        Image8 rgb = randomRgb(64, 64, 7);
        // In double the round trip is exact after rounding.
        Plane[] ycc = YCbCr.rgbToYcbcr(rgb);
        assertEquals(rgb, YCbCr.ycbcrToRgb8(ycc[0], ycc[1], ycc[2]));
        // Through uint8 YCbCr (MATLAB's rgb2ycbcr on uint8) the error is a few levels at most:
        // a half-level error in Y, Cb, Cr moves R, G, B by up to 255/2 * (|Tinv row| sums).
        Image8 y8 = YCbCr.rgbToYcbcr8(rgb);
        Image8 back = YCbCr.ycbcrToRgb8(y8.plane(0), y8.plane(1), y8.plane(2));
        int worst = 0;
        for (int i = 0; i < rgb.samples().length; i++) worst = Math.max(worst, Math.abs((rgb.samples()[i] & 0xFF) - (back.samples()[i] & 0xFF)));
        assertTrue(worst <= 3, "uint8 round trip off by " + worst);
        // Gray images: Y is the gray value itself.
        Image8 gray = new Image8(3, 2, 1, new byte[] {0, 1, 2, 100, (byte) 200, (byte) 255});
        assertEquals(255, YCbCr.luma8(gray).values()[5]);
    }

    @Test
    void uint8ConversionIsMatlabs() {
        assertEquals(0, Plane.uint8(-3.2));
        assertEquals(0, Plane.uint8(Double.NaN));
        assertEquals(3, Plane.uint8(2.5));      // half away from zero
        assertEquals(2, Plane.uint8(2.4999999));
        assertEquals(255, Plane.uint8(254.5));
        assertEquals(255, Plane.uint8(1e9));
    }

    @Test
    void psnrAndSsimByHand() {
        Plane a = new Plane(20, 20), b = new Plane(20, 20);
        for (int i = 0; i < 400; i++) {
            a.values()[i] = (i * 37) % 256;
            b.values()[i] = a.values()[i] + (i % 2 == 0 ? 1 : -1);
        }
        // MSE = 1 -> PSNR = 10 log10(255^2) = 48.1308...
        assertEquals(20 * Math.log10(255), Metrics.psnr(a, b, 2), 1e-12);
        // Shave: only the border differs -> identical interior.
        Plane c = new Plane(20, 20, a.values().clone());
        c.values()[0] = 0;
        c.values()[399] = 0;
        assertEquals(Double.POSITIVE_INFINITY, Metrics.psnr(a, c, 1));
        assertEquals(1.0, Metrics.ssim(a, a, 0), 1e-12);
        assertTrue(Metrics.ssim(a, b, 0) < 1);
        // Constant images differing by d: sigma = 0, SSIM = (2 mu1 mu2 + C1) / (mu1^2 + mu2^2 + C1).
        Plane k1 = new Plane(15, 15), k2 = new Plane(15, 15);
        java.util.Arrays.fill(k1.values(), 100);
        java.util.Arrays.fill(k2.values(), 110);
        double c1 = Math.pow(0.01 * 255, 2);
        assertEquals((2 * 100 * 110 + c1) / (100 * 100 + 110 * 110 + c1), Metrics.ssim(k1, k2, 2), 1e-9);
        // Window: sums to 1, symmetric, centre exp(0) / sum.
        double s = 0;
        for (double g : Metrics.GAUSS) s += g;
        assertEquals(1, s, 1e-15);
        assertEquals(Metrics.GAUSS[0], Metrics.GAUSS[10], 0);
    }

    @Test
    void pipelineGivesTheModelItsPieces() {
        Image8 hr = randomRgb(50, 37, 3);
        BicubicPipeline.Sample s = BicubicPipeline.prepare(hr, 3);
        assertEquals(48, s.hr().width());           // modcrop
        assertEquals(36, s.hr().height());
        assertEquals(16, s.lrY().width());
        assertEquals(12, s.lrY().height());
        assertEquals(48 * 36, s.inputFloats().length);
        assertEquals(48 * 36, s.targetFloats().length);
        // Predicting the HR Y exactly scores +Infinity dB / SSIM 1, and with the bicubic Cb/Cr gives RGB.
        Plane perfect = s.hrY8().times(1.0 / 255);
        assertEquals(Double.POSITIVE_INFINITY, s.score(perfect).psnr());
        assertEquals(1.0, s.score(perfect).ssim(), 1e-12);
        Image8 out = s.toImage(perfect);
        assertEquals(3, out.channels());
        assertEquals(48, out.width());
        // The recombined image has the HR luma within rounding.
        Plane yBack = YCbCr.luma8(out);
        assertTrue(Metrics.psnr(yBack, s.hrY8(), 0) > 40, "luma of the recombined image");

        Image8 gray = new Image8(30, 30, 1);
        for (int i = 0; i < 900; i++) gray.samples()[i] = (byte) (i % 30 * 8);
        BicubicPipeline.Sample g = BicubicPipeline.prepare(gray, 2);
        assertNull(g.bicubicCb());
        Image8 gOut = g.toImage(g.bicubicY());
        assertEquals(1, gOut.channels());
        assertEquals(g.score(g.bicubicY()), g.bicubicScores());
    }
}
