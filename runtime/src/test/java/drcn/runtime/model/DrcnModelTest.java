package drcn.runtime.model;

import drcn.runtime.backend.Device;
import drcn.runtime.model.Safetensors.Contents;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static drcn.runtime.model.ModelChecks.assertAllOk;
import static drcn.runtime.model.ModelChecks.assertRelL2;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The DRCN model on devices: gradients against finite differences of the double-precision reference,
 * parity with PyTorch, the backends against each other, and a PyTorch-saved model's prediction.
 *
 * <p>The first three are {@link ParityCheck}'s cases (shared with {@code drcn selftest}); its javadoc
 * gives the tolerances and why. A saved model's prediction: forward 1e-5, relative L2.
 */
class DrcnModelTest {
    static ModelDevices devices;

    @BeforeAll
    static void open() {
        devices = new ModelDevices();
    }

    @AfterAll
    static void close() {
        if (devices != null) devices.close();
    }

    // ------------------------------------------------------------------ a. finite differences

    @Test
    void gradientsMatchFiniteDifferencesOfTheDoubleReference() {
        ParityCheck.Case c = ParityCheck.finiteDifferenceCase();
        for (Device device : devices.all()) {
            assertAllOk(device.info().id() + " vs finite differences", ParityCheck.check(device, c));
        }
    }

    // ------------------------------------------------------------------------ b. PyTorch parity

    @Test
    void matchesPyTorchForwardLossAndEveryGradient() {
        ParityCheck.Case c = ParityCheck.pyTorchCase();
        for (Device device : devices.all()) {
            assertAllOk(device.info().id() + " vs PyTorch", ParityCheck.check(device, c));
        }
    }

    // ---------------------------------------------------------------------- c. backends agree

    @Test
    void jvmAndOpenClAgree() {
        Assumptions.assumeTrue(devices.opencl != null, "no OpenCL device");
        assertAllOk("opencl vs jvm", ParityCheck.check(devices.opencl, ParityCheck.backendsCase(devices.jvm)));
    }

    // ------------------------------------------------------------ d. a model saved by PyTorch

    @Test
    void modelSavedByPyTorchPredictsWhatPyTorchPredicted() {
        DrcnParameters p = DrcnParameters.load(DrcnPyTorchParityTest.resource("parity/tiny_drcn_model.safetensors"));
        Contents io = Safetensors.read(DrcnPyTorchParityTest.resource("parity/tiny_drcn_model_io.safetensors"));
        int[] s = io.require("input").shape();
        for (Device device : devices.all()) {
            try (Drcn model = Drcn.forInference(device, p.config(), s[0], s[2], s[3])) {
                model.setParameters(p);
                model.forward(io.require("input").data());
                assertRelL2(device.info().id() + " predictions", io.require("predictions").data(), model.predictions(), 1e-5);
                assertRelL2(device.info().id() + " ensemble_output", io.require("ensemble_output").data(), model.output(), 1e-5);
            }
        }
    }

    // ------------------------------------------------------------------- schedule properties

    /**
     * A second training step asks the device for no kernel at all (the plan resolved its tasks once), counted by the
     * device's own compile() bookkeeping ({@link Device#buildStats}: every call is a memory hit, a disk-cache hit or a
     * build); the jvm keeps none, so it is checked on the other devices present.
     */
    @Test
    void buffersAndKernelsAreReusedAcrossSteps() {
        DrcnConfig config = DrcnConfig.of(4, 3, 2);
        for (Device device : devices.all()) {
            Random random = new Random(3);
            try (DrcnTraining model = new DrcnTraining(device, config, 1, 6, 7)) {
                model.setParameters(DrcnParameters.initialize(config, 1, DrcnParameters.InferInit.HE));
                float[] x = ParityCheck.uniform(random, 42), y = ParityCheck.uniform(random, 42);
                fullStep(model, x, y);
                long before = compileCalls(device);
                fullStep(model, x, y);
                assertEquals(before, compileCalls(device), device.info().id() + ": a second step compiles nothing new");
                assertThrows(IllegalArgumentException.class, () -> model.forward(new float[41]));
            }
        }
    }

    /** Every graph a training step can run: forward, backward, loss, clip, norm, SGD and Adam. */
    private static void fullStep(DrcnTraining model, float[] x, float[] y) {
        model.forward(x);
        model.backward(y, 0.5f, 1e-4f);
        model.loss();
        model.clipGradients(1f);
        model.gradientNorm();
        model.sgdStep(0.01f, 0.9f);
        model.adamStep(1e-3f, 0.9f, 0.999f, 1e-8f);
    }

    /** compile() calls the device has answered so far, or 0 where it keeps no count (jvm). */
    private static long compileCalls(Device device) {
        var stats = device.buildStats();
        return stats == null ? 0 : stats.memoryHits() + stats.cacheHits() + stats.cacheMisses();
    }
}
