package drcn.examples;

import drcn.compiler.emit.Dialect;
import drcn.runtime.jit.KernelJit;
import drcn.runtime.jit.KernelRef;
import drcn.tornado.api.GridScheduler;
import drcn.tornado.api.KernelContext;
import drcn.tornado.api.TaskGraph;
import drcn.tornado.api.TornadoExecutionPlan;
import drcn.tornado.api.WorkerGrid2D;
import drcn.tornado.api.annotations.Parallel;
import drcn.tornado.api.common.TornadoDevice;
import drcn.tornado.api.common.TornadoFunctions;
import drcn.tornado.api.enums.DataTransferMode;
import drcn.tornado.api.types.images.ImageByte3;
import drcn.tornado.api.types.images.ImageByte4;
import drcn.tornado.api.types.images.ImageFloat;
import drcn.tornado.api.types.images.ImageFloat3;
import drcn.tornado.api.types.images.ImageFloat4;
import drcn.tornado.api.types.images.ImageFloat8;
import drcn.tornado.api.types.vectors.Byte3;
import drcn.tornado.api.types.vectors.Byte4;
import drcn.tornado.api.types.vectors.Float3;
import drcn.tornado.api.types.vectors.Float4;
import drcn.tornado.api.types.vectors.Float8;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.Serializable;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * TornadoVM's images (types.images) as task arguments and in kernels, and their {@code fill} as a task's code
 * ({@code image::fill}), on every device against plain Java on fresh random inputs of odd sizes.
 */
class ImagesTest {
    static List<TornadoDevice> devices() {
        return TaskGraphApiTest.devices();
    }

    private final Random random = new Random();

    // ---- kernels

    /** A 3-point horizontal blur with clamped borders plus the pixel's coordinates: reads across rows, X(), Y(). */
    public static void blur(ImageFloat in, ImageFloat out) {
        for (@Parallel int y = 0; y < in.Y(); y++) {
            for (@Parallel int x = 0; x < in.X(); x++) {
                int left = Math.max(x - 1, 0), right = Math.min(x + 1, in.X() - 1);
                out.set(x, y, (in.get(left, y) + in.get(x, y) + in.get(right, y)) / 3f + x - 2 * y);
            }
        }
    }

    /** Element-wise on the backing array: get(i), set(i, v), size(). */
    public static void square(ImageFloat in, ImageFloat out) {
        for (@Parallel int i = 0; i < in.size(); i++) out.set(i, in.get(i) * in.get(i));
    }

    /** A 2D grid through a KernelContext: one work-item per pixel. */
    public static void gradient(KernelContext context, ImageFloat in, ImageFloat out) {
        int x = context.globalIdx, y = context.globalIdy;
        float below = y + 1 < in.Y() ? in.get(x, y + 1) : 0f;
        out.set(x, y, below - in.get(x, y));
    }

    public static void float3Pixels(ImageFloat3 in, ImageFloat3 out) {
        for (@Parallel int y = 0; y < in.Y(); y++) {
            for (@Parallel int x = 0; x < in.X(); x++) {
                Float3 p = in.get(x, y);
                out.set(x, y, Float3.add(Float3.mult(p, 2f), new Float3(x, y, p.getX())));
            }
        }
    }

    /** Pixel (x, y) gets pixel (X - 1 - x, y) with its lanes reversed. */
    public static void float4Mirror(ImageFloat4 in, ImageFloat4 out) {
        for (@Parallel int y = 0; y < in.Y(); y++) {
            for (@Parallel int x = 0; x < in.X(); x++) {
                Float4 p = in.get(in.X() - 1 - x, y);
                out.set(x, y, new Float4(p.getW(), p.getZ(), p.getY(), p.getX()));
            }
        }
    }

