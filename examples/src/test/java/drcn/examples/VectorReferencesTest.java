package drcn.examples;

import drcn.compiler.emit.Dialect;
import drcn.runtime.jit.KernelJit;
import drcn.tornado.api.TaskGraph;
import drcn.tornado.api.TornadoExecutionPlan;
import drcn.tornado.api.annotations.Parallel;
import drcn.tornado.api.common.TornadoDevice;
import drcn.tornado.api.enums.DataTransferMode;
import drcn.tornado.api.types.arrays.FloatArray;
import drcn.tornado.api.types.vectors.Double2;
import drcn.tornado.api.types.vectors.Float2;
import drcn.tornado.api.types.vectors.Float3;
import drcn.tornado.api.types.vectors.Float4;
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
 * Vector task arguments that kernels write, as TornadoVM's {@code tasks.TestMultipleFunctions#testVector01} does: a
 * vector parameter whose lanes the kernel (or a helper it passes it to) sets is passed by reference, so the caller's
 * object holds the result after a transfer to the host; on every device against plain Java on fresh random inputs.
 */
class VectorReferencesTest {

    static List<TornadoDevice> devices() {
        return TaskGraphApiTest.devices();
    }

    private final Random random = new Random();

    private static Float4 twice(Float4 a) {
        return Float4.add(a, a);
    }

    private static Float4 square(Float4 a) {
        return Float4.mult(a, a);
    }

    /** TornadoVM's testVector01: a and b only read (by value), c set as a whole. */
    public static void float4Set(Float4 a, Float4 b, Float4 c) {
        c.set(Float4.add(twice(a), square(b)));
    }

    /** Lanes set one by one from the lanes of a read-only vector and a scalar. */
    public static void float2Lanes(Float2 a, Float2 out, float s) {
        out.setX(a.getY() * s);
        out.setY(a.getX() - out.getX());
    }

    /** The in-place static form writes its third argument; the result then reads the lanes it wrote. */
    public static void float3InPlace(Float3 a, Float3 b, Float3 c, FloatArray sum) {
        Float3.mult(a, b, c);
        sum.set(0, c.getX() + c.getY() + c.getZ());
    }

    /** A helper that sets lanes of its argument, through another helper that sets one more. */
    static void fill(Int4 v, int k) {
        v.setX(k);
        v.set(1, v.getX() * 3 - v.getY());
        bump(v, k);
    }

    static void bump(Int4 v, int k) {
        v.setW(v.getZ() + k + v.getW());
    }

    /** A kernel parameter and a local, each passed to the helper that writes its vector; the local's lanes then set the result. */
    public static void int4Helper(Int4 v, Int4 copy, int k) {
        fill(v, k);
        Int4 local = new Int4(v.getW(), v.getZ(), v.getY(), v.getX());
        fill(local, -k);
        copy.set(local);
    }

    /** set(index, value) inside a @Parallel loop's single iteration that writes, beside a read-only vector. */
    public static void double2Indexed(Double2 scale, Double2 out, FloatArray x) {
        for (@Parallel int i = 0; i < x.getSize(); i++) {
            x.set(i, x.get(i) * (float) scale.getX());
            if (i == 0) {
                out.set(0, scale.getX() * scale.getY());
                out.set(1, scale.getY() - out.get(0));
            }
        }
    }

    static void grow(Float2 v, float by) {
        v.setY(v.getY() + by);
    }

    /**
     * A call outside the @Parallel loop makes the kernel run in order (work-item 0 makes the call, as Java makes it
     * once): every work-item of the loop then reads the lanes it set.
     */
    public static void inOrderHelper(Float2 v, FloatArray x, float by) {
        grow(v, by);
        for (@Parallel int i = 0; i < x.getSize(); i++) {
            x.set(i, x.get(i) * v.getX() + v.getY());
        }
    }

    /** Reads its vector by value: the sum of its lanes. */
    public static void lanesSum(Float4 c, FloatArray out) {
        out.set(0, c.getX() + c.getY() + c.getZ() + c.getW());
    }

    private Float4 randomFloat4() {
        return new Float4(random.nextFloat() * 20 - 10, random.nextFloat() * 20 - 10, random.nextFloat() * 20 - 10, random.nextFloat() * 20 - 10);
    }

    private static void assertLanes(float[] expected, float[] got, String what) {
        for (int l = 0; l < expected.length; l++) assertEquals(expected[l], got[l], what + " lane " + l);
    }

