package drcn.runtime.profile;

import drcn.runtime.backend.Buffer;
import drcn.runtime.backend.CompiledKernel;
import drcn.runtime.backend.Device;
import drcn.runtime.backend.DeviceInfo;
import drcn.runtime.backend.Event;
import drcn.runtime.backend.Range;
import drcn.runtime.backend.BuildStats;
import drcn.runtime.jit.KernelJit;
import drcn.runtime.jit.KernelRef;

import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link Device} that passes every call to another device and records it for its {@link Profiler}:
 * each launch (kernel specialization, range, time, FLOPs and bytes from {@link KernelCosts}), each
 * copy (bytes, time) and each compile (the JIT split). Only used when profiling is on: without it
 * nothing is wrapped, so an unprofiled run pays nothing.
 *
 * <p>Where a launch's time comes from ({@link #clock()}):
 * <ul>
 * <li>opencl, cuda: the device's own clock (OpenCL event timestamps; CUDA events). Events are read
 *     lazily, at the next copy, {@link #finish()}, or every {@value #MAX_PENDING} launches, so the
 *     queue keeps running ahead of the host as it does unprofiled. (The cuda backend itself waits
 *     for each launch while {@code drcn.profile} is on.)</li>
 * <li>jvm: host wall time of the launch, which is synchronous on that backend.</li>
 * <li>any backend that returns no device time: host wall time around launch + {@code finish()}.</li>
 * </ul>
 * Copies are host wall time around the blocking copy, after draining the queue first so that a copy
 * is not charged for the kernels still running before it.
 *
 * <p>One thread at a time, like every device; the methods are synchronized only so that a report
 * taken from another thread (e.g. a shutdown) sees consistent numbers.
 */
public final class ProfilingDevice implements Device {
    /** Launches whose event is not read yet; bounded so a long run does not hold unbounded driver events. */
    static final int MAX_PENDING = 1024;

    /** Where launch times come from. */
    public enum Clock {
        DEVICE("device time from the backend's events"),
        HOST_SYNCHRONOUS("host wall time (the backend runs each launch synchronously)"),
        HOST_AROUND_FINISH("host wall time around launch + finish (the backend gave no device time)"),
        UNKNOWN("no launches yet");

        final String description;

        Clock(String description) { this.description = description; }
    }

    private final Device inner;
    private final Profiler profiler;
    private final int pid;
    private final boolean reportOnClose;

    private Clock clock;
    private final Map<CompiledKernel, KernelInfo> kernelInfos = new IdentityHashMap<>();
    final Map<String, KernelRow> rows = new LinkedHashMap<>();
    final CopyStats hostToDevice = new CopyStats();
    final CopyStats deviceToHost = new CopyStats();
    final JitStats jit = new JitStats();
    private final ArrayDeque<PendingLaunch> pending = new ArrayDeque<>();
    /** Where the in-order queue's last command ended on the reconstructed timeline (ns since the profiler's origin). */
    private long queueEnd;
    final List<TraceSpan> spans = new ArrayList<>();
    long droppedSpans;
    private boolean closed;

    ProfilingDevice(Device inner, Profiler profiler, int pid, boolean reportOnClose) {
        this.inner = inner;
        this.profiler = profiler;
        this.pid = pid;
        this.reportOnClose = reportOnClose;
        inner.setProfiling(true);   // device timestamps per launch, whatever drcn.profile says
        this.clock = inner.info().backend().equals("jvm") ? Clock.HOST_SYNCHRONOUS : Clock.UNKNOWN;
    }

    /** The device this one measures. */
    public Device inner() { return inner; }

    public Profiler profiler() { return profiler; }

    int pid() { return pid; }

    public synchronized Clock clock() { return clock; }

    // ---- statistics (read by Profiler under this device's lock) ----

    static final class KernelRow {
        final String name;
        final String kernel;
        long launches, nanos, flops, bytes, costedLaunches;

        KernelRow(String name, String kernel) {
            this.name = name;
            this.kernel = kernel;
        }

        /** Rates are shown only when every launch of the row had a formula. */
        boolean costKnown() { return launches > 0 && costedLaunches == launches; }
    }

    static final class CopyStats {
        long count, bytes, nanos;
    }

    static final class JitStats {
        long compiles, nanos, emitNanos, buildNanos, memoryHits, diskCacheHits, sourceBuilds;
        boolean hasBuildStats;
    }

    /** One span of the trace: track 1 kernels, 2 copies, 3 JIT; times in ns since the profiler's origin. */
    record TraceSpan(String name, int track, long start, long duration, Map<String, Object> args) {}

    private record KernelInfo(KernelRow row, KernelCosts.Formula formula, List<String> parameterNames) {}

    private record PendingLaunch(KernelRow row, Range range, long hostStart, Event event, KernelCosts.Cost cost) {}

    // ---- Device ----

    @Override
    public DeviceInfo info() { return inner.info(); }

    @Override
    public boolean supportsDoubles() { return inner.supportsDoubles(); }

    @Override
    public Buffer allocate(long bytes) { return inner.allocate(bytes); }

    @Override
    public Buffer allocateFloats(long count) { return inner.allocateFloats(count); }

    @Override
    public synchronized void write(Buffer target, long targetOffset, MemorySegment source) {
        timeCopy(hostToDevice, "host->device", source.byteSize(), () -> inner.write(target, targetOffset, source));
    }

    @Override
    public synchronized void read(Buffer source, long sourceOffset, MemorySegment target) {
        timeCopy(deviceToHost, "device->host", target.byteSize(), () -> inner.read(source, sourceOffset, target));
    }

    @Override
    public synchronized CompiledKernel compile(KernelRef kernel, Map<String, Integer> constants) {
        long emitBefore = KernelJit.emitNanos();
        BuildStats before = inner.buildStats();
        long start = System.nanoTime();
        CompiledKernel compiled = inner.compile(kernel, constants);
        long end = System.nanoTime();
        long emit = KernelJit.emitNanos() - emitBefore;
        jit.compiles++;
        jit.nanos += end - start;
        jit.emitNanos += emit;
        var args = new LinkedHashMap<String, Object>();
        args.put("irToCMs", emit / 1e6);
        if (before != null) {
            BuildStats after = inner.buildStats();
            long build = after.buildNanos() - before.buildNanos();
            jit.hasBuildStats = true;
            jit.buildNanos += build;
            jit.memoryHits += after.memoryHits() - before.memoryHits();
            jit.diskCacheHits += after.cacheHits() - before.cacheHits();
            jit.sourceBuilds += after.cacheMisses() - before.cacheMisses();
            args.put("driverBuildMs", build / 1e6);
            args.put("from", after.memoryHits() > before.memoryHits() ? "memory cache"
                    : after.cacheHits() > before.cacheHits() ? "disk cache" : "source");
        }
        span(KernelJit.specializationName(kernel, constants), 3, start, end - start, args);
        return compiled;
    }

    @Override
    public synchronized Event launch(CompiledKernel kernel, Range range, Object... arguments) {
        KernelInfo info = kernelInfos.computeIfAbsent(kernel, this::describe);
        KernelCosts.Cost cost = KernelCosts.cost(info.formula(), info.parameterNames(), range, arguments);
        long start = System.nanoTime();
        Event event = inner.launch(kernel, range, arguments);
        if (clock == Clock.UNKNOWN) {
            // The first launch tells whether this backend gives device times (it blocks once to find out).
            clock = event.durationNanos() >= 0 ? Clock.DEVICE : Clock.HOST_AROUND_FINISH;
        }
        if (clock == Clock.HOST_AROUND_FINISH) {
            inner.finish();
            complete(new PendingLaunch(info.row(), range, start, event, cost), System.nanoTime() - start);
        } else {
            pending.add(new PendingLaunch(info.row(), range, start, event, cost));
            if (pending.size() >= MAX_PENDING) resolvePending();
        }
        return event;
    }

    @Override
    public synchronized void finish() {
        inner.finish();
        resolvePending();
    }

    /** Reads every outstanding event, then closes the device; the report follows when this device owns it. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) return;
            closed = true;
        }
        try {
            synchronized (this) {
                resolvePending();
            }
        } finally {
            try {
                inner.close();
            } finally {
                if (reportOnClose) profiler.report();
            }
        }
    }

    // ---- recording ----

    private KernelInfo describe(CompiledKernel kernel) {
        KernelRef ref = kernel.kernel();
        String name = KernelJit.specializationName(ref, kernel.constants());
        KernelRow row = rows.computeIfAbsent(name, n -> new KernelRow(n, ref.displayName()));
        return new KernelInfo(row, KernelCosts.formula(ref), KernelCosts.launchParameterNames(ref));
    }

    /** Waits for the queue, then reads the events of every launch before it (needed before timing a copy). */
    private void drain() {
        if (clock != Clock.HOST_SYNCHRONOUS && clock != Clock.UNKNOWN) inner.finish();
        resolvePending();
    }

    /** Reads the outstanding events in launch order (blocking on each until it has finished). */
    synchronized void resolvePending() {
        PendingLaunch launch;
        while ((launch = pending.poll()) != null) {
            complete(launch, Math.max(0, launch.event().durationNanos()));
        }
    }

    private void complete(PendingLaunch launch, long duration) {
        KernelRow row = launch.row();
        row.launches++;
        row.nanos += duration;
        if (launch.cost() != null) {
            row.costedLaunches++;
            row.flops += launch.cost().flops();
            row.bytes += launch.cost().bytes();
        }
        // The in-order queue runs a launch after both its submission and the previous command's end.
        long start = Math.max(profiler.sinceOrigin(launch.hostStart()), queueEnd);
        queueEnd = start + duration;
        if (profiler.tracing()) {
            var args = new LinkedHashMap<String, Object>();
            args.put("specialization", row.name);
            args.put("range", launch.range().toString());
            if (launch.cost() != null) {
                args.put("flop", launch.cost().flops());
                args.put("bytes", launch.cost().bytes());
            }
            addSpan(new TraceSpan(row.kernel, 1, start, duration, args));
        }
    }

    /** Runs {@code copy} once the queue has drained, so that its host-timed interval holds the copy alone, and records it. */
    private void timeCopy(CopyStats stats, String direction, long bytes, Runnable copy) {
        drain();
        long start = System.nanoTime();
        copy.run();
        long end = System.nanoTime();
        stats.count++;
        stats.bytes += bytes;
        stats.nanos += end - start;
        queueEnd = Math.max(queueEnd, profiler.sinceOrigin(end));
        span(direction, 2, start, end - start, Map.of("bytes", bytes));
    }

    private void span(String name, int track, long hostStart, long duration, Map<String, Object> args) {
        if (profiler.tracing()) addSpan(new TraceSpan(name, track, profiler.sinceOrigin(hostStart), duration, args));
    }

    private void addSpan(TraceSpan span) {
        if (spans.size() < Profiler.MAX_TRACE_SPANS) spans.add(span);
        else droppedSpans++;
    }
}
