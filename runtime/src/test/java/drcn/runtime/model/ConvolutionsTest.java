package drcn.runtime.model;

import drcn.tornado.api.types.arrays.FloatArray;
import drcn.kernels.nn.Convolution;
import drcn.runtime.backend.Buffer;
import drcn.runtime.backend.Device;
import drcn.runtime.backend.DeviceInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every convolution algorithm of {@link Convolutions} (direct GPU and CPU kernels, the Winograd chain, the tiled
 * GEMMs) on every device present, against {@link Convolution}'s plain-Java references on fresh random inputs: the
 * forward with fused ReLU, the input gradient accumulating, the weight and bias gradients accumulating, on an odd
 * shape (partial tiles everywhere: 9 -> 11 channels, 7 x 13 images, slices at element offsets). The model's own
 * tests cover the F = 4 net (direct kernels) and the jvm/opencl agreement; this is what makes each algorithm's
 * gradients trustworthy on its own.
 */
class ConvolutionsTest {
    static ModelDevices devices;
    static final long SEED = System.nanoTime();

    @BeforeAll
    static void open() {
        devices = new ModelDevices();
        System.out.println("ConvolutionsTest seed " + SEED);
    }

    @AfterAll
    static void close() {
        devices.close();
    }

    @Test
    void theDefaultIsWinogradOnCpusAndTiledOnGpusForWideLayersDirectForNarrowOnes() {
        DeviceInfo cpu = new DeviceInfo("opencl", 0, "p", "cpu", "1", 2, 1L << 30, 1024, 1 << 16, true);
        DeviceInfo gpu = new DeviceInfo("cuda", 0, "p", "gpu", "1", 132, 1L << 30, 1024, 1 << 16, false);
        assertEquals(Convolutions.Algorithm.CPU_WINOGRAD, Convolutions.algorithm("auto", cpu, 64, 64));
        assertEquals(Convolutions.Algorithm.GPU_TILED, Convolutions.algorithm("auto", gpu, 64, 64));
        assertEquals(Convolutions.Algorithm.CPU_DIRECT, Convolutions.algorithm("auto", cpu, 1, 64));
        assertEquals(Convolutions.Algorithm.GPU_DIRECT, Convolutions.algorithm("auto", gpu, 64, 1));
        assertEquals(Convolutions.Algorithm.GPU_DIRECT, Convolutions.algorithm("direct", gpu, 64, 64));
        assertEquals(Convolutions.Algorithm.GPU_TILED, Convolutions.algorithm("tiled", cpu, 64, 64));
        assertEquals(Convolutions.Algorithm.CPU_WINOGRAD, Convolutions.algorithm("winograd", gpu, 64, 64));
    }

    /**
     * The small shape fits one Winograd chunk (one half block of 16 tiles); 5 x 41x41 runs two chunks of 304 tiles;
     * 2 x 9x70 has rows of 18 tiles (the input transform copies whole block rows for groups of 16 tiles in one row).
     */
    @ParameterizedTest(name = "{0} images of {3}x{4}, {1} -> {2} channels")
    @CsvSource({"2, 9, 11, 7, 13", "5, 9, 11, 41, 41", "2, 9, 11, 9, 70"})
    void everyAlgorithmMatchesTheReferencesOnEveryDevice(int batch, int in, int out, int h, int w) {
        int inOffset = 3, outOffset = 5;
        Random random = new Random(SEED);
        float[] x = random(random, inOffset + batch * in * h * w + 2);
        float[] weights = random(random, out * in * 9);
        float[] bias = random(random, out);
        float[] y0 = random(random, outOffset + batch * out * h * w + 4);
        float[] dY = random(random, outOffset + batch * out * h * w + 4);
        float[] dX0 = random(random, inOffset + batch * in * h * w + 2);
        float[] dW0 = random(random, out * in * 9);
        float[] dB0 = random(random, out);

        float[] yWant = y0.clone();
        Convolution.convForwardReference(x, weights, bias, yWant, batch, in, out, h, w, 1, inOffset, outOffset);
        float[] dXWant = dX0.clone();
        Convolution.convBackwardInputReference(dY, weights, dXWant, batch, in, out, h, w, 1, outOffset, inOffset);
        float[] dWWant = dW0.clone();
        Convolution.convBackwardWeightsReference(dY, x, dWWant, batch, in, out, h, w, outOffset, inOffset);
        float[] dBWant = dB0.clone();
        Convolution.convBackwardBiasReference(dY, dBWant, batch, out, h, w, outOffset);

        for (Device device : devices.all()) {
            for (Convolutions.Algorithm algorithm : Convolutions.Algorithm.values()) {
                String where = algorithm + " on " + device.info().id();
                try (Convolutions convolutions = new Convolutions(device);
                     Buffer bx = upload(device, x); Buffer bw = upload(device, weights); Buffer bb = upload(device, bias);
                     Buffer by = upload(device, y0); Buffer bdy = upload(device, dY); Buffer bdx = upload(device, dX0);
                     Buffer bdw = upload(device, dW0); Buffer bdb = upload(device, dB0)) {
                    convolutions.forward(algorithm, bx, inOffset, bw, bb, by, outOffset, batch, in, out, h, w, true);
                    convolutions.backwardInput(algorithm, bdy, outOffset, bw, bdx, inOffset, batch, in, out, h, w, true);
                    convolutions.backwardWeights(algorithm, bdy, outOffset, bx, inOffset, bdw, batch, in, out, h, w);
                    convolutions.backwardBias(bdy, outOffset, bdb, batch, out, h, w);
                    assertClose(where + " forward", yWant, download(device, by, y0.length));
                    assertClose(where + " input gradient", dXWant, download(device, bdx, dX0.length));
                    assertClose(where + " weight gradient", dWWant, download(device, bdw, dW0.length));
                    assertClose(where + " bias gradient", dBWant, download(device, bdb, dB0.length));
                }
            }
        }
    }

