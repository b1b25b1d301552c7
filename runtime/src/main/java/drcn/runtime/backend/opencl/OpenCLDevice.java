package drcn.runtime.backend.opencl;

import drcn.kernels.Index;
import drcn.compiler.emit.CEmitter;
import drcn.compiler.emit.Dialect;
import drcn.compiler.ir.Function;
import drcn.compiler.ir.Type;
import drcn.runtime.backend.*;
import drcn.runtime.config.Settings;
import drcn.runtime.backend.support.DiskCache;
import drcn.runtime.backend.support.KernelArguments;
import drcn.runtime.backend.support.LocalSize;
import drcn.compiler.emit.SimdPrelude;
import drcn.runtime.jit.KernelJit;
import drcn.runtime.jit.KernelRef;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.util.*;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static drcn.runtime.backend.opencl.OpenCL.*;
import static java.lang.foreign.ValueLayout.*;

/**
 * One OpenCL device: a context and one in-order command queue (created with profiling enabled, so
 * any launch can be timed), buffers, built kernels (cached in memory per (kernel, constants, build
 * options) and on disk as driver binaries), launches.
 *
 * <p>Threads: use a device from one thread at a time (clSetKernelArg on a shared cl_kernel is not
 * thread-safe, and the in-memory caches are not synchronized); execution plans on several threads hold the
 * device's lock (drcn.runtime.graph.DeviceLocks) while they call into it. Closing a {@link Buffer} and the
 * release of unreachable {@link Event}s may happen on other threads; both are safe.
 *
 * <p>Events: by default ({@code drcn.profile=false}) a launch asks the driver for no event at all
 * and returns an {@link Event} whose {@code await()} is a clFinish; with profiling on
 * ({@code drcn.profile=true} or {@link #setProfiling}) each launch keeps its cl_event, released as
 * soon as its duration has been read, or by a Cleaner when the Event becomes unreachable, or when
 * the device closes, whichever is first: no path leaks it.
 */
public final class OpenCLDevice implements Device {
    private static final Cleaner CLEANER = Cleaner.create();
    /**
     * A source position {@code LINE:COL:} in a log line. Drivers differ around it: clang-style
     * {@code <source>:3:15: error: msg} (NVIDIA, AMD, Intel), PoCL's {@code error: /path/x.cl:3:15: msg},
     * Intel's older {@code 3:15: error: msg}; so we look for the position on any line that says "error".
     */
    private static final Pattern LOG_POSITION = Pattern.compile("(?:^|\\D)(\\d+):(\\d+):\\s*(?:fatal\\s+)?(?:error:\\s*)?(.*)$");
    /** {@code "file", line 12: error: MESSAGE}, the EDG form of some older drivers. */
    private static final Pattern LOG_LINE = Pattern.compile("line (\\d+):\\s*(?:error:?\\s*)?(.*)$");

    private final OpenCL cl;
    private final MemorySegment device;
    private final DeviceInfo info;
    private final long[] maxWorkItemSizes;
    private final long maxAllocation;
    private final MemorySegment context;
    private final MemorySegment queue;
    private final DiskCache diskCache = DiskCache.fromSettings();

    private final Map<String, OpenCLKernel> compiled = new HashMap<>();
    /** Whether the device computes in double (cl_khr_fp64). */
    private final boolean fp64;
    private final List<OpenCLKernel> kernels = new ArrayList<>();
    private final Set<OpenCLBuffer> buffers = ConcurrentHashMap.newKeySet();
    private final Set<EventHandle> liveEvents = ConcurrentHashMap.newKeySet();
    private volatile boolean profiling = Settings.current().profile();
    private volatile boolean closed;

    private long buildNanos, cacheHits, cacheMisses, memoryHits;

