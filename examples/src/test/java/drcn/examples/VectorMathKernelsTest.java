package drcn.examples;

import drcn.tornado.api.TaskGraph;
import drcn.tornado.api.TornadoExecutionPlan;
import drcn.tornado.api.annotations.Parallel;
import drcn.tornado.api.common.TornadoDevice;
import drcn.tornado.api.enums.DataTransferMode;
import drcn.tornado.api.math.TornadoMath;
import drcn.tornado.api.types.collections.VectorFloat16;
import drcn.tornado.api.types.collections.VectorFloat2;
import drcn.tornado.api.types.collections.VectorFloat3;
import drcn.tornado.api.types.collections.VectorFloat4;
import drcn.tornado.api.types.collections.VectorFloat8;
import drcn.tornado.api.types.matrix.Matrix4x4Float;
import drcn.tornado.api.types.vectors.Float16;
import drcn.tornado.api.types.vectors.Float2;
import drcn.tornado.api.types.vectors.Float3;
import drcn.tornado.api.types.vectors.Float4;
import drcn.tornado.api.types.vectors.Float8;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * TornadoMath's vector overloads in kernels ({@code TornadoMath.cos(Float4)}, as TornadoVM's DFTVector example
 * computes its twiddle factors) and {@code TornadoMath.rotate} (TornadoVM's rotate benchmarks), on every device, against the same methods run as plain Java on random inputs.
 */
class VectorMathKernelsTest {
    static List<TornadoDevice> devices() {
        return TaskGraphApiTest.devices();
    }

    public static void trig2(VectorFloat2 in, VectorFloat2 cos, VectorFloat2 sin) {
        for (@Parallel int i = 0; i < in.getLength(); i++) {
            Float2 x = in.get(i);
            cos.set(i, TornadoMath.cos(x));
            sin.set(i, TornadoMath.sin(Float2.mult(x, 2f))); // an expression operand, computed once per lane
        }
    }

    public static void trig4(VectorFloat4 in, VectorFloat4 cos, VectorFloat4 sin) {
        for (@Parallel int i = 0; i < in.getLength(); i++) {
            Float4 x = in.get(i);
            cos.set(i, TornadoMath.cos(x));
            sin.set(i, Float4.add(TornadoMath.sin(x), TornadoMath.cos(Float4.sub(x, in.get(i)))));
        }
    }

    public static void trig8(VectorFloat8 in, VectorFloat8 cos, VectorFloat8 sin) {
        for (@Parallel int i = 0; i < in.getLength(); i++) {
            Float8 x = in.get(i);
            cos.set(i, TornadoMath.cos(x));
            sin.set(i, TornadoMath.sin(x));
        }
    }

    public static void trig16(VectorFloat16 in, VectorFloat16 cos, VectorFloat16 sin) {
        for (@Parallel int i = 0; i < in.getLength(); i++) {
            Float16 x = in.get(i);
            cos.set(i, TornadoMath.cos(x));
            sin.set(i, TornadoMath.sin(x));
        }
    }

    private static void assertClose(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) assertEquals(expected[i], actual[i], 2e-6f, what + " at " + i);
    }

    @ParameterizedTest
    @MethodSource("devices")
    void sinAndCosOfEveryWidth(TornadoDevice device) throws Exception {
        var random = new Random();
        int n = 1 + random.nextInt(300);
        var in2 = new VectorFloat2(n); var c2 = new VectorFloat2(n); var s2 = new VectorFloat2(n);
        var in4 = new VectorFloat4(n); var c4 = new VectorFloat4(n); var s4 = new VectorFloat4(n);
        var in8 = new VectorFloat8(n); var c8 = new VectorFloat8(n); var s8 = new VectorFloat8(n);
        var in16 = new VectorFloat16(n); var c16 = new VectorFloat16(n); var s16 = new VectorFloat16(n);
        for (int i = 0; i < n; i++) {
            float[] v = new float[16];
            for (int k = 0; k < 16; k++) v[k] = random.nextFloat() * 12f - 6f;
            in2.set(i, new Float2(v[0], v[1]));
            in4.set(i, new Float4(v[0], v[1], v[2], v[3]));
            in8.set(i, new Float8(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]));
            in16.set(i, new Float16(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12], v[13], v[14], v[15]));
        }
        TaskGraph g = new TaskGraph("s").transferToDevice(DataTransferMode.EVERY_EXECUTION, in2, in4, in8, in16)
                .task("t2", VectorMathKernelsTest::trig2, in2, c2, s2)
                .task("t4", VectorMathKernelsTest::trig4, in4, c4, s4)
                .task("t8", VectorMathKernelsTest::trig8, in8, c8, s8)
                .task("t16", VectorMathKernelsTest::trig16, in16, c16, s16)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, c2, s2, c4, s4, c8, s8, c16, s16);
        try (var plan = new TornadoExecutionPlan(g.snapshot())) {
            plan.withDevice(device).execute();
        }
        var e2c = new VectorFloat2(n); var e2s = new VectorFloat2(n);
        var e4c = new VectorFloat4(n); var e4s = new VectorFloat4(n);
        var e8c = new VectorFloat8(n); var e8s = new VectorFloat8(n);
        var e16c = new VectorFloat16(n); var e16s = new VectorFloat16(n);
        trig2(in2, e2c, e2s);
        trig4(in4, e4c, e4s);
        trig8(in8, e8c, e8s);
        trig16(in16, e16c, e16s);
        String id = device.getId();
        assertClose(e2c.getArray().toHeapArray(), c2.getArray().toHeapArray(), id + " cos Float2");
        assertClose(e2s.getArray().toHeapArray(), s2.getArray().toHeapArray(), id + " sin Float2");
        assertClose(e4c.getArray().toHeapArray(), c4.getArray().toHeapArray(), id + " cos Float4");
        assertClose(e4s.getArray().toHeapArray(), s4.getArray().toHeapArray(), id + " sin Float4");
        assertClose(e8c.getArray().toHeapArray(), c8.getArray().toHeapArray(), id + " cos Float8");
        assertClose(e8s.getArray().toHeapArray(), s8.getArray().toHeapArray(), id + " sin Float8");
        assertClose(e16c.getArray().toHeapArray(), c16.getArray().toHeapArray(), id + " cos Float16");
        assertClose(e16s.getArray().toHeapArray(), s16.getArray().toHeapArray(), id + " sin Float16");
    }

    public static void rotate(VectorFloat3 output, Matrix4x4Float m, VectorFloat3 input) {
        for (@Parallel int i = 0; i < output.getLength(); i++) {
            output.set(i, TornadoMath.rotate(m, input.get(i)));
        }
    }

    @ParameterizedTest
    @MethodSource("devices")
    void rotateByAMatrix(TornadoDevice device) throws Exception {
        var random = new Random();
        int n = 1 + random.nextInt(500);
        var m = new Matrix4x4Float();
        for (int i = 0; i < 4; i++) for (int j = 0; j < 4; j++) m.set(i, j, random.nextFloat() * 2f - 1f);
        var input = new VectorFloat3(n);
        for (int i = 0; i < n; i++) input.set(i, new Float3(random.nextFloat() * 8f - 4f, random.nextFloat() * 8f - 4f, random.nextFloat() * 8f - 4f));
        var output = new VectorFloat3(n);
        TaskGraph g = new TaskGraph("s").transferToDevice(DataTransferMode.EVERY_EXECUTION, m, input)
                .task("t", VectorMathKernelsTest::rotate, output, m, input)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, output);
        try (var plan = new TornadoExecutionPlan(g.snapshot())) {
            plan.withDevice(device).execute();
        }
        for (int i = 0; i < n; i++) {
            Float3 x = input.get(i), y = output.get(i);
            // the upper-left 3x3 block times x, in double: the kernel may contract a * b + c into an fma
            for (int r = 0; r < 3; r++) {
                double expected = (double) m.get(r, 0) * x.getX() + (double) m.get(r, 1) * x.getY() + (double) m.get(r, 2) * x.getZ();
                assertEquals(expected, y.get(r), 2e-5, device.getId() + " rotate row " + r + " at " + i);
            }
        }
    }
}
