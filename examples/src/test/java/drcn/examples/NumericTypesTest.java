package drcn.examples;

import drcn.tornado.api.TaskGraph;
import drcn.tornado.api.TornadoExecutionPlan;
import drcn.tornado.api.annotations.Parallel;
import drcn.tornado.api.common.TornadoDevice;
import drcn.tornado.api.enums.DataTransferMode;
import drcn.tornado.api.types.arrays.ByteArray;
import drcn.tornado.api.types.arrays.CharArray;
import drcn.tornado.api.types.arrays.DoubleArray;
import drcn.tornado.api.types.arrays.IntArray;
import drcn.tornado.api.types.arrays.ShortArray;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Java's numeric semantics in kernels, on every device against the same methods run as plain Java on fresh random
 * inputs (including negatives, zero, extremes): int and long wrap-around, division and remainder of negatives,
 * shift counts masked to 31 and 63, char unsigned, byte and short promoted and narrowed, compound assignments that
 * narrow, double arithmetic and Math, casts that saturate; with TornadoVM's DoubleArray, ShortArray, ByteArray and
 * CharArray and Java arrays as arguments, and long, double, short, byte and char scalars.
 */
class NumericTypesTest {
    static final int N = 4099;

    static List<TornadoDevice> devices() {
        return TaskGraphApiTest.devices();
    }

    public static void integers(int[] a, int[] b, long[] la, long[] lb, short[] s, byte[] by, char[] ch, long[] out, long scalar, short sh) {
        for (@Parallel int i = 0; i < a.length; i++) {
            int x = a[i], y = b[i];
            long p = la[i], q = lb[i];
            int d = y == 0 ? 1 : y;
            long e = q == 0 ? 1L : q;
            int at = i * 20;
            out[at] = x * y + 2_000_000_000;
            out[at + 1] = x / d;
            out[at + 2] = x % d;
            out[at + 3] = x << y;
            out[at + 4] = x >> y;
            out[at + 5] = x >>> y;
            out[at + 6] = p * q + p;
            out[at + 7] = p / e;
            out[at + 8] = p % e;
            out[at + 9] = p << y;
            out[at + 10] = p >> q;
            out[at + 11] = p >>> y;
            out[at + 12] = s[i] * s[i] + by[i];
            out[at + 13] = ch[i] + (char) (ch[i] + 1) + (short) x + (byte) x + (char) x;
            byte bb = by[i];
            bb += 100;
            short ss = s[i];
            ss *= 3;
            char cc = ch[i];
            cc -= 7;
            out[at + 14] = bb + ss + cc;
            out[at + 15] = (int) p + (long) x * y + (x & 0xff) + (p ^ ~q);
            out[at + 16] = Math.abs(x) + Math.abs(p) + Math.max(p, q) + Math.min(x, y);
            out[at + 17] = scalar * x + sh + (p >= q ? 1 : 0) + (x < p ? 2 : 0);
            int t = x;
            t >>>= y;
            long u = p;
            u <<= q;
            u += 1.5;
            out[at + 18] = t + u;
            out[at + 19] = 'A' + ch[i] % 7 + Long.MIN_VALUE / e + Integer.MIN_VALUE / d;
        }
    }

    public static void doubles(DoubleArray x, DoubleArray y, double[] out, long[] lout, float[] fout, double scale) {
        for (@Parallel int i = 0; i < x.getSize(); i++) {
            double a = x.get(i) * scale, b = y.get(i);
            int at = 8 * i;
            out[at] = a * b + a / (b == 0 ? 1 : b) - 0.1;
            out[at + 1] = Math.sqrt(Math.abs(a));
            out[at + 2] = Math.max(a, b) + Math.min(a, b);
            out[at + 3] = a % b;
            out[at + 4] = Math.floor(a) + Math.ceil(b) + Math.rint(a);
            out[at + 5] = (float) a + (double) (float) b;
            out[at + 6] = Math.exp(b) + Math.log(Math.abs(a) + 1) + Math.pow(Math.abs(b), 1.5) + Math.sin(a) + Math.cos(b) + Math.atan2(a, b);
            out[at + 7] = Math.fma(a, b, 1.0) + Math.tanh(b) + Math.hypot(a, b);
            lout[2 * i] = (long) (a * 1e12) + (int) (a * 1e3);
            lout[2 * i + 1] = (int) (a * 1e10) + (long) (float) (b * 1e25) + (short) a + (char) b;
            fout[i] = (float) Math.exp(b) + (float) (a * b);
        }
    }