    @ParameterizedTest
    @MethodSource("devices")
    void float4AsTornadoVMsTestVector01(TornadoDevice device) throws Exception {
        Float4 a = randomFloat4(), b = randomFloat4(), c = new Float4();
        TaskGraph graph = new TaskGraph("s0").transferToDevice(DataTransferMode.EVERY_EXECUTION, a, b)
                .task("t0", VectorReferencesTest::float4Set, a, b, c)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, c);
        try (var plan = new TornadoExecutionPlan(graph.snapshot())) {
            plan.withDevice(device).execute();
            Float4 expected = new Float4();
            float4Set(a.duplicate(), b.duplicate(), expected);
            assertLanes(expected.toArray(), c.toArray(), device.getId() + " c");
            a.set(randomFloat4()); // the next execution copies the read-only vectors again and writes c again
            plan.execute();
            float4Set(a.duplicate(), b.duplicate(), expected);
            assertLanes(expected.toArray(), c.toArray(), device.getId() + " c, second execution");
        }
    }

    @ParameterizedTest
    @MethodSource("devices")
    void float2AndFloat3Lanes(TornadoDevice device) throws Exception {
        Float2 a = new Float2(random.nextFloat() * 8 - 4, random.nextFloat() * 8 - 4), out = new Float2(random.nextFloat(), random.nextFloat());
        float s = random.nextFloat() * 3;
        Float3 x = new Float3(random.nextFloat(), random.nextFloat(), random.nextFloat());
        Float3 y = new Float3(random.nextFloat() * 4, random.nextFloat() * 4, random.nextFloat() * 4), z = new Float3();
        FloatArray sum = new FloatArray(1);
        Float2 expected2 = out.duplicate();
        float2Lanes(a.duplicate(), expected2, s);
        Float3 expected3 = new Float3();
        FloatArray expectedSum = new FloatArray(1);
        float3InPlace(x.duplicate(), y.duplicate(), expected3, expectedSum);
        TaskGraph graph = new TaskGraph("s0").transferToDevice(DataTransferMode.FIRST_EXECUTION, a, out, x, y)
                .task("t0", VectorReferencesTest::float2Lanes, a, out, s)
                .task("t1", VectorReferencesTest::float3InPlace, x, y, z, sum)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, out, z, sum);
        try (var plan = new TornadoExecutionPlan(graph.snapshot())) {
            plan.withDevice(device).execute();
        }
        assertLanes(expected2.toArray(), out.toArray(), device.getId() + " out");
        assertLanes(expected3.toArray(), z.toArray(), device.getId() + " z");
        assertEquals(expectedSum.get(0), sum.get(0), device.getId() + " sum of z's lanes read back in the kernel");
    }

    @ParameterizedTest
    @MethodSource("devices")
    void int4ThroughHelpersThatWriteTheirArgument(TornadoDevice device) throws Exception {
        Int4 v = new Int4(random.nextInt(1000), random.nextInt(1000), random.nextInt(1000), random.nextInt(1000)), copy = new Int4();
        int k = random.nextInt(200) - 100;
        Int4 expectedV = v.duplicate(), expectedCopy = new Int4();
        int4Helper(expectedV, expectedCopy, k);
        TaskGraph graph = new TaskGraph("s0").transferToDevice(DataTransferMode.EVERY_EXECUTION, v)
                .task("t0", VectorReferencesTest::int4Helper, v, copy, k)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, v, copy);
        try (var plan = new TornadoExecutionPlan(graph.snapshot())) {
            plan.withDevice(device).execute();
        }
        assertArrayEquals(expectedV.toArray(), v.toArray(), device.getId() + " v");
        assertArrayEquals(expectedCopy.toArray(), copy.toArray(), device.getId() + " copy");
    }

    @ParameterizedTest
    @MethodSource("devices")
    void double2InAParallelLoop(TornadoDevice device) throws Exception {
        int n = 1 + random.nextInt(500);
        Double2 scale = new Double2(random.nextDouble() * 4 - 2, random.nextDouble() * 4 - 2), out = new Double2();
        FloatArray x = new FloatArray(n), expectedX = new FloatArray(n);
        for (int i = 0; i < n; i++) x.set(i, random.nextFloat());
        for (int i = 0; i < n; i++) expectedX.set(i, x.get(i));
        Double2 expectedOut = new Double2();
        double2Indexed(scale.duplicate(), expectedOut, expectedX);
        TaskGraph graph = new TaskGraph("s0").transferToDevice(DataTransferMode.EVERY_EXECUTION, scale, x)
                .task("t0", VectorReferencesTest::double2Indexed, scale, out, x)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, out, x);
        try (var plan = new TornadoExecutionPlan(graph.snapshot())) {
            plan.withDevice(device).execute();
        }
        assertArrayEquals(expectedOut.toArray(), out.toArray(), 0, device.getId() + " out");
        for (int i = 0; i < n; i++) assertEquals(expectedX.get(i), x.get(i), device.getId() + " x " + i);
    }

    @ParameterizedTest
    @MethodSource("devices")
    void aHelperCalledOnceBeforeAParallelLoop(TornadoDevice device) throws Exception {
        int n = 2 + random.nextInt(700);
        Float2 v = new Float2(random.nextFloat() * 2, random.nextFloat() * 2);
        float by = random.nextFloat() * 5;
        FloatArray x = new FloatArray(n), expectedX = new FloatArray(n);
        for (int i = 0; i < n; i++) x.set(i, random.nextFloat());
        for (int i = 0; i < n; i++) expectedX.set(i, x.get(i));
        Float2 expectedV = v.duplicate();
        inOrderHelper(expectedV, expectedX, by);
        TaskGraph graph = new TaskGraph("s0").transferToDevice(DataTransferMode.EVERY_EXECUTION, v, x)
                .task("t0", VectorReferencesTest::inOrderHelper, v, x, by)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, v, x);
        try (var plan = new TornadoExecutionPlan(graph.snapshot())) {
            plan.withDevice(device).execute();
        }
        assertLanes(expectedV.toArray(), v.toArray(), device.getId() + " v");
        for (int i = 0; i < n; i++) assertEquals(expectedX.get(i), x.get(i), 1e-6f * Math.abs(expectedX.get(i)), device.getId() + " x " + i);
    }

    /**
     * A task that reads by value a vector that the task before it wrote by reference sees the written lanes (the
     * program's object keeps its own until a transfer to the host).
     */
    @ParameterizedTest
    @MethodSource("devices")
    void aLaterTaskReadsTheWrittenVectorByValue(TornadoDevice device) throws Exception {
        Float4 a = randomFloat4(), b = randomFloat4(), c = new Float4();
        FloatArray out = new FloatArray(1);
        TaskGraph graph = new TaskGraph("s0").transferToDevice(DataTransferMode.EVERY_EXECUTION, a, b)
                .task("t0", VectorReferencesTest::float4Set, a, b, c)
                .task("t1", VectorReferencesTest::lanesSum, c, out)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, out);
        for (boolean replay : new boolean[] {false, true}) {
            try (var plan = new TornadoExecutionPlan(graph.snapshot())) {
                plan.withDevice(device);
                if (replay) plan.withCUDAGraph(); // the tasks' launches recorded and replayed: t1 still reads c after t0 wrote it
                for (int execution = 0; execution < 2; execution++) {
                    a.set(randomFloat4());
                    plan.execute();
                    Float4 expectedC = new Float4();
                    float4Set(a.duplicate(), b.duplicate(), expectedC);
                    FloatArray expected = new FloatArray(1);
                    lanesSum(expectedC, expected);
                    String what = device.getId() + (replay ? " with replay" : "") + ", execution " + execution;
                    assertEquals(expected.get(0), out.get(0), what + ": sum of c's lanes");
                    assertLanes(new float[4], c.toArray(), what + ": c, which no transfer brought back");
                }
            }
        }
    }

    /**
     * As TornadoVM: a vector the kernel writes but no transferToHost names (or one with UNDER_DEMAND) keeps its host
     * value; the execution result's transferToHost brings it back.
     */
    @ParameterizedTest
    @MethodSource("devices")
    void aWrittenVectorComesBackOnlyWhenTransferredToTheHost(TornadoDevice device) throws Exception {
        for (boolean underDemand : new boolean[] {false, true}) {
            Float4 a = randomFloat4(), b = randomFloat4(), c = new Float4(1, 2, 3, 4);
            TaskGraph graph = new TaskGraph("s0").transferToDevice(DataTransferMode.EVERY_EXECUTION, a, b)
                    .task("t0", VectorReferencesTest::float4Set, a, b, c);
            if (underDemand) graph.transferToHost(DataTransferMode.UNDER_DEMAND, c);
            String what = device.getId() + (underDemand ? " (UNDER_DEMAND)" : " (not named)");
            try (var plan = new TornadoExecutionPlan(graph.snapshot())) {
                var result = plan.withDevice(device).execute();
                assertLanes(new float[] {1, 2, 3, 4}, c.toArray(), what + " c before its transfer");
                result.transferToHost(c);
                Float4 expected = new Float4();
                float4Set(a.duplicate(), b.duplicate(), expected);
                assertLanes(expected.toArray(), c.toArray(), what + " c after result.transferToHost");
            }
        }
    }

    /** Only written vector parameters change the kernel's C signature: read-only ones still travel as their lanes. */
    @Test
    void readOnlyVectorsStayValues() throws Throwable {
        String c = KernelJit.source(CudaTools.kernel(method("float4Set")), Map.of(), Dialect.OPENCL);
        assertTrue(c.contains("__global float* c_lanes"), c);
        assertTrue(c.contains("float a_s0") && c.contains("float b_s3"), c);
        assertFalse(c.contains("a_lanes") || c.contains("b_lanes"), c);
    }

    @Test
    void cudaCompilesAndAssemblesForSm80AndSm90() throws Throwable {
        Assumptions.assumeTrue(CudaTools.present(), "nvcc and ptxas are not on PATH: the CUDA C check is skipped");
        Path dir = Files.createTempDirectory("drcn-vector-references-cuda");
        for (String name : List.of("float4Set", "float2Lanes", "float3InPlace", "int4Helper", "double2Indexed", "inOrderHelper", "lanesSum")) {
            CudaTools.compileAndAssemble(dir, name, KernelJit.source(CudaTools.kernel(method(name)), Map.of(), Dialect.CUDA), List.of("sm_80", "sm_90"));
        }
    }

    private static Method method(String name) {
        return java.util.Arrays.stream(VectorReferencesTest.class.getDeclaredMethods()).filter(x -> x.getName().equals(name)).findFirst().orElseThrow();
    }
}
