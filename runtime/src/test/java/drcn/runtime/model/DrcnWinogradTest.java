package drcn.runtime.model;

import drcn.runtime.backend.Device;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The model on CPU devices runs its F -> F convolutions (F >= 8) by Winograd F(4x4, 3x3) (Convolutions.algorithm):
 * its forward against the double-precision reference, F = 16, D = 4, two 13x21 images (partial 4x4 tiles), within the
 * PyTorch-parity tolerance 1e-5 (relative L2) on every device present. (The tiny PyTorch parity net has F = 4 and runs
 * the direct kernels.)
 */
class DrcnWinogradTest {
    static ModelDevices devices;

    @BeforeAll
    static void open() {
        devices = new ModelDevices();
    }

    @AfterAll
    static void close() {
        devices.close();
    }

    @Test
    void forwardMatchesTheDoubleReference() {
        DrcnConfig config = DrcnConfig.of(16, 4, 2);
        int n = 2, h = 13, w = 21;
        Random random = new Random(7);
        DrcnParameters p = ParityCheck.randomParameters(config, random);
        float[] x = ParityCheck.smoothImages(random, n, h, w);
        DrcnDoubleReference.Forward want = DrcnDoubleReference.forward(DrcnDoubleReference.Params.of(p), toDouble(x), n, h, w);
        for (Device device : devices.all()) {
            assertEquals(Convolutions.Algorithm.CPU_WINOGRAD, Convolutions.algorithm(device.info(), 16, 16), device.info().name());
            try (DrcnTraining training = new DrcnTraining(device, config, n, h, w)) {
                Drcn model = training.model();
                model.setParameters(p);
                model.forward(x);
                double errOut = ParityCheck.relL2(want.output(), toDouble(model.output()));
                float[] predictions = model.predictions();
                double errPred = 0;
                for (int d = 0; d < config.recursions(); d++) {
                    float[] one = new float[x.length];
                    System.arraycopy(predictions, d * x.length, one, 0, x.length);
                    errPred = Math.max(errPred, ParityCheck.relL2(want.predictions()[d], toDouble(one)));
                }
                System.out.printf("%s: Winograd forward vs double reference: output %.2e, worst prediction %.2e%n",
                        device.info().name(), errOut, errPred);
                assertTrue(errOut < 1e-5 && errPred < 1e-5, device.info().name() + ": " + errOut + " / " + errPred);
                assertTrue(model.scratchBytes() > 0, "the Winograd chain ran");
            }
        }
    }

    static double[] toDouble(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) d[i] = a[i];
        return d;
    }
}
