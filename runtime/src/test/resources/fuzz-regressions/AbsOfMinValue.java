package drcn.fuzz;

import drcn.kernels.api.Kernel;
import drcn.tornado.api.KernelContext;
import drcn.tornado.api.types.arrays.FloatArray;
import drcn.tornado.api.types.arrays.IntArray;

/**
 * Found by GeneratedKernelsTest (seed 7): Math.abs(Integer.MIN_VALUE) is MIN_VALUE in Java, so
 * abs(v) == min(-199, v) holds for it; C's abs overflows there (undefined), and LLVM assumed abs(v) >= 0.
 */
public final class AbsOfMinValue {
    @Kernel
    public static void k(KernelContext context, IntArray ia, FloatArray fa, IntArray io, FloatArray fo, int n) {
        int i = context.globalIdx;
        if (i >= n) return;
        int v = i % 3 == 0 ? Integer.MIN_VALUE : ia.get(i);
        io.set(i * 4, Math.abs(v) == Math.min(-199, v) ? 1 : 0);
        io.set(i * 4 + 1, Math.abs(v) < 0 ? 1 : 0);
        io.set(i * 4 + 2, Math.abs(v));
        io.set(i * 4 + 3, Math.abs(v - 1) >> 31);
        fo.set(i * 3, fa.get(i));
        fo.set(i * 3 + 1, 0f);
        fo.set(i * 3 + 2, 0f);
    }

    public static drcn.tornado.api.common.TornadoFunctions.Task6<KernelContext, IntArray, FloatArray, IntArray, FloatArray, Integer> ref() {
        return AbsOfMinValue::k;
    }
}
