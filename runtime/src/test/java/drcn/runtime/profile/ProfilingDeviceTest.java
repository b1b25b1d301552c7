package drcn.runtime.profile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import drcn.kernels.Smoke;
import drcn.tornado.api.types.arrays.FloatArray;
import drcn.kernels.nn.Activation;
import drcn.kernels.nn.Convolution;
import drcn.kernels.nn.Elementwise;
import drcn.runtime.backends.Backends;
import drcn.runtime.backend.Buffer;
import drcn.runtime.backend.CompiledKernel;
import drcn.runtime.backend.Device;
import drcn.runtime.backend.Range;
import drcn.runtime.cli.Main;
import drcn.runtime.config.Settings;
import drcn.runtime.backend.Kernels;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/** Wraps a real device, runs a few nn kernels and copies, and checks the table, the JSON and the trace. */
class ProfilingDeviceTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static final int BATCH = 2, IN = 3, OUT = 4, H = 5, W = 6;
    static final long CONV_FLOP = 2L * 9 * IN * OUT * H * W * BATCH;

    @TempDir
    Path dir;

    private static Device openOrSkip(String spec) {
        try {
            return Backends.open(spec, 0);
        } catch (RuntimeException e) {
            Assumptions.abort("no " + spec + " device: " + e.getMessage());
            return null;
        }
    }

    private static FloatArray random(int n, SplittableRandom random) {
        var a = new FloatArray(n);
        for (int i = 0; i < n; i++) a.set(i, (float) random.nextDouble(-1, 1));
        return a;
    }

    /** 3 writes, 2 conv launches, 1 relu, 1 zero, 1 saxpy (no formula), 1 read. */
    static void workload(Device device) {
        var random = new SplittableRandom(7);
        int inSize = BATCH * IN * H * W, outSize = BATCH * OUT * H * W;
        try (Buffer input = device.allocateFloats(inSize); Buffer weights = device.allocateFloats(OUT * IN * 9);
             Buffer bias = device.allocateFloats(OUT); Buffer output = device.allocateFloats(outSize)) {
            device.write(input, random(inSize, random));
            device.write(weights, random(OUT * IN * 9, random));
            device.write(bias, random(OUT, random));
            Object[] convArguments = {input, weights, bias, output, BATCH, IN, OUT, H, W, 0, 0, 0};
            CompiledKernel conv = Kernels.compile(device, Kernels.ref(Convolution::convForward), convArguments);
            Range range = Range.of(W, H, BATCH * Convolution.outChannelBlocks(OUT));
            for (int i = 0; i < 2; i++) device.launch(conv, range, convArguments);
            Kernels.launch(device, Kernels.ref(Activation::reluForward), Range.of(outSize), output, output, outSize);
            Kernels.launch(device, Kernels.ref(Elementwise::zero), Range.of(inSize), input, inSize);
            Kernels.launch(device, Kernels.ref(Smoke::saxpy), Range.of(inSize), input, input, 2f, inSize);
            device.read(output, new FloatArray(outSize));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"jvm", "opencl"})
    void tableJsonAndTraceAreConsistent(String spec) throws Exception {
        Path json = dir.resolve("out/profile.json"), trace = dir.resolve("trace.json");
        var text = new ByteArrayOutputStream();
        ProfilingDevice device = Profiler.open(openOrSkip(spec), new PrintStream(text, true, StandardCharsets.UTF_8), json, trace);
        try (device) {
            workload(device);
        }
        if (!spec.equals("jvm")) assertEquals(ProfilingDevice.Clock.DEVICE, device.clock(), "OpenCL launches are timed by events");
        else assertEquals(ProfilingDevice.Clock.HOST_SYNCHRONOUS, device.clock());

        // The table names every kernel with its launch count; saxpy has no formula, so "-".
        String table = text.toString(StandardCharsets.UTF_8);
        assertTrue(table.contains("Convolution.convForward-batch=2-height=5-inChannels=3-outChannels=4-relu=0-width=6"), table);
        assertTrue(table.lines().anyMatch(l -> l.startsWith("Smoke.saxpy ") && l.contains(" - ")), table);
        assertTrue(table.contains("copies host->device: 3,"), table);
        assertTrue(table.contains("JIT: 4 compiles"), table);

        JsonNode root = JSON.readTree(json.toFile());
        assertTrue(root.has("wallMs"));
        JsonNode d = root.get("devices").get(0);
        for (String key : new String[]{"device", "name", "backend", "clock", "kernelMs", "kernels", "copies", "jit"}) {
            assertTrue(d.has(key), "profile JSON lacks " + key + ": " + d);
        }
        var launches = new HashMap<String, Long>();
        double shares = 0, kernelMs = 0;
        for (JsonNode k : d.get("kernels")) {
            launches.put(k.get("kernel").asText(), k.get("launches").asLong());
            for (String key : new String[]{"specialization", "totalMs", "meanUs", "share", "gflops", "gbps", "flop", "bytes"}) {
                assertTrue(k.has(key), key);
            }
            shares += k.get("share").asDouble();
            kernelMs += k.get("totalMs").asDouble();
            assertEquals(k.get("totalMs").asDouble() * 1e3 / k.get("launches").asLong(), k.get("meanUs").asDouble(), 1e-6);
        }
        assertEquals(Map.of("Convolution.convForward", 2L, "Activation.reluForward", 1L, "Elementwise.zero", 1L, "Smoke.saxpy", 1L), launches);
        assertEquals(kernelMs, d.get("kernelMs").asDouble(), 1e-6);
        if (kernelMs > 0) assertEquals(1.0, shares, 1e-9);
        JsonNode conv = find(d.get("kernels"), "Convolution.convForward");
        assertEquals(2 * CONV_FLOP, conv.get("flop").asLong());
        if (conv.get("totalMs").asDouble() > 0) {
            assertEquals(2 * CONV_FLOP / (conv.get("totalMs").asDouble() * 1e6), conv.get("gflops").asDouble(), 1e-6);
        }
        assertTrue(find(d.get("kernels"), "Smoke.saxpy").get("gflops").isNull());
        JsonNode h2d = d.get("copies").get("hostToDevice"), d2h = d.get("copies").get("deviceToHost");
        assertEquals(3, h2d.get("count").asLong());
        assertEquals(4L * (BATCH * IN * H * W + OUT * IN * 9 + OUT), h2d.get("bytes").asLong());
        assertEquals(1, d2h.get("count").asLong());
        assertEquals(4L * BATCH * OUT * H * W, d2h.get("bytes").asLong());
        assertEquals(4, d.get("jit").get("compiles").asLong());
        assertTrue(d.get("jit").get("irToCMs").asDouble() >= 0);

        checkTrace(JSON.readTree(trace.toFile()), 5, 4, 4);
        try (var files = Files.list(dir.resolve("out"))) {
            assertEquals(1, files.count(), "no temporary file is left beside the JSON");
        }
    }

    private static JsonNode find(JsonNode kernels, String name) {
        for (JsonNode k : kernels) if (k.get("kernel").asText().equals(name)) return k;
        throw new AssertionError("no row for " + name);
    }

    /** A valid Trace Event file: every event named and placed; X events with dur >= 0, in order per track. */
    static void checkTrace(JsonNode root, int kernels, int copies, int compiles) {
        assertEquals("ms", root.get("displayTimeUnit").asText());
        JsonNode events = root.get("traceEvents");
        assertTrue(events.isArray());
        var lastTs = new HashMap<String, Double>();
        var counts = new HashMap<String, Integer>();
        for (JsonNode e : events) {
            for (String key : new String[]{"name", "ph", "ts", "pid", "tid"}) assertTrue(e.has(key), "event lacks " + key + ": " + e);
            assertTrue(e.get("ts").isNumber() && e.get("pid").isInt() && e.get("tid").isInt(), e.toString());
            if (!e.get("ph").asText().equals("X")) continue;
            assertTrue(e.get("dur").asDouble() >= 0, e.toString());
            String track = e.get("pid").asInt() + "/" + e.get("tid").asInt();
            double ts = e.get("ts").asDouble();
            assertTrue(ts >= lastTs.getOrDefault(track, Double.NEGATIVE_INFINITY), "timestamps go back on track " + track + ": " + e);
            lastTs.put(track, ts);
            counts.merge(e.get("cat").asText(), 1, Integer::sum);
        }
        if (kernels >= 0) assertEquals(Map.of("kernels", kernels, "copies", copies, "JIT", compiles), counts);
    }

    @Test
    void theDevicesCommandProfilesEverySmokeTest() throws Exception {
        Path json = dir.resolve("devices.json"), trace = dir.resolve("devices-trace.json");
        PrintStream err = System.err;
        var captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, Main.run("devices", "--json", "--profile-json", json.toString(), "--trace", trace.toString()));
        } finally {
            System.setErr(err);
            System.clearProperty(Settings.PROFILE); // the flag set it for this process
            Settings.reload();
        }
        assertTrue(captured.toString(StandardCharsets.UTF_8).contains("Smoke.saxpy"), captured.toString(StandardCharsets.UTF_8));
        JsonNode devices = JSON.readTree(json.toFile()).get("devices");
        assertTrue(devices.size() >= 1);
        for (JsonNode d : devices) {
            assertEquals(1, find(d.get("kernels"), "Smoke.saxpy").get("launches").asLong());
            assertEquals(2, d.get("copies").get("hostToDevice").get("count").asLong());
        }
        checkTrace(JSON.readTree(trace.toFile()), -1, 0, 0);
    }

    @Test
    void anUnwritableProfileFileIsOneSentence() throws Exception {
        Path file = dir.resolve("blocker");
        Files.writeString(file, "a file, not a folder");
        var profiler = new Profiler(null, file.resolve("profile.json"), null);
        profiler.wrap(Backends.open("jvm", 0)).close();
        var e = assertThrows(Profiler.ProfileException.class, profiler::report);
        assertTrue(e.getMessage().startsWith("cannot write the profile to "), e.getMessage());
    }
}
