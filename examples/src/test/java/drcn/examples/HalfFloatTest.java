package drcn.examples;

import drcn.tornado.api.GridScheduler;
import drcn.tornado.api.KernelContext;
import drcn.tornado.api.TaskGraph;
import drcn.tornado.api.TornadoExecutionPlan;
import drcn.tornado.api.WorkerGrid1D;
import drcn.tornado.api.annotations.Parallel;
import drcn.tornado.api.common.TornadoDevice;
import drcn.tornado.api.enums.DataTransferMode;
import drcn.tornado.api.types.HalfFloat;
import drcn.tornado.api.types.arrays.ByteArray;
import drcn.tornado.api.types.arrays.FloatArray;
import drcn.tornado.api.types.arrays.HalfFloatArray;
import drcn.tornado.api.types.arrays.IntArray;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * TornadoVM's HalfFloat in kernels (HalfFloatArray get/set, new HalfFloat(float), HalfFloat.add/sub/mult/div,
 * getFloat32, local and private HalfFloat arrays, HalfFloat helpers and scalar arguments, halves kept in a ByteArray:
 * getHalfFloat/setHalfFloat at any byte offset), on every device against the
 * same methods run as plain Java on fresh random inputs that include subnormals, overflow to infinity and zeros: the
 * results must be the same binary16 values bit for bit (a NaN matches any NaN).
 */
class HalfFloatTest {
    static final int N = 4099;
    static final int GROUP = 64;

    static List<TornadoDevice> devices() {
        return TaskGraphApiTest.devices();
    }

    public static void arithmetic(HalfFloatArray a, HalfFloatArray b, FloatArray x, HalfFloatArray sum, HalfFloatArray diff,
                                  HalfFloatArray prod, HalfFloatArray quot, FloatArray widened, HalfFloat scale) {
        for (@Parallel int i = 0; i < a.getSize(); i++) {
            sum.set(i, HalfFloat.add(a.get(i), b.get(i)));
            diff.set(i, HalfFloat.sub(a.get(i), new HalfFloat(x.get(i))));
            prod.set(i, HalfFloat.mult(a.get(i), scale));
            quot.set(i, HalfFloat.div(a.get(i), b.get(i)));
            HalfFloat acc = new HalfFloat(0f);
            for (int k = 1; k <= 3; k++) {
                acc = HalfFloat.add(acc, HalfFloat.mult(a.get(i), new HalfFloat(k * 0.3f)));
            }
            HalfFloat picked = x.get(i) > 0 ? acc : new HalfFloat(x.get(i) * 2);
            widened.set(i, picked.getFloat32() + a.get(i).getFloat32() * x.get(i));
        }
    }

    /** Each work-group sums its products in a local HalfFloat array, halving the active work-items each step. */
    public static void groupDot(KernelContext context, HalfFloatArray a, HalfFloatArray b, FloatArray out) {
        int g = context.globalIdx, l = context.localIdx;
        HalfFloat[] partial = context.allocateHalfFloatLocalArray(GROUP);
        partial[l] = g < a.getSize() ? HalfFloat.mult(a.get(g), b.get(g)) : new HalfFloat(0f);
        context.localBarrier();
        for (int stride = GROUP / 2; stride > 0; stride /= 2) {
            if (l < stride) partial[l] = HalfFloat.add(partial[l], partial[l + stride]);
            context.localBarrier();
        }
        if (l == 0) out.set(context.groupIdx, partial[0].getFloat32());
    }

    /** getHalfFloatValue: the value on TornadoVM's devices and ours, the 16 bits in plain Java (the JVM backend). */
    public static void halfValue(HalfFloatArray a, FloatArray out) {
        for (@Parallel int i = 0; i < a.getSize(); i++) {
            out.set(i, a.get(i).getHalfFloatValue());
        }
    }

    /** Kernels with HalfFloat helpers (a nested class: the CUDA C check emits kernels without helpers). */
    static class Helpers {
        static HalfFloat axpy(HalfFloat alpha, HalfFloat x, HalfFloat y) {
            return HalfFloat.add(HalfFloat.mult(alpha, x), y);
        }

        public static void axpyThrice(HalfFloatArray x, HalfFloatArray y, HalfFloatArray out, HalfFloat alpha) {
            for (@Parallel int i = 0; i < x.getSize(); i++) {
                HalfFloat[] steps = new HalfFloat[3];
                steps[0] = axpy(alpha, x.get(i), y.get(i));
                for (int k = 1; k < 3; k++) steps[k] = axpy(alpha, steps[k - 1], y.get(i));
                out.set(i, HalfFloat.sub(steps[2], steps[0]));
            }
        }
    }

    private static HalfFloat randomHalf(Random r) {
        return switch (r.nextInt(10)) {
            case 0 -> new HalfFloat((r.nextFloat() - 0.5f) * 1e-6f); // subnormal or zero in binary16
            case 1 -> new HalfFloat((r.nextFloat() - 0.5f) * 1.3e5f); // near and past the largest finite (65504)
            case 2 -> new HalfFloat(r.nextBoolean() ? 0f : -0f);
            case 3 -> new HalfFloat(r.nextInt(9) - 4);
            default -> new HalfFloat((r.nextFloat() - 0.5f) * 20);
        };
    }

