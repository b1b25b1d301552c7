package drcn.kernels.suite;

import drcn.tornado.api.types.arrays.FloatArray;
import drcn.tornado.api.types.arrays.IntArray;
import drcn.kernels.api.Kernel;
import drcn.tornado.api.KernelContext;

/**
 * Work-group tree reductions in local memory with barriers.
 *
 * <p>Launch {@link #groupSum} and {@link #groupMax} over a 1D global range of exactly
 * {@code groups * GROUP} work-items with a local size of exactly {@link #GROUP} (64), where
 * {@code groups = ceil(n / 64)}: input of size n, output ({@code partial} / {@code out}) of size groups.
 * Elements past n count as 0 (sum) or Integer.MIN_VALUE (max). The references add in the kernel's
 * tree order, so float results match exactly.
 */
public final class ReductionKernels {
    private ReductionKernels() {}

    public static final int GROUP = 64;

    @Kernel
    public static void groupSum(KernelContext context, FloatArray in, FloatArray partial, int n) {
        float[] scratch = context.allocateFloatLocalArray(GROUP);
        int local = context.localIdx;
        int i = context.globalIdx;
        scratch[local] = i < n ? in.get(i) : 0f;
        context.localBarrier();
        for (int stride = GROUP / 2; stride > 0; stride >>= 1) {
            if (local < stride) scratch[local] += scratch[local + stride];
            context.localBarrier();
        }
        if (local == 0) partial.set(context.groupIdx, scratch[0]);
    }

    public static void groupSumReference(float[] in, float[] partial, int n, int groups) {
        for (int g = 0; g < groups; g++) {
            float[] t = new float[GROUP];
            for (int l = 0; l < GROUP; l++) t[l] = g * GROUP + l < n ? in[g * GROUP + l] : 0f;
            for (int stride = GROUP / 2; stride > 0; stride /= 2)
                for (int l = 0; l < stride; l++) t[l] += t[l + stride];
            partial[g] = t[0];
        }
    }

    @Kernel
    public static void groupMax(KernelContext context, IntArray in, IntArray out, int n) {
        int[] scratch = context.allocateIntLocalArray(GROUP);
        int local = context.localIdx;
        int i = context.groupIdx * context.localGroupSizeX + local;
        scratch[local] = i < n ? in.get(i) : Integer.MIN_VALUE;
        context.localBarrier();
        for (int stride = GROUP / 2; stride > 0; stride = stride / 2) {
            if (local < stride) scratch[local] = Math.max(scratch[local], scratch[local + stride]);
            context.localBarrier();
        }
        if (local == 0) out.set(context.groupIdx, scratch[0]);
    }

    public static void groupMaxReference(int[] in, int[] out, int n, int groups) {
        for (int g = 0; g < groups; g++) {
            int max = Integer.MIN_VALUE;
            for (int l = 0; l < GROUP; l++) if (g * GROUP + l < n) max = Math.max(max, in[g * GROUP + l]);
            out[g] = max;
        }
    }
}