    /** The pixels of row 0 through get(x) and set(x, v); every other row scaled by its lane sum. */
    public static void float8Rows(ImageFloat8 in, ImageFloat8 out) {
        for (@Parallel int y = 0; y < in.Y(); y++) {
            for (@Parallel int x = 0; x < in.X(); x++) {
                if (y == 0) {
                    out.set(x, Float8.sub(in.get(x), 1f));
                } else {
                    Float8 p = in.get(x, y);
                    out.set(x, y, Float8.mult(p, Float8.sum(p)));
                }
            }
        }
    }

    /** RGB to BGR with the new blue lane (Java's byte arithmetic: wraps). */
    public static void byte3Swap(ImageByte3 in, ImageByte3 out) {
        for (@Parallel int y = 0; y < in.Y(); y++) {
            for (@Parallel int x = 0; x < in.X(); x++) {
                Byte3 p = in.get(x, y);
                out.set(x, y, new Byte3((byte) (p.getZ() + 100), p.getY(), p.getX()));
            }
        }
    }

    /** Lanes rotated; the alpha lane becomes the pixel's x, narrowed to a byte. */
    public static void byte4Rotate(ImageByte4 in, ImageByte4 out) {
        for (@Parallel int y = 0; y < in.Y(); y++) {
            for (@Parallel int x = 0; x < in.X(); x++) {
                Byte4 p = in.get(x, y);
                Byte4 q = new Byte4();
                q.setX(p.getY());
                q.setY(p.get(2));
                q.setZ(p.getS3());
                q.setW((byte) x);
                out.set(x, y, q);
            }
        }
    }

    // ---- helpers

    private int odd(int bound) {
        return 1 + 2 * random.nextInt(bound);
    }

    private ImageFloat randomImage(int width, int height) {
        var image = new ImageFloat(width, height);
        for (int i = 0; i < image.size(); i++) image.set(i, random.nextFloat() * 2 - 1);
        return image;
    }

    private static void close(float expected, float got, String what) {
        assertTrue(Math.abs(expected - got) <= 1e-5f * Math.max(1f, Math.abs(expected)), what + ": expected " + expected + ", got " + got);
    }

    private static void run(TaskGraph graph, TornadoDevice device) throws Exception {
        try (var plan = new TornadoExecutionPlan(graph.snapshot())) {
            plan.withDevice(device).execute();
        }
    }

    // ---- tests

