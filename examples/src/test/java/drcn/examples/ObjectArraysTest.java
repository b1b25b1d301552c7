package drcn.examples;

import drcn.compiler.emit.Dialect;
import drcn.runtime.jit.KernelJit;
import drcn.tornado.api.TaskGraph;
import drcn.tornado.api.TornadoExecutionPlan;
import drcn.tornado.api.annotations.Parallel;
import drcn.tornado.api.common.TornadoDevice;
import drcn.tornado.api.enums.DataTransferMode;
import drcn.tornado.api.types.vectors.Double3;
import drcn.tornado.api.types.vectors.Float2;
import drcn.tornado.api.types.vectors.Int4;
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
 * Arrays of boxed numbers ({@code Float[]}, ...) and of vector values ({@code Float2[]}, ...) as task arguments, as
 * TornadoVM's TestFloats passes them: {@code a[i]}, {@code a.length}, stores of new values, null output elements,
 * elements the program replaces between executions (gathered again), transfer modes; on every device against plain
 * Java on fresh random inputs.
 */
class ObjectArraysTest {

    static List<TornadoDevice> devices() {
        return TaskGraphApiTest.devices();
    }

    private final Random random = new Random();

    public static void addFloat(Float[] a, Float[] b, Float[] result) {
        for (@Parallel int i = 0; i < a.length; i++) {
            result[i] = a[i] + b[i];
        }
    }

    public static void addFloat2(Float2[] a, Float2[] b, Float2[] result) {
        for (@Parallel int i = 0; i < a.length; i++) {
            result[i] = Float2.add(a[i], b[i]);
        }
    }

    /** Lanes read one by one, a vector array and a boxed array in one kernel, an integer box updated in place. */
    public static void mixed(Int4[] v, Integer[] counts, Double3[] out, double scale) {
        for (@Parallel int i = 0; i < v.length; i++) {
            Int4 x = v[i];
            counts[i] += x.getX() * x.getW() - x.getZ();
            out[i] = new Double3(x.getY() * scale, counts[i], out[i].getZ() + 1);
        }
    }

    private Float[] randomFloats(int n) {
        Float[] a = new Float[n];
        for (int i = 0; i < n; i++) a[i] = random.nextFloat() * 20 - 10;
        return a;
    }

    private Float2[] randomFloat2s(int n) {
        Float2[] a = new Float2[n];
        for (int i = 0; i < n; i++) a[i] = new Float2(random.nextFloat() * 20 - 10, random.nextFloat() * 20 - 10);
        return a;
    }

