package drcn.runtime.model;

import drcn.runtime.backend.Device;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@link Drcn#forInference}: it allocates only what forward needs (training state lives in a
 * {@link DrcnTraining}), and its forward (batched or per-state reconstruction) gives the training model's
 * forward bit for bit on every device present.
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
                try (DrcnTraining training = new DrcnTraining(device, config, n, h, w);
                     Drcn batched = Drcn.forInference(device, config, n, h, w, Long.MAX_VALUE);
                     Drcn perState = Drcn.forInference(device, config, n, h, w, 0)) {
                    Drcn train = training.model();
                    assertTrue(train.batchedReconstruction());
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

                    // one flat buffer of the parameters, each tensor's offset padded to the device's slice alignment
                    int paddedParameters = DrcnParameters.layout(config, (int) (device.info().sliceAlignment() / 4)).total();
                    assertTrue(paddedParameters >= p.count() && paddedParameters < p.count() + 12 * device.info().sliceAlignment() / 4);
                    long parameters = 4L * paddedParameters;
                    long state = 4L * n * config.filters() * h * w, image = 4L * n * config.channels() * h * w;
                    int d = config.recursions();
                    // x, the D predictions and the output; states: H_0..H_D and D recon1 maps, or 2 slots and 1 map
                    assertEquals(parameters + (2 * d + 1) * state + (d + 2) * image, batched.deviceBytes(), id + " batched bytes");
                    assertEquals(parameters + 3 * state + (d + 2) * image, perState.deviceBytes(), id + " per-state bytes");
                    // the trained model adds only e1 (backward reads it after recon1 has overwritten r1)
                    assertEquals(batched.deviceBytes() + state, train.deviceBytes(), id + " trained model bytes");
                    // training's own: the target, dOutput, dPredictions, dR1/dZ, dH, dE1; three copies of the parameters;
                    // partials (at most 64 groups per row), the D + 2 loss terms, the loss and the squared norm
                    long largestReduction = Math.max(Math.max(image / 4, paddedParameters), Math.max(9L * config.filters() * config.filters(), state / 4));
                    long partials = 4L * d * Math.min(64, (largestReduction + 255) / 256);
                    assertEquals(train.deviceBytes() + 2 * image + d * image + (2L * d + 3) * state + 3 * parameters + partials + 4L * (d + 4),
                            training.deviceBytes(), id + " training bytes");
                    assertTrue(perState.deviceBytes() < batched.deviceBytes());
                    System.out.printf("%s %dx%dx%d device bytes: training %d, inference batched %d, per-state %d%n",
                            id, n, h, w, training.deviceBytes(), batched.deviceBytes(), perState.deviceBytes());
                }
            }
        }
    }

    @Test
    void anInferenceModelHasNoTrainingApi() {
        // gradients, the loss, the optimizer and its state are DrcnTraining's: a Drcn cannot even be asked for them
        for (String training : new String[] {"backward", "loss", "gradients", "clipGradients", "gradientNorm", "sgdStep",
                "adamStep", "resetOptimizerState", "optimizerState", "setOptimizerState", "adamSteps", "setAdamSteps"}) {
            for (java.lang.reflect.Method m : Drcn.class.getMethods()) assertNotEquals(training, m.getName(), "Drcn." + training);
        }
    }

    @Test
    void trainingChecksTheOrderOfItsCalls() {
        DrcnConfig config = DrcnConfig.of(4, 2, 2);
        try (DrcnTraining training = new DrcnTraining(devices.jvm, config, 1, 5, 6)) {
            training.setParameters(DrcnParameters.initialize(config, 1, DrcnParameters.InferInit.HE));
            Executable backward = () -> training.backward(new float[30], 0.5f, 1e-4f);
            assertTrue(assertThrows(IllegalStateException.class, backward).getMessage().startsWith("backward needs a forward pass"));
            training.forward(new float[30]);
            assertDoesNotThrow(backward);
            assertTrue(Float.isFinite(training.loss().total()));
            training.sgdStep(0.1f, 0.9f);
            // the step changed the weights: the activations backward would read are stale
            assertThrows(IllegalStateException.class, backward);
            training.forward(new float[30]);
            training.backward(new float[30], 0.5f, 1e-4f);
            training.sgdStep(0.1f, 0.9f);
            // the loss is computed on first call, which must come before the step changes the weights ||W||^2 is taken over
            assertThrows(IllegalStateException.class, training::loss);
            training.forward(new float[30]);
            training.backward(new float[30], 0.5f, 1e-4f);
            training.model().forward(new float[30]);   // a forward through the model itself also voids it
            assertThrows(IllegalStateException.class, training::loss);
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
