package drcn.runtime.model;

import drcn.kernels.nn.Optimizer;
import drcn.runtime.backend.Buffer;
import drcn.runtime.backend.CompiledKernel;
import drcn.runtime.backend.Device;
import drcn.runtime.backend.DeviceInfo;
import drcn.runtime.backend.Event;
import drcn.runtime.backend.Range;
import drcn.runtime.jit.KernelRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * llm.c's layout on the device: the values, the gradients and the optimizer state are each one flat buffer (each
 * tensor a view at its padded offset), and the optimizer step, clipping, the gradient norm, zeroing and weight decay
 * are one launch (chain) each over the whole buffer. Checked against per-tensor host arithmetic on every device present
 * (jvm, and opencl where there is one); the padding between tensors stays zero through the steps.
 */
class DrcnFlatLayoutTest {
    static final DrcnConfig CONFIG = DrcnConfig.of(6, 3, 2);   // F=6, D=3, C=1: every tensor pads on every device
    static final int N = 2, H = 7, W = 8;
    static ModelDevices devices;
    static float[] input, target;

    @BeforeAll
    static void open() {
        devices = new ModelDevices();
        Random random = new Random(11);
        input = ParityCheck.smoothImages(random, N, H, W);
        target = ParityCheck.smoothImages(random, N, H, W);
    }

    @AfterAll
    static void close() {
        if (devices != null) devices.close();
    }

    /** A device that counts launches by kernel (record's default replays through {@link #launch}, so replays count too). */
    static final class CountingDevice implements Device {
        final Device inner;
        final List<String> launches = new ArrayList<>();

        CountingDevice(Device inner) { this.inner = inner; }

        @Override public DeviceInfo info() { return inner.info(); }
        @Override public Buffer allocate(long bytes) { return inner.allocate(bytes); }
        @Override public void write(Buffer target, long targetOffset, MemorySegment source) { inner.write(target, targetOffset, source); }
        @Override public void read(Buffer source, long sourceOffset, MemorySegment target) { inner.read(source, sourceOffset, target); }
        @Override public CompiledKernel compile(KernelRef kernel, Map<String, Integer> constants) { return inner.compile(kernel, constants); }
        @Override public void finish() { inner.finish(); }
        @Override public void close() {}

        @Override
        public Event launch(CompiledKernel kernel, Range range, Object... arguments) {
            launches.add(kernel.kernel().methodName());
            return inner.launch(kernel, range, arguments);
        }

        List<String> take() {
            List<String> out = List.copyOf(launches);
            launches.clear();
            return out;
        }
    }

    @Test
    void theOptimizerClippingTheNormAndZeroingAreOneLaunchEach() {
        for (Device device : devices.all()) {
            var counting = new CountingDevice(device);
            try (DrcnTraining training = new DrcnTraining(counting, CONFIG, N, H, W)) {
                training.setParameters(DrcnParameters.initialize(CONFIG, 5));
                training.forward(input);
                counting.take();
                training.backward(target, 0.5f, 1e-4f);
                List<String> backward = counting.take();
                String id = device.info().id();
                assertEquals(1, backward.stream().filter("zero"::equals).count(), id + " zeroes the gradients once: " + backward);
                assertEquals(1, backward.stream().filter("weightDecayGradient"::equals).count(), id + " " + backward);

                training.loss();
                // D rows and the ensemble row of squared errors (2 chains), ||W||^2 over the conv-weight prefix (1 chain), the total
                assertEquals(List.of("squaredErrorPartials", "sumPartials", "squaredErrorPartials", "sumPartials",
                        "sumOfSquaresPartials", "sumPartials", "lossTotal"), counting.take(), id);
                training.gradientNorm();
                assertEquals(List.of("sumOfSquaresPartials", "sumPartials"), counting.take(), id);
                training.clipGradients(1f);
                assertEquals(List.of("sumOfSquaresPartials", "sumPartials", "clipByNorm"), counting.take(), id);
                training.adamStep(1e-3f, 0.9f, 0.999f, 1e-8f);
                assertEquals(List.of("adamStep"), counting.take(), id);
                training.sgdStep(1e-3f, 0.9f);
                assertEquals(List.of("sgdMomentumStep"), counting.take(), id);
                training.resetOptimizerState();
                assertEquals(List.of("zero", "zero"), counting.take(), id);
            }
        }
    }

