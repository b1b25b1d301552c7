package drcn.compiler.ir;

/**
 * Every type a kernel value can have. Arrays come in three address spaces:
 * global ({@code FloatArray}/{@code IntArray} parameters), local (work-group shared, from
 * {@code context.allocateFloatLocalArray(n)}) and private ({@code new float[n]} with constant n).
 * {@link #VECTOR16} is the one non-scalar value type.
 */
public enum Type {
    VOID, BOOLEAN, INT, FLOAT,
    FLOAT_GLOBAL_ARRAY, INT_GLOBAL_ARRAY,
    FLOAT_LOCAL_ARRAY, INT_LOCAL_ARRAY,
    FLOAT_PRIVATE_ARRAY, INT_PRIVATE_ARRAY,
    /**
     * Sixteen float lanes ({@code drcn.kernels.api.Vector16}): a value, like a float, that one
     * instruction updates in all lanes. OpenCL C's {@code float16}; a struct of 16 floats in CUDA C.
     */
    VECTOR16,
    /** The {@code KernelContext} parameter; it has no C counterpart (its queries become built-ins). */
    CONTEXT;

    public boolean isArray() {
        return switch (this) {
            case FLOAT_GLOBAL_ARRAY, INT_GLOBAL_ARRAY, FLOAT_LOCAL_ARRAY, INT_LOCAL_ARRAY,
                 FLOAT_PRIVATE_ARRAY, INT_PRIVATE_ARRAY -> true;
            default -> false;
        };
    }

    /** The element type of an array type ({@code INT} or {@code FLOAT}). */
    public Type elementType() {
        return switch (this) {
            case FLOAT_GLOBAL_ARRAY, FLOAT_LOCAL_ARRAY, FLOAT_PRIVATE_ARRAY -> FLOAT;
            case INT_GLOBAL_ARRAY, INT_LOCAL_ARRAY, INT_PRIVATE_ARRAY -> INT;
            default -> throw new IllegalStateException(this + " is not an array type");
        };
    }
}
