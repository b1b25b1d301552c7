package drcn.runtime.backend.support;

import drcn.compiler.emit.CEmitter;
import drcn.runtime.jit.KernelRef;
import drcn.tornado.api.KernelContext;

/** The local size (work-group, CUDA block) a C backend gives a launch that names none: the default fitted to the limits. */
public final class LocalSize {
    private LocalSize() {}

    /**
     * A wanted local size fitted to the limits: each dimension at most the device's per-dimension
     * limit and the global size (no point in a group wider than the range), and the product at most
     * {@code maxGroup} (the smaller of the device's and the kernel's limit: a kernel heavy in registers
     * allows fewer work-items): the largest dimension (the first of equals) is halved until it fits,
     * which keeps powers of two powers of two.
     */
    public static long[] fit(int[] wanted, int[] global, long[] maxItemSizes, long maxGroup) {
        int dims = global.length;
        long[] local = new long[dims];
        for (int d = 0; d < dims; d++) {
            long deviceLimit = d < maxItemSizes.length ? maxItemSizes[d] : 1;
            local[d] = Math.max(1, Math.min(Math.min(wanted[d], deviceLimit), global[d]));
        }
        long limit = Math.max(1, maxGroup);
        while (product(local) > limit) {
            int largest = 0;
            for (int d = 1; d < dims; d++) if (local[d] > local[largest]) largest = d;
            local[largest] = (local[largest] + 1) / 2;
        }
        return local;
    }

    /** Whether the kernel calls a SIMD-group function: its launches then go through {@link #checkSimd}. */
    public static boolean usesSimd(KernelRef kernel) {
        return kernel != null && kernel.function() != null && CEmitter.usesSimd(kernel.function(), kernel.helpers());
    }

    /**
     * Checks a launch of a kernel that calls the SIMD-group functions: its work-group of {@code local} work-items
     * must split into whole SIMD groups ({@code KernelContext.simdWidth}) and hold at most {@code maxGroup} of them
     * (OpenCL's scratch, {@code SimdPrelude.OPENCL_SCRATCH}).
     *
     * @throws IllegalArgumentException naming the kernel, when the work-group does not fit
     */
    public static void checkSimd(KernelRef kernel, long[] local, long maxGroup) {
        long items = product(local);
        if (items > maxGroup) {
            throw new IllegalArgumentException(kernel.displayName() + " calls SIMD-group functions, which allow at most " + maxGroup
                    + " work-items per group on this backend; this launch has " + items);
        }
        try {
            KernelContext.simdWidth((int) items);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(kernel.displayName() + ": " + e.getMessage(), e);
        }
    }

    private static long product(long[] values) {
        long p = 1;
        for (long v : values) p *= v;
        return p;
    }
}
