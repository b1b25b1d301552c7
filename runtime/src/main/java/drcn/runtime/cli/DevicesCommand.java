package drcn.runtime.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import drcn.kernels.Smoke;
import drcn.tornado.api.types.arrays.FloatArray;
import drcn.runtime.backends.Backends;
import drcn.runtime.backend.Buffer;
import drcn.runtime.backend.Device;
import drcn.runtime.backend.DeviceInfo;
import drcn.runtime.backend.Range;
import drcn.runtime.config.Settings;
import drcn.runtime.backend.Kernels;
import drcn.runtime.profile.PeakMeter;
import drcn.runtime.profile.Profiler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** {@code drcn devices}: every device of every backend, each checked by running a smoke kernel. */
@Command(name = "devices", mixinStandardHelpOptions = true,
        description = "List every device of every backend (jvm, opencl, cuda) and check each with a smoke kernel.")
public final class DevicesCommand implements Runnable {

    @Option(names = "--json", description = "Print a JSON array of devices instead of a table.")
    boolean json;

    /** --profile, --profile-json, --trace: one profile over every device's smoke test. */
    @Mixin
    ProfileOptions profiling = new ProfileOptions();

    @Option(names = "--peak", description = "Also measure each device's peak: GFLOP/s of an FMA-bound kernel and GB/s of a copy kernel (drcn.kernels.Peak).")
    boolean peak;

    @Option(names = "--peak-tiny", hidden = true, description = "A tiny peak problem (tests).")
    boolean peakTiny;

    /** One row of the listing. */
    public record Row(String id, String backend, String platform, String name, String driver, int computeUnits,
                      long memoryBytes, int maxWorkGroupSize, long localMemoryBytes, boolean smokeOk, String smokeError,
                      PeakMeter.Result peak, String tornado) {}

    @Override
    public void run() {
        profiling.apply();
        Profiler profiler = profiling.profiler(); // null unless profiling
        var rows = new ArrayList<Row>();
        var unavailable = new LinkedHashMap<String, String>();
        List<Backends.Discovery> discoveries = Backends.discoverAll();
        // TornadoVM's B:D (s0.t0.device=B:D, TornadoExecutionPlan.getDevice(B, D)): backends in Backends.order() that have a device
        var tornadoBackend = new LinkedHashMap<String, Integer>();
        for (String name : Backends.order()) {
            for (Backends.Discovery d : discoveries) {
                if (d.backend().equals(name) && !d.devices().isEmpty()) tornadoBackend.put(name, tornadoBackend.size());
            }
        }
        for (Backends.Discovery discovery : discoveries) {
            if (discovery.unavailableReason() != null) unavailable.put(discovery.backend(), discovery.unavailableReason());
            for (Device found : discovery.devices()) {
                try (Device device = profiler == null ? found : profiler.wrap(found)) {
                    rows.add(describe(device, peak, tornadoBackend.get(discovery.backend()) + ":" + device.info().index()));
                }
            }
        }
        if (json) {
            printJson(rows);
            System.err.println(settingsLine()); // stdout stays one JSON document
        } else {
            printTable(rows);
            System.out.println(settingsLine());
        }
        // A backend without a driver is information, not an error: the JVM device always works.
        unavailable.forEach((backend, reason) -> System.err.println(backend + ": " + reason));
        if (profiler != null) profiler.report();
    }

    Row describe(Device device, boolean withPeak, String tornado) {
        DeviceInfo info = device.info();
        String error = smokeTest(device);
        // A device that fails the smoke kernel has no meaningful peak.
        PeakMeter.Result measured = withPeak && error == null ? PeakMeter.measure(device, peakTiny) : null;
        return new Row(info.id(), info.backend(), info.platform(), info.name(), info.driver(), info.computeUnits(),
                info.memoryBytes(), info.maxWorkGroupSize(), info.localMemoryBytes(), error == null, error, measured, tornado);
    }

