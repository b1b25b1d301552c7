package drcn.bench.ladder;

import drcn.tornado.api.types.arrays.FloatArray;
import drcn.kernels.nn.Convolution;
import drcn.kernels.nn.ConvolutionTiled;
import drcn.runtime.backends.Backends;
import drcn.runtime.backend.Buffer;
import drcn.runtime.backend.Device;
import drcn.runtime.backend.Range;
import drcn.runtime.jit.KernelRef;
import drcn.runtime.backend.Kernels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The GPU ladders' tiled candidates ({@link ConvTiledCandidates}) on the JVM backend (which runs their barriers and
 * local memory as written) against {@link Convolution}'s plain-Java references on fresh random inputs: shapes with
 * partial tiles in every dimension, channel counts over 128 (two row tiles of the 128-wide kernels), slices at
 * element offsets, fused ReLU / accumulate, splits past the end of the pixels.
 */
class ConvTiledCandidatesTest {
    static Device jvm;
    static final long SEED = System.nanoTime();

    @BeforeAll
    static void open() {
        jvm = Backends.open("jvm", 0);
        System.out.println("ConvTiledCandidatesTest seed " + SEED);
    }

    @AfterAll
    static void close() {
        jvm.close();
    }

    @ParameterizedTest(name = "{0} images, {1}->{2} channels, {3}x{4}")
    @CsvSource({"2, 5, 70, 9, 11", "1, 3, 130, 5, 7"})
    void forwardCandidatesMatchTheReference(int batch, int in, int out, int h, int w) {
        Random random = new Random(SEED);
        int inOff = 3, outOff = 5;
        float[] x = random(random, inOff + batch * in * h * w + 2), weights = random(random, out * in * 9), bias = random(random, out);
        float[] start = random(random, outOff + batch * out * h * w + 4);
        float[] want = start.clone();
        Convolution.convForwardReference(x, weights, bias, want, batch, in, out, h, w, 1, inOff, outOff);
        Range tile128 = Range.of(ConvTiledCandidates.pixelTileItems128(batch, h, w), ConvTiledCandidates.rowTiles128(out))
                .withLocal(ConvTiledCandidates.THREADS_128, 1);
        Range tile64 = Range.of(ConvolutionTiled.pixelTileItems(batch, h, w), ConvolutionTiled.rowTiles(out)).withLocal(ConvolutionTiled.THREADS, 1);
        for (var candidate : Map.of(Kernels.ref(ConvTiledCandidates::convForwardTiled128), tile128,
                Kernels.ref(ConvTiledCandidates::convForwardTiledDouble), tile64,
                Kernels.ref(ConvTiledCandidates::convForwardTiled128Double), tile128).entrySet()) {
            float[] got = run(candidate.getKey(), candidate.getValue(), start, batch, in, out, h, w, 1, inOff, outOff, x, weights, bias);
            assertClose(candidate.getKey().displayName(), want, got);
        }
    }

    @ParameterizedTest(name = "{0} images, {1}->{2} channels, {3}x{4}")
    @CsvSource({"2, 70, 5, 9, 11", "1, 130, 3, 5, 7"})
    void inputGradientCandidatesMatchTheReference(int batch, int in, int out, int h, int w) {
        Random random = new Random(SEED + 1);
        int dOutOff = 7, dInOff = 2;
        float[] dOut = random(random, dOutOff + batch * out * h * w + 1), weights = random(random, out * in * 9);
        float[] start = random(random, dInOff + batch * in * h * w + 3);
        float[] want = start.clone();
        Convolution.convBackwardInputReference(dOut, weights, want, batch, in, out, h, w, 1, dOutOff, dInOff);
        Range tile128 = Range.of(ConvTiledCandidates.pixelTileItems128(batch, h, w), ConvTiledCandidates.rowTiles128(in))
                .withLocal(ConvTiledCandidates.THREADS_128, 1);
        Range tile64 = Range.of(ConvolutionTiled.pixelTileItems(batch, h, w), ConvolutionTiled.rowTiles(in)).withLocal(ConvolutionTiled.THREADS, 1);
        for (var candidate : Map.of(Kernels.ref(ConvTiledCandidates::convBackwardInputTiled128), tile128,
                Kernels.ref(ConvTiledCandidates::convBackwardInputTiledDouble), tile64,
                Kernels.ref(ConvTiledCandidates::convBackwardInputTiled128Double), tile128).entrySet()) {
            float[] got = run(candidate.getKey(), candidate.getValue(), start, batch, in, out, h, w, 1, dOutOff, dInOff, dOut, weights, null);
            assertClose(candidate.getKey().displayName(), want, got);
        }
    }

