package drcn.tornado.api.types.utils;

import drcn.tornado.api.internal.annotations.ApiHelper;
import drcn.tornado.api.types.arrays.ByteArray;
import drcn.tornado.api.types.arrays.DoubleArray;
import drcn.tornado.api.types.arrays.FloatArray;
import drcn.tornado.api.types.arrays.IntArray;
import drcn.tornado.api.types.arrays.LongArray;
import drcn.tornado.api.types.arrays.ShortArray;

/**
 * TornadoVM's index arithmetic for storing matrices in flat arrays (row-major: element (i, j) of a matrix of n columns
 * at {@code i * n + j}), which kernels may call, and the flattening of Java 2D and 3D arrays into TornadoVM's arrays.
 */
public final class StorageFormats {
    private StorageFormats() {}

    /** Column-major index of (i, j) with leading dimension {@code ld}: {@code j * ld + i}. */
    @Deprecated
    @ApiHelper
    public static int toColumnMajor(int i, int j, int ld) {
        return j * ld + i;
    }

    /** Row-major index of (i, j): {@code i * numColumns + j}. */
    @ApiHelper
    public static int toRowMajor(int i, int j, int numColumns) {
        return i * numColumns + j;
    }

    /** Index of the first lane of vector element (i, j): {@code (i * numColumns + j) * vectorElements}. */
    @ApiHelper
    public static int toRowMajorVector(int i, int j, int numColumns, int vectorElements) {
        return (i * numColumns + j) * vectorElements;
    }

    /** Row-major index of (i, j, k) in a 3D array of {@code yMax} x {@code zMax} planes: {@code (i * yMax + j) * zMax + k}. */
    @ApiHelper
    public static int toRowMajor3D(int i, int j, int k, int zMax, int yMax) {
        return i * zMax * yMax + j * zMax + k;
    }

    /** TornadoVM's formula for vector elements of a 3D array: {@code i * zSize * ySize * vectorWidth + j * zSize + k}. */
    @ApiHelper
    public static int toRowMajor3DVector(int i, int j, int k, int zSize, int ySize, int vectorWidth) {
        return i * zSize * ySize * vectorWidth + j * zSize + k;
    }

    /** Index of (i, j) with row stride {@code ld} and element stride {@code el}: {@code i * ld + j * el}. */
    @ApiHelper
    public static int toRowMajor(int i, int j, int ld, int el) {
        return i * ld + j * el;
    }

    /** {@code toRowMajor(i, j, ld1, el) + k * ld2}. */
    @ApiHelper
    public static int toRowMajor(int i, int j, int k, int ld1, int ld2, int el) {
        return toRowMajor(i, j, ld1, el) + k * ld2;
    }

    /** Index of (i, j) with increments {@code incm} (columns) and {@code incn} (rows): {@code i * ld * incn + j * incm}. */
    @ApiHelper
    public static int toRowMajor(int i, int j, int incm, int incn, int ld) {
        return i * ld * incn + j * incm;
    }

    /** Fortran's 1-based column-major index of (i, j) made 0-based: {@code (j - 1) * ld + (i - 1)}. */
    @ApiHelper
    public static int toFortran(int i, int j, int ld) {
        return (j - 1) * ld + (i - 1);
    }