    OpenCLDevice(OpenCL cl, MemorySegment device, DeviceInfo info) {
        this.cl = cl;
        this.device = device;
        this.info = info;
        this.maxWorkItemSizes = cl.deviceLongs(device, CL_DEVICE_MAX_WORK_ITEM_SIZES);
        this.maxAllocation = cl.deviceLong(device, CL_DEVICE_MAX_MEM_ALLOC_SIZE);
        this.fp64 = cl.deviceLong(device, CL_DEVICE_DOUBLE_FP_CONFIG) != 0;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment err = arena.allocate(JAVA_INT);
            MemorySegment devices = arena.allocateFrom(ADDRESS, device);
            context = cl.clCreateContext(MemorySegment.NULL, 1, devices, MemorySegment.NULL, MemorySegment.NULL, err);
            check(err.get(JAVA_INT, 0), "clCreateContext on " + info.name());
            queue = cl.clCreateCommandQueue(context, device, CL_QUEUE_PROFILING_ENABLE, err);
            int queueErr = err.get(JAVA_INT, 0);
            if (queueErr != CL_SUCCESS) {
                cl.clReleaseContext(context);
                check(queueErr, "clCreateCommandQueue on " + info.name());
            }
        }
    }

    @Override
    public DeviceInfo info() {
        return info;
    }

    /** Whether launches keep an event with device timestamps (see the class comment). */
    public boolean isProfiling() {
        return profiling;
    }

    /** Turns launch profiling on or off for later launches; starts as {@code drcn.profile}. */
    @Override
    public void setProfiling(boolean on) {
        profiling = on;
    }

    /** Driver build time and cache counts so far (for the profiler's JIT split). */
    @Override
    public BuildStats buildStats() {
        return new BuildStats(buildNanos, cacheHits, cacheMisses, memoryHits);
    }

    /** cl_events not yet released (profiled launches whose Event was neither read nor collected): for leak tests. */
    int liveEventCount() {
        return liveEvents.size();
    }

    /** Buffers not yet closed. */
    int liveBufferCount() {
        return buffers.size();
    }

    // ---- memory ----

    @Override
    public Buffer allocate(long bytes) {
        ensureOpen();
        if (bytes < 0) throw new IllegalArgumentException("buffer size must not be negative: " + bytes);
        if (bytes > maxAllocation) {
            throw new OpenCLException(-61, "out of device memory: " + info.name() + " allows at most " + mib(maxAllocation)
                    + " in one buffer, " + mib(bytes) + " requested (CL_INVALID_BUFFER_SIZE)");
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment err = arena.allocate(JAVA_INT);
            // OpenCL refuses empty buffers; an empty Buffer still gets a (4-byte) cl_mem so it can be passed to kernels.
            MemorySegment mem = cl.clCreateBuffer(context, CL_MEM_READ_WRITE, Math.max(bytes, 4), MemorySegment.NULL, err);
            int code = err.get(JAVA_INT, 0);
            if (code != CL_SUCCESS) {
                throw new OpenCLException(code, "out of device memory: cannot allocate " + mib(bytes) + " on " + info.name()
                        + " (" + mib(info.memoryBytes()) + " in all): clCreateBuffer failed: " + errorName(code) + " (" + code + ")");
            }
            var buffer = new OpenCLBuffer(this, mem, bytes);
            buffers.add(buffer);
            return buffer;
        }
    }

    /**
     * A view of {@code bytes} bytes of {@code parent} at {@code offsetBytes} (called by {@link OpenCLBuffer#slice}): a
     * sub-buffer of the allocation (a view of a view is a sub-buffer of the same allocation at the summed offset:
     * OpenCL refuses sub-buffers of sub-buffers). An empty view is an empty buffer of its own (OpenCL refuses empty
     * sub-buffers, and there is no byte to share).
     */
    Buffer slice(OpenCLBuffer parent, long offsetBytes, long bytes) {
        ensureOpen();
        parent.handle("slicing it");
        Buffer.checkSlice(parent.byteSize(), offsetBytes, bytes, info.sliceAlignment());
        if (bytes == 0) return allocate(0);
        if (!cl.hasSubBuffers()) {
            throw new UnsupportedOperationException("the OpenCL library has no clCreateSubBuffer (OpenCL 1.1): buffers cannot be sliced on " + info.name());
        }
        OpenCLBuffer root = parent.isView() ? parent.root() : parent;
        long origin = parent.offset() + offsetBytes;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment err = arena.allocate(JAVA_INT);
            MemorySegment region = arena.allocate(JAVA_LONG, 2);   // cl_buffer_region {size_t origin; size_t size;}
            region.setAtIndex(JAVA_LONG, 0, origin);
            region.setAtIndex(JAVA_LONG, 1, bytes);
            MemorySegment mem = cl.clCreateSubBuffer(root.handle("slicing it"), CL_MEM_READ_WRITE, CL_BUFFER_CREATE_TYPE_REGION, region, err);
            int code = err.get(JAVA_INT, 0);
            if (code != CL_SUCCESS) {
                throw new OpenCLException(code, "clCreateSubBuffer failed: " + errorName(code) + " (" + code + ") for " + bytes
                        + " bytes at offset " + origin + " of a " + root.byteSize() + "-byte buffer on " + info.name()
                        + " (origins must be multiples of " + info.sliceAlignment() + " bytes)");
            }
            var view = new OpenCLBuffer(this, mem, bytes, root, origin);
            buffers.add(view);
            return view;
        }
    }

    /** Called by {@link OpenCLBuffer#close()}. */
    void release(OpenCLBuffer buffer) {
        if (buffers.remove(buffer)) buffer.release(cl);
    }

    @Override
    public void write(Buffer target, long targetOffset, MemorySegment source) {
        OpenCLBuffer buffer = own(target, "write");
        long n = source.byteSize();
        checkBounds(buffer, targetOffset, n, "write");
        if (n == 0) return;
        try (Arena arena = Arena.ofConfined()) {
            // The driver needs a native address; a heap segment (MemorySegment.ofArray) is copied first.
            MemorySegment from = source.isNative() ? source : arena.allocate(n).copyFrom(source);
            check(cl.clEnqueueWriteBuffer(queue, buffer.handle("write"), CL_TRUE, targetOffset, n, from,
                    0, MemorySegment.NULL, MemorySegment.NULL), "clEnqueueWriteBuffer");
        }
    }

    /**
     * clEnqueueFillBuffer with a zero pattern (4 bytes where offset and size allow, else 1): no host data crosses; not
     * blocking, ordered on the in-order queue before later launches and copies. Host writes where the library is 1.1.
     */
    @Override
    public void zero(Buffer target, long offset, long bytes) {
        OpenCLBuffer buffer = own(target, "zero");
        checkBounds(buffer, offset, bytes, "zero");
        if (bytes == 0) return;
        if (!cl.hasFillBuffer()) {
            Device.super.zero(target, offset, bytes);
            return;
        }
        long patternSize = offset % 4 == 0 && bytes % 4 == 0 ? 4 : 1;
        check(cl.clEnqueueFillBuffer(queue, buffer.handle("zero"), ZERO_PATTERN, patternSize, offset, bytes,
                0, MemorySegment.NULL, MemorySegment.NULL), "clEnqueueFillBuffer");
    }

    private static final MemorySegment ZERO_PATTERN = java.lang.foreign.Arena.global().allocate(4, 4);

    @Override
    public void read(Buffer source, long sourceOffset, MemorySegment target) {
        OpenCLBuffer buffer = own(source, "read");
        long n = target.byteSize();
        checkBounds(buffer, sourceOffset, n, "read");
        if (n == 0) return;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment to = target.isNative() ? target : arena.allocate(n);
            // Blocking read on an in-order queue: every kernel enqueued before has finished too.
            check(cl.clEnqueueReadBuffer(queue, buffer.handle("read"), CL_TRUE, sourceOffset, n, to,
                    0, MemorySegment.NULL, MemorySegment.NULL), "clEnqueueReadBuffer");
            if (to != target) target.copyFrom(to);
        }
    }

    private OpenCLBuffer own(Buffer buffer, String use) {
        ensureOpen();
        if (!(buffer instanceof OpenCLBuffer b) || b.device() != this) {
            throw new IllegalArgumentException("cannot " + use + " " + buffer + ": it is not a buffer of " + info.id());
        }
        return b;
    }

    private static void checkBounds(OpenCLBuffer buffer, long offset, long n, String use) {
        if (offset < 0 || offset + n > buffer.byteSize()) {
            throw new IndexOutOfBoundsException("cannot " + use + " " + n + " bytes at offset " + offset + " of a "
                    + buffer.byteSize() + "-byte buffer");
        }
    }

    // ---- building ----

    /** The build options: relaxed math when {@code drcn.fastMath} is on. */
    public static String buildOptions() {
        return Settings.current().fastMath() ? "-cl-fast-relaxed-math" : "";
    }

    /** Only the lookup is dropped: {@link #close()} still releases every kernel built (the {@code kernels} list). */
    @Override
    public void forgetBuiltKernels() {
        compiled.clear();
    }

    @Override
    public boolean supportsDoubles() {
        return fp64;
    }

    @Override
    public CompiledKernel compile(KernelRef kernel, Map<String, Integer> constants) {
        ensureOpen();
        var sorted = new TreeMap<>(constants);
        String options = buildOptions();
        String key = kernel.function().id() + sorted + " " + options;
        OpenCLKernel cached = compiled.get(key);
        if (cached != null) {
            memoryHits++;
            return cached;
        }
        if (!fp64 && drcn.compiler.emit.CEmitter.usesDoubles(kernel.function(), kernel.helpers())) {
            throw new drcn.tornado.api.exceptions.TornadoDeviceFP64NotSupported(kernel.displayName() + " computes with double, which "
                    + info.name() + " does not support (no cl_khr_fp64); run it on another device or use float");
        }
        drcn.compiler.ir.MatrixOp mma = drcn.compiler.ir.MatrixOp.mostDemanding(kernel.function(), kernel.helpers());
        if (mma != null) {
            throw new drcn.tornado.api.exceptions.TornadoDeviceMMANotSupported(kernel.displayName() + " calls " + mma.callName()
                    + ", a tensor-core (mma.sync) function, which OpenCL devices do not have; run it on the cuda or jvm backend");
        }
        String source = KernelJit.source(kernel, sorted, Dialect.OPENCL);
        OpenCLKernel built = build(kernel, source, kernel.function().cName(), KernelArguments.launchParameters(kernel), sorted, options);
        compiled.put(key, built);
        return built;
    }

    /**
     * Builds a kernel from OpenCL C text (for tests and tools; the product goes through
     * {@link #compile}). {@code parameters} describe the Java signature launch() will check, with the
     * C signature following the emitter's convention: arrays become pointer + {@code int <name>_size},
     * parameters named in {@code constants} are absent from C. Uses the disk cache, not the memory
     * cache: each call makes a new program (released when the device closes).
     */
    public OpenCLKernel buildFromSource(String source, String kernelName, List<Function.Parameter> parameters,
                                        Map<String, Integer> constants) {
        ensureOpen();
        CEmitter.checkConstants(kernelName, parameters, constants);
        return build(null, source, kernelName, parameters, new TreeMap<>(constants), buildOptions());
    }

    public OpenCLKernel buildFromSource(String source, String kernelName, List<Function.Parameter> parameters) {
        return buildFromSource(source, kernelName, parameters, Map.of());
    }

    /**
     * Builds the kernel {@code entryPoint} of hand-written OpenCL C that follows TornadoVM's calling convention (a
     * {@code TaskGraph.prebuiltTask}): its launch arguments are buffers, each set as it is, and Integers, each the
     * bytes of a {@code __local} argument.
     */
    public OpenCLKernel buildPrebuilt(String source, String entryPoint) {
        ensureOpen();
        OpenCLKernel k = build(null, source, entryPoint, List.of(), Map.of(), buildOptions());
        kernels.remove(k);
        OpenCLKernel prebuilt = new OpenCLKernel(null, Map.of(), source, entryPoint, List.of(), k.workGroupSize(), this, k.program, k.handle, true);
        kernels.add(prebuilt);
        return prebuilt;
    }

    private OpenCLKernel build(KernelRef ref, String source, String kernelName, List<Function.Parameter> parameters,
                               Map<String, Integer> constants, String options) {
        MemorySegment program = buildProgram(source, options, ref != null ? ref.displayName() : kernelName);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment err = arena.allocate(JAVA_INT);
            MemorySegment handle = cl.clCreateKernel(program, arena.allocateFrom(kernelName), err);
            int code = err.get(JAVA_INT, 0);
            if (code != CL_SUCCESS) {
                cl.clReleaseProgram(program);
                throw new OpenCLException(code, "clCreateKernel failed: " + errorName(code) + " (" + code
                        + "): the program has no kernel named '" + kernelName + "'");
            }
            MemorySegment wgs = arena.allocate(JAVA_LONG);
            int wgErr = cl.clGetKernelWorkGroupInfo(handle, device, CL_KERNEL_WORK_GROUP_SIZE, JAVA_LONG.byteSize(), wgs, MemorySegment.NULL);
            if (wgErr != CL_SUCCESS) {
                cl.clReleaseKernel(handle);
                cl.clReleaseProgram(program);
                check(wgErr, "clGetKernelWorkGroupInfo");
            }
            var params = parameters.stream().filter(p -> p.type() != Type.CONTEXT).toList();
            var kernel = new OpenCLKernel(ref, constants, source, kernelName, params, wgs.get(JAVA_LONG, 0), this, program, handle);
            kernels.add(kernel);
            return kernel;
        }
    }

    /**
     * A built program: from the disk cache's binary when there is one the driver accepts, else from
     * source (and then the binary is stored). The cache key holds everything the binary depends on.
     */
    private MemorySegment buildProgram(String source, String options, String what) {
        String key = DiskCache.key(source, options, info.platform(), info.name(), info.driver());
        long start = System.nanoTime();
        try {
            byte[] binary = diskCache.get(key);
            if (binary != null) {
                MemorySegment program = programFromBinary(binary, options);
                if (program != null) {
                    cacheHits++;
                    return program;
                }
            }
            cacheMisses++;
            MemorySegment program = programFromSource(source, options, what);
            byte[] built = programBinary(program);
            if (built != null) diskCache.put(key, built);
            return program;
        } finally {
            buildNanos += System.nanoTime() - start;
        }
    }

    private MemorySegment programFromSource(String source, String options, String what) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment err = arena.allocate(JAVA_INT);
            MemorySegment strings = arena.allocateFrom(ADDRESS, arena.allocateFrom(source));
            // lengths = NULL: the string is NUL-terminated
            MemorySegment program = cl.clCreateProgramWithSource(context, 1, strings, MemorySegment.NULL, err);
            check(err.get(JAVA_INT, 0), "clCreateProgramWithSource");
            int code = cl.clBuildProgram(program, 1, arena.allocateFrom(ADDRESS, device), arena.allocateFrom(options),
                    MemorySegment.NULL, MemorySegment.NULL);
            if (code != CL_SUCCESS) {
                String log = cl.buildLog(program, device);
                cl.clReleaseProgram(program);
                throw new KernelBuildException(code, describeBuildFailure(what, info.name(), code, log, source), log, source);
            }
            return program;
        }
    }

    /** A program built from a cached binary, or null when the driver refuses it (then we build from source). */
    private MemorySegment programFromBinary(byte[] binary, String options) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment err = arena.allocate(JAVA_INT);
            MemorySegment status = arena.allocate(JAVA_INT);
            MemorySegment devices = arena.allocateFrom(ADDRESS, device);
            MemorySegment program = cl.clCreateProgramWithBinary(context, 1, devices,
                    arena.allocateFrom(JAVA_LONG, binary.length),
                    arena.allocateFrom(ADDRESS, arena.allocateFrom(JAVA_BYTE, binary)), status, err);
            if (err.get(JAVA_INT, 0) != CL_SUCCESS || status.get(JAVA_INT, 0) != CL_SUCCESS) {
                if (program.address() != 0) cl.clReleaseProgram(program);
                return null;
            }
            if (cl.clBuildProgram(program, 1, devices, arena.allocateFrom(options), MemorySegment.NULL, MemorySegment.NULL) != CL_SUCCESS) {
                cl.clReleaseProgram(program);
                return null;
            }
            return program;
        }
    }

    /** The driver's binary of a built program, or null when it offers none (the cache is then skipped). */
    private byte[] programBinary(MemorySegment program) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment size = arena.allocate(JAVA_LONG); // one device, so one size
            if (cl.clGetProgramInfo(program, CL_PROGRAM_BINARY_SIZES, JAVA_LONG.byteSize(), size, MemorySegment.NULL) != CL_SUCCESS) return null;
            long n = size.get(JAVA_LONG, 0);
            if (n <= 0) return null;
            MemorySegment binary = arena.allocate(n);
            MemorySegment pointers = arena.allocateFrom(ADDRESS, binary);
            if (cl.clGetProgramInfo(program, CL_PROGRAM_BINARIES, ADDRESS.byteSize(), pointers, MemorySegment.NULL) != CL_SUCCESS) return null;
            return binary.toArray(JAVA_BYTE);
        }
    }

    /**
     * The message of a failed build: what failed, then each source line the log points at (quoted,
     * so the user sees the generated C without opening a dump), then the whole log.
     */
    static String describeBuildFailure(String what, String deviceName, int code, String log, String source) {
        var message = new StringBuilder("OpenCL build of " + what + " failed on " + deviceName + ": "
                + errorName(code) + " (" + code + ")");
        for (String quote : quoteErrorLines(log, source)) message.append('\n').append(quote);
        message.append("\nbuild log:\n").append(log.isBlank() ? "(the driver gave no build log)" : log.indent(2).stripTrailing());
        return message.toString();
    }

    /** "line 12: float x = foo(y);" plus the log's message, for each error position in the log (first 10 lines). */
    static List<String> quoteErrorLines(String log, String source) {
        String[] lines = source.split("\n", -1);
        var quoted = new LinkedHashMap<Integer, String>();
        for (String logLine : log.split("\n")) {
            if (!logLine.toLowerCase(Locale.ROOT).contains("error")) continue; // warnings and notes did not fail the build
            Matcher m = LOG_POSITION.matcher(logLine);
            if (m.find()) {
                addQuote(quoted, lines, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), m.group(3));
            } else if ((m = LOG_LINE.matcher(logLine)).find()) {
                addQuote(quoted, lines, Integer.parseInt(m.group(1)), 0, m.group(2));
            }
        }
        return List.copyOf(quoted.values());
    }

    private static void addQuote(Map<Integer, String> quoted, String[] lines, int line, int column, String error) {
        if (line < 1 || line > lines.length || quoted.containsKey(line) || quoted.size() >= 10) return;
        String text = lines[line - 1].stripTrailing();
        String prefix = "line " + line + ": ";
        var quote = new StringBuilder(prefix).append(text.strip());
        int indent = text.length() - text.stripLeading().length();
        if (column > indent && column <= text.length() + 1) {
            // a caret under the column the log names, then the log's message
            quote.append('\n').append(" ".repeat(prefix.length() + column - 1 - indent)).append("^ ").append(error.strip());
        } else if (!error.isBlank()) {
            quote.append("    <- ").append(error.strip());
        }
        quoted.put(line, quote.toString());
    }

    // ---- launching ----

    @Override
    public Event launch(CompiledKernel compiledKernel, Range range, Object... arguments) {
        Launch launch = prepare(compiledKernel, range);
        OpenCLKernel kernel = launch.kernel();
        int dims = range.dimensions();
        long[] local = launch.local();
        long[] global = launch.global();
        try (Arena arena = Arena.ofConfined()) {
            setArguments(kernel, arguments, arena);
            boolean profiled = profiling;
            MemorySegment eventOut = profiled ? arena.allocate(ADDRESS) : MemorySegment.NULL;
            int code = cl.clEnqueueNDRangeKernel(queue, kernel.handle, dims, MemorySegment.NULL,
                    arena.allocateFrom(JAVA_LONG, global), arena.allocateFrom(JAVA_LONG, local),
                    0, MemorySegment.NULL, eventOut);
            if (code != CL_SUCCESS) {
                throw new OpenCLException(code, "clEnqueueNDRangeKernel failed: " + errorName(code) + " (" + code + ") launching "
                        + kernel.displayName() + " over " + Arrays.toString(global) + " in work-groups of " + Arrays.toString(local)
                        + " on " + info.name() + " (this kernel allows at most " + kernel.workGroupSize()
                        + " work-items per group; per dimension at most " + Arrays.toString(maxWorkItemSizes) + ")");
            }
            return profiled ? new ProfiledEvent(eventOut.get(ADDRESS, 0)) : new QueueEvent();
        }
    }

    /** A launch's kernel with its work-group and global sizes. */
    private record Launch(OpenCLKernel kernel, long[] local, long[] global) {
    }

    /** What a launch and a recording check and size alike: the kernel is this device's, the sizes fit it. */
    private Launch prepare(CompiledKernel compiledKernel, Range range) {
        ensureOpen();
        if (!(compiledKernel instanceof OpenCLKernel kernel) || kernel.device != this) {
            throw new IllegalArgumentException(compiledKernel + " was not compiled for " + info.id());
        }
        long[] local = localSize(kernel, range);
        if (kernel.usesSimd()) LocalSize.checkSimd(kernel.kernel(), local, SimdPrelude.OPENCL_SCRATCH);
        return new Launch(kernel, local, globalSize(kernel, range, local));
    }

    /**
     * A launch with its own cl_kernel (arguments are state of a kernel object, so a recording cannot share the
     * compiled kernel's) whose arguments are set here, once; a replay is one clEnqueueNDRangeKernel with sizes
     * prepared in native memory.
     */
    @Override
    public RecordedLaunch record(CompiledKernel compiledKernel, Range range, Object... arguments) {
        Launch launch = prepare(compiledKernel, range);
        OpenCLKernel kernel = launch.kernel();
        int dims = range.dimensions();
        long[] local = launch.local();
        long[] global = launch.global();
        Arena arena = Arena.ofShared();
        MemorySegment own;
        try {
            MemorySegment error = arena.allocate(JAVA_INT);
            own = cl.clCreateKernel(kernel.program, arena.allocateFrom(kernel.name()), error);
            check(error.get(JAVA_INT, 0), "clCreateKernel");
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
        OpenCLKernel recorded = kernel.withHandle(own);
        try (Arena scratch = Arena.ofConfined()) {
            setArguments(recorded, arguments, scratch);
        } catch (RuntimeException e) {
            cl.clReleaseKernel(own);
            arena.close();
            throw e;
        }
        MemorySegment globalSizes = arena.allocateFrom(JAVA_LONG, global);
        MemorySegment localSizes = arena.allocateFrom(JAVA_LONG, local);
        MemorySegment eventOut = arena.allocate(ADDRESS);
        return new RecordedLaunch() {
            private boolean released;

            @Override
            public Event replay() {
                ensureOpen();
                boolean profiled = profiling;
                int code = cl.clEnqueueNDRangeKernel(queue, own, dims, MemorySegment.NULL, globalSizes, localSizes,
                        0, MemorySegment.NULL, profiled ? eventOut : MemorySegment.NULL);
                if (code != CL_SUCCESS) {
                    throw new OpenCLException(code, "clEnqueueNDRangeKernel failed: " + errorName(code) + " (" + code + ") replaying "
                            + kernel.displayName() + " on " + info.name());
                }
                return profiled ? new ProfiledEvent(eventOut.get(ADDRESS, 0)) : new QueueEvent();
            }

            @Override
            public void close() {
                if (released) return;
                released = true;
                if (!closed) cl.clReleaseKernel(own);
                arena.close();
            }
        };
    }

    /**
     * The global size of a launch in work-groups of {@code local}: a requested local size must divide the range;
     * without one the range is rounded up (the kernel guards with {@code if (i >= n) return;}).
     */
    private static long[] globalSize(OpenCLKernel kernel, Range range, long[] local) {
        long[] global = new long[range.dimensions()];
        for (int d = 0; d < global.length; d++) {
            if (range.local() != null && range.global(d) % local[d] != 0) {
                throw new IllegalArgumentException(kernel.displayName() + ": global size " + range.global(d)
                        + " is not a multiple of the requested local size " + local[d] + " in dimension " + d + " (" + range + ")");
            }
            global[d] = Index.ceilDiv(range.global(d), local[d]) * local[d];
        }
        return global;
    }

    /**
     * The caller's local size, or tornado.properties' default fitted to this device and kernel. On a CPU device a
     * kernel holding {@code Vector16} values gets one work-item per group: PoCL runs a group as a loop over its
     * work-items, and such kernels lose 1.4-80x inside that loop (the Winograd weight transform at F = 64: 7.7 ms per
     * launch in groups of 256, 0.1 ms in groups of 1; WinogradLadder --profile).
     */
    private long[] localSize(OpenCLKernel kernel, Range range) {
        int dims = range.dimensions();
        long[] local = new long[dims];
        if (range.local() != null) {
            for (int d = 0; d < dims; d++) local[d] = range.local(d);
            return local;
        }
        if (info.cpu() && kernel.holdsVectors()) {
            Arrays.fill(local, 1);
            return local;
        }
        return LocalSize.fit(Settings.current().defaultWorkGroup(dims), range.global(),
                maxWorkItemSizes, Math.min(info.maxWorkGroupSize(), kernel.workGroupSize()));
    }

    /** Sets the C arguments from the Java ones (the layout is {@link KernelArguments}'). */
    private void setArguments(OpenCLKernel kernel, Object[] arguments, Arena arena) {
        MemorySegment value = arena.allocate(JAVA_LONG); // clSetKernelArg copies the value, so one slot serves all
        int index = 0;
        if (kernel.prebuilt) {
            for (Object argument : arguments) {
                String name = "argument " + index;
                if (argument instanceof Integer localBytes) {
                    setArg(kernel, index++, localBytes, MemorySegment.NULL, name);
                } else if (argument instanceof OpenCLBuffer buffer && buffer.device() == this) {
                    value.set(ADDRESS, 0, buffer.handle("launching " + kernel.displayName() + " (" + name + ")"));
                    setArg(kernel, index++, ADDRESS.byteSize(), value, name);
                } else {
                    throw new IllegalArgumentException(kernel.displayName() + ": " + name + " is not a buffer of " + info.id() + " or a local size");
                }
            }
            return;
        }
        for (KernelArguments.Argument argument : KernelArguments.toC(kernel.displayName(), kernel.parameters(),
                kernel.constants(), arguments)) {
            switch (argument) {
                case KernelArguments.BufferArgument b -> {
                    if (!(b.buffer() instanceof OpenCLBuffer buffer) || buffer.device() != this) {
                        throw new IllegalArgumentException(kernel.displayName() + ": argument '" + b.name()
                                + "' is not a buffer of " + info.id());
                    }
                    value.set(ADDRESS, 0, buffer.handle("launching " + kernel.displayName() + " (argument '" + b.name() + "')"));
                    setArg(kernel, index++, ADDRESS.byteSize(), value, b.name());
                }
                // a scalar: its bytes in the slot, then clSetKernelArg copies them
                case KernelArguments.IntArgument n -> { value.set(JAVA_INT, 0, n.value()); setArg(kernel, index++, JAVA_INT.byteSize(), value, n.name()); }
                case KernelArguments.FloatArgument f -> { value.set(JAVA_FLOAT, 0, f.value()); setArg(kernel, index++, JAVA_FLOAT.byteSize(), value, f.name()); }
                case KernelArguments.LongArgument n -> { value.set(JAVA_LONG, 0, n.value()); setArg(kernel, index++, JAVA_LONG.byteSize(), value, n.name()); }
                case KernelArguments.DoubleArgument d -> { value.set(JAVA_DOUBLE, 0, d.value()); setArg(kernel, index++, JAVA_DOUBLE.byteSize(), value, d.name()); }
            }
        }
    }

    private void setArg(OpenCLKernel kernel, int index, long size, MemorySegment value, String name) {
        int code = cl.clSetKernelArg(kernel.handle, index, size, value);
        if (code != CL_SUCCESS) {
            throw new OpenCLException(code, "clSetKernelArg failed: " + errorName(code) + " (" + code + ") for C argument "
                    + index + " ('" + name + "') of " + kernel.displayName()
                    + ": does the C signature follow the convention (arrays as pointer + int <name>_size, specialized ints left out)?");
        }
    }

    // ---- events ----

    /** A launch without a driver event: awaiting it finishes the whole queue (cheap on an in-order queue). */
    private final class QueueEvent implements Event {
        @Override
        public void await() {
            if (!closed) finish(); // a closed device finished its queue when it closed
        }

        @Override
        public long durationNanos() {
            return -1;
        }
    }

    /**
     * A cl_event's handle, released exactly once by whoever comes first: the event after reading its
     * times, the Cleaner, or the device's close(). It must not refer to its ProfiledEvent, or the
     * Cleaner would never run.
     */
    private static final class EventHandle implements Runnable {
        private final OpenCL cl;
        private final Set<EventHandle> live;
        private final AtomicReference<MemorySegment> handle;

        EventHandle(OpenCL cl, Set<EventHandle> live, MemorySegment handle) {
            this.cl = cl;
            this.live = live;
            this.handle = new AtomicReference<>(handle);
        }

        @Override
        public void run() {
            MemorySegment h = handle.getAndSet(null);
            if (h != null) {
                cl.clReleaseEvent(h);
                live.remove(this);
            }
        }
    }

    private final class ProfiledEvent implements Event {
        private final EventHandle state;
        private final Cleaner.Cleanable cleanable;
        private long duration = -1;

        ProfiledEvent(MemorySegment event) {
            state = new EventHandle(cl, liveEvents, event);
            liveEvents.add(state);
            cleanable = CLEANER.register(this, state);
        }

        @Override
        public void await() {
            MemorySegment h = state.handle.get();
            if (h == null) return; // already waited for and released, or the device closed (which finished the queue)
            try (Arena arena = Arena.ofConfined()) {
                check(cl.clWaitForEvents(1, arena.allocateFrom(ADDRESS, h)), "clWaitForEvents");
            } finally {
                Reference.reachabilityFence(this); // keep the Cleaner from releasing h mid-call
            }
        }

        /** Waits, reads START/END from the device clock, then releases the cl_event (its job is done). */
        @Override
        public long durationNanos() {
            MemorySegment h = state.handle.get();
            if (h == null) return duration;
            try (Arena arena = Arena.ofConfined()) {
                check(cl.clWaitForEvents(1, arena.allocateFrom(ADDRESS, h)), "clWaitForEvents");
                MemorySegment start = arena.allocate(JAVA_LONG), end = arena.allocate(JAVA_LONG);
                check(cl.clGetEventProfilingInfo(h, CL_PROFILING_COMMAND_START, JAVA_LONG.byteSize(), start, MemorySegment.NULL), "clGetEventProfilingInfo");
                check(cl.clGetEventProfilingInfo(h, CL_PROFILING_COMMAND_END, JAVA_LONG.byteSize(), end, MemorySegment.NULL), "clGetEventProfilingInfo");
                duration = end.get(JAVA_LONG, 0) - start.get(JAVA_LONG, 0);
            } finally {
                cleanable.clean();
                Reference.reachabilityFence(this);
            }
            return duration;
        }
    }

    // ---- lifetime ----

    @Override
    public void finish() {
        ensureOpen();
        check(cl.clFinish(queue), "clFinish");
    }

    private void ensureOpen() {
        if (closed) throw new IllegalStateException(info.id() + " (" + info.name() + ") is closed");
    }

    /** Waits for the queue, then releases events, kernels, programs, buffers, the queue and the context. Idempotent. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        cl.clFinish(queue); // best effort: a failed device must still release what it holds
        for (EventHandle event : List.copyOf(liveEvents)) event.run();
        for (OpenCLKernel kernel : kernels) {
            cl.clReleaseKernel(kernel.handle);
            cl.clReleaseProgram(kernel.program);
        }
        kernels.clear();
        compiled.clear();
        // views before the allocations they are sub-buffers of
        for (OpenCLBuffer buffer : List.copyOf(buffers)) if (buffer.isView()) release(buffer);
        for (OpenCLBuffer buffer : List.copyOf(buffers)) release(buffer);
        cl.clReleaseCommandQueue(queue);
        cl.clReleaseContext(context);
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
    }

    @Override
    public String toString() {
        return "OpenCLDevice[" + info.id() + " " + info.name() + " (" + info.platform() + ")]";
    }
}
