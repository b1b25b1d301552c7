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
import drcn.tornado.api.types.arrays.IntArray;
import drcn.tornado.api.types.collections.VectorFloat4;
import drcn.tornado.api.types.collections.VectorFloat8;
import drcn.tornado.api.types.collections.VectorInt4;
import drcn.tornado.api.types.collections.VectorInt8;
import drcn.tornado.api.types.matrix.Matrix2DDouble;
import drcn.tornado.api.types.matrix.Matrix2DFloat;
import drcn.tornado.api.types.vectors.Float4;
import drcn.tornado.api.types.vectors.Float8;
import drcn.tornado.api.types.vectors.Int4;
import drcn.tornado.api.types.vectors.Int8;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Constructs of TornadoVM's own unit tests (arrays, vectortypes, matrices) on every device, against the same Java
 * methods run as plain Java on fresh random inputs: array initializers, private arrays made to name one another,
 * vector operations mixing float and int vectors, switch statements, enhanced for loops, overloaded kernels, KernelContext and vector values in transfers.
 */
class PortedUnitKernelsTest {
    static List<TornadoDevice> devices() {
        return TaskGraphApiTest.devices();
    }

    private final Random random = new Random();

    // ---- kernels

    /** {@code int[] t = {...}} with constant and computed elements, {@code t.length}, and {@code b = a} aliasing. */
    public static void privateArrays(IntArray in, IntArray out) {
        for (@Parallel int i = 0; i < out.getSize(); i++) {
            int x = in.get(i);
            int[] table = {3, -1, 4, 1, 5, -9, 2, 6};
            int[] scaled = new int[] {x, x * 2, x - 7, 0, x / 3, -x, 11, x % 5};
            int[] pick = new int[8];
            if ((x & 1) == 0) {
                pick = table;
            } else {
                pick = scaled;
            }
            pick[i % table.length] += 100; // changes table or scaled: Java's arrays are shared by reference
            int sum = 0;
            for (int k = 0; k < pick.length; k++) sum += table[k] * (k + 1) + scaled[k] * 3 + pick[k];
            out.set(i, sum);
        }
    }

    public static void privateFloatArrays(FloatArray in, FloatArray out) {
        for (@Parallel int i = 0; i < out.getSize(); i++) {
            float[] weights = {0.25f, in.get(i), -1.5f};
            float[] other = new float[3];
            other[1] = 2f;
            if (in.get(i) > 0.5f) other = weights;
            other[2] += in.get(i);
            out.set(i, weights[0] + weights[1] * weights[2] + other[1]);
        }
    }

    /** TornadoVM's {@code Float4.mult(Float4, Int4)} and friends: the int lanes widen to float first. */
    public static void mixedVectors(VectorFloat4 a, VectorInt4 b, VectorFloat4 out) {
        for (@Parallel int i = 0; i < out.getLength(); i++) {
            Float4 x = Float4.add(Float4.mult(a.get(i), b.get(i)), Float4.sub(b.get(i), a.get(i)));
            Float4 y = Float4.max(Float4.min(x, b.get(i)), Float4.div(a.get(i), b.get(i)));
            out.set(i, Float4.add(x, y));
        }
    }

    public static void mixedVectors8(VectorFloat8 a, VectorInt8 b, VectorFloat8 out) {
        for (@Parallel int i = 0; i < out.getLength(); i++) {
            out.set(i, Float8.mult(Float8.add(b.get(i), a.get(i)), b.get(i)));
        }
    }

    /** Two kernels of one name (TornadoVM's TestMatrixTypes overloads computeMatrixSum for every matrix type). */
    public static void overloaded(Matrix2DFloat a, Matrix2DFloat b) {
        for (@Parallel int i = 0; i < a.getNumRows(); i++) {
            for (@Parallel int j = 0; j < a.getNumColumns(); j++) b.set(i, j, a.get(i, j) * 2f + 1f);
        }
    }

    public static void overloaded(Matrix2DDouble a, Matrix2DDouble b) {
        for (@Parallel int i = 0; i < a.getNumRows(); i++) {
            for (@Parallel int j = 0; j < a.getNumColumns(); j++) b.set(i, j, a.get(i, j) * 3.0 - 1.0);
        }
    }

