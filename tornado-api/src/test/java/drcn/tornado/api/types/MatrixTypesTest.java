package drcn.tornado.api.types;

import drcn.tornado.api.types.arrays.FloatArray;
import drcn.tornado.api.types.matrix.Matrix2DFloat;
import drcn.tornado.api.types.matrix.Matrix2DFloat4;
import drcn.tornado.api.types.matrix.Matrix2DInt;
import drcn.tornado.api.types.matrix.Matrix3DFloat;
import drcn.tornado.api.types.matrix.Matrix3DFloat4;
import drcn.tornado.api.types.vectors.Float4;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** The matrices are row-major over their backing array, as TornadoVM's are. */
class MatrixTypesTest {
    private final Random random = new Random();

    @Test
    void matrix2DIsRowMajor() {
        int rows = 1 + random.nextInt(9), cols = 1 + random.nextInt(9);
        var values = new float[rows][cols];
        for (var row : values) for (int j = 0; j < cols; j++) row[j] = random.nextFloat();
        var m = new Matrix2DFloat(values);
        assertEquals(rows, m.getNumRows());
        assertEquals(cols, m.getNumColumns());
        float[] flat = m.getArray().toHeapArray();
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                assertEquals(values[i][j], m.get(i, j));
                assertEquals(values[i][j], flat[i * cols + j]);
            }
        }
        assertEquals(values[rows - 1][0], m.row(rows - 1).get(0));
        assertEquals(values[0][cols - 1], m.column(cols - 1).get(0));
        assertThrows(IndexOutOfBoundsException.class, () -> m.get(0, cols));
    }

    @Test
    void multiplyAndTranspose() {
        var a = new Matrix2DInt(new int[][] {{1, 2}, {3, 4}});
        var c = new Matrix2DInt(2, 2);
        c.multiply(a, a);
        assertEquals(7, c.get(0, 0));
        assertEquals(22, c.get(1, 1));
        Matrix2DInt.transpose(a);
        assertEquals(3, a.get(0, 1));
    }

    @Test
    void matrix3DIsRowMajorWithDepthInnermost() {
        int x = 2 + random.nextInt(4), y = 2 + random.nextInt(4), z = 2 + random.nextInt(4);
        var m = new Matrix3DFloat(x, y, z);
        float v = random.nextFloat();
        m.set(x - 1, 1, z - 1, v);
        assertEquals(v, m.getArray().get(((x - 1) * y + 1) * z + z - 1));
        assertEquals(z, m.getNumDepth());
        var values = new float[x][y][z];
        values[1][y - 1][0] = v;
        assertEquals(v, new Matrix3DFloat(values).get(1, y - 1, 0));
    }

    @Test
    void float4MatricesKeepFourFloatsPerElement() {
        int rows = 1 + random.nextInt(5), cols = 1 + random.nextInt(5), depth = 1 + random.nextInt(3);
        var m = new Matrix2DFloat4(rows, cols);
        var v = new Float4(random.nextFloat(), random.nextFloat(), random.nextFloat(), random.nextFloat());
        m.set(rows - 1, cols - 1, v);
        assertEquals(v, m.get(rows - 1, cols - 1));
        assertEquals(v.getW(), m.getArray().get(((rows - 1) * cols + cols - 1) * 4 + 3));
        var m3 = new Matrix3DFloat4(rows, cols, depth);
        m3.set(rows - 1, 0, depth - 1, v);
        assertEquals(v.getY(), m3.getArray().get((((rows - 1) * cols) * depth + depth - 1) * 4 + 1));
        // TornadoVM's row() reads the backing floats of the row's first columns (its unit test expects that)
        var flat = new Matrix2DFloat4(2, 3, FloatArray.fromElements(1, 2, 3, 4, 5, 6));
        assertEquals(4f, flat.row(1).get(0));
    }
}
