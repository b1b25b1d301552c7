package drcn.examples;

import drcn.compiler.emit.Dialect;
import drcn.runtime.jit.KernelJit;
import drcn.runtime.jit.KernelRef;
import drcn.tornado.api.TaskGraph;
import drcn.tornado.api.TornadoExecutionPlan;
import drcn.tornado.api.annotations.Parallel;
import drcn.tornado.api.common.TornadoDevice;
import drcn.tornado.api.enums.DataTransferMode;
import drcn.tornado.api.types.arrays.FloatArray;
import drcn.tornado.api.types.arrays.IntArray;
import drcn.tornado.api.types.collections.VectorFloat3;
import drcn.tornado.api.types.images.ImageByte3;
import drcn.tornado.api.types.images.ImageFloat3;
import drcn.tornado.api.types.matrix.Matrix2DFloat;
import drcn.tornado.api.types.matrix.Matrix4x4Float;
import drcn.tornado.api.types.utils.FloatOps;
import drcn.tornado.api.types.utils.StorageFormats;
import drcn.tornado.api.types.utils.VolumeOps;
import drcn.tornado.api.types.vectors.Byte3;
import drcn.tornado.api.types.vectors.Float3;
import drcn.tornado.api.types.vectors.Float4;
import drcn.tornado.api.types.vectors.Short2;
import drcn.tornado.api.types.volumes.VolumeShort2;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * TornadoVM's volumes ({@code VolumeShort2}) and the kernel helpers of {@code types.utils} ({@code VolumeOps},
 * {@code FloatOps}, {@code StorageFormats}) in kernels, with what TornadoVM's SLAM kernels write besides: helpers that
 * take matrices, images and volumes, {@code Matrix4x4Float.fill}, a vector local set to null before a switch assigns
 * it, a local named like the helper it calls. On every device against plain Java on fresh random inputs.
 */
class VolumesTest {
    static List<TornadoDevice> devices() {
        return TaskGraphApiTest.devices();
    }

    private final Random random = new Random();

    // ---- kernels

    /** Each voxel from its +x neighbour (clamped) and its coordinates; X(), Y(), Z(), get and set. */
    public static void shiftVoxels(VolumeShort2 in, VolumeShort2 out) {
        for (@Parallel int z = 0; z < in.Z(); z++) {
            for (@Parallel int y = 0; y < in.Y(); y++) {
                for (@Parallel int x = 0; x < in.X(); x++) {
                    Short2 v = in.get(Math.min(x + 1, in.X() - 1), y, z);
                    out.set(x, y, z, new Short2((short) (v.getX() + x), (short) (v.getY() * 3 - z + y)));
                }
            }
        }
    }

    /** The distance field sampled at points: VolumeOps.grad, interp, vs; FloatOps.sq; StorageFormats' index. */
    public static void sample(VolumeShort2 volume, Float3 dim, VectorFloat3 points, VectorFloat3 gradients, FloatArray values) {
        for (@Parallel int i = 0; i < points.getLength(); i++) {
            Float3 p = points.get(i);
            gradients.set(i, VolumeOps.grad(volume, dim, p));
            float interp = VolumeOps.interp(volume, dim, p);
            int corner = StorageFormats.toRowMajor(i % 2, i % 3, 3) % volume.X();
            values.set(2 * i, interp);
            values.set(2 * i + 1, FloatOps.sq(VolumeOps.vs(volume, corner, 0, volume.Z() - 1)) + VolumeOps.vs1(0, corner, 0, volume));
        }
    }

    /** Row r of m times pixel (x, y): a helper taking a matrix and an image (their extents travel with them). */
    private static float rowTimesPixel(Matrix4x4Float m, int r, ImageFloat3 image, int x, int y) {
        return Float3.dot(m.row(r).asFloat3(), image.get(x, y));
    }

    /** A helper whose name a local of its caller also has. */
    private static float halfOf(float v) {
        return v * 0.5f;
    }