    @ParameterizedTest
    @MethodSource("devices")
    void scalarImages(TornadoDevice device) throws Exception {
        int width = odd(40), height = odd(30);
        ImageFloat in = randomImage(width, height), blurred = new ImageFloat(width, height), squared = new ImageFloat(width, height);
        run(new TaskGraph("s").transferToDevice(DataTransferMode.EVERY_EXECUTION, in)
                .task("blur", ImagesTest::blur, in, blurred)
                .task("square", ImagesTest::square, in, squared)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, blurred, squared), device);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                float v = in.getArray().get(y * width + x);
                float left = in.getArray().get(y * width + Math.max(x - 1, 0)), right = in.getArray().get(y * width + Math.min(x + 1, width - 1));
                String at = device.getId() + " " + width + "x" + height + " (" + x + ", " + y + ")";
                close((left + v + right) / 3f + x - 2 * y, blurred.get(x, y), at + " blur");
                close(v * v, squared.getArray().get(y * width + x), at + " square");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("devices")
    void imagesOnAKernelContextGrid(TornadoDevice device) throws Exception {
        int width = odd(20), height = odd(20);
        ImageFloat in = randomImage(width, height), out = new ImageFloat(width, height);
        var grid = new GridScheduler("s.g", new WorkerGrid2D(width, height));
        try (var plan = new TornadoExecutionPlan(new TaskGraph("s").transferToDevice(DataTransferMode.EVERY_EXECUTION, in)
                .task("g", ImagesTest::gradient, new KernelContext(), in, out)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, out).snapshot())) {
            plan.withDevice(device).withGridScheduler(grid).execute();
        }
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                float below = y + 1 < height ? in.get(x, y + 1) : 0f;
                close(below - in.get(x, y), out.get(x, y), device.getId() + " (" + x + ", " + y + ")");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("devices")
    void floatVectorImages(TornadoDevice device) throws Exception {
        int width = odd(30), height = odd(20);
        var in3 = new ImageFloat3(width, height);
        var in4 = new ImageFloat4(width, height);
        var in8 = new ImageFloat8(width, height);
        for (var array : List.of(in3.getArray(), in4.getArray(), in8.getArray())) {
            for (int i = 0; i < array.getSize(); i++) array.set(i, random.nextFloat() * 2 - 1);
        }
        var out3 = new ImageFloat3(width, height);
        var out4 = new ImageFloat4(width, height);
        var out8 = new ImageFloat8(width, height);
        run(new TaskGraph("s").transferToDevice(DataTransferMode.EVERY_EXECUTION, in3, in4, in8)
                .task("f3", ImagesTest::float3Pixels, in3, out3)
                .task("f4", ImagesTest::float4Mirror, in4, out4)
                .task("f8", ImagesTest::float8Rows, in8, out8)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, out3, out4, out8), device);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                String at = device.getId() + " " + width + "x" + height + " (" + x + ", " + y + ")";
                int p3 = 3 * (y * width + x), p4 = 4 * (y * width + x), mirrored = 4 * (y * width + width - 1 - x), p8 = 8 * (y * width + x);
                float[] extra3 = {x, y, in3.getArray().get(p3)};
                for (int l = 0; l < 3; l++) close(in3.getArray().get(p3 + l) * 2f + extra3[l], out3.get(x, y).get(l), at + " float3 lane " + l);
                for (int l = 0; l < 4; l++) close(in4.getArray().get(mirrored + 3 - l), out4.get(x, y).get(l), at + " float4 lane " + l);
                float sum = 0f;
                for (int l = 0; l < 8; l++) sum += in8.getArray().get(p8 + l);
                for (int l = 0; l < 8; l++) {
                    float v = in8.getArray().get(p8 + l);
                    close(y == 0 ? v - 1f : v * sum, out8.get(x, y).get(l), at + " float8 lane " + l);
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("devices")
    void byteVectorImages(TornadoDevice device) throws Exception {
        int width = odd(30), height = odd(20);
        var in3 = new ImageByte3(width, height);
        var in4 = new ImageByte4(width, height);
        byte[] bytes3 = new byte[in3.size()], bytes4 = new byte[in4.size()];
        random.nextBytes(bytes3);
        random.nextBytes(bytes4);
        in3.getArray().copyFrom(bytes3);
        in4.getArray().copyFrom(bytes4);
        var out3 = new ImageByte3(width, height);
        var out4 = new ImageByte4(width, height);
        run(new TaskGraph("s").transferToDevice(DataTransferMode.EVERY_EXECUTION, in3, in4)
                .task("b3", ImagesTest::byte3Swap, in3, out3)
                .task("b4", ImagesTest::byte4Rotate, in4, out4)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, out3, out4), device);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                String at = device.getId() + " (" + x + ", " + y + ")";
                int p3 = 3 * (y * width + x), p4 = 4 * (y * width + x);
                assertArrayEquals(new byte[] {(byte) (bytes3[p3 + 2] + 100), bytes3[p3 + 1], bytes3[p3]}, out3.get(x, y).toArray(), at + " byte3");
                assertArrayEquals(new byte[] {bytes4[p4 + 1], bytes4[p4 + 2], bytes4[p4 + 3], (byte) x}, out4.get(x, y).toArray(), at + " byte4");
            }
        }
    }

    /** {@code image::fill} of every image class: TornadoVM's own kernel methods, compiled with tornado-api. */
    @ParameterizedTest
    @MethodSource("devices")
    void fillAsTaskCode(TornadoDevice device) throws Exception {
        int width = odd(50), height = odd(40);
        float value = random.nextFloat();
        byte b = (byte) random.nextInt();
        var f1 = new ImageFloat(width, height);
        var f3 = new ImageFloat3(width, height);
        var f4 = new ImageFloat4(width, height);
        var f8 = new ImageFloat8(width, height);
        var b3 = new ImageByte3(width, height);
        var b4 = new ImageByte4(width, height);
        f1.fill(-1f);
        b4.fill((byte) 7);
        run(new TaskGraph("s").transferToDevice(DataTransferMode.EVERY_EXECUTION, f1, b4)
                .task("f1", f1::fill, value).task("f3", f3::fill, value + 1).task("f4", f4::fill, value + 2)
                .task("f8", f8::fill, value + 3).task("b3", b3::fill, b).task("b4", b4::fill, (byte) (b + 1))
                .transferToHost(DataTransferMode.EVERY_EXECUTION, f1, f3, f4, f8, b3, b4), device);
        String at = device.getId() + " " + width + "x" + height;
        for (int i = 0; i < width * height; i++) close(value, f1.get(i), at + " ImageFloat");
        List<float[]> floats = List.of(f3.getArray().toHeapArray(), f4.getArray().toHeapArray(), f8.getArray().toHeapArray());
        for (int k = 0; k < floats.size(); k++) {
            assertEquals(width * height * new int[] {3, 4, 8}[k], floats.get(k).length);
            for (float v : floats.get(k)) assertEquals(value + 1 + k, v, at + " float image " + k);
        }
        for (byte v : b3.getArray().toHeapArray()) assertEquals(b, v, at + " ImageByte3");
        for (byte v : b4.getArray().toHeapArray()) assertEquals((byte) (b + 1), v, at + " ImageByte4");
    }

    // ---- CUDA C, without a GPU: nvcc -ptx, then ptxas for sm_80 and sm_90

    @Test
    void cudaCompilesAndAssemblesForSm80AndSm90() throws Throwable {
        Assumptions.assumeTrue(CudaTools.present(), "nvcc and ptxas are not on PATH: the CUDA C check is skipped");
        Path dir = Files.createTempDirectory("drcn-images-cuda");
        var kernels = new ArrayList<KernelRef>();
        for (Method m : ImagesTest.class.getDeclaredMethods()) {
            if (Modifier.isStatic(m.getModifiers()) && m.getReturnType() == void.class && Modifier.isPublic(m.getModifiers())) kernels.add(CudaTools.kernel(m));
        }
        kernels.add(fillKernel(new ImageFloat(1, 1)::fill));
        kernels.add(fillKernel(new ImageFloat3(1, 1)::fill));
        kernels.add(fillKernel(new ImageFloat4(1, 1)::fill));
        kernels.add(fillKernel(new ImageFloat8(1, 1)::fill));
        kernels.add(fillKernel(new ImageByte3(1, 1)::fill));
        kernels.add(fillKernel(new ImageByte4(1, 1)::fill));
        assertEquals(14, kernels.size(), kernels.toString());
        for (KernelRef k : kernels) {
            String base = k.owner().getSimpleName() + "_" + k.methodName();
            CudaTools.compileAndAssemble(dir, base, KernelJit.source(k, Map.of(), Dialect.CUDA), List.of("sm_80", "sm_90"));
        }
    }

    private static <T> KernelRef fillKernel(TornadoFunctions.Task1<T> fill) {
        return KernelRef.forMethod((Serializable) fill);
    }

    /** The byte images' pixels are OpenCL's char3/char4 and CUDA structs of signed chars, loaded lane by lane. */
    @Test
    void bytePixelsAreCharVectors() throws Throwable {
        KernelRef k = CudaTools.kernel(ImagesTest.class.getMethod("byte3Swap", ImageByte3.class, ImageByte3.class));
        String opencl = KernelJit.source(k, Map.of(), Dialect.OPENCL), cuda = KernelJit.source(k, Map.of(), Dialect.CUDA);
        assertTrue(opencl.contains("char3 drcn_load_char3(__global const char* p, int i)"), opencl);
        assertTrue(cuda.contains("struct drcn_char3 { signed char s0, s1, s2; };"), cuda);
        assertTrue(Arrays.stream(opencl.split("\n")).anyMatch(l -> l.contains("in_columns")), opencl);
    }
}
