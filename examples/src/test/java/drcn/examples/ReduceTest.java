package drcn.examples;

import drcn.compiler.emit.CEmitter;
import drcn.compiler.emit.Dialect;
import drcn.compiler.ir.Function;
import drcn.compiler.ir.Stmt;
import drcn.kernels.Index;
import drcn.runtime.backend.ParallelLaunch;
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

    /** A descending loop (inclusive bound): the contiguous slices count its iterations downwards. */
    public static void sumDownInt(IntArray in, @Reduce IntArray r) {
        r.set(0, 0);
        for (@Parallel int i = in.getSize() - 1; i >= 0; i--) r.set(0, r.get(0) + in.get(i));
    }

    /** A step of 3 from 1 with an inclusive bound: trips = ceil((n - 1) / 3), none for n = 1. */
    public static void maxEveryThird(IntArray in, @Reduce IntArray r) {
        r.set(0, Integer.MIN_VALUE);
        for (@Parallel int i = 1; i <= in.getSize() - 1; i += 3) r.set(0, Math.max(r.get(0), in.get(i)));
    }

    /** The mean: the code after the loop reads the result and stores; the last group runs it, after its fold. */
    public static void meanFloat(FloatArray in, @Reduce FloatArray r) {
        r.set(0, 0f);
        for (@Parallel int i = 0; i < in.getSize(); i++) r.set(0, r.get(0) + in.get(i));
        r.set(0, r.get(0) / in.getSize());
    }

    /** Code after the loop that branches on the result and stores elsewhere (the last group's work-item 0 stores). */
    public static void sumThenSign(FloatArray in, @Reduce FloatArray r, IntArray sign) {
        r.set(0, 0f);
        for (@Parallel int i = 0; i < in.getSize(); i++) r.set(0, r.get(0) + in.get(i));
        if (r.get(0) > 0) {
            sign.set(0, 1);
        } else {
            sign.set(0, r.get(0) < 0 ? -1 : 0);
        }
        sign.set(1, sign.get(0) * 2);
    }

    /** A map stored inside the reduction's loop: one work-group (a store in the loop keeps a kernel off the grid path). */
    public static void squareAndSum(FloatArray in, FloatArray squares, @Reduce FloatArray r) {
        r.set(0, 0f);
        for (@Parallel int i = 0; i < in.getSize(); i++) {
            squares.set(i, in.get(i) * in.get(i));
            r.set(0, r.get(0) + in.get(i) * in.get(i));
        }
    }

    /** A pre-loop value that reads the result as the host left it: one work-group (the grid path defers r[0] = v). */
    public static void doubledThenSum(IntArray in, @Reduce IntArray r) {
        r.set(0, r.get(0) * 2);
        for (@Parallel int i = 0; i < in.getSize(); i++) r.set(0, r.get(0) + in.get(i));
    }

    /** A helper given a global array (it could store to it, unseen by the kernel's IR): one work-group. */
    public static void sumPicked(FloatArray in, @Reduce FloatArray r) {
        r.set(0, 0f);
        for (@Parallel int i = 0; i < in.getSize(); i++) r.set(0, r.get(0) + pick(in, i));
    }

    static float pick(FloatArray a, int i) {
        return a.get(i);
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
                               boolean nearOne, char op) throws Exception {
        FloatArray in = new FloatArray(n);
        // A float product of millions of values near 1 drifts by percents with the order of the multiplications, so
        // products take powers of two (mostly 1): every order gives the exact product.
        double other = n > 10_000 ? 1e-4 : 0.3;
        for (int i = 0; i < n; i++) {
            in.set(i, nearOne ? (r.nextDouble() < other ? (r.nextBoolean() ? 2f : 0.5f) : 1f) : r.nextFloat() * 2 - 1);
        }
        FloatArray got = new FloatArray(1), expected = new FloatArray(1);
        kernel.apply(in, expected);
        // The JVM runs the method as Java does: the same bits. A C device folds in its own fixed order: a sum is within
        // the rounding bound of that order's depth of the exact sum (in double); a product of powers of two is exact in
        // any order; max and min equal Java's.
        double scale = 0, exact = op == '*' ? 1 : 0;
        for (int i = 0; i < n; i++) {
            scale += Math.abs(in.get(i));
            exact = op == '*' ? exact * in.get(i) : exact + in.get(i);
        }
        boolean jvm = device.getId().startsWith("jvm");
        double allowed = jvm || op != '+' ? 0 : sumBound(depth(n, ParallelLaunch.reductionGroups((long) n, device.getAvailableProcessors()), 256), scale);
        double reference = jvm || op == 'x' ? expected.get(0) : exact;
        FloatArray first = null;
        for (int run = 0; run < 2; run++) {
            got.init(123f);
            execute(graph.build(in, got).transferToHost(DataTransferMode.EVERY_EXECUTION, got), device, null);
            assertEquals(reference, got.get(0), allowed, device + " n " + n + ", plain Java: " + expected.get(0));
            if (first == null) first = FloatArray.fromElements(got.get(0));
            else assertEquals(first.get(0), got.get(0), "the second run differs from the first (n " + n + ")");
        }
    }

    /**
     * Additions an element's rounding error can pass through in a grid reduction of n iterations over G groups of L
     * work-items: its work-item's chain (ceil(n / (G L)) adds), its group's tree (log2 256, the tree's steps), the last
     * group's chain over the partials (ceil(G / L)), its tree, and the fold into r[0]. One work-group is G = 1.
     */
    static int depth(int n, int groups, int local) {
        return (int) (Index.ceilDiv((long) n, (long) groups * local) + Index.ceilDiv(groups, local) + 2 * 8 + 1);
    }

    /**
     * The bound on a float sum in any order whose depth is {@code d} (Higham, Accuracy and Stability, 4.2):
     * |computed - exact| <= gamma_d * sum |x_i|, gamma_d = d u / (1 - d u), u = 2^-24; plus the double reference's own.
     */
    static double sumBound(int d, double absSum) {
        double u = Math.scalb(1.0, -24);
        return d * u / (1 - d * u) * absSum + 1e-12 * absSum;
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
            floats(device, n, r, ReduceTest::sumFloat, (in, out) -> input(in).task("t0", ReduceTest::sumFloat, in, out), false, '+');
            floats(device, n, r, ReduceTest::productFloat, (in, out) -> input(in).task("t0", ReduceTest::productFloat, in, out), true, '*');
            floats(device, n, r, ReduceTest::maxFloat, (in, out) -> input(in).task("t0", ReduceTest::maxFloat, in, out), false, 'x');
            floats(device, n, r, ReduceTest::minFloat, (in, out) -> input(in).task("t0", ReduceTest::minFloat, in, out), false, 'x');
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
    void filteredReductionKeepsTheHostsInitialValueUnderAGrid(TornadoDevice device) throws Exception {
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

    /**
     * Which kernels run over many work-groups: those whose only global stores before and in the loop are their results'
     * {@code r[0] = v} before it (code after the loop may store); a store in the loop, a pre-loop read of the result or
     * a helper given a global array keeps the one-group path.
     */
    @org.junit.jupiter.api.Test
    void onlyProvablyEquivalentKernelsRunOverManyGroups() throws Exception {
        var module = module();
        var grid = new java.util.TreeSet<String>();
        var one = new java.util.TreeSet<String>();
        for (Function f : module.functions()) {
            if (f.kernel()) (Stmt.ParallelFor.gridReduction(f) != null ? grid : one).add(f.javaName());
        }
        assertEquals(new java.util.TreeSet<>(List.of("doubledThenSum", "squareAndSum", "sumPicked")), one);
        assertEquals(24, grid.size(), grid.toString());
        // the grid path's C: the partials and the counter follow the parameters, a ticket and fences order them
        Function sum = module.functions().stream().filter(f -> f.javaName().equals("sumFloat")).findFirst().orElseThrow();
        String c = CEmitter.emit(sum, List.of(), java.util.Map.of(), Dialect.OPENCL);
        assertTrue(c.contains("__global float* r_partial_groups, int r_partial_groups_size, __global int* drcn_groups_done"), c);
        assertTrue(c.contains("atomic_inc(drcn_groups_done)") && c.contains("mem_fence(CLK_GLOBAL_MEM_FENCE);"), c);
        String cuda = CEmitter.emit(sum, List.of(), java.util.Map.of(), Dialect.CUDA);
        assertTrue(cuda.contains("atomicAdd(drcn_groups_done, 1)") && cuda.contains("__threadfence();"), cuda);
    }

    static drcn.compiler.ir.KernelModule module() throws Exception {
        try (var in = ReduceTest.class.getClassLoader().getResourceAsStream(drcn.compiler.ir.KernelModule.resourceName(ReduceTest.class.getName()))) {
            return drcn.compiler.ir.KernelModule.fromBytes(in.readAllBytes());
        }
    }

    /**
     * Integer-valued floats in [-4, 4]: every partial sum is an integer below 2^24 in magnitude, so a float sum is exact
     * in any order, on every device, at every size; and three executions of one plan (the group counter set back to 0
     * by each), with and without replayed launches, give it.
     */
    @ParameterizedTest
    @MethodSource("devices")
    void exactFloatSumsAtEverySizeAndRun(TornadoDevice device) throws Exception {
        var r = new Random();
        for (int n : SIZES) {
            FloatArray in = new FloatArray(n), got = new FloatArray(1), expected = new FloatArray(1);
            for (int i = 0; i < n; i++) in.set(i, r.nextInt(9) - 4);
            sumFloat(in, expected);
            long exact = 0;
            for (int i = 0; i < n; i++) exact += (long) in.get(i);
            assertEquals(exact, expected.get(0), "plain Java, n " + n);
            for (boolean replay : new boolean[] {false, true}) {
                try (var plan = new TornadoExecutionPlan(input(in).task("t0", ReduceTest::sumFloat, in, got)
                        .transferToHost(DataTransferMode.EVERY_EXECUTION, got).snapshot())) {
                    plan.withDevice(device);
                    if (replay) plan.withCUDAGraph(); // recorded launches (OpenCL: kernel objects bound once), replayed
                    for (int run = 0; run < 3; run++) {
                        got.init(77f);
                        plan.execute();
                        assertEquals(exact, got.get(0), device + (replay ? " replayed" : "") + " run " + run + ", n " + n);
                    }
                }
            }
        }
    }

    /** Random floats: the same bits on every run of a fresh plan, and within the size's bound of the exact sum. */
    @ParameterizedTest
    @MethodSource("devices")
    void floatSumsAreDeterministic(TornadoDevice device) throws Exception {
        var r = new Random();
        for (int n : SIZES) {
            FloatArray in = new FloatArray(n);
            for (int i = 0; i < n; i++) in.set(i, r.nextFloat() * 2 - 1);
            float first = Float.NaN;
            for (int run = 0; run < 2; run++) {
                FloatArray got = new FloatArray(1);
                execute(input(in).task("t0", ReduceTest::sumFloat, in, got).transferToHost(DataTransferMode.EVERY_EXECUTION, got), device, null);
                if (run == 0) first = got.get(0);
                else assertEquals(Float.floatToRawIntBits(first), Float.floatToRawIntBits(got.get(0)), device + " n " + n + ": " + first + " then " + got.get(0));
            }
        }
    }

    /**
     * A GridScheduler's grid sets the launch: its global work in groups of its local work (up to 256, the tree's size;
     * any count, a power of two or not), more or fewer work-items than iterations. Exact on integer-valued floats and
     * ints, within the bound of that launch's depth on random floats.
     */
    @ParameterizedTest
    @MethodSource("devices")
    void gridSchedulerSetsTheLaunch(TornadoDevice device) throws Exception {
        var r = new Random();
        int[][] grids = {{4096, 256}, {1000, 100}, {768, 3}, {65536, 512}, {1, 1}};
        for (int n : new int[] {1, 1025, 3_000_000}) {
            FloatArray whole = new FloatArray(n), noisy = new FloatArray(n);
            IntArray ints = new IntArray(n);
            double scale = 0, exact = 0;
            for (int i = 0; i < n; i++) {
                whole.set(i, r.nextInt(9) - 4);
                noisy.set(i, r.nextFloat() * 2 - 1);
                ints.set(i, r.nextInt());
                scale += Math.abs(noisy.get(i));
                exact += noisy.get(i);
            }
            FloatArray expectedWhole = new FloatArray(1), expectedNoisy = new FloatArray(1);
            IntArray expectedInts = new IntArray(1);
            sumFloat(whole, expectedWhole);
            sumFloat(noisy, expectedNoisy);
            maxInt(ints, expectedInts);
            for (int[] g : grids) {
                var grid = new WorkerGrid1D(g[0]);
                grid.setLocalWork(g[1], 1, 1);
                String what = device + " n " + n + " grid " + g[0] + "/" + g[1];
                FloatArray got = new FloatArray(1);
                execute(input(whole).task("t0", ReduceTest::sumFloat, whole, got).transferToHost(DataTransferMode.EVERY_EXECUTION, got), device,
                        new GridScheduler("s0.t0", grid));
                assertEquals(expectedWhole.get(0), got.get(0), what);
                execute(input(noisy).task("t0", ReduceTest::sumFloat, noisy, got).transferToHost(DataTransferMode.EVERY_EXECUTION, got), device,
                        new GridScheduler("s0.t0", grid));
                int local = Math.min(g[1], 256), groups = (int) Index.ceilDiv(g[0], local);
                boolean jvm = device.getId().startsWith("jvm");
                assertEquals(jvm ? expectedNoisy.get(0) : exact, got.get(0), jvm ? 0 : sumBound(depth(n, groups, local), scale), what);
                IntArray gotInt = new IntArray(1);
                execute(input(ints).task("t0", ReduceTest::maxInt, ints, gotInt).transferToHost(DataTransferMode.EVERY_EXECUTION, gotInt), device,
                        new GridScheduler("s0.t0", grid));
                assertEquals(expectedInts.get(0), gotInt.get(0), what);
            }
        }
    }

    /** Code after the loop (the last group's), and the kernels that stay on one work-group, compute what Java does. */
    @ParameterizedTest
    @MethodSource("devices")
    void codeAfterTheLoopAndOneGroupKernelsStayRight(TornadoDevice device) throws Exception {
        var r = new Random();
        for (int n : SIZES) {
            FloatArray in = new FloatArray(n), squares = new FloatArray(n), expectedSquares = new FloatArray(n);
            double scale = 0, exactSquares = 0, exact = 0;
            for (int i = 0; i < n; i++) {
                in.set(i, r.nextFloat() * 2 - 1);
                scale += Math.abs(in.get(i));
                exact += in.get(i);
                exactSquares += (double) (in.get(i) * in.get(i));
            }
            boolean jvm = device.getId().startsWith("jvm");
            FloatArray mean = new FloatArray(1), expectedMean = new FloatArray(1), sum = new FloatArray(1), expectedSum = new FloatArray(1);
            meanFloat(in, expectedMean);
            squareAndSum(in, expectedSquares, expectedSum);
            execute(input(in).task("t0", ReduceTest::meanFloat, in, mean).transferToHost(DataTransferMode.EVERY_EXECUTION, mean), device, null);
            double oneGroup = sumBound(depth(n, 1, 256) + 1, scale);
            assertEquals(jvm ? expectedMean.get(0) : exact / n, mean.get(0), jvm ? 0 : oneGroup / n + Math.ulp(mean.get(0)), "mean, n " + n);
            execute(input(in).task("t0", ReduceTest::squareAndSum, in, squares, sum).transferToHost(DataTransferMode.EVERY_EXECUTION, squares, sum), device, null);
            assertEquals(jvm ? expectedSum.get(0) : exactSquares, sum.get(0), jvm ? 0 : sumBound(depth(n, 1, 256), exactSquares), "sum of squares, n " + n);
            for (int i = 0; i < n; i++) assertEquals(expectedSquares.get(i), squares.get(i), "square " + i);
            FloatArray whole = new FloatArray(n);
            for (int i = 0; i < n; i++) whole.set(i, r.nextInt(9) - 4); // an exact sum in any order: its sign is Java's
            IntArray sign = IntArray.fromElements(7, 7), expectedSign = IntArray.fromElements(7, 7);
            sumThenSign(whole, expectedSum, expectedSign);
            execute(input(whole).task("t0", ReduceTest::sumThenSign, whole, sum, sign).transferToHost(DataTransferMode.EVERY_EXECUTION, sum, sign), device, null);
            assertEquals(expectedSum.get(0), sum.get(0), "sum then sign, n " + n);
            assertEquals(expectedSign.get(0), sign.get(0), "sign, n " + n);
            assertEquals(expectedSign.get(1), sign.get(1), "twice the sign, n " + n);
            sumPicked(in, expectedSum);
            execute(input(in).task("t0", ReduceTest::sumPicked, in, sum).transferToHost(DataTransferMode.EVERY_EXECUTION, sum), device, null);
            assertEquals(jvm ? expectedSum.get(0) : exact, sum.get(0), jvm ? 0 : sumBound(depth(n, 1, 256), scale), "picked through a helper, n " + n);
            IntArray ints = new IntArray(n), got = IntArray.fromElements(21), expected = IntArray.fromElements(21);
            for (int i = 0; i < n; i++) ints.set(i, r.nextInt());
            doubledThenSum(ints, expected);
            execute(new TaskGraph("s0").transferToDevice(DataTransferMode.EVERY_EXECUTION, ints, got).task("t0", ReduceTest::doubledThenSum, ints, got)
                    .transferToHost(DataTransferMode.EVERY_EXECUTION, got), device, null);
            assertEquals(expected.get(0), got.get(0), "doubled then summed, n " + n);
        }
    }

    /**
     * Both ways of sharing the iterations (drcn.reduction: contiguous slices, CPU devices' default; grid-stride, GPUs')
     * on every device: exact on integer-valued floats and ints (ascending, descending, stepped loops), bit-identical
     * on a second run, within the launch's bound on random floats.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"contiguous", "strided"})
    void bothWaysOfSharingTheIterations(String layout) throws Exception {
        System.setProperty(drcn.runtime.config.Settings.REDUCTION, layout);
        drcn.runtime.config.Settings.reload();
        try {
            var r = new Random();
            for (TornadoDevice device : devices()) {
                for (int n : SIZES) {
                    String what = device + " " + layout + " n " + n;
                    FloatArray whole = new FloatArray(n), noisy = new FloatArray(n);
                    IntArray ints = new IntArray(n);
                    double scale = 0, exact = 0;
                    for (int i = 0; i < n; i++) {
                        whole.set(i, r.nextInt(9) - 4);
                        noisy.set(i, r.nextFloat() * 2 - 1);
                        ints.set(i, r.nextInt());
                        scale += Math.abs(noisy.get(i));
                        exact += noisy.get(i);
                    }
                    FloatArray expected = new FloatArray(1), got = new FloatArray(1);
                    sumFloat(whole, expected);
                    execute(input(whole).task("t0", ReduceTest::sumFloat, whole, got).transferToHost(DataTransferMode.EVERY_EXECUTION, got), device, null);
                    assertEquals(expected.get(0), got.get(0), what);
                    boolean jvm = device.getId().startsWith("jvm");
                    sumFloat(noisy, expected);
                    float first = Float.NaN;
                    for (int run = 0; run < 2; run++) {
                        execute(input(noisy).task("t0", ReduceTest::sumFloat, noisy, got).transferToHost(DataTransferMode.EVERY_EXECUTION, got), device, null);
                        assertEquals(jvm ? expected.get(0) : exact, got.get(0),
                                jvm ? 0 : sumBound(depth(n, ParallelLaunch.reductionGroups((long) n, device.getAvailableProcessors()), 256), scale), what);
                        if (run == 0) first = got.get(0);
                        else assertEquals(Float.floatToRawIntBits(first), Float.floatToRawIntBits(got.get(0)), what + ": " + first + " then " + got.get(0));
                    }
                    IntArray expectedInt = new IntArray(1), gotInt = new IntArray(1);
                    sumDownInt(ints, expectedInt);
                    execute(input(ints).task("t0", ReduceTest::sumDownInt, ints, gotInt).transferToHost(DataTransferMode.EVERY_EXECUTION, gotInt), device, null);
                    assertEquals(expectedInt.get(0), gotInt.get(0), "descending, " + what);
                    maxEveryThird(ints, expectedInt);
                    execute(input(ints).task("t0", ReduceTest::maxEveryThird, ints, gotInt).transferToHost(DataTransferMode.EVERY_EXECUTION, gotInt), device, null);
                    assertEquals(expectedInt.get(0), gotInt.get(0), "every third, " + what);
                }
            }
        } finally {
            System.clearProperty(drcn.runtime.config.Settings.REDUCTION);
            drcn.runtime.config.Settings.reload();
        }
    }

    /**
     * A plan executed again starts each reduction from the value its array held at the first execution (the neutral
     * element), as TornadoVM refills it before every execution: each execution gives its own input's reduction, not a
     * running total, also where the result is never copied to the device (TornadoVM's ReductionIrregular example) and
     * where the starting value is not the operation's identity (max from -7, a sum from 5).
     */
    @ParameterizedTest
    @MethodSource("devices")
    void everyExecutionStartsFromTheNeutralElement(TornadoDevice device) throws Exception {
        var random = new Random();
        int n = 1 + random.nextInt(5000);
        IntArray in = new IntArray(n);
        int[] heapIn = new int[n];
        IntArray sum = IntArray.fromElements(0), max = IntArray.fromElements(-7);
        int[] sumFrom5 = {5};
        TaskGraph graph = new TaskGraph("again").transferToDevice(DataTransferMode.EVERY_EXECUTION, in, heapIn)
                .task("sum", ReduceTest::accumulateInt, in, sum)
                .task("max", ReduceTest::accumulateMaxInt, in, max)
                .task("heap", ReduceTest::accumulateHeapInt, heapIn, sumFrom5)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, sum, max, sumFrom5);
        try (var plan = new TornadoExecutionPlan(graph.snapshot())) {
            plan.withDevice(device);
            for (int run = 0; run < 3; run++) {
                int expectedSum = 0, expectedMax = -7;
                for (int i = 0; i < n; i++) {
                    heapIn[i] = random.nextInt(2001) - 1000;
                    in.set(i, heapIn[i]);
                    expectedSum += heapIn[i];
                    expectedMax = Math.max(expectedMax, heapIn[i]);
                }
                plan.execute();
                assertEquals(expectedSum, sum.get(0), device.getId() + " sum, execution " + run);
                assertEquals(expectedMax, max.get(0), device.getId() + " max from -7, execution " + run);
                assertEquals(5 + expectedSum, sumFrom5[0], device.getId() + " sum from 5, execution " + run);
            }
        }
    }

    public static void accumulateInt(IntArray in, @Reduce IntArray r) {
        for (@Parallel int i = 0; i < in.getSize(); i++) r.set(0, r.get(0) + in.get(i));
    }

    public static void accumulateMaxInt(IntArray in, @Reduce IntArray r) {
        for (@Parallel int i = 0; i < in.getSize(); i++) r.set(0, Math.max(r.get(0), in.get(i)));
    }

    public static void accumulateHeapInt(int[] in, @Reduce int[] r) {
        for (@Parallel int i = 0; i < in.length; i++) r[0] += in[i];
    }
}
