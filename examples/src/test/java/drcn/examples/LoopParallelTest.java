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
}
