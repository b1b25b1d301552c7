package drcn.runtime.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The DRCN forward pass and loss as plain double-precision loops: obviously correct, slow, and
 * the yardstick for the PyTorch parity data and for the product's kernels (finite differences of
 * its loss check every gradient). Main code rather than test code so that {@code drcn selftest}
 * can run the same check on a machine that has only the jars.
 * Layouts as everywhere in the project: NCHW, conv weights [Cout][Cin][3][3], zero padding 1.
 */
public final class DrcnDoubleReference {
    private DrcnDoubleReference() {}

    /** Everything the forward pass produces; arrays are NCHW, indexed [d] for per-recursion ones. */
    public record Forward(double[] h0, double[][] h, double[][] predictions, double[] output) {}

    public record Loss(double total, double l1, double l2, double decay) {}

    /** Parameters as doubles, by name ({@link DrcnParameters#NAMES}); {@code filters} is F, {@code recursions} D. */
    public record Params(Map<String, double[]> values, int filters, int recursions) {
        public double[] get(String name) { return values.get(name); }

        /** A deep copy, so finite differences can nudge one entry without touching the original. */
        public Params copy() {
            Map<String, double[]> m = new LinkedHashMap<>();
            values.forEach((k, v) -> m.put(k, v.clone()));
            return new Params(m, filters, recursions);
        }

        public static Params fromFile(Safetensors.Contents c, int filters, int recursions) {
            Map<String, double[]> m = new LinkedHashMap<>();
            for (String name : DrcnParameters.NAMES) m.put(name, toDouble(c.require(name).data()));
            return new Params(m, filters, recursions);
        }

        public static Params of(DrcnParameters p) {
            Map<String, double[]> m = new LinkedHashMap<>();
            for (String name : DrcnParameters.NAMES) m.put(name, toDouble(p.get(name)));
            return new Params(m, p.config().filters(), p.config().recursions());
        }
    }

    public static Forward forward(Params p, double[] x, int n, int height, int width) {
        int f = p.filters(), depth = p.recursions();
        double[] e1 = relu(conv3x3(x, n, 1, height, width, p.get("embed1.weight"), p.get("embed1.bias"), f));
        double[] h0 = relu(conv3x3(e1, n, f, height, width, p.get("embed2.weight"), p.get("embed2.bias"), f));
        double[][] h = new double[depth][];
        double[][] pred = new double[depth][];
        double[] state = h0;
        for (int d = 0; d < depth; d++) {  // the same infer conv every time
            state = relu(conv3x3(state, n, f, height, width, p.get("infer.weight"), p.get("infer.bias"), f));
            h[d] = state;
        }
        double[] ens = p.get("ensemble.weight");
        double[] out = new double[x.length];
        for (int d = 0; d < depth; d++) {  // the same reconstruction net for every state
            double[] r = relu(conv3x3(h[d], n, f, height, width, p.get("recon1.weight"), p.get("recon1.bias"), f));
            double[] y = conv3x3(r, n, f, height, width, p.get("recon2.weight"), p.get("recon2.bias"), 1);
            for (int i = 0; i < y.length; i++) y[i] += x[i];  // skip connection
            pred[d] = y;
            for (int i = 0; i < y.length; i++) out[i] += ens[d] * y[i];
        }
        return new Forward(h0, h, pred, out);
    }

    /** L = a*l1 + (1-a)*l2 + b*||W||^2, with l1 the mean of the per-recursion MSEs. */
    public static Loss loss(Params p, double[] x, double[] target, int n, int height, int width, double a, double b) {
        Forward fw = forward(p, x, n, height, width);
        double l1 = 0;
        for (double[] pred : fw.predictions()) l1 += mse(pred, target);
        l1 /= p.recursions();
        double l2 = mse(fw.output(), target);
        double decay = 0;
        for (String name : DrcnParameters.CONV_WEIGHTS) for (double w : p.get(name)) decay += w * w;
        return new Loss(a * l1 + (1 - a) * l2 + b * decay, l1, l2, decay);
    }

    /**
     * dL/dparam for every parameter by central differences of {@link #loss} with step {@code step}:
     * every entry, two loss evaluations each, so only for tiny networks.
     */
    public static Map<String, double[]> finiteDifferenceGradients(Params p, double[] x, double[] target, int n, int height,
                                                                  int width, double a, double b, double step) {
        Map<String, double[]> gradients = new LinkedHashMap<>();
        for (String name : DrcnParameters.NAMES) {
            double[] g = new double[p.get(name).length];
            for (int i = 0; i < g.length; i++) {
                Params plus = p.copy(), minus = p.copy();
                plus.get(name)[i] += step;
                minus.get(name)[i] -= step;
                g[i] = (loss(plus, x, target, n, height, width, a, b).total()
                        - loss(minus, x, target, n, height, width, a, b).total()) / (2 * step);
            }
            gradients.put(name, g);
        }
        return gradients;
    }

    /** 3x3 convolution, zero padding 1, stride 1: out[n][co][y][x] = bias[co] + sum w[co][ci][ky][kx] * in[n][ci][y+ky-1][x+kx-1]. */
    public static double[] conv3x3(double[] in, int n, int cin, int height, int width, double[] w, double[] bias, int cout) {
        double[] out = new double[n * cout * height * width];
        for (int b = 0; b < n; b++)
            for (int co = 0; co < cout; co++)
                for (int y = 0; y < height; y++)
                    for (int x = 0; x < width; x++) {
                        double s = bias[co];
                        for (int ci = 0; ci < cin; ci++)
                            for (int ky = 0; ky < 3; ky++) {
                                int iy = y + ky - 1;
                                if (iy < 0 || iy >= height) continue;
                                for (int kx = 0; kx < 3; kx++) {
                                    int ix = x + kx - 1;
                                    if (ix < 0 || ix >= width) continue;
                                    s += w[((co * cin + ci) * 3 + ky) * 3 + kx] * in[((b * cin + ci) * height + iy) * width + ix];
                                }
                            }
                        out[((b * cout + co) * height + y) * width + x] = s;
                    }
        return out;
    }

    public static double[] relu(double[] v) {
        for (int i = 0; i < v.length; i++) v[i] = Math.max(0, v[i]);
        return v;
    }

    /** Mean squared error over all elements, as torch.nn.functional.mse_loss. */
    public static double mse(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += (a[i] - b[i]) * (a[i] - b[i]);
        return s / a.length;
    }

    public static double[] toDouble(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) d[i] = v[i];
        return d;
    }
}