    /**
     * Runs {@link Smoke#saxpy} on fresh random data (a length that is no multiple of any work-group
     * size, so the launch's rounding and the kernel's guard are exercised) against its reference.
     * Returns null when it matches, else what went wrong.
     */
    static String smokeTest(Device device) {
        int n = 1000 + 37;
        var random = new SplittableRandom();
        float[] x = new float[n], y = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) random.nextDouble(-1, 1);
            y[i] = (float) random.nextDouble(-1, 1);
        }
        float a = 1.5f;
        float[] expected = y.clone();
        Smoke.saxpyReference(x, expected, a, n);
        try (Buffer xBuffer = device.allocateFloats(n); Buffer yBuffer = device.allocateFloats(n)) {
            device.write(xBuffer, FloatArray.fromArray(x));
            device.write(yBuffer, FloatArray.fromArray(y));
            Kernels.launch(device, Kernels.ref(Smoke::saxpy), Range.of(n), xBuffer, yBuffer, a, n);
            var result = new FloatArray(n);
            device.read(yBuffer, result);
            for (int i = 0; i < n; i++) {
                if (Math.abs(result.get(i) - expected[i]) > 1e-5f * (1 + Math.abs(expected[i]))) {
                    return "saxpy result differs at " + i + ": " + result.get(i) + " instead of " + expected[i];
                }
            }
            return null;
        } catch (RuntimeException e) {
            return e.getMessage() == null ? e.toString() : e.getMessage();
        }
    }

    private static void printJson(List<Row> rows) {
        var mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        var list = new ArrayList<Map<String, Object>>();
        for (Row r : rows) {
            var m = new LinkedHashMap<String, Object>();
            m.put("id", r.id());
            m.put("tornado", r.tornado());
            m.put("backend", r.backend());
            m.put("platform", r.platform());
            m.put("name", r.name());
            m.put("driver", r.driver());
            m.put("computeUnits", r.computeUnits());
            m.put("memoryBytes", r.memoryBytes());
            m.put("maxWorkGroupSize", r.maxWorkGroupSize());
            m.put("localMemoryBytes", r.localMemoryBytes());
            m.put("smokeOk", r.smokeOk());
            if (r.smokeError() != null) m.put("smokeError", r.smokeError());
            if (r.peak() != null) {
                m.put("peakGflops", round(r.peak().gflops()));
                m.put("peakGBps", round(r.peak().gbps()));
            }
            list.add(m);
        }
        try {
            System.out.println(mapper.writeValueAsString(list));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void printTable(List<Row> rows) {
        String format = "%-9s %-7s %-44s %5s %10s %7s %9s  %s%n";
        System.out.printf(format, "DEVICE", "TORNADO", "NAME", "UNITS", "MEMORY", "MAX WG", "LOCAL MEM", "SMOKE");
        for (Row r : rows) {
            System.out.printf(format, r.id(), r.tornado(), shorten(r.name(), 44), r.computeUnits(), gib(r.memoryBytes()),
                    r.maxWorkGroupSize(), kib(r.localMemoryBytes()), r.smokeOk() ? "ok" : "FAILED: " + r.smokeError());
            System.out.printf("          %s, driver %s%n", r.platform(), r.driver());
            if (r.peak() != null) {
                System.out.printf("          peak: %.1f GFLOP/s (FMA chains), %.1f GB/s (copy)%n", r.peak().gflops(), r.peak().gbps());
            }
        }
    }

    /** Which tornado.properties is in force (see {@link Settings} for the order in which it is looked for). */
    static String settingsLine() {
        java.nio.file.Path file = Settings.current().source();
        return "settings: " + (file == null
                ? "built-in defaults (no -D" + Settings.CONFIG + ", no tornado.properties in the working folder or in the drcn installation)"
                : file.toAbsolutePath().normalize().toString());
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    private static String shorten(String s, int width) {
        return s.length() <= width ? s : s.substring(0, width - 1) + "…";
    }

    private static String gib(long bytes) {
        return String.format("%.1f GiB", bytes / (1024.0 * 1024 * 1024));
    }

    private static String kib(long bytes) {
        return String.format("%d KiB", bytes / 1024);
    }
}
