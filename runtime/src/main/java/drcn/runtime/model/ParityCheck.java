package drcn.runtime.model;

import drcn.runtime.backend.Device;
import drcn.runtime.model.DrcnDoubleReference.Params;
import drcn.runtime.model.Safetensors.Contents;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The model's correctness checks as main code, so that the unit tests and {@code drcn selftest}
 * (which must run on GPU machines that have the jars but no Maven) share one implementation.
 *
 * <p>A check is a {@link Case}: a problem (parameters, input, target, loss weights) and what one
 * forward + backward on it must produce. {@link #check} runs the problem on a device and compares
 * every tensor by its relative L2 error. The three cases:
 * <ul>
 * <li>{@link #pyTorchCase}: the tiny PyTorch parity file (bench/peers/drcn_reference.py), shipped in
 *     the jar; forward 1e-5 (stored float64 results rounded to float32, ours float32 throughout: a few
 *     ulps), gradients 1e-4 (the backward's long float32 sums);
 * <li>{@link #backendsCase}: a random F=16 D=4 2x32x32 problem against the JVM device; forward 1e-5
 *     (the kernels fix the summation order), gradients 1e-4 (fma contraction and the reduction tree
 *     may round differently);
 * <li>{@link #finiteDifferenceCase}: F=4 D=3 2x9x9 against central differences (h = 1e-6) of the
 *     double-precision reference loss; loss 1e-5, gradients 1e-3 (the differences' truncation error).
 * </ul>
 */
public final class ParityCheck {
    /** Where the PyTorch parity data lives on the class path (runtime/src/main/resources). */
    public static final String PYTORCH_RESOURCE = "drcn/selftest/tiny_drcn.safetensors";

    public static final Tolerances PYTORCH = new Tolerances(1e-5, 1e-4);
    public static final Tolerances BACKENDS = new Tolerances(1e-5, 1e-4);
    public static final Tolerances FINITE_DIFFERENCES = new Tolerances(1e-5, 1e-3);
    public static final double FD_STEP = 1e-6;

    private ParityCheck() {}

    /** Relative L2 tolerances: for forward values (predictions, output, loss terms) and for gradients. */
    public record Tolerances(double forward, double gradients) {}

    /** One tensor compared; {@code detail} names the first few differing entries when it fails. */
    public record Comparison(String tensor, double error, double tolerance, boolean gradient, String detail) {
        /** NaN (a device producing NaN) fails. */
        public boolean ok() {
            return error <= tolerance;
        }
    }

    /** One DRCN forward + backward: shapes, parameters, data and the loss weights a, b. */
    public record Problem(DrcnParameters parameters, float[] input, float[] target, int batch, int height, int width,
                          float a, float b) {
        public Problem withParameters(DrcnParameters p) {
            return new Problem(p, input, target, batch, height, width, a, b);
        }
    }

    /**
     * What a forward + backward produces, or should: predictions [D][N][C][H][W], the ensemble output,
     * the loss terms {total, l1, l2, decay} and dL/dparam by name. A null field is not compared.
     */
    public record Outputs(float[] predictions, float[] output, double[] lossTerms, Map<String, double[]> gradients) {}

    /** A named problem with its expected outputs and tolerances. */
    public record Case(String name, Problem problem, Outputs expected, Tolerances tolerances) {
        public Case withProblem(Problem p) {
            return new Case(name, p, expected, tolerances);
        }

        public Case withTolerances(Tolerances t) {
            return new Case(name, problem, expected, t);
        }
    }

    // ------------------------------------------------------------------------------- running

    /** Runs the case's problem on {@code device} and compares everything the case expects. */
    public static List<Comparison> check(Device device, Case c) {
        return compare(c.expected(), run(device, c.problem()), c.tolerances());
    }

    /** One forward + backward on the device, everything read back. */
    public static Outputs run(Device device, Problem p) {
        try (DrcnTraining training = new DrcnTraining(device, p.parameters().config(), p.batch(), p.height(), p.width())) {
            Drcn model = training.model();
            model.setParameters(p.parameters());
            model.forward(p.input());
            float[] predictions = model.predictions(), output = model.output();
            training.backward(p.target(), p.a(), p.b());
            DrcnTraining.LossTerms loss = training.loss();
            Map<String, double[]> gradients = new LinkedHashMap<>();
            training.gradients().forEach((name, g) -> gradients.put(name, toDouble(g)));
            return new Outputs(predictions, output, new double[] {loss.total(), loss.l1(), loss.l2(), loss.decay()}, gradients);
        }
    }

    private static final String[] LOSS_NAMES = {"loss", "l1", "l2", "weight_decay"};

    /** Every tensor {@code expected} has, against {@code got}. */
    public static List<Comparison> compare(Outputs expected, Outputs got, Tolerances t) {
        List<Comparison> list = new ArrayList<>();
        if (expected.predictions() != null) list.add(compare("predictions", toDouble(expected.predictions()), toDouble(got.predictions()), t.forward(), false));
        if (expected.output() != null) list.add(compare("ensemble_output", toDouble(expected.output()), toDouble(got.output()), t.forward(), false));
        if (expected.lossTerms() != null) {
            for (int i = 0; i < LOSS_NAMES.length; i++) {
                list.add(compare(LOSS_NAMES[i], new double[] {expected.lossTerms()[i]}, new double[] {got.lossTerms()[i]}, t.forward(), false));
            }
        }
        if (expected.gradients() != null) {
            for (String name : DrcnParameters.NAMES) {
                list.add(compare("grad." + name, expected.gradients().get(name), got.gradients().get(name), t.gradients(), true));
            }
        }
        return list;
    }

    // ---------------------------------------------------------------------------- comparison

    /** ||got - ref|| / ||ref|| (||got|| when ref is all zeros). */
    public static double relL2(double[] ref, double[] got) {
        if (ref.length != got.length) throw new IllegalArgumentException("lengths differ: " + ref.length + " vs " + got.length);
        double num = 0, den = 0, gotNorm = 0;
        for (int i = 0; i < ref.length; i++) {
            double e = got[i] - ref[i];
            num += e * e;
            den += ref[i] * ref[i];
            gotNorm += got[i] * got[i];
        }
        return den == 0 ? Math.sqrt(gotNorm) : Math.sqrt(num / den);
    }

    /** relL2 against a tolerance; a failure's detail names the first few entries that differ. */
    public static Comparison compare(String what, double[] ref, double[] got, double tolerance, boolean gradient) {
        if (ref.length != got.length) {
            return new Comparison(what, Double.NaN, tolerance, gradient, "holds " + got.length + " values where " + ref.length + " are expected");
        }
        double err = relL2(ref, got);
        String detail = null;
        if (!(err <= tolerance)) {
            List<String> worst = new ArrayList<>();
            for (int i = 0; i < ref.length && worst.size() < 5; i++) {
                if (!(Math.abs(got[i] - ref[i]) <= tolerance * (Math.abs(ref[i]) + 1e-12))) worst.add("[" + i + "] expected " + ref[i] + ", got " + got[i]);
            }
            detail = "relative L2 error " + err + " above " + tolerance + ", e.g. " + worst;
        }
        return new Comparison(what, err, tolerance, gradient, detail);
    }

    // --------------------------------------------------------------------------------- cases

    /** The PyTorch parity file, read from the class path (it is inside the runtime jar). */
    public static Contents readPyTorchData() {
        try (InputStream in = ParityCheck.class.getClassLoader().getResourceAsStream(PYTORCH_RESOURCE)) {
            if (in == null) throw new IllegalStateException(PYTORCH_RESOURCE + " is missing from the class path (the runtime jar is incomplete)");
            return Safetensors.parse(Path.of(PYTORCH_RESOURCE), in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** PyTorch's forward, loss terms and every gradient for the tiny parity network. */
    public static Case pyTorchCase() {
        Contents data = readPyTorchData();
        DrcnConfig config = DrcnConfig.of(Integer.parseInt(data.requireMetadata("filters")),
                Integer.parseInt(data.requireMetadata("recursions")), 3);
        int[] s = data.require("input").shape();
        DrcnParameters p = DrcnParameters.zeros(config);
        for (String name : DrcnParameters.NAMES) p.set(name, data.require(name, DrcnParameters.shape(name, config)).data());
        Problem problem = new Problem(p, data.require("input").data(), data.require("target").data(), s[0], s[2], s[3],
                Float.parseFloat(data.requireMetadata("a")), Float.parseFloat(data.requireMetadata("b")));
        double[] loss = new double[LOSS_NAMES.length];
        for (int i = 0; i < loss.length; i++) loss[i] = data.require(LOSS_NAMES[i]).data()[0];
        Map<String, double[]> gradients = new LinkedHashMap<>();
        for (String name : DrcnParameters.NAMES) gradients.put(name, toDouble(data.require("grad." + name).data()));
        Outputs expected = new Outputs(data.require("predictions").data(), data.require("ensemble_output").data(), loss, gradients);
        return new Case("pytorch", problem, expected, PYTORCH);
    }

    /** A random F=16 D=4 batch of two smooth 32x32 images; expected: what the {@code reference} device (the JVM) computes. */
    public static Case backendsCase(Device reference) {
        DrcnConfig config = DrcnConfig.of(16, 4, 2);
        int n = 2, h = 32, w = 32;
        Random random = new Random(5);
        DrcnParameters p = randomParameters(config, random);
        float[] x = smoothImages(random, n, h, w), y = smoothImages(random, n, h, w);
        Problem problem = new Problem(p, x, y, n, h, w, 0.5f, 1e-4f);
        return new Case("backends", problem, run(reference, problem), BACKENDS);
    }

    /** F=4 D=3 2x9x9: the double reference's loss terms and its central-difference gradients (about a second). */
    public static Case finiteDifferenceCase() {
        DrcnConfig config = DrcnConfig.of(4, 3, 2);
        int n = 2, h = 9, w = 9;
        Random random = new Random(11);
        DrcnParameters p = randomParameters(config, random);
        float[] x = uniform(random, n * h * w), y = uniform(random, n * h * w);
        Problem problem = new Problem(p, x, y, n, h, w, 0.4f, 1e-3f);
        Params ref = Params.of(p);
        double[] xd = toDouble(x), yd = toDouble(y);
        DrcnDoubleReference.Loss loss = DrcnDoubleReference.loss(ref, xd, yd, n, h, w, problem.a(), problem.b());
        Map<String, double[]> fd = DrcnDoubleReference.finiteDifferenceGradients(ref, xd, yd, n, h, w, problem.a(), problem.b(), FD_STEP);
        Outputs expected = new Outputs(null, null, new double[] {loss.total(), loss.l1(), loss.l2(), loss.decay()}, fd);
        return new Case("finite-differences", problem, expected, FINITE_DIFFERENCES);
    }

    // ------------------------------------------------------------------------------- helpers

    /** He weights plus non-zero biases and ensemble weights, so every gradient path is exercised. */
    public static DrcnParameters randomParameters(DrcnConfig config, Random random) {
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

    public static float[] uniform(Random random, int count) {
        float[] v = new float[count];
        for (int i = 0; i < count; i++) v[i] = random.nextFloat();
        return v;
    }

    /** Images in [0, 1] made of a few random low-frequency cosines: what natural image patches look like at this size. */
    public static float[] smoothImages(Random random, int n, int h, int w) {
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

    private static double[] toDouble(float[] v) {
        return DrcnDoubleReference.toDouble(v);
    }
}
