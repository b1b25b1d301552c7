package drcn.runtime.backend.support;

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

    private static long product(long[] values) {
        long p = 1;
        for (long v : values) p *= v;
        return p;
    }
}
