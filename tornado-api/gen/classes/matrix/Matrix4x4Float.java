package drcn.tornado.api.types.matrix;

import drcn.tornado.api.types.arrays.FloatArray;
import drcn.tornado.api.types.vectors.Float4;

import java.lang.foreign.MemorySegment;
import java.nio.FloatBuffer;

/**
 * TornadoVM's 4x4 float matrix: 16 floats row-major in one FloatArray (element (i, j) at {@code i * 4 + j}). A kernel
 * parameter of this type is that buffer, as a 4-column {@link Matrix2DFloat} is: {@code get(i, j)}, {@code set(i, j, v)},
 * {@code get(index)}, {@code set(index, v)}, {@code row(i)}, {@code column(j)}, {@code diag()}.
 */
public final class Matrix4x4Float extends Matrix2DType implements TornadoMatrixInterface<FloatBuffer> {
    public static final Class<Matrix4x4Float> TYPE = Matrix4x4Float.class;
    private static final int SIDE = 4;
    private static final int NUM_ELEMENTS = SIDE * SIDE;
    private final FloatArray storage;

    /** All elements zero. */
    public Matrix4x4Float() {
        this(new FloatArray(NUM_ELEMENTS));
    }

    /** Over {@code array} (no copy), which holds the 16 elements row by row. */
    public Matrix4x4Float(FloatArray array) {
        super(SIDE, SIDE);
        if (array.getSize() != NUM_ELEMENTS) throw new IllegalArgumentException("a Matrix4x4Float needs 16 floats, got " + array.getSize());
        this.storage = array;
    }

    public float get(int index) {
        return storage.get(index);
    }

    public void set(int index, float value) {
        storage.set(index, value);
    }

    public float get(int i, int j) {
        return storage.get(i * SIDE + j);
    }

    public void set(int i, int j, float value) {
        storage.set(i * SIDE + j, value);
    }

    public Float4 row(int row) {
        int at = row * SIDE;
        return new Float4(storage.get(at), storage.get(at + 1), storage.get(at + 2), storage.get(at + 3));
    }

    public Float4 column(int col) {
        return new Float4(get(col), get(col + SIDE), get(col + 2 * SIDE), get(col + 3 * SIDE));
    }

    public Float4 diag() {
        return new Float4(get(0), get(1 + SIDE), get(2 + 2 * SIDE), get(3 + 3 * SIDE));
    }

    public void fill(float value) {
        storage.init(value);
    }

    public Matrix4x4Float duplicate() {
        var matrix = new Matrix4x4Float();
        matrix.set(this);
        return matrix;
    }

    /** Copies {@code m}'s elements into this one. */
    public void set(Matrix4x4Float m) {
        for (int k = 0; k < NUM_ELEMENTS; k++) storage.set(k, m.storage.get(k));
    }

    /** The identity matrix, in place. */
    public void identity() {
        fill(0f);
        for (int i = 0; i < SIDE; i++) set(i, i, 1f);
    }

    public String toString(String fmt) {
        var s = new StringBuilder();
        for (int i = 0; i < SIDE; i++) s.append(row(i).toString(fmt)).append('\n');
        return s.toString().trim();
    }

    @Override
    public String toString() {
        return String.format("MatrixFloat <%d x %d>", SIDE, SIDE) + "\n" + toString("{%.3f,%.3f,%.3f,%.3f}");
    }

    @Override
    public void loadFromBuffer(FloatBuffer buffer) {
        for (int k = 0; k < NUM_ELEMENTS; k++) storage.set(k, buffer.get(buffer.position() + k));
    }

    @Override
    public FloatBuffer asBuffer() {
        return FloatBuffer.wrap(storage.toHeapArray());
    }

    @Override
    public int size() {
        return NUM_ELEMENTS;
    }

    /** The backing array (not a copy). */
    public FloatArray getArray() {
        return storage;
    }

    @Override
    public void clear() {
        storage.clear();
    }

    // generated: segment methods
}
