package drcn.kernels.suite;

import drcn.tornado.api.types.arrays.FloatArray;
import drcn.kernels.api.Kernel;
import drcn.tornado.api.KernelContext;
import drcn.kernels.api.Scratch;
import drcn.kernels.api.Vector16;

/**
 * Every {@link Vector16} operation: loads and stores on a global and a private array, a helper that
 * takes and returns vectors, a vector conditional, and each lane-by-lane operation.
 *
 * <p>Launch {@link #mix} over a 1D global range of at least {@code blocks} (any local size): {@code a},
 * {@code b} and {@code out} of {@code 16 * blocks} floats.
 */
public final class VectorKernels {
    private VectorKernels() {}

    static final int LANES = Vector16.LANES;

    /** {@code scale * x + y}, rounded once per lane. */
    static Vector16 scaleAdd(float scale, Vector16 x, Vector16 y) {
        return Vector16.fma(Vector16.broadcast(scale), x, y);
    }

    @Kernel
    public static void mix(KernelContext context, FloatArray a, FloatArray b, FloatArray out, int blocks, float scale) {
        int i = context.globalIdx;
        if (i >= blocks) return;
        Vector16 x = Vector16.load(a, i * LANES);
        Vector16 y = Vector16.load(b, i * LANES);
        float[] stash = new float[2 * LANES];   // zeroed: its first half is read without being written
        Vector16.store(stash, LANES, y);
        Vector16 z = Vector16.add(Vector16.load(stash, LANES), Vector16.load(stash, 0));
        @Scratch float[] copy = new float[LANES];   // written whole before it is read: not zeroed on devices
        Vector16.store(copy, 0, z);
        z = Vector16.load(copy, 0);
        Vector16 r = scaleAdd(scale, x, z);
        r = Vector16.add(r, Vector16.multiply(x, z));
        r = Vector16.subtract(r, Vector16.broadcast(0.25f));
        r = Vector16.max(r, Vector16.min(x, y));
        Vector16 s = i % 2 == 0 ? r : Vector16.subtract(Vector16.zero(), r);
        Vector16.store(out, i * LANES, s);
    }

    public static void mixReference(float[] a, float[] b, float[] out, int blocks, float scale) {
        for (int e = 0; e < blocks * LANES; e++) {
            float x = a[e], y = b[e];
            float z = y + 0f;   // the kernel adds the stash's zeroed first half
            float r = Math.fma(scale, x, z);
            r = r + x * z;
            r = r - 0.25f;
            r = Math.max(r, Math.min(x, y));
            out[e] = (e / LANES) % 2 == 0 ? r : 0f - r;
        }
    }
}
