package drcn.examples;

import drcn.tornado.api.GridScheduler;
import drcn.tornado.api.ImmutableTaskGraph;
import drcn.tornado.api.TaskGraph;
import drcn.tornado.api.TornadoExecutionPlan;
import drcn.tornado.api.WorkerGrid1D;
import drcn.tornado.api.annotations.Parallel;
import drcn.tornado.api.common.TornadoDevice;
import drcn.tornado.api.enums.DataTransferMode;
import drcn.tornado.api.types.arrays.FloatArray;
import drcn.tornado.api.types.arrays.IntArray;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * TornadoVM's loop-parallel API ({@code @Parallel} loops, no KernelContext) on every device, against the same Java
 * methods run as plain Java on fresh random inputs: 1D, 2D and 3D nests, any start, bound and step, the launch sized
 * from the loop bounds or by a GridScheduler, plain Java arrays as task arguments.
 */
class LoopParallelTest {

    static List<TornadoDevice> devices() {
        return TaskGraphApiTest.devices();
    }

    public static void vectorAdd(FloatArray a, FloatArray b, FloatArray c) {
        for (@Parallel int i = 0; i < c.getSize(); i++) {
            c.set(i, a.get(i) + b.get(i));
        }
    }

    public static void matrixMultiply(FloatArray a, FloatArray b, FloatArray c, int n) {
        for (@Parallel int i = 0; i < n; i++) {
            for (@Parallel int j = 0; j < n; j++) {
                float sum = 0f;
                for (int k = 0; k < n; k++) sum += a.get(i * n + k) * b.get(k * n + j);
                c.set(i * n + j, sum);
            }
        }
    }

    /** Odd planes only (start 1, step 2), an inclusive bound, a step written as x = x + 1; Java arrays. */
    public static void stencil(float[] in, float[] out, int nx, int ny, int nz) {
        float weight = 1f / 7f; // sequential code before the nest: every work-item computes it
        for (@Parallel int z = 1; z < nz - 1; z += 2) {
            for (@Parallel int y = 1; y <= ny - 2; y++) {
                for (@Parallel int x = 1; x < nx - 1; x = x + 1) {
                    int at = (z * ny + y) * nx + x;
                    float s = in[at] + in[at - 1] + in[at + 1] + in[at - nx] + in[at + nx] + in[at - nx * ny] + in[at + nx * ny];
                    if (s < 0f) continue;
                    out[at] = s * weight;
                }
            }
        }
    }

    /** A start and step from the arguments; int[] and double[] arguments. */
    public static void strided(int[] in, double[] out, int start, int step) {
        for (@Parallel int i = start; i < in.length; i += step) {
            out[i] = in[i] * 0.5 + i;
        }
    }

    /** TornadoVM's reverseLoop, and a descending loop with a step and an exclusive bound. */
    public static void reverse(drcn.tornado.api.types.arrays.IntArray a) {
        for (@Parallel int i = a.getSize() - 1; i >= 0; i--) {
            a.set(i, a.get(i) * 3 + i);
        }
    }

    public static void descendingStep(int[] a, int step) {
        for (@Parallel int i = a.length - 1; i > 2; i -= step) {
            a[i] = -a[i] + i;
        }
    }

    /** The bound is a local read from an array (TornadoVM's neurocom test): its trip count is unknown at launch. */
    public static void boundFromALocal(drcn.tornado.api.types.arrays.IntArray sizes, FloatArray out) {
        int k = sizes.get(1);
        for (@Parallel int j = 0; j < k; j++) {
            out.set(j, out.get(j) * 2f + j);
        }
    }

    /** A store before the loop that the loop reads, and one after it reading what other iterations wrote: runs in order. */
    public static void storesAroundTheLoop(int[] a, int[] b, int[] c) {
        if (a[0] > b[0]) {
            b[0] = a[0];
        }
        for (@Parallel int i = 0; i < c.length; i++) {
            c[i] = a[i] + b[i] + b[0];
        }
        c[0] = c[0] + c[c.length - 1];
    }

