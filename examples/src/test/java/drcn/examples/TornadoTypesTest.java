package drcn.examples;

import drcn.tornado.api.GridScheduler;
import drcn.tornado.api.KernelContext;
import drcn.tornado.api.TaskGraph;
import drcn.tornado.api.TornadoExecutionPlan;
import drcn.tornado.api.WorkerGrid1D;
import drcn.tornado.api.common.TornadoDevice;
import drcn.tornado.api.enums.DataTransferMode;
import drcn.tornado.api.annotations.Parallel;
import drcn.tornado.api.math.TornadoMath;
import drcn.tornado.api.types.arrays.FloatArray;
import drcn.tornado.api.types.arrays.IntArray;
import drcn.tornado.api.types.arrays.LongArray;
import drcn.tornado.api.types.collections.VectorDouble;
import drcn.tornado.api.types.collections.VectorDouble2;
import drcn.tornado.api.types.collections.VectorFloat;
import drcn.tornado.api.types.collections.VectorFloat3;
import drcn.tornado.api.types.collections.VectorFloat4;
import drcn.tornado.api.types.collections.VectorFloat8;
import drcn.tornado.api.types.collections.VectorInt4;
import drcn.tornado.api.types.matrix.Matrix2DDouble;
import drcn.tornado.api.types.matrix.Matrix2DFloat;
import drcn.tornado.api.types.matrix.Matrix2DFloat4;
import drcn.tornado.api.types.matrix.Matrix3DFloat;
import drcn.tornado.api.types.matrix.Matrix3DFloat4;
import drcn.tornado.api.types.matrix.Matrix3DLong;
import drcn.tornado.api.types.matrix.Matrix3DShort;
import drcn.tornado.api.types.vectors.Double2;
import drcn.tornado.api.types.vectors.Float2;
import drcn.tornado.api.types.vectors.Float3;
import drcn.tornado.api.types.vectors.Float4;
import drcn.tornado.api.types.vectors.Float8;
import drcn.tornado.api.types.vectors.Int4;
import drcn.compiler.emit.Dialect;
import drcn.runtime.jit.KernelJit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * TornadoVM's vectors, collections, matrices, TornadoMath and KernelContext atomics in kernels, on every device,
 * against the same computation in plain Java on fresh random inputs.
 */
class TornadoTypesTest {
    static List<TornadoDevice> devices() {
        return TaskGraphApiTest.devices();
    }

    private final Random random = new Random();

    // ---- kernels

    /** Lane-wise vector arithmetic on collections, a vector kernel argument, lane accessors. */
    public static void float4Ops(KernelContext context, VectorFloat4 a, VectorFloat4 b, Float4 offset, VectorFloat4 out, VectorFloat dots) {
        int i = context.globalIdx;
        Float4 x = a.get(i);
        Float4 y = b.get(i);
        Float4 r = Float4.add(Float4.mult(x, y), offset);
        r = Float4.max(r, Float4.min(x, y));
        r = Float4.sub(r, Float4.div(x, 4f));
        Float4 c = Float4.clamp(r, -0.5f, 0.5f);
        c.setW(c.getX() + r.getW());
        out.set(i, c);
        dots.set(i, Float4.dot(x, y) + Float4.sum(y) + Float4.length(y) + Float4.max(x));
    }

    public static void float3Ops(KernelContext context, VectorFloat3 a, VectorFloat3 b, VectorFloat3 out) {
        int i = context.globalIdx;
        if (i < out.getLength()) {
            Float3 n = Float3.normalise(Float3.cross(a.get(i), b.get(i)));
            Float3 f = new Float3(Float3.fract(a.get(i)).getX(), Float3.sqrt(b.get(i)).getY(), n.getZ());
            out.set(i, Float3.add(f, helper(n)));
        }
    }

    /** A helper taking and returning vector values. */
    static Float3 helper(Float3 v) {
        Float3 r = new Float3();
        r.setX(v.getY());
        r.setY(v.get(2));
        r.setZ(v.getS0());
        return r;
    }

