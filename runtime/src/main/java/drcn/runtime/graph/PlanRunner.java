package drcn.runtime.graph;

import drcn.compiler.ir.Stmt;
import drcn.runtime.backend.Buffer;
import drcn.runtime.backend.BuildStats;
import drcn.runtime.backend.CompiledKernel;
import drcn.runtime.backend.Device;
import drcn.runtime.backend.Event;
import drcn.runtime.backend.Range;
import drcn.runtime.backend.RecordedGraph;
import drcn.runtime.backend.RecordedLaunch;
import drcn.runtime.backend.ShapedBuffer;
import drcn.runtime.graph.DeviceTable.DeviceHandle;
import drcn.runtime.jit.JavaGrids;
import drcn.runtime.jit.KernelJit;
import drcn.runtime.jit.KernelRef;
import drcn.runtime.profile.PlanProfiler;
import drcn.runtime.backend.ParallelLaunch;
import drcn.runtime.jit.Wrappers;
import drcn.tornado.api.GridScheduler;
import drcn.tornado.api.ImmutableTaskGraph;
import drcn.tornado.api.KernelContext;
import drcn.tornado.api.TornadoProfilerResult;
import drcn.tornado.api.WorkerGrid;
import drcn.tornado.api.common.TornadoDevice;
import drcn.tornado.api.enums.DataTransferMode;
import drcn.tornado.api.enums.ProfilerMode;
import drcn.tornado.api.exceptions.TornadoOutOfMemoryException;
import drcn.tornado.api.exceptions.TornadoRuntimeException;
import drcn.tornado.api.exceptions.TornadoTaskRuntimeException;
import drcn.tornado.api.runtime.GraphAction;
import drcn.tornado.api.runtime.PlanExecutor;
import drcn.tornado.api.runtime.PlanOptions;
import drcn.tornado.api.runtime.Prebuilt;
import drcn.tornado.api.types.arrays.FloatArray;
import drcn.tornado.api.types.arrays.IntArray;
import drcn.tornado.api.types.arrays.TornadoNativeArray;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the graphs of one execution plan. Each array a graph names gets one buffer per device that uses it,
 * allocated on first use and kept until the plan closes; where the newest copies of each array live (the host,
 * or a device) is tracked, so data moves only where the transfer modes say, or between devices when tasks of
 * one graph run on different devices. Tasks are resolved once (kernel, JIT constants, range, device arguments)
 * and launched from that record on every execution.
 *
 * <p>Replay ({@code withCUDAGraph}): each task's launch is recorded once ({@link Device#record}: arguments bound),
 * and each run of consecutive tasks of a graph on one device, up to the next {@code transferToDevice} or
 * {@code consumeFromDevice}, is captured once into one {@link RecordedGraph} ({@link Device#capture}): one
 * {@code cuGraphLaunch} on CUDA, the recorded launches one by one elsewhere. A task resolved again (another
 * device or grid) or given another buffer is recorded and its run captured again; a capture is never updated in
 * place. With the profiler on, tasks are replayed one by one, so that each has its own kernel time.
 *
 * <p>Transfers: {@code transferToDevice(FIRST_EXECUTION)} copies on the plan's first execution (again after
 * {@link #freeDeviceMemory}), {@code EVERY_EXECUTION} on each. An array a task uses that no transfer names is
 * copied in when first used. {@code transferToHost}: EVERY_EXECUTION after each execution, FIRST_EXECUTION after
 * the first, UNDER_DEMAND when the result's {@code transferToHost} asks.
 *
 * <p>Our extensions: an array whose host memory was never allocated ({@link TornadoNativeArray#isHostAllocated})
 * is zero, so its device buffer is filled with zeros instead of copied; a {@code sliceView} is a view
 * ({@link Buffer#slice}) of its parent's device buffer and moves with its parent; a {@link RangeGrid} launches a
 * backend {@link Range} as it is; a {@link FloatCell} argument is read at every execution (a launch recorded with
 * another value is recorded and captured again). With replay on, a graph whose transfers all come before its
 * tasks, all on one device, is replayed on its next executions straight from its captures, without resolving a
 * task or looking at an argument, while every array it uses is on that device and its cells hold their values.
 */
final class PlanRunner implements PlanExecutor {
    private final Engine engine;
    private final List<ImmutableTaskGraph> graphs;
    private final Map<Object, HostArray> arrays = new IdentityHashMap<>();
    private final Map<String, Task> tasks = new HashMap<>();
    /** Launches recorded for replay ({@code withCUDAGraph}), per task; dropped when the task is resolved again. */
    private final Map<String, Recorded> recordings = new HashMap<>();
    /** Runs of consecutive tasks captured for replay, by their first task's key. */
    private final Map<String, Captured> captures = new HashMap<>();
    private final int[] executions;
    private final Set<Device> used = new LinkedHashSet<>();
    private long bytesHeld;
    private boolean closed;
    private final PlanProfiler profiler = new PlanProfiler(key -> Engine.setting(key, null));
    /** The running execution's profile, or null when the profiler is off. */
    private PlanProfiler.Execution profile;

    PlanRunner(Engine engine, List<ImmutableTaskGraph> graphs) {
        this.engine = engine;
        this.graphs = graphs;
        this.executions = new int[graphs.size()];
        this.replays = new Replay[graphs.size()];
    }

    /**
     * An array of the host and its buffers on the devices. A view ({@code sliceView}) keeps only its buffers (views of
     * its root's); where the newest contents are, persisting and copying are its root's.
     */
    private static final class HostArray {
        final TornadoNativeArray array;
        /** This, or the HostArray of the array this one is a view of. */
        final HostArray root;
        /** Bytes of the elements, and where they start in the root. */
        final long bytes, offsetBytes;
        final Map<Device, Buffer> buffers = new IdentityHashMap<>();
        /** The views of this root array that the plan has met. */
        final List<HostArray> views = new ArrayList<>();
        /** Buffers this plan borrowed from another plan's persisted set (not freed by this plan... see close). */
        final Set<Buffer> borrowed = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        /** The devices whose buffer holds the newest contents; empty when only the host does. */
        final Set<Device> valid = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        /** Whether the host holds the newest contents (false after a task wrote the array on a device). */
        boolean hostValid = true;

        /**
         * The root array of the memory this root's buffer on {@link #mappedOn} is a region of
         * ({@code mapOnDeviceMemoryRegion}), or null.
         */
        HostArray mappedFrom;
        Device mappedOn;
        /** The roots mapped onto regions of this root's buffers. */
        final List<HostArray> mappedInto = new ArrayList<>();

        void writtenOn(Device device) {
            changedOn(device);
            valid.clear();
            valid.add(device);
            hostValid = false;
        }

        /**
         * This root's memory on {@code device} changed: so did that of the arrays whose buffer there shares its memory
         * (mapOnDeviceMemoryRegion): their newest contents are now on that device.
         */
        void changedOn(Device device) {
            HostArray owner = mappedFrom != null && mappedOn == device ? mappedFrom : this;
            for (HostArray a : owner.mappedInto) if (a != this && a.mappedOn == device) a.sharedChangedOn(device);
            if (owner != this) owner.sharedChangedOn(device);
        }

        private void sharedChangedOn(Device device) {
            valid.clear();
            valid.add(device);
            hostValid = false;
        }
        /** The graph that persisted it ({@code persistOnDevice}), or null. */
        String persistedBy;
        /**
         * An AtomicInteger argument moves as this one-int array: its value is read into the array when the array is
         * written to a device, and set from it when the array comes back. Null for other arrays.
         */
        AtomicInteger counter;
        /** A task's AtomicInteger locals (Function.atomics): their initial values, written to the device before every launch. */
        boolean atomicsRegion;
        /**
         * A number field of an object that a kernel writes (or reads while the program may change it) moves as this
         * one-element array: the field's value is read into it when it is written to a device, and set from it when it
         * comes back. Null for other arrays.
         */
        KernelRef.FieldSlot slot;
        /**
         * A Java 2D array, or an array of boxed numbers or vector values, moves as this flat array (see {@link JavaGrids}):
         * its rows or its elements' numbers. Null for other arrays.
         */
        Object gathered;

        HostArray(TornadoNativeArray array, HostArray root) {
            this.array = array;
            this.root = root == null ? this : root;
            this.bytes = array.getNumBytesOfSegment();
            this.offsetBytes = array.getViewOffsetBytes();
        }

        boolean isView() {
            return root != this;
        }
    }

    /** A task's launch recorded with the device arguments it was recorded for. */
    private record Recorded(RecordedLaunch launch, Object[] arguments) {}

    /** A run of tasks captured as one graph, and the recorded launches it was captured from. */
    private record Captured(List<RecordedLaunch> launches, RecordedGraph graph) {}

    /** A task resolved for its device: what each execution launches. */
    private record Task(String key, KernelRef kernel, DeviceHandle device, CompiledKernel compiled, Range grid, Range range,
                        Object[] arguments, List<HostArray> arrays, FloatCell[] cells, long resolveStart, long codegenNanos,
                        long buildNanos, String buildSource) {}

    /**
     * A graph's last execution with replay on, when its transfers come before its tasks and all its tasks ran on
     * one device: the captures it launched, in order, the root arrays its tasks use and its cells' values then.
     * The next execution with the same settings launches the captures again if every root is on that device
     * and every cell holds its value (else the tasks run as usual, recording and capturing what changed).
     */
    private record Replay(PlanOptions options, Device device, List<Captured> captures, HostArray[] roots,
                          FloatCell[] cells, float[] values) {
        boolean fits(PlanOptions o) {
            return o.grid() == options.grid() && o.device() == options.device() && o.taskDevices().equals(options.taskDevices());
        }

        boolean ready() {
            for (int i = 0; i < cells.length; i++) {
                if (Float.floatToRawIntBits(cells[i].get()) != Float.floatToRawIntBits(values[i])) return false;
            }
            for (HostArray h : roots) if (!h.valid.contains(device) || h.buffers.get(device) == null) return false;
            return true;
        }
    }

    /** Per graph index: its replay, or null. Dropped whenever a task is resolved again or buffers change. */
    private final Replay[] replays;

    /**
     * The devices the tasks of the graphs an execution runs are on, per set of options: found once per set (a model
     * runs its graphs one at a time, so the options differ only in the graph index), not per execution.
     */
    private final Map<PlanOptions, List<Device>> devicesByOptions = new HashMap<>();

    @Override
    public synchronized TornadoProfilerResult execute(PlanOptions options) {
        if (closed) throw new TornadoRuntimeException("the execution plan is closed");
        if (devicesByOptions.size() > 64) devicesByOptions.clear(); // a program that sets a new grid or device per execution
        List<Device> lockedDevices = devicesByOptions.computeIfAbsent(options, o -> {
            var found = new ArrayList<Device>();
            for (DeviceHandle h : devicesOfTasks(o)) if (!found.contains(h.device)) found.add(h.device);
            return found;
        });
        var devices = new ArrayList<Device>(lockedDevices);
        for (Device d : used) if (!devices.contains(d)) devices.add(d);
        try (var held = DeviceLocks.hold(devices)) {
            return run(options);
        }
    }

    private TornadoProfilerResult run(PlanOptions options) {
        long start = System.nanoTime();
        ProfilerMode mode = options.profiler();
        // a plan on a device that runtime code opened itself (Engine.deviceOf: the model's) profiles only when asked:
        // that code's device is wrapped by the profiler (drcn.profile), which times every launch already
        boolean adHoc = options.device() instanceof DeviceHandle h && h.backend.index < 0;
        if (mode == null && !adHoc && DeviceTable.profilerEnabled()) mode = ProfilerMode.CONSOLE;
        profile = mode == null ? null : profiler.begin();
        String deviceMemory = Engine.setting("tornado.device.memory", null);
        memoryLimit = options.memoryLimit() > 0 ? options.memoryLimit()
                : deviceMemory == null ? -1 : PlanOptions.parseBytes(deviceMemory, "tornado.device.memory");
        if (profile != null) setDeviceProfiling(options, true);
        try {
            for (int g = 0; g < graphs.size(); g++) {
                if (options.graphIndex() >= 0 && options.graphIndex() != g) continue;
                runGraph(g, options);
                executions[g]++;
            }
            if (options.waitForTasks() || profile != null) for (Device d : used) d.finish();
        } finally {
            if (profile != null) setDeviceProfiling(options, false);
        }
        if (profile == null) return TornadoProfilerResult.empty();
        TornadoProfilerResult result = profile.finish(System.nanoTime() - start, bytesHeld);
        if (mode == ProfilerMode.CONSOLE) System.out.println(result.getProfileLog());
        return result;
    }

    private void setDeviceProfiling(PlanOptions options, boolean on) {
        for (DeviceHandle h : devicesOfTasks(options)) {
            h.device.setProfiling(on || drcn.runtime.config.Settings.current().profile()); // no-op on backends that always time
        }
    }

    /** The device of each task of the graphs {@code options} runs (all, or the one of its graph index). */
    private List<DeviceHandle> devicesOfTasks(PlanOptions options) {
        var out = new ArrayList<DeviceHandle>();
        for (int i = 0; i < graphs.size(); i++) {
            if (options.graphIndex() >= 0 && options.graphIndex() != i) continue;
            ImmutableTaskGraph g = graphs.get(i);
            for (GraphAction a : g.actions()) {
                if (a instanceof GraphAction.Launch l) out.add(deviceOf(g.getTaskGraphName(), l.id(), options));
            }
        }
        return out;
    }

    private void runGraph(int index, PlanOptions options) {
        ImmutableTaskGraph graph = graphs.get(index);
        String name = graph.getTaskGraphName();
        boolean first = executions[index] == 0;
        restartReductions(graph, options);
        var toHost = new ArrayList<GraphAction.ToHost>();
        var persist = new ArrayList<GraphAction.Persist>();
        boolean capture = options.replay() && profile == null;
        Replay replay = capture ? replays[index] : null;
        replays[index] = null;
        var captured = new ArrayList<Captured>();
        if (replay != null && replay.fits(options)) {
            // the transfers come first in this graph (else it would have no replay), then the captures at once
            for (GraphAction action : graph.actions()) {
                if (!(action instanceof GraphAction.Launch)) action(action, graph, first, options, toHost, persist, null, false);
            }
            if (replay.ready()) {
                used.add(replay.device());
                try {
                    for (Captured c : replay.captures()) c.graph().replay();
                } catch (RuntimeException e) {
                    throw new TornadoRuntimeException("graph " + name + " failed on " + replay.device().info().id() + ": " + e.getMessage(), e);
                }
                for (HostArray h : replay.roots()) h.writtenOn(replay.device()); // as launching the tasks would have
                finishGraph(name, first, toHost, persist);
                replays[index] = replay;
                return;
            } else {
                var run = new ArrayList<Task>();
                for (GraphAction action : graph.actions()) {
                    if (action instanceof GraphAction.Launch) action(action, graph, first, options, toHost, persist, run, capture);
                }
                launchCaptured(run, captured);
            }
        } else {
            // consecutive tasks on one device, launched as one captured graph when replay is on
            var run = new ArrayList<Task>();
            for (GraphAction action : graph.actions()) {
                if (action instanceof GraphAction.ToDevice || action instanceof GraphAction.Consume) launchCaptured(run, captured);
                action(action, graph, first, options, toHost, persist, run, capture);
            }
            launchCaptured(run, captured);
        }
        finishGraph(name, first, toHost, persist);
        if (capture) replays[index] = replayOf(graph, captured, options);
    }

    /** Each {@code @Reduce} array of the plan's tasks and the value its element 0 held at the first execution. */
    private final Map<Object, Number> neutralElements = new IdentityHashMap<>();

    /**
     * TornadoVM's {@code @Reduce} semantics across executions: element 0 of a reduction array holds the reduction's
     * neutral element when the plan first runs (TornadoVM reads it then, as it builds its reduce graph), and every
     * execution starts from it again: TornadoVM refills the array with it on the host and the device before each
     * execution, so a plan executed repeatedly gives each execution's own reduction, not a running total over
     * executions (which the kernel's Java, {@code r.set(0, r.get(0) + x)}, would compute on an array left on the
     * device). Here element 0 is set back on the host and the array copied to the task's device before the graph runs.
     */
    private void restartReductions(ImmutableTaskGraph graph, PlanOptions options) {
        String name = graph.getTaskGraphName();
        List<Object> arrays = reductionArrays.computeIfAbsent(graph, PlanRunner::reductionArraysOf);
        for (Object array : arrays) {
            Number neutral = neutralElements.computeIfAbsent(array, PlanRunner::firstElement);
            if (neutral == null) continue;
            setFirstElement(array, neutral);
            for (HostArray h : parts(name, array)) copyIn(name, h, firstDeviceUsing(graph, array, options));
        }
    }

    /** Each graph's {@code @Reduce} arrays, found once (the plan's graphs do not change). */
    private final Map<ImmutableTaskGraph, List<Object>> reductionArrays = new IdentityHashMap<>();

    /** The arguments that {@code @Reduce} parameters of the graph's tasks receive. */
    private static List<Object> reductionArraysOf(ImmutableTaskGraph graph) {
        var out = new ArrayList<Object>();
        for (GraphAction action : graph.actions()) {
            if (!(action instanceof GraphAction.Launch l) || l.code() instanceof Prebuilt) continue;
            java.lang.reflect.Method method;
            try {
                method = KernelRef.forMethod(l.code()).javaMethod();
            } catch (RuntimeException e) {
                continue; // not a kernel: resolving the task reports why
            }
            List<Object> arguments = taskArguments(l);
            java.lang.annotation.Annotation[][] annotations = method.getParameterAnnotations();
            if (annotations.length != arguments.size()) continue;
            for (int i = 0; i < annotations.length; i++) {
                Object argument = arguments.get(i);
                boolean reduce = java.util.Arrays.stream(annotations[i]).anyMatch(a -> a instanceof drcn.tornado.api.annotations.Reduce);
                if (reduce && out.stream().noneMatch(o -> o == argument)) out.add(argument);
            }
        }
        return List.copyOf(out);
    }

    private static Number firstElement(Object array) {
        return switch (array) {
            case FloatArray a when a.getSize() > 0 -> a.get(0);
            case IntArray a when a.getSize() > 0 -> a.get(0);
            case drcn.tornado.api.types.arrays.DoubleArray a when a.getSize() > 0 -> a.get(0);
            case drcn.tornado.api.types.arrays.LongArray a when a.getSize() > 0 -> a.get(0);
            case float[] a when a.length > 0 -> a[0];
            case int[] a when a.length > 0 -> a[0];
            case double[] a when a.length > 0 -> a[0];
            case long[] a when a.length > 0 -> a[0];
            default -> null;
        };
    }

    private static void setFirstElement(Object array, Number value) {
        switch (array) {
            case FloatArray a -> a.set(0, value.floatValue());
            case IntArray a -> a.set(0, value.intValue());
            case drcn.tornado.api.types.arrays.DoubleArray a -> a.set(0, value.doubleValue());
            case drcn.tornado.api.types.arrays.LongArray a -> a.set(0, value.longValue());
            case float[] a -> a[0] = value.floatValue();
            case int[] a -> a[0] = value.intValue();
            case double[] a -> a[0] = value.doubleValue();
            case long[] a -> a[0] = value.longValue();
            default -> throw new IllegalStateException("not a reduction array: " + array.getClass().getName());
        }
    }

    /** After a graph's tasks: its transfers to the host, and what it persists. */
    private void finishGraph(String name, boolean first, List<GraphAction.ToHost> toHost, List<GraphAction.Persist> persist) {
        for (GraphAction.ToHost t : toHost) {
            boolean now = t.mode() == DataTransferMode.EVERY_EXECUTION || (t.mode() == DataTransferMode.FIRST_EXECUTION && first);
            if (now) for (Object o : t.objects()) if (!isScalar(o)) for (HostArray h : parts(name, o)) copyOut(name, h);
        }
        for (GraphAction.Persist p : persist) {
            for (Object o : p.objects()) if (!isScalar(o)) for (HostArray h : parts(name, o)) h.root.persistedBy = name;
        }
    }

    /** One action of a graph; a task joins {@code run} (to be captured) when {@code capture}, else it is launched. */
    private void action(GraphAction action, ImmutableTaskGraph graph, boolean first, PlanOptions options,
                        List<GraphAction.ToHost> toHost, List<GraphAction.Persist> persist, List<Task> run, boolean capture) {
        String name = graph.getTaskGraphName();
        switch (action) {
            case GraphAction.ToDevice t -> {
                if (t.mode() == DataTransferMode.EVERY_EXECUTION || first) {
                    for (Object o : t.objects()) {
                        if (isScalar(o)) continue;
                        for (HostArray h : parts(name, o)) {
                            // an array mapped onto another's device memory holds that memory's contents, not the host's
                            if (t.mode() == DataTransferMode.UNDER_DEMAND && h.root.mappedFrom != null) continue;
                            copyIn(name, h, firstDeviceUsing(graph, o, options));
                        }
                    }
                }
            }
            case GraphAction.Consume c -> {
                for (Object o : c.objects()) {
                    if (!isScalar(o)) for (HostArray h : parts(name, o)) consume(name, c.graph(), h, firstDeviceUsing(graph, o, options));
                }
            }
            case GraphAction.Launch l when l.code() instanceof Prebuilt p -> {
                if (run != null) launchCaptured(run, null); // the tasks before it run first
                runPrebuilt(name, l, p, options);
            }
            case GraphAction.Launch l -> {
                Task t = task(name, l, options);
                if (!capture) {
                    launch(t, options);
                } else {
                    // a run's arguments are taken before it launches: a vector read by value after a task of the run wrote it must wait
                    if (!run.isEmpty() && (run.getFirst().device() != t.device() || readsWrittenVector(t))) launchCaptured(run, null);
                    run.add(t);
                }
            }
            case GraphAction.ToHost t -> toHost.add(t);
            case GraphAction.Persist p -> persist.add(p);
        }
    }

    /**
     * The replay of a graph that just ran with replay on (see {@link Replay}), or null when its transfers do not all
     * come before its tasks or its tasks ran on more than one device.
     */
    private Replay replayOf(ImmutableTaskGraph graph, List<Captured> captured, PlanOptions options) {
        if (captured.isEmpty() || captured.contains(null)) return null;
        boolean launched = false;
        Device device = null;
        var roots = java.util.Collections.newSetFromMap(new IdentityHashMap<HostArray, Boolean>());
        var cells = new ArrayList<FloatCell>();
        for (GraphAction a : graph.actions()) {
            if (a instanceof GraphAction.Launch l) {
                launched = true;
                Task t = tasks.get(graph.getTaskGraphName() + "." + l.id());
                if (t == null || (device != null && t.device().device != device)) return null;
                // a task's AtomicInteger locals start again at every launch, which only deviceArguments does
                if (t.kernel().function() != null && !t.kernel().function().atomics().isEmpty()) return null;
                // a vector read by value: the program may change its lanes between executions, which only deviceArguments sees
                for (Object v : t.arguments()) if (v != null && Wrappers.isVector(v.getClass())) return null;

                device = t.device().device;
                for (HostArray h : t.arrays()) roots.add(h.root);
                cells.addAll(List.of(t.cells()));
            } else if (launched && (a instanceof GraphAction.ToDevice || a instanceof GraphAction.Consume)) {
                return null;
            }
        }
        var values = new float[cells.size()];
        for (int i = 0; i < values.length; i++) values[i] = cells.get(i).get();
        return new Replay(options, device, List.copyOf(captured), roots.toArray(HostArray[]::new), cells.toArray(FloatCell[]::new), values);
    }

    /**
     * What a transfer names but does not move: scalars, a KernelContext (TornadoVM's tests list both in transferToDevice)
     * and vector values that kernels only read (a kernel gets them by value, like C). A vector that a task takes by
     * reference (its kernel sets its lanes) moves like an array, its host copy the program's object: from its first use
     * by such a task on, the plan holds it ({@link #arrays}); before that, the task's first use copies it in.
     */
    private boolean isScalar(Object o) {
        return o instanceof Number && !(o instanceof AtomicInteger) || o instanceof Boolean || o instanceof Character || o instanceof KernelContext
                || o instanceof drcn.tornado.api.types.HalfFloat || o != null && Wrappers.isVector(o.getClass()) && !arrays.containsKey(o);
    }

    // ---- tasks

    private Task task(String graph, GraphAction.Launch launch, PlanOptions options) {
        String key = graph + "." + launch.id();
        DeviceHandle device = deviceOf(graph, launch.id(), options);
        WorkerGrid grid = options.grid() == null ? null : options.grid().get(key);
        Range range = grid == null ? null : range(grid, key, device);
        Task t = tasks.get(key);
        if (t != null && t.device() == device && java.util.Objects.equals(range, t.grid())) return t;
        t = resolve(key, launch, device, range, options.printKernel() || Boolean.parseBoolean(Engine.setting("tornado.printKernel", "false")),
                options.grid() == null ? null : options.grid().keySet());
        tasks.put(key, t);
        if (profile != null) profile.built(key, device.device.info(), t.resolveStart(), t.codegenNanos(), t.buildNanos(), t.buildSource());
        Recorded stale = recordings.remove(key);
        if (stale != null) stale.launch().close();
        java.util.Arrays.fill(replays, null);
        return t;
    }

    /** A task without a grid and without a KernelContext runs as one work-item (TornadoVM's sequential task). */
    private static final Range SEQUENTIAL = Range.of(1).withLocal(1);

    /** @param gridNames the names the plan's GridScheduler has grids for; null without a GridScheduler */
    private Task resolve(String key, GraphAction.Launch launch, DeviceHandle device, Range grid, boolean print, java.util.Set<String> gridNames) {
        KernelRef kernel;
        try {
            kernel = KernelRef.forMethod(launch.code());
        } catch (RuntimeException e) {
            throw new TornadoTaskRuntimeException("task " + key + ": " + e.getMessage(), e);
        }
        Class<?>[] types = kernel.javaMethod().getParameterTypes();
        int contextIndex = -1;
        for (int i = 0; i < types.length; i++) if (types[i] == KernelContext.class) contextIndex = i;
        boolean hasContext = contextIndex >= 0;
        List<Object> given = taskArguments(launch);
        if (given.size() != types.length) {
            throw new TornadoTaskRuntimeException("task " + key + " passes " + given.size() + " arguments to " + kernel.displayName() + ", which takes " + types.length);
        }
        List<KernelRef.ObjectField> fields = kernel.objectFields();
        if (!fields.isEmpty()) {
            // the fields the kernel reads through its receiver and object parameters: hidden arguments after the Java
            // ones, arrays moved like any argument, written or non-final numbers as arrays of one element
            try {
                var values = kernel.objectFieldValues(KernelRef.receiverOf(launch.code()), given);
                given = new ArrayList<>(given);
                given.addAll(values);
            } catch (RuntimeException e) {
                throw new TornadoTaskRuntimeException("task " + key + ": " + e.getMessage(), e);
            }
            types = java.util.Arrays.copyOf(types, types.length + fields.size());
            for (int i = 0; i < fields.size(); i++) types[types.length - fields.size() + i] = fields.get(i).field().getType();
        }
        var parameters = kernel.function() == null ? List.<drcn.compiler.ir.Function.Parameter>of() : kernel.function().parameters();
        java.util.Set<Integer> byReference = kernel.vectorReferences();
        var arguments = new Object[types.length - (hasContext ? 1 : 0)];
        var arrays = new ArrayList<HostArray>();
        var cells = new ArrayList<FloatCell>();
        int at = 0;
        for (int i = 0; i < types.length; i++) {
            if (i == contextIndex) continue;
            Object a = given.get(i);
            if (i < parameters.size() && parameters.get(i).type() == drcn.compiler.ir.Type.OBJECT) {
                arguments[at++] = null; // an object: the fields its kernel reads are the hidden arguments
                continue;
            }
            if (byReference.contains(i) && !JavaGrids.isVectorValue(a)) {
                throw new TornadoTaskRuntimeException("task " + key + ": argument " + (i + 1) + " of " + kernel.displayName() + " is "
                        + (a == null ? "null" : "a " + a.getClass().getSimpleName()) + "; the kernel sets its lanes, so it must be a vector object");
            }
            if (a instanceof KernelRef.FieldSlot || a instanceof TornadoNativeArray || isPrimitiveArray(a) || a instanceof AtomicInteger
                    || Wrappers.backing(a) != null || JavaGrids.isGathered(a) || byReference.contains(i)) {
                HostArray h = a instanceof KernelRef.FieldSlot slot ? fieldCell(slot) : host(key, a);
                arrays.add(h);
                // a matrix or vector collection passes its extents beside its backing array, a Java grid its columns
                if (Wrappers.backing(a) != null) arguments[at] = new Shaped(h, Wrappers.shape(a));
                else if (JavaGrids.isGrid(a)) arguments[at] = new Shaped(h, new int[] {JavaGrids.columns(a)});
                else arguments[at] = h;
            } else if (a instanceof Number || a instanceof Character || a instanceof drcn.tornado.api.types.HalfFloat
                    || a != null && Wrappers.isVector(a.getClass())) {
                arguments[at] = a;
            } else if (a instanceof FloatCell c && types[i] == float.class) {
                arguments[at] = c;
                cells.add(c);
            } else {
                throw new TornadoTaskRuntimeException("task " + key + ": argument " + (i + 1) + " of " + kernel.displayName() + " is "
                        + (a == null ? "null" : "a " + a.getClass().getSimpleName())
                        + "; tasks take TornadoVM's arrays (FloatArray, DoubleArray, ...), Java arrays of numbers, numbers, HalfFloats (and a KernelContext)");
            }
            at++;
        }
        Range range = kernel.function() == null ? null
                : ParallelLaunch.range(kernel.function(), arguments, h -> ((HostArray) h).bytes, grid, device.device.info().computeUnits());
        // Without a grid or @Parallel loops a task runs as one work-item, a KernelContext one too (TornadoVM's default
        // when the plan has no GridScheduler). A GridScheduler that names no grid for a KernelContext task is a
        // misspelt name (TornadoVM throws too): running it as one work-item would give a wrong answer quietly.
        if (hasContext && grid == null && range == null && gridNames != null) {
            throw new TornadoRuntimeException("task " + key + " runs " + kernel.displayName() + ", which takes a KernelContext, and the plan's "
                    + "GridScheduler has no grid named " + key + " (it names " + String.join(", ", gridNames) + ")");
        }
        if (range == null) range = grid == null ? SEQUENTIAL : grid;
        Map<String, Integer> constants;
        try {
            constants = withLocalSizeConstants(kernel, withLengthConstants(kernel, kernel.constantsOf(scalarView(arguments)), arguments), range);
            if (kernel.function() != null && Stmt.ParallelFor.gridReduction(kernel.function()) != null
                    && ParallelLaunch.contiguousSlices(drcn.runtime.config.Settings.current().reduction(), device.device.info())) {
                constants = new java.util.HashMap<>(constants);
                constants.put(drcn.compiler.ir.Function.CONTIGUOUS_SLICES, 1);
            }
        } catch (IllegalArgumentException e) {
            throw new TornadoTaskRuntimeException("task " + key + ": " + e.getMessage(), e);
        }
        if (kernel.function() != null && !kernel.function().atomics().isEmpty()) arguments = withAtomicsRegion(arguments, kernel.function());
        Stmt.ParallelFor gridReduction = kernel.function() == null ? null : Stmt.ParallelFor.gridReduction(kernel.function());
        if (gridReduction != null) arguments = withGroupScratch(arguments, gridReduction, range.global(0) / range.local(0));
        long emitBefore = KernelJit.emitNanos();
        BuildStats statsBefore = device.device.buildStats();
        long start = System.nanoTime();
        CompiledKernel compiled;
        try {
            compiled = device.device.compile(kernel, constants);
        } catch (drcn.tornado.api.exceptions.TornadoDeviceFP64NotSupported | drcn.tornado.api.exceptions.TornadoDeviceMMANotSupported e) {
            throw e;
        } catch (RuntimeException e) {
            throw new TornadoRuntimeException("task " + key + ": " + kernel.displayName() + " did not build for " + device.getId() + ": " + e.getMessage(), e);
        }
        long total = System.nanoTime() - start;
        long codegen = KernelJit.emitNanos() - emitBefore;
        String source = PlanProfiler.buildSource(statsBefore, device.device.buildStats());
        if (print && compiled.source() != null) {
            System.out.println("// task " + key + " on " + device.getId() + ": " + kernel.displayName() + " " + constants);
            System.out.println(compiled.source());
        }
        return new Task(key, kernel, device, compiled, grid, range, arguments, arrays, cells.toArray(FloatCell[]::new), start,
                codegen, Math.max(0, total - codegen), source);
    }

    /**
     * The arguments followed by one one-int array per AtomicInteger local of the kernel, holding its initial value: what
     * the C kernel takes after its parameters ({@code KernelArguments.launchParameters}).
     */
    private Object[] withAtomicsRegion(Object[] arguments, drcn.compiler.ir.Function function) {
        var out = java.util.Arrays.copyOf(arguments, arguments.length + function.atomics().size());
        for (int i = 0; i < function.atomics().size(); i++) {
            var initial = new IntArray(1);
            initial.set(0, function.atomics().get(i).initial());
            var h = new HostArray(initial, null);
            h.atomicsRegion = true;
            arrays.put(initial, h); // so that its buffers are freed with the plan's
            out[arguments.length + i] = h;
        }
        return out;
    }

    /**
     * The arguments followed by what a grid reduction's C takes after them ({@code Function.launchParameters}): each
     * result's partials, one element per work-group, and the group counter, zero. The task keeps them for the plan's
     * life: the kernel leaves the counter at zero after every launch, so they are copied to its device once, and
     * replays and captured graphs reuse them. They are not among the task's arrays, so the engine never copies them
     * back.
     */
    private Object[] withGroupScratch(Object[] arguments, Stmt.ParallelFor loop, int groups) {
        var out = java.util.Arrays.copyOf(arguments, arguments.length + loop.reductions().size() + 1);
        int at = arguments.length;
        for (Stmt.Reduction r : loop.reductions()) {
            TornadoNativeArray partials = switch (r.type()) {
                case FLOAT -> new FloatArray(groups);
                case DOUBLE -> new drcn.tornado.api.types.arrays.DoubleArray(groups);
                case LONG -> new drcn.tornado.api.types.arrays.LongArray(groups);
                default -> new IntArray(groups);
            };
            out[at++] = scratch(partials);
        }
        out[at] = scratch(new IntArray(1));
        return out;
    }

    private HostArray scratch(TornadoNativeArray array) {
        var h = new HostArray(array, null);
        arrays.put(array, h); // so that its buffers are freed with the plan's
        return h;
    }

    /**
     * {@code constants} and the element count of each array argument that sizes a private array in the kernel (a
     * collection allocated in it, {@code new VectorFloat2(output.getLength())}): C needs that size as a constant.
     */
    private static Map<String, Integer> withLengthConstants(KernelRef kernel, Map<String, Integer> constants, Object[] arguments) {
        if (kernel.function() == null || kernel.function().lengthConstantArrays().isEmpty()) return constants;
        var out = new java.util.HashMap<>(constants);
        int at = 0;
        for (drcn.compiler.ir.Function.Parameter p : kernel.function().parameters()) {
            if (p.type() == drcn.compiler.ir.Type.CONTEXT) continue;
            if (kernel.function().lengthConstantArrays().contains(p.name())) {
                Object a = arguments[at] instanceof Shaped shaped ? shaped.array() : arguments[at];
                if (!(a instanceof HostArray h)) throw new IllegalArgumentException("argument '" + p.name() + "' must be an array: it sizes a collection in the kernel");
                out.put(drcn.compiler.ir.Function.lengthConstant(p.name()), Math.toIntExact(h.bytes / p.type().elementType().byteSize()));
            }
            at++;
        }
        return out;
    }

    /**
     * {@code constants} and the launch's work-group size in each dimension that sizes an array in the kernel
     * ({@code context.allocateFloatLocalArray(context.localGroupSizeX)}): C needs that size as a constant.
     */
    private static Map<String, Integer> withLocalSizeConstants(KernelRef kernel, Map<String, Integer> constants, Range range) {
        if (kernel.function() == null || kernel.function().localSizeDimensions().isEmpty()) return constants;
        var out = new java.util.HashMap<>(constants);
        for (int dimension : kernel.function().localSizeDimensions()) {
            int local = range.local(dimension);
            if (local < 1) {
                throw new IllegalArgumentException(kernel.displayName() + " sizes an array by context.localGroupSize" + "XYZ".charAt(dimension)
                        + ": give its task a WorkerGrid with its local work set (setLocalWork)");
            }
            out.put(drcn.compiler.ir.Function.localSizeConstant(dimension), local);
        }
        return out;
    }

    /** The arguments with arrays left as placeholders: what {@link KernelRef#constantsOf} reads (ints only). */
    private static Object[] scalarView(Object[] arguments) {
        var out = arguments.clone();
        for (int i = 0; i < out.length; i++) {
            if (out[i] instanceof HostArray || out[i] instanceof FloatCell || out[i] instanceof Shaped) out[i] = null;
        }
        return out;
    }

    /**
     * The launch of a WorkerGrid: exactly its global work (no rounding up: TornadoVM's kernels need not guard).
     * Without local work each dimension gets the largest divisor of its global size up to the default
     * work-group size (tornado.properties), as an OpenCL driver does for a NULL local size.
     */
    static Range range(WorkerGrid grid, String key, DeviceHandle device) {
        if (grid instanceof RangeGrid r) return r.range();
        int dims = grid.dimension();
        long[] g = grid.getGlobalWork();
        long[] l = grid.getLocalWork();
        long[] offset = grid.getGlobalOffset();
        int[] global = new int[dims];
        int[] local = new int[dims];
        int[] defaults = drcn.runtime.config.Settings.current().defaultWorkGroup(dims);
        long room = Math.max(1, device.device.info().maxWorkGroupSize());
        for (int i = 0; i < dims; i++) {
            if (g[i] < 1 || g[i] > Integer.MAX_VALUE) {
                throw new TornadoTaskRuntimeException("task " + key + ": global work " + java.util.Arrays.toString(g) + " must be positive");
            }
            if (offset != null && offset[i] != 0) {
                throw new TornadoTaskRuntimeException("task " + key + ": global offsets are not supported; index from 0 and add the offset in the kernel");
            }
            global[i] = (int) g[i];
            if (l != null) {
                if (l[i] < 1 || g[i] % l[i] != 0) {
                    throw new TornadoTaskRuntimeException("task " + key + ": local work " + java.util.Arrays.toString(l)
                            + " must be positive and divide the global work " + java.util.Arrays.toString(g));
                }
                local[i] = (int) l[i];
            } else {
                int want = (int) Math.max(1, Math.min(defaults[i], room));
                int d = Math.min(want, global[i]);
                while (global[i] % d != 0) d--;
                local[i] = d;
                room = Math.max(1, room / d);
            }
        }
        return new Range(global, local);
    }

    /** Whether the task reads by value a vector that a task of the plan takes by reference (see {@link #deviceArguments}). */
    private boolean readsWrittenVector(Task t) {
        for (Object a : t.arguments()) if (a != null && Wrappers.isVector(a.getClass()) && arrays.containsKey(a)) return true;
        return false;
    }

    /** The task's arguments on its device: each array's buffer there, with the newest contents. */
    private Object[] deviceArguments(Task t) {
        var deviceArguments = new Object[t.arguments().length];
        for (int i = 0; i < deviceArguments.length; i++) {
            if (t.arguments()[i] instanceof HostArray h && h.atomicsRegion) {
                // back to its initial values at every launch: the host copy is never overwritten
                h.valid.clear();
                h.hostValid = true;
                deviceArguments[i] = present(t.key(), h, t.device());
            } else if (t.arguments()[i] instanceof HostArray h) {
                deviceArguments[i] = present(t.key(), h, t.device());
            } else if (t.arguments()[i] instanceof FloatCell c) {
                deviceArguments[i] = c.get();
            } else if (t.arguments()[i] instanceof Shaped s) {
                deviceArguments[i] = new ShapedBuffer(present(t.key(), s.array(), t.device()), s.shape());
            } else if (t.arguments()[i] != null && Wrappers.isVector(t.arguments()[i].getClass()) && arrays.get(t.arguments()[i]) instanceof HostArray h) {
                // a vector this task reads by value that another task writes by reference: its newest lanes, read from
                // the device that has them into a new vector (the program's object changes only by a transfer to the host)
                deviceArguments[i] = JavaGrids.copyOfVector(t.arguments()[i]);
                if (!h.hostValid) {
                    TornadoNativeArray lanes = JavaGrids.flat(h.gathered);
                    Device holder = h.valid.iterator().next();
                    holder.read(h.buffers.get(holder), 0, lanes.getSegment());
                    deviceArguments[i] = JavaGrids.rebuildVector(h.gathered.getClass(), lanes.getSegment());
                }
            } else if (t.arguments()[i] != null && Wrappers.isVector(t.arguments()[i].getClass())) {
                // by value: its lanes now (a recorded launch is recorded again when they changed, see recorded)
                deviceArguments[i] = JavaGrids.copyOfVector(t.arguments()[i]);
            } else {
                deviceArguments[i] = t.arguments()[i];
            }
        }
        return deviceArguments;
    }

    /** The task's recorded launch for these device arguments, recorded again when they changed. */
    private RecordedLaunch recorded(Task t, Object[] deviceArguments) {
        Recorded r = recordings.get(t.key());
        if (r != null && java.util.Arrays.equals(r.arguments(), deviceArguments)) return r.launch();
        if (r != null) r.launch().close();
        RecordedLaunch launch = t.device().device.record(t.compiled(), t.range(), deviceArguments);
        recordings.put(t.key(), new Recorded(launch, deviceArguments));
        return launch;
    }

    /**
     * Launches a run of consecutive tasks of one device as one captured graph (captured again when any of its
     * recorded launches changed), and empties {@code run}. Bringing every task's arrays to the device first is
     * what launching them one by one would do: an array a task of the run writes is then valid on this device,
     * so no later task of the run copies it.
     */
    private void launchCaptured(List<Task> run, List<Captured> launched) {
        if (run.isEmpty()) return;
        Task first = run.getFirst();
        Device device = first.device().device;
        used.add(device);
        var arguments = new ArrayList<Object[]>(run.size());
        for (Task t : run) {
            arguments.add(deviceArguments(t));
            for (HostArray h : t.arrays()) h.root.writtenOn(device);
        }
        var launches = new ArrayList<RecordedLaunch>(run.size());
        try {
            for (int i = 0; i < run.size(); i++) launches.add(recorded(run.get(i), arguments.get(i)));
            Captured c = captures.get(first.key());
            if (c == null || !sameLaunches(c.launches(), launches)) {
                if (c != null) c.graph().close();
                captures.remove(first.key());
                c = new Captured(List.copyOf(launches), device.capture(launches));
                captures.put(first.key(), c);
            }
            c.graph().replay();
            if (launched != null) launched.add(c);
        } catch (RuntimeException e) {
            throw new TornadoRuntimeException("tasks " + run.stream().map(Task::key).toList() + " failed on " + first.device().getId()
                    + ": " + e.getMessage(), e);
        }
        run.clear();
    }

    private static boolean sameLaunches(List<RecordedLaunch> a, List<RecordedLaunch> b) {
        if (a.size() != b.size()) return false;
        for (int i = 0; i < a.size(); i++) if (a.get(i) != b.get(i)) return false;
        return true;
    }

    private void launch(Task t, PlanOptions options) {
        Device device = t.device().device;
        used.add(device);
        Object[] deviceArguments = deviceArguments(t);
        long dispatchStart = System.nanoTime();
        Event event;
        try {
            if (options.replay()) {
                event = recorded(t, deviceArguments).replay();
            } else {
                event = device.launch(t.compiled(), t.range(), deviceArguments);
            }
        } catch (RuntimeException e) {
            throw new TornadoRuntimeException("task " + t.key() + " (" + t.kernel().displayName() + ") failed on " + t.device().getId() + ": " + e.getMessage(), e);
        }
        long dispatch = System.nanoTime() - dispatchStart;
        for (HostArray h : t.arrays()) h.root.writtenOn(device); // conservatively: a task may write any array it takes
        if (profile != null) {
            long kernel = event.durationNanos();
            if (kernel < 0) {
                device.finish();
                kernel = System.nanoTime() - dispatchStart;
            }
            profile.task(t.key(), t.kernel().displayName(), t.device().getBackendIndex() + ":" + t.device().index, device.info(),
                    dispatchStart, kernel, dispatch);
        }
    }

    // ---- prebuilt tasks

    /**
     * Bytes before the first element of each array a prebuilt kernel gets: TornadoVM's array header without compressed
     * class pointers, its first int the element count. TornadoVM programs pick their {@code _uncompressed} kernels
     * (data at +24) when {@code TornadoNativeArray.ARRAY_HEADER} is not 16, which it is not here (0).
     */
    static final int PREBUILT_HEADER = drcn.compiler.emit.CEmitter.PREBUILT_ARRAY_HEADER;
    /** Bytes of the kernel-context, constant and local regions a prebuilt kernel gets (TornadoVM's first three arguments). */
    private static final int PREBUILT_REGION = 1024;
    /** Prebuilt kernels built, per task key and device. */
    private final Map<String, drcn.runtime.backend.opencl.OpenCLKernel> prebuilts = new HashMap<>();

    /**
     * Runs a prebuilt task: hand-written OpenCL C with TornadoVM's calling convention, {@code (__global long*
     * kernel_context, __constant uchar* constants, __local uchar* local_region, __global int* atomics, __global uchar*
     * array...)}, each array's data {@link #PREBUILT_HEADER} bytes past its pointer. The arrays go to the device in
     * buffers of their own (header first) from their newest contents, and those the kernel may write come back to the
     * host, which then holds their newest contents.
     */
    private void runPrebuilt(String graph, GraphAction.Launch launch, Prebuilt p, PlanOptions options) {
        String key = graph + "." + launch.id();
        DeviceHandle handle = deviceOf(graph, launch.id(), options);
        if (!(handle.device instanceof drcn.runtime.backend.opencl.OpenCLDevice cl)) {
            throw new TornadoTaskRuntimeException("prebuilt task " + key + " runs hand-written OpenCL C (" + p.file()
                    + "), so it needs an OpenCL device; " + handle.getId() + " is not one (choose one with withDevice)");
        }
        used.add(cl);
        var kernel = prebuilts.get(key + "@" + handle.getId());
        if (kernel == null) {
            String source;
            try {
                source = java.nio.file.Files.readString(java.nio.file.Path.of(p.file()));
            } catch (java.io.IOException | java.nio.file.InvalidPathException e) {
                throw new TornadoTaskRuntimeException("prebuilt task " + key + ": cannot read the OpenCL C file " + p.file()
                        + (p.file().startsWith("null/") ? " (TORNADOVM_HOME is not set; bin/tornado sets it)" : ""), e);
            }
            try {
                kernel = cl.buildPrebuilt(source, p.entryPoint());
            } catch (RuntimeException e) {
                throw new TornadoRuntimeException("prebuilt task " + key + ": " + p.file() + " did not build for " + handle.getId() + ": " + e.getMessage(), e);
            }
            prebuilts.put(key + "@" + handle.getId(), kernel);
        }
        List<Object> objects = launch.arguments();
        var buffers = new ArrayList<Buffer>();
        try {
            var arguments = new ArrayList<Object>();
            Buffer context = cl.allocate(PREBUILT_REGION), constants = cl.allocate(PREBUILT_REGION);
            buffers.add(context);
            buffers.add(constants);
            cl.zero(context, 0, PREBUILT_REGION);
            cl.zero(constants, 0, PREBUILT_REGION);
            int[] atomicValues = p.atomics().length == 0 ? new int[1] : p.atomics();
            Buffer atomics = cl.allocate(4L * atomicValues.length);
            buffers.add(atomics);
            var initial = new IntArray(atomicValues.length);
            for (int i = 0; i < atomicValues.length; i++) initial.set(i, atomicValues[i]);
            cl.write(atomics, 0, initial.getSegment());
            arguments.addAll(List.of(context, constants, PREBUILT_REGION, atomics));
            var hosts = new ArrayList<HostArray>();
            for (int i = 0; i < objects.size(); i++) {
                Object o = objects.get(i);
                if (!(o instanceof TornadoNativeArray || isPrimitiveArray(o) || o instanceof AtomicInteger)) {
                    throw new TornadoTaskRuntimeException("prebuilt task " + key + ": accessor parameter " + i + " is "
                            + (o == null ? "null" : "a " + o.getClass().getSimpleName()) + "; prebuilt kernels take TornadoVM's arrays and Java arrays of numbers");
                }
                HostArray h = host(key, o);
                if (!h.root.hostValid) copyOut(key, h.root);
                if (h.counter != null) ((IntArray) h.array).set(0, h.counter.get());
                Buffer b = cl.allocate(PREBUILT_HEADER + Math.max(4, h.bytes));
                buffers.add(b);
                cl.zero(b, 0, PREBUILT_HEADER);
                cl.write(b, 0, MemorySegment.ofArray(new int[] {h.array.getSize()}));
                if (h.bytes > 0) {
                    if (h.array.isHostAllocated()) cl.write(b, PREBUILT_HEADER, h.array.getSegment());
                    else cl.zero(b, PREBUILT_HEADER, h.bytes);
                }
                arguments.add(b);
                hosts.add(h);
            }
            WorkerGrid grid = options.grid() == null ? null : options.grid().get(key);
            Range range = grid == null ? SEQUENTIAL : range(grid, key, handle); // TornadoVM: one thread without a grid
            cl.launch(kernel, range, arguments.toArray());
            for (int i = 0; i < hosts.size(); i++) {
                HostArray h = hosts.get(i);
                if (p.accesses().get(i) == drcn.tornado.api.common.Access.READ_ONLY || h.bytes == 0) continue;
                cl.read(buffers.get(3 + i), PREBUILT_HEADER, h.array.getSegment());
                if (h.counter != null) h.counter.set(((IntArray) h.array).get(0));
                h.root.valid.clear(); // the host now holds the newest contents
                h.root.hostValid = true;
            }
        } catch (RuntimeException e) {
            if (e instanceof TornadoRuntimeException || e instanceof TornadoTaskRuntimeException) throw e;
            throw new TornadoRuntimeException("prebuilt task " + key + " (" + p.entryPoint() + " in " + p.file() + ") failed on " + handle.getId() + ": " + e.getMessage(), e);
        } finally {
            for (Buffer b : buffers) b.close();
        }
    }

    // ---- devices

    private DeviceHandle deviceOf(String graph, String task, PlanOptions options) {
        String key = graph + "." + task;
        TornadoDevice chosen = options.taskDevices().get(key);
        if (chosen == null) {
            String spec = Engine.setting(key + ".device", null);
            if (spec != null) return engine.devices().parse(spec, "setting " + key + ".device");
        }
        if (chosen == null) chosen = options.device();
        if (chosen == null) {
            String spec = Engine.setting(graph + ".device", null);
            if (spec != null) return engine.devices().parse(spec, "setting " + graph + ".device");
            return engine.devices().getDefaultDevice();
        }
        if (chosen instanceof DeviceHandle h) return h;
        return engine.devices().parse(chosen.getId(), "device " + chosen);
    }

    /** A task's arguments as its kernel takes them: what its lambda captured, then the arguments given to task(...). */
    private static List<Object> taskArguments(GraphAction.Launch launch) {
        if (launch.code() instanceof Prebuilt) return launch.arguments(); // hand-written code: no Java lambda behind it
        List<Object> captured = KernelRef.capturedArguments(launch.code());
        if (captured.isEmpty()) return launch.arguments();
        var all = new ArrayList<Object>(captured);
        all.addAll(launch.arguments());
        return all;
    }

    /** The device of the graph's first task that uses {@code array}: where its host-to-device copy goes. */
    private DeviceHandle firstDeviceUsing(ImmutableTaskGraph graph, Object array, PlanOptions options) {
        for (GraphAction a : graph.actions()) {
            if (a instanceof GraphAction.Launch l) {
                for (Object arg : taskArguments(l)) {
                    if (arg == array) return deviceOf(graph.getTaskGraphName(), l.id(), options);
                }
            }
        }
        TornadoDevice d = options.device();
        if (d instanceof DeviceHandle h) return h;
        return d == null ? engine.devices().getDefaultDevice() : engine.devices().parse(d.getId(), "device " + d);
    }

    // ---- data

    /** A matrix or vector collection argument: its backing array and its extents (see {@link Wrappers}). */
    private record Shaped(HostArray array, int[] shape) implements Wrappers.Shaped {}

    private HostArray host(String where, Object array) {
        Object backing = Wrappers.backing(array); // a matrix or collection moves as its backing array
        if (backing != null) array = backing;
        HostArray h = arrays.get(array);
        if (h != null) return h;
        TornadoNativeArray a = switch (array) {
            case TornadoNativeArray native_ -> native_;
            case AtomicInteger counter -> new IntArray(1);
            case Object java when isPrimitiveArray(java) -> heapView(java); // a Java array: copied in and out in place
            case Object gathered when JavaGrids.isGathered(gathered) || JavaGrids.isVectorValue(gathered) -> gatheredArray(where, gathered);
            default -> throw new TornadoTaskRuntimeException(where + ": cannot move a " + array.getClass().getSimpleName()
                    + " between host and device; task graphs move TornadoVM's arrays and Java arrays of numbers");
        };
        HostArray root = a.getViewParent() == null ? null : host(where, a.getViewParent());
        h = new HostArray(a, root);
        if (array instanceof AtomicInteger counter) h.counter = counter;
        if (JavaGrids.isGathered(array) || JavaGrids.isVectorValue(array)) h.gathered = array;
        if (root != null) root.views.add(h);
        arrays.put(array, h);
        return h;
    }

    /** The one-element arrays of number fields (see {@link HostArray#slot}), by the object that holds the field. */
    private final Map<Object, Map<java.lang.reflect.Field, HostArray>> cells = new IdentityHashMap<>();

    /** The one-element array that a number field of one object moves as, made on first need. */
    private HostArray fieldCell(KernelRef.FieldSlot slot) {
        var own = cells.computeIfAbsent(slot.holder(), k -> new HashMap<>());
        HostArray h = own.get(slot.field());
        if (h != null) return h;
        TornadoNativeArray cell = ObjectTransfers.newCell(slot.field());
        h = new HostArray(cell, null);
        h.slot = slot;
        arrays.put(cell, h);
        own.put(slot.field(), h);
        return h;
    }

    /**
     * What a transfer of {@code o} moves: an array, itself; an object of the program's classes (TornadoVM moves
     * objects), every array reachable through its fields and the number fields that tasks took as one-element arrays.
     */
    private List<HostArray> parts(String where, Object o) {
        if (!ObjectTransfers.isProgramObject(o)) return List.of(host(where, o));
        var out = new ArrayList<HostArray>();
        for (Object part : ObjectTransfers.reachableArrays(o, cells.keySet()::contains)) {
            if (part instanceof ObjectTransfers.Holder holder) {
                out.addAll(cells.get(holder.object()).values());
            } else {
                HostArray h = host(where, part);
                if (!out.contains(h)) out.add(h);
            }
        }
        return out;
    }

    private static TornadoNativeArray gatheredArray(String where, Object gathered) {
        try {
            return JavaGrids.flat(gathered);
        } catch (IllegalArgumentException e) {
            throw new TornadoTaskRuntimeException(where + ": " + e.getMessage(), e);
        }
    }

    private static boolean isPrimitiveArray(Object o) {
        return o != null && o.getClass().isArray() && o.getClass().getComponentType().isPrimitive() && !(o instanceof boolean[]);
    }

    /** A TornadoVM array over a Java array's own memory: what the engine moves for a float[], int[], ... argument. */
    private static TornadoNativeArray heapView(Object array) {
        MemorySegment heap = JavaGrids.heapSegment(array);
        return switch (array) {
            case float[] x -> FloatArray.fromSegmentShallow(heap);
            case int[] x -> IntArray.fromSegmentShallow(heap);
            case double[] x -> drcn.tornado.api.types.arrays.DoubleArray.fromSegmentShallow(heap);
            case long[] x -> drcn.tornado.api.types.arrays.LongArray.fromSegmentShallow(heap);
            case short[] x -> drcn.tornado.api.types.arrays.ShortArray.fromSegmentShallow(heap);
            case byte[] x -> drcn.tornado.api.types.arrays.ByteArray.fromSegmentShallow(heap);
            case char[] x -> drcn.tornado.api.types.arrays.CharArray.fromSegmentShallow(heap);
            default -> throw new IllegalArgumentException("not a primitive array: " + array);
        };
    }

    /** The buffer of {@code h} on {@code device}, allocated if needed, with the newest contents (its root's, for a view). */
    private Buffer present(String where, HostArray h, DeviceHandle handle) {
        Device device = handle.device;
        HostArray root = h.root;
        Buffer b = buffer(where, root, handle);
        if (!root.valid.contains(device)) {
            if (!root.hostValid) copyOut(where, root); // from the device that has it, through the host
            write(where, root, device, b);
        }
        return h == root ? b : view(h, device, b);
    }

    /** The view's buffer on {@code device}: a slice of its root's buffer {@code parent} there. */
    private static Buffer view(HostArray h, Device device, Buffer parent) {
        Buffer v = h.buffers.get(device);
        if (v == null) {
            v = device.slice(parent, h.offsetBytes, h.bytes);
            h.buffers.put(device, v);
        }
        return v;
    }

    /** The root array's buffer on the device, allocated on first need. */
    private Buffer buffer(String where, HostArray h, DeviceHandle handle) {
        Device device = handle.device;
        Buffer b = h.buffers.get(device);
        if (b != null) return b;
        long bytes = Math.max(4, h.bytes);
        long limit = memoryLimit;
        if (limit > 0 && bytesHeld + bytes > limit) {
            // TornadoVM's exception for its own limit; TornadoOutOfMemoryException is for a device that cannot allocate
            throw new drcn.tornado.api.exceptions.TornadoMemoryException(where + ": the plan needs " + (bytesHeld + bytes) + " bytes on " + handle.getId()
                    + ", over its memory limit of " + limit + " bytes (withMemoryLimit / tornado.device.memory)");
        }
        try {
            b = device.allocate(bytes);
        } catch (RuntimeException e) {
            throw new TornadoOutOfMemoryException(where + ": cannot allocate " + bytes + " bytes on " + handle.getId() + ": " + e.getMessage(), e);
        }
        bytesHeld += bytes;
        h.buffers.put(device, b);
        used.add(device);
        return b;
    }

    /** Bytes the plan may hold on a device (withMemoryLimit, else tornado.device.memory), or -1. */
    private long memoryLimit = -1;

    /** A declared host-to-device transfer: the host's contents are the truth now, other devices' copies are stale. */
    private void copyIn(String where, HostArray h, DeviceHandle device) {
        h = h.root;
        Buffer b = buffer(where, h, device);
        h.changedOn(device.device);
        h.valid.clear();
        h.hostValid = true;
        write(where, h, device.device, b);
    }

    /** Copies a root array's host contents to its buffer on {@code device}: zeros when it has no host memory yet. */
    private void write(String where, HostArray h, Device device, Buffer b) {
        long start = System.nanoTime();
        if (h.counter != null) ((IntArray) h.array).set(0, h.counter.get());
        if (h.slot != null) ObjectTransfers.loadCell(h.slot, h.array);
        if (h.gathered != null) JavaGrids.gather(h.gathered, h.array.getSegment());
        if (h.bytes > 0) {
            if (h.array.isHostAllocated()) {
                device.write(b, 0, h.array.getSegment());
            } else {
                device.zero(b, 0, h.bytes);
            }
        }
        h.valid.add(device);
        if (profile != null) profile.copyIn(where, device.info(), h.bytes, start, System.nanoTime() - start);
    }

    private void copyOut(String where, HostArray h) {
        h = h.root;
        if (h.hostValid) return; // the host already has the newest contents
        readBack(where, h, 0, h.bytes);
        h.hostValid = true;
    }

    /** Copies bytes [offset, offset + bytes) of a root array to the host from a device that holds its newest contents. */
    private void readBack(String where, HostArray h, long offset, long bytes) {
        Device device = h.valid.iterator().next();
        long start = System.nanoTime();
        if (bytes > 0) device.read(h.buffers.get(device), offset, h.array.getSegment().asSlice(offset, bytes));
        if (h.counter != null) h.counter.set(((IntArray) h.array).get(0));
        if (h.slot != null) ObjectTransfers.storeCell(h.slot, h.array);
        if (h.gathered != null) JavaGrids.scatter(h.array.getSegment(), h.gathered);
        if (profile != null) profile.copyOut(where, device.info(), bytes, start, System.nanoTime() - start);
    }

    private void consume(String graph, String from, HostArray h, DeviceHandle handle) {
        h = h.root;
        if (h.buffers.containsKey(handle.device) && h.valid.contains(handle.device)) return; // an earlier graph of this plan left it there
        Persisted.Entry e = engine.persisted.get(h.array);
        if (e == null || e.device() != handle.device || (from != null && !from.equals(e.graph()))) {
            if (h.buffers.containsKey(handle.device)) return;
            throw new TornadoRuntimeException("graph " + graph + " consumes an array that " + (from == null ? "no graph" : "graph " + from)
                    + " persisted on " + handle.getId() + " (persistOnDevice in a graph that ran before, on the same device)");
        }
        Buffer old = h.buffers.put(handle.device, e.buffer());
        if (old != null && old != e.buffer()) {
            for (HostArray v : h.views) {
                Buffer stale = v.buffers.remove(handle.device);
                if (stale != null) stale.close();
            }
            old.close();
            bytesHeld -= Math.max(4, h.bytes);
            java.util.Arrays.fill(replays, null);
        }
        h.borrowed.add(e.buffer());
        h.writtenOn(handle.device);
        engine.persisted.remove(h.array, e.buffer());
    }

    @Override
    public synchronized void transferToHost(Object... objects) {
        try (var held = DeviceLocks.hold(used)) {
            for (Object o : objects) {
                if (ObjectTransfers.isProgramObject(o)) {
                    for (HostArray h : parts("transferToHost", o)) copyOut("transferToHost", h);
                    continue;
                }
                HostArray h = arrays.get(o);
                if (h == null && o instanceof TornadoNativeArray a && a.getViewParent() != null) h = arrays.get(a.getViewParent());
                if (h == null) throw new TornadoRuntimeException("transferToHost: the plan's graphs do not use this " + o.getClass().getSimpleName());
                copyOut("transferToHost", h);
            }
        }
    }

    @Override
    public synchronized void transferToHost(TornadoNativeArray array, long offset, long bytes) {
        HostArray h = arrays.get(array);
        if (h == null) throw new TornadoRuntimeException("transferToHost: the plan's graphs do not use this " + array.getClass().getSimpleName());
        if (h.root != h) throw new TornadoRuntimeException("transferToHost: a DataRange over a sliceView is not supported; use a range of its parent");
        if (h.hostValid || bytes == 0) return; // the host already has the newest contents
        try (var held = DeviceLocks.hold(used)) {
            readBack("transferToHost", h, offset, bytes); // only part came back: the host copy as a whole stays stale
        }
    }

    @Override
    public synchronized void freeDeviceMemory() {
        try (var held = DeviceLocks.hold(used)) {
            release(false);
        }
        java.util.Arrays.fill(executions, 0);
    }

    private void release(boolean keepPersisted) {
        for (Device d : used) d.finish();
        java.util.Arrays.fill(replays, null);
        captures.values().forEach(c -> c.graph().close());
        captures.clear();
        recordings.values().forEach(r -> r.launch().close());
        recordings.clear();
        tasks.clear();
        for (HostArray h : arrays.values()) { // views and mapped regions first: their parents must outlive them
            if (!h.isView() && h.mappedFrom == null) continue;
            h.buffers.values().forEach(Buffer::close);
            h.buffers.clear();
            h.mappedFrom = null;
            h.mappedOn = null;
        }
        for (HostArray h : arrays.values()) {
            h.mappedInto.clear();
            if (h.isView()) continue;
            for (var e : h.buffers.entrySet()) {
                if (keepPersisted && h.persistedBy != null && !h.borrowed.contains(e.getValue()) && h.valid.contains(e.getKey())) {
                    engine.persisted.put(new Persisted.Entry(h.array, e.getKey(), e.getValue(), h.persistedBy, this));
                } else {
                    e.getValue().close();
                }
            }
            h.buffers.clear();
            h.borrowed.clear();
            h.valid.clear();
            h.hostValid = true;
        }
        bytesHeld = 0;
    }

    @Override
    public synchronized void mapOnDeviceMemoryRegion(Object destination, Object source, long offset, int fromGraph, int toGraph) {
        String where = "mapOnDeviceMemoryRegion";
        for (int g : new int[]{fromGraph, toGraph}) {
            if (g < 0 || g >= graphs.size()) throw new TornadoRuntimeException(where + ": the plan has no task graph " + g + " (it has " + graphs.size() + ")");
        }
        HostArray src = host(where, source), dst = host(where, destination);
        if (dst.isView()) throw new TornadoRuntimeException(where + ": the destination is a sliceView; map onto the array itself");
        if (dst.root == src.root) throw new TornadoRuntimeException(where + ": the destination and the source are the same array");
        HostArray owner = src.root;
        Device device = owner.valid.stream().filter(owner.buffers::containsKey).findFirst().orElseThrow(() -> new TornadoRuntimeException(
                where + ": the source array is on no device yet; execute graph " + fromGraph + " (" + graphs.get(fromGraph).getTaskGraphName() + ") first"));
        long start = src.offsetBytes - owner.offsetBytes + offset * src.array.getElementSize();
        if (offset < 0 || start + dst.bytes > owner.bytes) {
            throw new TornadoRuntimeException(where + ": " + dst.bytes + " bytes from element " + offset + " do not fit the source's " + owner.bytes + " bytes");
        }
        try (var held = DeviceLocks.hold(List.of(device))) {
            for (HostArray v : dst.views) {
                v.buffers.values().forEach(Buffer::close);
                v.buffers.clear();
            }
            for (Buffer b : dst.buffers.values()) {
                if (!dst.borrowed.contains(b) && dst.mappedFrom == null) bytesHeld -= Math.max(4, dst.bytes);
                b.close();
            }
            dst.buffers.clear();
            dst.borrowed.clear();
            if (dst.mappedFrom != null) dst.mappedFrom.mappedInto.remove(dst);
            Buffer region;
            try {
                region = device.slice(owner.buffers.get(device), start, dst.bytes);
            } catch (RuntimeException e) {
                throw new TornadoRuntimeException(where + ": " + e.getMessage(), e);
            }
            dst.buffers.put(device, region);
            dst.mappedFrom = owner;
            dst.mappedOn = device;
            owner.mappedInto.add(dst);
            dst.valid.clear();
            dst.valid.add(device);
            dst.hostValid = false;
            java.util.Arrays.fill(replays, null);
        }
    }

    @Override
    public synchronized long currentDeviceMemoryUsage() {
        return bytesHeld;
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        try (var held = DeviceLocks.hold(used)) {
            for (Device d : used) d.finish();
            release(true);
        }
        profiler.close();
    }
}
