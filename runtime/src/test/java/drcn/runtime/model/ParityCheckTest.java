package drcn.runtime.model;

import drcn.runtime.backends.Backends;
import drcn.runtime.backend.Device;
import drcn.runtime.model.ParityCheck.Case;
import drcn.runtime.model.ParityCheck.Comparison;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The checks themselves must be able to fail: a wrong tolerance or a perturbed parameter on the
 * device side has to show up as a failed comparison naming the tensor. (That they pass on every
 * device is DrcnModelTest's job.)
 */
class ParityCheckTest {
    static Device jvm;

    @BeforeAll
    static void open() {
        jvm = Backends.open("jvm", 0);
    }

    @AfterAll
    static void close() {
        jvm.close();
    }

    @Test
    void pyTorchCasePassesAndFailsWithATooTightTolerance() {
        Case c = ParityCheck.pyTorchCase();
        assertAllOk(ParityCheck.check(jvm, c));
        List<Comparison> tight = ParityCheck.check(jvm, c.withTolerances(new ParityCheck.Tolerances(1e-12, 1e-12)));
        Comparison grad = find(tight, "grad.infer.weight");
        assertFalse(grad.ok());
        assertTrue(grad.detail().contains("above 1.0E-12"), grad.detail());
    }

    @Test
    void aPerturbedParameterFailsThePyTorchCase() {
        Case c = ParityCheck.pyTorchCase();
        DrcnParameters p = c.problem().parameters().copy();
        p.get("recon1.weight")[5] += 0.05f;
        List<Comparison> got = ParityCheck.check(jvm, c.withProblem(c.problem().withParameters(p)));
        assertFalse(find(got, "ensemble_output").ok());
        assertFalse(find(got, "grad.recon1.weight").ok());
    }

    @Test
    void aPerturbedParameterFailsTheFiniteDifferenceCase() {
        Case c = ParityCheck.finiteDifferenceCase();
        assertAllOk(ParityCheck.check(jvm, c));
        DrcnParameters p = c.problem().parameters().copy();
        p.get("infer.weight")[0] += 0.05f;
        List<Comparison> got = ParityCheck.check(jvm, c.withProblem(c.problem().withParameters(p)));
        assertFalse(find(got, "loss").ok());
        assertFalse(find(got, "grad.infer.weight").ok());
    }

    @Test
    void backendsCaseOnTheReferenceItselfIsExactAndAPerturbationFails() {
        Case c = ParityCheck.backendsCase(jvm);
        for (Comparison comparison : ParityCheck.check(jvm, c)) assertEquals(0, comparison.error(), comparison.tensor());
        DrcnParameters p = c.problem().parameters().copy();
        p.get("ensemble.weight")[1] += 1e-3f;
        List<Comparison> got = ParityCheck.check(jvm, c.withProblem(c.problem().withParameters(p)));
        assertFalse(find(got, "ensemble_output").ok());
        assertFalse(find(got, "grad.ensemble.weight").ok());
    }

    @Test
    void nanAndWrongLengthsFail() {
        assertFalse(ParityCheck.compare("t", new double[] {1, 2}, new double[] {1, Double.NaN}, 1, false).ok());
        Comparison shorter = ParityCheck.compare("t", new double[] {1, 2}, new double[] {1}, 1, false);
        assertFalse(shorter.ok());
        assertTrue(shorter.detail().contains("holds 1 values where 2"), shorter.detail());
        assertEquals(0.5, ParityCheck.relL2(new double[] {0, 0}, new double[] {0.3, 0.4}), 1e-12, "all-zero reference: the norm of got");
    }

    private static Comparison find(List<Comparison> list, String tensor) {
        return list.stream().filter(c -> c.tensor().equals(tensor)).findFirst().orElseThrow(() -> new AssertionError("no " + tensor));
    }

    private static void assertAllOk(List<Comparison> list) {
        for (Comparison c : list) assertTrue(c.ok(), c.tensor() + ": " + c.detail());
    }
}
