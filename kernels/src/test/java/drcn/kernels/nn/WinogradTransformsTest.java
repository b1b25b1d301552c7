package drcn.kernels.nn;

import drcn.kernels.api.Vector16;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.regex.Pattern;

import static drcn.kernels.nn.WinogradTransforms.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The row helpers of {@link WinogradTransforms} against the matrices held there as data: each helper's coefficient
 * of input j is its value on the j-th unit vector and must be the matrix entry rounded to float; on random inputs it
 * must be the row times the input. The matrices themselves must compute F(4, 3).
 */
class WinogradTransformsTest {
    /** A matrix, the prefix of its row helpers, and the rows the kernels copy inline instead (unit rows). */
    record Rows(String matrixName, double[][] matrix, String prefix, boolean vector, List<Integer> inlineRows) {}

    static final List<Rows> ROWS = List.of(
            new Rows("B^T", B_T, "bT", true, List.of()),
            new Rows("G", G, "g", true, List.of(5)),
            new Rows("A^T", A_T, "aT", true, List.of()),
            new Rows("A", transpose(A_T), "a", false, List.of(0, 5)),
            new Rows("G^T", transpose(G), "gT", false, List.of()));

    @Test
    void everyRowHelperIsItsMatrixRow() throws Exception {
        var random = new Random();
        var covered = new TreeSet<String>();
        for (Rows rows : ROWS) {
            int n = rows.matrix[0].length;
            for (int r = 0; r < rows.matrix.length; r++) {
                if (rows.inlineRows.contains(r)) {
                    int one = r == 0 ? 0 : n - 1; // the first row copies the first input, the last the last
                    for (int j = 0; j < n; j++) {
                        assertEquals(j == one ? 1.0 : 0.0, rows.matrix[r][j],
                                rows.matrixName + " row " + r + " is copied inline, so it must be a unit row");
                    }
                    continue;
                }
                Method helper = helper(rows.prefix + r, n, rows.vector);
                covered.add(helper.getName());
                for (int j = 0; j < n; j++) {
                    float[] unit = new float[n];
                    unit[j] = 1;
                    assertEquals((float) rows.matrix[r][j], apply(helper, rows.vector, unit),
                            rows.matrixName + " row " + r + ", coefficient " + j + " (" + helper.getName() + ")");
                }
                for (int trial = 0; trial < 20; trial++) {
                    float[] x = new float[n];
                    double expected = 0, scale = 0;
                    for (int j = 0; j < n; j++) {
                        x[j] = random.nextFloat() * 2 - 1;
                        expected += rows.matrix[r][j] * x[j];
                        scale += Math.abs(rows.matrix[r][j] * x[j]);
                    }
                    assertEquals(expected, apply(helper, rows.vector, x), 1e-6 * scale + 1e-7,
                            helper.getName() + " is not linear in its inputs");
                }
            }
        }
        var helpers = new TreeSet<String>();
        Pattern rowName = Pattern.compile("(bT|g|aT|a|gT)\\d");
        for (Method m : WinogradTransforms.class.getDeclaredMethods()) {
            if (rowName.matcher(m.getName()).matches()) helpers.add(m.getName());
        }
        assertEquals(helpers, covered, "row helpers without a matrix row to check them against");
    }

    /** 1-D F(4, 3): {@code A^T [(G g) .* (B^T d)]} is the correlation {@code y_i = sum_k g_k d_{i+k}}, in double. */
    @Test
    void matricesComputeF43() {
        var random = new Random();
        for (int trial = 0; trial < 10; trial++) {
            double[][] g = new double[3][1], d = new double[INPUT_TILE][1];
            for (double[] row : g) row[0] = random.nextDouble() * 2 - 1;
            for (double[] row : d) row[0] = random.nextDouble() * 2 - 1;
            double[][] u = product(G, g), v = product(B_T, d);
            double[][] m = new double[INPUT_TILE][1];
            for (int p = 0; p < INPUT_TILE; p++) m[p][0] = u[p][0] * v[p][0];
            double[][] y = product(A_T, m);
            for (int i = 0; i < TILE; i++) {
                double expected = 0;
                for (int k = 0; k < 3; k++) expected += g[k][0] * d[i + k][0];
                assertEquals(expected, y[i][0], 1e-12, "output " + i);
            }
        }
    }

    private static Method helper(String name, int inputs, boolean vector) throws NoSuchMethodException {
        Class<?>[] types = new Class<?>[inputs];
        java.util.Arrays.fill(types, vector ? Vector16.class : float.class);
        Method m = WinogradTransforms.class.getDeclaredMethod(name, types);
        m.setAccessible(true);
        return m;
    }

    /** The helper on x: scalars directly; vectors with x broadcast, every lane checked to agree. */
    private static float apply(Method helper, boolean vector, float[] x) throws Exception {
        var arguments = new ArrayList<Object>();
        for (float value : x) arguments.add(vector ? Vector16.broadcast(value) : value);
        Object result = helper.invoke(null, arguments.toArray());
        if (!vector) return (Float) result;
        float[] lanes = new float[Vector16.LANES];
        Vector16.store(lanes, 0, (Vector16) result);
        for (float lane : lanes) assertEquals(lanes[0], lane, helper.getName() + ": lanes disagree");
        return lanes[0];
    }
}