    /** Two nests, the second reading what other iterations of the first wrote, and a store between nested loops. */
    public static void twoNestsAndAStoreBetween(FloatArray a, FloatArray t, FloatArray row, FloatArray m, int n) {
        for (@Parallel int i = 0; i < n * n; i++) {
            t.set(i, a.get(i) * 2f);
        }
        for (@Parallel int i = 0; i < n; i++) {
            row.set(i, t.get(n * n - 1 - i * n));
            for (@Parallel int j = 0; j < n; j++) {
                m.set(i * n + j, row.get(i) + t.get(j * n + i));
            }
        }
    }

    /** TornadoVM's conditionInInnerForLoopReturn: a return at the top of the loop whose condition no iteration changes. */
    public static void returnAtTheTop(IntArray flag, IntArray a, int n) {
        for (@Parallel int i = 0; i < n; i++) {
            for (@Parallel int j = 0; j < n; j++) {
                if (flag.get(0) > flag.get(1)) {
                    return;
                }
                a.set(i * n + j, a.get(i * n + j) + i - j);
            }
        }
        a.set(0, -1);
    }

    /** TornadoVM's initializeToOneParallel: a private array declared before the loop, written by some iterations, read after. */
    public static void sharedPrivateArray(FloatArray a) {
        float[] marks = new float[16];
        marks[4] = 5f;
        for (@Parallel int i = 0; i < a.getSize(); i++) {
            if (i < 16 && i % 3 == 0) {
                marks[i] = a.get(i) * 2f;
            }
            a.set(i, a.get(i) + 1f);
        }
        a.set(0, marks[0] + marks[3] + marks[4] + marks[15] + marks[1]);
    }

    private static FloatArray random(int n, Random r) {
        FloatArray a = new FloatArray(n);
        for (int i = 0; i < n; i++) a.set(i, r.nextFloat() * 2 - 1);
        return a;
    }

    private static void run(TaskGraph graph, TornadoDevice device, GridScheduler grid) throws Exception {
        ImmutableTaskGraph snapshot = graph.snapshot();
        try (var plan = new TornadoExecutionPlan(snapshot)) {
            plan.withDevice(device);
            if (grid != null) plan.withGridScheduler(grid);
            plan.execute();
        }
    }

