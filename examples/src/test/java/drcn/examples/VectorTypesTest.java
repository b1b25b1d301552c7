package drcn.examples;

import drcn.compiler.emit.Dialect;
import drcn.compiler.ir.Function;
import drcn.runtime.jit.KernelJit;
import drcn.runtime.jit.KernelRef;
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
import drcn.tornado.api.types.arrays.ShortArray;
import drcn.tornado.api.types.collections.VectorFloat4;
import drcn.tornado.api.types.collections.VectorHalf;
import drcn.tornado.api.types.collections.VectorHalf16;
import drcn.tornado.api.types.collections.VectorHalf2;
import drcn.tornado.api.types.collections.VectorHalf3;
import drcn.tornado.api.types.collections.VectorHalf4;
import drcn.tornado.api.types.collections.VectorHalf8;
import drcn.tornado.api.types.collections.VectorInt3;
import drcn.tornado.api.types.matrix.Matrix4x4Float;
import drcn.tornado.api.types.vectors.Byte3;
import drcn.tornado.api.types.vectors.Byte4;
import drcn.tornado.api.types.vectors.Float4;
import drcn.tornado.api.types.vectors.Half16;
import drcn.tornado.api.types.vectors.Half2;
import drcn.tornado.api.types.vectors.Half3;
import drcn.tornado.api.types.vectors.Half4;
import drcn.tornado.api.types.vectors.Half8;
import drcn.tornado.api.types.vectors.Int3;
import drcn.tornado.api.types.vectors.Short2;
import drcn.tornado.api.types.vectors.Short3;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * TornadoVM's half vectors ({@code Half2..Half16}, {@code VectorHalf..}, {@code HalfFloatArray.getHalf2/setHalf2}, Half2
 * local tiles), its small integer vectors ({@code Byte3, Byte4, Short2, Short3}) and vector collections allocated inside
 * kernels ({@code new VectorFloat4(n)}, n a constant, an int parameter or a parameter's length) and Matrix4x4Float, on every device against
 * the same methods run as plain Java on fresh random inputs: half results must be the same binary16 values bit for bit
 * (each lane computed in float and rounded to half, as HalfFloat does), integer results the same numbers.
 */
class VectorTypesTest {
    static final int N = 1031;
    static final int GROUP = 32;

    static List<TornadoDevice> devices() {
        return TaskGraphApiTest.devices();
    }

    // ---- kernels

    public static void half4Arithmetic(VectorHalf4 a, VectorHalf4 b, VectorHalf4 sum, VectorHalf4 diff, VectorHalf4 prod, VectorHalf4 quot,
                                       VectorHalf dots, HalfFloat s) {
        for (@Parallel int i = 0; i < a.getLength(); i++) {
            Half4 x = a.get(i);
            Half4 y = b.get(i);
            sum.set(i, Half4.add(x, y));
            diff.set(i, Half4.sub(x, s));
            prod.set(i, Half4.mult(x, y));
            Half4 q = new Half4();
            Half4.add(Half4.div(x, y), Half4.mult(y, s), q);
            q.setW(HalfFloat.add(q.getW(), x.getX()));
            quot.set(i, q);
            dots.set(i, Half4.dot(x, y));
        }
    }

    /** Dots of every width, in TornadoVM's order of adds (Half8 and Half16: a tree of pairs). */
    public static void halfDots(VectorHalf2 a2, VectorHalf3 a3, VectorHalf8 a8, VectorHalf16 a16, VectorHalf out) {
        for (@Parallel int i = 0; i < a8.getLength(); i++) {
            out.set(4 * i, Half2.dot(a2.get(i), a2.get(a2.getLength() - 1 - i)));
            out.set(4 * i + 1, Half3.dot(a3.get(i), Half3.sub(a3.get(i), new Half3(new HalfFloat(0.5f), new HalfFloat(-1f), new HalfFloat(3f)))));
            Half8 y8 = Half8.mult(a8.get(i), new HalfFloat(-1.5f));
            out.set(4 * i + 2, Half8.dot(a8.get(i), y8));
            Half16 x16 = a16.get(i);
            out.set(4 * i + 3, Half16.dot(x16, Half16.add(x16, x16.getS3())));
        }
    }

    /** Packed pairs of a HalfFloatArray and a Half2 kernel argument. */
    public static void half2Pairs(HalfFloatArray a, HalfFloatArray b, FloatArray f, HalfFloatArray fused, FloatArray products, Half2 bias) {
        for (@Parallel int i = 0; i < a.getSize() / 2; i++) {
            Half2 pa = a.getHalf2(2 * i);
            Half2 pb = b.getHalf2(2 * i);
            fused.setHalf2(2 * i, Half2.add(Half2.fma(pa, pb, Half2.fromFloats(f.get(i), -f.get(i))), bias));
            products.set(i, Half2.lowFloat(pa) * Half2.highFloat(pb) + Half2.highFloat(bias));
        }
    }

    /** Half2 pairs staged in a work-group tile, read back reversed after a barrier. */
    public static void half2Tile(KernelContext context, HalfFloatArray a, HalfFloatArray out) {
        Half2[] tile = context.allocateHalf2LocalArray(GROUP);
        int l = context.localIdx;
        int g = context.globalIdx;
        tile[l] = Half2.mult(a.getHalf2(2 * g), a.getHalf2(2 * g));
        context.localBarrier();
        Half2 mirrored = tile[GROUP - 1 - l];
        out.setHalf2(2 * g, Half2.sub(mirrored, tile[l]));
    }

    /**
     * Collections allocated in the kernel: sized by an input's length, by an int parameter and by a constant (one
     * work-item, as TornadoVM's testPrivateVector* run it).
     */
    public static void privateCollections(VectorFloat4 in, VectorFloat4 out, VectorHalf2 halves, int m) {
        VectorFloat4 scaled = new VectorFloat4(in.getLength());
        for (int i = 0; i < scaled.getLength(); i++) scaled.set(i, Float4.mult(in.get(i), i + 0.5f));
        Float4 total = new Float4();
        for (int i = 0; i < scaled.getLength(); i++) total = Float4.add(total, scaled.get(i));
        out.set(0, total);
        VectorHalf2 pairs = new VectorHalf2(m);
        for (int i = 0; i < m; i++) pairs.set(i, Half2.fromFloats(i * 0.25f, -i));
        Half2 sum = new Half2();
        for (int i = 0; i < pairs.getLength(); i++) sum = Half2.add(sum, pairs.get(i));
        halves.set(0, sum);
        VectorInt3 counts = new VectorInt3(5);
        for (int i = 0; i < counts.getLength(); i++) counts.set(i, new Int3(i, i * i, counts.size()));
        Int3 last = counts.get(4);
        out.set(1, new Float4(last.getX(), last.getY(), last.getZ(), counts.getLength()));
    }

    /** A collection per work-item, sized by a length (the JIT binds it; each launch length builds its own kernel). */
    public static void perItemCollections(VectorFloat4 in, FloatArray out) {
        for (@Parallel int i = 0; i < out.getSize(); i++) {
            VectorFloat4 window = new VectorFloat4(in.getLength() / out.getSize());
            for (int k = 0; k < window.getLength(); k++) window.set(k, Float4.add(in.get(i * window.getLength() + k), new Float4(k, 0, 0, 0)));
            float acc = 0;
            for (int k = 0; k < window.getLength(); k++) acc += Float4.dot(window.get(k), window.get(window.getLength() - 1 - k));
            out.set(i, acc);
        }
    }

    /** Matrix4x4Float: rows, columns, the diagonal and both element reads. */
    public static void matrix4x4(Matrix4x4Float m, VectorFloat4 in, VectorFloat4 out) {
        for (@Parallel int i = 0; i < in.getLength(); i++) {
            Float4 v = in.get(i);
            out.set(i, new Float4(Float4.dot(m.row(i % 4), v), Float4.dot(m.column(3 - i % 4), v), Float4.dot(m.diag(), v),
                    m.get(i % 16) + m.get(i % 4, 3) * m.getNumRows()));
        }
    }

    /** Matrix4x4Float: both element writes. */
    public static void matrix4x4Elements(Matrix4x4Float m, Matrix4x4Float transposed, Matrix4x4Float doubled) {
        for (@Parallel int k = 0; k < 16; k++) {
            transposed.set(k % 4, k / 4, m.get(k / 4, k % 4));
            doubled.set(k, m.get(k) * 2);
        }
    }

    /** Byte3, Byte4, Short2, Short3: Java's int arithmetic narrowed back (wrapping), lane by lane. */
    public static void smallInts(ByteArray bytes, ShortArray shorts, ByteArray byteOut, ShortArray shortOut, Byte4 offset, Short2 scale) {
        for (@Parallel int i = 0; i < bytes.getSize() / 4; i++) {
            Byte4 x = new Byte4(bytes.get(4 * i), bytes.get(4 * i + 1), bytes.get(4 * i + 2), bytes.get(4 * i + 3));
            Byte4 y = Byte4.add(Byte4.mult(x, x), offset);
            Byte4 z = Byte4.clamp(Byte4.max(y, Byte4.sub(x, (byte) 7)), (byte) -90, (byte) 100);
            Byte3 w = new Byte3(z.getX(), z.getY(), Byte4.min(z));
            w = Byte3.div(w, new Byte3((byte) 3, (byte) -2, (byte) 5));
            byteOut.set(4 * i, w.getX());
            byteOut.set(4 * i + 1, w.getY());
            byteOut.set(4 * i + 2, w.getZ());
            byteOut.set(4 * i + 3, Byte3.max(w));
            Short2 s = new Short2(shorts.get(2 * i), shorts.get(2 * i + 1));
            Short2 t = Short2.mult(Short2.add(s, scale), scale);
            Short3 u = Short3.sub(new Short3(t.getX(), t.getY(), (short) i), new Short3(s.getY(), s.getX(), scale.getY()));
            shortOut.set(2 * i, Short3.min(u));
            shortOut.set(2 * i + 1, Short3.max(Short3.min(u, new Short3((short) 1000, (short) -1000, (short) 0))));
        }
    }

    // ---- inputs and checks

    private static HalfFloat randomHalf(Random r) {
        return switch (r.nextInt(10)) {
            case 0 -> new HalfFloat((r.nextFloat() - 0.5f) * 1e-6f); // subnormal or zero in binary16
            case 1 -> new HalfFloat((r.nextFloat() - 0.5f) * 1.3e5f); // near and past the largest finite (65504)
            case 2 -> new HalfFloat(r.nextBoolean() ? 0f : -0f);
            default -> new HalfFloat((r.nextFloat() - 0.5f) * 20);
        };
    }

    private static HalfFloatArray randomHalves(Random r, int n) {
        var array = new HalfFloatArray(n);
        for (int i = 0; i < n; i++) array.set(i, randomHalf(r));
        return array;
    }

    private static void assertSameHalves(HalfFloatArray expected, HalfFloatArray actual, String what) {
        assertEquals(expected.getSize(), actual.getSize(), what + " size");
        for (int i = 0; i < expected.getSize(); i++) assertSameFloats(expected.get(i).getFloat32(), actual.get(i).getFloat32(), what, i);
    }

    private static void assertSameFloats(float expected, float actual, String what, int i) {
        if (Float.isNaN(expected) && Float.isNaN(actual)) return;
        assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(actual), what + "[" + i + "]: expected " + expected + ", got " + actual);
    }

    private static void execute(TaskGraph graph, TornadoDevice device, GridScheduler grid) throws Exception {
        try (var plan = new TornadoExecutionPlan(graph.snapshot())) {
            plan.withDevice(device);
            if (grid != null) plan.withGridScheduler(grid);
            plan.execute();
        }
    }

    // ---- tests

    @ParameterizedTest
    @MethodSource("devices")
    void halfVectorArithmeticMatchesJavaBitForBit(TornadoDevice device) throws Exception {
        var r = new Random();
        var a = new VectorHalf4(randomHalves(r, 4 * N));
        var b = new VectorHalf4(randomHalves(r, 4 * N));
        HalfFloat s = randomHalf(r);
        VectorHalf4 sum = new VectorHalf4(N), diff = new VectorHalf4(N), prod = new VectorHalf4(N), quot = new VectorHalf4(N);
        var dots = new VectorHalf(N);
        var graph = new TaskGraph("half4")
                .transferToDevice(DataTransferMode.EVERY_EXECUTION, a, b)
                .task("t", VectorTypesTest::half4Arithmetic, a, b, sum, diff, prod, quot, dots, s)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, sum, diff, prod, quot, dots);
        execute(graph, device, null);
        VectorHalf4 rSum = new VectorHalf4(N), rDiff = new VectorHalf4(N), rProd = new VectorHalf4(N), rQuot = new VectorHalf4(N);
        var rDots = new VectorHalf(N);
        half4Arithmetic(a, b, rSum, rDiff, rProd, rQuot, rDots, s);
        assertSameHalves(rSum.getArray(), sum.getArray(), "add");
        assertSameHalves(rDiff.getArray(), diff.getArray(), "sub");
        assertSameHalves(rProd.getArray(), prod.getArray(), "mult");
        assertSameHalves(rQuot.getArray(), quot.getArray(), "div");
        assertSameHalves(rDots.getArray(), dots.getArray(), "dot");
    }

    @ParameterizedTest
    @MethodSource("devices")
    void halfDotsOfEveryWidthMatchJavaBitForBit(TornadoDevice device) throws Exception {
        var r = new Random();
        var a2 = new VectorHalf2(randomHalves(r, 2 * N));
        var a3 = new VectorHalf3(randomHalves(r, 3 * N));
        var a8 = new VectorHalf8(randomHalves(r, 8 * N));
        var a16 = new VectorHalf16(randomHalves(r, 16 * N));
        VectorHalf out = new VectorHalf(4 * N), expected = new VectorHalf(4 * N);
        var graph = new TaskGraph("dots")
                .transferToDevice(DataTransferMode.EVERY_EXECUTION, a2, a3, a8, a16)
                .task("t", VectorTypesTest::halfDots, a2, a3, a8, a16, out)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, out);
        execute(graph, device, null);
        halfDots(a2, a3, a8, a16, expected);
        assertSameHalves(expected.getArray(), out.getArray(), "dot");
    }

    @ParameterizedTest
    @MethodSource("devices")
    void packedHalf2PairsMatchJavaBitForBit(TornadoDevice device) throws Exception {
        var r = new Random();
        int n = 2 * N;
        HalfFloatArray a = randomHalves(r, n), b = randomHalves(r, n), fused = new HalfFloatArray(n), rFused = new HalfFloatArray(n);
        FloatArray f = new FloatArray(N), products = new FloatArray(N), rProducts = new FloatArray(N);
        for (int i = 0; i < N; i++) f.set(i, (r.nextFloat() - 0.5f) * 50);
        var bias = new Half2(randomHalf(r), randomHalf(r));
        var graph = new TaskGraph("pairs")
                .transferToDevice(DataTransferMode.EVERY_EXECUTION, a, b, f)
                .task("t", VectorTypesTest::half2Pairs, a, b, f, fused, products, bias)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, fused, products);
        execute(graph, device, null);
        half2Pairs(a, b, f, rFused, rProducts, bias);
        assertSameHalves(rFused, fused, "fma");
        for (int i = 0; i < N; i++) assertSameFloats(rProducts.get(i), products.get(i), "products", i);

        int groups = 7, pairs = groups * GROUP;
        HalfFloatArray t = randomHalves(r, 2 * pairs), tiled = new HalfFloatArray(2 * pairs);
        var worker = new WorkerGrid1D(pairs);
        worker.setLocalWork(GROUP, 1, 1);
        execute(new TaskGraph("tile")
                .transferToDevice(DataTransferMode.EVERY_EXECUTION, t)
                .task("t", VectorTypesTest::half2Tile, new KernelContext(), t, tiled)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, tiled), device, new GridScheduler("tile.t", worker));
        for (int g = 0; g < groups; g++) {
            for (int l = 0; l < GROUP; l++) {
                Half2 mine = Half2.mult(t.getHalf2(2 * (g * GROUP + l)), t.getHalf2(2 * (g * GROUP + l)));
                int m = g * GROUP + GROUP - 1 - l;
                Half2 mirrored = Half2.mult(t.getHalf2(2 * m), t.getHalf2(2 * m));
                Half2 expected = Half2.sub(mirrored, mine);
                Half2 got = tiled.getHalf2(2 * (g * GROUP + l));
                assertSameFloats(expected.getX().getFloat32(), got.getX().getFloat32(), "tile.x", g * GROUP + l);
                assertSameFloats(expected.getY().getFloat32(), got.getY().getFloat32(), "tile.y", g * GROUP + l);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("devices")
    void collectionsAllocatedInKernelsMatchJava(TornadoDevice device) throws Exception {
        var r = new Random();
        for (int length : new int[] {3, 17}) { // two lengths: two builds of the kernel, each with its own constant size
            var in = new VectorFloat4(length);
            for (int i = 0; i < length; i++) in.set(i, new Float4(r.nextFloat(), r.nextFloat() - 0.5f, r.nextInt(9), r.nextFloat() * 100));
            VectorFloat4 out = new VectorFloat4(2), expected = new VectorFloat4(2);
            VectorHalf2 halves = new VectorHalf2(1), rHalves = new VectorHalf2(1);
            int m = 2 + r.nextInt(30);
            execute(new TaskGraph("private")
                    .transferToDevice(DataTransferMode.EVERY_EXECUTION, in)
                    .task("t", VectorTypesTest::privateCollections, in, out, halves, m)
                    .transferToHost(DataTransferMode.EVERY_EXECUTION, out, halves), device, null);
            privateCollections(in, expected, rHalves, m);
            for (int k = 0; k < 8; k++) assertSameFloats(expected.getArray().get(k), out.getArray().get(k), "length " + length + " out", k);
            assertSameHalves(rHalves.getArray(), halves.getArray(), "halves");
        }
        int items = 41, window = 6;
        var in = new VectorFloat4(items * window);
        for (int i = 0; i < in.getLength(); i++) in.set(i, new Float4(r.nextFloat(), r.nextFloat(), -r.nextFloat(), r.nextInt(5)));
        FloatArray out = new FloatArray(items), expected = new FloatArray(items);
        execute(new TaskGraph("windows")
                .transferToDevice(DataTransferMode.EVERY_EXECUTION, in)
                .task("t", VectorTypesTest::perItemCollections, in, out)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, out), device, null);
        perItemCollections(in, expected);
        for (int i = 0; i < items; i++) assertEquals(expected.get(i), out.get(i), 1e-5f * Math.max(1, Math.abs(expected.get(i))), "window " + i);
    }

    @ParameterizedTest
    @MethodSource("devices")
    void byteAndShortVectorsMatchJava(TornadoDevice device) throws Exception {
        var r = new Random();
        var bytes = new ByteArray(4 * N);
        var shorts = new ShortArray(2 * N);
        for (int i = 0; i < 4 * N; i++) bytes.set(i, (byte) r.nextInt());
        for (int i = 0; i < 2 * N; i++) shorts.set(i, (short) r.nextInt());
        var offset = new Byte4((byte) r.nextInt(), (byte) r.nextInt(), (byte) r.nextInt(), (byte) r.nextInt());
        var scale = new Short2((short) r.nextInt(), (short) r.nextInt(300));
        ByteArray byteOut = new ByteArray(4 * N), rByteOut = new ByteArray(4 * N);
        ShortArray shortOut = new ShortArray(2 * N), rShortOut = new ShortArray(2 * N);
        execute(new TaskGraph("ints")
                .transferToDevice(DataTransferMode.EVERY_EXECUTION, bytes, shorts)
                .task("t", VectorTypesTest::smallInts, bytes, shorts, byteOut, shortOut, offset, scale)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, byteOut, shortOut), device, null);
        smallInts(bytes, shorts, rByteOut, rShortOut, offset, scale);
        for (int i = 0; i < 4 * N; i++) assertEquals(rByteOut.get(i), byteOut.get(i), "bytes[" + i + "]");
        for (int i = 0; i < 2 * N; i++) assertEquals(rShortOut.get(i), shortOut.get(i), "shorts[" + i + "]");
    }

    @ParameterizedTest
    @MethodSource("devices")
    void matrix4x4MatchesJava(TornadoDevice device) throws Exception {
        var r = new Random();
        var m = new Matrix4x4Float();
        for (int k = 0; k < 16; k++) m.set(k, r.nextFloat() * 4 - 2);
        var in = new VectorFloat4(N);
        for (int i = 0; i < N; i++) in.set(i, new Float4(r.nextFloat(), r.nextFloat() - 0.5f, r.nextInt(9), r.nextFloat() * 10));
        VectorFloat4 out = new VectorFloat4(N), expected = new VectorFloat4(N);
        Matrix4x4Float transposed = new Matrix4x4Float(), doubled = new Matrix4x4Float(), rTransposed = new Matrix4x4Float(), rDoubled = new Matrix4x4Float();
        execute(new TaskGraph("m4")
                .transferToDevice(DataTransferMode.EVERY_EXECUTION, m, in)
                .task("t", VectorTypesTest::matrix4x4, m, in, out)
                .task("e", VectorTypesTest::matrix4x4Elements, m, transposed, doubled)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, out, transposed, doubled), device, null);
        matrix4x4(m, in, expected);
        matrix4x4Elements(m, rTransposed, rDoubled);
        for (int k = 0; k < 4 * N; k++) {
            float e = expected.getArray().get(k);
            assertEquals(e, out.getArray().get(k), 1e-5f * Math.max(1, Math.abs(e)), "out[" + k + "]");
        }
        for (int k = 0; k < 16; k++) {
            assertSameFloats(rTransposed.get(k), transposed.get(k), "transposed", k);
            assertSameFloats(rDoubled.get(k), doubled.get(k), "doubled", k);
        }
    }

    // ---- CUDA C, without a GPU: nvcc -ptx, then ptxas for sm_80 and sm_90

    @Test
    void cudaCompilesAndAssemblesForSm80AndSm90() throws Throwable {
        Assumptions.assumeTrue(CudaTools.present(), "nvcc and ptxas are not on PATH: the CUDA C check is skipped");
        Path dir = Files.createTempDirectory("drcn-vector-types-cuda");
        List<Method> kernels = Arrays.stream(VectorTypesTest.class.getDeclaredMethods())
                .filter(m -> Modifier.isStatic(m.getModifiers()) && Modifier.isPublic(m.getModifiers()) && m.getReturnType() == void.class)
                .toList();
        assertEquals(9, kernels.size());
        for (Method m : kernels) {
            KernelRef kernel = CudaTools.kernel(m);
            // the sizes a collection allocated in the kernel needs as constants: the element counts of a launch as the tests make
            // them (perItemCollections: 41 windows of 6 Float4s; privateCollections: 17 Float4s, m = 9)
            var constants = new HashMap<String, Integer>();
            for (String p : kernel.function().arraySizeParameters()) constants.put(p, 9);
            for (String a : kernel.function().lengthConstantArrays()) constants.put(Function.lengthConstant(a), a.equals("out") ? 41 : 41 * 6 * 4);
            CudaTools.compileAndAssemble(dir, m.getName(), KernelJit.source(kernel, constants, Dialect.CUDA), List.of("sm_80", "sm_90"));
        }
    }
}
