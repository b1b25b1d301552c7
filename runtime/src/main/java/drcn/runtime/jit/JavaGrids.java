package drcn.runtime.jit;

import drcn.tornado.api.types.arrays.ByteArray;
import drcn.tornado.api.types.arrays.DoubleArray;
import drcn.tornado.api.types.arrays.FloatArray;
import drcn.tornado.api.types.arrays.IntArray;
import drcn.tornado.api.types.arrays.LongArray;
import drcn.tornado.api.types.arrays.ShortArray;
import drcn.tornado.api.types.arrays.TornadoNativeArray;

import java.lang.foreign.MemorySegment;
import java.lang.reflect.Array;

/**
 * Java 2D arrays of numbers ({@code float[][]}, ...) as task arguments: the kernel sees a row-major matrix (its
 * columns as the one extent), which moves as one flat array. The rows are gathered into it before each copy to a
 * device and scattered back after each copy to the host, so the program's own rows stay the arrays it reads.
 * Rectangular arrays only: every row present and of one length.
 */
public final class JavaGrids {
    private JavaGrids() {}

    /** Whether {@code type} is a 2D array of byte, short, int, long, float or double. */
    public static boolean isGridType(Class<?> type) {
        if (type == null || !type.isArray() || !type.getComponentType().isArray()) return false;
        Class<?> element = type.getComponentType().getComponentType();
        return element == byte.class || element == short.class || element == int.class || element == long.class
                || element == float.class || element == double.class;
    }

    public static boolean isGrid(Object o) {
        return o != null && isGridType(o.getClass());
    }

    /**
     * The columns of {@code grid}, checked: at least one row, every row present and as long as the first (at least one
     * element).
     *
     * @throws IllegalArgumentException naming what is wrong, in one sentence
     */
    public static int columns(Object grid) {
        int rows = Array.getLength(grid);
        if (rows == 0) throw new IllegalArgumentException("a 2D array argument needs at least one row");
        Object first = Array.get(grid, 0);
        if (first == null) throw new IllegalArgumentException("row 0 of a 2D array argument is null");
        int columns = Array.getLength(first);
        if (columns == 0) throw new IllegalArgumentException("a 2D array argument needs rows of at least one element");
        for (int r = 1; r < rows; r++) {
            Object row = Array.get(grid, r);
            if (row == null || Array.getLength(row) != columns) {
                throw new IllegalArgumentException("row " + r + " of a 2D array argument is " + (row == null ? "null" : Array.getLength(row) + " long")
                        + ", row 0 is " + columns + " long: kernels take rectangular 2D arrays");
            }
        }
        return columns;
    }

    /** A new flat array for {@code grid}'s rows x columns elements (its contents: see {@link #gather}). */
    public static TornadoNativeArray flat(Object grid) {
        int n = Array.getLength(grid) * columns(grid);
        return switch (grid) {
            case float[][] g -> new FloatArray(n);
            case int[][] g -> new IntArray(n);
            case double[][] g -> new DoubleArray(n);
            case long[][] g -> new LongArray(n);
            case short[][] g -> new ShortArray(n);
            case byte[][] g -> new ByteArray(n);
            default -> throw new IllegalArgumentException("not a 2D array of numbers: " + grid.getClass().getSimpleName());
        };
    }

    /** Copies the rows of {@code grid} into {@code flat}, row after row. */
    public static void gather(Object grid, MemorySegment flat) {
        long offset = 0;
        for (int r = 0; r < Array.getLength(grid); r++) {
            MemorySegment row = heapSegment(Array.get(grid, r));
            MemorySegment.copy(row, 0, flat, offset, row.byteSize());
            offset += row.byteSize();
        }
    }

    /** Copies {@code flat} back into the rows of {@code grid}. */
    public static void scatter(MemorySegment flat, Object grid) {
        long offset = 0;
        for (int r = 0; r < Array.getLength(grid); r++) {
            MemorySegment row = heapSegment(Array.get(grid, r));
            MemorySegment.copy(flat, offset, row, 0, row.byteSize());
            offset += row.byteSize();
        }
    }

    /** A new {@code type} array of {@code columns}-long rows holding {@code flat}'s elements (the JVM backend's argument). */
    public static Object rebuild(Class<?> type, MemorySegment flat, int columns) {
        Class<?> rowType = type.getComponentType();
        long rowBytes = (long) columns * elementBytes(rowType.getComponentType());
        int rows = (int) (flat.byteSize() / rowBytes);
        Object grid = Array.newInstance(rowType, rows);
        for (int r = 0; r < rows; r++) Array.set(grid, r, Array.newInstance(rowType.getComponentType(), columns));
        scatter(flat, grid);
        return grid;
    }

    private static int elementBytes(Class<?> element) {
        if (element == byte.class) return 1;
        if (element == short.class) return 2;
        if (element == int.class || element == float.class) return 4;
        return 8;
    }

    /** The memory of a Java array of numbers (no copy): what moves for a float[], int[], ... and each row of a grid. */
    public static MemorySegment heapSegment(Object array) {
        return switch (array) {
            case float[] a -> MemorySegment.ofArray(a);
            case int[] a -> MemorySegment.ofArray(a);
            case double[] a -> MemorySegment.ofArray(a);
            case long[] a -> MemorySegment.ofArray(a);
            case short[] a -> MemorySegment.ofArray(a);
            case byte[] a -> MemorySegment.ofArray(a);
            case char[] a -> MemorySegment.ofArray(a);
            default -> throw new IllegalArgumentException("not a primitive array: " + array);
        };
    }
}
