package drcn.runtime.profile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import drcn.runtime.backend.BuildStats;
import drcn.runtime.backend.DeviceInfo;
import drcn.tornado.api.TornadoProfilerResult;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The profiler of one task-graph plan ({@code withProfiler}, or {@code tornado.profiler=true}): per execution and
 * per task, the kernel's device time and its dispatch, the copies in and out (bytes, time, count, charged to the task
 * that first used the array or to the graph whose transfer moved it), IR-to-C and driver build time, and where the
 * build came from. Reported as:
 * <ul>
 * <li>JSON with TornadoVM's key names where they fit (its {@code ProfilerType}: {@code TOTAL_KERNEL_TIME},
 *     {@code COPY_IN_TIME}, {@code TOTAL_COPY_IN_SIZE_BYTES}, {@code TASK_KERNEL_TIME}, ...; times in ns, sizes in
 *     bytes), in {@link TornadoProfilerResult#getProfileLog()}; with {@code tornado.profiler.dump.dir=FILE}
 *     (TornadoVM's setting) each execution's JSON is also appended to FILE, one object per line;</li>
 * <li>a table per execution on stderr with {@code tornado.profiler.table=true} (ours);</li>
 * <li>a Chrome/Perfetto trace (Trace Event Format) of every profiled execution of every plan naming the same
 *     file, with {@code tornado.profiler.trace=FILE} (ours): one process per device with tracks for tasks (the
 *     kernels, placed on the device's in-order queue), copies and builds; written when a plan closes.</li>
 * </ul>
 * Keys of ours beside TornadoVM's: {@code TASK_DISPATCH_TIME}, {@code COPY_IN_COUNT}/{@code COPY_OUT_COUNT},
 * {@code CACHE_HIT} (no build from source for the task in this execution), {@code BUILD_SOURCE} ({@code plan}: resolved
 * in an earlier execution; {@code memory cache}, {@code disk cache}, {@code source}; {@code none} on the jvm),
 * {@code TOTAL_CACHE_HITS}. {@code TOTAL_DISPATCH_DATA_TRANSFERS_TIME} equals the copy times: copies block.
 */
public final class PlanProfiler {
    /** Settings this class reads (through the plan's TornadoVM-style settings). */
    public static final String DUMP_FILE = "tornado.profiler.dump.dir";
    public static final String TABLE = "tornado.profiler.table";
    public static final String TRACE = "tornado.profiler.trace";

    /** Trace spans kept per trace file; later ones are counted, not kept. */
    static final int MAX_TRACE_SPANS = 1_000_000;
    private static final Map<Path, Trace> TRACES = new ConcurrentHashMap<>();
    private static final long ORIGIN = System.nanoTime();

    private final Function<String, String> settings;
    private Trace trace;
    private int executions;

    /** @param settings the plan's settings by key, null for an absent one */
    public PlanProfiler(Function<String, String> settings) {
        this.settings = settings;
    }

    /** The figures of one execution, collected as it runs. */
    public Execution begin() {
        String file = settings.apply(TRACE);
        if (file != null && trace == null) trace = TRACES.computeIfAbsent(Path.of(file).toAbsolutePath(), Trace::new);
        return new Execution(++executions);
    }

    /** Writes the trace, when one was asked for. */
    public void close() {
        if (trace != null) trace.write();
    }

    /** Where a task's kernel came from: compare {@link BuildStats} before and after the compile. */
    public static String buildSource(BuildStats before, BuildStats after) {
        if (before == null || after == null) return "none";
        if (after.cacheMisses() > before.cacheMisses()) return "source";
        if (after.cacheHits() > before.cacheHits()) return "disk cache";
        if (after.memoryHits() > before.memoryHits()) return "memory cache";
        return "none";
    }

    public final class Execution {
        private final int number;
        private final Map<String, Map<String, Object>> tasks = new LinkedHashMap<>();
        private final Map<String, Long> queueEnds = new LinkedHashMap<>();
        private long kernel, dispatch, codegen, build, copyIn, copyInBytes, copyOut, copyOutBytes, cacheHits;

        Execution(int number) {
            this.number = number;
        }

        /** A task's kernel was resolved (IR to C, driver build) in this execution, from {@code hostStart} for the given times. */
        public void built(String task, DeviceInfo device, long hostStart, long codegenNanos, long buildNanos, String source) {
            var m = entry(task);
            m.put("BUILD_SOURCE", source);
            add(m, "TASK_CODE_GENERATION_TIME", codegenNanos);
            add(m, "TASK_COMPILE_DRIVER_TIME", buildNanos);
            codegen += codegenNanos;
            build += buildNanos;
            span(device, "build " + task, "builds", hostStart, codegenNanos + buildNanos, Map.of("from", source));
        }

        /**
         * A task's launch: {@code kernelNanos} of device time (host time around the launch where the device gives
         * none), dispatched from {@code hostStart} in {@code dispatchNanos} of host time.
         */
        public void task(String task, String method, String tornadoId, DeviceInfo device, long hostStart, long kernelNanos, long dispatchNanos) {
            var m = entry(task);
            m.put("METHOD", method);
            m.put("DEVICE_ID", tornadoId);
            m.put("DEVICE", device.name());
            m.put("BACKEND", device.backend().toUpperCase(java.util.Locale.ROOT));
            add(m, "TASK_KERNEL_TIME", kernelNanos);
            add(m, "TASK_DISPATCH_TIME", dispatchNanos);
            m.putIfAbsent("TASK_CODE_GENERATION_TIME", 0L);
            m.putIfAbsent("TASK_COMPILE_DRIVER_TIME", 0L);
            m.putIfAbsent("BUILD_SOURCE", "plan");
            boolean hit = !"source".equals(m.get("BUILD_SOURCE")) && !"none".equals(m.get("BUILD_SOURCE"));
            if (!m.containsKey("CACHE_HIT") && hit) cacheHits++;
            m.put("CACHE_HIT", hit);
            kernel += kernelNanos;
            dispatch += dispatchNanos;
            if (trace != null) {
                // the in-order queue runs a launch after both its submission and the previous command's end
                long start = Math.max(hostStart - ORIGIN, queueEnds.getOrDefault(device.id(), 0L));
                queueEnds.put(device.id(), start + kernelNanos);
                trace.add(device, new Span(task, "tasks", start, kernelNanos, Map.of("method", method, "execution", number)));
            }
        }

        /** A host-to-device copy of {@code bytes}, charged to {@code where} (a task, or a graph's transfer). */
        public void copyIn(String where, DeviceInfo device, long bytes, long hostStart, long nanos) {
            copyIn += nanos;
            copyInBytes += bytes;
            copy(where, "COPY_IN", bytes, nanos);
            span(device, "copy in " + where, "copies", hostStart, nanos, Map.of("bytes", bytes));
        }

        /** A device-to-host copy of {@code bytes}, charged to {@code where}. */
        public void copyOut(String where, DeviceInfo device, long bytes, long hostStart, long nanos) {
            copyOut += nanos;
            copyOutBytes += bytes;
            copy(where, "COPY_OUT", bytes, nanos);
            span(device, "copy out " + where, "copies", hostStart, nanos, Map.of("bytes", bytes));
        }

        private void copy(String where, String direction, long bytes, long nanos) {
            var m = entry(where);
            add(m, direction + "_SIZE_BYTES", bytes);
            add(m, direction + "_TIME", nanos);
            add(m, direction + "_COUNT", 1);
        }

        private Map<String, Object> entry(String key) {
            return tasks.computeIfAbsent(key, k -> new LinkedHashMap<>());
        }

        private void span(DeviceInfo device, String name, String track, long hostStart, long nanos, Map<String, Object> args) {
            if (trace == null) return;
            var a = new LinkedHashMap<String, Object>(args);
            a.put("execution", number);
            trace.add(device, new Span(name, track, hostStart - ORIGIN, nanos, a));
            if (track.equals("copies")) queueEnds.merge(device.id(), hostStart - ORIGIN + nanos, Math::max);
        }

        /**
         * The result of the execution ({@code totalNanos} of host time, {@code deviceMemory} bytes held), with the
         * JSON also appended to the dump file and the table printed when the settings ask.
         */
        public TornadoProfilerResult finish(long totalNanos, long deviceMemory) {
            var json = new LinkedHashMap<String, Object>();
            json.put("TOTAL_TASK_GRAPH_TIME", totalNanos);
            json.put("TOTAL_KERNEL_TIME", kernel);
            json.put("TOTAL_DISPATCH_KERNEL_TIME", dispatch);
            json.put("TOTAL_DISPATCH_DATA_TRANSFERS_TIME", copyIn + copyOut);
            json.put("COPY_IN_TIME", copyIn);
            json.put("COPY_OUT_TIME", copyOut);
            json.put("TOTAL_COPY_IN_SIZE_BYTES", copyInBytes);
            json.put("TOTAL_COPY_OUT_SIZE_BYTES", copyOutBytes);
            json.put("TOTAL_CODE_GENERATION_TIME", codegen);
            json.put("TOTAL_DRIVER_COMPILE_TIME", build);
            json.put("TOTAL_CACHE_HITS", cacheHits);
            json.put("ALLOCATION_BYTES", deviceMemory);
            json.putAll(tasks);
            String log;
            try {
                log = new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(json);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            String dump = settings.apply(DUMP_FILE);
            if (dump != null) append(Path.of(dump), json);
            if (Boolean.parseBoolean(settings.apply(TABLE))) print(System.err, json);
            return new TornadoProfilerResult(totalNanos, codegen + build, codegen, build, copyIn, copyOut, kernel, dispatch,
                    copyInBytes, copyOutBytes, deviceMemory, log);
        }

        private void print(PrintStream out, Map<String, Object> json) {
            out.print(table(number, json));
            out.flush();
        }
    }

    private static void add(Map<String, Object> m, String key, long value) {
        m.merge(key, value, (a, b) -> (Long) a + (Long) b);
    }

    private static void append(Path file, Map<String, Object> json) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            Files.writeString(file, new ObjectMapper().writeValueAsString(json) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new Profiler.ProfileException("cannot append the plan's profile to " + file + " (" + DUMP_FILE + "): " + e.getMessage(), e);
        }
    }

    /** An execution's JSON as a text table: one row per task (and per graph transfer), times in ms. */
    @SuppressWarnings("unchecked")
    static String table(int execution, Map<String, Object> json) {
        var rows = new ArrayList<Map.Entry<String, Map<String, Object>>>();
        for (var e : json.entrySet()) if (e.getValue() instanceof Map<?, ?> m) rows.add(Map.entry(e.getKey(), (Map<String, Object>) m));
        int width = Math.max(4, rows.stream().mapToInt(r -> r.getKey().length()).max().orElse(0));
        String format = "%-" + width + "s %-6s %10s %10s %11s %9s %11s %9s %9s %9s  %s%n";
        var out = new StringBuilder(String.format("%nplan profile, execution %d: %s ms in all, kernels %s ms%n", execution,
                ms(json.get("TOTAL_TASK_GRAPH_TIME")), ms(json.get("TOTAL_KERNEL_TIME"))));
        out.append(String.format(format, "TASK", "DEVICE", "KERNEL ms", "DISPATCH", "COPY IN", "IN ms", "COPY OUT", "OUT ms",
                "IR->C ms", "BUILD ms", "BUILT FROM"));
        for (var r : rows) {
            Map<String, Object> m = r.getValue();
            out.append(String.format(format, r.getKey(), m.getOrDefault("DEVICE_ID", ""), ms(m.get("TASK_KERNEL_TIME")),
                    ms(m.get("TASK_DISPATCH_TIME")), bytes(m.get("COPY_IN_SIZE_BYTES")), ms(m.get("COPY_IN_TIME")),
                    bytes(m.get("COPY_OUT_SIZE_BYTES")), ms(m.get("COPY_OUT_TIME")), ms(m.get("TASK_CODE_GENERATION_TIME")),
                    ms(m.get("TASK_COMPILE_DRIVER_TIME")), m.getOrDefault("BUILD_SOURCE", "")));
        }
        return out.toString();
    }

    private static String ms(Object nanos) {
        return nanos == null ? "-" : String.format("%.3f", ((Number) nanos).longValue() / 1e6);
    }

    private static String bytes(Object bytes) {
        return bytes == null ? "-" : Profiler.bytes(((Number) bytes).longValue());
    }

    /** One span of the trace, in ns since this class was loaded. */
    record Span(String name, String track, long start, long duration, Map<String, Object> args) {}

    /** The spans of every plan that names one trace file. */
    private static final class Trace {
        private static final List<String> TRACKS = List.of("tasks", "copies", "builds");
        private final Path file;
        private final Map<String, DeviceInfo> devices = new LinkedHashMap<>();
        private final Map<String, List<Span>> spans = new LinkedHashMap<>();
        private long kept, dropped;

        Trace(Path file) {
            this.file = file;
        }

        synchronized void add(DeviceInfo device, Span span) {
            devices.putIfAbsent(device.id(), device);
            if (kept >= MAX_TRACE_SPANS) {
                dropped++;
                return;
            }
            kept++;
            spans.computeIfAbsent(device.id(), k -> new ArrayList<>()).add(span);
        }

        synchronized void write() {
            var events = new ArrayList<Map<String, Object>>();
            int pid = 0;
            for (var d : devices.entrySet()) {
                pid++;
                events.add(Profiler.metadata("process_name", pid, 0, d.getKey() + " " + d.getValue().name()));
                for (int t = 0; t < TRACKS.size(); t++) events.add(Profiler.metadata("thread_name", pid, t + 1, TRACKS.get(t)));
                for (Span s : spans.getOrDefault(d.getKey(), List.of())) {
                    var e = new LinkedHashMap<String, Object>();
                    e.put("name", s.name());
                    e.put("cat", s.track());
                    e.put("ph", "X");
                    e.put("ts", s.start() / 1e3);
                    e.put("dur", Math.max(0, s.duration()) / 1e3);
                    e.put("pid", pid);
                    e.put("tid", TRACKS.indexOf(s.track()) + 1);
                    e.put("args", s.args());
                    events.add(e);
                }
            }
            var out = new LinkedHashMap<String, Object>();
            out.put("traceEvents", events);
            out.put("displayTimeUnit", "ms");
            if (dropped > 0) out.put("spansDropped", dropped);
            Profiler.writeJson(file, out, false);
        }
    }
}
