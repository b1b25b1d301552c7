package drcn.runtime.graph;

import drcn.kernels.Index;
import drcn.runtime.backend.Range;
import drcn.tornado.api.WorkerGrid;

/**
 * A task's grid as a backend {@link Range} (ours, for runtime code): launched as the backends launch a range, so
 * without a local size the backend picks the work-group size for the kernel and device and rounds the global size
 * up to it (the kernel guards with {@code if (i >= n) return;}). A TornadoVM {@link WorkerGrid} without a local size
 * runs exactly its global size instead. Immutable: the setters refuse.
 */
public final class RangeGrid implements WorkerGrid {
    private final Range range;

    public RangeGrid(Range range) {
        this.range = range;
    }

    public Range range() {
        return range;
    }

    @Override
    public int dimension() {
        return range.dimensions();
    }

    @Override
    public long[] getGlobalWork() {
        return new long[]{range.global(0), range.global(1), range.global(2)};
    }

    @Override
    public long[] getLocalWork() {
        return range.local() == null ? null : new long[]{range.local(0), range.local(1), range.local(2)};
    }

    @Override
    public long[] getNumberOfWorkgroups() {
        long[] l = getLocalWork();
        if (l == null) return null;
        long[] g = getGlobalWork();
        return new long[]{Index.ceilDiv(g[0], l[0]), Index.ceilDiv(g[1], l[1]), Index.ceilDiv(g[2], l[2])};
    }

    @Override
    public long[] getGlobalOffset() {
        return new long[]{0, 0, 0};
    }

    @Override public void setGlobalWork(long x, long y, long z) { throw immutable(); }
    @Override public void setLocalWork(long x, long y, long z) { throw immutable(); }
    @Override public void setGlobalOffset(long x, long y, long z) { throw immutable(); }
    @Override public void setLocalWorkToNull() { throw immutable(); }
    @Override public void setNumberOfWorkgroupsToNull() { throw immutable(); }

    private static UnsupportedOperationException immutable() {
        return new UnsupportedOperationException("a RangeGrid is immutable");
    }

    @Override
    public String toString() {
        return "RangeGrid[" + range + "]";
    }
}
