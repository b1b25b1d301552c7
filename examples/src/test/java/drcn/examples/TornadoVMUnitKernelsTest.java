package drcn.examples;

import drcn.tornado.api.GridScheduler;
import drcn.tornado.api.KernelContext;
import drcn.tornado.api.TaskGraph;
import drcn.tornado.api.TornadoExecutionPlan;
import drcn.tornado.api.WorkerGrid1D;
import drcn.tornado.api.annotations.Parallel;
import drcn.tornado.api.annotations.Reduce;
import drcn.tornado.api.common.TornadoDevice;
import drcn.tornado.api.enums.DataTransferMode;
import drcn.tornado.api.math.TornadoMath;
import drcn.tornado.api.types.arrays.ByteArray;
import drcn.tornado.api.types.arrays.DoubleArray;
import drcn.tornado.api.types.arrays.FloatArray;
import drcn.tornado.api.types.arrays.IntArray;
import drcn.tornado.api.types.arrays.LongArray;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Kernels written as TornadoVM's own unit tests write them (kernelcontext, reductions, math), on every device against
 * the same methods run as plain Java on fresh random inputs: local arrays sized by an int parameter
 * ({@code context.allocateFloatLocalArray(blockDim)}), {@code TornadoMath.max} on bytes, {@code Math.signum}, two
 * overloads of one method as tasks, a {@code @Reduce} folded through a helper ({@code r.set(0, add(x, r.get(0)))}),
 * and a map loop feeding a {@code @Reduce} loop in one kernel.
 */
class TornadoVMUnitKernelsTest {
    static List<TornadoDevice> devices() {
        return TaskGraphApiTest.devices();
    }

    // ---- local arrays sized by a parameter (TornadoVM's kernelcontext reductions)

    public static void sumPerGroup(KernelContext context, FloatArray a, FloatArray b, int blockDim) {
        int localIdx = context.localIdx;
        float[] localA = context.allocateFloatLocalArray(blockDim);
        localA[localIdx] = a.get(context.globalIdx);
        for (int stride = localA.length / 2; stride > 0; stride /= 2) {
            context.localBarrier();
            if (localIdx < stride) localA[localIdx] += localA[localIdx + stride];
        }
        if (localIdx == 0) b.set(context.groupIdx, localA[0]);
    }

    public static void maxPerGroup(KernelContext context, IntArray a, LongArray b, int blockDim) {
        int localIdx = context.localIdx;
        long[] localA = context.allocateLongLocalArray((blockDim));
        int lanes = 2; // an int local with a constant value sizes an array as a constant does
        long[] pair = new long[lanes];
        pair[0] = a.get(context.globalIdx) * 3L;
        pair[1] = pair[0] - 1;
        localA[localIdx] = Math.max(pair[0], pair[1]);
        for (int stride = context.localGroupSizeX / 2; stride > 0; stride /= 2) {
            context.localBarrier();
            if (localIdx < stride) localA[localIdx] = Math.max(localA[localIdx], localA[localIdx + stride]);
        }
        if (localIdx == 0) b.set(context.groupIdx, localA[0]);
    }

    /** Two local arrays, one sized by the parameter, one by a constant; bytes through TornadoMath.max and min. */
    public static void byteRangePerGroup(KernelContext context, ByteArray a, ByteArray max, ByteArray min, int blockDim) {
        int localIdx = context.localIdx;
        byte[] high = context.allocateByteLocalArray(blockDim);
        byte[] low = context.allocateByteLocalArray(256);
        high[localIdx] = a.get(context.globalIdx);
        low[localIdx] = a.get(context.globalIdx);
        for (int stride = context.localGroupSizeX / 2; stride > 0; stride /= 2) {
            context.localBarrier();
            if (localIdx < stride) {
                high[localIdx] = TornadoMath.max(high[localIdx], high[localIdx + stride]);
                low[localIdx] = TornadoMath.min(low[localIdx], low[localIdx + stride]);
            }
        }
        if (localIdx == 0) {
            max.set(context.groupIdx, high[0]);
            min.set(context.groupIdx, low[0]);
        }
    }

    public static void doubleSumPerGroup(KernelContext context, DoubleArray a, DoubleArray b, int blockDim) {
        int localIdx = context.localIdx;
        double[] localA = context.allocateDoubleLocalArray(blockDim);
        localA[localIdx] = a.get(context.globalIdx);
        context.localBarrier();
        if (localIdx == 0) {
            double s = 0;
            for (int i = 0; i < blockDim; i++) s += localA[i];
            b.set(context.groupIdx, s);
        }
    }

    private static void runGrid(TaskGraph graph, TornadoDevice device, int global, int local) throws Exception {
        var worker = new WorkerGrid1D(global);
        worker.setLocalWork(local, 1, 1);
        try (var plan = new TornadoExecutionPlan(graph.snapshot())) {
            plan.withDevice(device).withGridScheduler(new GridScheduler("s0.t0", worker)).execute();
        }
    }

