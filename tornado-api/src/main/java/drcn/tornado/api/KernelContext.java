package drcn.tornado.api;

import drcn.tornado.api.types.HalfFloat;
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

        /**
         * The group's scratch for the SIMD-group functions: a float array of at least the group's size, the same
         * object for all its work-items, apart from the local arrays that the kernel allocates.
         */
        default float[] simdScratch() {
            throw new UnsupportedOperationException("this work-group runner does not provide the SIMD-group functions");
        }
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

    /** The most lanes a SIMD group has: a CUDA warp. */
    public static final int MAX_SIMD_WIDTH = 32;

    /**
     * The lanes of each SIMD group in a work-group of {@code workGroupSize} work-items: {@code W = min(32,
     * workGroupSize)}.
     *
     * <p>The SIMD-group functions ({@link #simdSum}, {@link #simdShuffleDown}, {@link #simdBroadcastFirst}) mean the
     * same on every backend, bit for bit: a SIMD group is {@code W} consecutive work-items by local linear id
     * ({@code localIdx + localGroupSizeX * (localIdy + localGroupSizeY * localIdz)}), and a work-item's lane is its
     * local linear id modulo {@code W}. Every work-item of the work-group must call the function, the same number of
     * times (it is convergent, like a barrier). CUDA runs them as warp shuffles, OpenCL and the JVM through local
     * memory between barriers (OpenCL's scratch holds at most {@code SimdPrelude.OPENCL_SCRATCH} = 1024 work-items).
     *
     * @throws IllegalArgumentException when the work-group size is neither a multiple of 32 nor a power of two below
     *                                  32 (its SIMD groups would not be whole)
     */
    public static int simdWidth(int workGroupSize) {
        if (workGroupSize <= 0 || (workGroupSize % MAX_SIMD_WIDTH != 0 && Integer.bitCount(workGroupSize) != 1)) {
            throw new IllegalArgumentException("the SIMD-group functions (simdSum, simdShuffleDown, simdBroadcastFirst) need a work-group"
                    + " size that is a multiple of 32 or a power of two below 32; this launch has " + workGroupSize);
        }
        return Math.min(MAX_SIMD_WIDTH, workGroupSize);
    }

    /**
     * The sum of {@code value} over the lanes of this work-item's SIMD group (see {@link #simdWidth}); every lane
     * gets the same sum. The additions are the butterfly {@code value += simdShuffleXor(value, o)} for {@code o = 16,
     * 8, 4, 2, 1} (those below {@code W}), where the shuffle reads lane {@code lane ^ o}: every backend adds in
     * this order, and since float addition is commutative all lanes end with the same bits.
     */
    public float simdSum(float value) {
        int width = simdWidth(workGroupSize());
        for (int offset = MAX_SIMD_WIDTH / 2; offset > 0; offset >>= 1) {
            if (offset >= width) continue;
            int partner = localLinearId() ^ offset;
            value += simdExchange(value, partner);
        }
        return value;
    }

    /**
     * The {@code value} of lane {@code lane + delta} of this SIMD group when {@code lane + delta < W}, else this
     * work-item's own {@code value} (CUDA's {@code __shfl_down_sync} with width {@code W}); {@code delta >= 0}.
     */
    public float simdShuffleDown(float value, int delta) {
        if (delta < 0) throw new IllegalArgumentException("simdShuffleDown delta " + delta + " is negative");
        int width = simdWidth(workGroupSize());
        int id = localLinearId();
        boolean inside = id % width + delta < width;
        float other = simdExchange(value, inside ? id + delta : id);
        return inside ? other : value;
    }

    /** The {@code value} of lane 0 of this SIMD group (see {@link #simdWidth}). */
    public float simdBroadcastFirst(float value) {
        int width = simdWidth(workGroupSize());
        int id = localLinearId();
        return simdExchange(value, id - id % width);
    }

    /** Every work-item of the group publishes {@code value}, then reads the one of local linear id {@code from}. */
    private float simdExchange(float value, int from) {
        if (workGroup == null) throw new IllegalStateException("the SIMD-group functions were called in a launch without work-group support");
        float[] scratch = workGroup.simdScratch();
        int id = localLinearId();
        scratch[id] = value;
        workGroup.barrier();
        float other = scratch[from];
        workGroup.barrier();
        return other;
    }

    private int localLinearId() {
        return localIdx + localGroupSizeX * (localIdy + localGroupSizeY * localIdz);
    }

    private int workGroupSize() {
        return localGroupSizeX * localGroupSizeY * localGroupSizeZ;
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

    /**
     * TornadoVM's swizzled accessors of local arrays: element {@code (row, col)} of a row-major tile of {@code stride}
     * columns, at byte offset {@code b = (row * stride + col) * 2} moved to {@code b ^ (((b >> 7) & 7) << 4)}, an XOR
     * swizzle that spreads one column over the memory banks (tensor-core tile loads). Store and load agree.
     */
    public HalfFloat swizzleLoadFp16Stride32(HalfFloat[] arr, int row, int col, int stride) {
        return arr[swizzle(2 * (row * stride + col), 7, 4) / 2];
    }

    public void swizzleStoreFp16Stride32(HalfFloat[] arr, int row, int col, int stride, HalfFloat v) {
        arr[swizzle(2 * (row * stride + col), 7, 4) / 2] = v;
    }

    /** As {@link #swizzleLoadFp16Stride32} for 16-column tiles: {@code b ^ (((b >> 6) & 7) << 3)}. */
    public HalfFloat swizzleLoadFp16Stride16(HalfFloat[] arr, int row, int col, int stride) {
        return arr[swizzle(2 * (row * stride + col), 6, 3) / 2];
    }

    public void swizzleStoreFp16Stride16(HalfFloat[] arr, int row, int col, int stride, HalfFloat v) {
        arr[swizzle(2 * (row * stride + col), 6, 3) / 2] = v;
    }

    /** As {@link #swizzleLoadFp16Stride32} for bytes: the element index is the byte offset. */
    public byte swizzleLoadInt8(byte[] arr, int row, int col, int stride) {
        return arr[swizzle(row * stride + col, 7, 4)];
    }

    public void swizzleStoreInt8(byte[] arr, int row, int col, int stride, byte v) {
        arr[swizzle(row * stride + col, 7, 4)] = v;
    }

    private static int swizzle(int byteOffset, int bankShift, int xorShift) {
        return byteOffset ^ (((byteOffset >> bankShift) & 0b111) << xorShift);
    }
}
