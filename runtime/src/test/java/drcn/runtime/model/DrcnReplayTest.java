package drcn.runtime.model;

import drcn.runtime.backend.Device;
import drcn.runtime.config.Settings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The model's graphs replayed ({@code drcn.replay=true}: launches recorded once, FloatCells re-recorded when they
 * change) give bit for bit what running them directly gives, over steps whose loss weights, learning rate and Adam
 * bias corrections change, on every device present.
 */
class DrcnReplayTest {
    static ModelDevices devices;

    @BeforeAll
    static void open() {
        devices = new ModelDevices();
    }

    @AfterAll
    static void close() {
        if (devices != null) devices.close();
        System.clearProperty(Settings.REPLAY);
        Settings.reload();
    }

    @Test
    void replayedStepsEqualDirectStepsBitForBit() {
        for (Device device : devices.all()) {
            List<float[]> direct = steps(device, false), replayed = steps(device, true);
            for (int i = 0; i < direct.size(); i++) {
                assertArrayEquals(direct.get(i), replayed.get(i), device.info().id() + " result " + i);
            }
        }
    }

    /** Four training steps (two SGD with a decaying, two Adam) and an inference; every result read back. */
    private static List<float[]> steps(Device device, boolean replay) {
        System.setProperty(Settings.REPLAY, Boolean.toString(replay));
        Settings.reload();
        DrcnConfig config = DrcnConfig.of(4, 3, 1);
        var random = new Random(21);
        int n = 2, h = 9, w = 10, image = n * h * w;
        var out = new ArrayList<float[]>();
        try (DrcnTraining training = new DrcnTraining(device, config, n, h, w)) {
            training.setParameters(DrcnParameters.initialize(config, 4, DrcnParameters.InferInit.HE));
            for (int step = 0; step < 4; step++) {
                float[] x = ParityCheck.uniform(random, image), y = ParityCheck.uniform(random, image);
                training.forward(x);
                float a = 1f - 0.2f * step, b = step % 2 == 0 ? 1e-4f : 2e-4f;
                training.backward(y, a, b);
                DrcnTraining.LossTerms loss = training.loss();
                out.add(new float[]{loss.total(), loss.l1(), loss.l2(), loss.decay(), training.gradientNorm()});
                training.clipGradients(0.5f + step);
                if (step < 2) training.sgdStep(0.01f / (step + 1), 0.9f);
                else training.adamStep(1e-3f * step, 0.9f, 0.999f, 1e-8f);
                out.add(training.parameters().flat());
            }
            out.add(training.optimizerState(0));
            out.add(training.optimizerState(1));
            try (Drcn inference = Drcn.forInference(device, config, n, h, w)) {
                inference.setParameters(training.parameters());
                float[] x = ParityCheck.uniform(random, image);
                for (int i = 0; i < 2; i++) {
                    inference.forward(x);
                    out.add(inference.output());
                }
            }
        }
        return out;
    }
}
