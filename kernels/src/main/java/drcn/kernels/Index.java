package drcn.kernels;

import drcn.kernels.api.KernelLibrary;

/**
 * The index arithmetic that kernels and host code share: how many blocks cover a count, and a count rounded up
 * to whole blocks. Kernels of any module call these (the kernel compiler links them through this module's kernel
 * IR, {@link KernelLibrary}); host code calls them to size the launches of the same kernels, so both sides agree by construction.
 *
 * <p>Defined for {@code count >= 0} and {@code block > 0}, where {@code count + block - 1} does not overflow:
 * what every caller has (sizes, channels, pixels).
 */
@KernelLibrary
public final class Index {
    private Index() {
    }

    /** {@code ceil(count / block)}: the blocks of {@code block} that cover {@code count}. */
    public static int ceilDiv(int count, int block) {
        return (count + block - 1) / block;
    }

    /** {@code count} rounded up to a multiple of {@code block}. */
    public static int roundUp(int count, int block) {
        return ceilDiv(count, block) * block;
    }

    /** {@link #ceilDiv(int, int)} on longs, for host code (trip counts of long loops). */
    public static long ceilDiv(long count, long block) {
        return (count + block - 1) / block;
    }
}
