package drcn.examples;

import drcn.tornado.api.GridScheduler;
import drcn.tornado.api.TaskGraph;
import drcn.tornado.api.TornadoExecutionPlan;
import drcn.tornado.api.WorkerGrid1D;
import drcn.tornado.api.annotations.Parallel;
import drcn.tornado.api.annotations.Reduce;
import drcn.tornado.api.common.TornadoDevice;
import drcn.tornado.api.enums.DataTransferMode;
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
 * {@code @Reduce} as TornadoVM's users write it: sum, product, max and min over float, int, double and long, in the
 * {@code result.set(0, result.get(0) + x)}, {@code Math.max(result.get(0), x)} and {@code result[0] += x} forms, at
 * sizes 1, 7, 1023, 1024, 1025 and 3 million, on every device against the same methods run as plain Java; and
 * the same result on every run of one device.
 */
class ReduceTest {
    static final int[] SIZES = {1, 7, 1023, 1024, 1025, 3_000_000};

    static List<TornadoDevice> devices() {
        return TaskGraphApiTest.devices();
    }

    public static void sumFloat(FloatArray in, @Reduce FloatArray r) {
        r.set(0, 0f);
        for (@Parallel int i = 0; i < in.getSize(); i++) r.set(0, r.get(0) + in.get(i));
    }

    public static void productFloat(FloatArray in, @Reduce FloatArray r) {
        r.set(0, 1f);
        for (@Parallel int i = 0; i < in.getSize(); i++) r.set(0, r.get(0) * in.get(i));
    }

    public static void maxFloat(FloatArray in, @Reduce FloatArray r) {
        r.set(0, Float.NEGATIVE_INFINITY);
        for (@Parallel int i = 0; i < in.getSize(); i++) r.set(0, Math.max(r.get(0), in.get(i)));
    }

    public static void minFloat(FloatArray in, @Reduce FloatArray r) {
        r.set(0, Float.POSITIVE_INFINITY);
        for (@Parallel int i = 0; i < in.getSize(); i++) r.set(0, Math.min(in.get(i), r.get(0)));
    }

    public static void sumInt(int[] in, @Reduce int[] r) {
        r[0] = 0;
        for (@Parallel int i = 0; i < in.length; i++) r[0] += in[i];
    }

    public static void productInt(IntArray in, @Reduce IntArray r) {
        r.set(0, 1);
        for (@Parallel int i = 0; i < in.getSize(); i++) r.set(0, in.get(i) * r.get(0));
    }

    public static void maxInt(IntArray in, @Reduce IntArray r) {
        r.set(0, Integer.MIN_VALUE);
        for (@Parallel int i = 0; i < in.getSize(); i++) r.set(0, Math.max(r.get(0), in.get(i)));
    }

    public static void minInt(IntArray in, @Reduce IntArray r) {
        r.set(0, Integer.MAX_VALUE);
        for (@Parallel int i = 0; i < in.getSize(); i++) r.set(0, Math.min(r.get(0), in.get(i)));
    }

    public static void sumDouble(DoubleArray in, @Reduce DoubleArray r) {
        r.set(0, 0.0f);
        for (@Parallel int i = 0; i < in.getSize(); i++) r.set(0, r.get(0) + in.get(i));
    }

    public static void productDouble(double[] in, @Reduce double[] r) {
        r[0] = 1;
        for (@Parallel int i = 0; i < in.length; i++) r[0] *= in[i];
    }

    public static void maxDouble(DoubleArray in, @Reduce DoubleArray r) {
        r.set(0, -Double.MAX_VALUE);
        for (@Parallel int i = 0; i < in.getSize(); i++) r.set(0, Math.max(r.get(0), in.get(i)));
    }

    public static void minDouble(DoubleArray in, @Reduce DoubleArray r) {
        r.set(0, Double.MAX_VALUE);
        for (@Parallel int i = 0; i < in.getSize(); i++) r.set(0, Math.min(r.get(0), in.get(i)));
    }

