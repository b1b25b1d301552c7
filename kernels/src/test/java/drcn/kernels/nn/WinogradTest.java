package drcn.kernels.nn;

import drcn.tornado.api.types.arrays.FloatArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Random;

import static drcn.kernels.nn.Check.*;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Winograd F(4x4, 3x3) kernels, each against its reference twin, and the whole chain against
 * {@link Convolution#convForwardReference} / {@link Convolution#convBackwardInputReference}, on fresh random inputs
 * and odd shapes: H and W not multiples of 4, 1x1 images, channel counts that are not multiples of the blocks,
 * slices at element offsets, padded ranges with local sizes that do not divide the work.
 */
class WinogradTest {
    /**
     * Elementwise absolute tolerance of the whole chain: its rounding scales with the terms of a sum (the transforms
     * multiply by up to 8 * 8 and 5 * 5 before the products cancel back), not with the sum, so an output near 0 from
     * 9 * Cin terms of size ~0.3 can be 3e-5 off while the relative L2 error stays ~1e-6.
     */
    static final double CHAIN_ATOL = 1e-4;

    // ---------------------------------------------------------------- each kernel vs its twin

    @ParameterizedTest(name = "{0}->{1} channels, backward {2}")
    @CsvSource({"5, 7, 0", "5, 7, 1", "1, 9, 0", "9, 1, 1", "16, 8, 0", "3, 17, 1"})
    void weightTransformMatchesReference(int inC, int outC, int backward) {
        Random random = freshRandom("weightTransform");
        float[] weights = random(random, outC * inC * 9);
        int rows = backward != 0 ? inC : outC, reduce = backward != 0 ? outC : inC;
        int size = (int) Winograd.transformedWeightsSize(rows, reduce);
        float[] start = random(random, size);
        float[] ref = start.clone();   // every element is written but the slack after the last row, which keeps its value
        Winograd.weightTransformReference(weights, ref, inC, outC, backward);
        FloatArray wA = FloatArray.fromArray(weights), u = FloatArray.fromArray(start);
        int items = rows * Winograd.reducePadded(reduce) / Winograd.REDUCE_STEP;
        KernelCall.items((items + 3) / 4 * 4 + 4, 1, 1, 4, 1, 1, c -> Winograd.weightTransform(c, wA, u, inC, outC, backward));
        close("weightTransform", ref, u.toHeapArray(), SAME_ORDER);
    }

    @ParameterizedTest(name = "{0} images, {1} channels, {2}x{3}")
    @CsvSource({"2, 5, 9, 11", "1, 8, 4, 4", "3, 1, 1, 1", "1, 9, 13, 6", "2, 3, 2, 17"})
    void inputTransformMatchesReference(int batch, int channels, int h, int w) {
        Random random = freshRandom("inputTransform");
        int off = 3;
        float[] in = random(random, off + batch * channels * h * w + 2);
        // chunks of 16 tiles from tile 16 on (the last chunk partial when the batch has fewer than 32 tiles)
        int first = Math.min(16, WinogradTransforms.tiles(batch, h, w) - 1) / 16 * 16, chunk = 16;
        int size = (int) Winograd.transformedInputSize(channels, chunk);
        float[] ref = new float[size];
        Winograd.inputTransformReference(in, ref, batch, channels, h, w, off, first, chunk);
        FloatArray inA = FloatArray.fromArray(in), v = FloatArray.fromArray(random(random, size));
        int gx = chunk / WinogradTransforms.LANES + 2, gy = (Winograd.reducePadded(channels) + 1) / 2 * 2;
        KernelCall.items(gx, gy, 1, gx, 2, 1, c -> Winograd.inputTransform(c, inA, v, batch, channels, h, w, off, first, chunk));
        close("inputTransform", ref, v.toHeapArray(), SAME_ORDER);
    }

    /**
     * Images at least 16 tiles wide, where groups of 16 tiles side by side in one row of tiles copy their block rows
     * whole (the other groups gather): rows of exactly 16 tiles, rows that groups straddle, edges cut by the image
     * (width 66: a span running past the right edge), images stacked in the batch; chunks of 48 tiles from tile 0.
     */
    @ParameterizedTest(name = "{0} images, {1} channels, {2}x{3}")
    @CsvSource({"2, 3, 8, 64", "1, 2, 9, 70", "2, 2, 5, 66", "1, 1, 6, 130", "3, 2, 3, 61"})
    void inputTransformOnWideImagesMatchesReference(int batch, int channels, int h, int w) {
        Random random = freshRandom("inputTransform wide");
        int off = 5, chunk = 48;
        float[] in = random(random, off + batch * channels * h * w + 3);
        int size = (int) Winograd.transformedInputSize(channels, chunk);
        FloatArray inA = FloatArray.fromArray(in);
        for (int first = 0; first < WinogradTransforms.tiles(batch, h, w); first += chunk) {
            int t0 = first;
            float[] ref = new float[size];
            Winograd.inputTransformReference(in, ref, batch, channels, h, w, off, t0, chunk);
            FloatArray v = FloatArray.fromArray(random(random, size));
            KernelCall.items(chunk / WinogradTransforms.LANES, Winograd.reducePadded(channels), 1, 1, 1, 1,
                    c -> Winograd.inputTransform(c, inA, v, batch, channels, h, w, off, t0, chunk));
            close("inputTransform from tile " + t0, ref, v.toHeapArray(), SAME_ORDER);
        }
    }

    @ParameterizedTest(name = "{0} rows, reduce {1}, {2} tiles")
    @CsvSource({"7, 8, 16", "8, 16, 32", "17, 24, 48", "1, 8, 16", "9, 16, 80", "8, 8, 128"})
    void multiplyMatchesReference(int rows, int reducePadded, int tilesPadded) {
        Random random = freshRandom("multiply");
        // U with the slack of ROW_BLOCK - 1 rows that multiply may read past a partial row block
        float[] u = random(random, (WinogradTransforms.POSITIONS * rows + Winograd.ROW_BLOCK - 1) * reducePadded);
        float[] v = random(random, WinogradTransforms.POSITIONS * reducePadded * tilesPadded);
        float[] ref = new float[WinogradTransforms.POSITIONS * rows * tilesPadded];
        Winograd.multiplyReference(u, v, ref, rows, reducePadded, tilesPadded);
        FloatArray uA = FloatArray.fromArray(u), vA = FloatArray.fromArray(v), m = FloatArray.fromArray(random(random, ref.length));
        int gx = Winograd.rowBlocks(rows) + 1, gy = Winograd.tileBlocks(tilesPadded) + 1;
        KernelCall.items(gx, gy, WinogradTransforms.POSITIONS, 1, 1, 1, c -> Winograd.multiply(c, uA, vA, m, rows, reducePadded, tilesPadded));
        closeSums("multiply", ref, m.toHeapArray());
    }

    @ParameterizedTest(name = "{0} images, {1} channels, {2}x{3}, relu {4}, chunk {5}")
    @CsvSource({"2, 5, 9, 11, 0, 16", "2, 5, 9, 11, 1, 48", "1, 3, 1, 1, 1, 16", "3, 2, 4, 8, 0, 32", "1, 9, 7, 5, 1, 16", "2, 16, 13, 13, 1, 64"})
    void multiplyOutputMatchesReference(int batch, int channels, int h, int w, int relu, int chunk) {
        Random random = freshRandom("multiplyOutput");
        int off = 5, reducePadded = 16;
        int first = Math.min(16, WinogradTransforms.tiles(batch, h, w) - 1) / 16 * 16;
        float[] u = random(random, (WinogradTransforms.POSITIONS * channels + Winograd.ROW_BLOCK - 1) * reducePadded);
        float[] v = random(random, WinogradTransforms.POSITIONS * reducePadded * chunk);
        float[] bias = random(random, channels);
        float[] ref = random(random, off + batch * channels * h * w + 4);   // elements outside the slice must stay
        FloatArray out = FloatArray.fromArray(ref.clone());
        Winograd.multiplyOutputReference(u, v, bias, ref, channels, reducePadded, chunk, batch, h, w, relu, off, first);
        FloatArray uA = FloatArray.fromArray(u), vA = FloatArray.fromArray(v), bA = FloatArray.fromArray(bias);
        int gx = Winograd.rowBlocks(channels) + 1, gy = Winograd.tileBlocks(chunk) + 1;
        KernelCall.items(gx, gy, 1, 1, 1, 1,
                c -> Winograd.multiplyOutput(c, uA, vA, bA, out, channels, reducePadded, chunk, batch, h, w, relu, off, first));
        closeSums("multiplyOutput", ref, out.toHeapArray());
    }

    @ParameterizedTest(name = "{0} images, {1} channels, {2}x{3}, accumulate {4}")
    @CsvSource({"2, 5, 9, 11, 0", "2, 5, 9, 11, 1", "1, 3, 1, 1, 1", "3, 2, 4, 8, 0", "1, 12, 10, 10, 1"})
    void multiplyOutputGradientMatchesReference(int batch, int channels, int h, int w, int accumulate) {
        Random random = freshRandom("multiplyOutputGradient");
        int off = 2, reducePadded = 32;
        int first = 0, chunk = WinogradTransforms.tilesPadded(batch, h, w);
        float[] u = random(random, (WinogradTransforms.POSITIONS * channels + Winograd.ROW_BLOCK - 1) * reducePadded);
        float[] v = random(random, WinogradTransforms.POSITIONS * reducePadded * chunk);
        float[] ref = random(random, off + batch * channels * h * w + 3);
        FloatArray out = FloatArray.fromArray(ref.clone());
        Winograd.multiplyOutputGradientReference(u, v, ref, channels, reducePadded, chunk, batch, h, w, accumulate, off, first);
        FloatArray uA = FloatArray.fromArray(u), vA = FloatArray.fromArray(v);
        int gx = Winograd.rowBlocks(channels), gy = Winograd.tileBlocks(chunk);
        KernelCall.items(gx, gy, 1, 1, 1, 1,
                c -> Winograd.multiplyOutputGradient(c, uA, vA, out, channels, reducePadded, chunk, batch, h, w, accumulate, off, first));
        closeSums("multiplyOutputGradient", ref, out.toHeapArray());
    }

    @ParameterizedTest(name = "{0} images, {1} channels, {2}x{3}")
    @CsvSource({"2, 5, 9, 11", "1, 16, 4, 4", "3, 1, 1, 1", "1, 17, 13, 6", "2, 3, 2, 17"})
    void inputTransformTransposedMatchesReference(int batch, int channels, int h, int w) {
        Random random = freshRandom("inputTransformTransposed");
        int off = 3;
        float[] in = random(random, off + batch * channels * h * w + 2);
        int first = Math.min(16, WinogradTransforms.tiles(batch, h, w) - 1) / 16 * 16, chunk = 32;
        int size = (int) WinogradWeightGradient.transposedInputSize(channels, chunk);
        float[] ref = new float[size];
        WinogradWeightGradient.inputTransformTransposedReference(in, ref, batch, channels, h, w, off, first, chunk);
        FloatArray inA = FloatArray.fromArray(in), vt = FloatArray.fromArray(random(random, size));
        int gx = chunk + 3, gy = WinogradWeightGradient.channelsPadded(channels) / WinogradTransforms.LANES + 1;
        KernelCall.items(gx, gy, 1, gx, 1, 1, c -> WinogradWeightGradient.inputTransformTransposed(c, inA, vt, batch, channels, h, w, off, first, chunk));
        close("inputTransformTransposed", ref, vt.toHeapArray(), SAME_ORDER);
    }

    @ParameterizedTest(name = "{0} images, {1} channels, {2}x{3}")
    @CsvSource({"2, 5, 9, 11", "1, 8, 4, 4", "3, 1, 1, 1", "1, 9, 13, 6", "2, 3, 2, 17"})
    void gradientTransformMatchesReference(int batch, int channels, int h, int w) {
        Random random = freshRandom("gradientTransform");
        int off = 4;
        float[] dOut = random(random, off + batch * channels * h * w + 2);
        int first = Math.min(16, WinogradTransforms.tiles(batch, h, w) - 1) / 16 * 16, chunk = 32;
        int size = (int) WinogradWeightGradient.transformedGradientSize(channels, chunk);
        float[] start = random(random, size);
        float[] ref = start.clone();   // every element is written but the slack after the last row, which keeps its value
        WinogradWeightGradient.gradientTransformReference(dOut, ref, batch, channels, h, w, off, first, chunk);
        FloatArray dA = FloatArray.fromArray(dOut), yt = FloatArray.fromArray(start);
        int gx = chunk / WinogradTransforms.LANES + 1, gy = channels + 1;
        KernelCall.items(gx, gy, 1, 1, 1, 1, c -> WinogradWeightGradient.gradientTransform(c, dA, yt, batch, channels, h, w, off, first, chunk));
        close("gradientTransform", ref, yt.toHeapArray(), SAME_ORDER);
    }

    @ParameterizedTest(name = "{0}->{1} channels")
    @CsvSource({"5, 7", "16, 8", "1, 9", "17, 3"})
    void weightGradientTransformMatchesReference(int inC, int outC) {
        Random random = freshRandom("weightGradientTransform");
        float[] m = random(random, (int) WinogradWeightGradient.weightProductSize(inC, outC));
        float[] ref = random(random, outC * inC * 9);   // accumulated into
        FloatArray dW = FloatArray.fromArray(ref.clone()), mA = FloatArray.fromArray(m);
        WinogradWeightGradient.weightGradientTransformReference(m, ref, inC, outC);
        KernelCall.items((outC * inC + 3) / 4 * 4 + 4, 1, 1, 4, 1, 1, c -> WinogradWeightGradient.weightGradientTransform(c, mA, dW, inC, outC));
        close("weightGradientTransform", ref, dW.toHeapArray(), SAME_ORDER);
    }

    @ParameterizedTest(name = "{0} images, {1}->{2} channels, {3}x{4}")
    @CsvSource({"2, 5, 7, 9, 11", "1, 3, 13, 4, 3", "3, 9, 1, 5, 6", "1, 1, 8, 1, 1", "2, 17, 9, 13, 18", "1, 16, 16, 8, 8"})
    void weightGradientChainMatchesConvolution(int batch, int inC, int outC, int h, int w) {
        Random random = freshRandom("winograd weight gradient");
        int dOutOff = 3, inOff = 6;
        float[] dOut = random(random, dOutOff + batch * outC * h * w + 1);
        float[] in = random(random, inOff + batch * inC * h * w + 2);
        float[] ref = random(random, outC * inC * 9);   // accumulated into
        float[] got = ref.clone();
        Convolution.convBackwardWeightsReference(dOut, in, ref, batch, inC, outC, h, w, dOutOff, inOff);
        weightGradient(dOut, in, got, batch, inC, outC, h, w, dOutOff, inOff);
        close("winograd weight gradient", ref, got, CHAIN_ATOL, RTOL, OTHER_ORDER);
    }

    // ---------------------------------------------------------------- the chain vs the convolution's definition

    @ParameterizedTest(name = "{0} images, {1}->{2} channels, {3}x{4}, relu {5}")
    @CsvSource({"2, 5, 7, 9, 11, 0", "2, 5, 7, 9, 11, 1", "1, 3, 13, 4, 3, 1", "3, 9, 1, 5, 6, 0", "1, 1, 8, 1, 1, 1",
            "2, 17, 9, 13, 18, 1", "1, 8, 16, 8, 8, 0"})
    void forwardChainMatchesConvolution(int batch, int inC, int outC, int h, int w, int relu) {
        Random random = freshRandom("winograd forward");
        int inOff = 3, outOff = 5;
        float[] in = random(random, inOff + batch * inC * h * w + 2);
        float[] weights = random(random, outC * inC * 9);
        float[] bias = random(random, outC);
        float[] ref = random(random, outOff + batch * outC * h * w + 4);
        float[] got = ref.clone();
        Convolution.convForwardReference(in, weights, bias, ref, batch, inC, outC, h, w, relu, inOff, outOff);
        forward(in, weights, bias, got, batch, inC, outC, h, w, relu, inOff, outOff);
        close("winograd forward", ref, got, CHAIN_ATOL, RTOL, OTHER_ORDER);
    }

    @ParameterizedTest(name = "{0} images, {1}->{2} channels, {3}x{4}, accumulate {5}")
    @CsvSource({"2, 5, 7, 9, 11, 0", "2, 5, 7, 9, 11, 1", "1, 11, 3, 4, 3, 0", "3, 1, 9, 5, 6, 1", "1, 17, 1, 1, 1, 0",
            "2, 9, 19, 10, 13, 1"})
    void backwardInputChainMatchesConvolution(int batch, int inC, int outC, int h, int w, int accumulate) {
        Random random = freshRandom("winograd backward input");
        int dOutOff = 7, dInOff = 2;
        float[] dOut = random(random, dOutOff + batch * outC * h * w + 1);
        float[] weights = random(random, outC * inC * 9);
        float[] ref = random(random, dInOff + batch * inC * h * w + 3);
        float[] got = ref.clone();
        Convolution.convBackwardInputReference(dOut, weights, ref, batch, inC, outC, h, w, accumulate, dOutOff, dInOff);
        backwardInput(dOut, weights, got, batch, inC, outC, h, w, accumulate, dOutOff, dInOff);
        close("winograd backward input", ref, got, CHAIN_ATOL, RTOL, OTHER_ORDER);
    }

    /**
     * The error on DRCN-like data (inputs in [0, 1), He-initialised weights, F = 64, a 41x41 patch), against the
     * definition summed in double: the kernels' F(4x4) and, emulated in float here, F(2x2) and the direct sum.
     */
    @Test
    void errorOnDrcnLikeData() {
        Random random = freshRandom("winograd error");
        int batch = 1, f = 64, h = 41, w = 41;
        float[] in = new float[batch * f * h * w];
        for (int i = 0; i < in.length; i++) in[i] = random.nextFloat();
        float[] weights = new float[f * f * 9];
        double std = Math.sqrt(2.0 / (9 * f));
        for (int i = 0; i < weights.length; i++) weights[i] = (float) (random.nextGaussian() * std);
        float[] bias = new float[f];
        double[] exact = convolutionInDouble(in, weights, batch, f, f, h, w);
        float[] direct = new float[exact.length];
        Convolution.convForwardReference(in, weights, bias, direct, batch, f, f, h, w, 0, 0, 0);
        float[] f4 = new float[exact.length];
        forward(in, weights, bias, f4, batch, f, f, h, w, 0, 0, 0);
        float[] f2 = winogradF2InFloat(in, weights, batch, f, f, h, w);
        double eDirect = relativeL2(exact, direct), e4 = relativeL2(exact, f4), e2 = relativeL2(exact, f2);
        System.out.printf("relative L2 error vs double, F=64 41x41: direct %.2e, Winograd F(2x2) %.2e, F(4x4) %.2e%n", eDirect, e2, e4);
        assertTrue(e4 < 1e-5, "F(4x4) error " + e4);

        // the weight gradient on the same input, with a gradient of the output like the model's (small, both signs)
        float[] dOut = new float[batch * f * h * w];
        for (int i = 0; i < dOut.length; i++) dOut[i] = (float) (random.nextGaussian() * 1e-3);
        double[] exactDw = new double[f * f * 9];
        for (int co = 0; co < f; co++)
            for (int ci = 0; ci < f; ci++)
                for (int tap = 0; tap < 9; tap++) {
                    double sum = 0;
                    for (int y = 0; y < h; y++)
                        for (int x = 0; x < w; x++) {
                            int iy = y + tap / 3 - 1, ix = x + tap % 3 - 1;
                            if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
                            sum += (double) dOut[(co * h + y) * w + x] * in[(ci * h + iy) * w + ix];
                        }
                    exactDw[(co * f + ci) * 9 + tap] = sum;
                }
        float[] directDw = new float[f * f * 9];
        Convolution.convBackwardWeightsReference(dOut, in, directDw, batch, f, f, h, w, 0, 0);
        float[] winogradDw = new float[f * f * 9];
        weightGradient(dOut, in, winogradDw, batch, f, f, h, w, 0, 0);
        double eDirectDw = relativeL2(exactDw, directDw), e4Dw = relativeL2(exactDw, winogradDw);
        System.out.printf("weight gradient relative L2 error vs double, F=64 41x41: direct %.2e, Winograd F(4x4) %.2e%n", eDirectDw, e4Dw);
        assertTrue(e4Dw < 1e-5, "F(4x4) weight gradient error " + e4Dw);
    }

    // ---------------------------------------------------------------- helpers

    /** Tiles per chunk in the chain helpers: small, so most shapes run several chunks and a partial last one. */
    static final int CHUNK = 32;

    /** The forward chain, every kernel run through KernelCall over a padded range, chunk by chunk. */
    static void forward(float[] in, float[] weights, float[] bias, float[] out, int batch, int inC, int outC, int h, int w,
                        int relu, int inOff, int outOff) {
        int reduce = Winograd.reducePadded(inC);
        FloatArray inA = FloatArray.fromArray(in), wA = FloatArray.fromArray(weights), bA = FloatArray.fromArray(bias);
        FloatArray u = new FloatArray((int) Winograd.transformedWeightsSize(outC, inC));
        FloatArray v = new FloatArray((int) Winograd.transformedInputSize(inC, CHUNK));
        FloatArray outA = FloatArray.fromArray(out);
        KernelCall.items(outC * reduce / Winograd.REDUCE_STEP, c -> Winograd.weightTransform(c, wA, u, inC, outC, 0));
        for (int first = 0; first < WinogradTransforms.tiles(batch, h, w); first += CHUNK) {
            int t0 = first;
            KernelCall.items(CHUNK / WinogradTransforms.LANES + 1, reduce, 1, 1, 1, 1, c -> Winograd.inputTransform(c, inA, v, batch, inC, h, w, inOff, t0, CHUNK));
            KernelCall.items(Winograd.rowBlocks(outC), Winograd.tileBlocks(CHUNK), 1, 1, 1, 1,
                    c -> Winograd.multiplyOutput(c, u, v, bA, outA, outC, reduce, CHUNK, batch, h, w, relu, outOff, t0));
        }
        System.arraycopy(outA.toHeapArray(), 0, out, 0, out.length);
    }

    /** The input-gradient chain: rows = Cin, reduced over Cout, U from the rotated, transposed weights. */
    static void backwardInput(float[] dOut, float[] weights, float[] dIn, int batch, int inC, int outC, int h, int w,
                              int accumulate, int dOutOff, int dInOff) {
        int reduce = Winograd.reducePadded(outC);
        FloatArray dOutA = FloatArray.fromArray(dOut), wA = FloatArray.fromArray(weights);
        FloatArray u = new FloatArray((int) Winograd.transformedWeightsSize(inC, outC));
        FloatArray v = new FloatArray((int) Winograd.transformedInputSize(outC, CHUNK));
        FloatArray dInA = FloatArray.fromArray(dIn);
        KernelCall.items(inC * reduce / Winograd.REDUCE_STEP, c -> Winograd.weightTransform(c, wA, u, inC, outC, 1));
        for (int first = 0; first < WinogradTransforms.tiles(batch, h, w); first += CHUNK) {
            int t0 = first;
            KernelCall.items(CHUNK / WinogradTransforms.LANES + 1, reduce, 1, 1, 1, 1, c -> Winograd.inputTransform(c, dOutA, v, batch, outC, h, w, dOutOff, t0, CHUNK));
            KernelCall.items(Winograd.rowBlocks(inC), Winograd.tileBlocks(CHUNK), 1, 1, 1, 1,
                    c -> Winograd.multiplyOutputGradient(c, u, v, dInA, inC, reduce, CHUNK, batch, h, w, accumulate, dInOff, t0));
        }
        System.arraycopy(dInA.toHeapArray(), 0, dIn, 0, dIn.length);
    }

    /** The weight-gradient chain, chunk by chunk (every chunk accumulates into dW). */
    static void weightGradient(float[] dOut, float[] in, float[] dW, int batch, int inC, int outC, int h, int w,
                               int dOutOff, int inOff) {
        int cp = WinogradWeightGradient.channelsPadded(inC);
        FloatArray dOutA = FloatArray.fromArray(dOut), inA = FloatArray.fromArray(in), dWA = FloatArray.fromArray(dW);
        FloatArray vt = new FloatArray((int) WinogradWeightGradient.transposedInputSize(inC, CHUNK));
        FloatArray yt = new FloatArray((int) WinogradWeightGradient.transformedGradientSize(outC, CHUNK));
        FloatArray m = new FloatArray((int) WinogradWeightGradient.weightProductSize(inC, outC));
        for (int first = 0; first < WinogradTransforms.tiles(batch, h, w); first += CHUNK) {
            int t0 = first;
            KernelCall.items(CHUNK + 1, cp / WinogradTransforms.LANES, 1, 1, 1, 1, c -> WinogradWeightGradient.inputTransformTransposed(c, inA, vt, batch, inC, h, w, inOff, t0, CHUNK));
            KernelCall.items(CHUNK / WinogradTransforms.LANES + 1, outC, 1, 1, 1, 1, c -> WinogradWeightGradient.gradientTransform(c, dOutA, yt, batch, outC, h, w, dOutOff, t0, CHUNK));
            KernelCall.items(Winograd.rowBlocks(outC), Winograd.tileBlocks(cp), WinogradTransforms.POSITIONS, 1, 1, 1,
                    c -> Winograd.multiply(c, yt, vt, m, outC, CHUNK, cp));
            KernelCall.items(outC * inC, c -> WinogradWeightGradient.weightGradientTransform(c, m, dWA, inC, outC));
        }
        System.arraycopy(dWA.toHeapArray(), 0, dW, 0, dW.length);
    }

    static double[] convolutionInDouble(float[] in, float[] weights, int batch, int inC, int outC, int h, int w) {
        double[] out = new double[batch * outC * h * w];
        for (int n = 0; n < batch; n++)
            for (int co = 0; co < outC; co++)
                for (int y = 0; y < h; y++)
                    for (int x = 0; x < w; x++) {
                        double sum = 0;
                        for (int ci = 0; ci < inC; ci++)
                            for (int ky = 0; ky < 3; ky++)
                                for (int kx = 0; kx < 3; kx++) {
                                    int iy = y + ky - 1, ix = x + kx - 1;
                                    if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
                                    sum += (double) weights[((co * inC + ci) * 3 + ky) * 3 + kx] * in[((n * inC + ci) * h + iy) * w + ix];
                                }
                        out[((n * outC + co) * h + y) * w + x] = sum;
                    }
        return out;
    }

    /** F(2x2, 3x3) emulated in float (B^T, G, A^T of Lavin and Gray), for the error comparison only. */
    static float[] winogradF2InFloat(float[] in, float[] weights, int batch, int inC, int outC, int h, int w) {
        float[][] bt = {{1, 0, -1, 0}, {0, 1, 1, 0}, {0, -1, 1, 0}, {0, 1, 0, -1}};
        float[][] g = {{1, 0, 0}, {0.5f, 0.5f, 0.5f}, {0.5f, -0.5f, 0.5f}, {0, 0, 1}};
        float[][] at = {{1, 1, 1, 0}, {0, 1, -1, -1}};
        float[][][] u = new float[outC * inC][][];
        for (int i = 0; i < outC * inC; i++) {
            float[][] k = new float[3][3];
            for (int t = 0; t < 9; t++) k[t / 3][t % 3] = weights[i * 9 + t];
            u[i] = mul(mul(g, k), tr(g));
        }
        float[] out = new float[batch * outC * h * w];
        for (int n = 0; n < batch; n++)
            for (int ty = 0; ty < (h + 1) / 2; ty++)
                for (int tx = 0; tx < (w + 1) / 2; tx++) {
                    float[][][] v = new float[inC][][];
                    for (int ci = 0; ci < inC; ci++) {
                        float[][] d = new float[4][4];
                        for (int i = 0; i < 4; i++)
                            for (int j = 0; j < 4; j++) {
                                int y = 2 * ty - 1 + i, x = 2 * tx - 1 + j;
                                d[i][j] = y >= 0 && y < h && x >= 0 && x < w ? in[((n * inC + ci) * h + y) * w + x] : 0;
                            }
                        v[ci] = mul(mul(bt, d), tr(bt));
                    }
                    for (int co = 0; co < outC; co++) {
                        float[][] m = new float[4][4];
                        for (int ci = 0; ci < inC; ci++)
                            for (int i = 0; i < 4; i++)
                                for (int j = 0; j < 4; j++) m[i][j] += u[co * inC + ci][i][j] * v[ci][i][j];
                        float[][] y2 = mul(mul(at, m), tr(at));
                        for (int i = 0; i < 2; i++)
                            for (int j = 0; j < 2; j++) {
                                int y = 2 * ty + i, x = 2 * tx + j;
                                if (y < h && x < w) out[((n * outC + co) * h + y) * w + x] = y2[i][j];
                            }
                    }
                }
        return out;
    }

    static float[][] mul(float[][] a, float[][] b) {
        float[][] c = new float[a.length][b[0].length];
        for (int i = 0; i < a.length; i++)
            for (int j = 0; j < b[0].length; j++) {
                float s = 0;
                for (int k = 0; k < b.length; k++) s += a[i][k] * b[k][j];
                c[i][j] = s;
            }
        return c;
    }

    static float[][] tr(float[][] a) {
        float[][] t = new float[a[0].length][a.length];
        for (int i = 0; i < a.length; i++)
            for (int j = 0; j < a[0].length; j++) t[j][i] = a[i][j];
        return t;
    }

    static double relativeL2(double[] ref, float[] got) {
        double num = 0, den = 0;
        for (int i = 0; i < ref.length; i++) {
            double d = ref[i] - got[i];
            num += d * d;
            den += ref[i] * ref[i];
        }
        return Math.sqrt(num / den);
    }
}
