package drcn.kernels.nn;

import drcn.tornado.api.types.arrays.FloatArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Random;

import static drcn.kernels.nn.Check.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The tiled GPU convolutions against {@link Convolution}'s references, run work-group by work-group with barriers and
 * local memory ({@link KernelCall#groups}), on fresh random inputs and odd shapes: partial pixel tiles (P not a multiple
 * of 128, several tiles), partial channel tiles (64-row tiles, 16-channel tiles of the weight gradient), odd channel
 * counts (a half-empty last K chunk of 2 channels), Cin = 1, Cout = 1, 1x1 images, slices at offsets inside bigger arrays.
 */
class ConvolutionTiledTest {

    @ParameterizedTest(name = "{0} images, {1}->{2} channels, {3}x{4}, relu {5}")
    @CsvSource({"2, 5, 70, 9, 11, 1", "1, 1, 1, 1, 1, 0", "3, 4, 1, 7, 13, 1", "1, 1, 65, 12, 12, 0", "2, 67, 3, 5, 3, 1", "3, 2, 9, 1, 1, 0"})
    void forwardMatchesReference(int batch, int inC, int outC, int h, int w, int relu) {
        Random random = freshRandom("convForwardTiled");
        int inOff = 3, outOff = 5;
        float[] in = random(random, inOff + batch * inC * h * w + 2);
        float[] weights = random(random, outC * inC * 9);
        float[] bias = random(random, outC);
        float[] ref = random(random, outOff + batch * outC * h * w + 4);   // elements outside the slice must stay
        float[] out0 = ref.clone();
        ConvolutionTiled.convForwardTiledReference(in, weights, bias, ref, batch, inC, outC, h, w, relu, inOff, outOff);

        FloatArray out = FloatArray.fromArray(out0);
        FloatArray inA = FloatArray.fromArray(in), wA = FloatArray.fromArray(weights), bA = FloatArray.fromArray(bias);
        KernelCall.groups(ConvolutionTiled.pixelTileItems(batch, h, w), ConvolutionTiled.rowTiles(outC), 1,
                ConvolutionTiled.THREADS, 1, 1,
                c -> ConvolutionTiled.convForwardTiled(c, inA, wA, bA, out, batch, inC, outC, h, w, relu, inOff, outOff));
        close("convForwardTiled", ref, out.toHeapArray(), SAME_ORDER);
    }

    @ParameterizedTest(name = "{0} images, {1}->{2} channels, {3}x{4}, accumulate {5}")
    @CsvSource({"2, 70, 5, 9, 11, 0", "2, 70, 5, 9, 11, 1", "1, 1, 1, 1, 1, 0", "3, 1, 4, 7, 13, 1", "1, 65, 1, 12, 12, 0", "2, 3, 67, 5, 3, 1"})
    void backwardInputMatchesReference(int batch, int inC, int outC, int h, int w, int accumulate) {
        Random random = freshRandom("convBackwardInputTiled");
        int dOutOff = 7, dInOff = 2;
        float[] dOut = random(random, dOutOff + batch * outC * h * w + 1);
        float[] weights = random(random, outC * inC * 9);
        float[] dIn0 = random(random, dInOff + batch * inC * h * w + 3);
        float[] ref = dIn0.clone();
        ConvolutionTiled.convBackwardInputTiledReference(dOut, weights, ref, batch, inC, outC, h, w, accumulate, dOutOff, dInOff);

        FloatArray dOutA = FloatArray.fromArray(dOut), wA = FloatArray.fromArray(weights), dIn = FloatArray.fromArray(dIn0);
        KernelCall.groups(ConvolutionTiled.pixelTileItems(batch, h, w), ConvolutionTiled.rowTiles(inC), 1,
                ConvolutionTiled.THREADS, 1, 1,
                c -> ConvolutionTiled.convBackwardInputTiled(c, dOutA, wA, dIn, batch, inC, outC, h, w, accumulate, dOutOff, dInOff));
        close("convBackwardInputTiled", ref, dIn.toHeapArray(), OTHER_ORDER);
    }

    /** The two passes (split partials, then the ordered sum added onto non-zero dWeights) against the definition. */
    @ParameterizedTest(name = "{0} images, {1}->{2} channels, {3}x{4}, {5} splits")
    @CsvSource({"2, 5, 70, 9, 11, 3", "1, 17, 3, 6, 7, 1", "1, 1, 1, 1, 1, 4", "3, 2, 65, 4, 5, 2", "2, 33, 2, 3, 18, 5"})
    void backwardWeightsMatchesReference(int batch, int inC, int outC, int h, int w, int splits) {
        Random random = freshRandom("convBackwardWeightsTiled");
        int dOutOff = 6, inOff = 1;
        float[] dOut = random(random, dOutOff + batch * outC * h * w + 3);
        float[] in = random(random, inOff + batch * inC * h * w + 2);
        float[] dW0 = random(random, outC * inC * 9);   // parameter gradients accumulate: start non-zero
        float[] refW = dW0.clone();
        Convolution.convBackwardWeightsReference(dOut, in, refW, batch, inC, outC, h, w, dOutOff, inOff);
        int count = outC * inC * 9;
        float[] refPartials = new float[splits * count];
        ConvolutionTiled.convBackwardWeightsTiledReference(dOut, in, refPartials, batch, inC, outC, h, w, splits, dOutOff, inOff);

        FloatArray dOutA = FloatArray.fromArray(dOut), inA = FloatArray.fromArray(in), dW = FloatArray.fromArray(dW0);
        FloatArray partials = FloatArray.fromArray(random(random, splits * count));   // garbage: every element must be written
        KernelCall.groups(ConvolutionTiled.weightInTileItems(inC), ConvolutionTiled.weightOutTiles(outC), splits,
                ConvolutionTiled.WEIGHT_THREADS, 1, 1,
                c -> ConvolutionTiled.convBackwardWeightsTiled(c, dOutA, inA, partials, batch, inC, outC, h, w, splits, dOutOff, inOff));
        double atol = Math.max(Check.ATOL, 1e-6 * batch * h * w);
        close("convBackwardWeightsTiled partials", refPartials, partials.toHeapArray(), atol, Check.RTOL, OTHER_ORDER);
        int items = (count + 255) / 256 * 256;
        KernelCall.items(items, 1, 1, 256, 1, 1, c -> ConvolutionTiled.convBackwardWeightsTiledReduce(c, partials, dW, splits, count));
        close("convBackwardWeightsTiled + reduce", refW, dW.toHeapArray(), atol, Check.RTOL, OTHER_ORDER);
    }

    @Test
    void reduceSumsTheSplitsInOrder() {
        Random random = freshRandom("convBackwardWeightsTiledReduce");
        int splits = 3, count = 37;
        float[] partials = random(random, splits * count);
        float[] dW0 = random(random, count);
        float[] ref = dW0.clone();
        ConvolutionTiled.convBackwardWeightsTiledReduceReference(partials, ref, splits, count);
        FloatArray dW = FloatArray.fromArray(dW0), pA = FloatArray.fromArray(partials);
        KernelCall.items(40, 1, 1, 8, 1, 1, c -> ConvolutionTiled.convBackwardWeightsTiledReduce(c, pA, dW, splits, count));
        close("convBackwardWeightsTiledReduce", ref, dW.toHeapArray(), 0, 0, 0);
    }

    /** The split helper: at least one split, whole chunks per split, every pixel in exactly one split. */
    @Test
    void splitsCoverEveryPixelOnce() {
        assertEquals(1, ConvolutionTiled.weightSplits(1, 1, 1, 1, 1, 528));
        int splits = ConvolutionTiled.weightSplits(16, 64, 64, 41, 41, 528);
        assertTrue(splits > 1 && splits * 4 >= 528, "F=64 fills 528 work-groups: " + splits);
        for (int pixels : new int[]{1, 15, 16, 17, 26896}) {
            for (int s = 1; s <= 7; s++) {
                int per = ConvolutionTiled.splitPixels(pixels, s);
                assertEquals(0, per % ConvolutionTiled.WEIGHT_CHUNK_PIXELS);
                assertTrue((long) per * s >= pixels, pixels + " pixels, " + s + " splits");
            }
        }
    }
}
