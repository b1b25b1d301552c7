package drcn.kernels.suite;

/** Helpers in a class of their own: called from {@link HelperKernels}, translated into this class's IR. */
public final class SuiteMath {
    private SuiteMath() {}

    /** Clamps an index into {@code [lo, hi]}. */
    public static int clampIndex(int i, int lo, int hi) {
        return Math.min(Math.max(i, lo), hi);
    }

    /** The same name as a helper in {@link HelperKernels}: the C names must differ. */
    public static float scale(float v, float by) {
        return v * by + 0.25f;
    }
}