    /** The rows of a rectangular double[][] one after the other. */
    public static DoubleArray toRowMajor(double[][] matrix) {
        int rows = matrix.length, columns = matrix[0].length;
        DoubleArray flat = new DoubleArray(rows * columns);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < columns; j++) flat.set(toRowMajor(i, j, columns), matrix[i][j]);
        }
        return flat;
    }

    /** The rows of a rectangular float[][] one after the other. */
    public static FloatArray toRowMajor(float[][] matrix) {
        int rows = matrix.length, columns = matrix[0].length;
        FloatArray flat = new FloatArray(rows * columns);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < columns; j++) flat.set(toRowMajor(i, j, columns), matrix[i][j]);
        }
        return flat;
    }

    /** The rows of a rectangular int[][] one after the other. */
    public static IntArray toRowMajor(int[][] matrix) {
        int rows = matrix.length, columns = matrix[0].length;
        IntArray flat = new IntArray(rows * columns);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < columns; j++) flat.set(toRowMajor(i, j, columns), matrix[i][j]);
        }
        return flat;
    }

    /** The rows of a rectangular byte[][] one after the other. */
    public static ByteArray toRowMajor(byte[][] matrix) {
        int rows = matrix.length, columns = matrix[0].length;
        ByteArray flat = new ByteArray(rows * columns);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < columns; j++) flat.set(toRowMajor(i, j, columns), matrix[i][j]);
        }
        return flat;
    }

    /** A rectangular float[][][] flattened row-major: element (i, j, k) at {@link #toRowMajor3D}. */
    public static FloatArray toRowMajor3D(float[][][] matrix) {
        int dimX = matrix.length, dimY = matrix[0].length, dimZ = matrix[0][0].length;
        FloatArray flat = new FloatArray(dimX * dimY * dimZ);
        for (int i = 0; i < dimX; i++) {
            for (int j = 0; j < dimY; j++) {
                for (int k = 0; k < dimZ; k++) flat.set(toRowMajor3D(i, j, k, dimZ, dimY), matrix[i][j][k]);
            }
        }
        return flat;
    }

    /** A rectangular int[][][] flattened row-major: element (i, j, k) at {@link #toRowMajor3D}. */
    public static IntArray toRowMajor3D(int[][][] matrix) {
        int dimX = matrix.length, dimY = matrix[0].length, dimZ = matrix[0][0].length;
        IntArray flat = new IntArray(dimX * dimY * dimZ);
        for (int i = 0; i < dimX; i++) {
            for (int j = 0; j < dimY; j++) {
                for (int k = 0; k < dimZ; k++) flat.set(toRowMajor3D(i, j, k, dimZ, dimY), matrix[i][j][k]);
            }
        }
        return flat;
    }

    /** A rectangular double[][][] flattened row-major: element (i, j, k) at {@link #toRowMajor3D}. */
    public static DoubleArray toRowMajor3D(double[][][] matrix) {
        int dimX = matrix.length, dimY = matrix[0].length, dimZ = matrix[0][0].length;
        DoubleArray flat = new DoubleArray(dimX * dimY * dimZ);
        for (int i = 0; i < dimX; i++) {
            for (int j = 0; j < dimY; j++) {
                for (int k = 0; k < dimZ; k++) flat.set(toRowMajor3D(i, j, k, dimZ, dimY), matrix[i][j][k]);
            }
        }
        return flat;
    }

    /** A rectangular long[][][] flattened row-major: element (i, j, k) at {@link #toRowMajor3D}. */
    public static LongArray toRowMajor3D(long[][][] matrix) {
        int dimX = matrix.length, dimY = matrix[0].length, dimZ = matrix[0][0].length;
        LongArray flat = new LongArray(dimX * dimY * dimZ);
        for (int i = 0; i < dimX; i++) {
            for (int j = 0; j < dimY; j++) {
                for (int k = 0; k < dimZ; k++) flat.set(toRowMajor3D(i, j, k, dimZ, dimY), matrix[i][j][k]);
            }
        }
        return flat;
    }

    /** A rectangular short[][][] flattened row-major: element (i, j, k) at {@link #toRowMajor3D}. */
    public static ShortArray toRowMajor3D(short[][][] matrix) {
        int dimX = matrix.length, dimY = matrix[0].length, dimZ = matrix[0][0].length;
        ShortArray flat = new ShortArray(dimX * dimY * dimZ);
        for (int i = 0; i < dimX; i++) {
            for (int j = 0; j < dimY; j++) {
                for (int k = 0; k < dimZ; k++) flat.set(toRowMajor3D(i, j, k, dimZ, dimY), matrix[i][j][k]);
            }
        }
        return flat;
    }
}
