package drcn.examples;

import drcn.tornado.api.GridScheduler;
import drcn.tornado.api.KernelContext;
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
 * Local and private arrays sized by an expression of the kernel's int parameters ({@code allocateFloatLocalArray(ROWS *
 * width)}, {@code new float[width]}, {@code new float[width + 1]}; TornadoVM's flash-attention test kernel does so), on
 * every device against the same methods run as plain Java on fresh random inputs, with two widths in one plan's life so
 * that each launch value gets its own specialization. And local arrays allocated in helpers (TornadoVM's half-float
 * matrix-vector test does so), sized by the helper's parameter, called twice and through another helper.
 */
class ParameterSizedArraysTest {
    static final int GROUP = 16;

    static List<TornadoDevice> devices() {
        return TaskGraphApiTest.devices();
    }

    /** Each group stages ROWS rows of {@code width} into local memory, then each work-item weighs them in a private array. */
    public static void weighedRows(KernelContext context, FloatArray in, FloatArray out, int width) {
        int rows = 3;
        int group = context.groupIdx, local = context.localIdx, size = context.localGroupSizeX;
        float[] tile = context.allocateFloatLocalArray(rows * width);
        for (int i = local; i < tile.length; i += size) tile[i] = in.get(group * tile.length + i);
        context.localBarrier();
        float[] sums = new float[width];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < width; j++) sums[j] += tile[r * width + j] * (local + r + 1);
        }
        float s = 0;
        for (int j = 0; j < sums.length; j++) s += sums[j] * (j % 3 - 1);
        out.set(group * size + local, s);
    }

    /** A private prefix-sum array one longer than the window; the zeroed element 0 is read. */
    public static void windowSums(FloatArray in, FloatArray out, int window) {
        for (@Parallel int i = 0; i < out.getSize(); i++) {
            float[] prefix = new float[window + 1];
            for (int k = 0; k < window; k++) prefix[k + 1] = prefix[k] + in.get(i + k);
            out.set(i, prefix[window] - prefix[window / 2] + prefix[0]);
        }
    }

    /** The group's tree sum of {@code value} through a local array of {@code n} (the group size) that this helper allocates. */
    public static float groupSum(KernelContext context, float value, int n) {
        float[] partial = context.allocateFloatLocalArray(n);
        int local = context.localIdx;
        partial[local] = value;
        context.localBarrier();
        for (int stride = n / 2; stride > 0; stride >>= 1) {
            if (local < stride) partial[local] += partial[local + stride];
            context.localBarrier();
        }
        float sum = partial[0];
        context.localBarrier(); // every work-item has read it before a next call writes the array again
        return sum;
    }

    /** The largest of the group's values and their negations, through a local array of 2n. */
    public static float groupMaxMagnitude(KernelContext context, float value, int n) {
        float[] both = context.allocateFloatLocalArray(2 * n);
        int local = context.localIdx;
        both[local] = value;
        both[n + local] = -value;
        context.localBarrier();
        float max = both[0];
        for (int i = 1; i < both.length; i++) max = Math.max(max, both[i]);
        context.localBarrier();
        return max + 2 * groupSum(context, value, n);
    }

    public static void groupStatistics(KernelContext context, FloatArray in, FloatArray out, int groupSize) {
        float x = in.get(context.globalIdx);
        int size = groupSize; // a local that only copies the parameter sizes the helpers' arrays as well
        float sum = groupSum(context, x, size);
        float squares = groupSum(context, x * x, groupSize);
        float max = groupMaxMagnitude(context, x, groupSize);
        if (context.localIdx == 0) {
            out.set(3 * context.groupIdx, sum);
            out.set(3 * context.groupIdx + 1, squares);
            out.set(3 * context.groupIdx + 2, max);
        }
    }

    /**
     * TornadoVM's MatrixVectorSimdReduction sizes its local array by the launch's work-group size, through a local: the
     * group's tree sum of its values, and the array's length.
     */
    public static void groupSumsByLocalSize(KernelContext context, FloatArray in, FloatArray out) {
        int local = context.localIdx;
        int size = context.localGroupSizeX;
        float[] partial = context.allocateFloatLocalArray(size);
        partial[local] = in.get(context.globalIdx);
        for (int stride = size / 2; stride > 0; stride >>= 1) {
            context.localBarrier();
            if (local < stride) partial[local] += partial[local + stride];
        }
        if (local == 0) {
            out.set(2 * context.groupIdx, partial[0]);
            out.set(2 * context.groupIdx + 1, partial.length);
        }
    }

    /** A 2D group's values transposed through a local tile of localGroupSizeX * localGroupSizeY, named directly. */
    public static void transposeTiles(KernelContext context, FloatArray in, FloatArray out) {
        float[] tile = context.allocateFloatLocalArray(context.localGroupSizeX * context.localGroupSizeY);
        int x = context.localIdx, y = context.localIdy, w = context.localGroupSizeX;
        int width = context.globalGroupSizeX;
        tile[y * w + x] = in.get(context.globalIdy * width + context.globalIdx);
        context.localBarrier();
        int flipped = (tile.length - 1) - (y * w + x);
        out.set(context.globalIdy * width + context.globalIdx, tile[flipped]);
    }

    @ParameterizedTest
    @MethodSource("devices")
    void localArraysSizedByTheWorkGroupSize(TornadoDevice device) throws Exception {
        var r = new Random();
        int groups = 3 + r.nextInt(5);
        var in = new FloatArray(groups * 64);
        for (int i = 0; i < in.getSize(); i++) in.set(i, r.nextFloat() * 2 - 1);
        var out = new FloatArray(2 * groups * 64);
        var graph = new TaskGraph("sums")
                .transferToDevice(DataTransferMode.EVERY_EXECUTION, in)
                .task("t", ParameterSizedArraysTest::groupSumsByLocalSize, new KernelContext(), in, out)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, out);
        try (var plan = new TornadoExecutionPlan(graph.snapshot())) {
            plan.withDevice(device);
            for (int group : new int[] {64, 8, 32}) { // one plan: each work-group size its own specialization
                var worker = new WorkerGrid1D(groups * group);
                worker.setLocalWork(group, 1, 1);
                plan.withGridScheduler(new GridScheduler("sums.t", worker)).execute();
                for (int g = 0; g < groups; g++) {
                    double sum = 0;
                    for (int l = 0; l < group; l++) sum += in.get(g * group + l);
                    assertEquals(sum, out.get(2 * g), 1e-5 * group, "sum of group " + g + ", group size " + group);
                    assertEquals(group, out.get(2 * g + 1), "the local array's length, group size " + group);
                }
            }
        }

        int gx = 1 + r.nextInt(4), gy = 1 + r.nextInt(4), lx = 4, ly = 2 + r.nextInt(3);
        int width = gx * lx, height = gy * ly;
        var image = new FloatArray(width * height);
        for (int i = 0; i < image.getSize(); i++) image.set(i, r.nextFloat());
        var flipped = new FloatArray(width * height);
        var worker = new drcn.tornado.api.WorkerGrid2D(width, height);
        worker.setLocalWork(lx, ly, 1);
        var tiles = new TaskGraph("tiles")
                .transferToDevice(DataTransferMode.EVERY_EXECUTION, image)
                .task("t", ParameterSizedArraysTest::transposeTiles, new KernelContext(), image, flipped)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, flipped);
        try (var plan = new TornadoExecutionPlan(tiles.snapshot())) {
            plan.withDevice(device).withGridScheduler(new GridScheduler("tiles.t", worker)).execute();
        }
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int tileX = x / lx * lx, tileY = y / ly * ly;
                int at = (ly - 1 - y % ly) * lx + (lx - 1 - x % lx); // the tile's element mirrored through its centre
                assertEquals(image.get((tileY + at / lx) * width + tileX + at % lx), flipped.get(y * width + x), "element " + x + "," + y);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("devices")
    void helpersAllocateLocalArrays(TornadoDevice device) throws Exception {
        var r = new Random();
        for (int group : new int[] {8, 32}) {
            int groups = 5;
            var in = new FloatArray(groups * group);
            for (int i = 0; i < in.getSize(); i++) in.set(i, r.nextFloat() * 2 - 1);
            var out = new FloatArray(3 * groups);
            var worker = new WorkerGrid1D(groups * group);
            worker.setLocalWork(group, 1, 1);
            var graph = new TaskGraph("stats")
                    .transferToDevice(DataTransferMode.EVERY_EXECUTION, in)
                    .task("t", ParameterSizedArraysTest::groupStatistics, new KernelContext(), in, out, group)
                    .transferToHost(DataTransferMode.EVERY_EXECUTION, out);
            try (var plan = new TornadoExecutionPlan(graph.snapshot())) {
                plan.withDevice(device).withGridScheduler(new GridScheduler("stats.t", worker)).execute();
            }
            for (int g = 0; g < groups; g++) {
                double sum = 0, squares = 0, max = Double.NEGATIVE_INFINITY;
                for (int l = 0; l < group; l++) {
                    double x = in.get(g * group + l);
                    sum += x;
                    squares += x * x;
                    max = Math.max(max, Math.abs(x));
                }
                assertEquals(sum, out.get(3 * g), 1e-5 * group, "sum, group size " + group);
                assertEquals(squares, out.get(3 * g + 1), 1e-5 * group, "squares, group size " + group);
                assertEquals(max + 2 * sum, out.get(3 * g + 2), 1e-5 * group, "max + 2 sum, group size " + group);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("devices")
    void localAndPrivateArraysTakeTheLaunchSizes(TornadoDevice device) throws Exception {
        var r = new Random();
        for (int width : new int[] {5, 12}) {
            int groups = 7;
            var in = new FloatArray(groups * 3 * width);
            for (int i = 0; i < in.getSize(); i++) in.set(i, r.nextFloat() * 2 - 1);
            var out = new FloatArray(groups * GROUP);
            var worker = new WorkerGrid1D(groups * GROUP);
            worker.setLocalWork(GROUP, 1, 1);
            var graph = new TaskGraph("rows")
                    .transferToDevice(DataTransferMode.EVERY_EXECUTION, in)
                    .task("t", ParameterSizedArraysTest::weighedRows, new KernelContext(), in, out, width)
                    .transferToHost(DataTransferMode.EVERY_EXECUTION, out);
            try (var plan = new TornadoExecutionPlan(graph.snapshot())) {
                plan.withDevice(device).withGridScheduler(new GridScheduler("rows.t", worker)).execute();
            }
            for (int g = 0; g < groups; g++) {
                for (int l = 0; l < GROUP; l++) {
                    double expected = 0;
                    for (int j = 0; j < width; j++) {
                        double column = 0;
                        for (int row = 0; row < 3; row++) column += in.get(g * 3 * width + row * width + j) * (l + row + 1);
                        expected += column * (j % 3 - 1);
                    }
                    assertEquals(expected, out.get(g * GROUP + l), 1e-4 * (1 + Math.abs(expected)), "width " + width + " group " + g + " item " + l);
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("devices")
    void privateArraysTakeTheLaunchSizes(TornadoDevice device) throws Exception {
        var r = new Random();
        for (int window : new int[] {4, 9}) {
            int n = 1000 + r.nextInt(100);
            var in = new FloatArray(n + window);
            for (int i = 0; i < in.getSize(); i++) in.set(i, r.nextFloat() * 2 - 1);
            var out = new FloatArray(n);
            var graph = new TaskGraph("window")
                    .transferToDevice(DataTransferMode.EVERY_EXECUTION, in)
                    .task("t", ParameterSizedArraysTest::windowSums, in, out, window)
                    .transferToHost(DataTransferMode.EVERY_EXECUTION, out);
            try (var plan = new TornadoExecutionPlan(graph.snapshot())) {
                plan.withDevice(device).execute();
            }
            var expected = new FloatArray(n);
            windowSums(in, expected, window);
            for (int i = 0; i < n; i++) assertEquals(expected.get(i), out.get(i), 1e-5f, "window " + window + " at " + i);
        }
    }
}
