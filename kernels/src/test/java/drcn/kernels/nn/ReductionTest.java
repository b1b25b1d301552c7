package drcn.kernels.nn;

import drcn.tornado.api.types.arrays.FloatArray;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static drcn.kernels.nn.Check.*;

/** The two-pass reductions and everything built on them: loss values, ensemble backward, ||W||^2. */
class ReductionTest {
    private static final int G = Reduction.GROUP_SIZE;

    private static float[] sumRows(float[] partials, int rows, int groups, float scale, float[] initial, int accumulate) {
        FloatArray pA = FloatArray.fromArray(partials), rA = FloatArray.fromArray(initial);
        KernelCall.groups(rows * G, 1, 1, G, 1, 1, c -> Reduction.sumPartials(c, pA, rA, groups, rows, scale, accumulate, 0));
        return rA.toHeapArray();
    }

    @ParameterizedTest(name = "size {0}, rows {1}, groups {2}")
    @CsvSource({"1000, 3, 3", "77, 1, 2", "5000, 2, 1", "600, 1, 300"})
    void sumOfSquares(int size, int rows, int groups) {
        Random random = freshRandom("sumOfSquares");
        float[] x = random(random, rows * size);
        float[] ref = new float[rows * groups];
        Reduction.sumOfSquaresPartialsReference(x, ref, size, rows, groups);
        FloatArray xA = FloatArray.fromArray(x), pA = new FloatArray(rows * groups);
        KernelCall.groups(groups * G, rows, 1, G, 1, 1, c -> Reduction.sumOfSquaresPartials(c, xA, pA, size, groups));
        close("sumOfSquaresPartials", ref, pA.toHeapArray(), OTHER_ORDER);

        float[] initial = random(random, rows);
        for (int accumulate = 0; accumulate <= 1; accumulate++) {
            float[] refRows = initial.clone();
            Reduction.sumPartialsReference(ref, refRows, groups, rows, 0.5f, accumulate, 0);
            close("sumPartials accumulate " + accumulate, refRows, sumRows(pA.toHeapArray(), rows, groups, 0.5f, initial, accumulate), OTHER_ORDER);
        }
        // the whole pipeline against a double-precision sum
        double[] exact = new double[rows];
        for (int r = 0; r < rows; r++) for (int i = 0; i < size; i++) exact[r] += 0.5 * x[r * size + i] * x[r * size + i];
        close("sum of squares vs double", exact, sumRows(pA.toHeapArray(), rows, groups, 0.5f, new float[rows], 0), 1e-6, 1e-5, OTHER_ORDER);
    }