    public static void float8Ops(KernelContext context, VectorFloat8 a, VectorFloat8 out) {
        int i = context.globalIdx;
        Float8 x = a.get(i);
        Float8 y = Float8.add(x, new Float8(1, 2, 3, 4, 5, 6, 7, 8));
        out.set(i, Float8.mult(y, x.getS7()));
    }

    public static void int4Ops(KernelContext context, VectorInt4 a, VectorInt4 b, VectorInt4 out) {
        int i = context.globalIdx;
        Int4 x = a.get(i);
        Int4 y = b.get(i);
        out.set(i, Int4.clamp(Int4.add(Int4.mult(x, y), Int4.div(x, 3)), -1000, 1000));
    }

    public static void matrixMultiply(KernelContext context, Matrix2DFloat a, Matrix2DFloat b, Matrix2DFloat c) {
        int i = context.globalIdx;
        int rows = c.getNumRows();
        int row = i / c.getNumColumns(), column = i % c.getNumColumns();
        if (row < rows) {
            float sum = 0f;
            for (int k = 0; k < a.getNumColumns(); k++) sum += a.get(row, k) * b.get(k, column);
            c.set(row, column, sum);
        }
    }

    public static void matrix3D(KernelContext context, Matrix3DFloat in, Matrix3DFloat out) {
        int i = context.globalIdx;
        for (int j = 0; j < in.getNumColumns(); j++) {
            for (int k = 0; k < in.getNumDepth(); k++) out.set(i, j, k, in.get(i, j, k) * 2f + j - k);
        }
    }

    public static void math(KernelContext context, FloatArray x, FloatArray out) {
        int i = context.globalIdx;
        float v = x.get(i);
        float a = TornadoMath.abs(v);
        int at = i * 12;
        out.set(at, TornadoMath.sqrt(a));
        out.set(at + 1, TornadoMath.exp(v));
        out.set(at + 2, TornadoMath.log(a + 1f));
        out.set(at + 3, TornadoMath.pow(a, 1.5f));
        out.set(at + 4, TornadoMath.sin(v) + TornadoMath.cos(v));
        out.set(at + 5, TornadoMath.tan(v * 0.5f) + TornadoMath.atan(v));
        out.set(at + 6, TornadoMath.atan2(v, 0.5f));
        out.set(at + 7, TornadoMath.floor(v * 3f) + TornadoMath.ceil(v * 5f));
        out.set(at + 8, TornadoMath.fract(v * 7f));
        out.set(at + 9, TornadoMath.clamp(v, -0.25f, 0.25f) + TornadoMath.min(v, 0f) + TornadoMath.max(v, 0.1f));
        out.set(at + 10, TornadoMath.toRadians(v * 90f) + TornadoMath.signum(v) + TornadoMath.floatPI());
        out.set(at + 11, TornadoMath.tanh(v) + TornadoMath.min(i, 3) + TornadoMath.abs(i - 5));
    }

    /** Histogram by atomics: into a global IntArray, a FloatArray (CAS loop on OpenCL) and a local int[] per group. */
    public static void histogram(KernelContext context, IntArray values, IntArray counts, FloatArray sums, IntArray groupTotals) {
        int[] local = context.allocateIntLocalArray(1);
        double[] scratch = context.allocateDoubleLocalArray(4);
        long[] longs = context.allocateLongLocalArray(4);
        if (context.localIdx == 0) {
            local[0] = 0;
            scratch[0] = 0;
            longs[0] = 0;
        }
        context.localBarrier();
        int v = values.get(context.globalIdx);
        context.atomicAdd(counts, v % counts.getSize(), 1);
        context.atomicAdd(sums, v % sums.getSize(), 0.5f);
        context.atomicAdd(local, 0, v);
        context.localBarrier();
        if (context.localIdx == 0) groupTotals.set(context.groupIdx, local[0]);
    }

