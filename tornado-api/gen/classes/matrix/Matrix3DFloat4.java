package drcn.tornado.api.types.matrix;

import drcn.tornado.api.types.arrays.FloatArray;
import drcn.tornado.api.types.vectors.Float4;

import java.lang.foreign.MemorySegment;
import java.nio.FloatBuffer;

/**
 * A rows x columns x depth block of Float4 values in one FloatArray (lane l of element (i, j, k) at
 * {@code ((i * columns + j) * depth + k) * 4 + l}), TornadoVM's Matrix3DFloat4. A kernel parameter of this type is
 * that buffer with its column count and depth; {@code get(i, j, k)} loads a Float4.
 */
public final class Matrix3DFloat4 extends Matrix3DType implements TornadoMatrixInterface<FloatBuffer> {
    public static final Class<Matrix3DFloat4> TYPE = Matrix3DFloat4.class;
    private static final int VECTOR_ELEMENTS = 4;
    private final FloatArray storage;
    private final int numElements;

    /** Over {@code array} (no copy), which holds at least rows * columns * depth * 4 floats. */
    public Matrix3DFloat4(int rows, int columns, int depth, FloatArray array) {
        super(rows, columns, depth);
        storage = array;
        numElements = rows * columns * depth * VECTOR_ELEMENTS;
    }

    public Matrix3DFloat4(int rows, int columns, int depth) {
        this(rows, columns, depth, new FloatArray(rows * columns * depth * VECTOR_ELEMENTS));
    }

    @Override
    public void clear() {
        storage.clear();
    }

    private int base(int i, int j, int k) {
        if (i < 0 || i >= ROWS || j < 0 || j >= COLUMNS || k < 0 || k >= DEPTH) {
            throw new IndexOutOfBoundsException("(" + i + ", " + j + ", " + k + ") out of bounds for a " + ROWS + "x" + COLUMNS + "x" + DEPTH + " matrix");
        }
        return ((i * COLUMNS + j) * DEPTH + k) * VECTOR_ELEMENTS;
    }

    public Float4 get(int i, int j, int k) {
        int at = base(i, j, k);
        return new Float4(storage.get(at), storage.get(at + 1), storage.get(at + 2), storage.get(at + 3));
    }

    public void set(int i, int j, int k, Float4 value) {
        int at = base(i, j, k);
        for (int l = 0; l < VECTOR_ELEMENTS; l++) storage.set(at + l, value.get(l));
    }

    public void fill(float value) {
        storage.init(value);
    }

    public Matrix3DFloat4 duplicate() {
        var m = new Matrix3DFloat4(ROWS, COLUMNS, DEPTH);
        m.set(this);
        return m;
    }

    public void set(Matrix3DFloat4 m) {
        for (int i = 0; i < m.numElements; i++) storage.set(i, m.storage.get(i));
    }

    /** The backing array (not a copy). */
    public FloatArray getArray() {
        return storage;
    }

    @Override
    public String toString() {
        return String.format("Matrix3DFloat4 <%d x %d x %d>", ROWS, COLUMNS, DEPTH);
    }

    // generated: flat buffer methods FloatBuffer

    // generated: segment methods
}
