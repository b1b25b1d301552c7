package drcn.kernels.nn;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.fail;

/** Tolerances, defined once: {@code |ref - got| <= atol + rtol * |ref|} elementwise, plus a relative L2 error bound. */
final class Check {
    private Check() {
    }

    /** Relative L2 error bound when kernel and reference sum in the same order. */
    static final double SAME_ORDER = 1e-5;
    /** Relative L2 error bound when the summation order differs. */
    static final double OTHER_ORDER = 1e-4;

    static final double ATOL = 1e-5;
    static final double RTOL = 1e-4;

    /**
     * For long sums in another order (Winograd's GEMMs: 36 positions x up to 32 channels, then transforms with
     * coefficients up to 8): an element that cancels to near zero keeps the rounding error of its large terms,
     * so the absolute tolerance scales with the largest magnitude in the result rather than staying at 1e-5.
     */
    static void closeSums(String what, float[] ref, float[] got) {
        double largest = 1;
        for (float r : ref) largest = Math.max(largest, Math.abs(r));
        close(what, ref, got, ATOL * largest, RTOL, OTHER_ORDER);
    }

    static double relativeL2(float[] ref, float[] got) {
        double num = 0, den = 0;
        for (int i = 0; i < ref.length; i++) {
            double d = (double) ref[i] - got[i];
            num += d * d;
            den += (double) ref[i] * ref[i];
        }
        return den == 0 ? Math.sqrt(num) : Math.sqrt(num / den);
    }

    /** Elementwise {@code |ref - got| <= atol + rtol * |ref|} and relative L2 error below {@code maxRelL2}; prints the first misses. */
    static void close(String what, float[] ref, float[] got, double atol, double rtol, double maxRelL2) {
        close(what, toDouble(ref), got, atol, rtol, maxRelL2);
    }

    static void close(String what, float[] ref, float[] got, double maxRelL2) {
        close(what, ref, got, ATOL, RTOL, maxRelL2);
    }

    static void close(String what, double[] ref, float[] got, double atol, double rtol, double maxRelL2) {
        if (ref.length != got.length) fail(what + ": length " + got.length + " != " + ref.length);
        StringBuilder misses = new StringBuilder();
        int count = 0;
        double num = 0, den = 0;
        for (int i = 0; i < ref.length; i++) {
            double diff = Math.abs(ref[i] - got[i]);
            num += diff * diff;
            den += ref[i] * ref[i];
            if (!(diff <= atol + rtol * Math.abs(ref[i]))) {
                if (count < 5) misses.append(String.format("%n  [%d] ref %.9g got %.9g (diff %.3g)", i, ref[i], (double) got[i], diff));
                count++;
            }
        }
        double rel = den == 0 ? Math.sqrt(num) : Math.sqrt(num / den);
        if (count > 0 || !(rel <= maxRelL2)) {
            fail(String.format("%s: %d of %d elements outside atol %.1g + rtol %.1g, relative L2 error %.3g (limit %.1g)%s",
                    what, count, ref.length, atol, rtol, rel, maxRelL2, misses));
        }
    }

    static double[] toDouble(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) d[i] = a[i];
        return d;
    }

    static float[] random(Random random, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = random.nextFloat() * 2f - 1f;
        return a;
    }

    /** A fresh seed per run, printed so that a failure can be replayed ({@code -Ddrcn.seed=...}). */
    static Random freshRandom(String test) {
        long seed = Long.getLong("drcn.seed", System.nanoTime());
        System.out.println(test + ": seed " + seed);
        return new Random(seed);
    }
}
