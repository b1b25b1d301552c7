package drcn.tornado.api.profiler;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * TornadoVM's host-side event tracer: programs mark their own phases ({@code enqueueTaskIfEnabled("nbody", start,
 * end)}) and, when {@code -Dtornado.chrome.event.tracer.enabled=true}, the events are written at JVM exit as a
 * Chrome/Perfetto trace to {@code tornado.chrome.event.tracer.filename} (default {@code chrome.json}). Disabled,
 * every call is a no-op. The engine's own trace of tasks and copies is {@code tornado.profiler.trace}.
 */
public class ChromeEventTracer {
    public static final String CHROME_EVENT_TRACER_FILENAME_KEY = "tornado.chrome.event.tracer.filename";
    public static final String CHROME_EVENT_TRACER_ENABLED_KEY = "tornado.chrome.event.tracer.enabled";

    private static final List<String> EVENTS = new ArrayList<>();

    static {
        if (isEnabled()) Runtime.getRuntime().addShutdownHook(new Thread(() -> write(Path.of(getChromeEventTracerFileName()))));
    }

    public ChromeEventTracer() {
    }

    public static ChromeEventTracer create() { return new ChromeEventTracer(); }

    public static String getChromeEventTracerFileName() {
        return System.getProperty(CHROME_EVENT_TRACER_FILENAME_KEY, "chrome.json");
    }

    public static boolean isChromeEventTracerEnabled() { return Boolean.getBoolean(CHROME_EVENT_TRACER_ENABLED_KEY); }

    public static boolean isEnabled() { return isChromeEventTracerEnabled(); }

    public static void enqueueWriteIfEnabled(String tag, long bytes, long startNs, long endNs) {
        if (isEnabled()) event(tag, "write", startNs, endNs, bytes);
    }

    public static void enqueueReadIfEnabled(String tag, long bytes, long startNs, long endNs) {
        if (isEnabled()) event(tag, "read", startNs, endNs, bytes);
    }

    public static void enqueueNDRangeKernelIfEnabled(String tag, long startNs, long endNs) {
        if (isEnabled()) event(tag, "NDRangeKernel", startNs, endNs, -1);
    }

    public static void enqueueTaskIfEnabled(String tag, long startNs, long endNs) {
        if (isEnabled()) event(tag, "exec", startNs, endNs, -1);
    }

    public static void trace(String tag, Runnable r) {
        long startNs = System.nanoTime();
        r.run();
        if (isEnabled()) event(tag, "trace", startNs, System.nanoTime(), -1);
    }

    public static <T> T trace(String tag, Builder<T> b) {
        long startNs = System.nanoTime();
        T value = b.build();
        if (isEnabled()) event(tag, "trace", startNs, System.nanoTime(), -1);
        return value;
    }

    public interface Builder<T> {
        T build();
    }

    /** One complete event ("ph":"X"); Chrome's times are microseconds. */
    private static synchronized void event(String tag, String category, long startNs, long endNs, long bytes) {
        String args = bytes >= 0 ? ",\"args\":{\"bytes\":" + bytes + "}" : "";
        EVENTS.add(String.format(Locale.ROOT, "{\"name\":\"%s\",\"cat\":\"%s\",\"ph\":\"X\",\"pid\":1,\"tid\":%d,\"ts\":%.3f,\"dur\":%.3f%s}",
                tag.replace("\\", "\\\\").replace("\"", "\\\""), category, Thread.currentThread().threadId(),
                startNs / 1e3, (endNs - startNs) / 1e3, args));
    }

    static synchronized String json() {
        return "{\"traceEvents\":[\n" + String.join(",\n", EVENTS) + "\n]}\n";
    }

    static void write(Path file) {
        try {
            Files.writeString(file, json());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the Chrome event trace " + file.toAbsolutePath(), e);
        }
    }
}
