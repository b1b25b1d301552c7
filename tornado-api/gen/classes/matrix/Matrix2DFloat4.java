package drcn.tornado.api.types.matrix;

import drcn.tornado.api.types.arrays.FloatArray;
import drcn.tornado.api.types.collections.VectorFloat;
import drcn.tornado.api.types.vectors.Float4;

import java.lang.foreign.MemorySegment;
import java.nio.FloatBuffer;

/**
 * A rows x columns matrix of Float4 values, row-major in one FloatArray (lane l of element (i, j) at
 * {@code (i * columns + j) * 4 + l}), TornadoVM's Matrix2DFloat4. A kernel parameter of this type is that buffer with
 * its column count; {@code get(i, j)} loads a Float4.
 */
public final class Matrix2DFloat4 extends Matrix2DType implements TornadoMatrixInterface<FloatBuffer> {
    public static final Class<Matrix2DFloat4> TYPE = Matrix2DFloat4.class;
    private static final int VECTOR_ELEMENTS = 4;
    private final FloatArray storage;
    private final int numElements;

    /** Over {@code array} (no copy), which holds at least rows * columns * 4 floats. */
    public Matrix2DFloat4(int rows, int columns, FloatArray array) {
        super(rows, columns);
        storage = array;
        numElements = rows * columns * VECTOR_ELEMENTS;
    }

    public Matrix2DFloat4(int rows, int columns) {
        this(rows, columns, new FloatArray(rows * columns * VECTOR_ELEMENTS));
    }

    /** Transposes a square matrix in place. */
    public static void transpose(Matrix2DFloat4 matrix) {
        if (matrix.ROWS != matrix.COLUMNS) throw new IllegalArgumentException("Square matrix expected");
        for (int i = 0; i < matrix.ROWS; i++) {
            for (int j = 0; j < i; j++) {
                Float4 t = matrix.get(i, j);
                matrix.set(i, j, matrix.get(j, i));
                matrix.set(j, i, t);
            }
        }
    }

    public static void scale(Matrix2DFloat4 matrix, float value) {
        for (int i = 0; i < matrix.storage.getSize(); i++) matrix.storage.set(i, matrix.storage.get(i) * value);
    }

    @Override
    public void clear() {
        storage.clear();
    }

    private int base(int i, int j) {
        if (i < 0 || i >= ROWS || j < 0 || j >= COLUMNS) {
            throw new IndexOutOfBoundsException("(" + i + ", " + j + ") out of bounds for a " + ROWS + "x" + COLUMNS + " matrix");
        }
        return (i * COLUMNS + j) * VECTOR_ELEMENTS;
    }

    public Float4 get(int i, int j) {
        int at = base(i, j);
        return new Float4(storage.get(at), storage.get(at + 1), storage.get(at + 2), storage.get(at + 3));
    }

    public void set(int i, int j, Float4 value) {
        int at = base(i, j);
        for (int l = 0; l < VECTOR_ELEMENTS; l++) storage.set(at + l, value.get(l));
    }

    /** Floats {@code [row * columns, (row + 1) * columns)} of the backing array, as TornadoVM's row() reads them. */
    public VectorFloat row(int row) {
        var v = new VectorFloat(COLUMNS);
        for (int j = 0; j < COLUMNS; j++) v.set(j, storage.get(row * COLUMNS + j));
        return v;
    }

    /** Floats {@code col, col + columns, ...} of the backing array, as TornadoVM's column() reads them. */
    public VectorFloat column(int col) {
        var v = new VectorFloat(ROWS);
        for (int i = 0; i < ROWS; i++) v.set(i, storage.get(col + i * COLUMNS));
        return v;
    }

    /** Floats {@code i * (columns + 1)} of the backing array, as TornadoVM's diag() reads them. */
    public VectorFloat diag() {
        var v = new VectorFloat(Math.min(ROWS, COLUMNS));
        for (int i = 0; i < v.getLength(); i++) v.set(i, storage.get(i * (COLUMNS + 1)));
        return v;
    }

    public void fill(float value) {
        storage.init(value);
    }

    /** {@code this = a * b}, lane by lane. */
    public void multiply(Matrix2DFloat4 a, Matrix2DFloat4 b) {
        for (int row = 0; row < ROWS; row++) {
            for (int col = 0; col < COLUMNS; col++) {
                Float4 sum = new Float4();
                for (int k = 0; k < b.ROWS; k++) sum = Float4.add(Float4.mult(a.get(row, k), b.get(k, col)), sum);
                set(row, col, sum);
            }
        }
    }

    public Matrix2DFloat4 duplicate() {
        var m = new Matrix2DFloat4(ROWS, COLUMNS);
        m.set(this);
        return m;
    }

    public void set(Matrix2DFloat4 m) {
        for (int i = 0; i < m.numElements; i++) storage.set(i, m.storage.get(i));
    }

    /** The backing array (not a copy). */
    public FloatArray getArray() {
        return storage;
    }

    public String toString(String fmt) {
        var s = new StringBuilder();
        for (int i = 0; i < ROWS; i++) {
            for (int j = 0; j < COLUMNS; j++) s.append(get(i, j).toString(fmt)).append(' ');
            s.append('\n');
        }
        return s.toString().trim();
    }

    @Override
    public String toString() {
        return ROWS * COLUMNS > 64 ? String.format("Matrix2DFloat4 <%d x %d>", ROWS, COLUMNS) : toString("{%.3f,%.3f,%.3f,%.3f}");
    }

    // generated: flat buffer methods FloatBuffer

    // generated: segment methods
}