    public static void sumLong(LongArray in, @Reduce LongArray r) {
        r.set(0, 0);
        for (@Parallel int i = 0; i < in.getSize(); i++) r.set(0, r.get(0) + in.get(i));
    }

    public static void productLong(LongArray in, @Reduce LongArray r) {
        r.set(0, 1L);
        for (@Parallel int i = 0; i < in.getSize(); i++) r.set(0, r.get(0) * in.get(i));
    }

    public static void maxLong(long[] in, @Reduce long[] r) {
        r[0] = Long.MIN_VALUE;
        for (@Parallel int i = 0; i < in.length; i++) r[0] = Math.max(r[0], in[i]);
    }

    public static void minLong(LongArray in, @Reduce LongArray r) {
        r.set(0, Long.MAX_VALUE);
        for (@Parallel int i = 0; i < in.getSize(); i++) r.set(0, Math.min(r.get(0), in.get(i)));
    }

    /** A filtered count with the host's initial value kept, a local computed before the loop, and two results. */
    public static void countAndSumAbove(FloatArray in, @Reduce IntArray count, @Reduce FloatArray sum, float threshold) {
        float limit = threshold * 2f;
        sum.set(0, 0f);
        for (@Parallel int i = 0; i < in.getSize(); i++) {
            float v = in.get(i);
            if (v > limit) {
                count.set(0, count.get(0) + 1);
                sum.set(0, sum.get(0) + v * v);
            }
        }
    }

    /** The task graph of one kernel (a task's code must be a method reference written at the task(...) call). */
    interface Graph<A> {
        TaskGraph build(A in, A out);
    }

    private static TaskGraph input(Object in) {
        return new TaskGraph("s0").transferToDevice(DataTransferMode.EVERY_EXECUTION, in);
    }

    private static void execute(TaskGraph graph, TornadoDevice device, GridScheduler grid) throws Exception {
        try (var plan = new TornadoExecutionPlan(graph.snapshot())) {
            plan.withDevice(device);
            if (grid != null) plan.withGridScheduler(grid);
            plan.execute();
        }
    }

    private static void floats(TornadoDevice device, int n, Random r, drcn.tornado.api.common.TornadoFunctions.Task2<FloatArray, FloatArray> kernel, Graph<FloatArray> graph,
                               boolean nearOne, double tolerance, char op) throws Exception {
        FloatArray in = new FloatArray(n);
        // A float product of millions of values near 1 drifts by percents with the order of the multiplications, so
        // products take powers of two (mostly 1): every order gives the exact product.
        double other = n > 10_000 ? 1e-4 : 0.3;
        for (int i = 0; i < n; i++) {
            in.set(i, nearOne ? (r.nextDouble() < other ? (r.nextBoolean() ? 2f : 0.5f) : 1f) : r.nextFloat() * 2 - 1);
        }
        FloatArray got = new FloatArray(1), expected = new FloatArray(1);
        kernel.apply(in, expected);
        // Java's sequential float sum (or product) of millions of values drifts from the exact one; the device's
        // partial sums drift less. So a sum or product must be as close to the exact value (in double) as Java's,
        // up to the tolerance; max and min must equal Java's.
        double scale = 0, exact = op == '*' ? 1 : 0;
        for (int i = 0; i < n; i++) {
            scale += Math.abs(in.get(i));
            exact = op == '*' ? exact * in.get(i) : exact + in.get(i);
        }
        double allowed = op == 'x' ? 0 : Math.abs(expected.get(0) - exact) + tolerance * Math.max(1, nearOne ? Math.abs(exact) : scale);
        double reference = op == 'x' ? expected.get(0) : exact;
        FloatArray first = null;
        for (int run = 0; run < 2; run++) {
            got.init(123f);
            execute(graph.build(in, got).transferToHost(DataTransferMode.EVERY_EXECUTION, got), device, null);
            assertEquals(reference, got.get(0), allowed, device + " n " + n + ", plain Java: " + expected.get(0));
            if (first == null) first = FloatArray.fromElements(got.get(0));
            else assertEquals(first.get(0), got.get(0), "the second run differs from the first (n " + n + ")");
        }
    }

