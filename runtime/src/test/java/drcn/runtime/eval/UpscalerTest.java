package drcn.runtime.eval;

import drcn.runtime.backend.JvmAndFirstOpenCL;
import drcn.runtime.backend.Device;
import drcn.runtime.model.DrcnConfig;
import drcn.runtime.model.DrcnParameters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** Tiled DRCN inference equals whole-image inference: the overlap covers the receptive field. */
class UpscalerTest {
    static Device jvm;
    /** The first OpenCL device, or null: its conv kernels must also sum the same way whatever the image size. */
    static Device opencl;

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

    /** A tiny random model; biases non-zero so that zero padding at a false border would show. */
    static DrcnParameters tinyModel(int scale, long seed) {
        DrcnParameters p = DrcnParameters.initialize(DrcnConfig.of(4, 2, scale), seed, DrcnParameters.InferInit.HE);
        Random random = new Random(seed + 1);
        for (String name : DrcnParameters.NAMES) {
            if (name.endsWith(".bias")) {
                float[] b = p.get(name);
                for (int i = 0; i < b.length; i++) b[i] = (float) (0.1 * random.nextGaussian());
            }
        }
        float[] e = p.get("ensemble.weight");
        e[0] = 0.3f;
        e[1] = 0.7f;
        return p;
    }

    @Test
    void tiledEqualsUntiled() {
        for (Device device : devices()) tiledEqualsUntiled(device);
    }

    private void tiledEqualsUntiled(Device device) {
        DrcnParameters p = tinyModel(3, 7);
        int w = 61, h = 47;  // not multiples of the tile: edge windows are shifted inwards
        float[] input = new float[w * h];
        Random random = new Random(3);
        for (int i = 0; i < input.length; i++) input[i] = random.nextFloat();

        Upscaler.Result whole, tiled;
        try (Upscaler u = new Upscaler(device, p, 0)) {
            whole = u.run(input, w, h);
            assertEquals(1, u.windows());
        }
        try (Upscaler u = new Upscaler(device, p, 16)) {
            assertEquals(6, u.margin());   // D + 4
            tiled = u.run(input, w, h);
            assertEquals(4 * 3, u.windows());
        }
        String on = " on " + device.info().name();
        assertClose(whole.output(), tiled.output(), "ensemble" + on);
        for (int d = 0; d < 2; d++) assertClose(whole.predictions()[d], tiled.predictions()[d], "recursion " + (d + 1) + on);
        // the model does something: the output is not just the input
        double moved = 0;
        for (int i = 0; i < input.length; i++) moved = Math.max(moved, Math.abs(whole.output()[i] - input[i]));
        assertTrue(moved > 1e-3, "the tiny model left the input unchanged");
    }

    @Test
    void batchedWindowsEqualWindowsOneByOneBitForBit() {
        for (Device device : devices()) {
            DrcnParameters p = tinyModel(3, 11);
            int w = 61, h = 47;   // 4 x 3 windows of 28 x 28
            float[] input = new float[w * h];
            Random random = new Random(5);
            for (int i = 0; i < input.length; i++) input[i] = random.nextFloat();
            Upscaler.Result one;
            try (Upscaler u = new Upscaler(device, p, 16, 1)) {
                one = u.run(input, w, h);
                assertEquals(12, u.passes());
            }
            String on = " on " + device.info().name();
            // 5 at most: 3 passes of 4; 0: as many as the memory budget holds, here all 12 in one pass
            for (int[] batchAndPasses : new int[][] {{5, 3}, {7, 2}, {0, 1}}) {
                try (Upscaler u = new Upscaler(device, p, 16, batchAndPasses[0])) {
                    Upscaler.Result batched = u.run(input, w, h);
                    assertEquals(12, u.windows());
                    assertEquals(batchAndPasses[1], u.passes(), "passes with batches of at most " + batchAndPasses[0]);
                    assertArrayEquals(one.output(), batched.output(), "ensemble, batches of at most " + batchAndPasses[0] + on);
                    for (int d = 0; d < 2; d++) {
                        assertArrayEquals(one.predictions()[d], batched.predictions()[d], "recursion " + (d + 1) + on);
                    }
                    // a second image through the same model: the padding of a last, shorter pass leaks nothing
                    Upscaler.Result again = u.run(input, w, h);
                    assertArrayEquals(one.output(), again.output(), "second run" + on);
                }
            }
        }
    }

    @Test
    void theMemoryBudgetSetsTheBatchOnAGpu() {
        // a 256 tile of the paper's D = 16 is a 296 x 296 window: (3F + 18) maps of 350 KB each
        assertEquals(14, Upscaler.windowsInBudget(DrcnConfig.of(64, 16, 3), 296, 296, 80L << 30));
        assertEquals(3, Upscaler.windowsInBudget(DrcnConfig.of(256, 16, 3), 296, 296, 80L << 30));
        assertEquals(1, Upscaler.windowsInBudget(DrcnConfig.of(256, 16, 3), 296, 296, 1L << 30), "a quarter of a small device");
        assertEquals(1, Upscaler.windowsInBudget(DrcnConfig.of(256, 16, 3), 2000, 2000, 80L << 30), "at least one");
    }

    private static void assertClose(float[] expected, float[] actual, String what) {
        double worst = 0;
        for (int i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
        System.out.println(what + ": largest |tiled - untiled| = " + worst);
        assertTrue(worst <= 1e-5, what + ": tiled differs from untiled by " + worst);
    }

    @Test
    void spansCoverTheAxisAndReachTheReceptiveField() {
        try (Upscaler u = new Upscaler(jvm, tinyModel(2, 1), 16)) {
            int m = u.margin();
            for (int length = 1; length < 120; length++) {
                List<Upscaler.Span> spans = u.spans(length);
                int next = 0;
                int windowLength = spans.getFirst().windowLength();
                for (Upscaler.Span s : spans) {
                    assertEquals(next, s.start(), "gap or overlap of interiors at length " + length);
                    next = s.end();
                    assertEquals(windowLength, s.windowLength(), "one window size per axis");
                    assertTrue(s.windowStart() >= 0 && s.windowEnd() <= length);
                    assertTrue(s.windowStart() <= Math.max(0, s.start() - m), "window starts too late: " + s);
                    assertTrue(s.windowEnd() >= Math.min(length, s.end() + m), "window ends too early: " + s);
                }
                assertEquals(length, next);
            }
        }
    }
}
