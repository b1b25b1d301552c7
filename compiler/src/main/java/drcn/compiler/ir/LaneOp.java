package drcn.compiler.ir;

/**
 * The operations on TornadoVM's vector values ({@code Float2..Float16}, {@code Int2..Int16}, {@code Double2..16}),
 * each the static method of the same name, computed lane by lane as the Java class does. Every operation is
 * emitted as a call of a small C function written for the vector type at hand ({@code drcn_add_float4}), the same
 * code in OpenCL C (on its {@code floatN}) and CUDA C (on a struct with OpenCL's lane names {@code s0..sf}).
 */
public enum LaneOp {
    /** {@code (v, v) -> v}. */
    ADD, SUB, MULT, DIV, MIN, MAX,
    /** {@code (v, scalar) -> v}: TornadoVM's {@code add(Float4, float)}, ..., {@code scale}, {@code inc}, {@code dec}. */
    ADD_SCALAR, SUB_SCALAR, MULT_SCALAR, DIV_SCALAR,
    /** {@code (v) -> v}, floating vectors only; FRACT is {@code v - floor(v)}. */
    SQRT, FLOOR, FRACT,
    /** {@code (v, lo, hi) -> v}: {@code max(lo, min(hi, lane))}. */
    CLAMP,
    /** {@code (v, v) -> v}, three lanes. */
    CROSS,
    /** {@code (v, v) -> scalar}: lane products summed from lane 0 up, as Java adds them. */
    DOT,
    /** {@code (v) -> scalar}. */
    LENGTH, SUM, MIN_LANE, MAX_LANE,
    /** {@code (v) -> v * (1 / length(v))}; after DOT and LENGTH, whose C functions it calls (C emits in this order). */
    NORMALISE,
    /** {@code (array, index) -> v}: lanes {@code array[index * N .. index * N + N - 1]} (a collection's {@code get}). */
    LOAD,
    /** {@code (array, index, v) -> void}: a collection's {@code set}. */
    STORE
}
