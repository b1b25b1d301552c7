package drcn.kernels.nn;

import drcn.tornado.api.types.arrays.FloatArray;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Random;

import static drcn.kernels.nn.Check.*;

/**
 * {@link ConvolutionSingleOutput#convForwardSingleOutput} against its reference on fresh random inputs: whole tiles
 * inside the image, at the left and right edges (masked vector loads) and in both at once, partial last tiles and
 * tiles in the first and last row blocks (staged loads), heights not a multiple of the 4-row
 * block, images narrower than one tile, slices at element offsets, a padded range with a 2x3x1 local size.
 */
class ConvolutionSingleOutputTest {

    @ParameterizedTest(name = "{0} images, {1} channels, {2}x{3}, relu {4}")
    @CsvSource({"2, 5, 9, 50, 0", "1, 3, 4, 64, 1", "3, 2, 7, 33, 0", "1, 64, 6, 48, 0", "2, 1, 1, 1, 1", "1, 4, 3, 5, 0",
            "2, 3, 13, 18, 1", "1, 2, 2, 17, 0", "2, 5, 14, 50, 0", "1, 3, 16, 64, 1", "1, 2, 12, 16, 0", "1, 4, 11, 32, 1"})
    void matchesReference(int batch, int inC, int h, int w, int relu) {
        Random random = freshRandom("convForwardSingleOutput");
        int inOff = 3, outOff = 5;   // slices inside bigger arrays; elements outside them must stay
        float[] in = random(random, inOff + batch * inC * h * w + 2);
        float[] weights = random(random, inC * 9);
        float[] bias = random(random, 1);
        float[] ref = random(random, outOff + batch * h * w + 4);
        float[] out0 = ref.clone();
        ConvolutionSingleOutput.convForwardSingleOutputReference(in, weights, bias, ref, batch, inC, h, w, relu, inOff, outOff);

        FloatArray out = FloatArray.fromArray(out0);
        FloatArray inA = FloatArray.fromArray(in), wA = FloatArray.fromArray(weights), bA = FloatArray.fromArray(bias);
        int gx = (Convolution.pixelTiles(w) + 1) / 2 * 2, gy = (ConvolutionSingleOutput.rowBlocks(h) + 2) / 3 * 3;
        KernelCall.items(gx, gy, batch, 2, 3, 1, c -> ConvolutionSingleOutput.convForwardSingleOutput(c, inA, wA, bA, out,
                batch, inC, h, w, relu, inOff, outOff));
        close("convForwardSingleOutput", ref, out.toHeapArray(), SAME_ORDER);
    }
}
