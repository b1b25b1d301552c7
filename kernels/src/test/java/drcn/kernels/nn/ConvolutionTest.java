package drcn.kernels.nn;

import drcn.tornado.api.types.arrays.FloatArray;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static drcn.kernels.nn.Check.*;

class ConvolutionTest {

    // ---------------------------------------------------------------- kernel vs reference

    @ParameterizedTest(name = "{0} images, {1}->{2} channels, {3}x{4}, relu {5}")
    @CsvSource({"2, 5, 7, 9, 11, 0", "2, 5, 7, 9, 11, 1", "1, 3, 13, 4, 3, 1", "3, 9, 1, 5, 6, 0", "1, 1, 8, 1, 1, 1"})
    void forwardMatchesReference(int batch, int inC, int outC, int h, int w, int relu) {
        Random random = freshRandom("convForward");
        // the activations sit at element offsets inside bigger arrays (slices, as DRCN's states): 3 and 5 elements in
        int inOff = 3, outOff = 5;
        float[] in = random(random, inOff + batch * inC * h * w + 2);
        float[] weights = random(random, outC * inC * 9);
        float[] bias = random(random, outC);
        float[] ref = random(random, outOff + batch * outC * h * w + 4);   // elements outside the slice must stay
        float[] out0 = ref.clone();
        Convolution.convForwardReference(in, weights, bias, ref, batch, inC, outC, h, w, relu, inOff, outOff);

        FloatArray out = FloatArray.fromArray(out0);
        FloatArray inA = FloatArray.fromArray(in), wA = FloatArray.fromArray(weights), bA = FloatArray.fromArray(bias);
        // padded range (x rounded up to 4, y to 2) with a 4x2x1 local size: the guard must hold
        int gx = (w + 3) / 4 * 4, gy = (h + 1) / 2 * 2, gz = batch * Convolution.outChannelBlocks(outC);
        KernelCall.items(gx, gy, gz, 4, 2, 1, c -> Convolution.convForward(c, inA, wA, bA, out, batch, inC, outC, h, w, relu, inOff, outOff));
        close("convForward", ref, out.toHeapArray(), SAME_ORDER);
    }

    /** The tight range (pixelTiles(W), H, ...): several 16-pixel tiles per row, a partial last one, a partial channel block. */
    @ParameterizedTest(name = "{0} images, {1}->{2} channels, {3}x{4}, relu {5}, tight range")
    @CsvSource({"2, 5, 11, 3, 37, 1", "1, 2, 17, 2, 16, 0", "2, 3, 1, 4, 33, 1", "2, 3, 35, 3, 18, 1", "1, 2, 16, 2, 5, 0"})
    void forwardMatchesReferenceOnTightRange(int batch, int inC, int outC, int h, int w, int relu) {
        Random random = freshRandom("convForward tight");
        int inOff = 1, outOff = 2;
        float[] in = random(random, inOff + batch * inC * h * w + 2);
        float[] weights = random(random, outC * inC * 9);
        float[] bias = random(random, outC);
        float[] ref = random(random, outOff + batch * outC * h * w + 4);
        float[] out0 = ref.clone();
        Convolution.convForwardReference(in, weights, bias, ref, batch, inC, outC, h, w, relu, inOff, outOff);

        FloatArray out = FloatArray.fromArray(out0);
        FloatArray inA = FloatArray.fromArray(in), wA = FloatArray.fromArray(weights), bA = FloatArray.fromArray(bias);
        int gz = batch * Convolution.rowTileOutChannelBlocks(outC);
        KernelCall.items(Convolution.pixelTiles(w), h, gz, 1, 1, 1, c -> Convolution.convForwardRowTiles(c, inA, wA, bA, out, batch, inC, outC, h, w, relu, inOff, outOff));
        close("convForwardRowTiles", ref, out.toHeapArray(), SAME_ORDER);
    }