    // ---- helpers

    private static VectorFloat4 randomFloat4(Random r, int n) {
        var v = new VectorFloat4(n);
        for (int i = 0; i < n; i++) v.set(i, new Float4(r.nextFloat() * 2 - 1, r.nextFloat() * 2 - 1, r.nextFloat() * 2 - 1, r.nextFloat() * 2 - 1));
        return v;
    }

    private static void close(float expected, float got, float tolerance, String what) {
        assertTrue(Math.abs(expected - got) <= tolerance * Math.max(1f, Math.abs(expected)), what + ": expected " + expected + ", got " + got);
    }

    private static TornadoExecutionPlan plan(TaskGraph g, TornadoDevice device, String task, int n, int local) {
        var worker = new WorkerGrid1D(n);
        if (local > 0) worker.setLocalWork(local, 1, 1);
        var plan = new TornadoExecutionPlan(g.snapshot());
        plan.withDevice(device).withGridScheduler(new GridScheduler(task, worker));
        return plan;
    }

    // ---- tests

    @ParameterizedTest
    @MethodSource("devices")
    void float4CollectionsAndArguments(TornadoDevice device) throws Exception {
        int n = 1 + random.nextInt(300);
        VectorFloat4 a = randomFloat4(random, n), b = randomFloat4(random, n), out = new VectorFloat4(n);
        var dots = new VectorFloat(n);
        var offset = new Float4(0.1f, -0.2f, 0.3f, random.nextFloat());
        TaskGraph g = new TaskGraph("s").transferToDevice(DataTransferMode.EVERY_EXECUTION, a, b)
                .task("t", TornadoTypesTest::float4Ops, new KernelContext(), a, b, offset, out, dots)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, out, dots);
        try (var plan = plan(g, device, "s.t", n, 0)) {
            plan.execute();
        }
        var expectedOut = new VectorFloat4(n);
        var expectedDots = new VectorFloat(n);
        var context = new KernelContext();
        for (int i = 0; i < n; i++) {
            context.globalIdx = i;
            float4Ops(context, a, b, offset, expectedOut, expectedDots);
        }
        for (int i = 0; i < n; i++) {
            for (int l = 0; l < 4; l++) close(expectedOut.get(i).get(l), out.get(i).get(l), 1e-6f, device.getId() + " out[" + i + "]." + l);
            close(expectedDots.get(i), dots.get(i), 1e-5f, device.getId() + " dots[" + i + "]");
        }
    }

    @ParameterizedTest
    @MethodSource("devices")
    void float3Float8AndInt4Operations(TornadoDevice device) throws Exception {
        int n = 64;
        var a3 = new VectorFloat3(n);
        var b3 = new VectorFloat3(n);
        for (int i = 0; i < n; i++) {
            a3.set(i, new Float3(random.nextFloat() * 4 - 2, random.nextFloat(), random.nextFloat() - 0.5f));
            b3.set(i, new Float3(random.nextFloat(), random.nextFloat() * 3, random.nextFloat()));
        }
        var out3 = new VectorFloat3(n);
        var a8 = new VectorFloat8(n);
        for (int i = 0; i < a8.size(); i++) a8.getArray().set(i, random.nextFloat() * 2 - 1);
        var out8 = new VectorFloat8(n);
        var ai = new VectorInt4(n);
        var bi = new VectorInt4(n);
        for (int i = 0; i < ai.size(); i++) {
            ai.getArray().set(i, random.nextInt(2001) - 1000);
            bi.getArray().set(i, random.nextInt(21) - 10);
        }
        var outI = new VectorInt4(n);
        TaskGraph g = new TaskGraph("s").transferToDevice(DataTransferMode.EVERY_EXECUTION, a3, b3, a8, ai, bi)
                .task("t3", TornadoTypesTest::float3Ops, new KernelContext(), a3, b3, out3)
                .task("t8", TornadoTypesTest::float8Ops, new KernelContext(), a8, out8)
                .task("ti", TornadoTypesTest::int4Ops, new KernelContext(), ai, bi, outI)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, out3, out8, outI);
        var grid = new GridScheduler("s.t3", new WorkerGrid1D(n));
        grid.addWorkerGrid("s.t8", new WorkerGrid1D(n));
        grid.addWorkerGrid("s.ti", new WorkerGrid1D(n));
        try (var plan = new TornadoExecutionPlan(g.snapshot())) {
            plan.withDevice(device).withGridScheduler(grid).execute();
        }
        var e3 = new VectorFloat3(n);
        var e8 = new VectorFloat8(n);
        var eI = new VectorInt4(n);
        var context = new KernelContext();
        for (int i = 0; i < n; i++) {
            context.globalIdx = i;
            float3Ops(context, a3, b3, e3);
            float8Ops(context, a8, e8);
            int4Ops(context, ai, bi, eI);
        }
        for (int i = 0; i < out3.size(); i++) close(e3.getArray().get(i), out3.getArray().get(i), 1e-5f, device.getId() + " float3 " + i);
        for (int i = 0; i < out8.size(); i++) close(e8.getArray().get(i), out8.getArray().get(i), 1e-6f, device.getId() + " float8 " + i);
        assertArrayEquals(eI.getArray().toHeapArray(), outI.getArray().toHeapArray(), device.getId() + " int4");
    }

    @ParameterizedTest
    @MethodSource("devices")
    void matricesAreRowMajorWithTheirShape(TornadoDevice device) throws Exception {
        int rows = 1 + random.nextInt(20), inner = 1 + random.nextInt(20), columns = 1 + random.nextInt(20);
        var a = new Matrix2DFloat(rows, inner);
        var b = new Matrix2DFloat(inner, columns);
        a.getArray().copyFrom(randomValues(rows * inner));
        b.getArray().copyFrom(randomValues(inner * columns));
        var c = new Matrix2DFloat(rows, columns);
        int x = 1 + random.nextInt(5), y = 1 + random.nextInt(5), z = 1 + random.nextInt(5);
        var in3 = new Matrix3DFloat(x, y, z);
        in3.getArray().copyFrom(randomValues(x * y * z));
        var out3 = new Matrix3DFloat(x, y, z);
        TaskGraph g = new TaskGraph("s").transferToDevice(DataTransferMode.EVERY_EXECUTION, a, b, in3)
                .task("mm", TornadoTypesTest::matrixMultiply, new KernelContext(), a, b, c)
                .task("m3", TornadoTypesTest::matrix3D, new KernelContext(), in3, out3)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, c, out3);
        var grid = new GridScheduler("s.mm", new WorkerGrid1D(rows * columns));
        grid.addWorkerGrid("s.m3", new WorkerGrid1D(x));
        try (var plan = new TornadoExecutionPlan(g.snapshot())) {
            plan.withDevice(device).withGridScheduler(grid).execute();
        }
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < columns; j++) {
                float sum = 0f;
                for (int k = 0; k < inner; k++) sum += a.get(i, k) * b.get(k, j);
                close(sum, c.get(i, j), 1e-5f, device.getId() + " c(" + i + ", " + j + ")");
            }
        }
        for (int i = 0; i < x; i++) {
            for (int j = 0; j < y; j++) {
                for (int k = 0; k < z; k++) assertEquals(in3.get(i, j, k) * 2f + j - k, out3.get(i, j, k), device.getId() + " 3D");
            }
        }
    }

    private float[] randomValues(int n) {
        var v = new float[n];
        for (int i = 0; i < n; i++) v[i] = random.nextFloat() * 2 - 1;
        return v;
    }

    @ParameterizedTest
    @MethodSource("devices")
    void tornadoMathMatchesJava(TornadoDevice device) throws Exception {
        int n = 256;
        var x = FloatArray.fromArray(randomValues(n));
        var out = new FloatArray(n * 12);
        TaskGraph g = new TaskGraph("s").transferToDevice(DataTransferMode.EVERY_EXECUTION, x)
                .task("t", TornadoTypesTest::math, new KernelContext(), x, out)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, out);
        try (var plan = plan(g, device, "s.t", n, 0)) {
            plan.execute();
        }
        var expected = new FloatArray(n * 12);
        var context = new KernelContext();
        for (int i = 0; i < n; i++) {
            context.globalIdx = i;
            math(context, x, expected);
        }
        // the device's float built-ins are within a few ulp of Java's double-then-round results
        for (int i = 0; i < out.getSize(); i++) {
            float tolerance = i % 12 == 8 ? 1e-4f : 1e-5f; // fract(7x) loses the bits 7x's rounding kept
            close(expected.get(i), out.get(i), tolerance, device.getId() + " function " + (i % 12) + " at x = " + x.get(i / 12));
        }
    }

    @ParameterizedTest
    @MethodSource("devices")
    void atomicAddCountsEveryWorkItem(TornadoDevice device) throws Exception {
        int groups = 1 + random.nextInt(8), local = 64, n = groups * local;
        var values = new IntArray(n);
        for (int i = 0; i < n; i++) values.set(i, random.nextInt(1000));
        var counts = new IntArray(7);
        var sums = new FloatArray(5);
        var totals = new IntArray(groups);
        TaskGraph g = new TaskGraph("s").transferToDevice(DataTransferMode.EVERY_EXECUTION, values, counts, sums)
                .task("t", TornadoTypesTest::histogram, new KernelContext(), values, counts, sums, totals)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, counts, sums, totals);
        try (var plan = plan(g, device, "s.t", n, local)) {
            plan.execute();
        }
        int[] expectedCounts = new int[7];
        float[] expectedSums = new float[5];
        int[] expectedTotals = new int[groups];
        for (int i = 0; i < n; i++) {
            expectedCounts[values.get(i) % 7]++;
            expectedSums[values.get(i) % 5] += 0.5f; // exact: multiples of 0.5 below 2^23
            expectedTotals[i / local] += values.get(i);
        }
        assertArrayEquals(expectedCounts, counts.toHeapArray(), device.getId());
        assertArrayEquals(expectedSums, sums.toHeapArray(), device.getId());
        assertArrayEquals(expectedTotals, totals.toHeapArray(), device.getId());
    }

    // ---- TornadoVM's vector unit-test kernels (sequential tasks: no KernelContext, no grid)

    private static void dotMethodFloat2(Float2 a, Float2 b, VectorFloat result) {
        float dot = Float2.dot(a, b);
        result.set(0, dot);
    }

    private static void testFloat3Add(Float3 a, Float3 b, VectorFloat3 results) {
        results.set(0, Float3.add(a, b));
    }

    private static void vectorPhiTest(VectorFloat3 input, VectorFloat3 output) {
        Float3 sum = new Float3();
        for (int i = 0; i < input.getLength(); i++) {
            sum = Float3.add(sum, input.get(i));
        }
        output.set(0, sum);
    }

    public static void vectorFloatUnary(VectorFloat4 vector) {
        for (int i = 0; i < vector.getLength(); i++) {
            Float4 f4 = vector.get(i);
            float a = -f4.getX();
            vector.set(i, new Float4(a, f4.getY(), f4.getZ(), f4.getW()));
        }
    }

    private static Float3 vectorComputation03(final Float4 value) {
        Float3 output = new Float3();
        output.setX(value.getX() + value.getY());
        output.setY(value.getY());
        output.setZ(value.getW());
        return output;
    }

    private static void vectorComputation03(VectorFloat4 value, VectorFloat3 output) {
        for (int i = 0; i < output.getLength(); i++) {
            output.set(i, vectorComputation03(value.get(i)));
        }
    }

    @ParameterizedTest
    @MethodSource("devices")
    void tornadoVmVectorUnitTestKernels(TornadoDevice device) throws Exception {
        int n = 1 + random.nextInt(100);
        var a = new Float2(random.nextFloat(), random.nextFloat());
        var b = new Float2(random.nextFloat(), random.nextFloat());
        var dot = new VectorFloat(1);
        var x = new Float3(random.nextFloat(), random.nextFloat(), random.nextFloat());
        var y = new Float3(random.nextFloat(), random.nextFloat(), random.nextFloat());
        var sum3 = new VectorFloat3(1);
        var input = new VectorFloat3(n);
        for (int i = 0; i < input.size(); i++) input.getArray().set(i, random.nextFloat());
        var phi = new VectorFloat3(1);
        VectorFloat4 unary = randomFloat4(random, n), value = randomFloat4(random, n);
        var before = unary.duplicate();
        var computed = new VectorFloat3(n);
        TaskGraph g = new TaskGraph("s").transferToDevice(DataTransferMode.EVERY_EXECUTION, input, unary, value)
                .task("dot", TornadoTypesTest::dotMethodFloat2, a, b, dot)
                .task("add", TornadoTypesTest::testFloat3Add, x, y, sum3)
                .task("phi", TornadoTypesTest::vectorPhiTest, input, phi)
                .task("unary", TornadoTypesTest::vectorFloatUnary, unary)
                .task("helper", TornadoTypesTest::vectorComputation03, value, computed)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, dot, sum3, phi, unary, computed);
        try (var plan = new TornadoExecutionPlan(g.snapshot())) {
            plan.withDevice(device).execute();
        }
        String on = device.getId();
        assertEquals(a.getX() * b.getX() + a.getY() * b.getY(), dot.get(0), 1e-6f, on);
        assertEquals(Float3.add(x, y), sum3.get(0), on);
        var expected = new Float3();
        for (int i = 0; i < n; i++) expected = Float3.add(expected, input.get(i));
        for (int l = 0; l < 3; l++) assertEquals(expected.get(l), phi.get(0).get(l), 1e-5f, on);
        for (int i = 0; i < n; i++) {
            assertEquals(-before.get(i).getX(), unary.get(i).getX(), on);
            assertEquals(before.get(i).getW(), unary.get(i).getW(), on);
            assertEquals(vectorComputation03(value.get(i)), computed.get(i), on);
        }
    }

    // ---- with TornadoVM's loop-parallel API (as its unit tests write them)

    public static void addVectorFloat4(VectorFloat4 a, VectorFloat4 b, VectorFloat4 results) {
        for (@Parallel int i = 0; i < a.getLength(); i++) {
            results.set(i, Float4.add(a.get(i), b.get(i)));
        }
    }

    public static void matrixAddition(Matrix2DFloat a, Matrix2DFloat b, Matrix2DFloat c) {
        for (@Parallel int i = 0; i < a.getNumRows(); i++) {
            for (@Parallel int j = 0; j < a.getNumColumns(); j++) {
                c.set(i, j, a.get(i, j) + b.get(i, j));
            }
        }
    }

    public static void doubles(Matrix2DDouble m, VectorDouble2 v, VectorDouble out) {
        for (@Parallel int i = 0; i < m.getNumRows(); i++) {
            Double2 d = Double2.mult(v.get(i), m.get(i, 0));
            out.set(i, Double2.dot(d, d) + TornadoMath.sqrt(m.get(i, 1)));
        }
    }

    public static void atomicLong(KernelContext context, LongArray total) {
        context.atomicAdd(total, 0, (long) context.globalIdx * 1000003L);
    }

    @ParameterizedTest
    @MethodSource("devices")
    void parallelLoopsOverCollectionsAndMatrices(TornadoDevice device) throws Exception {
        int n = 1 + random.nextInt(500), rows = 1 + random.nextInt(30), columns = 1 + random.nextInt(30);
        VectorFloat4 a = randomFloat4(random, n), b = randomFloat4(random, n), sum = new VectorFloat4(n);
        var ma = new Matrix2DFloat(rows, columns);
        var mb = new Matrix2DFloat(rows, columns);
        ma.getArray().copyFrom(randomValues(rows * columns));
        mb.getArray().copyFrom(randomValues(rows * columns));
        var mc = new Matrix2DFloat(rows, columns);
        var md = new Matrix2DDouble(rows, 2);
        var vd = new VectorDouble2(rows);
        for (int i = 0; i < rows; i++) {
            md.set(i, 0, random.nextDouble());
            md.set(i, 1, random.nextDouble());
            vd.set(i, new Double2(random.nextDouble(), random.nextDouble()));
        }
        var outD = new VectorDouble(rows);
        var total = new LongArray(1);
        TaskGraph g = new TaskGraph("s").transferToDevice(DataTransferMode.EVERY_EXECUTION, a, b, ma, mb, md, vd, total)
                .task("v", TornadoTypesTest::addVectorFloat4, a, b, sum)
                .task("m", TornadoTypesTest::matrixAddition, ma, mb, mc)
                .task("d", TornadoTypesTest::doubles, md, vd, outD)
                .task("l", TornadoTypesTest::atomicLong, new KernelContext(), total)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, sum, mc, outD, total);
        try (var plan = new TornadoExecutionPlan(g.snapshot())) {
            plan.withDevice(device).withGridScheduler(new GridScheduler("s.l", new WorkerGrid1D(n))).execute();
        }
        String on = device.getId();
        for (int i = 0; i < n; i++) assertEquals(Float4.add(a.get(i), b.get(i)), sum.get(i), on);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < columns; j++) assertEquals(ma.get(i, j) + mb.get(i, j), mc.get(i, j), on);
            Double2 d = Double2.mult(vd.get(i), md.get(i, 0));
            assertEquals(Double2.dot(d, d) + Math.sqrt(md.get(i, 1)), outD.get(i), 1e-12, on);
        }
        assertEquals(1000003L * n * (n - 1) / 2, total.get(0), on);
    }

    public static void matrixFloat4Sum(Matrix2DFloat4 a, Matrix2DFloat4 b) {
        for (@Parallel int i = 0; i < a.getNumRows(); i++) {
            for (@Parallel int j = 0; j < a.getNumColumns(); j++) {
                b.set(i, j, Float4.add(a.get(i, j), a.get(i, j)));
            }
        }
    }

    public static void matrix3DFloat4Sum(Matrix3DFloat4 a, Matrix3DFloat4 b, final int X, final int Y, final int Z) {
        for (@Parallel int i = 0; i < X; i++) {
            for (@Parallel int j = 0; j < Y; j++) {
                for (@Parallel int k = 0; k < Z; k++) {
                    b.set(i, j, k, Float4.add(a.get(i, j, k), a.get(i, j, k)));
                }
            }
        }
    }

    public static void matrixLongShort(Matrix3DLong a, Matrix3DLong b, Matrix3DShort c, Matrix3DShort d, final int N) {
        for (@Parallel int i = 0; i < N; i++) {
            for (@Parallel int j = 0; j < N; j++) {
                for (@Parallel int k = 0; k < N; k++) {
                    b.set(i, j, k, a.get(i, j, k) + a.get(i, j, k));
                    d.set(i, j, k, (short) (c.get(i, j, k) + c.get(i, j, k)));
                }
            }
        }
    }

    public static void hyperbolic(KernelContext context, FloatArray x, FloatArray out) {
        int i = context.globalIdx;
        float v = x.get(i);
        out.set(2 * i, TornadoMath.asinh(v));
        out.set(2 * i + 1, TornadoMath.acosh(TornadoMath.abs(v) + 1.5f));
    }

    @ParameterizedTest
    @MethodSource("devices")
    void vectorMatricesLongShortMatricesAndHyperbolics(TornadoDevice device) throws Exception {
        int x = 1 + random.nextInt(9), y = 1 + random.nextInt(9), z = 1 + random.nextInt(5), n = 1 + random.nextInt(6);
        var a2 = new Matrix2DFloat4(x, y);
        a2.getArray().copyFrom(randomValues(x * y * 4));
        var b2 = new Matrix2DFloat4(x, y);
        var a3 = new Matrix3DFloat4(x, y, z);
        a3.getArray().copyFrom(randomValues(x * y * z * 4));
        var b3 = new Matrix3DFloat4(x, y, z);
        var la = new Matrix3DLong(n, n, n);
        var sa = new Matrix3DShort(n, n, n);
        for (int i = 0; i < n * n * n; i++) {
            la.getArray().set(i, random.nextLong() >> 2);
            sa.getArray().set(i, (short) random.nextInt());
        }
        var lb = new Matrix3DLong(n, n, n);
        var sb = new Matrix3DShort(n, n, n);
        int m = 128;
        var hx = FloatArray.fromArray(randomValues(m));
        var hout = new FloatArray(2 * m);
        TaskGraph g = new TaskGraph("s").transferToDevice(DataTransferMode.EVERY_EXECUTION, a2, a3, la, sa, hx)
                .task("m2", TornadoTypesTest::matrixFloat4Sum, a2, b2)
                .task("m3", TornadoTypesTest::matrix3DFloat4Sum, a3, b3, x, y, z)
                .task("ls", TornadoTypesTest::matrixLongShort, la, lb, sa, sb, n)
                .task("h", TornadoTypesTest::hyperbolic, new KernelContext(), hx, hout)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, b2, b3, lb, sb, hout);
        try (var plan = new TornadoExecutionPlan(g.snapshot())) {
            plan.withDevice(device).withGridScheduler(new GridScheduler("s.h", new WorkerGrid1D(m))).execute();
        }
        String on = device.getId();
        for (int i = 0; i < x; i++) {
            for (int j = 0; j < y; j++) {
                assertEquals(Float4.add(a2.get(i, j), a2.get(i, j)), b2.get(i, j), on);
                for (int k = 0; k < z; k++) assertEquals(Float4.add(a3.get(i, j, k), a3.get(i, j, k)), b3.get(i, j, k), on);
            }
        }
        for (int i = 0; i < n * n * n; i++) {
            assertEquals(la.getArray().get(i) * 2, lb.getArray().get(i), on);
            assertEquals((short) (sa.getArray().get(i) * 2), sb.getArray().get(i), on);
        }
        for (int i = 0; i < m; i++) {
            float v = hx.get(i);
            close(TornadoMath.asinh(v), hout.get(2 * i), 1e-5f, on + " asinh(" + v + ")");
            close(TornadoMath.acosh(Math.abs(v) + 1.5f), hout.get(2 * i + 1), 1e-5f, on + " acosh");
        }
    }

    // ---- CUDA C, without a GPU: nvcc -ptx, then ptxas for sm_80 and sm_90

    @Test
    void cudaCompilesAndAssemblesForSm80AndSm90() throws Throwable {
        Assumptions.assumeTrue(CudaTools.present(), "nvcc and ptxas are not on PATH: the CUDA C check is skipped");
        Path dir = Files.createTempDirectory("drcn-types-cuda");
        List<Method> kernels = Arrays.stream(TornadoTypesTest.class.getDeclaredMethods())
                .filter(m -> Modifier.isStatic(m.getModifiers()) && m.getReturnType() == void.class && m.getParameterCount() > 0
                        && (m.getParameterTypes()[0] == KernelContext.class || m.getParameterTypes()[0].getPackageName().startsWith("drcn.tornado.api.types")))
                .toList();
        assertFalse(kernels.isEmpty());
        for (Method m : kernels) {
            CudaTools.compileAndAssemble(dir, m.getName(), KernelJit.source(CudaTools.kernel(m), Map.of(), Dialect.CUDA), List.of("sm_80", "sm_90"));
        }
    }
}
