package drcn.runtime.profile;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import drcn.runtime.backend.Device;
import drcn.runtime.backend.DeviceInfo;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One profiling session (one command): the devices it wraps, and the report at the end: a table per
 * device (printed, to stderr so that a command's stdout, e.g. {@code --json}, stays clean), the same
 * as JSON ({@code --profile-json}), and a Chrome/Perfetto trace ({@code --trace}).
 *
 * <p>Lifecycle: {@link #open} wraps the single device of a command and reports when that device is
 * closed (commands already close their device in a try-with-resources, so they need no other
 * change). A command with several devices wraps each with {@link #wrap} and calls {@link #report()}
 * itself at the end.
 */
public final class Profiler {
    /** Trace spans kept per device (about 200 bytes each); later ones are counted, not kept. */
    static final int MAX_TRACE_SPANS = 2_000_000;

    private final PrintStream table;
    private final Path json;
    private final Path trace;
    private final long origin = System.nanoTime();
    private final List<ProfilingDevice> devices = new ArrayList<>();

    /**
     * @param table where the table is printed, or null for none
     * @param json  the JSON report file, or null
     * @param trace the Trace Event Format file, or null (then no per-launch spans are kept)
     */
    public Profiler(PrintStream table, Path json, Path trace) {
        this.table = table;
        this.json = json;
        this.trace = trace;
    }

    /** A profiler that reports when {@code device}'s wrapper is closed; returns the wrapper. */
    public static ProfilingDevice open(Device device, PrintStream table, Path json, Path trace) {
        var profiler = new Profiler(table, json, trace);
        return profiler.wrap(device, true);
    }

    /** Wraps a device; call {@link #report()} when done. */
    public ProfilingDevice wrap(Device device) {
        return wrap(device, false);
    }

    private synchronized ProfilingDevice wrap(Device device, boolean reportOnClose) {
        var wrapped = new ProfilingDevice(device, this, devices.size() + 1, reportOnClose);
        devices.add(wrapped);
        return wrapped;
    }

    boolean tracing() { return trace != null; }

    long sinceOrigin(long nanoTime) { return nanoTime - origin; }

    // ---- the report ----

    /** Prints the table and writes the files that were asked for. */
    public synchronized void report() {
        for (ProfilingDevice device : devices) device.resolvePending();
        Map<String, Object> summary = summary();
        if (table != null) {
            table.print(table(summary));
            table.flush();
        }
        if (json != null) writeJson(json, summary, true);
        if (trace != null) writeJson(trace, trace(), false);
    }

    /** The report as nested maps and lists: what the JSON holds, and what the table prints. */
    public synchronized Map<String, Object> summary() {
        var out = new LinkedHashMap<String, Object>();
        out.put("wallMs", ms(System.nanoTime() - origin));
        var list = new ArrayList<Map<String, Object>>();
        for (ProfilingDevice device : devices) {
            synchronized (device) {
                list.add(summary(device));
            }
        }
        out.put("devices", list);
        return out;
    }

    private static Map<String, Object> summary(ProfilingDevice device) {
        DeviceInfo info = device.info();
        var out = new LinkedHashMap<String, Object>();
        out.put("device", info.id());
        out.put("name", info.name());
        out.put("backend", info.backend());
        out.put("clock", device.clock().name());
        out.put("clockDescription", device.clock().description);
        long total = device.rows.values().stream().mapToLong(r -> r.nanos).sum();
        out.put("kernelMs", ms(total));
        var kernels = new ArrayList<Map<String, Object>>();
        device.rows.values().stream().filter(r -> r.launches > 0)
                .sorted(Comparator.comparingLong((ProfilingDevice.KernelRow r) -> r.nanos).reversed())
                .forEach(r -> {
                    var k = new LinkedHashMap<String, Object>();
                    k.put("kernel", r.kernel);
                    k.put("specialization", r.name);
                    k.put("launches", r.launches);
                    k.put("totalMs", ms(r.nanos));
                    k.put("meanUs", r.nanos / 1e3 / r.launches);
                    k.put("share", total == 0 ? 0.0 : (double) r.nanos / total);
                    // null (JSON null, "-" in the table) where there is no formula or no measurable time
                    k.put("flop", r.costKnown() ? r.flops : null);
                    k.put("bytes", r.costKnown() ? r.bytes : null);
                    // a memory-bound kernel counted without FLOPs (a zero fill, Winograd's transforms) has no GFLOP/s
                    k.put("gflops", r.costKnown() && r.nanos > 0 && r.flops > 0 ? (double) r.flops / r.nanos : null);
                    k.put("gbps", r.costKnown() && r.nanos > 0 ? (double) r.bytes / r.nanos : null);
                    kernels.add(k);
                });
        out.put("kernels", kernels);
        var copies = new LinkedHashMap<String, Object>();
        copies.put("hostToDevice", copy(device.hostToDevice));
        copies.put("deviceToHost", copy(device.deviceToHost));
        out.put("copies", copies);
        ProfilingDevice.JitStats j = device.jit;
        var jit = new LinkedHashMap<String, Object>();
        jit.put("compiles", j.compiles);
        jit.put("totalMs", ms(j.nanos));
        jit.put("irToCMs", ms(j.emitNanos));
        // The opencl and cuda backends report their driver build time and cache hits; the jvm has none (null).
        jit.put("driverBuildMs", j.hasBuildStats ? ms(j.buildNanos) : null);
        jit.put("otherMs", ms(Math.max(0, j.nanos - j.emitNanos - (j.hasBuildStats ? j.buildNanos : 0))));
        jit.put("memoryCacheHits", j.hasBuildStats ? j.memoryHits : null);
        jit.put("diskCacheHits", j.hasBuildStats ? j.diskCacheHits : null);
        jit.put("builtFromSource", j.hasBuildStats ? j.sourceBuilds : null);
        out.put("jit", jit);
        if (device.droppedSpans > 0) out.put("traceSpansDropped", device.droppedSpans);
        return out;
    }

    private static Map<String, Object> copy(ProfilingDevice.CopyStats c) {
        var out = new LinkedHashMap<String, Object>();
        out.put("count", c.count);
        out.put("bytes", c.bytes);
        out.put("totalMs", ms(c.nanos));
        out.put("gbps", c.nanos > 0 ? (double) c.bytes / c.nanos : null);
        return out;
    }

    private static double ms(long nanos) { return nanos / 1e6; }

    /** The summary as the text table. */
    @SuppressWarnings("unchecked")
    public static String table(Map<String, Object> summary) {
        var out = new StringBuilder();
        for (Map<String, Object> d : (List<Map<String, Object>>) summary.get("devices")) {
            out.append(String.format("%nprofile of %s (%s): kernel times are %s%n", d.get("device"), d.get("name"), d.get("clockDescription")));
            var kernels = (List<Map<String, Object>>) d.get("kernels");
            int width = Math.max(6, kernels.stream().mapToInt(k -> ((String) k.get("specialization")).length()).max().orElse(0));
            String format = "%-" + width + "s %9s %11s %11s %9s %8s %6s%n";
            out.append(String.format(format, "KERNEL", "LAUNCHES", "TOTAL ms", "MEAN us", "GFLOP/s", "GB/s", "SHARE"));
            for (Map<String, Object> k : kernels) {
                out.append(String.format(format, k.get("specialization"), k.get("launches"), fixed(k.get("totalMs"), 3),
                        fixed(k.get("meanUs"), 1), fixed(k.get("gflops"), 1), fixed(k.get("gbps"), 1),
                        String.format("%.1f%%", 100 * (double) k.get("share"))));
            }
            out.append(String.format(format, "total", kernels.stream().mapToLong(k -> (long) k.get("launches")).sum(),
                    fixed(d.get("kernelMs"), 3), "", "", "", ""));
            var copies = (Map<String, Map<String, Object>>) d.get("copies");
            for (var entry : List.of(Map.entry("host->device", copies.get("hostToDevice")), Map.entry("device->host", copies.get("deviceToHost")))) {
                Map<String, Object> c = entry.getValue();
                out.append(String.format("copies %s: %d, %s, %s ms, %s GB/s%n", entry.getKey(), (long) c.get("count"),
                        bytes((long) c.get("bytes")), fixed(c.get("totalMs"), 3), fixed(c.get("gbps"), 2)));
            }
            var jit = (Map<String, Object>) d.get("jit");
            out.append(String.format("JIT: %d compiles, %s ms: IR to C %s ms, driver build %s ms, other %s ms",
                    (long) jit.get("compiles"), fixed(jit.get("totalMs"), 1), fixed(jit.get("irToCMs"), 1),
                    fixed(jit.get("driverBuildMs"), 1), fixed(jit.get("otherMs"), 1)));
            if (jit.get("memoryCacheHits") != null) {
                out.append(String.format(" (%d from memory, %d from the disk cache, %d built from source)",
                        (long) jit.get("memoryCacheHits"), (long) jit.get("diskCacheHits"), (long) jit.get("builtFromSource")));
            }
            out.append(String.format("%n"));
            if (d.containsKey("traceSpansDropped")) {
                out.append(String.format("trace: %d spans beyond the first %d were not kept%n", (long) d.get("traceSpansDropped"), MAX_TRACE_SPANS));
            }
        }
        return out.toString();
    }

    private static String fixed(Object value, int decimals) {
        return value == null ? "-" : String.format("%." + decimals + "f", ((Number) value).doubleValue());
    }

    static String bytes(long bytes) {
        if (bytes < 1024) return bytes + " B";
        if (bytes < 1024 * 1024) return String.format("%.1f KiB", bytes / 1024.0);
        if (bytes < 1024L * 1024 * 1024) return String.format("%.1f MiB", bytes / (1024.0 * 1024));
        return String.format("%.2f GiB", bytes / (1024.0 * 1024 * 1024));
    }

    // ---- the trace ----

    private static final String[] TRACKS = {null, "kernels", "copies", "JIT"};

    /**
     * Trace Event Format (chrome://tracing, ui.perfetto.dev): one process per device, one thread per
     * kind (kernels, copies, JIT), complete ("X") events in microseconds since the profiler started.
     * Kernel spans sit on the in-order queue reconstructed from submission times and device
     * durations (see {@link ProfilingDevice}); copies and compiles at their host times.
     */
    public synchronized Map<String, Object> trace() {
        var events = new ArrayList<Map<String, Object>>();
        for (ProfilingDevice device : devices) {
            synchronized (device) {
                DeviceInfo info = device.info();
                events.add(metadata("process_name", device.pid(), 0, info.id() + " " + info.name()));
                for (int track = 1; track < TRACKS.length; track++) {
                    events.add(metadata("thread_name", device.pid(), track, TRACKS[track]));
                }
                // Per track in start order (spans are recorded in order already; sorting keeps the promise regardless).
                device.spans.stream()
                        .sorted(Comparator.comparingInt(ProfilingDevice.TraceSpan::track).thenComparingLong(ProfilingDevice.TraceSpan::start))
                        .forEach(s -> {
                            var e = new LinkedHashMap<String, Object>();
                            e.put("name", s.name());
                            e.put("cat", TRACKS[s.track()]);
                            e.put("ph", "X");
                            e.put("ts", s.start() / 1e3);
                            e.put("dur", Math.max(0, s.duration()) / 1e3);
                            e.put("pid", device.pid());
                            e.put("tid", s.track());
                            e.put("args", s.args());
                            events.add(e);
                        });
            }
        }
        var out = new LinkedHashMap<String, Object>();
        out.put("traceEvents", events);
        out.put("displayTimeUnit", "ms");
        return out;
    }

    static Map<String, Object> metadata(String kind, int pid, int tid, String name) {
        var e = new LinkedHashMap<String, Object>();
        e.put("name", kind);
        e.put("ph", "M");
        e.put("ts", 0);
        e.put("pid", pid);
        e.put("tid", tid);
        e.put("args", Map.of("name", name));
        return e;
    }

    // ---- files ----

    /** Writes through a temporary file in the same folder and a rename, so no reader sees half a file. */
    static void writeJson(Path file, Object value, boolean indent) {
        var mapper = new ObjectMapper();
        if (indent) mapper.enable(SerializationFeature.INDENT_OUTPUT);
        Path target = file.toAbsolutePath();
        try {
            Files.createDirectories(target.getParent());
            // with the user's umask (a new file) or the replaced file's permissions
            drcn.runtime.io.AtomicFile.write(target, out -> mapper.writer().without(
                    com.fasterxml.jackson.core.JsonGenerator.Feature.AUTO_CLOSE_TARGET).writeValue(out, value));
        } catch (IOException e) {
            throw new ProfileException("cannot write the profile to " + file + ": " + e.getMessage(), e);
        }
    }

    /** A profile file that cannot be written: a user error (bad path), reported in one sentence. */
    public static final class ProfileException extends drcn.runtime.UserException {
        ProfileException(String message, Throwable cause) { super(message, cause); }
    }
}