    @Test
    void wholeBufferStepsMatchPerTensorArithmeticAndThePaddingStaysZero() {
        for (Device device : devices.all()) {
            String id = device.info().id();
            try (DrcnTraining training = new DrcnTraining(device, CONFIG, N, H, W)) {
                DrcnParameters.Layout layout = DrcnParameters.layout(CONFIG);
                DrcnParameters.Layout padded = training.model().deviceLayout;
                assertTrue(padded.total() > layout.total(), id + ": the device layout pads");
                DrcnParameters start = DrcnParameters.initialize(CONFIG, 9);
                training.setParameters(start);
                assertArrayEquals(start.flat(), training.parameters().flat(), id + ": parameters round-trip exactly");

                float[] w = start.flat(), m = new float[w.length], v = new float[w.length];
                for (int step = 1; step <= 3; step++) {
                    training.forward(input);
                    training.backward(target, 0.5f, 1e-4f);
                    float[] g = layout.join(training.gradients());

                    // the norm: one chain over the flat gradients against a double sum over the tensors
                    double squares = 0;
                    for (float x : g) squares += (double) x * x;
                    float norm = training.gradientNorm();
                    assertEquals(Math.sqrt(squares), norm, 1e-5 * Math.sqrt(squares), id + " step " + step + " norm");

                    // ||W||^2 over the conv-weight prefix against a double sum over the five conv weights
                    double decay = 0;
                    for (String name : DrcnParameters.CONV_WEIGHTS) for (float x : training.parameters().get(name)) decay += (double) x * x;
                    assertEquals(decay, training.loss().decay(), 1e-5 * decay, id + " step " + step + " ||W||^2");

                    // clip to half the norm: every gradient scaled by the same factor
                    training.clipGradients(norm / 2);
                    float factor = Math.min(1f, (norm / 2) / (norm + 1e-6f));
                    float[] clipped = layout.join(training.gradients());
                    for (int i = 0; i < g.length; i++) {
                        assertEquals(g[i] * factor, clipped[i], 1e-6f * Math.abs(g[i]) + 1e-12f, id + " clipped gradient " + i);
                    }

                    float beta1Power = (float) Math.pow(0.9f, step), beta2Power = (float) Math.pow(0.999f, step);
                    for (String name : layout.order()) {
                        int o = layout.offset(name), n = layout.size(name);
                        float[] wt = java.util.Arrays.copyOfRange(w, o, o + n), gt = java.util.Arrays.copyOfRange(clipped, o, o + n),
                                mt = java.util.Arrays.copyOfRange(m, o, o + n), vt = java.util.Arrays.copyOfRange(v, o, o + n);
                        Optimizer.adamStepReference(wt, gt, mt, vt, n, 2e-3f, 0.9f, 0.999f, 1e-8f, beta1Power, beta2Power);
                        System.arraycopy(wt, 0, w, o, n);
                        System.arraycopy(mt, 0, m, o, n);
                        System.arraycopy(vt, 0, v, o, n);
                    }
                    training.adamStep(2e-3f, 0.9f, 0.999f, 1e-8f);
                    assertClose(m, training.optimizerState(0), 1e-6f, id + " step " + step + " Adam m");
                    assertClose(v, training.optimizerState(1), 1e-6f, id + " step " + step + " Adam v");
                    assertClose(w, training.parameters().flat(), 1e-5f, id + " step " + step + " parameters");
                    w = training.parameters().flat();   // follow the device (the kernel and the reference differ by an ulp)
                    m = training.optimizerState(0);
                    v = training.optimizerState(1);
                    assertPaddingZero(training, id + " after Adam step " + step);
                }

                // SGD with momentum over the whole buffer against the per-tensor reference
                training.resetOptimizerState();
                training.forward(input);
                training.backward(target, 0.5f, 1e-4f);
                float[] g = layout.join(training.gradients()), velocity = new float[w.length];
                Optimizer.sgdMomentumStepReference(w, g, velocity, w.length, 0.05f, 0.9f);
                training.sgdStep(0.05f, 0.9f);
                assertClose(velocity, training.optimizerState(0), 0f, id + " SGD velocity");
                assertClose(w, training.parameters().flat(), 1e-7f, id + " SGD parameters");
                assertPaddingZero(training, id + " after the SGD step");
            }
        }
    }

    @Test
    void optimizerStateIsOneFlatCopyEachWay() {
        for (Device device : devices.all()) {
            String id = device.info().id();
            try (DrcnTraining training = new DrcnTraining(device, CONFIG, N, H, W)) {
                int total = DrcnParameters.layout(CONFIG).total();
                Random random = new Random(3);
                float[] m = new float[total], v = new float[total];
                for (int i = 0; i < total; i++) { m[i] = random.nextFloat(); v[i] = random.nextFloat(); }
                training.setOptimizerState(0, m);
                training.setOptimizerState(1, v);
                assertArrayEquals(m, training.optimizerState(0), id);
                assertArrayEquals(v, training.optimizerState(1), id);
                training.resetOptimizerState();
                assertArrayEquals(new float[total], training.optimizerState(0), id);
                assertArrayEquals(new float[total], training.optimizerState(1), id);
                assertThrows(IllegalArgumentException.class, () -> training.setOptimizerState(0, new float[total + 1]));
                assertThrows(IllegalArgumentException.class, () -> training.adamStep(1e-3f, 0.9f, 0.999f, 0f));
            }
        }
    }

    /** The device's flat parameter values hold zeros wherever no tensor lies. */
    private static void assertPaddingZero(DrcnTraining training, String what) {
        Drcn model = training.model();
        DrcnParameters.Layout padded = model.deviceLayout;
        model.run("readValues");
        float[] raw = model.parameterValues.toHeapArray();
        assertEquals(padded.total(), raw.length);
        boolean[] covered = new boolean[raw.length];
        for (String name : padded.order()) java.util.Arrays.fill(covered, padded.offset(name), padded.offset(name) + padded.size(name), true);
        int padding = 0;
        for (int i = 0; i < raw.length; i++) {
            if (covered[i]) continue;
            padding++;
            assertEquals(0f, raw[i], what + ": padding element " + i);
        }
        assertTrue(padding > 0, what + ": there is padding to check");
    }

    private static void assertClose(float[] expected, float[] got, float relative, String what) {
        assertEquals(expected.length, got.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], got[i], relative * Math.abs(expected[i]) + 1e-9f, what + " element " + i);
        }
    }
}
