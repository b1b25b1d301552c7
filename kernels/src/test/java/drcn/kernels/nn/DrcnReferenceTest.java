package drcn.kernels.nn;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static drcn.kernels.nn.Check.*;
import static drcn.kernels.nn.DrcnReference.*;

/**
 * The whole reference training step (the schedule of reference twins) against central finite
 * differences of the DRCN loss computed in double precision from its definition: checks every
 * parameter gradient, including the shared inference weights summed over D recursions, the shared
 * reconstruction net, the skip, the ensemble and the weight decay.
 */
class DrcnReferenceTest {

    static double[] conv(double[] in, double[] p, int wOff, int bOff, int batch, int inC, int outC, int h, int w, boolean relu) {
        double[] weights = java.util.Arrays.copyOfRange(p, wOff, wOff + outC * inC * 9);
        double[] bias = java.util.Arrays.copyOfRange(p, bOff, bOff + outC);
        double[] out = ConvolutionTest.convForwardDouble(in, weights, bias, batch, inC, outC, h, w);
        if (relu) for (int i = 0; i < out.length; i++) out[i] = Math.max(out[i], 0);
        return out;
    }

    /** The DRCN loss from its definition, in double (test code only). */
    static double lossDouble(double[] p, double[] x, double[] y, int n, int f, int depth, int h, int w, double a, double b) {
        int[] o = offsets(f, depth);
        int size = n * h * w;
        double[] state = conv(conv(x, p, o[EMBED1_W], o[EMBED1_B], n, 1, f, h, w, true), p, o[EMBED2_W], o[EMBED2_B], n, f, f, h, w, true);
        double l1 = 0;
        double[] out = new double[size];
        for (int d = 1; d <= depth; d++) {
            state = conv(state, p, o[INFER_W], o[INFER_B], n, f, f, h, w, true);
            double[] r = conv(conv(state, p, o[RECON1_W], o[RECON1_B], n, f, f, h, w, true), p, o[RECON2_W], o[RECON2_B], n, f, 1, h, w, false);
            for (int i = 0; i < size; i++) {
                double pred = r[i] + x[i];
                l1 += (pred - y[i]) * (pred - y[i]) / size / depth;
                out[i] += p[o[ENSEMBLE] + d - 1] * pred;
            }
        }
        double l2 = 0;
        for (int i = 0; i < size; i++) l2 += (out[i] - y[i]) * (out[i] - y[i]) / size;
        double norm = 0;
        for (int t : CONV_WEIGHTS) for (int i = o[t]; i < o[t + 1]; i++) norm += p[i] * p[i];
        return a * l1 + (1 - a) * l2 + b * norm;
    }

    @Test
    void stepGradientsMatchFiniteDifferences() {
        Random random = freshRandom("DRCN reference step");
        int n = 2, f = 3, depth = 3, h = 4, w = 5;
        float a = 0.4f, b = 0.01f;
        int[] o = offsets(f, depth);
        float[] params = new float[o[TENSORS]];
        for (int i = 0; i < params.length; i++) params[i] = (random.nextFloat() * 2 - 1) * 0.6f;
        for (int i = o[ENSEMBLE]; i < o[ENSEMBLE + 1]; i++) params[i] = 1f / depth + 0.1f * random.nextFloat();
        float[] x = new float[n * h * w], y = new float[n * h * w];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextFloat();
            y[i] = x[i] + 0.1f * (random.nextFloat() - 0.5f);
        }
        float[] grads0 = random(random, params.length);     // parameter gradients accumulate
        float[] grads = grads0.clone();
        float loss = step(params, grads, x, y, null, n, f, depth, h, w, a, b);
        for (int i = 0; i < grads.length; i++) grads[i] -= grads0[i];

        double[] p = toDouble(params), xd = toDouble(x), yd = toDouble(y);
        double exact = lossDouble(p, xd, yd, n, f, depth, h, w, a, b);
        close("loss vs double", new double[]{exact}, new float[]{loss}, 1e-7, 1e-5, 1e-5);

        double eps = 1e-6;
        double[] fd = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            double keep = p[i];
            p[i] = keep + eps;
            double plus = lossDouble(p, xd, yd, n, f, depth, h, w, a, b);
            p[i] = keep - eps;
            fd[i] = (plus - lossDouble(p, xd, yd, n, f, depth, h, w, a, b)) / (2 * eps);
            p[i] = keep;
        }
        String[] names = {"embed1.weight", "embed1.bias", "embed2.weight", "embed2.bias", "infer.weight", "infer.bias",
                "recon1.weight", "recon1.bias", "recon2.weight", "recon2.bias", "ensemble"};
        for (int t = 0; t < TENSORS; t++) {
            close("d" + names[t] + " vs finite differences", java.util.Arrays.copyOfRange(fd, o[t], o[t + 1]),
                    java.util.Arrays.copyOfRange(grads, o[t], o[t + 1]), 1e-5, 1e-3, OTHER_ORDER);
        }
    }
}