    @ParameterizedTest
    @MethodSource("devices")
    void boxedFloatsIntoNullElements(TornadoDevice device) throws Exception {
        int n = 1 + random.nextInt(300);
        Float[] a = randomFloats(n), b = randomFloats(n), result = new Float[n];
        TaskGraph graph = new TaskGraph("s0").transferToDevice(DataTransferMode.EVERY_EXECUTION, a, b)
                .task("t0", ObjectArraysTest::addFloat, a, b, result)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, result);
        try (var plan = new TornadoExecutionPlan(graph.snapshot())) {
            plan.withDevice(device).execute();
            for (int i = 0; i < n; i++) assertEquals(a[i] + b[i], result[i], device.getId() + " element " + i);
            a[n - 1] = 1234.5f; // the program replaces an element: the next execution gathers it again
            plan.execute();
            for (int i = 0; i < n; i++) assertEquals(a[i] + b[i], result[i], device.getId() + " element " + i + ", second execution");
        }
        Float[] filled = randomFloats(n); // an output whose elements are numbers already: still the array, not n scalars
        try (var plan = new TornadoExecutionPlan(new TaskGraph("s1").task("t0", ObjectArraysTest::addFloat, a, b, filled)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, filled).snapshot())) {
            plan.withDevice(device).execute();
        }
        for (int i = 0; i < n; i++) assertEquals(a[i] + b[i], filled[i], device.getId() + " element " + i + " of a filled output");
    }

    @ParameterizedTest
    @MethodSource("devices")
    void float2sFirstExecutionOnly(TornadoDevice device) throws Exception {
        int n = 1 + random.nextInt(300);
        Float2[] a = randomFloat2s(n), b = randomFloat2s(n), result = new Float2[n];
        Float2 kept = new Float2(a[0].getX() + b[0].getX(), a[0].getY() + b[0].getY());
        result[0] = kept; // already holds its sum: the scatter keeps the program's object
        TaskGraph graph = new TaskGraph("s0").transferToDevice(DataTransferMode.FIRST_EXECUTION, a, b)
                .task("t0", ObjectArraysTest::addFloat2, a, b, result)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, result);
        float[][] expected = new float[n][];
        for (int i = 0; i < n; i++) expected[i] = new float[] {a[i].getX() + b[i].getX(), a[i].getY() + b[i].getY()};
        try (var plan = new TornadoExecutionPlan(graph.snapshot())) {
            plan.withDevice(device).execute();
            check(expected, result, device);
            assertSame(kept, result[0], device.getId() + ": an element whose numbers did not change stays the program's object");
            a[0].setX(99f); // FIRST_EXECUTION: the device keeps the first copy, the result does not change
            plan.execute();
            check(expected, result, device);
        }
    }

    private static void check(float[][] expected, Float2[] result, TornadoDevice device) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i][0], result[i].getX(), device.getId() + " element " + i + " x");
            assertEquals(expected[i][1], result[i].getY(), device.getId() + " element " + i + " y");
        }
    }

    @ParameterizedTest
    @MethodSource("devices")
    void intVectorsIntegerBoxesAndDoubleVectors(TornadoDevice device) throws Exception {
        int n = 1 + random.nextInt(200);
        double scale = random.nextDouble() * 4 - 2;
        Int4[] v = new Int4[n];
        Integer[] counts = new Integer[n];
        Double3[] out = new Double3[n];
        Int4[] vs = new Int4[n];
        Integer[] expectedCounts = new Integer[n];
        Double3[] expectedOut = new Double3[n];
        for (int i = 0; i < n; i++) {
            v[i] = new Int4(random.nextInt(1000) - 500, random.nextInt(1000), random.nextInt(1000), random.nextInt(100));
            vs[i] = new Int4(v[i].getX(), v[i].getY(), v[i].getZ(), v[i].getW());
            counts[i] = random.nextInt(1 << 20);
            expectedCounts[i] = counts[i];
            out[i] = new Double3(0, 0, random.nextDouble());
            expectedOut[i] = new Double3(0, 0, out[i].getZ());
        }
        mixed(vs, expectedCounts, expectedOut, scale);
        TaskGraph graph = new TaskGraph("s0").transferToDevice(DataTransferMode.EVERY_EXECUTION, v, counts, out)
                .task("t0", ObjectArraysTest::mixed, v, counts, out, scale)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, counts, out);
        try (var plan = new TornadoExecutionPlan(graph.snapshot())) {
            plan.withDevice(device).execute();
        }
        for (int i = 0; i < n; i++) {
            assertEquals(expectedCounts[i], counts[i], device.getId() + " count " + i);
            for (int l = 0; l < 3; l++) assertEquals(expectedOut[i].get(l), out[i].get(l), 1e-12, device.getId() + " out " + i + " lane " + l);
        }
    }

    @Test
    void cudaCompilesAndAssemblesForSm80AndSm90() throws Throwable {
        Assumptions.assumeTrue(CudaTools.present(), "nvcc and ptxas are not on PATH: the CUDA C check is skipped");
        Path dir = Files.createTempDirectory("drcn-object-arrays-cuda");
        for (String name : List.of("addFloat", "addFloat2", "mixed")) {
            Method m = java.util.Arrays.stream(ObjectArraysTest.class.getDeclaredMethods()).filter(x -> x.getName().equals(name)).findFirst().orElseThrow();
            CudaTools.compileAndAssemble(dir, name, KernelJit.source(CudaTools.kernel(m), Map.of(), Dialect.CUDA), List.of("sm_80", "sm_90"));
        }
    }
}
