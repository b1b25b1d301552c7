package drcn.examples;

import drcn.compiler.emit.Dialect;
import drcn.runtime.jit.KernelJit;
import drcn.tornado.api.TaskGraph;
import drcn.tornado.api.TornadoExecutionPlan;
import drcn.tornado.api.annotations.Parallel;
import drcn.tornado.api.common.TornadoDevice;
import drcn.tornado.api.enums.DataTransferMode;
import drcn.tornado.api.exceptions.TornadoTaskRuntimeException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Java 2D arrays as task arguments, as TornadoVM's loops and matrices tests pass them: {@code a[i][j]}, {@code a.length},
 * {@code a[i].length}, read-modify-write, rows that are not square, rows changed by the program between executions
 * (gathered again), results back in the program's own rows; on every device against plain Java on fresh random inputs.
 */
class JavaGridsTest {

    static List<TornadoDevice> devices() {
        return TaskGraphApiTest.devices();
    }

    private final Random random = new Random();

    public static void scaleShift(float[][] a, float[][] b, float scale) {
        for (@Parallel int i = 0; i < a.length; i++) {
            for (@Parallel int j = 0; j < a[i].length; j++) {
                b[i][j] = a[i][j] * scale + i - j;
            }
        }
    }

    public static void addRowIndex(long[][] m) {
        for (@Parallel int i = 0; i < m.length; i++) {
            for (int j = 0; j < m[0].length; j++) {
                m[i][j] += i;
            }
        }
    }

    public static void rowSums(int[][] m, double[][] sums) {
        for (@Parallel int i = 0; i < m.length; i++) {
            double s = 0;
            for (int j = 0; j < m[i].length; j++) s += m[i][j];
            sums[i][0] = s;
        }
    }

    /** Arrays.fill on rows of a 2D array, on a Java array parameter and on a private array. */
    public static void fillRows(int[][] m) {
        for (@Parallel int i = 0; i < m.length; i++) {
            java.util.Arrays.fill(m[i], i * 3);
        }
    }

    /** No @Parallel loop: one work-item runs it, as Java would. */
    public static void fillLine(float[] line, float value) {
        float[] t = new float[4];
        java.util.Arrays.fill(t, value);
        java.util.Arrays.fill(line, t[3] + 1);
    }

    private static void execute(TaskGraph graph, TornadoDevice device, int times) throws Exception {
        try (var plan = new TornadoExecutionPlan(graph.snapshot())) {
            plan.withDevice(device);
            for (int k = 0; k < times; k++) plan.execute();
        }
    }

    @ParameterizedTest
    @MethodSource("devices")
    void floatGridsReadAndWrittenByIndexAndLength(TornadoDevice device) throws Exception {
        int rows = 1 + random.nextInt(40), columns = 1 + random.nextInt(70);
        float scale = random.nextFloat() * 4 - 2;
        float[][] a = new float[rows][columns], b = new float[rows][columns];
        for (float[] row : a) for (int j = 0; j < columns; j++) row[j] = random.nextFloat() * 10 - 5;
        TaskGraph graph = new TaskGraph("s0").transferToDevice(DataTransferMode.EVERY_EXECUTION, new float[][][] {a})
                .task("t0", JavaGridsTest::scaleShift, a, b, scale)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, new float[][][] {b});
        try (var plan = new TornadoExecutionPlan(graph.snapshot())) {
            plan.withDevice(device).execute();
            check(a, b, scale, device);
            a[rows - 1][columns - 1] = 1234.5f; // the program changes a row: the next execution gathers it again
            plan.execute();
            check(a, b, scale, device);
        }
    }

    private static void check(float[][] a, float[][] b, float scale, TornadoDevice device) {
        for (int i = 0; i < a.length; i++)
            for (int j = 0; j < a[i].length; j++)
                assertEquals(a[i][j] * scale + i - j, b[i][j], 1e-4f, device.getId() + " element " + i + "," + j);
    }

    @ParameterizedTest
    @MethodSource("devices")
    void longAndIntGridsInPlaceAndReduced(TornadoDevice device) throws Exception {
        int rows = 1 + random.nextInt(50), columns = 1 + random.nextInt(50);
        long[][] m = new long[rows][columns];
        long[][] expected = new long[rows][columns];
        for (int i = 0; i < rows; i++) for (int j = 0; j < columns; j++) expected[i][j] = (m[i][j] = random.nextLong() >> 2) + 2L * i;
        execute(new TaskGraph("s0").transferToDevice(DataTransferMode.FIRST_EXECUTION, new long[][][] {m})
                .task("t0", JavaGridsTest::addRowIndex, m)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, new long[][][] {m}), device, 2);
        for (int i = 0; i < rows; i++) assertArrayEquals(expected[i], m[i], device.getId() + " row " + i);

        int[][] ints = new int[rows][columns];
        double[][] sums = new double[rows][1];
        for (int[] row : ints) for (int j = 0; j < columns; j++) row[j] = random.nextInt(1 << 20);
        execute(new TaskGraph("s1").transferToDevice(DataTransferMode.EVERY_EXECUTION, new int[][][] {ints})
                .task("t0", JavaGridsTest::rowSums, ints, sums)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, new double[][][] {sums}), device, 1);
        for (int i = 0; i < rows; i++) {
            double s = 0;
            for (int v : ints[i]) s += v;
            assertEquals(s, sums[i][0], device.getId() + " row " + i);
        }
    }

    @ParameterizedTest
    @MethodSource("devices")
    void arraysFillOnRowsAndArrays(TornadoDevice device) throws Exception {
        int rows = 1 + random.nextInt(60), columns = 1 + random.nextInt(60), n = 1 + random.nextInt(100);
        int[][] m = new int[rows][columns];
        float[] line = new float[n];
        float value = random.nextFloat();
        execute(new TaskGraph("s0").task("t0", JavaGridsTest::fillRows, m).task("t1", JavaGridsTest::fillLine, line, value)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, m, line), device, 1);
        for (int i = 0; i < rows; i++) for (int j = 0; j < columns; j++) assertEquals(i * 3, m[i][j], device.getId() + " element " + i + "," + j);
        for (int k = 0; k < n; k++) assertEquals(value + 1, line[k], device.getId() + " line " + k);
    }

    @ParameterizedTest
    @MethodSource("devices")
    void raggedGridIsRefusedInOneSentence(TornadoDevice device) {
        float[][] a = {new float[3], new float[4]}, b = new float[2][3];
        var e = assertThrows(TornadoTaskRuntimeException.class, () -> execute(new TaskGraph("s0")
                .task("t0", JavaGridsTest::scaleShift, a, b, 1f).transferToHost(DataTransferMode.EVERY_EXECUTION, new float[][][] {b}), device, 1));
        assertTrue(e.getMessage().contains("row 1 of a 2D array argument is 4 long, row 0 is 3 long"), e.getMessage());
    }

    @Test
    void cudaCompilesAndAssemblesForSm80AndSm90() throws Throwable {
        Assumptions.assumeTrue(CudaTools.present(), "nvcc and ptxas are not on PATH: the CUDA C check is skipped");
        Path dir = Files.createTempDirectory("drcn-grids-cuda");
        for (String name : List.of("scaleShift", "addRowIndex", "rowSums", "fillRows", "fillLine")) {
            Method m = java.util.Arrays.stream(JavaGridsTest.class.getDeclaredMethods()).filter(x -> x.getName().equals(name)).findFirst().orElseThrow();
            CudaTools.compileAndAssemble(dir, name, KernelJit.source(CudaTools.kernel(m), Map.of(), Dialect.CUDA), List.of("sm_80", "sm_90"));
        }
    }
}
