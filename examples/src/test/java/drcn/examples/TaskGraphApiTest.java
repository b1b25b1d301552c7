package drcn.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import drcn.tornado.api.GridScheduler;
import drcn.tornado.api.KernelContext;
import drcn.tornado.api.TaskGraph;
import drcn.tornado.api.TornadoBackend;
import drcn.tornado.api.TornadoExecutionPlan;
import drcn.tornado.api.TornadoExecutionResult;
import drcn.tornado.api.TornadoProfilerResult;
import drcn.tornado.api.TornadoRuntime;
import drcn.tornado.api.WorkerGrid1D;
import drcn.tornado.api.WorkerGrid2D;
import drcn.tornado.api.WorkerGrid3D;
import drcn.tornado.api.common.TornadoDevice;
import drcn.tornado.api.enums.DataTransferMode;
import drcn.tornado.api.enums.ProfilerMode;
import drcn.tornado.api.exceptions.TornadoExecutionPlanException;
import drcn.tornado.api.exceptions.TornadoTaskRuntimeException;
import drcn.tornado.api.runtime.TornadoRuntimeProvider;
import drcn.tornado.api.types.arrays.FloatArray;
import drcn.tornado.api.types.arrays.IntArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** Every element of the host API on every device this machine has (jvm, PoCL's OpenCL, CUDA where present). */
class TaskGraphApiTest {

    static List<TornadoDevice> devices() {
        TornadoRuntime runtime = TornadoRuntimeProvider.getTornadoRuntime();
        var out = new ArrayList<TornadoDevice>();
        for (int b = 0; b < runtime.getNumBackends(); b++) {
            TornadoBackend backend = runtime.getBackend(b);
            for (int d = 0; d < backend.getNumDevices(); d++) out.add(backend.getDevice(d));
        }
        return out;
    }

    // ---- kernels (no annotation: the kernel compiler finds them through task(...))

    public static void scale(KernelContext context, FloatArray in, FloatArray out, float factor) {
        int i = context.globalIdx;
        if (i < in.getSize()) out.set(i, in.get(i) * factor);
    }

    public static void addOne(KernelContext context, FloatArray data) {
        int i = context.globalIdx;
        if (i < data.getSize()) data.set(i, data.get(i) + 1f);
    }

    /** Writes each work-item's global and local ids, so a test can check the launch's shape. */
    public static void ids(KernelContext context, IntArray out, int width, int height) {
        int x = context.globalIdx, y = context.globalIdy, z = context.globalIdz;
        int at = ((z * height + y) * width + x) * 4;
        out.set(at, x);
        out.set(at + 1, y);
        out.set(at + 2, z);
        out.set(at + 3, context.localGroupSizeX * 10000 + context.localGroupSizeY * 100 + context.localGroupSizeZ);
    }

    /** A sequential task (no KernelContext, no grid): one work-item runs the whole loop. */
    public static void prefixSum(FloatArray data) {
        for (int i = 1; i < data.getSize(); i++) data.set(i, data.get(i) + data.get(i - 1));
    }

    private static FloatArray random(int n, long seed) {
        var r = new Random(seed);
        FloatArray a = new FloatArray(n);
        for (int i = 0; i < n; i++) a.set(i, r.nextFloat() * 2 - 1);
        return a;
    }

    private static GridScheduler grid1(String key, int n) {
        return new GridScheduler(key, new WorkerGrid1D(n));
    }

    // ---- examples

    @ParameterizedTest
    @MethodSource("devices")
    void readmeExamplesRunOnEveryDevice(TornadoDevice device) throws Exception {
        TornadoRuntimeProvider.setProperty("s0.device", device.getId());
        TornadoRuntimeProvider.setProperty("mxm.device", device.getId());
        try {
            assertEquals(0f, VectorAdd.run(1 << 12), device.getId());
            assertTrue(MatrixMultiplication.run(64, false) < 1e-4, device.getId());
        } finally {
            TornadoRuntimeProvider.setProperty("s0.device", "");
            TornadoRuntimeProvider.setProperty("mxm.device", "");
        }
    }

    // ---- transfer modes, counted by the profiler

    @ParameterizedTest
    @MethodSource("devices")
    void firstExecutionCopiesOnceEveryExecutionAlways(TornadoDevice device) throws TornadoExecutionPlanException {
        int n = 1000;
        FloatArray weights = random(n, 1), input = random(n, 2), out = new FloatArray(n);
        TaskGraph g = new TaskGraph("g")
                .transferToDevice(DataTransferMode.FIRST_EXECUTION, weights)
                .transferToDevice(DataTransferMode.EVERY_EXECUTION, input)
                .task("t", TaskGraphApiTest::scale, new KernelContext(), input, out, 2f)
                .task("u", TaskGraphApiTest::addOne, new KernelContext(), weights)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, out);
        GridScheduler grid = grid1("g.t", n);
        grid.addWorkerGrid("g.u", new WorkerGrid1D(n));
        try (var plan = new TornadoExecutionPlan(g.snapshot())) {
            plan.withDevice(device).withGridScheduler(grid).withProfiler(ProfilerMode.SILENT);
            TornadoProfilerResult first = plan.execute().getProfilerResult();
            assertEquals(3L * n * 4, first.getTotalBytesCopyIn(), "first execution: weights, input, and out at its first use");
            assertEquals((long) n * 4, first.getTotalBytesCopyOut());
            for (int run = 0; run < 2; run++) {
                input.set(0, 100f + run);
                TornadoProfilerResult again = plan.execute().getProfilerResult();
                assertEquals((long) n * 4, again.getTotalBytesCopyIn(), "later executions: the input only");
                assertEquals((long) n * 4, again.getTotalBytesCopyOut());
                assertEquals(2f * (100f + run), out.get(0), "EVERY_EXECUTION brought the new input");
            }
        }
        // weights were never copied back: the host still has the originals, the device had +1 three times
        assertEquals(random(n, 1).get(5), weights.get(5));
    }

    @ParameterizedTest
    @MethodSource("devices")
    void underDemandCopiesOnlyWhenAsked(TornadoDevice device) throws TornadoExecutionPlanException {
        int n = 257;
        FloatArray data = random(n, 3);
        float before = data.get(7);
        TaskGraph g = new TaskGraph("g")
                .transferToDevice(DataTransferMode.FIRST_EXECUTION, data)
                .task("t", TaskGraphApiTest::addOne, new KernelContext(), data)
                .transferToHost(DataTransferMode.UNDER_DEMAND, data);
        try (var plan = new TornadoExecutionPlan(g.snapshot())) {
            plan.withDevice(device).withGridScheduler(grid1("g.t", n)).withProfiler(ProfilerMode.SILENT);
            TornadoExecutionResult r1 = plan.execute();
            assertEquals(0, r1.getProfilerResult().getTotalBytesCopyOut());
            assertEquals(before, data.get(7), "no copy back yet");
            TornadoExecutionResult r2 = plan.execute();
            r2.transferToHost(data);
            assertEquals(before + 2f, data.get(7), 1e-6f, "two executions, then the copy on demand");
        }
    }

    @ParameterizedTest
    @MethodSource("devices")
    void transferToHostFirstExecutionOnly(TornadoDevice device) throws TornadoExecutionPlanException {
        int n = 64;
        FloatArray data = new FloatArray(n);
        TaskGraph g = new TaskGraph("g")
                .transferToDevice(DataTransferMode.FIRST_EXECUTION, data)
                .task("t", TaskGraphApiTest::addOne, new KernelContext(), data)
                .transferToHost(DataTransferMode.FIRST_EXECUTION, data);
        try (var plan = new TornadoExecutionPlan(g.snapshot())) {
            plan.withDevice(device).withGridScheduler(grid1("g.t", n)).withProfiler(ProfilerMode.SILENT);
            assertEquals((long) n * 4, plan.execute().getProfilerResult().getTotalBytesCopyOut());
            assertEquals(0, plan.execute().getProfilerResult().getTotalBytesCopyOut());
            assertEquals(1f, data.get(3));
        }
    }

    // ---- persist / consume

    @ParameterizedTest
    @MethodSource("devices")
    void persistAndConsumeAcrossTwoGraphsOfOnePlan(TornadoDevice device) throws TornadoExecutionPlanException {
        int n = 300;
        FloatArray input = random(n, 4), middle = new FloatArray(n), out = new FloatArray(n);
        TaskGraph first = new TaskGraph("first")
                .transferToDevice(DataTransferMode.FIRST_EXECUTION, input)
                .task("scale", TaskGraphApiTest::scale, new KernelContext(), input, middle, 3f)
                .persistOnDevice(middle);
        TaskGraph second = new TaskGraph("second")
                .consumeFromDevice(middle)
                .task("scale", TaskGraphApiTest::scale, new KernelContext(), middle, out, 0.5f)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, out);
        GridScheduler grid = grid1("first.scale", n);
        grid.addWorkerGrid("second.scale", new WorkerGrid1D(n));
        float[] original = new float[1];
        try (var plan = new TornadoExecutionPlan(first.snapshot(), second.snapshot())) {
            TornadoProfilerResult p = plan.withDevice(device).withGridScheduler(grid).withProfiler(ProfilerMode.SILENT).execute().getProfilerResult();
            assertEquals(3L * n * 4, p.getTotalBytesCopyIn(), "first execution: input, and middle and out at their first use");
            assertEquals((long) n * 4, p.getTotalBytesCopyOut());
            original[0] = input.get(0);
            input.set(0, 42f); // FIRST_EXECUTION: the device keeps the value it got first
            TornadoProfilerResult again = plan.execute().getProfilerResult();
            assertEquals(0, again.getTotalBytesCopyIn(), "FIRST_EXECUTION input, consumed middle: nothing crosses");
            assertEquals((long) n * 4, again.getTotalBytesCopyOut());
        }
        for (int i = 0; i < n; i++) assertEquals((i == 0 ? original[0] : input.get(i)) * 1.5f, out.get(i), 1e-6f);
        assertEquals(0f, middle.get(1), "middle never came back to the host");
    }

    @ParameterizedTest
    @MethodSource("devices")
    void persistInOnePlanConsumeInAnother(TornadoDevice device) throws TornadoExecutionPlanException {
        int n = 100;
        FloatArray input = random(n, 5), middle = new FloatArray(n), out = new FloatArray(n);
        TaskGraph producer = new TaskGraph("producer")
                .transferToDevice(DataTransferMode.FIRST_EXECUTION, input)
                .task("t", TaskGraphApiTest::scale, new KernelContext(), input, middle, 2f)
                .persistOnDevice(middle);
        TaskGraph consumer = new TaskGraph("consumer")
                .consumeFromDevice("producer", middle)
                .task("t", TaskGraphApiTest::scale, new KernelContext(), middle, out, 2f)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, out);
        try (var plan = new TornadoExecutionPlan(producer.snapshot())) {
            plan.withDevice(device).withGridScheduler(grid1("producer.t", n)).execute();
        }
        try (var plan = new TornadoExecutionPlan(consumer.snapshot())) {
            TornadoProfilerResult p = plan.withDevice(device).withGridScheduler(grid1("consumer.t", n))
                    .withProfiler(ProfilerMode.SILENT).execute().getProfilerResult();
            assertEquals((long) n * 4, p.getTotalBytesCopyIn(), "only out, at its first use: the consumed buffer is already on the device");
        }
        for (int i = 0; i < n; i++) assertEquals(input.get(i) * 4f, out.get(i), 1e-6f);
    }

    // ---- grids

    @ParameterizedTest
    @MethodSource("devices")
    void gridSchedulersIn1D2D3DWithAndWithoutLocalSizes(TornadoDevice device) throws TornadoExecutionPlanException {
        int[][] shapes = {{64, 1, 1}, {16, 8, 1}, {8, 4, 2}};
        int[][] locals = {{16, 1, 1}, {4, 2, 1}, {2, 2, 2}};
        for (int s = 0; s < 3; s++) {
            for (boolean withLocal : new boolean[]{false, true}) {
                int w = shapes[s][0], h = shapes[s][1], d = shapes[s][2];
                IntArray out = new IntArray(w * h * d * 4);
                out.init(-1);
                TaskGraph g = new TaskGraph("g")
                        .task("ids", TaskGraphApiTest::ids, new KernelContext(), out, w, h)
                        .transferToHost(DataTransferMode.EVERY_EXECUTION, out);
                var worker = switch (s) {
                    case 0 -> new WorkerGrid1D(w);
                    case 1 -> new WorkerGrid2D(w, h);
                    default -> new WorkerGrid3D(w, h, d);
                };
                if (withLocal) worker.setLocalWork(locals[s][0], locals[s][1], locals[s][2]);
                else worker.setLocalWorkToNull();
                try (var plan = new TornadoExecutionPlan(g.snapshot())) {
                    plan.withDevice(device).withGridScheduler(new GridScheduler("g.ids", worker)).execute();
                }
                for (int z = 0; z < d; z++) for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) {
                    int at = ((z * h + y) * w + x) * 4;
                    String where = device.getId() + " " + (s + 1) + "D " + (withLocal ? "local" : "no local") + " at " + x + "," + y + "," + z;
                    assertEquals(x, out.get(at), where);
                    assertEquals(y, out.get(at + 1), where);
                    assertEquals(z, out.get(at + 2), where);
                    if (withLocal) {
                        assertEquals(locals[s][0] * 10000 + locals[s][1] * 100 + locals[s][2], out.get(at + 3), where);
                    }
                }
            }
        }
    }

    @Test
    void aTaskWithoutKernelContextRunsSequentially() throws TornadoExecutionPlanException {
        FloatArray data = new FloatArray(10);
        data.init(1f);
        TaskGraph g = new TaskGraph("seq").transferToDevice(DataTransferMode.FIRST_EXECUTION, data)
                .task("sum", TaskGraphApiTest::prefixSum, data).transferToHost(DataTransferMode.EVERY_EXECUTION, data);
        try (var plan = new TornadoExecutionPlan(g.snapshot())) {
            plan.execute();
        }
        assertEquals(10f, data.get(9));
    }

    // ---- devices

    @Test
    void twoPlansOnTwoDevicesAgree() throws TornadoExecutionPlanException {
        List<TornadoDevice> all = devices();
        assertTrue(all.size() >= 2 || all.size() == 1);
        int n = 4096;
        FloatArray input = random(n, 6);
        var outputs = new ArrayList<FloatArray>();
        var plans = new ArrayList<TornadoExecutionPlan>();
        for (TornadoDevice device : all) {
            FloatArray out = new FloatArray(n);
            outputs.add(out);
            TaskGraph g = new TaskGraph("g").transferToDevice(DataTransferMode.FIRST_EXECUTION, input)
                    .task("t", TaskGraphApiTest::scale, new KernelContext(), input, out, -1.5f)
                    .transferToHost(DataTransferMode.EVERY_EXECUTION, out);
            plans.add(new TornadoExecutionPlan(g.snapshot()).withDevice(device).withGridScheduler(grid1("g.t", n)));
        }
        for (var plan : plans) plan.execute();
        for (var plan : plans) plan.close();
        for (int k = 1; k < outputs.size(); k++) {
            for (int i = 0; i < n; i++) assertEquals(outputs.get(0).get(i), outputs.get(k).get(i), all.get(k).getId());
        }
    }

    @Test
    void perTaskDevicesMoveDataBetweenDevices() throws TornadoExecutionPlanException {
        List<TornadoDevice> all = devices();
        TornadoDevice a = all.get(0), b = all.get(all.size() - 1);
        int n = 500;
        FloatArray data = random(n, 7), expected = new FloatArray(n);
        for (int i = 0; i < n; i++) expected.set(i, data.get(i) + 2f);
        TaskGraph g = new TaskGraph("g").transferToDevice(DataTransferMode.FIRST_EXECUTION, data)
                .task("one", TaskGraphApiTest::addOne, new KernelContext(), data)
                .task("two", TaskGraphApiTest::addOne, new KernelContext(), data)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, data);
        GridScheduler grid = grid1("g.one", n);
        grid.addWorkerGrid("g.two", new WorkerGrid1D(n));
        try (var plan = new TornadoExecutionPlan(g.snapshot())) {
            plan.withDevice("g.one", a).withDevice("g.two", b).withGridScheduler(grid).execute();
        }
        for (int i = 0; i < n; i++) assertEquals(expected.get(i), data.get(i), 1e-6f);
    }

    @Test
    void loadSettingsAddsTheKeysNotSetYet(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws java.io.IOException {
        java.nio.file.Path file = dir.resolve("settings.properties");
        java.nio.file.Files.writeString(file, "drcn.test.loaded=from-file\ndrcn.test.kept=from-file\n");
        TornadoRuntimeProvider.setProperty("drcn.test.kept", "set-before");
        TornadoRuntimeProvider.loadSettings(file.toString());
        assertEquals("from-file", TornadoRuntimeProvider.getProperty("drcn.test.loaded"));
        assertEquals("set-before", TornadoRuntimeProvider.getProperty("drcn.test.kept"));
        TornadoRuntimeProvider.loadSettings(dir.resolve("absent.properties").toString()); // a warning, no change
        assertEquals("from-file", TornadoRuntimeProvider.getProperty("drcn.test.loaded"));
    }

    @Test
    void backendsAreFoundByTheirClass() {
        TornadoRuntime runtime = TornadoRuntimeProvider.getTornadoRuntime();
        TornadoBackend first = runtime.getBackend(0);
        int index = runtime.getBackendIndex(first.getClass());
        assertTrue(index >= 0 && first.getClass().isInstance(runtime.getBackend(index)));
        assertSame(runtime.getBackend(index), runtime.getBackend(first.getClass()));
        interface NoSuchBackend extends TornadoBackend {}
        assertEquals(-1, runtime.getBackendIndex(NoSuchBackend.class));
        assertNull(runtime.getBackend(NoSuchBackend.class));
    }

    @Test
    void deviceSettingPicksTheTaskDevice() throws TornadoExecutionPlanException {
        List<TornadoDevice> all = devices();
        TornadoDevice last = all.get(all.size() - 1);
        TornadoRuntimeProvider.setProperty("dev.t.device", last.getId());
        try {
            FloatArray data = new FloatArray(8);
            TaskGraph g = new TaskGraph("dev").transferToDevice(DataTransferMode.FIRST_EXECUTION, data)
                    .task("t", TaskGraphApiTest::addOne, new KernelContext(), data).transferToHost(DataTransferMode.EVERY_EXECUTION, data);
            try (var plan = new TornadoExecutionPlan(g.snapshot())) {
                TornadoProfilerResult p = plan.withGridScheduler(grid1("dev.t", 8)).withProfiler(ProfilerMode.SILENT).execute().getProfilerResult();
                JsonNode task = new ObjectMapper().readTree(p.getProfileLog()).get("dev.t");
                assertEquals(last.getDeviceName(), task.get("DEVICE").asText());
                assertTrue(task.get("DEVICE_ID").asText().startsWith(last.getBackendIndex() + ":"));
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
            assertEquals(1f, data.get(0));
        } finally {
            TornadoRuntimeProvider.setProperty("dev.t.device", "");
        }
    }

    // ---- profiler, replay, errors

    @ParameterizedTest
    @MethodSource("devices")
    void profilerReportsEveryTaskWithTornadoVMsKeys(TornadoDevice device) throws Exception {
        int n = 2048;
        FloatArray in = random(n, 8), out = new FloatArray(n);
        TaskGraph g = new TaskGraph("p").transferToDevice(DataTransferMode.FIRST_EXECUTION, in)
                .task("scale", TaskGraphApiTest::scale, new KernelContext(), in, out, 2f)
                .task("bump", TaskGraphApiTest::addOne, new KernelContext(), out)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, out);
        GridScheduler grid = grid1("p.scale", n);
        grid.addWorkerGrid("p.bump", new WorkerGrid1D(n));
        try (var plan = new TornadoExecutionPlan(g.snapshot())) {
            TornadoProfilerResult p = plan.withDevice(device).withGridScheduler(grid).withProfiler(ProfilerMode.SILENT).execute().getProfilerResult();
            JsonNode json = new ObjectMapper().readTree(p.getProfileLog());
            for (String key : List.of("TOTAL_TASK_GRAPH_TIME", "TOTAL_KERNEL_TIME", "TOTAL_DISPATCH_KERNEL_TIME",
                    "TOTAL_DISPATCH_DATA_TRANSFERS_TIME", "COPY_IN_TIME", "COPY_OUT_TIME", "TOTAL_COPY_IN_SIZE_BYTES",
                    "TOTAL_COPY_OUT_SIZE_BYTES", "TOTAL_CODE_GENERATION_TIME", "TOTAL_DRIVER_COMPILE_TIME", "TOTAL_CACHE_HITS",
                    "ALLOCATION_BYTES")) {
                assertTrue(json.has(key), key + " in " + json);
            }
            for (String task : List.of("p.scale", "p.bump")) {
                JsonNode t = json.get(task);
                assertNotNull(t, task);
                for (String key : List.of("METHOD", "DEVICE_ID", "DEVICE", "BACKEND", "TASK_KERNEL_TIME", "TASK_DISPATCH_TIME",
                        "TASK_CODE_GENERATION_TIME", "TASK_COMPILE_DRIVER_TIME", "CACHE_HIT", "BUILD_SOURCE")) {
                    assertTrue(t.has(key), task + "." + key + " in " + t);
                }
                assertTrue(t.get("TASK_KERNEL_TIME").asLong() > 0, task + " kernel time");
            }
            assertEquals(2L * n * 4, json.get("TOTAL_COPY_IN_SIZE_BYTES").asLong(), "in, and out at its first use");
            assertEquals((long) n * 4, json.get("p.scale").get("COPY_IN_SIZE_BYTES").asLong(), "out's first use is charged to its task");
            assertEquals((long) n * 4, json.get("p").get("COPY_IN_SIZE_BYTES").asLong(), "the graph's transfer of in");
            assertEquals((long) n * 4, json.get("p").get("COPY_OUT_SIZE_BYTES").asLong(), "the graph's transfer of out");
            assertEquals((long) n * 4, json.get("TOTAL_COPY_OUT_SIZE_BYTES").asLong());
            assertEquals(p.getTotalBytesCopyIn(), json.get("TOTAL_COPY_IN_SIZE_BYTES").asLong());
            assertEquals(json.get("COPY_IN_TIME").asLong() + json.get("COPY_OUT_TIME").asLong(),
                    json.get("TOTAL_DISPATCH_DATA_TRANSFERS_TIME").asLong(), "copies block: their dispatch is the copy");
            assertFalse(json.get("p.scale").get("BUILD_SOURCE").asText().equals("plan"), "built in the first execution");
            assertTrue(p.getDeviceKernelTime() > 0);
            JsonNode again = new ObjectMapper().readTree(plan.execute().getProfilerResult().getProfileLog());
            assertTrue(again.get("p.scale").get("CACHE_HIT").asBoolean(), "second execution reuses the built kernel");
            assertEquals("plan", again.get("p.scale").get("BUILD_SOURCE").asText());
            assertEquals(2, again.get("TOTAL_CACHE_HITS").asLong());
            assertEquals(0, again.get("TOTAL_DRIVER_COMPILE_TIME").asLong());
            assertEquals(0, again.get("TOTAL_COPY_IN_SIZE_BYTES").asLong(), "FIRST_EXECUTION: nothing copied in again");
            assertEquals((long) n * 4, again.get("TOTAL_COPY_OUT_SIZE_BYTES").asLong());
        }
    }

    @ParameterizedTest
    @MethodSource("devices")
    void profilerDumpsJsonPrintsTheTableAndWritesTheTrace(TornadoDevice device) throws Exception {
        int n = 1024;
        FloatArray in = random(n, 10), out = new FloatArray(n);
        TaskGraph g = new TaskGraph("d").transferToDevice(DataTransferMode.EVERY_EXECUTION, in)
                .task("scale", TaskGraphApiTest::scale, new KernelContext(), in, out, 3f)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, out);
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("drcn-profile");
        java.nio.file.Path dump = dir.resolve("profile.jsonl"), trace = dir.resolve("trace.json");
        TornadoRuntimeProvider.setProperty("tornado.profiler.dump.dir", dump.toString());
        TornadoRuntimeProvider.setProperty("tornado.profiler.trace", trace.toString());
        TornadoRuntimeProvider.setProperty("tornado.profiler.table", "true");
        var err = new java.io.ByteArrayOutputStream();
        java.io.PrintStream stderr = System.err;
        System.setErr(new java.io.PrintStream(err, true));
        try (var plan = new TornadoExecutionPlan(g.snapshot())) {
            plan.withDevice(device).withGridScheduler(grid1("d.scale", n)).withProfiler(ProfilerMode.SILENT);
            plan.execute();
            plan.execute();
        } finally {
            System.setErr(stderr);
            for (String key : List.of("tornado.profiler.dump.dir", "tornado.profiler.trace", "tornado.profiler.table")) {
                TornadoRuntimeProvider.setProperty(key, "");
            }
        }
        List<String> lines = java.nio.file.Files.readAllLines(dump);
        assertEquals(2, lines.size(), "one JSON object per execution");
        for (int i = 0; i < lines.size(); i++) {
            JsonNode json = new ObjectMapper().readTree(lines.get(i));
            // in on each execution; out too at its first use (no transfer names it), on the first
            assertEquals((long) n * 4 * (i == 0 ? 2 : 1), json.get("TOTAL_COPY_IN_SIZE_BYTES").asLong(), "copies in, execution " + (i + 1));
            assertEquals((long) n * 4, json.get("TOTAL_COPY_OUT_SIZE_BYTES").asLong(), "out, EVERY_EXECUTION");
            assertTrue(json.get("d.scale").get("TASK_KERNEL_TIME").asLong() > 0);
        }
        String table = err.toString();
        assertTrue(table.contains("plan profile, execution 2") && table.contains("d.scale"), table);
        JsonNode events = new ObjectMapper().readTree(trace.toFile()).get("traceEvents");
        int tasks = 0, copies = 0;
        for (JsonNode e : events) {
            if (!e.path("ph").asText().equals("X")) continue;
            if (e.get("cat").asText().equals("tasks") && e.get("name").asText().equals("d.scale")) tasks++;
            if (e.get("cat").asText().equals("copies") && e.get("args").get("bytes").asLong() == (long) n * 4) copies++;
        }
        assertEquals(2, tasks, "a span per execution of the task");
        assertEquals(5, copies, "in and out, twice, and out's first use");
    }

    @ParameterizedTest
    @MethodSource("devices")
    void replayEqualsDirectExecutionBitForBit(TornadoDevice device) throws TornadoExecutionPlanException {
        int n = 3000;
        FloatArray in = random(n, 9);
        FloatArray direct = new FloatArray(n), replayed = new FloatArray(n);
        for (FloatArray out : List.of(direct, replayed)) {
            TaskGraph g = new TaskGraph("r").transferToDevice(DataTransferMode.EVERY_EXECUTION, in)
                    .task("scale", TaskGraphApiTest::scale, new KernelContext(), in, out, 1.0001f)
                    .task("bump", TaskGraphApiTest::addOne, new KernelContext(), out)
                    .task("again", TaskGraphApiTest::scale, new KernelContext(), out, out, 0.999f)
                    .transferToHost(DataTransferMode.EVERY_EXECUTION, out);
            GridScheduler grid = grid1("r.scale", n);
            grid.addWorkerGrid("r.bump", new WorkerGrid1D(n));
            grid.addWorkerGrid("r.again", new WorkerGrid1D(n));
            try (var plan = new TornadoExecutionPlan(g.snapshot())) {
                plan.withDevice(device).withGridScheduler(grid);
                if (out == replayed) plan.withCUDAGraph();
                for (int i = 0; i < 4; i++) {
                    // new buffers after freeDeviceMemory: the replay records and captures again
                    if (i == 2) plan.freeDeviceMemory();
                    plan.execute();
                }
            }
        }
        for (int i = 0; i < n; i++) assertEquals(Float.floatToIntBits(direct.get(i)), Float.floatToIntBits(replayed.get(i)), "at " + i);
    }

    public static void fillRows(FloatArray matrix, int rows, int columns) {
        for (@drcn.tornado.api.annotations.Parallel int i = 0; i < rows; i++) {
            for (@drcn.tornado.api.annotations.Parallel int j = 0; j < columns; j++) matrix.set(i * columns + j, i * 1000 + j);
        }
    }

    public static void addHalf(FloatArray row) {
        for (@drcn.tornado.api.annotations.Parallel int i = 0; i < row.getSize(); i++) row.set(i, row.get(i) + 0.5f);
    }

    @ParameterizedTest
    @MethodSource("devices")
    void aMappedRegionSharesTheSourcesDeviceMemory(TornadoDevice device) throws Exception {
        int rows = 24, columns = 64; // a row is 256 bytes: every device's slice alignment divides it
        FloatArray matrix = new FloatArray(rows * columns), row = new FloatArray(columns);
        var producer = new TaskGraph("s0").task("t0", TaskGraphApiTest::fillRows, matrix, rows, columns)
                .transferToHost(DataTransferMode.UNDER_DEMAND, matrix);
        var consumer = new TaskGraph("s1").transferToDevice(DataTransferMode.UNDER_DEMAND, row)
                .task("t0", TaskGraphApiTest::addHalf, row).transferToHost(DataTransferMode.EVERY_EXECUTION, row);
        try (var plan = new TornadoExecutionPlan(producer.snapshot(), consumer.snapshot())) {
            plan.withDevice(device);
            assertThrows(drcn.tornado.api.exceptions.TornadoRuntimeException.class, () -> plan.mapOnDeviceMemoryRegion(row, matrix, 0, 0, 1),
                    "the source is on no device before graph 0 ran");
            plan.withGraph(0).execute();
            int r = 1 + new Random().nextInt(rows - 1);
            plan.mapOnDeviceMemoryRegion(row, matrix, (long) r * columns, 0, 1);
            var result = plan.withGraph(1).execute();
            for (int j = 0; j < columns; j++) assertEquals(r * 1000 + j + 0.5f, row.get(j), "row " + r + " column " + j);
            plan.withGraph(1).execute(); // the region again: it holds the first execution's sums
            for (int j = 0; j < columns; j++) assertEquals(r * 1000 + j + 1f, row.get(j), "second execution, column " + j);
            result.transferToHost(matrix); // the source's memory changed with the row's
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < columns; j++) assertEquals(i * 1000 + j + (i == r ? 1f : 0f), matrix.get(i * columns + j), i + "," + j);
            }
            assertThrows(drcn.tornado.api.exceptions.TornadoRuntimeException.class,
                    () -> plan.mapOnDeviceMemoryRegion(row, matrix, (long) rows * columns - 1, 0, 1), "past the source's end");
        }
    }

    @ParameterizedTest
    @MethodSource("devices")
    void theDeviceContextDescribesTheDevice(TornadoDevice device) {
        var context = device.getDeviceContext();
        assertEquals(device.getMaxGlobalMemory(), context.getMemoryManager().getHeapSize());
        assertTrue(context.getMemoryManager().getHeapSize() > 0);
        assertEquals(device.getDeviceName(), context.getDeviceName());
        assertEquals(device.getDeviceName(), context.getDevice().getDeviceName());
        assertEquals(device.getBackendIndex(), context.getDriverIndex());
        TornadoBackend backend = TornadoRuntimeProvider.getTornadoRuntime().getBackend(device.getBackendIndex());
        assertEquals(device.getId(), backend.getDevice(context.getDeviceIndex()).getId());
        if (device.getId().startsWith("jvm")) assertTrue(context.isFP64Supported());
    }

    /** As in TornadoVM: without a grid a KernelContext task runs as one work-item (global id 0 only). */
    @ParameterizedTest
    @MethodSource("devices")
    void aKernelContextTaskWithoutAGridRunsAsOneWorkItem(TornadoDevice device) throws Exception {
        var r = new java.util.Random();
        FloatArray data = new FloatArray(4);
        for (int i = 0; i < 4; i++) data.set(i, r.nextFloat());
        float[] before = data.toHeapArray();
        TaskGraph g = new TaskGraph("nogrid").transferToDevice(DataTransferMode.EVERY_EXECUTION, data)
                .task("t", TaskGraphApiTest::addOne, new KernelContext(), data)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, data);
        try (var plan = new TornadoExecutionPlan(g.snapshot())) {
            plan.withDevice(device).execute();
        }
        assertEquals(before[0] + 1f, data.get(0));
        for (int i = 1; i < 4; i++) assertEquals(before[i], data.get(i));
    }

    /** A GridScheduler that names no grid for a KernelContext task (a misspelt name) is an error, as in TornadoVM. */
    @ParameterizedTest
    @MethodSource("devices")
    void aGridSchedulerMissingAKernelContextTaskIsAnError(TornadoDevice device) throws Exception {
        FloatArray data = new FloatArray(4);
        TaskGraph g = new TaskGraph("foo").task("t0", TaskGraphApiTest::addOne, new KernelContext(), data)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, data);
        try (var plan = new TornadoExecutionPlan(g.snapshot())) {
            plan.withDevice(device).withGridScheduler(new GridScheduler("s0.t0", new WorkerGrid1D(4)));
            var e = assertThrows(drcn.tornado.api.exceptions.TornadoRuntimeException.class, plan::execute);
            assertTrue(e.getMessage().contains("has no grid named foo.t0 (it names s0.t0)"), e.getMessage());
        }
        for (int i = 0; i < 4; i++) assertEquals(0f, data.get(i), "nothing ran");
    }

    @Test
    void badNamesAndModesAreRejectedWhenDeclared() {
        assertThrows(TornadoTaskRuntimeException.class, () -> new TaskGraph("a.b"));
        assertThrows(TornadoTaskRuntimeException.class, () -> new TaskGraph("g").transferToDevice(7, new FloatArray(1)));
        var g = new TaskGraph("g").task("t", TaskGraphApiTest::prefixSum, new FloatArray(1));
        assertThrows(TornadoTaskRuntimeException.class, () -> g.task("t", TaskGraphApiTest::prefixSum, new FloatArray(1)));
    }

    @Test
    void memoryLimitIsEnforced() {
        FloatArray big = new FloatArray(1 << 20);
        TaskGraph g = new TaskGraph("mem").transferToDevice(DataTransferMode.FIRST_EXECUTION, big)
                .task("t", TaskGraphApiTest::prefixSum, big);
        var plan = new TornadoExecutionPlan(g.snapshot()).withMemoryLimit("1MB");
        var e = assertThrows(drcn.tornado.api.exceptions.TornadoMemoryException.class, plan::execute);
        assertTrue(e.getMessage().contains("memory limit"), e.getMessage());
    }
}
