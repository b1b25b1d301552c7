package drcn.runtime.jit;

import drcn.compiler.emit.CEmitter;
import drcn.compiler.emit.Dialect;
import drcn.runtime.config.Settings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * IR to C: specializes a kernel's int parameters to constants and emits OpenCL C or CUDA C,
 * cached in memory by (kernel, constants, dialect). Device builds are cached by the backends
 * (in memory per device, and on disk by {@code backend.support.DiskCache}). Sources are written to the
 * {@code drcn.dumpKernels} folder when it is set.
 */
public final class KernelJit {
    private static final Map<String, String> SOURCES = new ConcurrentHashMap<>();
    private static final AtomicLong EMIT_NANOS = new AtomicLong();

    private KernelJit() {}

    /** The C source of {@code kernel} with {@code constants} bound, in {@code dialect}. */
    public static String source(KernelRef kernel, Map<String, Integer> constants, Dialect dialect) {
        var sorted = new TreeMap<>(constants);
        String key = kernel.function().id() + sorted + dialect;
        String source = SOURCES.computeIfAbsent(key, k -> {
            CEmitter.checkConstants(kernel.displayName(), kernel.function().parameters(), sorted);
            long start = System.nanoTime();
            String emitted = CEmitter.emit(kernel.function(), kernel.helpers(), sorted, dialect);
            EMIT_NANOS.addAndGet(System.nanoTime() - start);
            return emitted;
        });
        dump(kernel, sorted, dialect, source);
        return source;
    }

    /**
     * {@code kernel} as OpenCL C in TornadoVM's calling convention for {@code TaskGraph.prebuiltTask}, its entry point
     * named {@code entryPoint} (see {@link CEmitter#emitPrebuilt}).
     */
    public static String prebuiltSource(KernelRef kernel, String entryPoint) {
        return CEmitter.emitPrebuilt(kernel.function(), kernel.helpers(), entryPoint);
    }

    /**
     * Forgets every generated C source, so the next build of each kernel emits it again ({@code TornadoDevice.clean()},
     * which TornadoVM's tests call to measure compilation afresh). Built programs stay cached per device: they are
     * keyed by their source, and the same C builds to the same program.
     */
    public static void clear() {
        SOURCES.clear();
    }

    /** Total time spent turning IR into C in this process (for the profiler's JIT split). */
    public static long emitNanos() {
        return EMIT_NANOS.get();
    }

    /** A file-name-safe description of a specialization, e.g. {@code Conv.convForward-channels=64-width=41}. */
    public static String specializationName(KernelRef kernel, Map<String, Integer> constants) {
        var name = new StringBuilder(kernel.displayName());
        new TreeMap<>(constants).forEach((k, v) -> name.append('-').append(k).append('=').append(v));
        return name.toString();
    }

    private static void dump(KernelRef kernel, Map<String, Integer> constants, Dialect dialect, String source) {
        Path dir = Settings.current().dumpKernels();
        if (dir == null) return;
        String extension = dialect == Dialect.OPENCL ? ".cl" : ".cu";
        Path file = dir.resolve(specializationName(kernel, constants) + extension);
        if (Files.exists(file)) return;
        try {
            Files.createDirectories(dir);
            Files.writeString(file, source);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write kernel source to " + dir + ": " + e.getMessage(), e);
        }
    }
}
