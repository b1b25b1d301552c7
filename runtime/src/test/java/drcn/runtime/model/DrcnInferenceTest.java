package drcn.runtime.model;

import drcn.runtime.backend.Device;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@link Drcn#forInference}: it allocates only what forward needs, and its forward (batched or
 * per-state reconstruction) gives the training model's forward bit for bit on every device present.
 */
class DrcnInferenceTest {
    static ModelDevices devices;

    @BeforeAll
    static void open() {
        devices = new ModelDevices();
    }

    @AfterAll
    static void close() {
        if (devices != null) devices.close();
    }

    @Test
    void inferenceAllocatesLessAndPredictsBitIdentically() {
        // D even and odd: the per-state schedule's ping-pong ends in either slot
        for (DrcnConfig config : new DrcnConfig[] {DrcnConfig.of(8, 4, 2), DrcnConfig.of(6, 3, 3)}) {
            int n = 2, h = 13, w = 11;
            Random random = new Random(config.recursions());
            DrcnParameters p = ParityCheck.randomParameters(config, random);
            float[] x = ParityCheck.smoothImages(random, n, h, w);
            float[] x2 = ParityCheck.smoothImages(random, n, h, w);
            for (Device device : devices.all()) {
                String id = device.info().id() + " " + config;
                try (Drcn train = new Drcn(device, config, n, h, w);
                     Drcn batched = Drcn.forInference(device, config, n, h, w, Long.MAX_VALUE);
                     Drcn perState = Drcn.forInference(device, config, n, h, w, 0)) {
                    assertTrue(train.training() && train.batchedReconstruction());
                    assertFalse(batched.training());
                    assertTrue(batched.batchedReconstruction());
                    assertFalse(perState.batchedReconstruction());
                    for (Drcn m : new Drcn[] {train, batched, perState}) m.setParameters(p);
                    // twice, with different inputs: the second forward must not see the first's leftovers
                    for (float[] input : new float[][] {x, x2}) {
                        train.forward(input);
                        float[] output = train.output(), predictions = train.predictions();
                        for (Drcn m : new Drcn[] {batched, perState}) {
                            m.forward(input);
                            String what = id + (m.batchedReconstruction() ? " batched" : " per-state");
                            assertArrayEquals(output, m.output(), what + " output");
                            assertArrayEquals(predictions, m.predictions(), what + " predictions");
                        }
                    }

                    long parameters = 4L * p.count();
                    long state = 4L * n * config.filters() * h * w, image = 4L * n * config.channels() * h * w;
                    int d = config.recursions();
                    // x, the D predictions and the output; states: H_0..H_D and D recon1 maps, or 2 slots and 1 map
                    assertEquals(parameters + (2 * d + 1) * state + (d + 2) * image, batched.deviceBytes(), id + " batched bytes");
                    assertEquals(parameters + 3 * state + (d + 2) * image, perState.deviceBytes(), id + " per-state bytes");
                    assertTrue(batched.deviceBytes() < train.deviceBytes());
                    assertTrue(perState.deviceBytes() < batched.deviceBytes());
                    System.out.printf("%s %dx%dx%d device bytes: training %d, inference batched %d, per-state %d%n",
                            id, n, h, w, train.deviceBytes(), batched.deviceBytes(), perState.deviceBytes());
                }
            }
        }
    }

    @Test
    void trainingCallsOnAnInferenceModelThrow() {
        DrcnConfig config = DrcnConfig.of(4, 2, 2);
        try (Drcn model = Drcn.forInference(devices.jvm, config, 1, 5, 6)) {
            model.setParameters(DrcnParameters.initialize(config, 1, DrcnParameters.InferInit.HE));
            model.forward(new float[30]);
            Map<String, Executable> calls = Map.ofEntries(
                    Map.entry("backward()", () -> model.backward(new float[30], 0.5f, 1e-4f)),
                    Map.entry("loss()", model::loss),
                    Map.entry("gradients()", model::gradients),
                    Map.entry("clipGradients()", () -> model.clipGradients(1f)),
                    Map.entry("gradientNorm()", model::gradientNorm),
                    Map.entry("sgdStep()", () -> model.sgdStep(0.1f, 0.9f)),
                    Map.entry("adamStep()", () -> model.adamStep(1e-3f, 0.9f, 0.999f, 1e-8f)),
                    Map.entry("resetOptimizerState()", model::resetOptimizerState),
                    Map.entry("optimizerState()", () -> model.optimizerState(0)),
                    Map.entry("setOptimizerState()", () -> model.setOptimizerState(0, Map.of())),
                    Map.entry("setAdamSteps()", () -> model.setAdamSteps(3)));
            for (Map.Entry<String, Executable> call : calls.entrySet()) {
                IllegalStateException e = assertThrows(IllegalStateException.class, call.getValue(), call.getKey());
                assertTrue(e.getMessage().startsWith(call.getKey() + " needs a training model")
                        && e.getMessage().contains("forInference"), e.getMessage());
            }
            model.forward(new float[30]);   // still usable for inference
        }
    }

    @Test
    void theDefaultBudgetBatchesSmallWindowsOnly() {
        DrcnConfig paper = DrcnConfig.paper(3);
        // D*F*H*W*4 bytes: 16*256*64*64*4 = 64 MiB fits 256 MiB; 16*256*168*168*4 = 441 MiB (a 128 tile's window) does not
        try (Drcn small = Drcn.forInference(devices.jvm, paper, 1, 64, 64)) {
            assertTrue(small.batchedReconstruction());
        }
        try (Drcn window = Drcn.forInference(devices.jvm, paper, 1, 168, 168)) {
            assertFalse(window.batchedReconstruction());
        }
    }
}
