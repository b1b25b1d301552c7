package drcn.runtime.suite;

import drcn.kernels.Smoke;
import drcn.tornado.api.types.arrays.FloatArray;
import drcn.tornado.api.types.arrays.IntArray;
import drcn.kernels.suite.*;
import drcn.runtime.backend.*;
import drcn.runtime.jit.KernelRef;
import drcn.runtime.backend.Kernels;
import drcn.runtime.backends.Backends;
import drcn.runtime.config.Settings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.*;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The kernel-language construct suite (kernels/src/test/java/drcn/kernels/suite) on every device of
 * every backend present, each kernel against its plain-Java reference on fresh random inputs.
 * Ints must match exactly; floats within {@code 1e-6 + 1e-5 * |reference|} (device division and
 * exp/log/sqrt may differ from Java by a few ulps; OpenCL allows 2.5 ulp for division).
 */
class KernelSuiteTest {
    private static final Map<String, Device> DEVICES = new LinkedHashMap<>();
    private static final long SEED = Long.getLong(Settings.SEED, System.nanoTime());

    static {
        System.out.println("KernelSuiteTest seed " + SEED + " (replay with -D" + Settings.SEED + "=" + SEED + ")");
    }

    /** Every device of every backend, opened once for the class. */
    static List<String> devices() {
        synchronized (DEVICES) {
            if (DEVICES.isEmpty()) {
                for (Backends.Discovery discovery : Backends.discoverAll()) {
                    if (discovery.unavailableReason() != null) {
                        System.out.println("KernelSuiteTest: no " + discovery.backend() + " devices: " + discovery.unavailableReason());
                    }
                    for (Device device : discovery.devices()) DEVICES.put(device.info().id(), device);
                }
            }
            return List.copyOf(DEVICES.keySet());
        }
    }

    @AfterAll
    static void closeDevices() {
        DEVICES.values().forEach(Device::close);
        DEVICES.clear();
    }

    private final SplittableRandom random = new SplittableRandom(SEED);

