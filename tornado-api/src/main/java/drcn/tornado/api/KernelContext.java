package drcn.tornado.api;

import drcn.tornado.api.enums.MMAShape;
import drcn.tornado.api.types.BFloat16;
import drcn.tornado.api.types.FP8;
import drcn.tornado.api.types.HalfFloat;
import drcn.tornado.api.types.arrays.ByteArray;
import drcn.tornado.api.types.arrays.FP8Array;
import drcn.tornado.api.types.arrays.HalfFloatArray;
import drcn.tornado.api.types.matrix.Matrix8x8Float;
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

        /**
         * The group's scratch for the warp-collective matrix functions ({@link KernelContext#mma} and its variants): an
         * int array of at least {@link KernelContext#MMA_SLOTS} per work-item, the same object for all its work-items.
         */
        default int[] mmaScratch() {
            throw new UnsupportedOperationException("this work-group runner does not provide the warp-collective matrix functions");
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

    // ------------------------------------------------------------------ tensor-core matrix functions (TornadoVM's MMA)
    //
    // The warp-collective mma.sync of NVIDIA's tensor cores (PTX ISA, "Matrix multiply-accumulate operation using mma
    // instruction"), shapes m16n8k16 (f16, bf16) and m16n8k32 (s8, e4m3, e5m2), A row-major, B column-major. A warp is 32
    // consecutive work-items by local linear id; lane = that id % 32, g = lane / 4 and t = lane % 4. A fragment is what
    // one lane holds, element i of it at (the PTX ISA's layouts):
    //   f16/bf16 A (8):  row g + 8 * ((i >> 1) & 1), column 2t + (i & 1) + 8 * (i >> 2)
    //   f16/bf16 B (4):  k 2t + (i & 1) + 8 * (i >> 1), column g
    //   s8/fp8 A (16):   row g + 8 * ((i >> 2) & 1), column 4t + (i & 3) + 16 * (i >> 3)
    //   s8/fp8 B (8):    k 4t + (i & 3) + 16 * (i >> 2), column g
    //   C and D (4):     row g + 8 * (i >> 1), column 2t + (i & 1)
    // The tiles the loads read are local arrays in TornadoVM's layouts, at a byte offset (0 unless given), the bytes of an
    // int[] tile least significant first (a packed pair is lo | hi << 16):
    //   mmaLoadA:          16 x 16 halves, row-major: (row, k) at byte 2 * (16 row + k)
    //   mmaLoadB:          16 x 8 halves, row-major by k: (k, n) at byte 2 * (8 k + n)
    //   mmaLoadBSwizzled:  the HalfFloat tile that swizzleStoreFp16Stride32(tile, k, n, 8, v) writes
    //   mmaLoadAInt8/FP8:  16 x 32 bytes, row-major: (row, k) at byte 32 row + k
    //   mmaLoadBInt8/FP8:  32 x 8 bytes in pairs along k: (k, n) at byte 16 (k / 2) + 2 n + k % 2
    // The products are exact in fp32 (the operands have at most 11 significant bits) and are added to the accumulator in
    // fp32 in the order k = 0, 1, ... here (the hardware's order and intermediate precision are its own: results agree
    // to rounding); s8 products and sums are exact int32, wrapping as the hardware's .s32 does.
    //
    // On the JVM a lane's fragments are Java arrays holding its elements (HalfFloat with the raw bf16 bits for mmaBF16);
    // the mma functions meet at the work-group's barrier to exchange them, so every work-item of the group must call
    // them, the same number of times (on a GPU only the warp's lanes must). CUDA C runs them as mma.sync (compute
    // capability 8.0, FP8 8.9); OpenCL has no tensor cores and rejects a kernel that calls them before any launch.

    /** Exchange slots per work-item for the warp-collective matrix functions: A (16), B (8), and 4 spare. */
    public static final int MMA_SLOTS = 28;

    private static final int WARP = 32;

    /** An accumulator fragment of m16n8 f32 values, every element {@code v}. */
    public float[] mmaFragment(float v) {
        return new float[] {v, v, v, v};
    }

    /** An accumulator fragment of m16n8 int32 values, every element {@code initValue}. */
    public int[] mmaFragmentInt(int initValue) {
        return new int[] {initValue, initValue, initValue, initValue};
    }

    /** This lane's A fragment of a 16 x 16 f16 (or bf16) tile (see the layouts above); {@code wmmaK} must be 16. */
    public HalfFloat[] mmaLoadA(int[] aTile, int wmmaK) {
        return mmaLoadA(aTile, wmmaK, 0);
    }

    /** As {@link #mmaLoadA(int[], int)}, the tile starting {@code byteOffset} bytes into {@code aTile}. */
    public HalfFloat[] mmaLoadA(int[] aTile, int wmmaK, int byteOffset) {
        checkK(wmmaK, 16, "mmaLoadA");
        int lane = lane(), g = lane >> 2, t = lane & 3;
        var fragment = new HalfFloat[8];
        for (int i = 0; i < 8; i++) {
            int row = g + 8 * ((i >> 1) & 1), col = 2 * t + (i & 1) + 8 * (i >> 2);
            fragment[i] = new HalfFloat((short) tileHalf(aTile, byteOffset + 2 * (16 * row + col)));
        }
        return fragment;
    }

    /** This lane's B fragment of a 16 x 8 f16 (or bf16) tile, row-major by k; {@code wmmaK} must be 16. */
    public HalfFloat[] mmaLoadB(int[] bTile, int wmmaK) {
        return mmaLoadB(bTile, wmmaK, 0);
    }

    /** As {@link #mmaLoadB(int[], int)}, the tile starting {@code byteOffset} bytes into {@code bTile}. */
    public HalfFloat[] mmaLoadB(int[] bTile, int wmmaK, int byteOffset) {
        checkK(wmmaK, 16, "mmaLoadB");
        int lane = lane(), g = lane >> 2, t = lane & 3;
        var fragment = new HalfFloat[4];
        for (int i = 0; i < 4; i++) {
            int k = 2 * t + (i & 1) + 8 * (i >> 1);
            fragment[i] = new HalfFloat((short) tileHalf(bTile, byteOffset + 2 * (8 * k + g)));
        }
        return fragment;
    }

    /** This lane's B fragment of the 16 x 8 tile that {@code swizzleStoreFp16Stride32(bTile, k, n, 8, v)} wrote. */
    public HalfFloat[] mmaLoadBSwizzled(HalfFloat[] bTile, int wmmaK) {
        return mmaLoadBSwizzled(bTile, wmmaK, 0);
    }

    /** As {@link #mmaLoadBSwizzled(HalfFloat[], int)}, {@code byteOffset} added to the swizzled byte offsets. */
    public HalfFloat[] mmaLoadBSwizzled(HalfFloat[] bTile, int wmmaK, int byteOffset) {
        checkK(wmmaK, 16, "mmaLoadBSwizzled");
        int lane = lane(), g = lane >> 2, t = lane & 3;
        var fragment = new HalfFloat[4];
        for (int i = 0; i < 4; i++) {
            int k = 2 * t + (i & 1) + 8 * (i >> 1);
            HalfFloat h = bTile[(byteOffset + swizzle(2 * (8 * k + g), 7, 4)) / 2];
            fragment[i] = h == null ? new HalfFloat((short) 0) : h;
        }
        return fragment;
    }

    /** {@code swizzleStoreFp16Stride32}'s element, {@code byteOffset} bytes further: the store mmaLoadBSwizzled(.., byteOffset) reads. */
    public void mmaStoreBSwizzled(HalfFloat[] arr, int row, int col, int stride, HalfFloat value, int byteOffset) {
        arr[(byteOffset + swizzle(2 * (row * stride + col), 7, 4)) / 2] = value;
    }

    /** This lane's A fragment of a 16 x 32 s8 tile (see the layouts above); {@code tileK} must be 32. */
    public byte[] mmaLoadAInt8(int[] aTile, int tileK) {
        checkK(tileK, 32, "mmaLoadAInt8");
        int lane = lane(), g = lane >> 2, t = lane & 3;
        var fragment = new byte[16];
        for (int i = 0; i < 16; i++) {
            int row = g + 8 * ((i >> 2) & 1), col = 4 * t + (i & 3) + 16 * (i >> 3);
            fragment[i] = (byte) tileByte(aTile, 32 * row + col);
        }
        return fragment;
    }

    /** This lane's B fragment of a 32 x 8 s8 tile (pairs along k, see the layouts above); {@code tileK} must be 32. */
    public byte[] mmaLoadBInt8(int[] bTile, int tileK) {
        checkK(tileK, 32, "mmaLoadBInt8");
        int lane = lane(), g = lane >> 2, t = lane & 3;
        var fragment = new byte[8];
        for (int i = 0; i < 8; i++) {
            int k = 4 * t + (i & 3) + 16 * (i >> 2);
            fragment[i] = (byte) tileByte(bTile, 16 * (k >> 1) + 2 * g + (k & 1));
        }
        return fragment;
    }

    /** As {@link #mmaLoadAInt8}: FP8 storage bytes have the int8 tile layout. */
    public byte[] mmaLoadAFP8(int[] aTile, int tileK) {
        return mmaLoadAInt8(aTile, tileK);
    }

    /** As {@link #mmaLoadBInt8}: FP8 storage bytes have the int8 tile layout. */
    public byte[] mmaLoadBFP8(int[] bTile, int tileK) {
        return mmaLoadBInt8(bTile, tileK);
    }

    /** D = A B + C over the warp, f16 operands, f32 accumulator (mma.sync.m16n8k16.row.col.f32.f16.f16.f32). */
    public float[] mma(HalfFloat[] fragA, HalfFloat[] fragB, float[] fragC, MMAShape mmaShape) {
        return mmaFloat(fragA, fragB, fragC, mmaShape, MMAShape.M16N8K16, 0, "mma");
    }

    /** D = A B + C over the warp, the fragments' bits read as bf16 (mma.sync.m16n8k16.row.col.f32.bf16.bf16.f32). */
    public float[] mmaBF16(HalfFloat[] fragA, HalfFloat[] fragB, float[] fragC, MMAShape mmaShape) {
        return mmaFloat(fragA, fragB, fragC, mmaShape, MMAShape.M16N8K16, 1, "mmaBF16");
    }

    /** D = A B + C over the warp, FP8 E4M3 operands, f32 accumulator (mma.sync.m16n8k32.row.col.f32.e4m3.e4m3.f32). */
    public float[] mmaFP8E4M3(byte[] fragA, byte[] fragB, float[] fragC, MMAShape shape) {
        return mmaFloat(fragA, fragB, fragC, shape, MMAShape.M16N8K32, 2, "mmaFP8E4M3");
    }

    /** D = A B + C over the warp, FP8 E5M2 operands, f32 accumulator (mma.sync.m16n8k32.row.col.f32.e5m2.e5m2.f32). */
    public float[] mmaFP8E5M2(byte[] fragA, byte[] fragB, float[] fragC, MMAShape shape) {
        return mmaFloat(fragA, fragB, fragC, shape, MMAShape.M16N8K32, 3, "mmaFP8E5M2");
    }

    /** D = A B + C over the warp, s8 operands, int32 accumulator (mma.sync.m16n8k32.row.col.s32.s8.s8.s32). */
    public int[] mmaInt8(byte[] fragA, byte[] fragB, int[] fragC, MMAShape shape) {
        checkShape(shape, MMAShape.M16N8K32, "mmaInt8");
        int[] slots = mmaExchange(fragA, fragB);
        int lane = lane(), base = 0;
        int[] d = new int[4];
        for (int i = 0; i < 4; i++) {
            int row = (lane >> 2) + 8 * (i >> 1), col = 2 * (lane & 3) + (i & 1);
            int acc = fragC[i];
            for (int k = 0; k < 32; k++) acc += (byte) slots[base + aSlot8(row, k)] * (byte) slots[base + bSlot8(k, col)];
            d[i] = acc;
        }
        return d;
    }

    /** Stores this lane's part of an m16n8 f32 fragment: element (row, col) to {@code c[(tileRow + row) * dimN + tileCol + col]}. */
    public void mmaStore(float[] fragD, FloatArray c, int tileRow, int tileCol, int dimN) {
        int lane = lane();
        for (int i = 0; i < 4; i++) {
            c.set((tileRow + (lane >> 2) + 8 * (i >> 1)) * dimN + tileCol + 2 * (lane & 3) + (i & 1), fragD[i]);
        }
    }

    /** As {@link #mmaStore} for an int32 fragment. */
    public void mmaStoreInt(int[] fragD, IntArray out, int row, int col, int stride) {
        int lane = lane();
        for (int i = 0; i < 4; i++) {
            out.set((row + (lane >> 2) + 8 * (i >> 1)) * stride + col + 2 * (lane & 3) + (i & 1), fragD[i]);
        }
    }

    /**
     * Copies the halves {@code src[srcIndex]} and {@code src[srcIndex + 1]} into {@code dstTile[dstIndex]} as
     * {@code lo | hi << 16} (CUDA's cp.async of 4 bytes; here and in C an ordinary copy, complete at once).
     */
    public void asyncCopyToLocal(int[] dstTile, int dstIndex, HalfFloatArray src, int srcIndex) {
        int lo = src.get(srcIndex).getHalfFloatValue() & 0xFFFF;
        int hi = src.get(srcIndex + 1).getHalfFloatValue() & 0xFFFF;
        dstTile[dstIndex] = lo | (hi << 16);
    }

    /** Copies four FP8 bytes {@code src[srcIndex..srcIndex + 3]} into {@code dstTile[dstIndex]}, the first least significant. */
    public void asyncCopyToLocal(int[] dstTile, int dstIndex, FP8Array src, int srcIndex) {
        dstTile[dstIndex] = (src.get(srcIndex) & 0xFF) | (src.get(srcIndex + 1) & 0xFF) << 8
                | (src.get(srcIndex + 2) & 0xFF) << 16 | (src.get(srcIndex + 3) & 0xFF) << 24;
    }

    /** Copies four bytes {@code src[srcIndex..srcIndex + 3]} into {@code dstTile[dstIndex]}, the first least significant. */
    public void asyncCopyToLocal(int[] dstTile, int dstIndex, ByteArray src, int srcIndex) {
        dstTile[dstIndex] = (src.get(srcIndex) & 0xFF) | (src.get(srcIndex + 1) & 0xFF) << 8
                | (src.get(srcIndex + 2) & 0xFF) << 16 | (src.get(srcIndex + 3) & 0xFF) << 24;
    }

    /** Ends a group of {@link #asyncCopyToLocal} copies; they are complete already (a no-op here and in C). */
    public void asyncCopyCommit() {
    }

    /** Waits for all but {@code groups} copy groups; they are complete already (a no-op here and in C). */
    public void asyncCopyWaitGroup(int groups) {
    }

    private float[] mmaFloat(Object fragA, Object fragB, float[] fragC, MMAShape shape, MMAShape expected, int format, String name) {
        checkShape(shape, expected, name);
        int[] slots = mmaExchange(fragA, fragB);
        int lane = lane(), base = 0;
        int kSize = expected == MMAShape.M16N8K16 ? 16 : 32;
        float[] d = new float[4];
        for (int i = 0; i < 4; i++) {
            int row = (lane >> 2) + 8 * (i >> 1), col = 2 * (lane & 3) + (i & 1);
            float acc = fragC[i];
            for (int k = 0; k < kSize; k++) {
                int a = kSize == 16 ? slots[base + aSlot16(row, k)] : slots[base + aSlot8(row, k)];
                int b = kSize == 16 ? slots[base + bSlot16(k, col)] : slots[base + bSlot8(k, col)];
                acc += decode(a, format) * decode(b, format); // the product of two <= 11-bit significands: exact
            }
            d[i] = acc;
        }
        return d;
    }

    private static float decode(int bits, int format) {
        return switch (format) {
            case 0 -> Float.float16ToFloat((short) bits);
            case 1 -> BFloat16.bf16ToFloat((short) bits);
            case 2 -> FP8.e4m3ToFloat((byte) bits);
            default -> FP8.e5m2ToFloat((byte) bits);
        };
    }

    /** Every lane publishes its A fragment's bits (slots 0..15) and B fragment's bits (16..23); see {@link #warpGather}. */
    private int[] mmaExchange(Object fragA, Object fragB) {
        int[] mine = new int[MMA_SLOTS];
        switch (fragA) {
            case HalfFloat[] h -> { for (int i = 0; i < 8; i++) mine[i] = h[i].getHalfFloatValue() & 0xFFFF; }
            case byte[] b -> { for (int i = 0; i < 16; i++) mine[i] = b[i]; }
            default -> throw new IllegalArgumentException("not an A fragment: " + fragA);
        }
        switch (fragB) {
            case HalfFloat[] h -> { for (int i = 0; i < 4; i++) mine[16 + i] = h[i].getHalfFloatValue() & 0xFFFF; }
            case byte[] b -> { for (int i = 0; i < 8; i++) mine[16 + i] = b[i]; }
            default -> throw new IllegalArgumentException("not a B fragment: " + fragB);
        }
        return warpGather(mine);
    }

    /**
     * The JVM's exchange behind the warp-collective matrix functions (this class's mma variants, and extensions of the
     * kernel language such as {@code drcn.kernels.api.TensorCores}); not a kernel call. Every work-item of the group
     * publishes {@code values} (at most {@link #MMA_SLOTS}) and gets its warp's: element {@code MMA_SLOTS * l + i} of the
     * result is element i of lane l's values. It waits for the group twice (convergent, like a barrier).
     *
     * @throws IllegalArgumentException when the work-group size is not a multiple of 32 (its warps would not be whole)
     */
    public int[] warpGather(int[] values) {
        if (workGroup == null) throw new IllegalStateException("the warp-collective matrix functions were called in a launch without work-group support");
        int size = workGroupSize();
        if (size % WARP != 0) {
            throw new IllegalArgumentException("the warp-collective matrix functions (KernelContext.mma and its variants, TensorCores.mmaTf32)"
                    + " need a work-group size that is a multiple of 32; this launch has " + size);
        }
        if (values.length > MMA_SLOTS) throw new IllegalArgumentException("warpGather takes at most " + MMA_SLOTS + " values per lane");
        int[] slots = workGroup.mmaScratch();
        System.arraycopy(values, 0, slots, localLinearId() * MMA_SLOTS, values.length);
        workGroup.barrier();
        int[] warp = new int[WARP * MMA_SLOTS];
        System.arraycopy(slots, warpBase(), warp, 0, warp.length);
        workGroup.barrier(); // the slots are free again
        return warp;
    }

    /** The slot, relative to the warp's first, of the f16 A element (row, k): the lane and index that hold it. */
    private static int aSlot16(int row, int k) {
        int lane = 4 * (row & 7) + ((k & 7) >> 1);
        return MMA_SLOTS * lane + (k & 1) + 2 * (row >> 3) + 4 * (k >> 3);
    }

    private static int bSlot16(int k, int col) {
        int lane = 4 * col + ((k & 7) >> 1);
        return MMA_SLOTS * lane + 16 + (k & 1) + 2 * (k >> 3);
    }

    private static int aSlot8(int row, int k) {
        int lane = 4 * (row & 7) + ((k & 15) >> 2);
        return MMA_SLOTS * lane + (k & 3) + 4 * (row >> 3) + 8 * (k >> 4);
    }

    private static int bSlot8(int k, int col) {
        int lane = 4 * col + ((k & 15) >> 2);
        return MMA_SLOTS * lane + 16 + (k & 3) + 4 * (k >> 4);
    }

    private int lane() {
        return localLinearId() % WARP;
    }

    private int warpBase() {
        return localLinearId() / WARP * WARP * MMA_SLOTS;
    }

    /** The 16 bits at byte {@code byteOffset} (even) of an int tile, least significant byte first. */
    private static int tileHalf(int[] tile, int byteOffset) {
        return tile[byteOffset >> 2] >>> (8 * (byteOffset & 2)) & 0xFFFF;
    }

    private static int tileByte(int[] tile, int byteOffset) {
        return tile[byteOffset >> 2] >>> (8 * (byteOffset & 3)) & 0xFF;
    }

    private static void checkK(int k, int expected, String name) {
        if (k != expected) throw new IllegalArgumentException(name + " reads tiles of K = " + expected + "; this call passes " + k);
    }

    private static void checkShape(MMAShape shape, MMAShape expected, String name) {
        if (shape != expected) throw new IllegalArgumentException(name + " computes the shape " + expected + "; this call passes " + shape);
    }

    // ------------------------------------------------------------------ SIMD-group 8x8 matrices (TornadoVM's Metal ones)
    //
    // Every lane holds the whole 8x8 tile and computes it: on the JVM as here, on OpenCL and CUDA as the same loops
    // (a float[64] per work-item). The sums run over k = 0, 1, ... from the accumulator, in fp32.

    /** {@code C = A B} for 8 x 8 output tile at {@code c[cBase]} (row stride ldc), summed over {@code k} (a multiple of 8). */
    public void matrixMultiply8x8(FloatArray a, int aBase, int lda, FloatArray b, int bBase, int ldb, FloatArray c, int cBase, int ldc, int k) {
        Matrix8x8Float acc = simdgroupMatrixZero();
        for (int p = 0; p < k; p += 8) {
            Matrix8x8Float af = simdgroupMatrixLoad(a, aBase + p, lda);
            Matrix8x8Float bf = simdgroupMatrixLoad(b, bBase + p * ldb, ldb);
            acc = simdgroupMatrixMultiplyAccumulate(af, bf, acc);
        }
        simdgroupMatrixStore(acc, c, cBase, ldc);
    }

    /** An 8 x 8 tile of zeros. */
    public Matrix8x8Float simdgroupMatrixZero() {
        return new Matrix8x8Float();
    }

    /** The 8 x 8 tile at {@code a[base]}, {@code stride} elements between rows. */
    public Matrix8x8Float simdgroupMatrixLoad(FloatArray a, int base, int stride) {
        Matrix8x8Float m = new Matrix8x8Float();
        for (int i = 0; i < 8; i++) for (int j = 0; j < 8; j++) m.values[i * 8 + j] = a.get(base + i * stride + j);
        return m;
    }

    /** The 8 x 8 tile at {@code a[base]} of a local array, {@code stride} elements between rows. */
    public Matrix8x8Float simdgroupMatrixLoad(float[] a, int base, int stride) {
        Matrix8x8Float m = new Matrix8x8Float();
        for (int i = 0; i < 8; i++) for (int j = 0; j < 8; j++) m.values[i * 8 + j] = a[base + i * stride + j];
        return m;
    }

    /** {@code A B + C}: element (i, j) is {@code c[i][j] + a[i][0] b[0][j] + ... + a[i][7] b[7][j]}, added in that order. */
    public Matrix8x8Float simdgroupMatrixMultiplyAccumulate(Matrix8x8Float a, Matrix8x8Float b, Matrix8x8Float c) {
        Matrix8x8Float d = new Matrix8x8Float();
        for (int i = 0; i < 8; i++) {
            for (int j = 0; j < 8; j++) {
                float acc = c.values[i * 8 + j];
                for (int p = 0; p < 8; p++) acc += a.values[i * 8 + p] * b.values[p * 8 + j];
                d.values[i * 8 + j] = acc;
            }
        }
        return d;
    }

    /** Stores the tile to {@code c[base]}, {@code stride} elements between rows. */
    public void simdgroupMatrixStore(Matrix8x8Float m, FloatArray c, int base, int stride) {
        for (int i = 0; i < 8; i++) for (int j = 0; j < 8; j++) c.set(base + i * stride + j, m.values[i * 8 + j]);
    }
}