    @ParameterizedTest
    @MethodSource("devices")
    void localArraysSizedByAParameter(TornadoDevice device) throws Exception {
        var r = new Random();
        for (int local : new int[] {1, 32, 64, 256}) {
            int groups = 1 + r.nextInt(8), n = groups * local;
            FloatArray a = new FloatArray(n);
            IntArray ints = new IntArray(n);
            ByteArray bytes = new ByteArray(n);
            DoubleArray doubles = new DoubleArray(n);
            for (int i = 0; i < n; i++) {
                a.set(i, r.nextInt(1000) / 8f);
                ints.set(i, r.nextInt());
                bytes.set(i, (byte) r.nextInt());
                doubles.set(i, r.nextDouble());
            }
            FloatArray sums = new FloatArray(groups);
            LongArray maxima = new LongArray(groups);
            ByteArray high = new ByteArray(groups), low = new ByteArray(groups);
            DoubleArray doubleSums = new DoubleArray(groups);
            var context = new KernelContext();
            runGrid(new TaskGraph("s0").transferToDevice(DataTransferMode.EVERY_EXECUTION, a)
                    .task("t0", TornadoVMUnitKernelsTest::sumPerGroup, context, a, sums, local)
                    .transferToHost(DataTransferMode.EVERY_EXECUTION, sums), device, n, local);
            runGrid(new TaskGraph("s0").transferToDevice(DataTransferMode.EVERY_EXECUTION, ints)
                    .task("t0", TornadoVMUnitKernelsTest::maxPerGroup, context, ints, maxima, local)
                    .transferToHost(DataTransferMode.EVERY_EXECUTION, maxima), device, n, local);
            runGrid(new TaskGraph("s0").transferToDevice(DataTransferMode.EVERY_EXECUTION, bytes)
                    .task("t0", TornadoVMUnitKernelsTest::byteRangePerGroup, context, bytes, high, low, local)
                    .transferToHost(DataTransferMode.EVERY_EXECUTION, high, low), device, n, local);
            runGrid(new TaskGraph("s0").transferToDevice(DataTransferMode.EVERY_EXECUTION, doubles)
                    .task("t0", TornadoVMUnitKernelsTest::doubleSumPerGroup, context, doubles, doubleSums, local)
                    .transferToHost(DataTransferMode.EVERY_EXECUTION, doubleSums), device, n, local);
            for (int g = 0; g < groups; g++) {
                float sum = 0; // multiples of 1/8 below 2^15: every order of additions is exact
                long max = Long.MIN_VALUE;
                int hi = Byte.MIN_VALUE, lo = Byte.MAX_VALUE;
                double doubleSum = 0;
                for (int i = g * local; i < (g + 1) * local; i++) {
                    sum += a.get(i);
                    max = Math.max(max, ints.get(i) * 3L);
                    hi = Math.max(hi, bytes.get(i));
                    lo = Math.min(lo, bytes.get(i));
                    doubleSum += doubles.get(i);
                }
                String at = device + ", local size " + local + ", group " + g;
                assertEquals(sum, sums.get(g), at);
                assertEquals(max, maxima.get(g), at);
                assertEquals(hi, high.get(g), at);
                assertEquals(lo, low.get(g), at);
                assertEquals(doubleSum, doubleSums.get(g), at);
            }
        }
    }

    // ---- Math.signum, and two overloads of one method as tasks (TornadoVM's math tests)

    public static void signum(FloatArray a, DoubleArray d) {
        for (@Parallel int i = 0; i < a.getSize(); i++) {
            a.set(i, Math.signum(a.get(i)));
            d.set(i, Math.signum(d.get(i)) * 2);
        }
    }

    public static void twice(FloatArray a) {
        for (@Parallel int i = 0; i < a.getSize(); i++) a.set(i, a.get(i) * 2f);
    }

    public static void twice(DoubleArray a) {
        for (@Parallel int i = 0; i < a.getSize(); i++) a.set(i, a.get(i) * 2 + 1);
    }