    @ParameterizedTest(name = "{0}")
    @MethodSource("devices")
    void smokeSaxpy(String id) {
        int n = 1000 + random.nextInt(100);
        float[] x = floats(n, -10, 10), y = floats(n, -10, 10);
        float[] expected = y.clone();
        Smoke.saxpyReference(x, expected, 0.75f, n);
        var run = new Launch(DEVICES.get(id));
        Buffer bx = run.upload(x), by = run.upload(y);
        run.launch(Kernels.ref(Smoke::saxpy), Range.of(n), bx, by, 0.75f, n);
        assertFloats(expected, run.downloadFloats(by), "saxpy");
        run.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("devices")
    void intArithmetic(String id) {
        int n = 777;
        int[] a = ints(n), b = ints(n);
        b[0] = 0;
        a[1] = Integer.MIN_VALUE; // MIN_VALUE / -1 is left out: C leaves it undefined (x86 traps)
        b[1] = 3;
        int[] expected = new int[8 * n];
        ArithmeticKernels.intArithmeticReference(a, b, expected, n);
        var run = new Launch(DEVICES.get(id));
        Buffer out = run.allocate(8 * n);
        run.launch(Kernels.ref(ArithmeticKernels::intArithmetic), Range.of(n), run.upload(a), run.upload(b), out, n);
        assertArrayEquals(expected, run.downloadInts(out), "intArithmetic on " + id);
        run.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("devices")
    void floatArithmetic(String id) {
        int n = 513;
        float[] a = floats(n, -50, 50), b = floats(n, -5, 5);
        b[0] = 0f;
        a[2] = -2.7f;
        float[] expectedF = new float[5 * n];
        int[] expectedI = new int[3 * n];
        ArithmeticKernels.floatArithmeticReference(a, b, expectedF, expectedI, n);
        var run = new Launch(DEVICES.get(id));
        Buffer fout = run.allocate(5 * n), iout = run.allocate(3 * n);
        run.launch(Kernels.ref(ArithmeticKernels::floatArithmetic), Range.of(n), run.upload(a), run.upload(b), fout, iout, n);
        assertFloats(expectedF, run.downloadFloats(fout), "floatArithmetic");
        assertArrayEquals(expectedI, run.downloadInts(iout), "floatArithmetic ints on " + id);
        run.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("devices")
    void mathIntrinsics(String id) {
        int n = 300;
        float[] a = floats(n, -20, 20), b = floats(n, -20, 20);
        int[] ia = ints(n);
        ia[0] = -7; // not Integer.MIN_VALUE: -MIN_VALUE overflows, which C leaves undefined (see README)
        float[] expectedF = new float[8 * n];
        int[] expectedI = new int[3 * n];
        ArithmeticKernels.mathIntrinsicsReference(a, b, ia, expectedF, expectedI, n);
        var run = new Launch(DEVICES.get(id));
        Buffer fout = run.allocate(8 * n), iout = run.allocate(3 * n);
        run.launch(Kernels.ref(ArithmeticKernels::mathIntrinsics), Range.of(n), run.upload(a), run.upload(b), run.upload(ia), fout, iout, n);
        assertFloats(expectedF, run.downloadFloats(fout), "mathIntrinsics");
        assertArrayEquals(expectedI, run.downloadInts(iout), "mathIntrinsics ints on " + id);
        run.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("devices")
    void controlFlow(String id) {
        int n = 401;
        int[] in = ints(n);
        int[] expected = new int[4 * n];
        ControlFlowKernels.controlFlowReference(in, expected, n);
        var run = new Launch(DEVICES.get(id));
        Buffer out = run.allocate(4 * n);
        run.launch(Kernels.ref(ControlFlowKernels::controlFlow), Range.of(n), run.upload(in), out, n);
        assertArrayEquals(expected, run.downloadInts(out), "controlFlow on " + id);
        run.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("devices")
    void helpers(String id) {
        int n = 257;
        float[] in = floats(n, -1, 1);
        float[] expected = new float[n];
        HelperKernels.blurReference(in, expected, n);
        var run = new Launch(DEVICES.get(id));
        Buffer out = run.allocate(n);
        run.launch(Kernels.ref(HelperKernels::blur), Range.of(n), run.upload(in), out, n);
        assertFloats(expected, run.downloadFloats(out), "blur");
        run.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("devices")
    void helpersTakingALocalArray(String id) {
        int n = 1000 + random.nextInt(100), groups = (n + HelperKernels.GROUP - 1) / HelperKernels.GROUP;
        float[] in = floats(n, -1, 1);
        float[] expected = new float[groups];
        HelperKernels.groupSumsReference(in, expected, n, groups);
        var run = new Launch(DEVICES.get(id));
        Buffer sums = run.allocate(groups);
        run.launch(Kernels.ref(HelperKernels::groupSums), Range.of(groups * HelperKernels.GROUP).withLocal(HelperKernels.GROUP),
                run.upload(in), sums, n);
        assertFloats(expected, run.downloadFloats(sums), "groupSums");
        run.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("devices")
    void helpersOfAnotherModule(String id) {
        int n = 1000 + random.nextInt(100), block = 1 + random.nextInt(40), blocks = (n + block - 1) / block;
        float[] in = floats(n, -1, 1);
        float[] expected = new float[blocks + 3];
        HelperKernels.blockSumsReference(in, expected, n, block);
        var run = new Launch(DEVICES.get(id));
        Buffer sums = run.upload(new float[blocks + 3]);
        run.launch(Kernels.ref(HelperKernels::blockSums), Range.of(blocks + 3), run.upload(in), sums, n, block);
        assertFloats(expected, run.downloadFloats(sums), "blockSums");
        run.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("devices")
    void vectors(String id) {
        int blocks = 37;
        float[] a = floats(16 * blocks, -2, 2), b = floats(16 * blocks, -2, 2);
        float[] expected = new float[16 * blocks];
        VectorKernels.mixReference(a, b, expected, blocks, 1.5f);
        var run = new Launch(DEVICES.get(id));
        Buffer out = run.allocate(16 * blocks);
        run.launch(Kernels.ref(VectorKernels::mix), Range.of(blocks), run.upload(a), run.upload(b), out, blocks, 1.5f);
        // the same operations in the same order with the same roundings: bit-identical
        assertArrayEquals(expected, run.downloadFloats(out), "mix on " + id);
        run.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("devices")
    void ranges1D2D3D(String id) {
        var run = new Launch(DEVICES.get(id));
        // 1D grid-stride loop with a range smaller than the data
        int n = 1000;
        float[] in = floats(n, -1, 1);
        float[] expected = new float[n];
        RangeKernels.gridStrideReference(in, expected, n);
        Buffer out = run.allocate(n);
        run.launch(Kernels.ref(RangeKernels::gridStride), Range.of(96).withLocal(32), run.upload(in), out);
        assertFloats(expected, run.downloadFloats(out), "gridStride");

        // 2D, default local size, and again with width/height bound as JIT constants
        int width = 37, height = 23;
        float[] in2 = floats(width * height, -1, 1);
        float[] expected2 = new float[width * height];
        RangeKernels.range2DReference(in2, expected2, width, height);
        Buffer in2Buffer = run.upload(in2), out2 = run.allocate(width * height);
        run.launch(Kernels.ref(RangeKernels::range2D), Range.of(width, height), in2Buffer, out2, width, height);
        assertFloats(expected2, run.downloadFloats(out2), "range2D");
        Buffer out2b = run.allocate(width * height);
        var specialized = run.device.compile(Kernels.ref(RangeKernels::range2D), Map.of("width", width, "height", height));
        run.device.launch(specialized, Range.of(width, height).withLocal(1, 1), in2Buffer, out2b, width, height);
        assertFloats(expected2, run.downloadFloats(out2b), "range2D specialized");

        // 3D
        int w = 9, h = 7, d = 5;
        float[] in3 = floats(w * h * d, -1, 1);
        float[] expected3 = new float[w * h * d];
        RangeKernels.range3DReference(in3, expected3, w, h, d);
        Buffer out3 = run.allocate(w * h * d);
        run.launch(Kernels.ref(RangeKernels::range3D), Range.of(w, h, d), run.upload(in3), out3, w, h, d);
        assertFloats(expected3, run.downloadFloats(out3), "range3D");
        run.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("devices")
    void workGroupReductions(String id) {
        int n = 64 * 9 + 17;
        int groups = (n + ReductionKernels.GROUP - 1) / ReductionKernels.GROUP;
        float[] in = floats(n, -1, 1);
        int[] ints = ints(n);
        float[] expectedSum = new float[groups];
        int[] expectedMax = new int[groups];
        ReductionKernels.groupSumReference(in, expectedSum, n, groups);
        ReductionKernels.groupMaxReference(ints, expectedMax, n, groups);
        var run = new Launch(DEVICES.get(id));
        Buffer partial = run.allocate(groups), max = run.allocate(groups);
        Range range = Range.of(groups * ReductionKernels.GROUP).withLocal(ReductionKernels.GROUP);
        run.launch(Kernels.ref(ReductionKernels::groupSum), range, run.upload(in), partial, n);
        run.launch(Kernels.ref(ReductionKernels::groupMax), range, run.upload(ints), max, n);
        assertFloats(expectedSum, run.downloadFloats(partial), "groupSum");
        assertArrayEquals(expectedMax, run.downloadInts(max), "groupMax on " + id);
        run.close();
    }

    // ---- helpers ----

    private float[] floats(int n, double low, double high) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) values[i] = (float) random.nextDouble(low, high);
        return values;
    }

    private int[] ints(int n) {
        int[] values = new int[n];
        for (int i = 0; i < n; i++) {
            values[i] = switch (random.nextInt(4)) {
                case 0 -> random.nextInt(-20, 20);
                case 1 -> random.nextInt(-100_000, 100_000);
                default -> random.nextInt();
            };
        }
        return values;
    }

    static void assertFloats(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        var misses = new ArrayList<String>();
        for (int i = 0; i < expected.length; i++) {
            boolean same = Float.compare(expected[i], actual[i]) == 0
                    || Math.abs(expected[i] - actual[i]) <= 1e-6 + 1e-5 * Math.abs(expected[i]);
            if (!same) misses.add("[" + i + "] expected " + expected[i] + " got " + actual[i]);
        }
        assertTrue(misses.isEmpty(), what + ": " + misses.size() + " mismatches, first: "
                + misses.subList(0, Math.min(5, misses.size())));
    }

    /** Buffers of one test on one device, closed together. */
    private static final class Launch implements AutoCloseable {
        final Device device;
        final List<Buffer> buffers = new ArrayList<>();

        Launch(Device device) {
            this.device = device;
        }

        Buffer allocate(int elements) {
            Buffer buffer = device.allocate(4L * elements);
            buffers.add(buffer);
            return buffer;
        }

        Buffer upload(float[] values) {
            Buffer buffer = allocate(values.length);
            device.write(buffer, FloatArray.fromArray(values));
            return buffer;
        }

        Buffer upload(int[] values) {
            Buffer buffer = allocate(values.length);
            device.write(buffer, IntArray.fromArray(values));
            return buffer;
        }

        void launch(KernelRef kernel, Range range, Object... arguments) {
            Kernels.launch(device, kernel, range, arguments);
        }

        float[] downloadFloats(Buffer buffer) {
            var values = new FloatArray(buffer.elementCount());
            device.read(buffer, values);
            return values.toHeapArray();
        }

        int[] downloadInts(Buffer buffer) {
            var values = new IntArray(buffer.elementCount());
            device.read(buffer, values);
            return values.toHeapArray();
        }

        @Override
        public void close() {
            buffers.forEach(Buffer::close);
        }
    }
}