    /** Java's switch: grouped labels, a default among the cases, a loop's break inside a case, char labels, rules. */
    public static void switches(IntArray in, IntArray out) {
        for (@Parallel int i = 0; i < out.getSize(); i++) {
            int v = in.get(i);
            int r = 0;
            switch (v % 7) {
                case 0:
                case -3:
                    r = v * 2;
                    break;
                default:
                    r = -v;
                    break;
                case 4:
                    r = 100;
                    for (int k = 0; k < 3; k++) {
                        if (k == v % 3) break; // leaves the loop, not the switch
                        r += k;
                    }
                    break;
                case 5:
                    if (v > 0) r = 7;
                    else r = 8;
            }
            char c = (char) ('a' + (v & 3));
            switch (c) {
                case 'a' -> r += 1;
                case 'b', 'c' -> {
                    r *= 3;
                }
                default -> r -= 1;
            }
            out.set(i, r);
        }
    }

    /** {@code for (x : a)} over a kernel's Java array and over a private array (TornadoVM's TestLoops.forEach). */
    public static void forEach(int[] a, int[] c, int size) {
        for (@Parallel int i = 0; i < size; i++) {
            int[] weights = {1, -2, 3};
            int sum = 0;
            for (int w : weights) sum += w * i;
            for (long x : a) {
                if (x < 0) continue;
                sum += (int) (x % 97);
            }
            c[i] = sum;
        }
    }

    public static void offset(KernelContext context, FloatArray a, Float4 offset, FloatArray out) {
        int i = context.globalIdx;
        out.set(i, a.get(i) + offset.getX() * offset.getW());
    }

    // ---- tests

