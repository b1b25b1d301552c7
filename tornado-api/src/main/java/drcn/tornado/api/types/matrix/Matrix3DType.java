package drcn.tornado.api.types.matrix;

/** The shape of a row-major 3D matrix (TornadoVM's Matrix3DType). */
public abstract class Matrix3DType {
    protected final int ROWS;
    protected final int COLUMNS;
    /** The innermost extent: consecutive elements in the backing array. */
    protected final int DEPTH;

    protected Matrix3DType(int rows, int columns, int depth) {
        if (rows < 0 || columns < 0 || depth < 0) {
            throw new IllegalArgumentException("negative matrix shape " + rows + "x" + columns + "x" + depth);
        }
        this.ROWS = rows;
        this.COLUMNS = columns;
        this.DEPTH = depth;
    }

    public int getNumRows() {
        return ROWS;
    }

    public int getNumColumns() {
        return COLUMNS;
    }

    public int getNumDepth() {
        return DEPTH;
    }

    public abstract void clear();
}
