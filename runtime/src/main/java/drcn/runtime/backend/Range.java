package drcn.runtime.backend;

import java.util.Arrays;

/**
 * An NDRange: the global size per dimension (1 to 3) and, optionally, the work-group (local) size.
 * With no local size the backend chooses one (tornado.properties' default work-group sizes, fitted
 * to the device's limits). A global size need not be a multiple of a chosen local size: backends
 * round the launch up, and kernels guard with {@code if (x >= n) return;}... except kernels that
 * use barriers, which must be launched with global sizes that are multiples of the local size.
 */
public record Range(int[] global, int[] local) {

    public Range {
        if (global.length < 1 || global.length > 3) throw new IllegalArgumentException("a range has 1 to 3 dimensions");
        for (int g : global) if (g < 1) throw new IllegalArgumentException("global size must be positive: " + Arrays.toString(global));
        if (local != null) {
            if (local.length != global.length) throw new IllegalArgumentException("local size has " + local.length + " dimensions, global " + global.length);
            for (int i = 0; i < local.length; i++) {
                if (local[i] < 1) throw new IllegalArgumentException("local size must be positive: " + Arrays.toString(local));
            }
        }
        global = global.clone();
        local = local == null ? null : local.clone();
    }

    public static Range of(int x) { return new Range(new int[]{x}, null); }

    public static Range of(int x, int y) { return new Range(new int[]{x, y}, null); }

    public static Range of(int x, int y, int z) { return new Range(new int[]{x, y, z}, null); }

    public Range withLocal(int... localSize) { return new Range(global, localSize); }

    public int dimensions() { return global.length; }

    public int global(int dimension) { return dimension < global.length ? global[dimension] : 1; }

    /** The local size in a dimension; 1 beyond the range's dimensions; -1 when the backend chooses. */
    public int local(int dimension) {
        if (dimension >= global.length) return 1;
        return local == null ? -1 : local[dimension];
    }

    public long totalWorkItems() {
        long n = 1;
        for (int g : global) n *= g;
        return n;
    }

    @Override
    public String toString() {
        return "Range" + Arrays.toString(global) + (local == null ? "" : " local " + Arrays.toString(local));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Range r && Arrays.equals(global, r.global) && Arrays.equals(local, r.local);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(global) * 31 + Arrays.hashCode(local);
    }
}
