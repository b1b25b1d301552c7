package drcn.runtime.eval;

import drcn.runtime.backend.JvmAndFirstOpenCL;
import drcn.runtime.backend.Device;
import drcn.runtime.model.DrcnConfig;
import drcn.runtime.model.DrcnParameters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The geometric self-ensemble is the mean of the network on the 8 rotations/flips of its input, each
 * turned back: checked against the 8 passes built here independently (rotations by 90 degrees and a
 * mirror, written with index formulas of their own), on the jvm device and the first OpenCL device.
 */
class SelfEnsembleTest {
    static Device jvm, opencl;

    static JvmAndFirstOpenCL fixture;

    @BeforeAll
    static void open() {
        fixture = JvmAndFirstOpenCL.open();
        jvm = fixture.jvm();
        opencl = fixture.opencl();
    }

    @AfterAll
    static void close() {
        fixture.close();
    }

    static List<Device> devices() {
        return fixture.all();
    }

    /** F=4 D=2 with random biases: not symmetric, so the 8 orientations give 8 different results. */
    static DrcnParameters model(long seed) {
        DrcnParameters p = DrcnParameters.initialize(DrcnConfig.of(4, 2, 3), seed, DrcnParameters.InferInit.HE);
        Random random = new Random(seed + 1);
        for (String name : DrcnParameters.NAMES) {
            if (name.endsWith(".bias")) {
                float[] b = p.get(name);
                for (int i = 0; i < b.length; i++) b[i] = (float) (0.1 * random.nextGaussian());
            }
        }
        p.get("ensemble.weight")[0] = 0.4f;
        p.get("ensemble.weight")[1] = 0.6f;
        return p;
    }

    /** A plane as [y][x]. */
    static float[][] grid(float[] v, int w, int h) {
        float[][] g = new float[h][w];
        for (int y = 0; y < h; y++) System.arraycopy(v, y * w, g[y], 0, w);
        return g;
    }

    static float[] flat(float[][] g) {
        int h = g.length, w = g[0].length;
        float[] v = new float[w * h];
        for (int y = 0; y < h; y++) System.arraycopy(g[y], 0, v, y * w, w);
        return v;
    }

    /** Rotation by 90 degrees clockwise: new[x][h-1-y] = old[y][x]. */
    static float[][] rotate(float[][] g) {
        int h = g.length, w = g[0].length;
        float[][] r = new float[w][h];
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) r[x][h - 1 - y] = g[y][x];
        return r;
    }

    static float[][] rotate(float[][] g, int times) {
        for (int i = 0; i < (times % 4 + 4) % 4; i++) g = rotate(g);
        return g;
    }

    static float[][] mirror(float[][] g) {
        int h = g.length, w = g[0].length;
        float[][] m = new float[h][w];
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) m[y][w - 1 - x] = g[y][x];
        return m;
    }

    /** The 8 passes built directly: rotate k quarter turns (after an optional mirror), run, rotate back, un-mirror; mean. */
    static float[] eightPasses(Upscaler upscaler, float[] input, int w, int h) {
        double[] sum = new double[w * h];
        for (int mirrored = 0; mirrored < 2; mirrored++) {
            for (int k = 0; k < 4; k++) {
                float[][] g = grid(input, w, h);
                if (mirrored == 1) g = mirror(g);
                g = rotate(g, k);
                Upscaler.Result r = upscaler.run(flat(g), g[0].length, g.length, false);
                float[][] back = rotate(grid(r.output(), r.width(), r.height()), -k);
                if (mirrored == 1) back = mirror(back);
                float[] v = flat(back);
                for (int i = 0; i < v.length; i++) sum[i] += v[i];
            }
        }
        float[] mean = new float[sum.length];
        for (int i = 0; i < mean.length; i++) mean[i] = (float) (sum[i] / 8);
        return mean;
    }

    static float[] random(int n, long seed) {
        Random r = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = r.nextFloat();
        return v;
    }

    static double maxDifference(float[] a, float[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
        return m;
    }

    @Test
    void selfEnsembleIsTheMeanOfTheEightPassesBuiltDirectly() {
        int w = 23, h = 17;   // not square: the transposed orientations are 17 x 23
        float[] x = random(w * h, 3);
        DrcnParameters p = model(5);
        for (Device device : devices()) {
            try (Upscaler upscaler = new Upscaler(device, p, 0)) {
                float[] expected = eightPasses(upscaler, x, w, h);
                float[] got = SelfEnsemble.run(upscaler, x, w, h);
                double diff = maxDifference(got, expected);
                assertTrue(diff < 1e-6, device.info().id() + ": max difference " + diff);
                // ... and it is not the plain pass: the orientations matter for this model
                float[] plain = upscaler.run(x, w, h, false).output();
                assertTrue(maxDifference(got, plain) > 1e-3, device.info().id() + ": self-ensemble equals the plain pass");
                // the plain pass handed in as the identity orientation gives the same mean
                assertEquals(0, maxDifference(SelfEnsemble.run(upscaler, x, w, h, plain), got), 1e-7);
            }
        }
    }

    @Test
    void tiledSelfEnsembleMatchesUntiled() {
        int w = 41, h = 30;
        float[] x = random(w * h, 4);
        DrcnParameters p = model(6);
        try (Upscaler whole = new Upscaler(jvm, p, 0); Upscaler tiled = new Upscaler(jvm, p, 8)) {
            double diff = maxDifference(SelfEnsemble.run(tiled, x, w, h), SelfEnsemble.run(whole, x, w, h));
            assertTrue(diff < 1e-5, "max difference " + diff);
            assertTrue(tiled.windows() > 8, "tiles: " + tiled.windows());
        }
    }

    @Test
    void theEightOrientationsAreDistinctAndInvert() {
        int w = 5, h = 3;
        float[] v = new float[w * h];
        for (int i = 0; i < v.length; i++) v[i] = i;
        SelfEnsemble.Grid g = new SelfEnsemble.Grid(w, h, v);
        Set<List<Float>> seen = new HashSet<>();
        for (int t = 0; t < SelfEnsemble.ORIENTATIONS; t++) {
            SelfEnsemble.Grid o = SelfEnsemble.orient(g, t);
            assertEquals(w * h, o.width() * o.height());
            assertEquals(t >= 4 ? h : w, o.width(), "the transposed ones come last");
            List<Float> values = new ArrayList<>();
            for (float f : o.values()) values.add(f);
            values.add((float) o.width());
            assertTrue(seen.add(values), "orientation " + t + " repeats another");
            SelfEnsemble.Grid back = SelfEnsemble.unorient(o, t);
            assertEquals(w, back.width());
            assertArrayEquals(v, back.values());
        }
        // the 8 are exactly the rotations and mirrored rotations
        Set<List<Float>> rotations = new HashSet<>();
        for (int mirrored = 0; mirrored < 2; mirrored++) {
            for (int k = 0; k < 4; k++) {
                float[][] r = grid(v, w, h);
                if (mirrored == 1) r = mirror(r);
                r = rotate(r, k);
                List<Float> values = new ArrayList<>();
                for (float f : flat(r)) values.add(f);
                values.add((float) r[0].length);
                rotations.add(values);
            }
        }
        assertEquals(rotations, seen);
    }
}
