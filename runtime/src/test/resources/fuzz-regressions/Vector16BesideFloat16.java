package drcn.fuzz;

import drcn.kernels.api.Kernel;
import drcn.kernels.api.Vector16;
import drcn.tornado.api.KernelContext;
import drcn.tornado.api.types.arrays.FloatArray;
import drcn.tornado.api.types.arrays.IntArray;
import drcn.tornado.api.types.vectors.Float16;

/**
 * Found by GeneratedKernelsTest (seed 2, CUDA): a kernel using both Vector16 and TornadoVM's Float16 declared
 * {@code struct drcn_float16} twice in its CUDA C (Vector16's struct of a lane array, Float16's of named lanes),
 * which nvcc refuses. Vector16's CUDA struct is {@code drcn_vector16} now.
 */
public final class Vector16BesideFloat16 {
    @Kernel
    public static void k(KernelContext context, IntArray ia, FloatArray fa, IntArray io, FloatArray fo, int n) {
        int i = context.globalIdx;
        if (i >= n) return;
        float f0 = fa.get(i);
        Float16 a = new Float16(f0, 1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f, 10f, 11f, 12f, 13f, 14f, f0 * f0);
        Vector16 b = Vector16.add(Vector16.load(fa, i % 80), Vector16.broadcast(f0));
        float[] lanes = new float[16];
        Vector16.store(lanes, 0, b);
        io.set(i * 4, ia.get(i));
        io.set(i * 4 + 1, 0);
        io.set(i * 4 + 2, 0);
        io.set(i * 4 + 3, 0);
        fo.set(i * 3, Float16.sum(a));
        fo.set(i * 3 + 1, lanes[i & 15]);
        fo.set(i * 3 + 2, a.getS15() + lanes[15]);
    }

    public static drcn.tornado.api.common.TornadoFunctions.Task6<KernelContext, IntArray, FloatArray, IntArray, FloatArray, Integer> ref() {
        return Vector16BesideFloat16::k;
    }
}
