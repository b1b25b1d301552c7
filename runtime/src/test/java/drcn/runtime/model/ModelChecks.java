package drcn.runtime.model;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tolerances checked one way everywhere: relative L2 error of a whole tensor, plus the first few worst entries. */
final class ModelChecks {
    private ModelChecks() {}

    /** ||got - ref|| / ||ref|| (||got|| when ref is all zeros). */
    static double relL2(double[] ref, float[] got) {
        assertEquals(ref.length, got.length, "length");
        double num = 0, den = 0, gotNorm = 0;
        for (int i = 0; i < ref.length; i++) {
            double e = got[i] - ref[i];
            num += e * e;
            den += ref[i] * ref[i];
            gotNorm += (double) got[i] * got[i];
        }
        return den == 0 ? Math.sqrt(gotNorm) : Math.sqrt(num / den);
    }

    static double relL2(float[] ref, float[] got) {
        return relL2(DrcnReferenceMath.toDouble(ref), got);
    }

    /** Asserts relL2 <= tolerance, naming the worst entries when not. Returns the error for printing. */
    static double assertRelL2(String what, double[] ref, float[] got, double tolerance) {
        double err = relL2(ref, got);
        if (!(err <= tolerance)) {
            List<String> worst = new ArrayList<>();
            for (int i = 0; i < ref.length && worst.size() < 5; i++) {
                if (Math.abs(got[i] - ref[i]) > tolerance * (Math.abs(ref[i]) + 1e-12)) worst.add("[" + i + "] expected " + ref[i] + ", got " + got[i]);
            }
            assertTrue(false, what + ": relative L2 error " + err + " above " + tolerance + ", e.g. " + worst);
        }
        return err;
    }

    static double assertRelL2(String what, float[] ref, float[] got, double tolerance) {
        return assertRelL2(what, DrcnReferenceMath.toDouble(ref), got, tolerance);
    }
}