    @ParameterizedTest(name = "{0} images, {1}->{2} channels, {3}x{4}, accumulate {5}")
    @CsvSource({"2, 5, 7, 9, 11, 0", "2, 5, 7, 9, 11, 1", "1, 11, 3, 4, 3, 0", "3, 1, 9, 5, 6, 1"})
    void backwardInputMatchesReference(int batch, int inC, int outC, int h, int w, int accumulate) {
        Random random = freshRandom("convBackwardInput");
        int dOutOff = 7, dInOff = 2;   // slices inside bigger arrays
        float[] dOut = random(random, dOutOff + batch * outC * h * w + 1);
        float[] weights = random(random, outC * inC * 9);
        float[] dIn0 = random(random, dInOff + batch * inC * h * w + 3);
        float[] ref = dIn0.clone();
        Convolution.convBackwardInputReference(dOut, weights, ref, batch, inC, outC, h, w, accumulate, dOutOff, dInOff);

        FloatArray dOutA = FloatArray.fromArray(dOut), wA = FloatArray.fromArray(weights), dIn = FloatArray.fromArray(dIn0);
        int gz = batch * Convolution.inChannelBlocks(inC);
        KernelCall.items(w, h, gz, 1, 1, 1, c -> Convolution.convBackwardInput(c, dOutA, wA, dIn, batch, inC, outC, h, w, accumulate, dOutOff, dInOff));
        close("convBackwardInput", ref, dIn.toHeapArray(), OTHER_ORDER);
    }

    /**
     * The CPU input gradient on odd shapes: several 16-pixel tiles with a partial last one, partial and single
     * input-channel blocks, slices at offsets, and a padded range with a 2x3x1 local size (the guard must hold).
     * Its sums are convBackwardInput's in the same order, so it is also checked against that kernel.
     */
    @ParameterizedTest(name = "{0} images, {1}->{2} channels, {3}x{4}, accumulate {5}, row tiles")
    @CsvSource({"2, 11, 7, 5, 37, 0", "2, 19, 3, 4, 33, 1", "1, 3, 13, 3, 16, 0", "3, 1, 9, 5, 6, 1", "1, 17, 1, 1, 1, 0", "2, 35, 3, 3, 18, 1", "1, 32, 2, 2, 5, 0"})
    void backwardInputRowTilesMatchesReference(int batch, int inC, int outC, int h, int w, int accumulate) {
        Random random = freshRandom("convBackwardInputRowTiles");
        int dOutOff = 5, dInOff = 3;
        float[] dOut = random(random, dOutOff + batch * outC * h * w + 2);
        float[] weights = random(random, outC * inC * 9);
        float[] dIn0 = random(random, dInOff + batch * inC * h * w + 4);   // elements outside the slice must stay
        float[] ref = dIn0.clone();
        Convolution.convBackwardInputRowTilesReference(dOut, weights, ref, batch, inC, outC, h, w, accumulate, dOutOff, dInOff);

        FloatArray dOutA = FloatArray.fromArray(dOut), wA = FloatArray.fromArray(weights);
        FloatArray dIn = FloatArray.fromArray(dIn0), dInGpu = FloatArray.fromArray(dIn0);
        int gx = (Convolution.pixelTiles(w) + 1) / 2 * 2 + 2, gy = (h + 2) / 3 * 3, gz = batch * Convolution.rowTileInChannelBlocks(inC) + 1;
        KernelCall.items(gx, gy, gz, 2, 3, 1, c -> Convolution.convBackwardInputRowTiles(c, dOutA, wA, dIn, batch, inC, outC, h, w, accumulate, dOutOff, dInOff));
        close("convBackwardInputRowTiles", ref, dIn.toHeapArray(), OTHER_ORDER);
        KernelCall.items(w, h, batch * Convolution.inChannelBlocks(inC), 1, 1, 1,
                c -> Convolution.convBackwardInput(c, dOutA, wA, dInGpu, batch, inC, outC, h, w, accumulate, dOutOff, dInOff));
        close("convBackwardInputRowTiles vs convBackwardInput", dInGpu.toHeapArray(), dIn.toHeapArray(), SAME_ORDER);
    }