    /**
     * The forward with ONE output channel (DRCN's recon2) as the model runs it on every device present (on CPUs
     * {@link drcn.kernels.nn.ConvolutionSingleOutput}), against the reference: 64 channels over widths with interior,
     * border and partial 16-pixel tiles and heights off the 4-row blocks.
     */
    @ParameterizedTest(name = "{0} images of {2}x{3}, {1} -> 1 channels")
    @CsvSource({"3, 64, 21, 50", "2, 7, 5, 16", "1, 64, 64, 64"})
    void theSingleOutputForwardMatchesTheReferenceOnEveryDevice(int batch, int in, int h, int w) {
        int inOffset = 7, outOffset = 2;
        Random random = new Random(SEED + 1);
        float[] x = random(random, inOffset + batch * in * h * w + 2);
        float[] weights = random(random, in * 9);
        float[] bias = random(random, 1);
        float[] y0 = random(random, outOffset + batch * h * w + 4);
        float[] yWant = y0.clone();
        Convolution.convForwardReference(x, weights, bias, yWant, batch, in, 1, h, w, 0, inOffset, outOffset);
        for (Device device : devices.all()) {
            try (Convolutions convolutions = new Convolutions(device);
                 Buffer bx = upload(device, x); Buffer bw = upload(device, weights); Buffer bb = upload(device, bias);
                 Buffer by = upload(device, y0)) {
                convolutions.forward(bx, inOffset, bw, bb, by, outOffset, batch, in, 1, h, w, false);
                assertClose("forward to one channel on " + device.info().id(), yWant, download(device, by, y0.length));
            }
        }
    }

    /**
     * {@link Convolutions#forwardPair} gives each of its two convolutions bit for bit what {@link Convolutions#forward}
     * gives it alone, on every device present (with Winograd on CPUs one input transform serves both), over two
     * chunks of tiles; and the second forward after the pair reuses the pair's transformed weights correctly.
     */
    @ParameterizedTest(name = "{0} images of {2}x{3}, {1} channels")
    @CsvSource({"1, 16, 64, 64", "5, 9, 41, 41"})
    void aPairEqualsTwoForwardsOnEveryDevice(int batch, int channels, int h, int w) {
        int inOffset = 4, outOffset = 3;
        Random random = new Random(SEED + 2);
        float[] x = random(random, inOffset + batch * channels * h * w);
        float[] wA = random(random, channels * channels * 9), bA = random(random, channels);
        float[] wB = random(random, channels * channels * 9), bB = random(random, channels);
        int outLength = outOffset + batch * channels * h * w;
        for (Device device : devices.all()) {
            String where = " on " + device.info().id();
            try (Convolutions convolutions = new Convolutions(device);
                 Buffer bx = upload(device, x); Buffer bwA = upload(device, wA); Buffer bbA = upload(device, bA);
                 Buffer bwB = upload(device, wB); Buffer bbB = upload(device, bB);
                 Buffer aloneA = upload(device, new float[outLength]); Buffer aloneB = upload(device, new float[outLength]);
                 Buffer pairA = upload(device, new float[outLength]); Buffer pairB = upload(device, new float[outLength]);
                 Buffer againB = upload(device, new float[outLength])) {
                convolutions.forward(bx, inOffset, bwA, bbA, aloneA, outOffset, batch, channels, channels, h, w, true);
                convolutions.forward(bx, inOffset, bwB, bbB, aloneB, outOffset, batch, channels, channels, h, w, true);
                convolutions.forwardPair(bx, inOffset, bwA, bbA, pairA, outOffset, bwB, bbB, pairB, outOffset,
                        batch, channels, channels, h, w, true);
                convolutions.forward(bx, inOffset, bwB, bbB, againB, outOffset, batch, channels, channels, h, w, true);
                float[] want = download(device, aloneB, outLength);
                assertArrayEquals(download(device, aloneA, outLength), download(device, pairA, outLength), "first of the pair" + where);
                assertArrayEquals(want, download(device, pairB, outLength), "second of the pair" + where);
                assertArrayEquals(want, download(device, againB, outLength), "forward after the pair" + where);
            }
        }
    }

    /** Relative L2 within 1e-5 (Winograd's transforms and other summation orders round differently), and no stray element touched. */
    static void assertClose(String what, float[] want, float[] got) {
        double diff = 0, norm = 0;
        for (int i = 0; i < want.length; i++) {
            diff += (want[i] - got[i]) * (double) (want[i] - got[i]);
            norm += want[i] * (double) want[i];
        }
        double rel = Math.sqrt(diff / norm);
        assertTrue(rel < 1e-5, what + ": relative L2 error " + rel);
    }

    static float[] random(Random random, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = random.nextFloat() * 2 - 1;
        return a;
    }

    static Buffer upload(Device device, float[] values) {
        Buffer b = device.allocateFloats(values.length);
        device.write(b, FloatArray.fromArray(values));
        return b;
    }

    static float[] download(Device device, Buffer b, int n) {
        FloatArray a = new FloatArray(n);
        device.read(b, a);
        return a.toHeapArray();
    }
}
