package drcn.runtime.backend.jvm;

import drcn.tornado.api.types.arrays.FloatArray;
import drcn.tornado.api.types.arrays.IntArray;
import drcn.kernels.api.Kernel;
import drcn.tornado.api.KernelContext;

/**
 * Kernels for the jvm backend's tests. The runtime is compiled without the kernel compiler, so these
 * have no IR: the backend must work from the Java methods alone.
 */
public final class JvmTestKernels {
    private JvmTestKernels() {}

    /** Values written per work-item by {@link #contextFields}. */
    public static final int FIELDS = 15;

    @Kernel
    public static void saxpy(KernelContext context, float alpha, FloatArray x, FloatArray y, int n) {
        int i = context.globalIdx;
        if (i >= n) return;
        y.set(i, alpha * x.get(i) + y.get(i));
    }

    /** Writes every field of the context at the work-item's linear global index (x fastest). */
    @Kernel
    public static void contextFields(KernelContext context, IntArray out) {
        int linear = (context.globalIdz * context.globalGroupSizeY + context.globalIdy) * context.globalGroupSizeX + context.globalIdx;
        int base = linear * FIELDS;
        out.set(base, context.globalIdx);
        out.set(base + 1, context.globalIdy);
        out.set(base + 2, context.globalIdz);
        out.set(base + 3, context.localIdx);
        out.set(base + 4, context.localIdy);
        out.set(base + 5, context.localIdz);
        out.set(base + 6, context.groupIdx);
        out.set(base + 7, context.groupIdy);
        out.set(base + 8, context.groupIdz);
        out.set(base + 9, context.globalGroupSizeX);
        out.set(base + 10, context.globalGroupSizeY);
        out.set(base + 11, context.globalGroupSizeZ);
        out.set(base + 12, context.localGroupSizeX);
        out.set(base + 13, context.localGroupSizeY);
        out.set(base + 14, context.localGroupSizeZ);
    }

    /** Each work-group sums its 64 inputs by a tree in local memory; one partial sum per group. */
    @Kernel
    public static void groupSum(KernelContext context, FloatArray in, FloatArray partial) {
        float[] scratch = context.allocateFloatLocalArray(64);
        int l = context.localIdx;
        scratch[l] = in.get(context.globalIdx);
        context.localBarrier();
        for (int stride = context.localGroupSizeX / 2; stride > 0; stride /= 2) {
            if (l < stride) scratch[l] += scratch[l + stride];
            context.localBarrier();
        }
        if (l == 0) partial.set(context.groupIdx, scratch[0]);
    }

    /** Like {@link #groupSum} but the barriers are in a helper: detection must follow calls. */
    @Kernel
    public static void groupSumViaHelper(KernelContext context, FloatArray in, FloatArray partial) {
        float[] scratch = context.allocateFloatLocalArray(64);
        int l = context.localIdx;
        scratch[l] = in.get(context.globalIdx);
        treeSum(context, scratch, l);
        if (l == 0) partial.set(context.groupIdx, scratch[0]);
    }

    static void treeSum(KernelContext context, float[] scratch, int l) {
        context.localBarrier();
        for (int stride = context.localGroupSizeX / 2; stride > 0; stride /= 2) {
            if (l < stride) scratch[l] += scratch[l + stride];
            context.localBarrier();
        }
    }

    /** Reads one past its own element: the last work-item reads out of bounds. */
    @Kernel
    public static void readsPastEnd(KernelContext context, FloatArray a) {
        int i = context.globalIdx;
        a.set(i, a.get(i + 1));
    }

    /** Work-item 0 of each group skips the barrier: undefined on a GPU, reported by the jvm backend. */
    @Kernel
    public static void divergentBarrier(KernelContext context, FloatArray a) {
        if (context.localIdx == 0) return;
        context.localBarrier();
        a.set(context.globalIdx, 1f);
    }

    /** No context: one work-item does all the work. */
    @Kernel
    public static void scale(FloatArray a, float factor, int n) {
        for (int i = 0; i < n; i++) a.set(i, a.get(i) * factor);
    }
}
