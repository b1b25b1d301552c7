package drcn.kernels.nn;

import drcn.tornado.api.types.arrays.FloatArray;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static drcn.kernels.nn.Check.*;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The barrier-free elementwise kernels: ReLU, skip, zero, scale, weight decay, squared-error gradient, optimizers. */
class PointwiseTest {
    private static final int SIZE = 1000;
    /** A padded 1D range (as a runtime rounding up to its local size would launch). */
    private static final int PADDED = 1024;

    @Test
    void relu() {
        Random random = freshRandom("relu");
        float[] x = random(random, SIZE), dy = random(random, SIZE);
        float[] y = new float[SIZE], dx = new float[SIZE];
        Activation.reluForwardReference(x, y, SIZE);
        Activation.reluBackwardReference(dy, y, dx, SIZE, 0);
        FloatArray xA = FloatArray.fromArray(x), yA = new FloatArray(SIZE), dyA = FloatArray.fromArray(dy), dxA = new FloatArray(SIZE);
        KernelCall.items(PADDED, c -> Activation.reluForward(c, xA, yA, SIZE));
        KernelCall.items(PADDED, c -> Activation.reluBackward(c, dyA, yA, dxA, SIZE, 0));
        close("reluForward", y, yA.toHeapArray(), 0, 0, 0);
        close("reluBackward", dx, dxA.toHeapArray(), 0, 0, 0);

        // a slice at an element offset: only [offset, offset + count) is written
        int offset = 100, count = 300;
        float[] dxSlice = random(random, SIZE);
        FloatArray dxSliceA = FloatArray.fromArray(dxSlice);
        Activation.reluBackwardReference(dy, y, dxSlice, count, offset);
        KernelCall.items(count, c -> Activation.reluBackward(c, dyA, yA, dxSliceA, count, offset));
        close("reluBackward at an offset", dxSlice, dxSliceA.toHeapArray(), 0, 0, 0);
        for (int i = offset; i < offset + count; i++) assertTrue(dxSlice[i] == dx[i], "slice element " + i);

        // reference backward vs finite differences of L = sum r * relu(x) (x away from the kink)
        double eps = 1e-4;
        double[] fd = new double[SIZE];
        for (int i = 0; i < SIZE; i++) {
            double p = Math.max(x[i] + eps, 0), m = Math.max(x[i] - eps, 0);
            fd[i] = Math.abs(x[i]) > 2 * eps ? dy[i] * (p - m) / (2 * eps) : dx[i];
        }
        close("reluBackwardReference vs finite differences", fd, dx, 1e-6, 1e-4, SAME_ORDER);
    }

    @Test
    void skipZeroScale() {
        Random random = freshRandom("skip");
        int depth = 3, inputSize = 2 * 9 * 11, size = depth * inputSize;
        float[] recon = random(random, size), input = random(random, inputSize);
        float[] pred = new float[size];
        Elementwise.addSkipReference(recon, input, pred, size, inputSize);
        FloatArray reconA = FloatArray.fromArray(recon), inputA = FloatArray.fromArray(input);
        KernelCall.items(size + 5, c -> Elementwise.addSkip(c, reconA, inputA, reconA, size, inputSize)); // in place
        close("addSkip", pred, reconA.toHeapArray(), 0, 0, 0);

        float[] x = random(random, SIZE);
        float[] scaled = x.clone();
        Elementwise.scaleReference(scaled, SIZE, 0.37f);
        FloatArray xA = FloatArray.fromArray(x);
        KernelCall.items(PADDED, c -> Elementwise.scale(c, xA, SIZE, 0.37f));
        close("scale", scaled, xA.toHeapArray(), 0, 0, 0);
        KernelCall.items(PADDED, c -> Elementwise.zero(c, xA, SIZE));
        close("zero", new float[SIZE], xA.toHeapArray(), 0, 0, 0);
    }