    private static void ints(TornadoDevice device, int n, Random r, drcn.tornado.api.common.TornadoFunctions.Task2<IntArray, IntArray> kernel, Graph<IntArray> graph) throws Exception {
        IntArray in = new IntArray(n);
        for (int i = 0; i < n; i++) in.set(i, r.nextInt());
        IntArray got = new IntArray(1), expected = new IntArray(1);
        kernel.apply(in, expected);
        execute(graph.build(in, got).transferToHost(DataTransferMode.EVERY_EXECUTION, got), device, null);
        assertEquals(expected.get(0), got.get(0), "n " + n);
    }

    private static void doubles(TornadoDevice device, int n, Random r, drcn.tornado.api.common.TornadoFunctions.Task2<DoubleArray, DoubleArray> kernel, Graph<DoubleArray> graph) throws Exception {
        DoubleArray in = new DoubleArray(n);
        double scale = 0;
        for (int i = 0; i < n; i++) {
            in.set(i, r.nextDouble() * 2 - 1);
            scale += Math.abs(in.get(i));
        }
        DoubleArray got = new DoubleArray(1), expected = new DoubleArray(1);
        kernel.apply(in, expected);
        execute(graph.build(in, got).transferToHost(DataTransferMode.EVERY_EXECUTION, got), device, null);
        assertEquals(expected.get(0), got.get(0), 1e-12 * Math.max(1, scale), "n " + n);
    }

    private static void longs(TornadoDevice device, int n, Random r, drcn.tornado.api.common.TornadoFunctions.Task2<LongArray, LongArray> kernel, Graph<LongArray> graph) throws Exception {
        LongArray in = new LongArray(n);
        for (int i = 0; i < n; i++) in.set(i, r.nextLong());
        LongArray got = new LongArray(1), expected = new LongArray(1);
        kernel.apply(in, expected);
        execute(graph.build(in, got).transferToHost(DataTransferMode.EVERY_EXECUTION, got), device, null);
        assertEquals(expected.get(0), got.get(0), "n " + n);
    }

    @ParameterizedTest
    @MethodSource("devices")
    void floatReductions(TornadoDevice device) throws Exception {
        var r = new Random();
        for (int n : SIZES) {
            floats(device, n, r, ReduceTest::sumFloat, (in, out) -> input(in).task("t0", ReduceTest::sumFloat, in, out), false, 1e-5, '+');
            floats(device, n, r, ReduceTest::productFloat, (in, out) -> input(in).task("t0", ReduceTest::productFloat, in, out), true, 0, '*');
            floats(device, n, r, ReduceTest::maxFloat, (in, out) -> input(in).task("t0", ReduceTest::maxFloat, in, out), false, 0, 'x');
            floats(device, n, r, ReduceTest::minFloat, (in, out) -> input(in).task("t0", ReduceTest::minFloat, in, out), false, 0, 'x');
        }
    }

    @ParameterizedTest
    @MethodSource("devices")
    void intReductions(TornadoDevice device) throws Exception {
        var r = new Random();
        for (int n : SIZES) {
            ints(device, n, r, ReduceTest::productInt, (in, out) -> input(in).task("t0", ReduceTest::productInt, in, out));
            ints(device, n, r, ReduceTest::maxInt, (in, out) -> input(in).task("t0", ReduceTest::maxInt, in, out));
            ints(device, n, r, ReduceTest::minInt, (in, out) -> input(in).task("t0", ReduceTest::minInt, in, out));
            int[] in = r.ints(n).toArray(), got = {5}, expected = {5};
            sumInt(in, expected);
            execute(new TaskGraph("s0").transferToDevice(DataTransferMode.EVERY_EXECUTION, in).task("t0", ReduceTest::sumInt, in, got)
                    .transferToHost(DataTransferMode.EVERY_EXECUTION, got), device, null);
            assertEquals(expected[0], got[0], "int sum, n " + n);
        }
    }