    public static void transformPixels(Matrix4x4Float m, ImageFloat3 in, ImageFloat3 out) {
        for (@Parallel int y = 0; y < in.Y(); y++) {
            for (@Parallel int x = 0; x < in.X(); x++) {
                float halfOf = halfOf(rowTimesPixel(m, 0, in, x, y));
                out.set(x, y, new Float3(halfOf, rowTimesPixel(m, 1, in, x, y), rowTimesPixel(m, 2, in, x, y)));
            }
        }
    }

    /** TornadoVM's camera matrix: Matrix4x4Float.fill, then the intrinsics; Matrix2DFloat.fill too. */
    public static void cameraMatrix(Float4 k, Matrix4x4Float m, Matrix2DFloat other, float value) {
        m.fill(0f);
        m.set(0, 0, k.getX());
        m.set(1, 1, k.getY());
        m.set(0, 2, k.getZ());
        m.set(1, 2, k.getW());
        m.set(2, 2, 1);
        m.set(3, 3, 1);
        other.fill(value);
    }

    /** Renderer.renderTrack's form: a vector local initialised to null, assigned on every branch of a switch. */
    public static void colours(IntArray codes, ImageByte3 out) {
        for (@Parallel int y = 0; y < out.Y(); y++) {
            for (@Parallel int x = 0; x < out.X(); x++) {
                Byte3 pixel = null;
                switch (codes.get(y * out.X() + x)) {
                    case 1:
                        pixel = new Byte3((byte) 128, (byte) 128, (byte) 128);
                        break;
                    case -2:
                        pixel = new Byte3((byte) 255, (byte) x, (byte) 0);
                        break;
                    default:
                        pixel = new Byte3((byte) 255, (byte) 128, (byte) y);
                        break;
                }
                out.set(x, y, pixel);
            }
        }
    }

    // ---- helpers

    private VolumeShort2 randomVolume(int width, int height, int depth) {
        var volume = new VolumeShort2(width, height, depth);
        for (int i = 0; i < volume.size(); i++) volume.getArray().set(i, (short) random.nextInt());
        return volume;
    }

    private static void close(float expected, float got, String what) {
        assertTrue(Math.abs(expected - got) <= 1e-4f * Math.max(1f, Math.abs(expected)), what + ": expected " + expected + ", got " + got);
    }

    private static void run(TaskGraph graph, TornadoDevice device) throws Exception {
        try (var plan = new TornadoExecutionPlan(graph.snapshot())) {
            plan.withDevice(device).execute();
        }
    }

    // ---- tests

    @ParameterizedTest
    @MethodSource("devices")
    void voxelsByCoordinates(TornadoDevice device) throws Exception {
        int width = 1 + random.nextInt(9), height = 1 + random.nextInt(7), depth = 1 + random.nextInt(5);
        VolumeShort2 in = randomVolume(width, height, depth), out = new VolumeShort2(width, height, depth);
        run(new TaskGraph("s").transferToDevice(DataTransferMode.EVERY_EXECUTION, in)
                .task("t", VolumesTest::shiftVoxels, in, out)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, out), device);
        for (int z = 0; z < depth; z++) {
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    // voxel (x, y, z) is the two shorts at 2 * ((z * Y + y) * X + x)
                    int from = 2 * ((z * height + y) * width + Math.min(x + 1, width - 1));
                    short a = in.getArray().get(from), b = in.getArray().get(from + 1);
                    String at = device.getId() + " " + width + "x" + height + "x" + depth + " (" + x + ", " + y + ", " + z + ")";
                    assertEquals((short) (a + x), out.get(x, y, z).getX(), at);
                    assertEquals((short) (b * 3 - z + y), out.get(x, y, z).getY(), at);
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("devices")
    void volumeOpsSampleTheField(TornadoDevice device) throws Exception {
        int width = 3 + random.nextInt(10), height = 3 + random.nextInt(10), depth = 3 + random.nextInt(10);
        VolumeShort2 volume = randomVolume(width, height, depth);
        var dim = new Float3(1 + random.nextFloat(), 1 + random.nextFloat(), 1 + random.nextFloat());
        int n = 1 + random.nextInt(200);
        var points = new VectorFloat3(n);
        // inside the box and a little outside, so the clamping at every face is reached
        for (int i = 0; i < n; i++) {
            points.set(i, new Float3((random.nextFloat() * 1.2f - 0.1f) * dim.getX(), (random.nextFloat() * 1.2f - 0.1f) * dim.getY(),
                    (random.nextFloat() * 1.2f - 0.1f) * dim.getZ()));
        }
        var gradients = new VectorFloat3(n);
        var values = new FloatArray(2 * n);
        run(new TaskGraph("s").transferToDevice(DataTransferMode.EVERY_EXECUTION, volume, dim, points)
                .task("t", VolumesTest::sample, volume, dim, points, gradients, values)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, gradients, values), device);
        for (int i = 0; i < n; i++) {
            Float3 p = points.get(i);
            float[] expected = referenceGradient(volume.getArray().toHeapArray(), width, height, depth, dim, p);
            String at = device.getId() + " " + width + "x" + height + "x" + depth + " point " + i;
            for (int l = 0; l < 3; l++) close(expected[l], gradients.get(i).get(l), at + " gradient lane " + l);
            close(referenceInterp(volume.getArray().toHeapArray(), width, height, depth, dim, p), values.get(2 * i), at + " interp");
            int corner = ((i % 2) * 3 + i % 3) % width;
            float v = voxel(volume.getArray().toHeapArray(), width, height, corner, 0, depth - 1);
            close(v * v + voxel(volume.getArray().toHeapArray(), width, height, 0, corner, 0), values.get(2 * i + 1), at + " vs");
        }
    }

