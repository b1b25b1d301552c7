package drcn.runtime.model;

import drcn.runtime.model.DrcnDoubleReference.Forward;
import drcn.runtime.model.DrcnDoubleReference.Loss;
import drcn.runtime.model.DrcnDoubleReference.Params;
import drcn.runtime.model.Safetensors.Contents;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Checks the PyTorch parity data (bench/peers/drcn_reference.py) against our plain Java
 * reference: same forward, same loss, and PyTorch's gradients equal central finite differences
 * of our loss. This pins down that the data file, the model definition and the reference all
 * agree, so the product's runtime can later be tested against the same file.
 */
class DrcnPyTorchParityTest {
    /** Stored values are float64 results rounded to float32, so forward agreement is ~1 ulp. */
    static final double FORWARD_RTOL = 1e-5, FORWARD_ATOL = 1e-7;
    static final double GRAD_RTOL = 1e-4;
    /**
     * Absolute slack for gradient entries near zero: the finite-difference rounding noise
     * (eps * |L| / h, about 1e-10 here) and the float32 storage of the gradient (6e-8 relative
     * to the tensor's largest entry) both sit far below it.
     */
    static final double GRAD_ATOL = 1e-8;
    static final double FD_STEP = ParityCheck.FD_STEP;

    static Contents data;
    static Params params;
    static double[] x, y;
    static int f, depth, n, height, width;
    static double a, b;

    @BeforeAll
    static void load() {
        data = ParityCheck.readPyTorchData();   // the copy inside the runtime jar, which drcn selftest uses
        f = Integer.parseInt(data.requireMetadata("filters"));
        depth = Integer.parseInt(data.requireMetadata("recursions"));
        a = Double.parseDouble(data.requireMetadata("a"));
        b = Double.parseDouble(data.requireMetadata("b"));
        int[] shape = data.require("input").shape();
        n = shape[0];
        height = shape[2];
        width = shape[3];
        x = DrcnDoubleReference.toDouble(data.require("input", n, 1, height, width).data());
        y = DrcnDoubleReference.toDouble(data.require("target", n, 1, height, width).data());
        params = Params.fromFile(data, f, depth);
    }

    @Test
    void fileHoldsEverythingWithTheAgreedShapes() {
        assertEquals(4, f);
        assertEquals(3, depth);
        data.require("embed1.weight", f, 1, 3, 3);
        data.require("embed2.weight", f, f, 3, 3);
        data.require("infer.weight", f, f, 3, 3);
        data.require("recon1.weight", f, f, 3, 3);
        data.require("recon2.weight", 1, f, 3, 3);
        data.require("recon2.bias", 1);
        data.require("ensemble.weight", depth);
        data.require("predictions", depth, n, 1, height, width);
        data.require("ensemble_output", n, 1, height, width);
        for (String p : DrcnParameters.NAMES) {
            assertArrayEquals(data.require(p).shape(), data.require("grad." + p).shape(), p);
        }
        assertTrue(b * DrcnDoubleReference.loss(params, x, y, n, height, width, a, 0).decay() > 0.1 * data.require("loss").data()[0],
                "the decay term must weigh in the loss, or a decay bug would go unseen");
    }

    @Test
    void forwardMatchesPyTorch() {
        Forward fw = DrcnDoubleReference.forward(params, x, n, height, width);
        assertClose("act.h0", data.require("act.h0").data(), fw.h0(), FORWARD_RTOL, FORWARD_ATOL);
        assertClose("act.h", data.require("act.h").data(), concat(fw.h()), FORWARD_RTOL, FORWARD_ATOL);
        assertClose("predictions", data.require("predictions").data(), concat(fw.predictions()), FORWARD_RTOL, FORWARD_ATOL);
        assertClose("ensemble_output", data.require("ensemble_output").data(), fw.output(), FORWARD_RTOL, FORWARD_ATOL);
    }

    @Test
    void lossMatchesPyTorch() {
        Loss loss = DrcnDoubleReference.loss(params, x, y, n, height, width, a, b);
        assertRel("loss", data.require("loss").data()[0], loss.total(), FORWARD_RTOL);
        assertRel("l1", data.require("l1").data()[0], loss.l1(), FORWARD_RTOL);
        assertRel("l2", data.require("l2").data()[0], loss.l2(), FORWARD_RTOL);
        assertRel("weight_decay", data.require("weight_decay").data()[0], loss.decay(), FORWARD_RTOL);
        // Both sides compute in double from the same float32 inputs: they agree far beyond float32.
        assertRel("loss_f64", Double.parseDouble(data.requireMetadata("loss_f64")), loss.total(), 1e-12);
        assertRel("l1_f64", Double.parseDouble(data.requireMetadata("l1_f64")), loss.l1(), 1e-12);
        assertRel("l2_f64", Double.parseDouble(data.requireMetadata("l2_f64")), loss.l2(), 1e-12);
    }

