package drcn.kernels.suite;

import drcn.tornado.api.types.arrays.FloatArray;
import drcn.kernels.api.Kernel;
import drcn.tornado.api.KernelContext;

/**
 * 1D, 2D and 3D ranges using global ids and global sizes, and {@code getSize()}.
 *
 * <p>Launch (any local sizes):
 * <ul>
 *   <li>{@link #gridStride}: 1D, ANY global range (smaller than n too: each work-item strides by the
 *       global size); {@code in} and {@code out} of the same size n.</li>
 *   <li>{@link #range2D}: 2D global range at least (width, height); {@code in}, {@code out} of size width*height.</li>
 *   <li>{@link #range3D}: 3D global range at least (w, h, d); {@code in}, {@code out} of size w*h*d.</li>
 * </ul>
 */
public final class RangeKernels {
    private RangeKernels() {}

    @Kernel
    public static void gridStride(KernelContext context, FloatArray in, FloatArray out) {
        int n = Math.min(in.getSize(), out.getSize());
        for (int i = context.globalIdx; i < n; i += context.globalGroupSizeX) {
            out.set(i, in.get(i) * 3f - 1f);
        }
    }

    public static void gridStrideReference(float[] in, float[] out, int n) {
        for (int i = 0; i < n; i++) out[i] = in[i] * 3f - 1f;
    }

    @Kernel
    public static void range2D(KernelContext context, FloatArray in, FloatArray out, int width, int height) {
        int x = context.globalIdx;
        int y = context.globalIdy;
        if (x >= width || y >= height) return;
        int index = y * width + x;
        out.set(index, in.get(index) * 2f + x - y);
    }

    public static void range2DReference(float[] in, float[] out, int width, int height) {
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++) out[y * width + x] = in[y * width + x] * 2f + x - y;
    }

    @Kernel
    public static void range3D(KernelContext context, FloatArray in, FloatArray out, int w, int h, int d) {
        int x = context.globalIdx;
        int y = context.globalIdy;
        int z = context.globalIdz;
        if (x >= w || y >= h || z >= d) return;
        int index = (z * h + y) * w + x;
        out.set(index, in.get(index) + x * 100 + y * 10 + z);
    }

    public static void range3DReference(float[] in, float[] out, int w, int h, int d) {
        for (int z = 0; z < d; z++)
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++) {
                    int index = (z * h + y) * w + x;
                    out[index] = in[index] + x * 100 + y * 10 + z;
                }
    }
}