    /**
     * The CPU weight gradient (accumulating onto non-zero dWeights) on odd shapes: partial tiles, partial and single
     * output-channel blocks (Cout 1, 9, 17), partial, full and several input-channel blocks (Cin 1..19), 1x1 images, offsets, and a padded range with a 4x2
     * local size.
     */
    @ParameterizedTest(name = "{0} images, {1}->{2} channels, {3}x{4}, row tiles")
    @CsvSource({"3, 5, 9, 7, 37", "2, 3, 1, 6, 19", "1, 1, 17, 4, 33", "2, 2, 8, 3, 16", "1, 1, 2, 1, 1", "2, 19, 9, 3, 18", "1, 8, 3, 2, 5"})
    void backwardWeightsRowTilesMatchesReference(int batch, int inC, int outC, int h, int w) {
        Random random = freshRandom("convBackwardWeightsRowTiles");
        int dOutOff = 6, inOff = 1;
        float[] dOut = random(random, dOutOff + batch * outC * h * w + 3);
        float[] in = random(random, inOff + batch * inC * h * w + 2);
        float[] dW0 = random(random, outC * inC * 9);   // parameter gradients accumulate: start non-zero
        float[] refW = dW0.clone();
        Convolution.convBackwardWeightsRowTilesReference(dOut, in, refW, batch, inC, outC, h, w, dOutOff, inOff);

        FloatArray dOutA = FloatArray.fromArray(dOut), inA = FloatArray.fromArray(in), dW = FloatArray.fromArray(dW0);
        int gx = (Convolution.weightInChannelBlocks(inC) + 3) / 4 * 4 + 4, gy = (Convolution.outChannelBlocks(outC) + 1) / 2 * 2;
        KernelCall.items(gx, gy, 1, 4, 2, 1, c -> Convolution.convBackwardWeightsRowTiles(c, dOutA, inA, dW, batch, inC, outC, h, w, dOutOff, inOff));
        // Each weight sums batch*h*w products in another order than the (float) reference: both carry rounding
        // that grows with the number of terms, so the elementwise bound does too (the L2 bound stays 1e-4).
        double atol = 1e-6 * batch * h * w;
        close("convBackwardWeightsRowTiles", refW, dW.toHeapArray(), Math.max(Check.ATOL, atol), Check.RTOL, OTHER_ORDER);
    }

    /** The CPU bias gradient (accumulating onto non-zero dBias): planes shorter than, equal to and longer than 16, with tails; a padded range. */
    @ParameterizedTest(name = "{0} images, {1} channels, {2}x{3}, row tiles")
    @CsvSource({"3, 5, 7, 37", "2, 1, 4, 4", "1, 2, 1, 1", "4, 3, 6, 7"})
    void backwardBiasRowTilesMatchesReference(int batch, int outC, int h, int w) {
        Random random = freshRandom("convBackwardBiasRowTiles");
        int dOutOff = 3;
        float[] dOut = random(random, dOutOff + batch * outC * h * w + 2);
        float[] dB0 = random(random, outC);
        float[] refB = dB0.clone();
        Convolution.convBackwardBiasRowTilesReference(dOut, refB, batch, outC, h, w, dOutOff);

        FloatArray dOutA = FloatArray.fromArray(dOut), dB = FloatArray.fromArray(dB0);
        KernelCall.items((outC + 1) / 2 * 2 + 2, 1, 1, 2, 1, 1, c -> Convolution.convBackwardBiasRowTiles(c, dOutA, dB, batch, outC, h, w, dOutOff));
        close("convBackwardBiasRowTiles", refB, dB.toHeapArray(), OTHER_ORDER);
    }

    @ParameterizedTest(name = "{0} images, {1}->{2} channels, {3}x{4}")
    @CsvSource({"6, 5, 7, 9, 11", "2, 3, 1, 17, 19", "1, 1, 2, 1, 1"})
    void backwardWeightsAndBiasMatchReference(int batch, int inC, int outC, int h, int w) {
        Random random = freshRandom("convBackwardWeights");
        int dOutOff = 4, inOff = 9;   // slices inside bigger arrays
        float[] dOut = random(random, dOutOff + batch * outC * h * w + 2);
        float[] in = random(random, inOff + batch * inC * h * w + 1);
        float[] dW0 = random(random, outC * inC * 9);   // parameter gradients accumulate: start non-zero
        float[] dB0 = random(random, outC);
        float[] refW = dW0.clone(), refB = dB0.clone();
        Convolution.convBackwardWeightsReference(dOut, in, refW, batch, inC, outC, h, w, dOutOff, inOff);
        Convolution.convBackwardBiasReference(dOut, refB, batch, outC, h, w, dOutOff);

        FloatArray dOutA = FloatArray.fromArray(dOut), inA = FloatArray.fromArray(in);
        FloatArray dW = FloatArray.fromArray(dW0), dB = FloatArray.fromArray(dB0);
        int g = Convolution.GROUP_SIZE;
        KernelCall.groups(outC * inC * g, 1, 1, g, 1, 1, c -> Convolution.convBackwardWeights(c, dOutA, inA, dW, batch, inC, outC, h, w, dOutOff, inOff));
        KernelCall.groups(outC * g, 1, 1, g, 1, 1, c -> Convolution.convBackwardBias(c, dOutA, dB, batch, outC, h, w, dOutOff));
        close("convBackwardWeights", refW, dW.toHeapArray(), OTHER_ORDER);
        close("convBackwardBias", refB, dB.toHeapArray(), OTHER_ORDER);
    }