    /** Every entry of every parameter gradient (about 500 of them: the net is tiny) by central differences. */
    @Test
    void gradientsMatchFiniteDifferencesOfOurLoss() {
        List<String> misses = new ArrayList<>();
        StringBuilder summary = new StringBuilder();
        var differences = DrcnDoubleReference.finiteDifferenceGradients(params, x, y, n, height, width, a, b, FD_STEP);
        for (String name : DrcnParameters.NAMES) {
            float[] torch = data.require("grad." + name).data();
            double worst = 0;
            for (int i = 0; i < torch.length; i++) {
                double fd = differences.get(name)[i];
                double err = Math.abs(fd - torch[i]);
                worst = Math.max(worst, err / Math.max(Math.abs(fd), 1e-30));
                if (err > GRAD_ATOL + GRAD_RTOL * Math.abs(fd) && misses.size() < 10) {
                    misses.add(name + "[" + i + "]: finite difference " + fd + ", PyTorch " + torch[i]);
                }
            }
            summary.append(String.format("%s max rel err %.2e; ", name, worst));
        }
        System.out.println("gradient check: " + summary);
        assertTrue(misses.isEmpty(), "gradients differ from finite differences: " + misses);
    }

    /** dL/dpred_d has a closed form; checking it gives the product's backward a first step to test against. */
    @Test
    void predictionGradientsHaveTheClosedForm() {
        Forward fw = DrcnDoubleReference.forward(params, x, n, height, width);
        double[] ens = params.get("ensemble.weight");
        int size = x.length;
        double[] expected = new double[depth * size];
        for (int d = 0; d < depth; d++)
            for (int i = 0; i < size; i++) {
                // d(a/D * mse(pred_d)) + d((1-a) * mse(sum_d w_d pred_d))
                expected[d * size + i] = a / depth * 2 * (fw.predictions()[d][i] - y[i]) / size
                        + (1 - a) * ens[d] * 2 * (fw.output()[i] - y[i]) / size;
            }
        assertClose("grad.predictions", data.require("grad.predictions").data(), expected, FORWARD_RTOL, 1e-9);
    }

    /** The model file as the product saves it, and PyTorch's prediction with it on another input. */
    @Test
    void savedModelPredictsWhatPyTorchPredicted() {
        Contents model = Safetensors.read(resource("parity/tiny_drcn_model.safetensors"));
        assertEquals("drcn", model.requireMetadata("format"));
        int mf = Integer.parseInt(model.requireMetadata("filters"));
        int md = Integer.parseInt(model.requireMetadata("recursions"));
        assertTrue(Integer.parseInt(model.requireMetadata("scale")) >= 2);
        assertEquals(DrcnParameters.NAMES.size(), model.tensors().size(), "parameters only");

        Contents io = Safetensors.read(resource("parity/tiny_drcn_model_io.safetensors"));
        int[] s = io.require("input").shape();
        assertNotEquals(s[2], s[3], "a non-square input catches transposed loops");
        Forward fw = DrcnDoubleReference.forward(Params.fromFile(model, mf, md),
                DrcnDoubleReference.toDouble(io.require("input").data()), s[0], s[2], s[3]);
        assertClose("ensemble_output", io.require("ensemble_output", s).data(), fw.output(), FORWARD_RTOL, FORWARD_ATOL);
    }

    // -------------------------------------------------------------------------------- helpers

    /** |ref - got| <= atol + rtol*|ref| elementwise; the message lists the first few misses. */
    static void assertClose(String what, float[] reference, double[] got, double rtol, double atol) {
        assertEquals(reference.length, got.length, what + " length");
        List<String> misses = new ArrayList<>();
        int count = 0;
        for (int i = 0; i < got.length; i++) {
            if (Math.abs(reference[i] - got[i]) > atol + rtol * Math.abs(reference[i])) {
                if (misses.size() < 5) misses.add("[" + i + "] PyTorch " + reference[i] + ", Java " + got[i]);
                count++;
            }
        }
        assertEquals(0, count, what + ": " + count + " of " + got.length + " differ, e.g. " + misses);
    }

    static void assertRel(String what, double reference, double got, double rtol) {
        assertTrue(Math.abs(reference - got) <= rtol * Math.abs(reference), what + ": PyTorch " + reference + ", Java " + got);
    }

    static double[] concat(double[][] parts) {
        int total = 0;
        for (double[] p : parts) total += p.length;
        double[] out = new double[total];
        int at = 0;
        for (double[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    static Path resource(String name) {
        try {
            var url = DrcnPyTorchParityTest.class.getClassLoader().getResource(name);
            assertNotNull(url, "test resource " + name + " is missing; see bench/peers/README.md");
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
    }
}
