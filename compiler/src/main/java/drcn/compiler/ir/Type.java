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
    /**
     * TornadoVM's {@code HalfFloat}: an IEEE binary16 value. In C a value is a {@code float} that holds a number
     * binary16 represents (every operation that makes one rounds to nearest even, as {@code Float.floatToFloat16}),
     * so arithmetic is float arithmetic rounded once to half, exactly as the Java class computes. Only a global array
     * ({@code HalfFloatArray}) stores two bytes per element; local and private arrays of it are float arrays.
     */
    HALF,
    BYTE_GLOBAL_ARRAY(BYTE, Space.GLOBAL), SHORT_GLOBAL_ARRAY(SHORT, Space.GLOBAL), CHAR_GLOBAL_ARRAY(CHAR, Space.GLOBAL),
    INT_GLOBAL_ARRAY(INT, Space.GLOBAL), LONG_GLOBAL_ARRAY(LONG, Space.GLOBAL),
    FLOAT_GLOBAL_ARRAY(FLOAT, Space.GLOBAL), DOUBLE_GLOBAL_ARRAY(DOUBLE, Space.GLOBAL),
    BYTE_LOCAL_ARRAY(BYTE, Space.LOCAL), SHORT_LOCAL_ARRAY(SHORT, Space.LOCAL), CHAR_LOCAL_ARRAY(CHAR, Space.LOCAL),
    INT_LOCAL_ARRAY(INT, Space.LOCAL), LONG_LOCAL_ARRAY(LONG, Space.LOCAL),
    FLOAT_LOCAL_ARRAY(FLOAT, Space.LOCAL), DOUBLE_LOCAL_ARRAY(DOUBLE, Space.LOCAL),
    BYTE_PRIVATE_ARRAY(BYTE, Space.PRIVATE), SHORT_PRIVATE_ARRAY(SHORT, Space.PRIVATE), CHAR_PRIVATE_ARRAY(CHAR, Space.PRIVATE),
    INT_PRIVATE_ARRAY(INT, Space.PRIVATE), LONG_PRIVATE_ARRAY(LONG, Space.PRIVATE),
    FLOAT_PRIVATE_ARRAY(FLOAT, Space.PRIVATE), DOUBLE_PRIVATE_ARRAY(DOUBLE, Space.PRIVATE),
    HALF_GLOBAL_ARRAY(HALF, Space.GLOBAL), HALF_LOCAL_ARRAY(HALF, Space.LOCAL), HALF_PRIVATE_ARRAY(HALF, Space.PRIVATE),
    /**
     * Sixteen float lanes ({@code drcn.kernels.api.Vector16}): a value, like a float, that one
     * instruction updates in all lanes. OpenCL C's {@code float16}; a struct of 16 floats in CUDA C.
     */
    VECTOR16,
    /** The {@code KernelContext} parameter; it has no C counterpart (its queries become built-ins). */
    CONTEXT,
    /**
     * A kernel parameter that is an object of the program's own class (TornadoVM moves its fields): it has no C
     * counterpart; each field path the kernel reads through it is a hidden parameter ({@code Function.Parameter.field}).
     */
    OBJECT,
    /**
     * TornadoVM's row-major matrices as kernel parameters: a global array with its extents, which C gets as int
     * arguments after the size ({@code m_columns}; {@code m_depth} for 3D); Matrix2DFloat4 and Matrix3DFloat4 are
     * FLOAT matrices whose elements the front end loads four floats at a time. {@code Matrix2DFloat} is
     * FLOAT_MATRIX2D; element (i, j) is at {@code i * m_columns + j}, (i, j, k) at {@code (i * m_columns + j) * m_depth + k}.
     */
    INT_MATRIX2D(INT, Space.GLOBAL, 1), FLOAT_MATRIX2D(FLOAT, Space.GLOBAL, 1), DOUBLE_MATRIX2D(DOUBLE, Space.GLOBAL, 1),
    INT_MATRIX3D(INT, Space.GLOBAL, 2), FLOAT_MATRIX3D(FLOAT, Space.GLOBAL, 2), DOUBLE_MATRIX3D(DOUBLE, Space.GLOBAL, 2),
    LONG_MATRIX3D(LONG, Space.GLOBAL, 2), SHORT_MATRIX3D(SHORT, Space.GLOBAL, 2),
    /** TornadoVM's ImageByte3 and ImageByte4 (images are 2D matrices, see the front end's {@code Image}). */
    BYTE_MATRIX2D(BYTE, Space.GLOBAL, 1),
    /** With the 2D ones above: a kernel's Java 2D array parameter ({@code long[][] a}; {@code a[i][j]} is element (i, j)). */
    LONG_MATRIX2D(LONG, Space.GLOBAL, 1), SHORT_MATRIX2D(SHORT, Space.GLOBAL, 1),
    /**
     * TornadoVM's vector values ({@code Float2..Float16}, {@code Int2..16}, {@code Double2..16}): OpenCL C's
     * {@code floatN}, a struct with OpenCL's lane names in CUDA C (see {@code LaneOp}).
     */
    FLOAT2(FLOAT, 2), FLOAT3(FLOAT, 3), FLOAT4(FLOAT, 4), FLOAT8(FLOAT, 8), FLOAT16(FLOAT, 16),
    INT2(INT, 2), INT3(INT, 3), INT4(INT, 4), INT8(INT, 8), INT16(INT, 16),
    DOUBLE2(DOUBLE, 2), DOUBLE3(DOUBLE, 3), DOUBLE4(DOUBLE, 4), DOUBLE8(DOUBLE, 8), DOUBLE16(DOUBLE, 16),
    /**
     * TornadoVM's {@code Half2..Half16}: lanes of {@link #HALF}, so a float vector holding binary16 values in C
     * (OpenCL's {@code floatN}); every operation rounds each lane to half, as the Java classes compute.
     */
    HALF2(HALF, 2), HALF3(HALF, 3), HALF4(HALF, 4), HALF8(HALF, 8), HALF16(HALF, 16),
    /** TornadoVM's {@code Byte3, Byte4} (also the pixels of its byte images), {@code Short2, Short3}: OpenCL's {@code char3, char4, short2, short3}. */
    BYTE3(BYTE, 3), BYTE4(BYTE, 4), SHORT2(SHORT, 2), SHORT3(SHORT, 3);

    /** Where an array lives: device memory (kernel arguments), work-group local memory, or per work-item. */
    public enum Space { GLOBAL, LOCAL, PRIVATE }

    private final Type element;
    private final Space space;
    /** Extents passed beside a matrix (0 for other arrays). */
    private final int extents;
    /** Lanes of a vector value (0 for other types). */
    private final int lanes;

    Type() {
        this(null, null);
    }

    Type(Type element, Space space) {
        this(element, space, 0, 0);
    }

    Type(Type element, Space space, int extents) {
        this(element, space, extents, 0);
    }

    Type(Type element, int lanes) {
        this(element, null, 0, lanes);
    }

    Type(Type element, Space space, int extents, int lanes) {
        this.extents = extents;
        this.lanes = lanes;
        this.element = element;
        this.space = space;
    }

    /** Arrays, matrices included. */
    public boolean isArray() {
        return element != null && lanes == 0;
    }

    /** The element type of an array type, or the lane type of a vector (a primitive). */
    public Type elementType() {
        if (element == null) throw new IllegalStateException(this + " is not an array or vector type");
        return element;
    }

    /** A matrix: a global array with {@link #extents()} int arguments beside it. */
    public boolean isMatrix() {
        return extents > 0;
    }

    /** The extents a matrix parameter brings: 1 (columns) for 2D, 2 (columns, depth) for 3D. */
    public int extents() {
        return extents;
    }

    /** A vector value (FLOAT2 .. DOUBLE16). */
    public boolean isVector() {
        return lanes > 0;
    }

    public int lanes() {
        return lanes;
    }

    /** The vector of {@code lanes} {@code element}s, or null if there is none. */
    public static Type vectorOf(Type element, int lanes) {
        for (Type t : values()) if (t.element == element && t.lanes == lanes && lanes > 0) return t;
        return null;
    }

    /** The address space of an array type. */
    public Space space() {
        if (space == null) throw new IllegalStateException(this + " is not an array type");
        return space;
    }

    /** The array of {@code element}s in {@code space}. */
    public static Type arrayOf(Type element, Space space) {
        for (Type t : values()) if (t.element == element && t.space == space && t.extents == 0 && t.lanes == 0) return t;
        throw new IllegalArgumentException("no array of " + element + " in " + space);
    }

    /** The global matrix of {@code element}s with {@code extents} extents (1: 2D), or null where there is none. */
    public static Type matrixOf(Type element, int extents) {
        for (Type t : values()) if (t.element == element && t.extents == extents && t.lanes == 0) return t;
        return null;
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
            case SHORT, CHAR, HALF -> 2;
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