    @Test
    void weightDecayAndSquaredErrorGradient() {
        Random random = freshRandom("loss gradients");
        float[] w = random(random, SIZE), dw0 = random(random, SIZE);
        float[] ref = dw0.clone();
        Loss.weightDecayGradientReference(w, ref, SIZE, 1e-4f);
        FloatArray wA = FloatArray.fromArray(w), dwA = FloatArray.fromArray(dw0);
        KernelCall.items(PADDED, c -> Loss.weightDecayGradient(c, wA, dwA, SIZE, 1e-4f));
        close("weightDecayGradient", ref, dwA.toHeapArray(), SAME_ORDER);

        int rows = 3, size = 330;
        float[] pred = random(random, rows * size), target = random(random, size), d0 = random(random, rows * size);
        for (int accumulate = 0; accumulate <= 1; accumulate++) {
            float[] refG = d0.clone();
            Loss.squaredErrorGradientReference(pred, target, refG, size, rows, 0.7f, accumulate);
            FloatArray pA = FloatArray.fromArray(pred), tA = FloatArray.fromArray(target), gA = FloatArray.fromArray(d0);
            int acc = accumulate;
            KernelCall.items(PADDED, c -> Loss.squaredErrorGradient(c, pA, tA, gA, size, rows, 0.7f, acc));
            close("squaredErrorGradient accumulate " + accumulate, refG, gA.toHeapArray(), SAME_ORDER);
        }
    }

    @Test
    void optimizers() {
        Random random = freshRandom("optimizers");
        float[] p = random(random, SIZE), g = random(random, SIZE), v = random(random, SIZE), m = random(random, SIZE);
        for (int i = 0; i < SIZE; i++) v[i] = Math.abs(v[i]);   // Adam's second moment is non-negative
        float[] refP = p.clone(), refV = v.clone();
        Optimizer.sgdMomentumStepReference(refP, g, refV, SIZE, 0.01f, 0.9f);
        FloatArray pA = FloatArray.fromArray(p), gA = FloatArray.fromArray(g), vA = FloatArray.fromArray(v), mA = FloatArray.fromArray(m);
        KernelCall.items(PADDED, c -> Optimizer.sgdMomentumStep(c, pA, gA, vA, SIZE, 0.01f, 0.9f));
        close("sgd parameters", refP, pA.toHeapArray(), SAME_ORDER);
        close("sgd velocity", refV, vA.toHeapArray(), SAME_ORDER);

        float[] refP2 = p.clone(), refM = m.clone(), refV2 = v.clone();
        float b1 = 0.9f, b2 = 0.999f, b1t = (float) Math.pow(b1, 3), b2t = (float) Math.pow(b2, 3);
        Optimizer.adamStepReference(refP2, g, refM, refV2, SIZE, 1e-3f, b1, b2, 1e-8f, b1t, b2t);
        FloatArray pB = FloatArray.fromArray(p), vB = FloatArray.fromArray(v);
        KernelCall.items(PADDED, c -> Optimizer.adamStep(c, pB, gA, mA, vB, SIZE, 1e-3f, b1, b2, 1e-8f, b1t, b2t));
        close("adam parameters", refP2, pB.toHeapArray(), SAME_ORDER);
        close("adam m", refM, mA.toHeapArray(), SAME_ORDER);
        close("adam v", refV2, vB.toHeapArray(), SAME_ORDER);

        // Adam's first step moves every parameter by about lr (the sign of g): a sanity check on the formula
        float[] p0 = new float[SIZE], m0 = new float[SIZE], v0 = new float[SIZE];
        Optimizer.adamStepReference(p0, g, m0, v0, SIZE, 1e-3f, b1, b2, 1e-8f, b1, b2);
        for (int i = 0; i < SIZE; i++) {
            if (Math.abs(g[i]) > 1e-3f) assertTrue(Math.abs(p0[i] + 1e-3f * Math.signum(g[i])) < 1e-6f, "adam step " + i + ": " + p0[i]);
        }

        for (float maxNorm : new float[]{1f, 1e6f}) {
            double ss = 0;
            for (float x : g) ss += (double) x * x;
            float[] sumSq = {(float) ss};
            float[] refG = g.clone();
            Optimizer.clipByNormReference(refG, sumSq, SIZE, maxNorm);
            FloatArray gC = FloatArray.fromArray(g), sA = FloatArray.fromArray(sumSq);
            KernelCall.items(PADDED, c -> Optimizer.clipByNorm(c, gC, sA, SIZE, maxNorm));
            close("clipByNorm " + maxNorm, refG, gC.toHeapArray(), SAME_ORDER);
            double norm = 0;
            for (float x : refG) norm += (double) x * x;
            assertTrue(Math.sqrt(norm) <= Math.min(maxNorm, Math.sqrt(ss)) * (1 + 1e-5), "clipped norm " + Math.sqrt(norm));
        }
    }
}