    // ---------------------------------------------------------------- references vs finite differences

    /** Double-precision forward, the definition (test code only). */
    static double[] convForwardDouble(double[] in, double[] weights, double[] bias, int batch, int inC, int outC, int h, int w) {
        double[] out = new double[batch * outC * h * w];
        for (int n = 0; n < batch; n++)
            for (int co = 0; co < outC; co++)
                for (int y = 0; y < h; y++)
                    for (int x = 0; x < w; x++) {
                        double sum = bias[co];
                        for (int ci = 0; ci < inC; ci++)
                            for (int ky = 0; ky < 3; ky++)
                                for (int kx = 0; kx < 3; kx++) {
                                    int iy = y + ky - 1, ix = x + kx - 1;
                                    if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
                                    sum += weights[((co * inC + ci) * 3 + ky) * 3 + kx] * in[((n * inC + ci) * h + iy) * w + ix];
                                }
                        out[((n * outC + co) * h + y) * w + x] = sum;
                    }
        return out;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    @Test
    void referenceGradientsMatchFiniteDifferences() {
        Random random = freshRandom("conv finite differences");
        int batch = 2, inC = 3, outC = 4, h = 5, w = 6;
        float[] in = random(random, batch * inC * h * w);
        float[] weights = random(random, outC * inC * 9);
        float[] bias = random(random, outC);
        float[] r = random(random, batch * outC * h * w);   // L = sum r * conv(in)  =>  dL/dout = r
        double[] inD = toDouble(in), wD = toDouble(weights), bD = toDouble(bias), rD = toDouble(r);

        float[] dIn = new float[in.length], dW = new float[weights.length], dB = new float[bias.length];
        Convolution.convBackwardInputReference(r, weights, dIn, batch, inC, outC, h, w, 0, 0, 0);
        Convolution.convBackwardWeightsReference(r, in, dW, batch, inC, outC, h, w, 0, 0);
        Convolution.convBackwardBiasReference(r, dB, batch, outC, h, w, 0);

        double eps = 1e-3;
        double[] fdIn = new double[in.length], fdW = new double[weights.length], fdB = new double[bias.length];
        for (int i = 0; i < in.length; i++) {
            double[] p = inD.clone(), m = inD.clone();
            p[i] += eps;
            m[i] -= eps;
            fdIn[i] = (dot(rD, convForwardDouble(p, wD, bD, batch, inC, outC, h, w)) - dot(rD, convForwardDouble(m, wD, bD, batch, inC, outC, h, w))) / (2 * eps);
        }
        for (int i = 0; i < weights.length; i++) {
            double[] p = wD.clone(), m = wD.clone();
            p[i] += eps;
            m[i] -= eps;
            fdW[i] = (dot(rD, convForwardDouble(inD, p, bD, batch, inC, outC, h, w)) - dot(rD, convForwardDouble(inD, m, bD, batch, inC, outC, h, w))) / (2 * eps);
        }
        for (int i = 0; i < bias.length; i++) {
            double[] p = bD.clone(), m = bD.clone();
            p[i] += eps;
            m[i] -= eps;
            fdB[i] = (dot(rD, convForwardDouble(inD, wD, p, batch, inC, outC, h, w)) - dot(rD, convForwardDouble(inD, wD, m, batch, inC, outC, h, w))) / (2 * eps);
        }
        close("dInput vs finite differences", fdIn, dIn, 1e-5, 1e-4, OTHER_ORDER);
        close("dWeights vs finite differences", fdW, dW, 1e-5, 1e-4, OTHER_ORDER);
        close("dBias vs finite differences", fdB, dB, 1e-5, 1e-4, OTHER_ORDER);

        // the float forward reference agrees with the double definition
        float[] out = new float[r.length];
        Convolution.convForwardReference(in, weights, bias, out, batch, inC, outC, h, w, 0, 0, 0);
        close("convForwardReference vs double", convForwardDouble(inD, wD, bD, batch, inC, outC, h, w), out, 1e-5, 1e-4, SAME_ORDER);
    }
}