    @ParameterizedTest
    @MethodSource("devices")
    void arrayInitializersAndAliasedPrivateArrays(TornadoDevice device) throws Exception {
        int n = 1 + random.nextInt(700);
        var in = new IntArray(n);
        var fin = new FloatArray(n);
        for (int i = 0; i < n; i++) {
            in.set(i, random.nextInt(2001) - 1000);
            fin.set(i, random.nextFloat());
        }
        var out = new IntArray(n);
        var fout = new FloatArray(n);
        TaskGraph g = new TaskGraph("s").transferToDevice(DataTransferMode.EVERY_EXECUTION, in, fin)
                .task("i", PortedUnitKernelsTest::privateArrays, in, out)
                .task("f", PortedUnitKernelsTest::privateFloatArrays, fin, fout)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, out, fout);
        try (var plan = new TornadoExecutionPlan(g.snapshot())) {
            plan.withDevice(device).execute();
        }
        var expected = new IntArray(n);
        var fexpected = new FloatArray(n);
        privateArrays(in, expected);
        privateFloatArrays(fin, fexpected);
        for (int i = 0; i < n; i++) {
            assertEquals(expected.get(i), out.get(i), device.getId() + " at " + i);
            assertEquals(fexpected.get(i), fout.get(i), 1e-6f * Math.max(1f, Math.abs(fexpected.get(i))), device.getId() + " at " + i);
        }
    }

    @ParameterizedTest
    @MethodSource("devices")
    void switchStatements(TornadoDevice device) throws Exception {
        int n = 1 + random.nextInt(700);
        var in = new IntArray(n);
        for (int i = 0; i < n; i++) in.set(i, random.nextInt(2001) - 1000);
        var out = new IntArray(n);
        TaskGraph g = new TaskGraph("s").transferToDevice(DataTransferMode.EVERY_EXECUTION, in)
                .task("t", PortedUnitKernelsTest::switches, in, out)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, out);
        try (var plan = new TornadoExecutionPlan(g.snapshot())) {
            plan.withDevice(device).execute();
        }
        var expected = new IntArray(n);
        switches(in, expected);
        for (int i = 0; i < n; i++) assertEquals(expected.get(i), out.get(i), device.getId() + " at " + i + " (in " + in.get(i) + ")");
    }

    @ParameterizedTest
    @MethodSource("devices")
    void enhancedForLoops(TornadoDevice device) throws Exception {
        int n = 1 + random.nextInt(60), size = 1 + random.nextInt(300);
        int[] a = new int[n];
        for (int i = 0; i < n; i++) a[i] = random.nextInt(2001) - 1000;
        int[] c = new int[size];
        TaskGraph g = new TaskGraph("s").transferToDevice(DataTransferMode.EVERY_EXECUTION, a)
                .task("t", PortedUnitKernelsTest::forEach, a, c, size)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, c);
        try (var plan = new TornadoExecutionPlan(g.snapshot())) {
            plan.withDevice(device).execute();
        }
        int[] expected = new int[size];
        forEach(a, expected, size);
        assertArrayEquals(expected, c, device.getId());
    }

    @ParameterizedTest
    @MethodSource("devices")
    void vectorOperationsMixingFloatAndIntLanes(TornadoDevice device) throws Exception {
        int n = 1 + random.nextInt(300);
        var a = new VectorFloat4(n);
        var b = new VectorInt4(n);
        var a8 = new VectorFloat8(n);
        var b8 = new VectorInt8(n);
        for (int i = 0; i < n; i++) {
            a.set(i, new Float4(lane(), lane(), lane(), lane()));
            b.set(i, new Int4(intLane(), intLane(), intLane(), intLane()));
            a8.set(i, new Float8(lane(), lane(), lane(), lane(), lane(), lane(), lane(), lane()));
            b8.set(i, new Int8(intLane(), intLane(), intLane(), intLane(), intLane(), intLane(), intLane(), intLane()));
        }
        var out = new VectorFloat4(n);
        var out8 = new VectorFloat8(n);
        TaskGraph g = new TaskGraph("s").transferToDevice(DataTransferMode.EVERY_EXECUTION, a, b, a8, b8)
                .task("m", PortedUnitKernelsTest::mixedVectors, a, b, out)
                .task("m8", PortedUnitKernelsTest::mixedVectors8, a8, b8, out8)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, out, out8);
        try (var plan = new TornadoExecutionPlan(g.snapshot())) {
            plan.withDevice(device).execute();
        }
        var expected = new VectorFloat4(n);
        var expected8 = new VectorFloat8(n);
        mixedVectors(a, b, expected);
        mixedVectors8(a8, b8, expected8);
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 4; k++) close(expected.get(i).get(k), out.get(i).get(k), device.getId() + " at " + i + "." + k);
            for (int k = 0; k < 8; k++) close(expected8.get(i).get(k), out8.get(i).get(k), device.getId() + " at " + i + "." + k);
        }
    }

    @ParameterizedTest
    @MethodSource("devices")
    void overloadedKernelsAndValuesInTransfers(TornadoDevice device) throws Exception {
        int rows = 1 + random.nextInt(40), columns = 1 + random.nextInt(40), n = 64 * (1 + random.nextInt(8));
        var fa = new Matrix2DFloat(rows, columns);
        var da = new Matrix2DDouble(rows, columns);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < columns; j++) {
                fa.set(i, j, random.nextFloat());
                da.set(i, j, random.nextDouble());
            }
        }
        var fb = new Matrix2DFloat(rows, columns);
        var db = new Matrix2DDouble(rows, columns);
        var x = new FloatArray(n);
        for (int i = 0; i < n; i++) x.set(i, random.nextFloat());
        var shifted = new FloatArray(n);
        var offset = new Float4(random.nextFloat(), 2f, 3f, random.nextFloat());
        var context = new KernelContext();
        // TornadoVM's tests name a KernelContext and vector values in transferToDevice; neither is data to move
        TaskGraph g = new TaskGraph("s").transferToDevice(DataTransferMode.EVERY_EXECUTION, fa, da, x, context, offset)
                .task("f", PortedUnitKernelsTest::overloaded, fa, fb)
                .task("d", PortedUnitKernelsTest::overloaded, da, db)
                .task("o", PortedUnitKernelsTest::offset, context, x, offset, shifted)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, fb, db, shifted);
        try (var plan = new TornadoExecutionPlan(g.snapshot())) {
            plan.withDevice(device).withGridScheduler(new GridScheduler("s.o", new WorkerGrid1D(n))).execute();
        }
        String on = device.getId();
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < columns; j++) {
                assertEquals(fa.get(i, j) * 2f + 1f, fb.get(i, j), on);
                assertEquals(da.get(i, j) * 3.0 - 1.0, db.get(i, j), on);
            }
        }
        for (int i = 0; i < n; i++) assertEquals(x.get(i) + offset.getX() * offset.getW(), shifted.get(i), on);
    }

    private float lane() {
        return (random.nextFloat() - 0.5f) * 20f;
    }

    /** Non-zero, so that division by an int lane stays finite. */
    private int intLane() {
        int v = random.nextInt(41) - 20;
        return v == 0 ? 1 : v;
    }

    /** OpenCL's float division may differ from Java's by a few ulp (it needs not be correctly rounded). */
    private static void close(float expected, float got, String what) {
        assertEquals(expected, got, 1e-5f * Math.max(1f, Math.abs(expected)), what);
    }
}