    public static void smallArrays(ShortArray s, ByteArray b, CharArray c, ShortArray sOut, ByteArray bOut, CharArray cOut, IntArray iOut, char offset, byte shift) {
        for (@Parallel int i = 0; i < s.getSize(); i++) {
            sOut.set(i, (short) (s.get(i) * 3 + b.get(i)));
            bOut.set(i, (byte) (b.get(i) << shift ^ c.get(i)));
            cOut.set(i, (char) (c.get(i) + s.get(i) + offset));
            iOut.set(i, c.get(i) + b.get(i) * s.get(i) - (c.get(i) >> 3) + (s.get(i) >>> 20));
        }
    }

    private static void execute(TaskGraph graph, TornadoDevice device) throws Exception {
        try (var plan = new TornadoExecutionPlan(graph.snapshot())) {
            plan.withDevice(device);
            plan.execute();
        }
    }

    private static int edgy(Random r) {
        return switch (r.nextInt(8)) {
            case 0 -> Integer.MIN_VALUE;
            case 1 -> Integer.MAX_VALUE;
            case 2 -> 0;
            case 3 -> -1;
            case 4 -> r.nextInt(64) - 32;
            default -> r.nextInt();
        };
    }

    private static long edgyLong(Random r) {
        return switch (r.nextInt(8)) {
            case 0 -> Long.MIN_VALUE;
            case 1 -> Long.MAX_VALUE;
            case 2 -> 0;
            case 3 -> -1;
            case 4 -> r.nextInt(128) - 64;
            default -> r.nextLong();
        };
    }

