package drcn.runtime.model;

import drcn.runtime.backend.Device;
import drcn.runtime.model.DrcnParameters.InferInit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Short sanity training runs: a tiny DRCN learns to undo a blur of smooth random images (a stand-in for
 * bicubic upscaling). On the JVM backend 100 Adam steps of an F=2, D=2 net must halve the loss (about
 * 0.4 s a step there: the reductions run one virtual thread per work-item). Where OpenCL is present,
 * F=4, D=3 also trains with both optimizers and both initialisations of the recursive conv, and
 * the losses are printed side by side (the evidence for the default {@code init.infer}).
 */
class DrcnTrainingTest {
    static final int N = 2, H = 9, W = 9, STEPS = 100;
    static ModelDevices devices;
    static float[] input, target;

    @BeforeAll
    static void open() {
        devices = new ModelDevices();
        Random random = new Random(2024);
        target = ParityCheck.smoothImages(random, N, H, W);
        input = blur(target, N, H, W);
    }

    @AfterAll
    static void close() {
        if (devices != null) devices.close();
    }

    @Test
    void adamLowersTheLossOnTheJvm() {
        float[] losses = train(devices.jvm, DrcnConfig.of(2, 2, 2), InferInit.IDENTITY, true);
        report("jvm adam F=2 D=2 infer IDENTITY", losses);
        assertTrue(tail(losses) < 0.5 * losses[0], "loss " + losses[0] + " -> " + tail(losses));
    }

    @Test
    void bothOptimizersAndBothInitsTrainOnOpenCl() {
        Assumptions.assumeTrue(devices.opencl != null, "no OpenCL device");
        for (InferInit init : InferInit.values()) {
            for (boolean adam : new boolean[] {true, false}) {
                float[] losses = train(devices.opencl, DrcnConfig.of(4, 3, 2), init, adam);
                report("opencl " + (adam ? "adam" : "sgd") + " F=4 D=3 infer " + init, losses);
                assertTrue(tail(losses) < 0.7 * losses[0], init + " " + (adam ? "adam" : "sgd") + ": loss " + losses[0] + " -> " + tail(losses));
            }
        }
    }

    /**
     * The loss at step 0 and over the last 10 steps (elsewhere NaN: the loss value costs a dozen
     * reductions, skipped when not read); a = 0.5, b = 1e-4 as in the paper; gradients clipped to norm 1.
     */
    private static float[] train(Device device, DrcnConfig config, InferInit init, boolean adam) {
        float[] losses = new float[STEPS];
        java.util.Arrays.fill(losses, Float.NaN);
        try (DrcnTraining model = new DrcnTraining(device, config, N, H, W)) {
            model.setParameters(DrcnParameters.initialize(config, 7, init));
            for (int step = 0; step < STEPS; step++) {
                model.forward(input);
                model.backward(target, 0.5f, 1e-4f);
                if (step == 0 || step >= STEPS - 10 || step % 10 == 0) {
                    losses[step] = model.loss().total();
                    assertTrue(Float.isFinite(losses[step]), "the loss stays finite");
                }
                if (device != devices.jvm) model.clipGradients(1f);   // the JVM's run covers the optimizer without clipping
                if (adam) model.adamStep(3e-3f, 0.9f, 0.999f, 1e-8f);
                else model.sgdStep(0.05f, 0.9f);
            }
        }
        return losses;
    }

    /** Mean of the last 10 losses (steps are noisy at the end of a short run). */
    private static double tail(float[] losses) {
        double s = 0;
        for (int i = losses.length - 10; i < losses.length; i++) s += losses[i];
        return s / 10;
    }

    private static void report(String what, float[] losses) {
        System.out.printf("%s: loss %.3e -> %.3e (step 10 %.3e, step 50 %.3e)%n", what, losses[0], tail(losses), losses[10], losses[50]);
    }

    /** A 3x3 box blur with clamped borders: the degradation the tiny net learns to undo. */
    static float[] blur(float[] images, int n, int h, int w) {
        float[] out = new float[images.length];
        for (int k = 0; k < n; k++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    float s = 0;
                    for (int dy = -1; dy <= 1; dy++) {
                        for (int dx = -1; dx <= 1; dx++) {
                            int yy = Math.clamp(y + dy, 0, h - 1), xx = Math.clamp(x + dx, 0, w - 1);
                            s += images[(k * h + yy) * w + xx];
                        }
                    }
                    out[(k * h + y) * w + x] = s / 9;
                }
            }
        }
        return out;
    }
}