    private static HalfFloatArray randomHalves(Random r, int n) {
        var array = new HalfFloatArray(n);
        for (int i = 0; i < n; i++) array.set(i, randomHalf(r));
        return array;
    }

    /**
     * Blocks of {@code stride} bytes, a binary16 scale first (as llama.cpp's Q8_0 blocks, 34 bytes): each block's scale
     * times its first quant, and the block's scale halved and stored at the block's fifth byte (byte indices of halves
     * are even, as TornadoVM requires; with a stride of 34 or 6 they are not multiples of 4).
     */
    public static void blockScales(ByteArray blocks, FloatArray scaled, int stride) {
        for (@Parallel int b = 0; b < scaled.getSize(); b++) {
            HalfFloat scale = blocks.getHalfFloat(b * stride);
            scaled.set(b, scale.getFloat32() * blocks.get(b * stride + 2));
            blocks.setHalfFloat(b * stride + 4, HalfFloat.mult(scale, new HalfFloat(0.5f)));
        }
    }

    private static void assertSameValues(float expected, float actual, String what, int i) {
        if (Float.isNaN(expected) && Float.isNaN(actual)) return;
        assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(actual), what + "[" + i + "]: expected " + expected + ", got " + actual);
    }

    private static void assertSameHalves(HalfFloatArray expected, HalfFloatArray actual, String what) {
        for (int i = 0; i < expected.getSize(); i++) assertSameValues(expected.get(i).getFloat32(), actual.get(i).getFloat32(), what, i);
    }

    private static void execute(TaskGraph graph, TornadoDevice device, GridScheduler grid) throws Exception {
        try (var plan = new TornadoExecutionPlan(graph.snapshot())) {
            plan.withDevice(device);
            if (grid != null) plan.withGridScheduler(grid);
            plan.execute();
        }
    }

    @ParameterizedTest
    @MethodSource("devices")
    void arithmeticMatchesJava(TornadoDevice device) throws Exception {
        var r = new Random();
        HalfFloatArray a = randomHalves(r, N), b = randomHalves(r, N);
        var x = new FloatArray(N);
        for (int i = 0; i < N; i++) x.set(i, r.nextInt(8) == 0 ? 7e4f * (r.nextFloat() - 0.5f) : (r.nextFloat() - 0.5f) * 30);
        HalfFloat scale = randomHalf(r);
        HalfFloatArray sum = new HalfFloatArray(N), diff = new HalfFloatArray(N), prod = new HalfFloatArray(N), quot = new HalfFloatArray(N);
        var widened = new FloatArray(N);
        var graph = new TaskGraph("half")
                .transferToDevice(DataTransferMode.EVERY_EXECUTION, a, b, x)
                .task("t", HalfFloatTest::arithmetic, a, b, x, sum, diff, prod, quot, widened, scale)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, sum, diff, prod, quot, widened);
        execute(graph, device, null);

        HalfFloatArray rSum = new HalfFloatArray(N), rDiff = new HalfFloatArray(N), rProd = new HalfFloatArray(N), rQuot = new HalfFloatArray(N);
        var rWidened = new FloatArray(N);
        arithmetic(a, b, x, rSum, rDiff, rProd, rQuot, rWidened, scale);
        assertSameHalves(rSum, sum, "sum");
        assertSameHalves(rDiff, diff, "diff");
        assertSameHalves(rProd, prod, "prod");
        assertSameHalves(rQuot, quot, "quot");
        for (int i = 0; i < N; i++) assertSameValues(rWidened.get(i), widened.get(i), "widened", i);
    }

    /**
     * getHalfFloatValue() under a bitwise operator is the 16 bits, as Java computes (TornadoVM's tensor-core kernels pack
     * tiles so): pairs packed {@code lo & 0xFFFF | hi << 16}, and the sign through {@code >> 15} of the sign-extended short.
     */
    public static void packBits(HalfFloatArray a, IntArray packed, IntArray sign) {
        for (@Parallel int i = 0; i < packed.getSize(); i++) {
            packed.set(i, (a.get(2 * i).getHalfFloatValue() & 0xFFFF) | (a.get(2 * i + 1).getHalfFloatValue() << 16));
            sign.set(i, a.get(2 * i).getHalfFloatValue() >> 15);
        }
    }

    @ParameterizedTest
    @MethodSource("devices")
    void halfBitsUnderBitwiseOperatorsMatchJava(TornadoDevice device) throws Exception {
        var r = new Random();
        HalfFloatArray a = randomHalves(r, 2 * N);
        var packed = new IntArray(N);
        var sign = new IntArray(N);
        var graph = new TaskGraph("bits")
                .transferToDevice(DataTransferMode.EVERY_EXECUTION, a)
                .task("t", HalfFloatTest::packBits, a, packed, sign)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, packed, sign);
        execute(graph, device, null);
        var rPacked = new IntArray(N);
        var rSign = new IntArray(N);
        packBits(a, rPacked, rSign);
        for (int i = 0; i < N; i++) {
            assertEquals(rPacked.get(i), packed.get(i), "packed " + i);
            assertEquals(rSign.get(i), sign.get(i), "sign " + i);
        }
    }

    @ParameterizedTest
    @MethodSource("devices")
    void localHalfReductionMatchesJava(TornadoDevice device) throws Exception {
        var r = new Random();
        int n = 40 * GROUP + 17, groups = (n + GROUP - 1) / GROUP;
        HalfFloatArray a = new HalfFloatArray(n), b = new HalfFloatArray(n);
        for (int i = 0; i < n; i++) {
            a.set(i, new HalfFloat(r.nextFloat() * 2 - 1));
            b.set(i, new HalfFloat(r.nextFloat() * 4 - 2));
        }
        var out = new FloatArray(groups);
        var worker = new WorkerGrid1D(groups * GROUP);
        worker.setLocalWork(GROUP, 1, 1);
        var graph = new TaskGraph("dot")
                .transferToDevice(DataTransferMode.EVERY_EXECUTION, a, b)
                .task("t", HalfFloatTest::groupDot, new KernelContext(), a, b, out)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, out);
        execute(graph, device, new GridScheduler("dot.t", worker));

        for (int g = 0; g < groups; g++) {
            // the same tree as the kernel, in plain Java
            HalfFloat[] partial = new HalfFloat[GROUP];
            for (int l = 0; l < GROUP; l++) {
                int i = g * GROUP + l;
                partial[l] = i < n ? HalfFloat.mult(a.get(i), b.get(i)) : new HalfFloat(0f);
            }
            for (int stride = GROUP / 2; stride > 0; stride /= 2) {
                for (int l = 0; l < stride; l++) partial[l] = HalfFloat.add(partial[l], partial[l + stride]);
            }
            assertSameValues(partial[0].getFloat32(), out.get(g), "group", g);
        }
    }

    @ParameterizedTest
    @MethodSource("devices")
    void helpersAndPrivateHalfArraysMatchJava(TornadoDevice device) throws Exception {
        var r = new Random();
        HalfFloatArray x = randomHalves(r, N), y = randomHalves(r, N), out = new HalfFloatArray(N), expected = new HalfFloatArray(N);
        HalfFloat alpha = new HalfFloat(r.nextFloat() * 3 - 1.5f);
        var graph = new TaskGraph("axpy")
                .transferToDevice(DataTransferMode.EVERY_EXECUTION, x, y)
                .task("t", Helpers::axpyThrice, x, y, out, alpha)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, out);
        execute(graph, device, null);
        Helpers.axpyThrice(x, y, expected, alpha);
        assertSameHalves(expected, out, "axpy");
    }

    @ParameterizedTest
    @MethodSource("devices")
    void halvesInByteArraysMatchJava(TornadoDevice device) throws Exception {
        var r = new Random();
        for (int stride : new int[] {34, 6}) {
            int n = 1000 + r.nextInt(50);
            var blocks = new ByteArray(n * stride);
            for (int i = 0; i < blocks.getSize(); i++) blocks.set(i, (byte) r.nextInt());
            for (int b = 0; b < n; b++) blocks.setHalfFloat(b * stride, randomHalf(r));
            var expectedBlocks = new ByteArray(n * stride);
            for (int i = 0; i < blocks.getSize(); i++) expectedBlocks.set(i, blocks.get(i));
            var scaled = new FloatArray(n);
            var graph = new TaskGraph("q")
                    .transferToDevice(DataTransferMode.EVERY_EXECUTION, blocks)
                    .task("t", HalfFloatTest::blockScales, blocks, scaled, stride)
                    .transferToHost(DataTransferMode.EVERY_EXECUTION, blocks, scaled);
            execute(graph, device, null);
            var expected = new FloatArray(n);
            blockScales(expectedBlocks, expected, stride);
            for (int b = 0; b < n; b++) assertSameValues(expected.get(b), scaled.get(b), "scaled, stride " + stride, b);
            for (int i = 0; i < blocks.getSize(); i++) assertEquals(expectedBlocks.get(i), blocks.get(i), "byte " + i + ", stride " + stride);
        }
    }

    @ParameterizedTest
    @MethodSource("devices")
    void halfFloatValueIsTheValueOnDevices(TornadoDevice device) throws Exception {
        var r = new Random();
        HalfFloatArray a = randomHalves(r, N);
        var out = new FloatArray(N);
        var graph = new TaskGraph("bits")
                .transferToDevice(DataTransferMode.EVERY_EXECUTION, a)
                .task("t", HalfFloatTest::halfValue, a, out)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, out);
        execute(graph, device, null);
        boolean jvm = device.getTornadoVMBackend() == drcn.tornado.api.enums.TornadoVMBackendType.JAVA;
        for (int i = 0; i < N; i++) {
            float expected = jvm ? a.get(i).getHalfFloatValue() : a.get(i).getFloat32();
            assertSameValues(expected, out.get(i), "value", i);
        }
    }
}