    @ParameterizedTest
    @MethodSource("devices")
    void helpersTakeMatricesAndImages(TornadoDevice device) throws Exception {
        int width = 1 + random.nextInt(20), height = 1 + random.nextInt(20);
        var m = new Matrix4x4Float();
        for (int i = 0; i < 16; i++) m.set(i, random.nextFloat() * 2 - 1);
        var in = new ImageFloat3(width, height);
        for (int i = 0; i < in.getArray().getSize(); i++) in.getArray().set(i, random.nextFloat() * 2 - 1);
        var out = new ImageFloat3(width, height);
        run(new TaskGraph("s").transferToDevice(DataTransferMode.EVERY_EXECUTION, m, in)
                .task("t", VolumesTest::transformPixels, m, in, out)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, out), device);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int at = 3 * (y * width + x);
                for (int r = 0; r < 3; r++) {
                    // m's row r (elements 4r .. 4r + 2) dotted with the pixel, in Float3.dot's order
                    float dot = m.get(4 * r) * in.getArray().get(at) + m.get(4 * r + 1) * in.getArray().get(at + 1) + m.get(4 * r + 2) * in.getArray().get(at + 2);
                    close(r == 0 ? dot * 0.5f : dot, out.get(x, y).get(r), device.getId() + " (" + x + ", " + y + ") lane " + r);
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("devices")
    void matrixFill(TornadoDevice device) throws Exception {
        var k = new Float4(random.nextFloat(), random.nextFloat(), random.nextFloat(), random.nextFloat());
        var m = new Matrix4x4Float();
        for (int i = 0; i < 16; i++) m.set(i, random.nextFloat() + 1);
        int rows = 1 + random.nextInt(9), columns = 1 + random.nextInt(9);
        var other = new Matrix2DFloat(rows, columns);
        float value = random.nextFloat();
        run(new TaskGraph("s").transferToDevice(DataTransferMode.EVERY_EXECUTION, k, m)
                .task("t", VolumesTest::cameraMatrix, k, m, other, value)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, m, other), device);
        float[] expected = new float[16];
        expected[0] = k.getX();
        expected[5] = k.getY();
        expected[2] = k.getZ();
        expected[6] = k.getW();
        expected[10] = 1;
        expected[15] = 1;
        for (int i = 0; i < 16; i++) assertEquals(expected[i], m.get(i), device.getId() + " element " + i);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < columns; j++) assertEquals(value, other.get(i, j), device.getId() + " (" + i + ", " + j + ")");
        }
    }

    @ParameterizedTest
    @MethodSource("devices")
    void vectorLocalSetToNull(TornadoDevice device) throws Exception {
        int width = 1 + random.nextInt(20), height = 1 + random.nextInt(20);
        var codes = new IntArray(width * height);
        for (int i = 0; i < codes.getSize(); i++) codes.set(i, random.nextInt(5) - 3);
        var out = new ImageByte3(width, height);
        run(new TaskGraph("s").transferToDevice(DataTransferMode.EVERY_EXECUTION, codes)
                .task("t", VolumesTest::colours, codes, out)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, out), device);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                byte[] expected = switch (codes.get(y * width + x)) {
                    case 1 -> new byte[] {(byte) 128, (byte) 128, (byte) 128};
                    case -2 -> new byte[] {(byte) 255, (byte) x, 0};
                    default -> new byte[] {(byte) 255, (byte) 128, (byte) y};
                };
                assertArrayEquals(expected, out.get(x, y).toArray(), device.getId() + " (" + x + ", " + y + ")");
            }
        }
    }

    // ---- plain-Java references of VolumeOps, written from their definitions

    private static float voxel(short[] shorts, int width, int height, int x, int y, int z) {
        return shorts[2 * ((z * height + y) * width + x)];
    }

    private static float lerp(float a, float b, float t) {
        return a * (1 - t) + b * t;
    }

    /** Voxel coordinates p * extent / dim - 0.5, split into the cell (floor) and the fraction. */
    private static float[] scaled(int width, int height, int depth, Float3 dim, Float3 p) {
        return new float[] {p.getX() * width / dim.getX() - 0.5f, p.getY() * height / dim.getY() - 0.5f, p.getZ() * depth / dim.getZ() - 0.5f};
    }

    /** Trilinear interpolation of the 8 voxels around p (indices clamped into the volume), divided by 32766. */
    private static float referenceInterp(short[] v, int width, int height, int depth, Float3 dim, Float3 p) {
        float[] s = scaled(width, height, depth, dim, p);
        int[] extent = {width, height, depth};
        int[] lo = new int[3], hi = new int[3];
        float[] f = new float[3];
        for (int a = 0; a < 3; a++) {
            float cell = (float) Math.floor(s[a]);
            f[a] = s[a] - cell;
            lo[a] = Math.max(0, Math.min((int) cell, extent[a] - 1));
            hi[a] = Math.max(0, Math.min((int) cell + 1, extent[a] - 1));
        }
        float c00 = lerp(voxel(v, width, height, lo[0], lo[1], lo[2]), voxel(v, width, height, hi[0], lo[1], lo[2]), f[0]);
        float c10 = lerp(voxel(v, width, height, lo[0], hi[1], lo[2]), voxel(v, width, height, hi[0], hi[1], lo[2]), f[0]);
        float c01 = lerp(voxel(v, width, height, lo[0], lo[1], hi[2]), voxel(v, width, height, hi[0], lo[1], hi[2]), f[0]);
        float c11 = lerp(voxel(v, width, height, lo[0], hi[1], hi[2]), voxel(v, width, height, hi[0], hi[1], hi[2]), f[0]);
        return lerp(lerp(c00, c10, f[1]), lerp(c01, c11, f[1]), f[2]) * 0.00003051944088f;
    }

    /**
     * Per axis a, the central difference v(i + 1) - v(i - 1) along a (indices clamped) at each of the 8 voxels around p,
     * interpolated trilinearly, times dim_a / extent_a * 0.5 / 32766.
     */
    private static float[] referenceGradient(short[] v, int width, int height, int depth, Float3 dim, Float3 p) {
        float[] s = scaled(width, height, depth, dim, p);
        int[] extent = {width, height, depth};
        int[] cell = new int[3];
        float[] f = new float[3];
        for (int a = 0; a < 3; a++) {
            float c = (float) Math.floor(s[a]);
            f[a] = s[a] - c;
            cell[a] = (int) c;
        }
        float[] dims = {dim.getX(), dim.getY(), dim.getZ()};
        float[] g = new float[3];
        for (int a = 0; a < 3; a++) {
            float[][][] d = new float[2][2][2];
            for (int cx = 0; cx < 2; cx++) {
                for (int cy = 0; cy < 2; cy++) {
                    for (int cz = 0; cz < 2; cz++) {
                        int[] at = {cell[0] + cx, cell[1] + cy, cell[2] + cz};
                        int[] plus = at.clone(), minus = at.clone();
                        plus[a] += 1;
                        minus[a] -= 1;
                        for (int b = 0; b < 3; b++) {
                            plus[b] = Math.max(0, Math.min(plus[b], extent[b] - 1));
                            minus[b] = Math.max(0, Math.min(minus[b], extent[b] - 1));
                        }
                        d[cx][cy][cz] = voxel(v, width, height, plus[0], plus[1], plus[2]) - voxel(v, width, height, minus[0], minus[1], minus[2]);
                    }
                }
            }
            float interpolated = lerp(lerp(lerp(d[0][0][0], d[1][0][0], f[0]), lerp(d[0][1][0], d[1][1][0], f[0]), f[1]),
                    lerp(lerp(d[0][0][1], d[1][0][1], f[0]), lerp(d[0][1][1], d[1][1][1], f[0]), f[1]), f[2]);
            g[a] = interpolated * (dims[a] / extent[a] * (0.5f * 0.00003051944088f));
        }
        return g;
    }

    /** The references agree with VolumeOps itself on the host (so the device test checks both against the definitions). */
    @Test
    void referencesMatchVolumeOpsOnTheHost() {
        int width = 2 + random.nextInt(8), height = 2 + random.nextInt(8), depth = 2 + random.nextInt(8);
        VolumeShort2 volume = randomVolume(width, height, depth);
        var dim = new Float3(1 + random.nextFloat(), 1 + random.nextFloat(), 1 + random.nextFloat());
        for (int i = 0; i < 100; i++) {
            var p = new Float3((random.nextFloat() * 1.2f - 0.1f) * dim.getX(), (random.nextFloat() * 1.2f - 0.1f) * dim.getY(),
                    (random.nextFloat() * 1.2f - 0.1f) * dim.getZ());
            float[] g = referenceGradient(volume.getArray().toHeapArray(), width, height, depth, dim, p);
            Float3 got = VolumeOps.grad(volume, dim, p);
            for (int l = 0; l < 3; l++) close(g[l], got.get(l), "gradient lane " + l);
            close(referenceInterp(volume.getArray().toHeapArray(), width, height, depth, dim, p), VolumeOps.interp(volume, dim, p), "interp");
        }
    }

    // ---- CUDA C, without a GPU: nvcc -ptx, then ptxas for sm_80 and sm_90

    @Test
    void cudaCompilesAndAssemblesForSm80AndSm90() throws Throwable {
        Assumptions.assumeTrue(CudaTools.present(), "nvcc and ptxas are not on PATH: the CUDA C check is skipped");
        Path dir = Files.createTempDirectory("drcn-volumes-cuda");
        var kernels = new ArrayList<KernelRef>();
        for (Method m : VolumesTest.class.getDeclaredMethods()) {
            if (Modifier.isStatic(m.getModifiers()) && m.getReturnType() == void.class && Modifier.isPublic(m.getModifiers())) kernels.add(CudaTools.kernel(m));
        }
        assertEquals(5, kernels.size(), kernels.toString());
        for (KernelRef k : kernels) {
            String base = k.owner().getSimpleName() + "_" + k.methodName();
            CudaTools.compileAndAssemble(dir, base, KernelJit.source(k, Map.of(), Dialect.CUDA), List.of("sm_80", "sm_90"));
        }
    }

    /** A helper named like a local of its caller gets another C name: C puts the local in scope in its own initializer. */
    @Test
    void helperNamedLikeALocalIsRenamed() throws Throwable {
        KernelRef k = CudaTools.kernel(VolumesTest.class.getMethod("transformPixels", Matrix4x4Float.class, ImageFloat3.class, ImageFloat3.class));
        String opencl = KernelJit.source(k, Map.of(), Dialect.OPENCL);
        assertTrue(opencl.contains("float halfOf = halfOf_fn("), opencl);
    }
}
