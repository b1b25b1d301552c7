package drcn.tornado.api;

import drcn.tornado.api.common.TornadoDevice;
import drcn.tornado.api.enums.ProfilerMode;
import drcn.tornado.api.enums.TornadoDeviceType;
import drcn.tornado.api.enums.TornadoVMBackendType;
import drcn.tornado.api.exceptions.TornadoBackendNotFound;
import drcn.tornado.api.exceptions.TornadoDeviceNotFound;
import drcn.tornado.api.exceptions.TornadoExecutionPlanException;
import drcn.tornado.api.exceptions.TornadoRuntimeException;
import drcn.tornado.api.runtime.PlanExecutor;
import drcn.tornado.api.runtime.PlanOptions;
import drcn.tornado.api.runtime.TornadoRuntimeProvider;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs one or more {@link ImmutableTaskGraph}s on a device (TornadoVM's class). Device buffers and built
 * kernels live as long as the plan: close it (try-with-resources) to free them.
 *
 * <pre>{@code
 * try (TornadoExecutionPlan plan = new TornadoExecutionPlan(graph.snapshot())) {
 *     plan.withGridScheduler(grid).withDevice(TornadoExecutionPlan.getDevice(0, 0)).execute();
 * }
 * }</pre>
 */
public class TornadoExecutionPlan implements AutoCloseable {

    /** The settings' default device (resolved when first used, so loading this class opens no driver). */
    public static final TornadoDevice DEFAULT_DEVICE = new DefaultDevice();

    private static final AtomicLong PLANS = new AtomicLong();

    private final long id = PLANS.incrementAndGet();
    private final List<ImmutableTaskGraph> graphs;
    private PlanExecutor executor;
    private TornadoDevice device;
    private final Map<String, TornadoDevice> taskDevices = new HashMap<>();
    private GridScheduler grid;
    private ProfilerMode profiler;
    private boolean printKernel;
    private int graphIndex = -1;
    private boolean replay;
    private boolean waitForTasks = true;
    private long memoryLimit = -1;
    private long batchBytes = -1;
    private int warmUpIterations;
    private boolean closed;
    private final Map<TornadoVMBackendType, String> compilerFlags = new java.util.EnumMap<>(TornadoVMBackendType.class);
    private final List<TornadoExecutionResult> results = new java.util.ArrayList<>();
    /** How many results {@link #getPlanResult} keeps: a plan run for hours must not keep every execution's. */
    private static final int KEPT_RESULTS = 1024;

    public TornadoExecutionPlan(ImmutableTaskGraph... immutableTaskGraphs) {
        if (immutableTaskGraphs.length == 0) throw new TornadoRuntimeException("an execution plan needs at least one task graph");
        var names = new java.util.HashSet<String>();
        for (ImmutableTaskGraph g : immutableTaskGraphs) {
            if (!names.add(g.getTaskGraphName())) {
                throw new TornadoRuntimeException("two task graphs of one plan are named " + g.getTaskGraphName() + ": the plan's keys (graph.task) need distinct names");
            }
        }
        this.graphs = List.of(immutableTaskGraphs);
    }

    /** Device {@code deviceIndex} of backend {@code backendIndex}, in {@code TornadoRuntime}'s order (what {@code drcn devices} prints as B:D). */
    public static TornadoDevice getDevice(int backendIndex, int deviceIndex) {
        TornadoRuntime runtime = TornadoRuntimeProvider.getTornadoRuntime();
        if (backendIndex < 0 || backendIndex >= runtime.getNumBackends()) {
            throw new TornadoBackendNotFound("there is no backend " + backendIndex + ": this machine has " + runtime.getNumBackends());
        }
        TornadoBackend backend = runtime.getBackend(backendIndex);
        if (deviceIndex < 0 || deviceIndex >= backend.getNumDevices()) {
            throw new TornadoDeviceNotFound("there is no device " + backendIndex + ":" + deviceIndex + "; backend " + backend.getName()
                    + " has " + backend.getNumDevices() + " device(s)");
        }
        return backend.getDevice(deviceIndex);
    }

    public static TornadoDeviceMap getTornadoDeviceMap() {
        return new TornadoDeviceMap();
    }

    public static int getTotalPlans() {
        return (int) PLANS.get();
    }

    public long getId() {
        return id;
    }

    /** Runs the plan's graphs (or the one {@link #withGraph} selected) once; the results are on the host when it returns. */
    public TornadoExecutionResult execute() {
        checkOpen();
        PlanExecutor ex = executor();
        PlanOptions options = options();
        if (batchBytes > 0) checkBatchable();
        for (; warmUpIterations > 0; warmUpIterations--) ex.execute(options);
        var result = new TornadoExecutionResult(ex, ex.execute(options), this::getTraceExecutionPlan);
        if (results.size() < KEPT_RESULTS) results.add(result);
        return result;
    }

    /** The result of the plan's execution number {@code index} (0: the first), of the first {@value #KEPT_RESULTS}. */
    public TornadoExecutionResult getPlanResult(int index) {
        if (index < 0 || index >= results.size()) {
            throw new TornadoRuntimeException(index >= KEPT_RESULTS ? "a plan keeps the results of its first " + KEPT_RESULTS + " executions only"
                    : "execution plan " + id + " has " + results.size() + " result(s); there is no result " + index);
        }
        return results.get(index);
    }

    /**
     * Maps {@code destTornadoArray} onto the device memory of {@code srcTornadoArray} from element {@code offset}, as
     * graph {@code fromGraphIndex} left it there: graph {@code toGraphIndex} then reads and writes that region without a
     * copy through the host (e.g. a row of a matrix another graph computed). The source must be on a device already.
     */
    public void mapOnDeviceMemoryRegion(Object destTornadoArray, Object srcTornadoArray, long offset, int fromGraphIndex, int toGraphIndex) {
        checkOpen();
        executor().mapOnDeviceMemoryRegion(destTornadoArray, srcTornadoArray, offset, fromGraphIndex, toGraphIndex);
    }

    /** How many execution plans this JVM has created. */
    public long getGlobalExecutionPlansCounter() {
        return PLANS.get();
    }

    /** Runs only the graph at this index on later executions. */
    public TornadoExecutionPlan withGraph(int graphIndex) {
        if (graphIndex < 0 || graphIndex >= graphs.size()) {
            throw new TornadoRuntimeException("the plan has " + graphs.size() + " graph(s); there is no graph " + graphIndex);
        }
        this.graphIndex = graphIndex;
        return this;
    }

    public TornadoExecutionPlan withAllGraphs() {
        graphIndex = -1;
        return this;
    }

    /** Builds every task's kernel now rather than on the first execution. */
    public TornadoExecutionPlan withPreCompilation() {
        return this;
    }

    public TornadoExecutionPlan withDevice(TornadoDevice device) {
        this.device = device;
        return this;
    }

    /** Runs one task ({@code "graph.task"}) on its own device; its arrays move between devices through the host as needed. */
    public TornadoExecutionPlan withDevice(String taskName, TornadoDevice device) {
        taskDevices.put(taskName, device);
        return this;
    }

    public TornadoDevice getDevice(int immutableTaskGraphIndex) {
        return device != null ? device : DEFAULT_DEVICE;
    }

    public TornadoExecutionPlan withConcurrentDevices() {
        return this;
    }

    public TornadoExecutionPlan withoutConcurrentDevices() {
        return this;
    }

    public TornadoExecutionPlan freeDeviceMemory() {
        if (executor != null) executor.freeDeviceMemory();
        return this;
    }

    public TornadoExecutionPlan withGridScheduler(GridScheduler gridScheduler) {
        this.grid = gridScheduler;
        return this;
    }

    public TornadoExecutionPlan withDefaultScheduler() {
        this.grid = null;
        return this;
    }

    public TornadoExecutionPlan withProfiler(ProfilerMode profilerMode) {
        this.profiler = profilerMode;
        return this;
    }

    public TornadoExecutionPlan withoutProfiler() {
        this.profiler = null;
        return this;
    }

    /**
     * TornadoVM's batch processing: the graphs' arrays are processed in slices of {@code batchSize} bytes (e.g.
     * {@code "100MB"}). Its conditions are checked as TornadoVM checks them, at each execution: every array the
     * graphs use holds the same number of elements of the same byte size (an IntArray goes with a FloatArray or a
     * float[] of its length, not with a longer one nor with a LongArray of equal bytes), else
     * TornadoBailoutRuntimeException. drcn then runs each graph over the whole arrays in one pass, which computes
     * what the slices compute together; the arrays must therefore fit the device's memory (a plan that does not
     * fit fails with TornadoOutOfMemoryException, as without a batch).
     */
    public TornadoExecutionPlan withBatch(String batchSize) {
        this.batchBytes = PlanOptions.parseBytes(batchSize, "batch size");
        return this;
    }

    private void checkBatchable() {
        long elements = -1, elementBytes = -1;
        Object first = null;
        for (ImmutableTaskGraph g : graphs) {
            for (drcn.tornado.api.runtime.GraphAction a : g.actions()) {
                List<Object> objects = switch (a) {
                    case drcn.tornado.api.runtime.GraphAction.Launch l -> l.arguments();
                    case drcn.tornado.api.runtime.GraphAction.ToDevice t -> t.objects();
                    case drcn.tornado.api.runtime.GraphAction.ToHost t -> t.objects();
                    default -> List.of();
                };
                for (Object o : objects) {
                    long n, bytes;
                    if (o instanceof drcn.tornado.api.types.arrays.TornadoNativeArray array) {
                        n = array.getSize();
                        bytes = array.getElementSize();
                    } else if (o != null && o.getClass().isArray() && o.getClass().getComponentType().isPrimitive()) {
                        n = java.lang.reflect.Array.getLength(o);
                        bytes = primitiveBytes(o.getClass().getComponentType());
                    } else {
                        continue; // scalars and the KernelContext are not sliced
                    }
                    if (first == null) {
                        first = o;
                        elements = n;
                        elementBytes = bytes;
                    } else if (n != elements || bytes != elementBytes) {
                        throw new drcn.tornado.api.exceptions.TornadoBailoutRuntimeException("withBatch needs every array of the plan to hold the same number of elements of the same size: a "
                                + first.getClass().getSimpleName() + " of " + elements + " x " + elementBytes + " bytes and a "
                                + o.getClass().getSimpleName() + " of " + n + " x " + bytes + " bytes");
                    }
                }
            }
        }
    }

    private static long primitiveBytes(Class<?> type) {
        if (type == long.class || type == double.class) return 8;
        if (type == int.class || type == float.class) return 4;
        if (type == short.class || type == char.class) return 2;
        return 1;
    }

    /** Caps the device memory this plan may hold, e.g. {@code "512MB"} or {@code "2GB"}. */
    public TornadoExecutionPlan withMemoryLimit(String memoryLimit) {
        this.memoryLimit = PlanOptions.parseBytes(memoryLimit, "memory limit");
        return this;
    }

    public TornadoExecutionPlan withoutMemoryLimit() {
        this.memoryLimit = -1;
        return this;
    }

    public TornadoExecutionPlan withPrintKernel() {
        this.printKernel = true;
        return this;
    }

    public TornadoExecutionPlan withoutPrintKernel() {
        this.printKernel = false;
        return this;
    }

    /** Executes the plan this many times before the next {@link #execute()} returns its result. */
    public TornadoExecutionPlan withWarmUpIterations(int iterations) {
        if (iterations < 0) throw new TornadoRuntimeException("warm-up iterations must be >= 0, got " + iterations);
        this.warmUpIterations = iterations;
        return this;
    }

    /** Executes the plan repeatedly for this long, now. */
    public TornadoExecutionPlan withWarmUpTime(long milliseconds) {
        checkOpen();
        long end = System.nanoTime() + milliseconds * 1_000_000L;
        PlanExecutor ex = executor();
        PlanOptions options = options();
        do ex.execute(options); while (System.nanoTime() < end);
        return this;
    }

    /**
     * Records each graph's launches on the first execution and replays the recording afterwards: a CUDA graph
     * on cuda (stream capture), kernel objects with their arguments set once on OpenCL, the same tasks directly on
     * the JVM. Scalars are the values captured when the tasks were added, so the replay is exact.
     */
    public TornadoExecutionPlan withCUDAGraph() {
        this.replay = true;
        return this;
    }

    public TornadoExecutionPlan withoutCUDAGraph() {
        this.replay = false;
        return this;
    }

    /**
     * Ours, not TornadoVM's: {@code execute()} returns once the tasks are queued, without waiting for them to
     * finish. Copies still complete before it returns (results named by {@code transferToHost} are on the host;
     * arrays sent to the device may be changed at once), and a later execution on the same device runs after
     * these tasks (one in-order queue per device). For a sequence of executions on one device, such as a training
     * step's forward, backward and optimizer graphs, where waiting after each leaves the device idle. Waiting
     * again: {@link #withWaitingForTasks}; the profiler always waits, to time each task.
     */
    public TornadoExecutionPlan withoutWaitingForTasks() {
        this.waitForTasks = false;
        return this;
    }

    /** {@code execute()} returns when every task has finished (TornadoVM's behaviour; the default). */
    public TornadoExecutionPlan withWaitingForTasks() {
        this.waitForTasks = true;
        return this;
    }

    /**
     * Records options for the device compiler of one backend (e.g. OPENCL, {@code "-cl-opt-disable"}). drcn builds
     * its generated C with its own options (tornado.properties: {@code drcn.fastMath}); these are kept and shown by
     * {@link #getTraceExecutionPlan()} but not passed to the driver.
     */
    public TornadoExecutionPlan withCompilerFlags(TornadoVMBackendType backend, String flags) {
        compilerFlags.put(backend, flags);
        return this;
    }

    /** Executions of one plan run in order on one queue per device; there is nothing to overlap. */
    public TornadoExecutionPlan withIntraPlanConcurrency() {
        return this;
    }

    public TornadoExecutionPlan withoutIntraPlanConcurrency() {
        return this;
    }

    /** Copies go straight between host arrays and device buffers (the arrays are off-heap already); no staging. */
    public TornadoExecutionPlan withStagedTransfers() {
        return this;
    }

    public TornadoExecutionPlan withoutStagedTransfers() {
        return this;
    }

    public TornadoExecutionPlan withThreadInfo() {
        return this;
    }

    public TornadoExecutionPlan withoutThreadInfo() {
        return this;
    }

    public TornadoExecutionPlan resetDevice() {
        return freeDeviceMemory();
    }

    public TornadoExecutionPlan clearProfiles() {
        return this;
    }

    /** The plan's graphs, their transfers and tasks in order, and the device each runs on by default. */
    public String getTraceExecutionPlan() {
        var out = new StringBuilder("execution plan " + id + " on " + getDevice(0) + "\n");
        out.append("  settings:").append(grid != null ? " grid scheduler" : "").append(profiler != null ? " profiler " + profiler : "")
                .append(printKernel ? " print kernel" : "").append(replay ? " replay" : "").append(memoryLimit > 0 ? " memory limit " + memoryLimit : "")
                .append(graphIndex >= 0 ? " graph " + graphIndex : "").append(compilerFlags.isEmpty() ? "" : " compiler flags " + compilerFlags)
                .append('\n');
        for (ImmutableTaskGraph g : graphs) {
            out.append("  graph ").append(g.getTaskGraphName()).append('\n');
            for (var action : g.actions()) out.append("    ").append(describe(action)).append('\n');
        }
        return out.toString();
    }

    public void printTraceExecutionPlan() {
        System.out.print(getTraceExecutionPlan());
    }

    private static String describe(drcn.tornado.api.runtime.GraphAction action) {
        return switch (action) {
            case drcn.tornado.api.runtime.GraphAction.ToDevice t -> "transferToDevice " + drcn.tornado.api.enums.DataTransferMode.name(t.mode()) + " " + t.objects().size() + " object(s)";
            case drcn.tornado.api.runtime.GraphAction.ToHost t -> "transferToHost " + drcn.tornado.api.enums.DataTransferMode.name(t.mode()) + " " + t.objects().size() + " object(s)";
            case drcn.tornado.api.runtime.GraphAction.Persist p -> "persistOnDevice " + p.objects().size() + " object(s)";
            case drcn.tornado.api.runtime.GraphAction.Consume c -> "consumeFromDevice " + c.objects().size() + " object(s)" + (c.graph() == null ? "" : " of " + c.graph());
            case drcn.tornado.api.runtime.GraphAction.Launch l -> "task " + l.id() + " (" + l.arguments().size() + " arguments)";
        };
    }

    public long getCurrentDeviceMemoryUsage() {
        return executor == null ? 0 : executor.currentDeviceMemoryUsage();
    }

    /** Frees the plan's device buffers and built kernels. */
    @Override
    public void close() throws TornadoExecutionPlanException {
        if (closed) return;
        closed = true;
        if (executor != null) {
            try {
                executor.close();
            } catch (RuntimeException e) {
                throw new TornadoExecutionPlanException("could not release execution plan " + id + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public String toString() {
        return "TornadoExecutionPlan " + id + " " + graphs;
    }

    private PlanExecutor executor() {
        if (executor == null) executor = TornadoRuntimeProvider.engine().newExecutor(graphs);
        return executor;
    }

    private PlanOptions options() {
        return new PlanOptions(device instanceof DefaultDevice ? null : device, Map.copyOf(taskDevices), grid, profiler,
                printKernel, graphIndex, replay, memoryLimit, waitForTasks);
    }

    private void checkOpen() {
        if (closed) throw new TornadoRuntimeException("execution plan " + id + " is closed");
    }

    /** The settings' default device, looked up on first use. */
    private static final class DefaultDevice implements TornadoDevice {
        private TornadoDevice resolved() {
            return TornadoRuntimeProvider.getTornadoRuntime().getDefaultDevice();
        }

        @Override public String getDeviceName() { return resolved().getDeviceName(); }
        @Override public String getDescription() { return resolved().getDescription(); }
        @Override public String getPlatformName() { return resolved().getPlatformName(); }
        @Override public TornadoDeviceType getDeviceType() { return resolved().getDeviceType(); }
        @Override public long getMaxAllocMemory() { return resolved().getMaxAllocMemory(); }
        @Override public long getMaxGlobalMemory() { return resolved().getMaxGlobalMemory(); }
        @Override public long getDeviceLocalMemorySize() { return resolved().getDeviceLocalMemorySize(); }
        @Override public long[] getDeviceMaxWorkgroupDimensions() { return resolved().getDeviceMaxWorkgroupDimensions(); }
        @Override public int getBackendIndex() { return resolved().getBackendIndex(); }
        @Override public TornadoVMBackendType getTornadoVMBackend() { return resolved().getTornadoVMBackend(); }
        @Override public String getId() { return resolved().getId(); }
        @Override public String toString() { return resolved().toString(); }
    }
}
