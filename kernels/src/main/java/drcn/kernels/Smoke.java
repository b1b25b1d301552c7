package drcn.kernels;

import drcn.tornado.api.types.arrays.FloatArray;
import drcn.kernels.api.Kernel;
import drcn.tornado.api.KernelContext;

/**
 * The smallest end-to-end kernel. Launch {@link #saxpy} over a 1D global range of at least
 * {@code n} work-items (any local size); work-items past {@code n} do nothing.
 */
public final class Smoke {
    private Smoke() {}

    /** {@code y[i] = a * x[i] + y[i]} for {@code i < n}. */
    @Kernel
    public static void saxpy(KernelContext context, FloatArray x, FloatArray y, float a, int n) {
        int i = context.globalIdx;
        if (i >= n) return;
        y.set(i, a * x.get(i) + y.get(i));
    }

    /** Plain-Java reference of {@link #saxpy}. */
    public static void saxpyReference(float[] x, float[] y, float a, int n) {
        for (int i = 0; i < n; i++) y[i] = a * x[i] + y[i];
    }
}