    @ParameterizedTest
    @MethodSource("devices")
    void signumAndOverloads(TornadoDevice device) throws Exception {
        var r = new Random();
        float[] special = {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE, -Float.MIN_VALUE};
        int n = 200 + r.nextInt(100);
        FloatArray a = new FloatArray(n), expectedA = new FloatArray(n);
        DoubleArray d = new DoubleArray(n), expectedD = new DoubleArray(n);
        for (int i = 0; i < n; i++) {
            float f = i < special.length ? special[i] : (r.nextFloat() - 0.5f) * 1e3f;
            a.set(i, f);
            d.set(i, f);
        }
        for (int i = 0; i < n; i++) { expectedA.set(i, a.get(i)); expectedD.set(i, d.get(i)); }
        signum(expectedA, expectedD);
        try (var plan = new TornadoExecutionPlan(new TaskGraph("s0").transferToDevice(DataTransferMode.EVERY_EXECUTION, a, d)
                .task("t0", TornadoVMUnitKernelsTest::signum, a, d).transferToHost(DataTransferMode.EVERY_EXECUTION, a, d).snapshot())) {
            plan.withDevice(device).execute();
        }
        for (int i = 0; i < n; i++) {
            assertEquals(Float.floatToIntBits(expectedA.get(i)), Float.floatToIntBits(a.get(i)), "float signum of element " + i);
            assertEquals(Double.doubleToLongBits(expectedD.get(i)), Double.doubleToLongBits(d.get(i)), "double signum of element " + i);
        }

        // the same graph and task names with the other overload: each plan runs its own method
        for (int round = 0; round < 2; round++) {
            FloatArray f = new FloatArray(n);
            DoubleArray g = new DoubleArray(n);
            for (int i = 0; i < n; i++) { f.set(i, r.nextFloat()); g.set(i, r.nextDouble()); }
            FloatArray fExpected = FloatArray.fromArray(f.toHeapArray());
            DoubleArray gExpected = DoubleArray.fromArray(g.toHeapArray());
            twice(fExpected);
            twice(gExpected);
            try (var plan = new TornadoExecutionPlan(new TaskGraph("s0").transferToDevice(DataTransferMode.EVERY_EXECUTION, f)
                    .task("t0", TornadoVMUnitKernelsTest::twice, f).transferToHost(DataTransferMode.EVERY_EXECUTION, f).snapshot())) {
                plan.withDevice(device).execute();
            }
            try (var plan = new TornadoExecutionPlan(new TaskGraph("s0").transferToDevice(DataTransferMode.EVERY_EXECUTION, g)
                    .task("t0", TornadoVMUnitKernelsTest::twice, g).transferToHost(DataTransferMode.EVERY_EXECUTION, g).snapshot())) {
                plan.withDevice(device).execute();
            }
            for (int i = 0; i < n; i++) {
                assertEquals(fExpected.get(i), f.get(i), "float overload, element " + i);
                assertEquals(gExpected.get(i), g.get(i), "double overload, element " + i);
            }
        }
    }

    // ---- @Reduce through a helper, and a map loop feeding a @Reduce loop (TornadoVM's reductions tests)

    private static double add(double x, double y) {
        return x + y;
    }

    private static int larger(int x, int y) {
        return Math.max(x, y);
    }

    public static void sumThroughHelper(DoubleArray in, @Reduce DoubleArray r) {
        r.set(0, 0.0);
        for (@Parallel int i = 0; i < in.getSize(); i++) r.set(0, add(in.get(i), r.get(0)));
    }

    public static void maxThroughHelper(IntArray in, @Reduce IntArray r) {
        r.set(0, Integer.MIN_VALUE);
        for (@Parallel int i = 0; i < in.getSize(); i++) r.set(0, larger(r.get(0), in.get(i) / 2));
    }

    /** c = a + b, then the sum of c read in reverse order (each element written by another work-item). */
    public static void mapReduce(IntArray a, IntArray b, IntArray c, @Reduce IntArray r) {
        for (@Parallel int i = 0; i < a.getSize(); i++) c.set(i, a.get(i) + b.get(i));
        r.set(0, 0);
        for (@Parallel int i = 0; i < c.getSize(); i++) r.set(0, r.get(0) + c.get(c.getSize() - 1 - i) * (i % 3));
        c.set(0, r.get(0));
    }

    @ParameterizedTest
    @MethodSource("devices")
    void reductionsThroughHelpersAndAfterAMap(TornadoDevice device) throws Exception {
        var r = new Random();
        for (int n : new int[] {1, 7, 255, 256, 1025, 100_000}) {
            DoubleArray doubles = new DoubleArray(n);
            IntArray a = new IntArray(n), b = new IntArray(n), c = new IntArray(n), expectedC = new IntArray(n);
            double scale = 0;
            for (int i = 0; i < n; i++) {
                doubles.set(i, r.nextDouble() * 2 - 1);
                scale += Math.abs(doubles.get(i));
                a.set(i, r.nextInt(1 << 10));
                b.set(i, r.nextInt(1 << 10));
            }
            DoubleArray sum = new DoubleArray(1), expectedSum = new DoubleArray(1);
            IntArray max = new IntArray(1), expectedMax = new IntArray(1), total = new IntArray(1), expectedTotal = new IntArray(1);
            sumThroughHelper(doubles, expectedSum);
            maxThroughHelper(a, expectedMax);
            mapReduce(a, b, expectedC, expectedTotal);
            try (var plan = new TornadoExecutionPlan(new TaskGraph("s0").transferToDevice(DataTransferMode.EVERY_EXECUTION, doubles, a, b)
                    .task("t0", TornadoVMUnitKernelsTest::sumThroughHelper, doubles, sum)
                    .task("t1", TornadoVMUnitKernelsTest::maxThroughHelper, a, max)
                    .task("t2", TornadoVMUnitKernelsTest::mapReduce, a, b, c, total)
                    .transferToHost(DataTransferMode.EVERY_EXECUTION, sum, max, c, total).snapshot())) {
                plan.withDevice(device).execute();
            }
            String at = device + ", n " + n;
            assertEquals(expectedSum.get(0), sum.get(0), 1e-12 * Math.max(1, scale), at);
            assertEquals(expectedMax.get(0), max.get(0), at);
            assertEquals(expectedTotal.get(0), total.get(0), at);
            assertArrayEquals(expectedC.toHeapArray(), c.toHeapArray(), at);
        }
    }
}