    @ParameterizedTest
    @MethodSource("devices")
    void doubleReductions(TornadoDevice device) throws Exception {
        var r = new Random();
        for (int n : SIZES) {
            doubles(device, n, r, ReduceTest::sumDouble, (in, out) -> input(in).task("t0", ReduceTest::sumDouble, in, out));
            doubles(device, n, r, ReduceTest::maxDouble, (in, out) -> input(in).task("t0", ReduceTest::maxDouble, in, out));
            doubles(device, n, r, ReduceTest::minDouble, (in, out) -> input(in).task("t0", ReduceTest::minDouble, in, out));
            double[] in = new double[n], got = {0}, expected = {0};
            for (int i = 0; i < n; i++) in[i] = 1 + (r.nextDouble() - 0.5) * 1e-6;
            productDouble(in, expected);
            execute(new TaskGraph("s0").transferToDevice(DataTransferMode.EVERY_EXECUTION, in).task("t0", ReduceTest::productDouble, in, got)
                    .transferToHost(DataTransferMode.EVERY_EXECUTION, got), device, null);
            assertEquals(expected[0], got[0], 1e-9 * Math.abs(expected[0]), "double product, n " + n);
        }
    }

    @ParameterizedTest
    @MethodSource("devices")
    void longReductions(TornadoDevice device) throws Exception {
        var r = new Random();
        for (int n : SIZES) {
            longs(device, n, r, ReduceTest::sumLong, (in, out) -> input(in).task("t0", ReduceTest::sumLong, in, out));
            longs(device, n, r, ReduceTest::productLong, (in, out) -> input(in).task("t0", ReduceTest::productLong, in, out));
            longs(device, n, r, ReduceTest::minLong, (in, out) -> input(in).task("t0", ReduceTest::minLong, in, out));
            long[] in = r.longs(n).toArray(), got = {0}, expected = {0};
            maxLong(in, expected);
            execute(new TaskGraph("s0").transferToDevice(DataTransferMode.EVERY_EXECUTION, in).task("t0", ReduceTest::maxLong, in, got)
                    .transferToHost(DataTransferMode.EVERY_EXECUTION, got), device, null);
            assertEquals(expected[0], got[0], "long max, n " + n);
        }
    }

    @ParameterizedTest
    @MethodSource("devices")
    void filteredReductionKeepsTheHostsInitialValueAndIgnoresAGrid(TornadoDevice device) throws Exception {
        var r = new Random();
        for (int n : SIZES) {
            FloatArray in = new FloatArray(n);
            for (int i = 0; i < n; i++) in.set(i, r.nextFloat());
            IntArray count = IntArray.fromElements(1000), expectedCount = IntArray.fromElements(1000);
            FloatArray sum = new FloatArray(3), expectedSum = new FloatArray(3);
            countAndSumAbove(in, expectedCount, expectedSum, 0.2f);
            execute(new TaskGraph("s0").transferToDevice(DataTransferMode.EVERY_EXECUTION, in, count)
                    .task("t0", ReduceTest::countAndSumAbove, in, count, sum, 0.2f)
                    .transferToHost(DataTransferMode.EVERY_EXECUTION, count, sum), device, new GridScheduler("s0.t0", new WorkerGrid1D(4096)));
            assertEquals(expectedCount.get(0), count.get(0), "n " + n);
            double exact = 0;
            for (int i = 0; i < n; i++) if (in.get(i) > 0.4f) exact += (double) (in.get(i) * in.get(i));
            assertEquals(exact, sum.get(0), Math.abs(expectedSum.get(0) - exact) + 1e-5 * Math.max(1, exact), "n " + n + ", plain Java: " + expectedSum.get(0));
        }
    }
}
