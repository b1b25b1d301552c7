package drcn.compiler.ir;

/**
 * The operations of {@code drcn.kernels.api.Vector16}, each lane by lane over 16 floats: what a CPU
 * runs as one 512-bit instruction (an AVX-512 register), and what OpenCL C writes with {@code float16}.
 * PoCL vectorises a kernel's loops only at its preferred 256-bit width; an explicit {@code float16}
 * is kept whole.
 */
public enum VectorOp {
    /** {@code Vector16.zero()}: all lanes 0. */
    ZERO,
    /** {@code Vector16.broadcast(x)}: all lanes x. */
    BROADCAST,
    /** {@code Vector16.load(array, i)}: lanes {@code array[i .. i + 15]}. */
    LOAD,
    /** {@code Vector16.store(array, i, v)}: {@code array[i + l] = v[l]}. */
    STORE,
    /** {@code Vector16.fma(a, b, c)}: {@code a * b + c} with one rounding per lane. */
    FMA,
    ADD, SUBTRACT, MULTIPLY,
    /** {@code Vector16.max(a, b)}: as {@code Math.max} on floats per lane (C's fmax: a NaN lane yields the other operand). */
    MAX,
    MIN
}