    @ParameterizedTest
    @MethodSource("devices")
    void oneDimensionSizedFromTheBoundAndOverriddenByAGrid(TornadoDevice device) throws Exception {
        var r = new Random();
        for (int n : new int[]{1, 7, 1000, 100_003}) {
            FloatArray a = random(n, r), b = random(n, r), c = new FloatArray(n), expected = new FloatArray(n);
            vectorAdd(a, b, expected);
            for (GridScheduler grid : new GridScheduler[]{null, new GridScheduler("s0.t0", new WorkerGrid1D(64))}) {
                c.init(-7f);
                var graph = new TaskGraph("s0").transferToDevice(DataTransferMode.EVERY_EXECUTION, a, b)
                        .task("t0", LoopParallelTest::vectorAdd, a, b, c).transferToHost(DataTransferMode.EVERY_EXECUTION, c);
                run(graph, device, grid);
                for (int i = 0; i < n; i++) assertEquals(expected.get(i), c.get(i), "n " + n + " element " + i + " grid " + grid);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("devices")
    void aBoundNotKnownAtLaunchStillCoversEveryIteration(TornadoDevice device) throws Exception {
        var r = new Random();
        for (int k : new int[]{1, 4095, 4096, 9001}) {
            var sizes = new drcn.tornado.api.types.arrays.IntArray(2);
            sizes.set(0, -1);
            sizes.set(1, k);
            FloatArray out = random(k + 5, r), expected = new FloatArray(k + 5);
            for (int i = 0; i < k + 5; i++) expected.set(i, out.get(i));
            boundFromALocal(sizes, expected);
            var graph = new TaskGraph("s0").transferToDevice(DataTransferMode.EVERY_EXECUTION, sizes, out)
                    .task("t0", LoopParallelTest::boundFromALocal, sizes, out).transferToHost(DataTransferMode.EVERY_EXECUTION, out);
            run(graph, device, null);
            for (int i = 0; i < k + 5; i++) assertEquals(expected.get(i), out.get(i), "k " + k + " element " + i);
        }
    }

    @ParameterizedTest
    @MethodSource("devices")
    void twoDimensions(TornadoDevice device) throws Exception {
        var r = new Random();
        int n = 37;
        FloatArray a = random(n * n, r), b = random(n * n, r), c = new FloatArray(n * n), expected = new FloatArray(n * n);
        matrixMultiply(a, b, expected, n);
        var graph = new TaskGraph("s0").transferToDevice(DataTransferMode.FIRST_EXECUTION, a, b)
                .task("t0", LoopParallelTest::matrixMultiply, a, b, c, n).transferToHost(DataTransferMode.EVERY_EXECUTION, c);
        run(graph, device, null);
        for (int i = 0; i < n * n; i++) assertEquals(expected.get(i), c.get(i), 1e-5f, "element " + i);
    }

    @ParameterizedTest
    @MethodSource("devices")
    void threeDimensionsWithStartsStepsAndJavaArrays(TornadoDevice device) throws Exception {
        var r = new Random();
        int nx = 19, ny = 11, nz = 9;
        float[] in = new float[nx * ny * nz], out = new float[in.length], expected = new float[in.length];
        for (int i = 0; i < in.length; i++) in[i] = r.nextFloat() * 2 - 0.5f;
        stencil(in, expected, nx, ny, nz);
        var graph = new TaskGraph("s0").transferToDevice(DataTransferMode.EVERY_EXECUTION, in)
                .task("t0", LoopParallelTest::stencil, in, out, nx, ny, nz).transferToHost(DataTransferMode.EVERY_EXECUTION, out);
        run(graph, device, null);
        assertArrayEquals(expected, out);

        int[] ints = r.ints(1001, -1000, 1000).toArray();
        double[] doubles = new double[ints.length], doublesExpected = new double[ints.length];
        strided(ints, doublesExpected, 3, 5);
        graph = new TaskGraph("s1").transferToDevice(DataTransferMode.EVERY_EXECUTION, ints)
                .task("t0", LoopParallelTest::strided, ints, doubles, 3, 5).transferToHost(DataTransferMode.EVERY_EXECUTION, doubles);
        run(graph, device, null);
        assertArrayEquals(doublesExpected, doubles);

        int[] down = r.ints(777).toArray(), downExpected = down.clone();
        descendingStep(downExpected, 4);
        graph = new TaskGraph("s2").transferToDevice(DataTransferMode.EVERY_EXECUTION, down)
                .task("t0", LoopParallelTest::descendingStep, down, 4).transferToHost(DataTransferMode.EVERY_EXECUTION, down);
        run(graph, device, null);
        assertArrayEquals(downExpected, down);

        var reversed = drcn.tornado.api.types.arrays.IntArray.fromArray(r.ints(1025).toArray());
        int[] reversedExpected = reversed.toHeapArray();
        for (int i = reversedExpected.length - 1; i >= 0; i--) reversedExpected[i] = reversedExpected[i] * 3 + i;
        graph = new TaskGraph("s3").transferToDevice(DataTransferMode.EVERY_EXECUTION, reversed)
                .task("t0", LoopParallelTest::reverse, reversed).transferToHost(DataTransferMode.EVERY_EXECUTION, reversed);
        run(graph, device, null);
        assertArrayEquals(reversedExpected, reversed.toHeapArray());
    }

    @ParameterizedTest
    @MethodSource("devices")
    void storesOutsideTheLoopKeepJavasOrder(TornadoDevice device) throws Exception {
        var r = new Random();
        for (int n : new int[]{1, 7, 1000, 100_003}) {
            for (int trial = 0; trial < 2; trial++) {
                int[] a = r.ints(n, -100, 100).toArray(), b = r.ints(n, -100, 100).toArray(), c = new int[n];
                int[] bExpected = b.clone(), cExpected = new int[n];
                storesAroundTheLoop(a, bExpected, cExpected);
                var graph = new TaskGraph("s0").transferToDevice(DataTransferMode.EVERY_EXECUTION, a, b)
                        .task("t0", LoopParallelTest::storesAroundTheLoop, a, b, c).transferToHost(DataTransferMode.EVERY_EXECUTION, b, c);
                run(graph, device, null);
                assertArrayEquals(bExpected, b, "n " + n);
                assertArrayEquals(cExpected, c, "n " + n);
            }
        }
        for (int n : new int[]{1, 5, 67}) {
            FloatArray a = random(n * n, r), t = new FloatArray(n * n), row = new FloatArray(n), m = new FloatArray(n * n);
            FloatArray tExpected = new FloatArray(n * n), rowExpected = new FloatArray(n), mExpected = new FloatArray(n * n);
            twoNestsAndAStoreBetween(a, tExpected, rowExpected, mExpected, n);
            var graph = new TaskGraph("s1").transferToDevice(DataTransferMode.EVERY_EXECUTION, a)
                    .task("t0", LoopParallelTest::twoNestsAndAStoreBetween, a, t, row, m, n).transferToHost(DataTransferMode.EVERY_EXECUTION, row, m);
            run(graph, device, null);
            for (int i = 0; i < n; i++) assertEquals(rowExpected.get(i), row.get(i), "n " + n + " row " + i);
            for (int i = 0; i < n * n; i++) assertEquals(mExpected.get(i), m.get(i), "n " + n + " element " + i);
        }
    }

    @ParameterizedTest
    @MethodSource("devices")
    void aPrivateArrayTheIterationsWriteIsSharedAsInJava(TornadoDevice device) throws Exception {
        var r = new Random();
        for (int n : new int[]{1, 7, 1000, 100_003}) {
            FloatArray a = random(n, r), expected = new FloatArray(n);
            for (int i = 0; i < n; i++) expected.set(i, a.get(i));
            sharedPrivateArray(expected);
            var graph = new TaskGraph("s0").transferToDevice(DataTransferMode.EVERY_EXECUTION, a)
                    .task("t0", LoopParallelTest::sharedPrivateArray, a).transferToHost(DataTransferMode.EVERY_EXECUTION, a);
            run(graph, device, null);
            for (int i = 0; i < n; i++) assertEquals(expected.get(i), a.get(i), "n " + n + " element " + i);
        }
    }

    @ParameterizedTest
    @MethodSource("devices")
    void aReturnAtTheTopOfTheLoopLeavesBeforeIt(TornadoDevice device) throws Exception {
        var r = new Random();
        for (int n : new int[]{1, 33}) {
            for (int leave = 0; leave < 2; leave++) {
                var flag = IntArray.fromArray(new int[]{leave, 0});
                var a = IntArray.fromArray(r.ints(n * n, -50, 50).toArray());
                int[] expected = a.toHeapArray();
                var reference = IntArray.fromArray(expected);
                returnAtTheTop(flag, reference, n);
                var graph = new TaskGraph("s0").transferToDevice(DataTransferMode.EVERY_EXECUTION, flag, a)
                        .task("t0", LoopParallelTest::returnAtTheTop, flag, a, n).transferToHost(DataTransferMode.EVERY_EXECUTION, a);
                run(graph, device, null);
                assertArrayEquals(reference.toHeapArray(), a.toHeapArray(), "n " + n + " leave " + leave);
            }
        }
    }
}
