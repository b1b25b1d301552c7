package drcn.tornado.api;

/**
 * What a work-item knows about its place in the launch, named as in TornadoVM's KernelContext.
 * In a kernel these fields are read-only; the backend fills them in. On OpenCL and CUDA each read
 * becomes the matching built-in ({@code get_global_id(0)}, {@code blockIdx.x * blockDim.x +
 * threadIdx.x}, ...); on the JVM backend each work-item sees its own values here.
 */
public final class KernelContext {
    public int globalIdx, globalIdy, globalIdz;
    public int localIdx, localIdy, localIdz;
    public int groupIdx, groupIdy, groupIdz;
    public int globalGroupSizeX = 1, globalGroupSizeY = 1, globalGroupSizeZ = 1;
    public int localGroupSizeX = 1, localGroupSizeY = 1, localGroupSizeZ = 1;

    /** What the JVM backend provides per work-group: the barrier and the group's local memory. */
    public interface WorkGroup {
        /** Blocks until every work-item of the group has arrived. */
        void barrier();

        /** The {@code ordinal}-th local float array of this group (same object for all its work-items). */
        float[] floatLocalArray(int ordinal, int size);

        int[] intLocalArray(int ordinal, int size);
    }

    private final WorkGroup workGroup;
    private int localArraysAllocated;

    /** What a program passes to {@code TaskGraph.task(...)}: a placeholder; each work-item gets its own on the device. */
    public KernelContext() {
        this(null);
    }

    /** The JVM backend's per-work-item context, within its work-group. */
    public KernelContext(WorkGroup workGroup) {
        this.workGroup = workGroup;
    }

    /** Resets the per-work-item state before the backend runs the next work-item with this object. */
    public void startWorkItem() {
        localArraysAllocated = 0;
    }

    /** Waits until all work-items of the work-group reach this point; local memory writes become visible. */
    public void localBarrier() {
        if (workGroup == null) {
            throw new IllegalStateException("localBarrier() called in a launch without work-group support");
        }
        workGroup.barrier();
    }

    /**
     * A work-group barrier that also orders global memory (OpenCL's {@code barrier(CLK_GLOBAL_MEM_FENCE)}): writes
     * to global arrays by the group's work-items are visible to the group after it. Not a barrier across groups.
     */
    public void globalBarrier() {
        localBarrier();
    }

    /** A float array shared by the work-group ({@code __local} / {@code __shared__}); size must be a constant. */
    public float[] allocateFloatLocalArray(int size) {
        if (workGroup == null) return new float[size];
        return workGroup.floatLocalArray(localArraysAllocated++, size);
    }

    /** An int array shared by the work-group; size must be a constant. */
    public int[] allocateIntLocalArray(int size) {
        if (workGroup == null) return new int[size];
        return workGroup.intLocalArray(localArraysAllocated++, size);
    }
}
