package drcn.tornado.api;

import drcn.tornado.api.types.arrays.DoubleArray;
import drcn.tornado.api.types.arrays.FloatArray;
import drcn.tornado.api.types.arrays.IntArray;
import drcn.tornado.api.types.arrays.LongArray;

import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

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

        /**
         * The {@code ordinal}-th local array of this group (the same object for all its work-items): a fresh
         * {@code elementType[size]} the first time, that one again after.
         */
        Object localArray(int ordinal, Class<?> elementType, int size);
    }

    private static final VarHandle INT_ELEMENT = ValueLayout.JAVA_INT.arrayElementVarHandle();
    private static final VarHandle FLOAT_ELEMENT = ValueLayout.JAVA_FLOAT.arrayElementVarHandle();
    private static final VarHandle LONG_ELEMENT = ValueLayout.JAVA_LONG.arrayElementVarHandle();
    private static final VarHandle DOUBLE_ELEMENT = ValueLayout.JAVA_DOUBLE.arrayElementVarHandle();
    private static final VarHandle INT_ARRAY_ELEMENT = MethodHandles.arrayElementVarHandle(int[].class);

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

    private Object localArray(Class<?> elementType, int size) {
        if (workGroup == null) return java.lang.reflect.Array.newInstance(elementType, size);
        return workGroup.localArray(localArraysAllocated++, elementType, size);
    }

    /** A float array shared by the work-group ({@code __local} / {@code __shared__}); size must be a constant. */
    public float[] allocateFloatLocalArray(int size) {
        return (float[]) localArray(float.class, size);
    }

    /** An int array shared by the work-group; size must be a constant. */
    public int[] allocateIntLocalArray(int size) {
        return (int[]) localArray(int.class, size);
    }

    /** A double array shared by the work-group; size must be a constant; the device needs fp64. */
    public double[] allocateDoubleLocalArray(int size) {
        return (double[]) localArray(double.class, size);
    }

    /** A long array shared by the work-group; size must be a constant. */
    public long[] allocateLongLocalArray(int size) {
        return (long[]) localArray(long.class, size);
    }

    /** A byte array shared by the work-group; size must be a constant. */
    public byte[] allocateByteLocalArray(int size) {
        return (byte[]) localArray(byte.class, size);
    }

    /** A short array shared by the work-group; size must be a constant. */
    public short[] allocateShortLocalArray(int size) {
        return (short[]) localArray(short.class, size);
    }

    /** A char array shared by the work-group; size must be a constant. */
    public char[] allocateCharLocalArray(int size) {
        return (char[]) localArray(char.class, size);
    }

    /** A HalfFloat array shared by the work-group; size must be a constant. Its elements start as null (Java's). */
    public drcn.tornado.api.types.HalfFloat[] allocateHalfFloatLocalArray(int size) {
        return (drcn.tornado.api.types.HalfFloat[]) localArray(drcn.tornado.api.types.HalfFloat.class, size);
    }

    /**
     * Half2 values shared by the work-group (TornadoVM's packed-pair tile); size must be a constant. Its elements
     * start as null (Java's); in C it is a local array of {@code 2 * size} halves.
     */
    public drcn.tornado.api.types.vectors.Half2[] allocateHalf2LocalArray(int size) {
        return (drcn.tornado.api.types.vectors.Half2[]) localArray(drcn.tornado.api.types.vectors.Half2.class, size);
    }

    /**
     * {@code array[index] += value} as one indivisible step across all work-items of the launch (OpenCL's
     * {@code atomic_add}, CUDA's {@code atomicAdd}). The order of the additions is not defined.
     */
    public void atomicAdd(IntArray array, int index, int value) {
        INT_ELEMENT.getAndAdd(array.getSegment(), 0L, (long) checkIndex(index, array.getSize()), value);
    }

    /** {@code array[index] += value} atomically, on a local (work-group) or private array. */
    public void atomicAdd(int[] array, int index, int value) {
        INT_ARRAY_ELEMENT.getAndAdd(array, index, value);
    }

    /**
     * {@code array[index] += value} atomically. Devices without a float atomic add do it with a compare-and-swap
     * loop on the float's bits, as here; the order of the additions, and so the rounding, is not defined.
     */
    public void atomicAdd(FloatArray array, int index, float value) {
        var segment = array.getSegment();
        long at = checkIndex(index, array.getSize());
        float seen;
        do {
            seen = (float) FLOAT_ELEMENT.getVolatile(segment, 0L, at);
        } while (!FLOAT_ELEMENT.compareAndSet(segment, 0L, at, seen, seen + value));
    }

    /** {@code array[index] += value} atomically. */
    public void atomicAdd(LongArray array, int index, long value) {
        LONG_ELEMENT.getAndAdd(array.getSegment(), 0L, (long) checkIndex(index, array.getSize()), value);
    }

    /**
     * {@code array[index] += value} atomically, here; kernels reject it (OpenCL 1.2 has no double atomics), as the
     * README says.
     */
    public void atomicAdd(DoubleArray array, int index, double value) {
        var segment = array.getSegment();
        long at = checkIndex(index, array.getSize());
        double seen;
        do {
            seen = (double) DOUBLE_ELEMENT.getVolatile(segment, 0L, at);
        } while (!DOUBLE_ELEMENT.compareAndSet(segment, 0L, at, seen, seen + value));
    }

    private static int checkIndex(int index, int size) {
        if (index < 0 || index >= size) throw new IndexOutOfBoundsException("atomicAdd index " + index + " out of bounds for size " + size);
        return index;
    }
}
