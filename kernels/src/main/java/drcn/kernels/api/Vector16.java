package drcn.kernels.api;

import drcn.tornado.api.KernelContext;
import drcn.tornado.api.types.arrays.FloatArray;
import drcn.tornado.api.types.arrays.IntArray;

/**
 * Sixteen float lanes, for kernels that hold their SIMD lanes explicitly. Every operation works lane
 * by lane; a value is immutable (an operation returns a new one), so in a kernel it behaves like a float.
 *
 * <p>Why it exists: on a CPU device, PoCL vectorises a kernel's loops only at LLVM's preferred width
 * (256 bits, 8 floats, on AVX-512 machines whose CPU model "prefers" 256-bit code), and keeps
 * private accumulator arrays in memory. A {@code Vector16} becomes OpenCL C's {@code float16}, which
 * LLVM keeps whole: one 512-bit register and one instruction per operation. Sixteen named
 * accumulators of this type make a register-blocked matrix product (the Winograd GEMMs went from
 * ~70 to ~210 GFLOP/s on 2 cores). In CUDA C it is a struct of 16 floats (16 registers per thread).
 *
 * <p>Kernels use only the static methods below; variables, helper parameters and helper return
 * values may have this type, kernel parameters and arrays of it may not. On the JVM backend these
 * methods simply run.
 */
public final class Vector16 {
    /** Lanes of a vector. */
    public static final int LANES = 16;

    private final float[] lanes;

    private Vector16(float[] lanes) {
        this.lanes = lanes;
    }

    /** All lanes 0. */
    public static Vector16 zero() {
        return new Vector16(new float[LANES]);
    }

    /** All lanes {@code value}. */
    public static Vector16 broadcast(float value) {
        float[] r = new float[LANES];
        for (int l = 0; l < LANES; l++) r[l] = value;
        return new Vector16(r);
    }

    /** Lanes {@code array[index .. index + 15]}. */
    public static Vector16 load(FloatArray array, int index) {
        float[] r = new float[LANES];
        for (int l = 0; l < LANES; l++) r[l] = array.get(index + l);
        return new Vector16(r);
    }

    /** Lanes {@code array[index .. index + 15]} of a private array. */
    public static Vector16 load(float[] array, int index) {
        float[] r = new float[LANES];
        System.arraycopy(array, index, r, 0, LANES);
        return new Vector16(r);
    }

    /** {@code array[index + l] = value[l]} for the 16 lanes. */
    public static void store(FloatArray array, int index, Vector16 value) {
        for (int l = 0; l < LANES; l++) array.set(index + l, value.lanes[l]);
    }

    /** {@code array[index + l] = value[l]} for the 16 lanes, into a private array. */
    public static void store(float[] array, int index, Vector16 value) {
        System.arraycopy(value.lanes, 0, array, index, LANES);
    }

    /** {@code a * b + c} per lane, rounded once ({@link Math#fma(float, float, float)}). */
    public static Vector16 fma(Vector16 a, Vector16 b, Vector16 c) {
        float[] r = new float[LANES];
        for (int l = 0; l < LANES; l++) r[l] = Math.fma(a.lanes[l], b.lanes[l], c.lanes[l]);
        return new Vector16(r);
    }

    public static Vector16 add(Vector16 a, Vector16 b) {
        float[] r = new float[LANES];
        for (int l = 0; l < LANES; l++) r[l] = a.lanes[l] + b.lanes[l];
        return new Vector16(r);
    }

    public static Vector16 subtract(Vector16 a, Vector16 b) {
        float[] r = new float[LANES];
        for (int l = 0; l < LANES; l++) r[l] = a.lanes[l] - b.lanes[l];
        return new Vector16(r);
    }

    public static Vector16 multiply(Vector16 a, Vector16 b) {
        float[] r = new float[LANES];
        for (int l = 0; l < LANES; l++) r[l] = a.lanes[l] * b.lanes[l];
        return new Vector16(r);
    }

    /**
     * The larger of each pair of lanes. As the kernels' {@code Math.max} on floats, a NaN lane yields
     * the other operand (C's {@code fmax}), here too, so that every backend agrees.
     */
    public static Vector16 max(Vector16 a, Vector16 b) {
        float[] r = new float[LANES];
        for (int l = 0; l < LANES; l++) r[l] = Float.isNaN(a.lanes[l]) ? b.lanes[l] : Float.isNaN(b.lanes[l]) ? a.lanes[l] : Math.max(a.lanes[l], b.lanes[l]);
        return new Vector16(r);
    }

    /** The smaller of each pair of lanes; a NaN lane yields the other operand (C's {@code fmin}). */
    public static Vector16 min(Vector16 a, Vector16 b) {
        float[] r = new float[LANES];
        for (int l = 0; l < LANES; l++) r[l] = Float.isNaN(a.lanes[l]) ? b.lanes[l] : Float.isNaN(b.lanes[l]) ? a.lanes[l] : Math.min(a.lanes[l], b.lanes[l]);
        return new Vector16(r);
    }

    /** Lane {@code l}, for host code and tests (not available in kernels). */
    public float lane(int l) {
        return lanes[l];
    }
}
