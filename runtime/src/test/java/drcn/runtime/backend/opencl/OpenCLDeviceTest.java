package drcn.runtime.backend.opencl;

import drcn.compiler.ir.Function.Parameter;
import drcn.compiler.ir.Type;
import drcn.runtime.backend.*;
import org.junit.jupiter.api.*;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The OpenCL backend on whatever OpenCL device this machine has (PoCL's CPU device in CI).
 * Skipped, with the reason printed, where no OpenCL platform exists. The kernels here are
 * OpenCL C strings written the way the emitter writes them (arrays as pointer + {@code int <name>_size},
 * specialized ints as #defines): tests only; the product never carries hand-written kernels.
 */
class OpenCLDeviceTest {
    private static List<Device> devices;
    private static OpenCLDevice device;
    private final long seed = System.nanoTime();
    private final Random random = new Random(seed);

    static final String SAXPY = """
            __kernel void saxpy(__global float* y, int y_size, __global const float* x, int x_size, float a) {
                int i = get_global_id(0);
                if (i >= y_size) return;
                y[i] = a * x[i] + y[i];
            }
            """;
    static final List<Parameter> SAXPY_PARAMS = List.of(
            new Parameter("y", Type.FLOAT_GLOBAL_ARRAY), new Parameter("x", Type.FLOAT_GLOBAL_ARRAY), new Parameter("a", Type.FLOAT));

    @BeforeAll
    static void open() {
        try {
            devices = new OpenCLBackend().openDevices();
        } catch (BackendUnavailableException e) {
            System.out.println("OpenCL tests skipped: " + e.getMessage());
            Assumptions.abort("no OpenCL: " + e.getMessage());
        }
        device = (OpenCLDevice) devices.getFirst();
        System.out.println("OpenCL tests on " + device.info());
    }

    @AfterAll
    static void close() {
        if (devices != null) devices.forEach(Device::close);
    }

    @Test
    void listsDevicesWithSaneInfo() {
        var infos = new OpenCLBackend().listDevices();
        assertEquals(devices.size(), infos.size());
        for (int i = 0; i < infos.size(); i++) {
            DeviceInfo info = infos.get(i);
            assertEquals("opencl", info.backend());
            assertEquals(i, info.index());
            assertEquals("opencl:" + i, info.id());
            assertFalse(info.platform().isBlank(), "platform name");
            assertFalse(info.name().isBlank(), "device name");
            assertFalse(info.driver().isBlank(), "driver version");
            assertTrue(info.computeUnits() >= 1, "compute units");
            assertTrue(info.memoryBytes() > 0, "global memory");
            assertTrue(info.maxWorkGroupSize() >= 1, "max work-group size");
            assertTrue(info.localMemoryBytes() > 0, "local memory");
            assertEquals(info, devices.get(i).info());
        }
    }

    @Test
    void writeReadRoundTrip() {
        int n = 1000 + random.nextInt(1000);
        try (Arena arena = Arena.ofConfined(); Buffer buffer = device.allocateFloats(n)) {
            assertEquals(n, buffer.elementCount());
            MemorySegment in = randomFloats(arena, n);
            MemorySegment out = arena.allocate(JAVA_FLOAT, n);
            device.write(buffer, 0, in);
            device.read(buffer, 0, out);
            assertEquals(-1, in.mismatch(out), "seed " + seed);

            // offsets, and heap segments (copied through native memory)
            float[] part = {1.5f, -2.5f, 3.5f};
            device.write(buffer, 8, MemorySegment.ofArray(part));
            float[] back = new float[5];
            device.read(buffer, 4, MemorySegment.ofArray(back));
            assertArrayEquals(new float[]{in.getAtIndex(JAVA_FLOAT, 1), 1.5f, -2.5f, 3.5f, in.getAtIndex(JAVA_FLOAT, 5)}, back);

            assertThrows(IndexOutOfBoundsException.class, () -> device.write(buffer, 4L * n - 4, MemorySegment.ofArray(part)));
        }
    }

    @Test
    void saxpyMatchesJavaWithDefaultLocalSizeAndRaggedGlobal() {
        // n is not a multiple of the default 256: the launch is rounded up and the kernel guards.
        int n = 256 * (1 + random.nextInt(12)) + 1 + random.nextInt(255);
        float a = random.nextFloat() * 4 - 2;
        OpenCLKernel kernel = device.buildFromSource(SAXPY, "saxpy", SAXPY_PARAMS);
        try (Arena arena = Arena.ofConfined(); Buffer y = device.allocateFloats(n); Buffer x = device.allocateFloats(n)) {
            MemorySegment hx = randomFloats(arena, n), hy = randomFloats(arena, n);
            device.write(x, 0, hx);
            device.write(y, 0, hy);
            device.launch(kernel, Range.of(n), y, x, a).await();
            MemorySegment got = arena.allocate(JAVA_FLOAT, n);
            device.read(y, 0, got);
            float[] expected = new float[n];
            for (int i = 0; i < n; i++) expected[i] = a * hx.getAtIndex(JAVA_FLOAT, i) + hy.getAtIndex(JAVA_FLOAT, i);
            // the device may contract a*x+y into an fma: allow rounding differences
            assertRelativeL2(expected, got.toArray(JAVA_FLOAT), 1e-6);
        }
    }

    @Test
    void twoDimensionalLaunchWithSpecializedWidth() {
        int width = 37, height = 23; // neither a multiple of 16: both dimensions are rounded up
        String source = """
                #define width 37
                __kernel void scale2d(__global float* out, int out_size, __global const float* in, int in_size, int height) {
                    int x = get_global_id(0);
                    int y = get_global_id(1);
                    if (x >= width || y >= height) return;
                    out[y * width + x] = 2.0f * in[y * width + x] + x + 1000.0f * y;
                }
                """;
        var params = List.of(new Parameter("out", Type.FLOAT_GLOBAL_ARRAY), new Parameter("in", Type.FLOAT_GLOBAL_ARRAY),
                new Parameter("width", Type.INT), new Parameter("height", Type.INT));
        OpenCLKernel kernel = device.buildFromSource(source, "scale2d", params, Map.of("width", width));
        int n = width * height;
        try (Arena arena = Arena.ofConfined(); Buffer out = device.allocateFloats(n); Buffer in = device.allocateFloats(n)) {
            MemorySegment hin = randomFloats(arena, n);
            device.write(in, 0, hin);
            device.launch(kernel, Range.of(width, height), out, in, width, height);
            MemorySegment got = arena.allocate(JAVA_FLOAT, n);
            device.read(out, 0, got);
            float[] expected = new float[n];
            for (int y = 0; y < height; y++)
                for (int x = 0; x < width; x++) expected[y * width + x] = 2.0f * hin.getAtIndex(JAVA_FLOAT, y * width + x) + x + 1000.0f * y;
            assertArrayEquals(expected, got.toArray(JAVA_FLOAT), "seed " + seed);

            var e = assertThrows(IllegalArgumentException.class, () -> device.launch(kernel, Range.of(width, height), out, in, width + 1, height));
            assertTrue(e.getMessage().contains("width"), e.getMessage());
        }
    }

    @Test
    void localMemoryReductionWithExplicitLocalSize() {
        int group = 64, groups = 10 + random.nextInt(20), n = group * groups;
        String source = """
                __kernel void groupSums(__global const float* in, int in_size, __global float* sums, int sums_size) {
                    __local float scratch[64];
                    int lid = get_local_id(0);
                    scratch[lid] = in[get_global_id(0)];
                    barrier(CLK_LOCAL_MEM_FENCE);
                    for (int stride = 32; stride > 0; stride /= 2) {
                        if (lid < stride) scratch[lid] += scratch[lid + stride];
                        barrier(CLK_LOCAL_MEM_FENCE);
                    }
                    if (lid == 0) sums[get_group_id(0)] = scratch[0];
                }
                """;
        var params = List.of(new Parameter("in", Type.FLOAT_GLOBAL_ARRAY), new Parameter("sums", Type.FLOAT_GLOBAL_ARRAY));
        OpenCLKernel kernel = device.buildFromSource(source, "groupSums", params);
        try (Arena arena = Arena.ofConfined(); Buffer in = device.allocateFloats(n); Buffer sums = device.allocateFloats(groups)) {
            MemorySegment hin = randomFloats(arena, n);
            device.write(in, 0, hin);
            device.launch(kernel, Range.of(n).withLocal(group), in, sums);
            MemorySegment got = arena.allocate(JAVA_FLOAT, groups);
            device.read(sums, 0, got);
            float[] expected = new float[groups];
            for (int g = 0; g < groups; g++) {
                double sum = 0;
                for (int i = 0; i < group; i++) sum += hin.getAtIndex(JAVA_FLOAT, g * group + i);
                expected[g] = (float) sum;
            }
            assertRelativeL2(expected, got.toArray(JAVA_FLOAT), 1e-5);

            // an explicit local size is taken as it is: a global size that is not a multiple is the caller's error
            var e = assertThrows(IllegalArgumentException.class, () -> device.launch(kernel, Range.of(n + 1).withLocal(group), in, sums));
            assertTrue(e.getMessage().contains("multiple"), e.getMessage());
        }
    }

    @Test
    void profiledLaunchHasPositiveDuration() {
        int n = 1 << 20;
        OpenCLKernel kernel = device.buildFromSource(SAXPY, "saxpy", SAXPY_PARAMS);
        try (Buffer y = device.allocateFloats(n); Buffer x = device.allocateFloats(n)) {
            device.setProfiling(true);
            Event event = device.launch(kernel, Range.of(n), y, x, 2f);
            long nanos = event.durationNanos();
            assertTrue(nanos > 0, "duration " + nanos);
            assertEquals(nanos, event.durationNanos(), "a second read gives the same time");
            event.await(); // after release: returns at once
            device.setProfiling(false);
            assertEquals(-1, device.launch(kernel, Range.of(n), y, x, 2f).durationNanos());
        } finally {
            device.setProfiling(false);
        }
    }

    @Test
    void buildErrorQuotesTheFailingLineAndTheLog() {
        String source = """
                __kernel void broken(__global float* y, int y_size) {
                    int i = get_global_id(0);
                    float x = foo(y[i]);
                    y[i] = x;
                }
                """;
        var e = assertThrows(KernelBuildException.class, () -> device.buildFromSource(source, "broken",
                List.of(new Parameter("y", Type.FLOAT_GLOBAL_ARRAY))));
        System.out.println(e.getMessage());
        assertEquals("CL_BUILD_PROGRAM_FAILURE", e.codeName());
        assertTrue(e.getMessage().contains("CL_BUILD_PROGRAM_FAILURE"), e.getMessage());
        assertTrue(e.getMessage().contains("line 3: float x = foo(y[i]);"), e.getMessage());
        assertFalse(e.buildLog().isBlank());
        assertTrue(e.getMessage().contains(e.buildLog().lines().findFirst().orElseThrow().strip()), "the log is in the message");
    }

    @Test
    void invalidWorkGroupSizeIsNamed() {
        OpenCLKernel kernel = device.buildFromSource(SAXPY, "saxpy", SAXPY_PARAMS);
        int tooMany = device.info().maxWorkGroupSize();
        try (Buffer y = device.allocateFloats(tooMany * 2); Buffer x = device.allocateFloats(tooMany * 2)) {
            // each dimension is within limits, the product (2 x max) is not
            var e = assertThrows(OpenCLException.class, () -> device.launch(kernel, Range.of(tooMany, 2).withLocal(tooMany, 2), y, x, 1f));
            System.out.println(e.getMessage());
            assertTrue(e.codeName().equals("CL_INVALID_WORK_GROUP_SIZE") || e.codeName().equals("CL_INVALID_WORK_ITEM_SIZE"), e.getMessage());
            assertTrue(e.getMessage().contains(e.codeName()), e.getMessage());
        }
    }

    @Test
    void wrongArgumentsNameTheParameter() {
        OpenCLKernel kernel = device.buildFromSource(SAXPY, "saxpy", SAXPY_PARAMS);
        try (Buffer y = device.allocateFloats(16); Buffer x = device.allocateFloats(16)) {
            var count = assertThrows(IllegalArgumentException.class, () -> device.launch(kernel, Range.of(16), y, x));
            assertTrue(count.getMessage().contains("takes 3 arguments (y, x, a), got 2"), count.getMessage());
            var type = assertThrows(IllegalArgumentException.class, () -> device.launch(kernel, Range.of(16), y, x, 2.0));
            assertTrue(type.getMessage().contains("'a'") && type.getMessage().contains("Float"), type.getMessage());
            var buffer = assertThrows(IllegalArgumentException.class, () -> device.launch(kernel, Range.of(16), y, 3, 2f));
            assertTrue(buffer.getMessage().contains("'x'"), buffer.getMessage());
        }
    }

    @Test
    void secondBuildOfTheSameSourceOnAFreshDeviceReadsTheDiskCache() {
        // a comment with a fresh nonce makes the source new to the cache
        String source = "// nonce " + seed + "-" + random.nextLong() + "\n" + SAXPY;
        OpenCLKernel first = device.buildFromSource(source, "saxpy", SAXPY_PARAMS);
        assertNotNull(first);
        BuildStats before = device.buildStats();

        List<Device> fresh = new OpenCLBackend().openDevices();
        try {
            var other = (OpenCLDevice) fresh.getFirst();
            assertEquals(new BuildStats(0, 0, 0, 0), other.buildStats());
            OpenCLKernel cached = other.buildFromSource(source, "saxpy", SAXPY_PARAMS);
            BuildStats stats = other.buildStats();
            System.out.println("first device " + before + ", fresh device " + stats);
            assertEquals(1, stats.cacheHits(), "binary read from the disk cache");
            assertEquals(0, stats.cacheMisses());
            assertTrue(stats.buildNanos() > 0);
            assertTrue(before.cacheMisses() >= 1);

            // the program loaded from the binary runs
            int n = 100;
            try (Arena arena = Arena.ofConfined(); Buffer y = other.allocateFloats(n); Buffer x = other.allocateFloats(n)) {
                MemorySegment hx = randomFloats(arena, n), hy = randomFloats(arena, n);
                other.write(x, 0, hx);
                other.write(y, 0, hy);
                other.launch(cached, Range.of(n), y, x, 3f);
                MemorySegment got = arena.allocate(JAVA_FLOAT, n);
                other.read(y, 0, got);
                float[] expected = new float[n];
                for (int i = 0; i < n; i++) expected[i] = 3f * hx.getAtIndex(JAVA_FLOAT, i) + hy.getAtIndex(JAVA_FLOAT, i);
                assertRelativeL2(expected, got.toArray(JAVA_FLOAT), 1e-6);
            }
        } finally {
            fresh.forEach(Device::close);
        }
    }

    @Test
    void eventsAndBuffersAreReleased() {
        List<Device> fresh = new OpenCLBackend().openDevices();
        var other = (OpenCLDevice) fresh.getFirst();
        try {
            OpenCLKernel kernel = other.buildFromSource(SAXPY, "saxpy", SAXPY_PARAMS);
            Buffer y = other.allocateFloats(64), x = other.allocateFloats(64);
            other.setProfiling(true);
            Event read = other.launch(kernel, Range.of(64), y, x, 1f);
            var unread = new java.util.ArrayList<Event>(); // held, so the Cleaner cannot release them during the counts
            for (int i = 0; i < 20; i++) unread.add(other.launch(kernel, Range.of(64), y, x, 1f));
            assertEquals(21, other.liveEventCount(), "each profiled launch holds its cl_event until released");
            assertTrue(read.durationNanos() >= 0);
            assertEquals(20, other.liveEventCount(), "reading the time releases the event");
            unread.getFirst().await();
            assertEquals(20, other.liveEventCount(), "await alone keeps the event (its time may still be read)");
            assertEquals(2, other.liveBufferCount());
            x.close();
            x.close();
            assertEquals(1, other.liveBufferCount());
        } finally {
            fresh.forEach(Device::close);
        }
        assertEquals(0, other.liveEventCount(), "close releases events nobody read");
        assertEquals(0, other.liveBufferCount(), "close releases buffers nobody closed");
    }

    @Test
    void closedDeviceAndBuffersFailCleanly() {
        List<Device> fresh = new OpenCLBackend().openDevices();
        Device other = fresh.getFirst();
        Buffer kept = other.allocateFloats(8);
        fresh.forEach(Device::close);
        kept.close(); // already released by the device: a no-op
        other.close(); // idempotent
        assertThrows(IllegalStateException.class, () -> other.allocateFloats(8));
        assertThrows(IllegalArgumentException.class, () -> device.write(kept, 0, MemorySegment.ofArray(new float[1])));
    }

    private MemorySegment randomFloats(Arena arena, int n) {
        MemorySegment s = arena.allocate(JAVA_FLOAT, n);
        for (int i = 0; i < n; i++) s.setAtIndex(JAVA_FLOAT, i, random.nextFloat() * 2 - 1);
        return s;
    }

    private void assertRelativeL2(float[] expected, float[] got, double tolerance) {
        double diff = 0, norm = 0;
        for (int i = 0; i < expected.length; i++) {
            diff += Math.pow(expected[i] - got[i], 2);
            norm += Math.pow(expected[i], 2);
        }
        double error = Math.sqrt(diff / Math.max(norm, 1e-30));
        assertTrue(error <= tolerance, "relative L2 error " + error + " > " + tolerance + " (seed " + seed + ")");
    }
}