    @ParameterizedTest(name = "{0} images, {1}->{2} channels, {3}x{4}, {5} splits")
    @CsvSource({"2, 5, 70, 9, 11, 3", "1, 40, 3, 5, 6, 2"})
    void weightGradientCandidatesGiveTheReferencesPartials(int batch, int in, int out, int h, int w, int splits) {
        Random random = new Random(SEED + 2);
        int dOutOff = 6, inOff = 1, count = out * in * 9;
        float[] dOut = random(random, dOutOff + batch * out * h * w + 3), x = random(random, inOff + batch * in * h * w + 2);
        // the partials summed over the splits are the weight gradient itself
        float[] want = new float[count];
        Convolution.convBackwardWeightsReference(dOut, x, want, batch, in, out, h, w, dOutOff, inOff);
        Range double64 = Range.of(ConvolutionTiled.weightInTileItems(in), ConvolutionTiled.weightOutTiles(out), splits)
                .withLocal(ConvolutionTiled.WEIGHT_THREADS, 1, 1);
        Range wide = Range.of(ConvTiledCandidates.weightWideInTileItems(in), ConvolutionTiled.weightOutTiles(out), splits)
                .withLocal(ConvTiledCandidates.WIDE_THREADS, 1, 1);
        for (var candidate : Map.of(Kernels.ref(ConvTiledCandidates::convBackwardWeightsTiledDouble), double64,
                Kernels.ref(ConvTiledCandidates::convBackwardWeightsTiledWide), wide).entrySet()) {
            float[] garbage = random(random, splits * count); // every partial must be written
            try (Buffer bd = upload(dOut); Buffer bx = upload(x); Buffer bp = upload(garbage)) {
                Kernels.launch(jvm, candidate.getKey(), candidate.getValue(), bd, bx, bp, batch, in, out, h, w, splits, dOutOff, inOff);
                float[] partials = download(bp, splits * count);
                float[] sum = new float[count];
                for (int s = 0; s < splits; s++) for (int i = 0; i < count; i++) sum[i] += partials[s * count + i];
                assertClose(candidate.getKey().displayName(), want, sum);
            }
        }
    }

    /** One launch of a forward (bias given) or input-gradient (bias null) candidate on a copy of {@code start}; returns the target. */
    private static float[] run(KernelRef kernel, Range range, float[] start, int batch, int in, int out, int h, int w, int flag,
                               int sourceOffset, int targetOffset, float[] source, float[] weights, float[] bias) {
        try (Buffer bs = upload(source); Buffer bw = upload(weights); Buffer bt = upload(start);
             Buffer bb = upload(bias != null ? bias : new float[1])) {
            if (bias != null) {
                Kernels.launch(jvm, kernel, range, bs, bw, bb, bt, batch, in, out, h, w, flag, sourceOffset, targetOffset);
            } else {
                Kernels.launch(jvm, kernel, range, bs, bw, bt, batch, in, out, h, w, flag, sourceOffset, targetOffset);
            }
            return download(bt, start.length);
        }
    }

    /** Relative L2 within 1e-5 over the whole buffer (elements outside the slice must have stayed). */
    static void assertClose(String what, float[] want, float[] got) {
        double diff = 0, norm = 0;
        for (int i = 0; i < want.length; i++) {
            diff += (want[i] - got[i]) * (double) (want[i] - got[i]);
            norm += want[i] * (double) want[i];
        }
        assertTrue(Math.sqrt(diff / norm) < 1e-5, what + ": relative L2 error " + Math.sqrt(diff / norm));
    }

    static float[] random(Random random, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = random.nextFloat() * 2 - 1;
        return a;
    }

    static Buffer upload(float[] values) {
        Buffer b = jvm.allocateFloats(values.length);
        jvm.write(b, FloatArray.fromArray(values));
        return b;
    }

    static float[] download(Buffer b, int n) {
        FloatArray a = new FloatArray(n);
        jvm.read(b, a);
        return a.toHeapArray();
    }
}