    @Test
    void lossValues() {
        Random random = freshRandom("loss values");
        int depth = 4, size = 2 * 9 * 11, groups = 2, weightCount = 300;
        float a = 0.6f, b = 1e-4f;
        float[] pred = random(random, depth * size), out = random(random, size), y = random(random, size), w = random(random, weightCount);

        FloatArray predA = FloatArray.fromArray(pred), outA = FloatArray.fromArray(out), yA = FloatArray.fromArray(y), wA = FloatArray.fromArray(w);
        FloatArray partials = new FloatArray(depth * groups);
        FloatArray terms = new FloatArray(depth + 2), loss = new FloatArray(1);
        float[] refPartials = new float[depth * groups];
        KernelCall.groups(groups * G, depth, 1, G, 1, 1, c -> Loss.squaredErrorPartials(c, predA, yA, partials, size, groups));
        Loss.squaredErrorPartialsReference(pred, y, refPartials, size, depth, groups);
        close("squaredErrorPartials", refPartials, partials.toHeapArray(), OTHER_ORDER);

        // the schedule a runtime would launch: D MSEs, the ensemble MSE, ||W||^2 (two tensors, accumulated), the total
        // every sum lands at its place in the one terms buffer through sumPartials' resultOffset
        KernelCall.groups(depth * G, 1, 1, G, 1, 1, c -> Reduction.sumPartials(c, partials, terms, groups, depth, 1f / size, 0, 0));
        KernelCall.groups(groups * G, 1, 1, G, 1, 1, c -> Loss.squaredErrorPartials(c, outA, yA, partials, size, groups));
        KernelCall.groups(G, 1, 1, G, 1, 1, c -> Reduction.sumPartials(c, partials, terms, groups, 1, 1f / size, 0, depth));
        FloatArray w1 = FloatArray.fromArray(java.util.Arrays.copyOfRange(w, 0, 100)), w2 = FloatArray.fromArray(java.util.Arrays.copyOfRange(w, 100, weightCount));
        KernelCall.groups(groups * G, 1, 1, G, 1, 1, c -> Reduction.sumOfSquaresPartials(c, w1, partials, 100, groups));
        KernelCall.groups(G, 1, 1, G, 1, 1, c -> Reduction.sumPartials(c, partials, terms, groups, 1, 1f, 0, depth + 1));
        KernelCall.groups(groups * G, 1, 1, G, 1, 1, c -> Reduction.sumOfSquaresPartials(c, w2, partials, weightCount - 100, groups));
        KernelCall.groups(G, 1, 1, G, 1, 1, c -> Reduction.sumPartials(c, partials, terms, groups, 1, 1f, 1, depth + 1));
        KernelCall.items(4, c -> Loss.lossTotal(c, terms, loss, depth, a, b));

        double[] exactTerms = new double[depth + 2];
        for (int d = 0; d < depth; d++) {
            for (int i = 0; i < size; i++) exactTerms[d] += sq(pred[d * size + i] - (double) y[i]) / size;
        }
        for (int i = 0; i < size; i++) exactTerms[depth] += sq(out[i] - (double) y[i]) / size;
        for (float v : w) exactTerms[depth + 1] += sq(v);
        close("loss terms vs double", exactTerms, terms.toHeapArray(), 1e-6, 1e-5, OTHER_ORDER);
        float[] refLoss = new float[1];
        Loss.lossTotalReference(terms.toHeapArray(), refLoss, depth, a, b);
        close("lossTotal", refLoss, loss.toHeapArray(), SAME_ORDER);
        close("loss vs double", new double[]{lossDouble(toDouble(pred), toDouble(out), toDouble(y), toDouble(w), depth, size, a, b)},
                loss.toHeapArray(), 1e-6, 1e-5, OTHER_ORDER);
    }

    static double sq(double v) {
        return v * v;
    }

    /** L = a (1/D) sum_d mean((pred_d - y)^2) + (1 - a) mean((out - y)^2) + b ||W||^2, in double (test code only). */
    static double lossDouble(double[] pred, double[] out, double[] y, double[] w, int depth, int size, double a, double b) {
        double l1 = 0, l2 = 0, norm = 0;
        for (int d = 0; d < depth; d++) for (int i = 0; i < size; i++) l1 += sq(pred[d * size + i] - y[i]);
        for (int i = 0; i < size; i++) l2 += sq(out[i] - y[i]);
        for (double v : w) norm += v * v;
        return a * l1 / depth / size + (1 - a) * l2 / size + b * norm;
    }

    @Test
    void lossGradientReferencesMatchFiniteDifferences() {
        Random random = freshRandom("loss finite differences");
        int depth = 3, size = 20, weightCount = 15;
        float a = 0.3f, b = 0.05f;
        float[] pred = random(random, depth * size), out = random(random, size), y = random(random, size), w = random(random, weightCount);
        float[] dPred = new float[depth * size], dOut = new float[size], dW = new float[weightCount];
        Loss.squaredErrorGradientReference(pred, y, dPred, size, depth, a, 0);
        Loss.squaredErrorGradientReference(out, y, dOut, size, 1, 1 - a, 0);
        Loss.weightDecayGradientReference(w, dW, weightCount, b);
        double[] p = toDouble(pred), o = toDouble(out), yy = toDouble(y), ww = toDouble(w);
        double eps = 1e-4;
        double[] fdPred = new double[p.length], fdOut = new double[o.length], fdW = new double[ww.length];
        for (int i = 0; i < p.length; i++) {
            double keep = p[i];
            p[i] = keep + eps;
            double plus = lossDouble(p, o, yy, ww, depth, size, a, b);
            p[i] = keep - eps;
            fdPred[i] = (plus - lossDouble(p, o, yy, ww, depth, size, a, b)) / (2 * eps);
            p[i] = keep;
        }
        for (int i = 0; i < o.length; i++) {
            double keep = o[i];
            o[i] = keep + eps;
            double plus = lossDouble(p, o, yy, ww, depth, size, a, b);
            o[i] = keep - eps;
            fdOut[i] = (plus - lossDouble(p, o, yy, ww, depth, size, a, b)) / (2 * eps);
            o[i] = keep;
        }
        for (int i = 0; i < ww.length; i++) {
            double keep = ww[i];
            ww[i] = keep + eps;
            double plus = lossDouble(p, o, yy, ww, depth, size, a, b);
            ww[i] = keep - eps;
            fdW[i] = (plus - lossDouble(p, o, yy, ww, depth, size, a, b)) / (2 * eps);
            ww[i] = keep;
        }
        close("dPredictions vs finite differences", fdPred, dPred, 1e-6, 1e-4, OTHER_ORDER);
        close("dOut vs finite differences", fdOut, dOut, 1e-6, 1e-4, OTHER_ORDER);
        close("dWeights (decay) vs finite differences", fdW, dW, 1e-6, 1e-4, OTHER_ORDER);
    }

