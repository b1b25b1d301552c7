package drcn.compiler.ir;

/**
 * Every type a kernel value can have: Java's primitives, arrays of them and two special values.
 * Arrays come in three address spaces ({@link Space}): global (a {@code FloatArray}, {@code DoubleArray}, ... or a
 * plain Java {@code float[]} kernel parameter), local (work-group shared, from
 * {@code context.allocateFloatLocalArray(n)}) and private ({@code new float[n]} with constant n).
 * {@link #VECTOR16} is the one non-scalar value type.
 */
public enum Type {
    VOID, BOOLEAN, BYTE, SHORT, CHAR, INT, LONG, FLOAT, DOUBLE,
    BYTE_GLOBAL_ARRAY(BYTE, Space.GLOBAL), SHORT_GLOBAL_ARRAY(SHORT, Space.GLOBAL), CHAR_GLOBAL_ARRAY(CHAR, Space.GLOBAL),
    INT_GLOBAL_ARRAY(INT, Space.GLOBAL), LONG_GLOBAL_ARRAY(LONG, Space.GLOBAL),
    FLOAT_GLOBAL_ARRAY(FLOAT, Space.GLOBAL), DOUBLE_GLOBAL_ARRAY(DOUBLE, Space.GLOBAL),
    BYTE_LOCAL_ARRAY(BYTE, Space.LOCAL), SHORT_LOCAL_ARRAY(SHORT, Space.LOCAL), CHAR_LOCAL_ARRAY(CHAR, Space.LOCAL),
    INT_LOCAL_ARRAY(INT, Space.LOCAL), LONG_LOCAL_ARRAY(LONG, Space.LOCAL),
    FLOAT_LOCAL_ARRAY(FLOAT, Space.LOCAL), DOUBLE_LOCAL_ARRAY(DOUBLE, Space.LOCAL),
    BYTE_PRIVATE_ARRAY(BYTE, Space.PRIVATE), SHORT_PRIVATE_ARRAY(SHORT, Space.PRIVATE), CHAR_PRIVATE_ARRAY(CHAR, Space.PRIVATE),
    INT_PRIVATE_ARRAY(INT, Space.PRIVATE), LONG_PRIVATE_ARRAY(LONG, Space.PRIVATE),
    FLOAT_PRIVATE_ARRAY(FLOAT, Space.PRIVATE), DOUBLE_PRIVATE_ARRAY(DOUBLE, Space.PRIVATE),
    /**
     * Sixteen float lanes ({@code drcn.kernels.api.Vector16}): a value, like a float, that one
     * instruction updates in all lanes. OpenCL C's {@code float16}; a struct of 16 floats in CUDA C.
     */
    VECTOR16,
    /** The {@code KernelContext} parameter; it has no C counterpart (its queries become built-ins). */
    CONTEXT;

    /** Where an array lives: device memory (kernel arguments), work-group local memory, or per work-item. */
    public enum Space { GLOBAL, LOCAL, PRIVATE }

    private final Type element;
    private final Space space;

    Type() {
        this(null, null);
    }

    Type(Type element, Space space) {
        this.element = element;
        this.space = space;
    }

    public boolean isArray() {
        return element != null;
    }

    /** The element type of an array type (a primitive). */
    public Type elementType() {
        if (element == null) throw new IllegalStateException(this + " is not an array type");
        return element;
    }

    /** The address space of an array type. */
    public Space space() {
        if (space == null) throw new IllegalStateException(this + " is not an array type");
        return space;
    }

    /** The array of {@code element}s in {@code space}. */
    public static Type arrayOf(Type element, Space space) {
        for (Type t : values()) if (t.element == element && t.space == space) return t;
        throw new IllegalArgumentException("no array of " + element + " in " + space);
    }

    /** byte, short, char, int, long. */
    public boolean isIntegral() {
        return this == BYTE || this == SHORT || this == CHAR || this == INT || this == LONG;
    }

    /** float, double. */
    public boolean isFloating() {
        return this == FLOAT || this == DOUBLE;
    }

    public boolean isNumeric() {
        return isIntegral() || isFloating();
    }

    /** Bytes of one value of a primitive type in memory (boolean: C's bool, 1 byte). */
    public int byteSize() {
        return switch (this) {
            case BOOLEAN, BYTE -> 1;
            case SHORT, CHAR -> 2;
            case INT, FLOAT -> 4;
            case LONG, DOUBLE -> 8;
            default -> throw new IllegalStateException(this + " has no primitive size");
        };
    }

    /** Java's binary numeric promotion (JLS 5.6): double, else float, else long, else int. */
    public static Type promote(Type a, Type b) {
        if (a == DOUBLE || b == DOUBLE) return DOUBLE;
        if (a == FLOAT || b == FLOAT) return FLOAT;
        if (a == LONG || b == LONG) return LONG;
        return INT;
    }
}
