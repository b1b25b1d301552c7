package drcn.runtime.model;

import drcn.runtime.backend.Device;
import drcn.runtime.model.DrcnReferenceMath.Params;
import drcn.runtime.model.Safetensors.Contents;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import static drcn.runtime.model.ModelChecks.assertRelL2;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The DRCN model on devices: gradients against finite differences of the double-precision reference,
 * parity with PyTorch, the backends against each other, and a PyTorch-saved model's prediction.
 *
 * <p>Tolerances (relative L2 error of each whole tensor):
 * <ul>
 * <li>gradients vs central finite differences (h = 1e-6) of the double reference loss: 1e-3;
 * <li>PyTorch parity: forward (predictions, output, loss terms) 1e-5, gradients 1e-4 (the stored values
 *     are float64 results rounded to float32; ours are float32 throughout, so forward differs by a few ulps
 *     and the backward's long sums by more);
 * <li>jvm vs opencl: 1e-5 forward (same summation order: the kernels fix it), 1e-4 gradients (float
 *     fma contraction and the reductions' tree may round differently).
 * </ul>
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
        DrcnConfig config = DrcnConfig.of(4, 3, 2);
        int n = 2, h = 9, w = 9;
        float a = 0.4f, b = 1e-3f;
        Random random = new Random(11);
        DrcnParameters p = randomParameters(config, random);
        float[] x = uniform(random, n * h * w), y = uniform(random, n * h * w);

        Params ref = toReference(p);
        double[] xd = DrcnReferenceMath.toDouble(x), yd = DrcnReferenceMath.toDouble(y);
        Map<String, double[]> fd = new LinkedHashMap<>();
        double step = 1e-6;
        for (String name : DrcnParameters.NAMES) {
            double[] g = new double[p.get(name).length];
            for (int i = 0; i < g.length; i++) {
                Params plus = ref.copy(), minus = ref.copy();
                plus.get(name)[i] += step;
                minus.get(name)[i] -= step;
                g[i] = (DrcnReferenceMath.loss(plus, xd, yd, n, h, w, a, b).total()
                        - DrcnReferenceMath.loss(minus, xd, yd, n, h, w, a, b).total()) / (2 * step);
            }
            fd.put(name, g);
        }
        double lossRef = DrcnReferenceMath.loss(ref, xd, yd, n, h, w, a, b).total();

        for (Device device : devices.all()) {
            try (Drcn model = new Drcn(device, config, n, h, w)) {
                model.setParameters(p);
                model.forward(x);
                model.backward(y, a, b);
                Map<String, float[]> g = model.gradients();
                StringBuilder report = new StringBuilder(device.info().id() + " gradient vs finite differences:");
                for (String name : DrcnParameters.NAMES) {
                    double err = assertRelL2(device.info().id() + " d" + name, fd.get(name), g.get(name), 1e-3);
                    report.append(String.format(" %s %.1e", name, err));
                }
                System.out.println(report);
                assertEquals(lossRef, model.loss().total(), 1e-5 * Math.abs(lossRef), device.info().id() + " loss");
            }
        }
    }

    // ------------------------------------------------------------------------ b. PyTorch parity

    @Test
    void matchesPyTorchForwardLossAndEveryGradient() {
        Contents data = Safetensors.read(DrcnPyTorchParityTest.resource("parity/tiny_drcn.safetensors"));
        DrcnConfig config = DrcnConfig.of(Integer.parseInt(data.requireMetadata("filters")),
                Integer.parseInt(data.requireMetadata("recursions")), 3);
        float a = Float.parseFloat(data.requireMetadata("a")), b = Float.parseFloat(data.requireMetadata("b"));
        int[] s = data.require("input").shape();
        DrcnParameters p = DrcnParameters.zeros(config);
        for (String name : DrcnParameters.NAMES) p.set(name, data.require(name, DrcnParameters.shape(name, config)).data());

        for (Device device : devices.all()) {
            String id = device.info().id();
            try (Drcn model = new Drcn(device, config, s[0], s[2], s[3])) {
                model.setParameters(p);
                model.forward(data.require("input").data());
                assertRelL2(id + " predictions", data.require("predictions").data(), model.predictions(), 1e-5);
                assertRelL2(id + " ensemble_output", data.require("ensemble_output").data(), model.output(), 1e-5);
                model.backward(data.require("target").data(), a, b);
                Drcn.LossTerms loss = model.loss();
                assertRelL2(id + " loss", data.require("loss").data(), new float[] {loss.total()}, 1e-5);
                assertRelL2(id + " l1", data.require("l1").data(), new float[] {loss.l1()}, 1e-5);
                assertRelL2(id + " l2", data.require("l2").data(), new float[] {loss.l2()}, 1e-5);
                assertRelL2(id + " weight_decay", data.require("weight_decay").data(), new float[] {loss.decay()}, 1e-5);
                Map<String, float[]> g = model.gradients();
                StringBuilder report = new StringBuilder(id + " gradients vs PyTorch:");
                for (String name : DrcnParameters.NAMES) {
                    double err = assertRelL2(id + " grad." + name, data.require("grad." + name).data(), g.get(name), 1e-4);
                    report.append(String.format(" %s %.1e", name, err));
                }
                System.out.println(report);
            }
        }
    }

    // ---------------------------------------------------------------------- c. backends agree

    @Test
    void jvmAndOpenClAgree() {
        Assumptions.assumeTrue(devices.opencl != null, "no OpenCL device");
        DrcnConfig config = DrcnConfig.of(16, 4, 2);
        int n = 2, h = 32, w = 32;
        Random random = new Random(5);
        DrcnParameters p = randomParameters(config, random);
        float[] x = smoothImages(random, n, h, w), y = smoothImages(random, n, h, w);
        float[][] jvm = run(devices.jvm, config, p, x, y, n, h, w);
        float[][] cl = run(devices.opencl, config, p, x, y, n, h, w);
        StringBuilder report = new StringBuilder("jvm vs opencl:");
        report.append(String.format(" predictions %.1e", assertRelL2("predictions", jvm[0], cl[0], 1e-5)));
        report.append(String.format(" output %.1e", assertRelL2("output", jvm[1], cl[1], 1e-5)));
        report.append(String.format(" loss %.1e", assertRelL2("loss", jvm[2], cl[2], 1e-5)));
        for (int t = 0; t < DrcnParameters.NAMES.size(); t++) {
            String name = DrcnParameters.NAMES.get(t);
            report.append(String.format(" d%s %.1e", name, assertRelL2("d" + name, jvm[3 + t], cl[3 + t], 1e-4)));
        }
        System.out.println(report);
    }

    /** predictions, output, [loss], then the gradients in NAMES order. */
    private static float[][] run(Device device, DrcnConfig config, DrcnParameters p, float[] x, float[] y, int n, int h, int w) {
        try (Drcn model = new Drcn(device, config, n, h, w)) {
            model.setParameters(p);
            model.forward(x);
            model.backward(y, 0.5f, 1e-4f);
            float[][] out = new float[3 + DrcnParameters.NAMES.size()][];
            out[0] = model.predictions();
            out[1] = model.output();
            out[2] = new float[] {model.loss().total()};
            Map<String, float[]> g = model.gradients();
            for (int t = 0; t < DrcnParameters.NAMES.size(); t++) out[3 + t] = g.get(DrcnParameters.NAMES.get(t));
            return out;
        }
    }

    // ------------------------------------------------------------ d. a model saved by PyTorch

    @Test
    void modelSavedByPyTorchPredictsWhatPyTorchPredicted() {
        DrcnParameters p = DrcnParameters.load(DrcnPyTorchParityTest.resource("parity/tiny_drcn_model.safetensors"));
        Contents io = Safetensors.read(DrcnPyTorchParityTest.resource("parity/tiny_drcn_model_io.safetensors"));
        int[] s = io.require("input").shape();
        for (Device device : devices.all()) {
            try (Drcn model = new Drcn(device, p.config(), s[0], s[2], s[3])) {
                model.setParameters(p);
                model.forward(io.require("input").data());
                assertRelL2(device.info().id() + " predictions", io.require("predictions").data(), model.predictions(), 1e-5);
                assertRelL2(device.info().id() + " ensemble_output", io.require("ensemble_output").data(), model.output(), 1e-5);
            }
        }
    }

    // ------------------------------------------------------------------- schedule properties

    @Test
    void buffersAndKernelsAreReusedAcrossSteps() {
        DrcnConfig config = DrcnConfig.of(4, 3, 2);
        Random random = new Random(3);
        try (Drcn model = new Drcn(devices.jvm, config, 1, 6, 7)) {
            model.setParameters(DrcnParameters.initialize(config, 1, DrcnParameters.InferInit.HE));
            float[] x = uniform(random, 42), y = uniform(random, 42);
            model.forward(x);
            model.backward(y, 0.5f, 1e-4f);
            model.sgdStep(0.01f, 0.9f);
            int kernels = model.compiledKernels();
            model.forward(x);
            model.backward(y, 0.5f, 1e-4f);
            model.sgdStep(0.01f, 0.9f);
            assertEquals(kernels, model.compiledKernels(), "a second step compiles nothing new");
            assertThrows(IllegalArgumentException.class, () -> model.forward(new float[41]));
        }
    }

    // -------------------------------------------------------------------------------- helpers

    /** He weights plus non-zero biases and ensemble weights, so every gradient path is exercised. */
    static DrcnParameters randomParameters(DrcnConfig config, Random random) {
        DrcnParameters p = DrcnParameters.initialize(config, random.nextLong(), DrcnParameters.InferInit.HE);
        for (String name : DrcnParameters.NAMES) {
            if (name.endsWith(".bias")) {
                float[] v = p.get(name);
                for (int i = 0; i < v.length; i++) v[i] = (float) (0.1 * random.nextGaussian());
            }
        }
        float[] e = p.get("ensemble.weight");
        for (int i = 0; i < e.length; i++) e[i] = (float) (1.0 / e.length + 0.2 * random.nextGaussian());
        return p;
    }

    static Params toReference(DrcnParameters p) {
        Map<String, double[]> m = new LinkedHashMap<>();
        for (String name : DrcnParameters.NAMES) m.put(name, DrcnReferenceMath.toDouble(p.get(name)));
        return new Params(m, p.config().filters(), p.config().recursions());
    }

    static float[] uniform(Random random, int count) {
        float[] v = new float[count];
        for (int i = 0; i < count; i++) v[i] = random.nextFloat();
        return v;
    }

    /** Images in [0, 1] made of a few random low-frequency cosines: what natural image patches look like at this size. */
    static float[] smoothImages(Random random, int n, int h, int w) {
        float[] v = new float[n * h * w];
        for (int k = 0; k < n; k++) {
            double[] fy = new double[3], fx = new double[3], phase = new double[3], amp = new double[3];
            for (int j = 0; j < 3; j++) {
                fy[j] = random.nextDouble() * 0.5;
                fx[j] = random.nextDouble() * 0.5;
                phase[j] = random.nextDouble() * 2 * Math.PI;
                amp[j] = 0.15 * random.nextDouble();
            }
            for (int i = 0; i < h; i++) {
                for (int j = 0; j < w; j++) {
                    double s = 0.5;
                    for (int c = 0; c < 3; c++) s += amp[c] * Math.cos(fy[c] * i + fx[c] * j + phase[c]);
                    v[(k * h + i) * w + j] = (float) s;
                }
            }
        }
        return v;
    }
}