    @Test
    void ensemble() {
        Random random = freshRandom("ensemble");
        int depth = 5, size = 2 * 9 * 11, groups = 3;
        float[] pred = random(random, depth * size), w = random(random, depth), dOut = random(random, size), dW0 = random(random, depth);
        float[] out = new float[size];
        Ensemble.ensembleForwardReference(pred, w, out, depth, size);
        FloatArray predA = FloatArray.fromArray(pred), wA = FloatArray.fromArray(w), outA = new FloatArray(size);
        KernelCall.items(size + 3, c -> Ensemble.ensembleForward(c, predA, wA, outA, depth, size));
        close("ensembleForward", out, outA.toHeapArray(), SAME_ORDER);

        float[] dPred = new float[depth * size], partials = new float[depth * groups], dW = dW0.clone();
        Ensemble.ensembleBackwardReference(dOut, pred, w, dPred, partials, size, depth, groups);
        Reduction.sumPartialsReference(partials, dW, groups, depth, 1f, 1, 0);
        FloatArray dOutA = FloatArray.fromArray(dOut), dPredA = new FloatArray(depth * size), pA = new FloatArray(depth * groups);
        KernelCall.groups(groups * G, depth, 1, G, 1, 1, c -> Ensemble.ensembleBackward(c, dOutA, predA, wA, dPredA, pA, size, groups));
        close("ensembleBackward dPredictions", dPred, dPredA.toHeapArray(), SAME_ORDER);
        close("ensembleBackward partials", partials, pA.toHeapArray(), OTHER_ORDER);
        close("ensemble dWeights (+=)", dW, sumRows(pA.toHeapArray(), depth, groups, 1f, dW0, 1), OTHER_ORDER);

        // references vs finite differences of L = sum r * ensemble(pred, w)
        float[] dWz = new float[depth];
        Reduction.sumPartialsReference(partials, dWz, groups, depth, 1f, 0, 0);
        double[] p = toDouble(pred), ww = toDouble(w), r = toDouble(dOut);
        double eps = 1e-3;
        double[] fdPred = new double[p.length], fdW = new double[depth];
        for (int i = 0; i < p.length; i++) {
            double keep = p[i];
            p[i] = keep + eps;
            double plus = ensembleLoss(p, ww, r, depth, size);
            p[i] = keep - eps;
            fdPred[i] = (plus - ensembleLoss(p, ww, r, depth, size)) / (2 * eps);
            p[i] = keep;
        }
        for (int d = 0; d < depth; d++) {
            double keep = ww[d];
            ww[d] = keep + eps;
            double plus = ensembleLoss(p, ww, r, depth, size);
            ww[d] = keep - eps;
            fdW[d] = (plus - ensembleLoss(p, ww, r, depth, size)) / (2 * eps);
            ww[d] = keep;
        }
        close("ensemble dPredictions vs finite differences", fdPred, dPred, 1e-6, 1e-4, OTHER_ORDER);
        close("ensemble dWeights vs finite differences", fdW, dWz, 1e-5, 1e-4, OTHER_ORDER);
    }

    static double ensembleLoss(double[] pred, double[] w, double[] r, int depth, int size) {
        double l = 0;
        for (int i = 0; i < size; i++) {
            double o = 0;
            for (int d = 0; d < depth; d++) o += w[d] * pred[d * size + i];
            l += r[i] * o;
        }
        return l;
    }
}
