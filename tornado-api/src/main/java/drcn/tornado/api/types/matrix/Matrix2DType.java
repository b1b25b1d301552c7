package drcn.tornado.api.types.matrix;

/** The shape of a row-major 2D matrix (TornadoVM's Matrix2DType). */
public abstract class Matrix2DType {
    /** Number of rows. */
    protected final int ROWS;
    /** Number of columns: the row length in the backing array. */
    protected final int COLUMNS;

    protected Matrix2DType(int rows, int columns) {
        if (rows < 0 || columns < 0) throw new IllegalArgumentException("negative matrix shape " + rows + "x" + columns);
        this.ROWS = rows;
        this.COLUMNS = columns;
    }

    public int getNumRows() {
        return ROWS;
    }

    public int getNumColumns() {
        return COLUMNS;
    }

    /** The end (exclusive) of the row that starts at {@code fromIndex} in the backing array. */
    public int getFinalIndexOfRange(int fromIndex) {
        return fromIndex + COLUMNS;
    }

    public abstract void clear();
}