    @ParameterizedTest
    @MethodSource("devices")
    void integerSemanticsAreJavas(TornadoDevice device) throws Exception {
        var r = new Random();
        int[] a = new int[N], b = new int[N];
        long[] la = new long[N], lb = new long[N];
        short[] s = new short[N];
        byte[] by = new byte[N];
        char[] ch = new char[N];
        for (int i = 0; i < N; i++) {
            a[i] = edgy(r);
            b[i] = edgy(r);
            // x / -1 of MIN_VALUE traps on x86 (PoCL) in C, wraps in Java: the one overflow left out
            if (b[i] == -1 && a[i] == Integer.MIN_VALUE) b[i] = 3;
            la[i] = edgyLong(r);
            lb[i] = edgyLong(r);
            if (lb[i] == -1 && la[i] == Long.MIN_VALUE) lb[i] = 3;
            s[i] = (short) r.nextInt();
            by[i] = (byte) r.nextInt();
            ch[i] = (char) r.nextInt();
        }
        long scalar = r.nextLong();
        short sh = (short) r.nextInt();
        long[] out = new long[N * 20], expected = new long[N * 20];
        integers(a, b, la, lb, s, by, ch, expected, scalar, sh);
        execute(new TaskGraph("s0").transferToDevice(DataTransferMode.EVERY_EXECUTION, a, b, la, lb, s, by, ch)
                .task("t0", NumericTypesTest::integers, a, b, la, lb, s, by, ch, out, scalar, sh)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, out), device);
        for (int i = 0; i < out.length; i++) {
            assertEquals(expected[i], out[i], "expression " + i % 20 + " of element " + i / 20 + " (x " + a[i / 20] + ", y " + b[i / 20]
                    + ", p " + la[i / 20] + ", q " + lb[i / 20] + ")");
        }
    }

    @ParameterizedTest
    @MethodSource("devices")
    void doubleArithmeticIsJavas(TornadoDevice device) throws Exception {
        var r = new Random();
        DoubleArray x = new DoubleArray(N), y = new DoubleArray(N);
        for (int i = 0; i < N; i++) {
            x.set(i, (r.nextDouble() - 0.5) * Math.pow(10, r.nextInt(30) - 10));
            y.set(i, r.nextInt(10) == 0 ? 0 : (r.nextDouble() - 0.5) * 20);
        }
        x.set(0, Double.NaN);
        x.set(1, Double.POSITIVE_INFINITY);
        double[] out = new double[8 * N], expected = new double[8 * N];
        long[] lout = new long[2 * N], lexpected = new long[2 * N];
        float[] fout = new float[N], fexpected = new float[N];
        doubles(x, y, expected, lexpected, fexpected, 1.25);
        execute(new TaskGraph("s0").transferToDevice(DataTransferMode.EVERY_EXECUTION, x, y)
                .task("t0", NumericTypesTest::doubles, x, y, out, lout, fout, 1.25)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, out, lout, fout), device);
        for (int i = 0; i < out.length; i++) {
            int k = i % 8;
            // +, -, *, /, %, sqrt, floor, ceil, rint, min, max, casts: correctly rounded, so equal; the
            // transcendental built-ins: within a few ulps
            double tolerance = k == 6 || k == 7 ? 1e-12 * Math.max(1, Math.abs(expected[i])) : 0;
            if (k == 2 && Double.isNaN(x.get(i / 8) * 1.25)) continue; // Math.max/min of NaN: C's fmax/fmin return the other operand
            if (Double.isNaN(expected[i])) assertTrue(Double.isNaN(out[i]), "expression " + k + " of element " + i / 8);
            else assertEquals(expected[i], out[i], tolerance, "expression " + k + " of element " + i / 8 + " (a " + x.get(i / 8) + ", b " + y.get(i / 8) + ")");
        }
        assertArrayEquals(lexpected, lout, "saturating casts to long and int");
        for (int i = 0; i < N; i++) {
            if (Float.isNaN(fexpected[i])) assertTrue(Float.isNaN(fout[i]), "float of element " + i);
            else assertEquals(fexpected[i], fout[i], 1e-6f * Math.max(1, Math.abs(fexpected[i])), "float of element " + i);
        }
    }

    @ParameterizedTest
    @MethodSource("devices")
    void shortByteAndCharArrays(TornadoDevice device) throws Exception {
        var r = new Random();
        ShortArray s = new ShortArray(N), sOut = new ShortArray(N), sExpected = new ShortArray(N);
        ByteArray b = new ByteArray(N), bOut = new ByteArray(N), bExpected = new ByteArray(N);
        CharArray c = new CharArray(N), cOut = new CharArray(N), cExpected = new CharArray(N);
        IntArray iOut = new IntArray(N), iExpected = new IntArray(N);
        for (int i = 0; i < N; i++) {
            s.set(i, (short) r.nextInt());
            b.set(i, (byte) r.nextInt());
            c.set(i, (char) r.nextInt());
        }
        char offset = (char) 60000;
        byte shift = 3;
        smallArrays(s, b, c, sExpected, bExpected, cExpected, iExpected, offset, shift);
        execute(new TaskGraph("s0").transferToDevice(DataTransferMode.EVERY_EXECUTION, s, b, c)
                .task("t0", NumericTypesTest::smallArrays, s, b, c, sOut, bOut, cOut, iOut, offset, shift)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, sOut, bOut, cOut, iOut), device);
        assertArrayEquals(sExpected.toHeapArray(), sOut.toHeapArray());
        assertArrayEquals(bExpected.toHeapArray(), bOut.toHeapArray());
        assertArrayEquals(cExpected.toHeapArray(), cOut.toHeapArray());
        assertArrayEquals(iExpected.toHeapArray(), iOut.toHeapArray());
    }
}
