package drcn.runtime.model;

import drcn.runtime.model.ParityCheck.Comparison;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** JUnit's side of {@link ParityCheck} (which holds the comparison itself, shared with {@code drcn selftest}). */
final class ModelChecks {
    private ModelChecks() {}

    /** Asserts relL2 <= tolerance, naming the worst entries when not. Returns the error for printing. */
    static double assertRelL2(String what, float[] ref, float[] got, double tolerance) {
        Comparison c = ParityCheck.compare(what, DrcnDoubleReference.toDouble(ref), DrcnDoubleReference.toDouble(got), tolerance, false);
        assertTrue(c.ok(), what + ": " + c.detail());
        return c.error();
    }

    /** Prints every tensor's error and asserts they are all within tolerance, naming each that is not. */
    static void assertAllOk(String label, List<Comparison> comparisons) {
        StringBuilder report = new StringBuilder(label + ":");
        StringBuilder failures = new StringBuilder();
        for (Comparison c : comparisons) {
            report.append(String.format(" %s %.1e", c.tensor(), c.error()));
            if (!c.ok()) failures.append("\n  ").append(c.tensor()).append(": ").append(c.detail());
        }
        System.out.println(report);
        assertTrue(failures.isEmpty(), label + " failed:" + failures);
    }
}
