package drcn.runtime.backend.cuda;

import drcn.kernels.Index;
import drcn.compiler.emit.Dialect;
import drcn.runtime.backend.*;
import drcn.runtime.config.Settings;
import drcn.runtime.backend.support.DiskCache;
import drcn.runtime.backend.support.KernelArguments;
import drcn.runtime.backend.support.LocalSize;
import drcn.runtime.jit.KernelJit;
import drcn.runtime.jit.KernelRef;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import static java.lang.foreign.ValueLayout.*;

/**
 * One NVIDIA GPU. Its primary context is made current on every call, so any thread may use the
 * device (one at a time). Launches go, in order, to a stream of the device's own (stream capture, {@link #capture},
 * cannot use the legacy NULL stream); it is a blocking stream, so the synchronous copies, which use the NULL
 * stream, stay ordered with the launches around them.
 */
final class CudaDevice implements Device {
    private final CudaLibraries cuda;
    private final int ordinal;
    private final int dev;  // the CUdevice handle; the primary context is released through it
    private final MemorySegment context;
    private final int[] maxBlockDims = new int[3];
    private final DeviceInfo info;
    private final int computeCapability;  // e.g. 90 for sm_90
    private final Map<String, CudaKernel> kernels = new ConcurrentHashMap<>();
    private final DiskCache diskCache = DiskCache.fromSettings();
    /** {@link #buildStats}: build time (NVRTC and module loads), disk cache hits, builds from source, memory hits. */
    private long buildNanos, diskCacheHits, sourceBuilds, memoryHits;
    /** The CUstream every launch goes to. */
    private final MemorySegment stream;
    /** Executable graphs not closed yet: destroyed with the device. */
    private final Set<CudaGraph> graphs = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
    private boolean closed;

    CudaDevice(CudaLibraries cuda, int ordinal) throws Throwable {
        this.cuda = cuda;
        this.ordinal = ordinal;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment handle = arena.allocate(JAVA_INT);
            cuda.check((int) cuda.cuDeviceGet.invokeExact(handle, ordinal), "cuDeviceGet");
            this.dev = handle.get(JAVA_INT, 0);
            MemorySegment name = arena.allocate(256);
            cuda.check((int) cuda.cuDeviceGetName.invokeExact(name, 256, dev), "cuDeviceGetName");
            MemorySegment bytes = arena.allocate(JAVA_LONG);
            cuda.check((int) cuda.cuDeviceTotalMem.invokeExact(bytes, dev), "cuDeviceTotalMem");
            MemorySegment version = arena.allocate(JAVA_INT);
            cuda.check((int) cuda.cuDriverGetVersion.invokeExact(version), "cuDriverGetVersion");
            int v = version.get(JAVA_INT, 0);
            MemorySegment ctx = arena.allocate(ADDRESS);
            cuda.check((int) cuda.cuDevicePrimaryCtxRetain.invokeExact(ctx, dev), "cuDevicePrimaryCtxRetain");
            this.context = ctx.get(ADDRESS, 0);
            cuda.check((int) cuda.cuCtxSetCurrent.invokeExact(context), "cuCtxSetCurrent");
            MemorySegment streamOut = arena.allocate(ADDRESS);
            cuda.check((int) cuda.cuStreamCreate.invokeExact(streamOut, CudaLibraries.STREAM_DEFAULT), "cuStreamCreate");
            this.stream = streamOut.get(ADDRESS, 0);
            int major = attribute(arena, CudaLibraries.ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, dev);
            int minor = attribute(arena, CudaLibraries.ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, dev);
            this.computeCapability = major * 10 + minor;
            // CUDA caps each block dimension too (z at 64), not only the product.
            for (int d = 0; d < 3; d++) maxBlockDims[d] = attribute(arena, CudaLibraries.ATTRIBUTE_MAX_BLOCK_DIM_X + d, dev);
            this.info = new DeviceInfo("cuda", ordinal, "CUDA (sm_" + computeCapability + ")", name.getString(0),
                    (v / 1000) + "." + (v % 1000) / 10,
                    attribute(arena, CudaLibraries.ATTRIBUTE_MULTIPROCESSOR_COUNT, dev), bytes.get(JAVA_LONG, 0),
                    attribute(arena, CudaLibraries.ATTRIBUTE_MAX_THREADS_PER_BLOCK, dev),
                    attribute(arena, CudaLibraries.ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK, dev), false, SLICE_ALIGNMENT);
        }
    }

    private int attribute(Arena arena, int attribute, int dev) throws Throwable {
        MemorySegment out = arena.allocate(JAVA_INT);
        cuda.check((int) cuda.cuDeviceGetAttribute.invokeExact(out, attribute, dev), "cuDeviceGetAttribute");
        return out.get(JAVA_INT, 0);
    }

    private void makeCurrent() {
        if (closed) throw new IllegalStateException("device " + info.id() + " is closed");
        try {
            cuda.check((int) cuda.cuCtxSetCurrent.invokeExact(context), "cuCtxSetCurrent");
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new BackendException("cuCtxSetCurrent failed: " + e, e);
        }
    }

    @Override
    public DeviceInfo info() {
        return info;
    }

    /**
     * Bytes a view's offset must be a multiple of: cuMemAlloc's alignment (256), so a view is as aligned as an
     * allocation and any vector load a kernel makes from its start stays aligned.
     */
    static final long SLICE_ALIGNMENT = 256;

    /**
     * A cuMemAlloc'd block, or a view of one ({@link #slice}: the allocation's CUdeviceptr plus the offset; closing
     * it frees nothing). The pointer is a 64-bit device address.
     */
    private final class CudaBuffer implements Buffer {
        final long pointer;
        final long bytes;
        /** The allocation this is a view of, or null for an allocation. */
        final CudaBuffer root;
        boolean freed;

        CudaBuffer(long pointer, long bytes) {
            this(pointer, bytes, null);
        }

        CudaBuffer(long pointer, long bytes, CudaBuffer root) {
            this.pointer = pointer;
            this.bytes = bytes;
            this.root = root;
        }

        @Override
        public long byteSize() {
            return bytes;
        }

        CudaDevice device() {
            return CudaDevice.this;
        }

        /** Whether this buffer, or for a view its allocation, was closed. */
        boolean isFreed() {
            return freed || (root != null && root.freed);
        }

        @Override
        public Buffer slice(long offsetBytes, long length) {
            if (closed) throw new IllegalStateException("device " + info.id() + " is closed");
            if (isFreed()) throw new IllegalStateException("cannot slice a closed buffer (or a view of one)");
            Buffer.checkSlice(bytes, offsetBytes, length, info.sliceAlignment());
            return new CudaBuffer(pointer + offsetBytes, length, root != null ? root : this);
        }

        @Override
        public void close() {
            if (freed || closed) return;
            freed = true;
            if (root != null) return;   // a view: the memory is its allocation's
            // the thread that frees may not be the one that allocated: give it this device's context
            makeCurrent();
            call(() -> cuda.check((int) cuda.cuMemFree.invokeExact(pointer), "cuMemFree"));
        }
    }

    @Override
    public Buffer allocate(long bytes) {
        makeCurrent();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(JAVA_LONG);
            call(() -> cuda.check((int) cuda.cuMemAlloc.invokeExact(out, Math.max(4L, bytes)), "cuMemAlloc"));
            return new CudaBuffer(out.get(JAVA_LONG, 0), bytes);
        }
    }

    @Override
    public void write(Buffer target, long targetOffset, MemorySegment source) {
        CudaBuffer buffer = (CudaBuffer) target;
        checkRange(buffer, targetOffset, source.byteSize());
        makeCurrent();
        call(() -> {
            if (source.isNative()) {
                cuda.check((int) cuda.cuMemcpyHtoD.invokeExact(buffer.pointer + targetOffset, source, source.byteSize()), "cuMemcpyHtoD");
            } else {
                try (Arena arena = Arena.ofConfined()) {
                    MemorySegment staging = arena.allocate(source.byteSize(), 16).copyFrom(source);
                    cuda.check((int) cuda.cuMemcpyHtoD.invokeExact(buffer.pointer + targetOffset, staging, source.byteSize()), "cuMemcpyHtoD");
                }
            }
        });
    }

    /**
     * cuMemsetD32 where offset and size are multiples of 4 (no host data crosses; ordered as cuMemcpyHtoD is), else
     * the host writes of {@link Device#zero}'s default.
     */
    @Override
    public void zero(Buffer target, long offset, long bytes) {
        CudaBuffer buffer = (CudaBuffer) target;
        checkRange(buffer, offset, bytes);
        if (bytes == 0) return;
        if (offset % 4 != 0 || bytes % 4 != 0) {
            Device.super.zero(target, offset, bytes);
            return;
        }
        makeCurrent();
        call(() -> cuda.check((int) cuda.cuMemsetD32.invokeExact(buffer.pointer + offset, 0, bytes / 4), "cuMemsetD32"));
    }

    @Override
    public void read(Buffer source, long sourceOffset, MemorySegment target) {
        CudaBuffer buffer = (CudaBuffer) source;
        checkRange(buffer, sourceOffset, target.byteSize());
        makeCurrent();
        call(() -> {
            if (target.isNative()) {
                cuda.check((int) cuda.cuMemcpyDtoH.invokeExact(target, buffer.pointer + sourceOffset, target.byteSize()), "cuMemcpyDtoH");
            } else {
                try (Arena arena = Arena.ofConfined()) {
                    MemorySegment staging = arena.allocate(target.byteSize(), 16);
                    cuda.check((int) cuda.cuMemcpyDtoH.invokeExact(staging, buffer.pointer + sourceOffset, target.byteSize()), "cuMemcpyDtoH");
                    target.copyFrom(staging);
                }
            }
        });
    }

    private static void checkRange(CudaBuffer buffer, long offset, long bytes) {
        if (buffer.isFreed()) throw new IllegalStateException("buffer (or the buffer it is a view of) was closed");
        if (offset < 0 || offset + bytes > buffer.bytes) {
            throw new IllegalArgumentException("copy of " + bytes + " bytes at offset " + offset
                    + " does not fit a buffer of " + buffer.bytes + " bytes");
        }
    }

    /** A built kernel: its module and function handle. */
    private record CudaKernel(KernelRef kernel, Map<String, Integer> constants, String source,
                              MemorySegment module, MemorySegment function, int maxThreads, boolean usesSimd) implements CompiledKernel {}

    @Override
    public CompiledKernel compile(KernelRef kernel, Map<String, Integer> constants) {
        var sorted = new TreeMap<>(constants);
        String key = kernel.function().id() + sorted;
        CudaKernel built = kernels.get(key);
        if (built != null) {
            memoryHits++;
            return built;
        }
        return kernels.computeIfAbsent(key, k -> build(kernel, sorted));
    }

    @Override
    public BuildStats buildStats() {
        return new BuildStats(buildNanos, diskCacheHits, sourceBuilds, memoryHits);
    }

    private CudaKernel build(KernelRef kernel, Map<String, Integer> constants) {
        drcn.compiler.ir.MatrixOp mma = drcn.compiler.ir.MatrixOp.mostDemanding(kernel.function(), kernel.helpers());
        if (mma != null && mma.computeCapability() > computeCapability) {
            int cc = mma.computeCapability();
            throw new drcn.tornado.api.exceptions.TornadoDeviceMMANotSupported(kernel.displayName() + " calls " + mma.callName()
                    + ", whose mma.sync needs a GPU of compute capability " + cc / 10 + "." + cc % 10 + " or newer; " + info.name()
                    + " has " + computeCapability / 10 + "." + computeCapability % 10);
        }
        String source = KernelJit.source(kernel, constants, Dialect.CUDA);
        List<String> options = nvrtcOptions(computeCapability, Settings.current().fastMath());
        String cacheKey = DiskCache.key(source, String.join(" ", options), info.name(), info.driver());
        long start = System.nanoTime();
        byte[] image = diskCache.get(cacheKey);
        if (image == null) {
            if (cuda.nvrtc == null) throw new BackendException(cuda.nvrtcProblem);
            image = cuda.nvrtc.compile(source, kernel.displayName(), options);
            diskCache.put(cacheKey, image);
            sourceBuilds++;
        } else {
            diskCacheHits++;
        }
        try {
            return load(kernel, constants, source, options, image);
        } finally {
            buildNanos += System.nanoTime() - start;
        }
    }

    /** Loads a cubin or PTX image as a module and finds the kernel in it. */
    private CudaKernel load(KernelRef kernel, Map<String, Integer> constants, String source, List<String> options, byte[] image) {
        makeCurrent();
        try (Arena arena = Arena.ofConfined()) {
            // a PTX image must end in NUL: the extra zero byte makes sure of it (harmless for a cubin)
            MemorySegment segment = arena.allocate(image.length + 1L, 16);
            segment.copyFrom(MemorySegment.ofArray(image));
            int logSize = 16 * 1024;
            MemorySegment errorLog = arena.allocate(logSize);
            MemorySegment options2 = arena.allocate(JAVA_INT, 2);
            options2.setAtIndex(JAVA_INT, 0, CudaLibraries.JIT_ERROR_LOG_BUFFER);
            options2.setAtIndex(JAVA_INT, 1, CudaLibraries.JIT_ERROR_LOG_BUFFER_SIZE_BYTES);
            // option values are void*: a pointer for the buffer, the size itself cast to void* for its size
            MemorySegment values = arena.allocate(ADDRESS, 2);
            values.setAtIndex(ADDRESS, 0, errorLog);
            values.setAtIndex(ADDRESS, 1, MemorySegment.ofAddress(logSize));
            MemorySegment module = arena.allocate(ADDRESS);
            int result = (int) cuda.cuModuleLoadDataEx.invokeExact(module, segment, 2, options2, values);
            if (result != 0) {
                throw new KernelBuildFailure("the driver (CUDA " + info.driver() + ") could not load the "
                        + String.join(" ", options) + " image of " + kernel.displayName() + ": " + cuda.errorName(result)
                        + loadHint(result) + "\n" + errorLog.getString(0));
            }
            MemorySegment function = arena.allocate(ADDRESS);
            MemorySegment loaded = module.get(ADDRESS, 0);
            cuda.check((int) cuda.cuModuleGetFunction.invokeExact(function, loaded,
                    arena.allocateFrom(kernel.function().cName())), "cuModuleGetFunction(" + kernel.function().cName() + ")");
            MemorySegment handle = function.get(ADDRESS, 0);
            MemorySegment maxThreads = arena.allocate(JAVA_INT);
            cuda.check((int) cuda.cuFuncGetAttribute.invokeExact(maxThreads, CudaLibraries.FUNCTION_MAX_THREADS_PER_BLOCK, handle),
                    "cuFuncGetAttribute");
            return new CudaKernel(kernel, Map.copyOf(constants), source, loaded, handle, maxThreads.get(JAVA_INT, 0), LocalSize.usesSimd(kernel));
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new BackendException("loading " + kernel.displayName() + " failed: " + e, e);
        }
    }

    /**
     * NVRTC's options for a device of compute capability {@code cc} (e.g. 90). A cubin for the real
     * architecture (sm_90), not PTX: the driver rejects PTX from an NVRTC newer than itself
     * (CUDA_ERROR_UNSUPPORTED_PTX_VERSION, e.g. pip's NVRTC 13.1 on a 13.0 driver) while cubins are
     * minor-version compatible, and there is no JIT step at load time.
     */
    static List<String> nvrtcOptions(int cc, boolean fastMath) {
        String architecture = "--gpu-architecture=sm_" + cc;
        // Without fast-math, keep Java's rounding: no contraction of a * b + c (kernels use Math.fma).
        return fastMath ? List.of(architecture, "--use_fast_math") : List.of(architecture, "--fmad=false");
    }

    private static String loadHint(int result) {
        return switch (result) {
            case CudaLibraries.ERROR_UNSUPPORTED_PTX_VERSION, CudaLibraries.ERROR_INVALID_PTX ->
                    " (the NVRTC that built it is newer than this driver: use an NVRTC no newer than the driver's CUDA version)";
            case CudaLibraries.ERROR_NO_BINARY_FOR_GPU, CudaLibraries.ERROR_INVALID_IMAGE ->
                    " (the image is not for this GPU's architecture, or the NVRTC that built it is newer than this driver)";
            default -> "";
        };
    }

    static String numbered(String source) {
        var out = new StringBuilder();
        String[] lines = source.split("\n", -1);
        for (int i = 0; i < lines.length; i++) out.append(String.format("%4d| %s%n", i + 1, lines[i]));
        return out.toString();
    }

    /** A kernel that the driver or NVRTC refused. */
    public static final class KernelBuildFailure extends BackendException {
        KernelBuildFailure(String message) { super(message); }
    }

    /**
     * A launch ready to enqueue: grid and block computed, the kernelParams array (pointers to each argument's
     * value) in native memory, and the buffers it names, checked at each enqueue for having been closed.
     */
    private record Prepared(CudaKernel kernel, Range range, int[] grid, int[] block, MemorySegment parameters, CudaBuffer[] buffers) {
        String describe() {
            return kernel.kernel().displayName() + ", grid " + Arrays.toString(grid) + ", block " + Arrays.toString(block) + ", " + range;
        }
    }

    /** Converts a launch's arguments (see {@link Device}) into kernelParams allocated in {@code arena}. */
    private Prepared prepare(CompiledKernel compiled, Range range, Object[] arguments, Arena arena) {
        if (!(compiled instanceof CudaKernel kernel)) {
            throw new IllegalArgumentException(compiled.kernel().displayName() + " was not compiled for " + info.id());
        }
        List<KernelArguments.Argument> cArguments = KernelArguments.toC(kernel.kernel(), kernel.constants(), arguments);
        int[] block = blockSize(range, kernel.maxThreads());
        if (kernel.usesSimd()) LocalSize.checkSimd(kernel.kernel(), new long[] {block[0], block[1], block[2]}, Long.MAX_VALUE);
        int[] grid = new int[3];
        for (int d = 0; d < 3; d++) {
            int global = range.global(d);
            if (range.local() != null && global % block[d] != 0) {
                throw new IllegalArgumentException(range + ": global size " + global + " is not a multiple of the local size " + block[d]);
            }
            grid[d] = Index.ceilDiv(global, block[d]);
        }
        MemorySegment parameters = arena.allocate(ADDRESS, Math.max(1, cArguments.size()));
        var buffers = new ArrayList<CudaBuffer>();
        for (int i = 0; i < cArguments.size(); i++) {
            MemorySegment value = switch (cArguments.get(i)) {
                case KernelArguments.BufferArgument b -> {
                    if (!(b.buffer() instanceof CudaBuffer buffer) || buffer.device() != this) {
                        throw new IllegalArgumentException(kernel.kernel().displayName() + ": argument '" + b.name()
                                + "' is not a buffer of " + info.id());
                    }
                    if (buffer.isFreed()) {
                        throw new IllegalStateException(kernel.kernel().displayName() + ": argument '" + b.name()
                                + "' was closed (or the buffer it is a view of was)");
                    }
                    buffers.add(buffer);
                    // kernelParams[i] points at the value: here the 64-bit CUdeviceptr
                    yield arena.allocateFrom(JAVA_LONG, buffer.pointer);
                }
                case KernelArguments.IntArgument n -> arena.allocateFrom(JAVA_INT, n.value());
                case KernelArguments.FloatArgument f -> arena.allocateFrom(JAVA_FLOAT, f.value());
                case KernelArguments.LongArgument n -> arena.allocateFrom(JAVA_LONG, n.value());
                case KernelArguments.DoubleArgument d -> arena.allocateFrom(JAVA_DOUBLE, d.value());
            };
            parameters.setAtIndex(ADDRESS, i, value);
        }
        return new Prepared(kernel, range, grid, block, parameters, buffers.toArray(CudaBuffer[]::new));
    }

    @Override
    public Event launch(CompiledKernel compiled, Range range, Object... arguments) {
        try (Arena arena = Arena.ofConfined()) {
            // cuLaunchKernel copies the values kernelParams points at: the arena may go when it returns
            return enqueue(prepare(compiled, range, arguments, arena));
        }
    }

    /** Puts one launch on the device's stream; with drcn.profile, between two events, and waits for it. */
    private Event enqueue(Prepared launch) {
        return onStream(() -> launchOnStream(launch), "cuLaunchKernel(" + launch.describe() + ")", "launch failed");
    }

    /** A call that puts work on the device's stream, returning its CUresult. */
    private interface StreamWork {
        int run() throws Throwable;
    }

    /**
     * Runs {@code work} (the driver call {@code call}); with drcn.profile it lies between two events, whose interval is the
     * returned event's time. A failed call is a BackendException naming {@code call}, anything else thrown "{@code failure}: ...".
     */
    private Event onStream(StreamWork work, String call, String failure) {
        makeCurrent();
        boolean profile = Settings.current().profile();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment start = profile ? event(arena) : null;
            int result = work.run();
            if (result != 0 && start != null) {
                int ignored = (int) cuda.cuEventDestroy.invokeExact(start);
            }
            cuda.check(result, call);
            if (!profile) return new SynchronizingEvent();
            return timed(start, event(arena));
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new BackendException(failure + ": " + e, e);
        }
    }

    /** cuLaunchKernel onto the device's stream; returns the CUresult. */
    private int launchOnStream(Prepared launch) throws Throwable {
        int[] grid = launch.grid(), block = launch.block();
        return (int) cuda.cuLaunchKernel.invokeExact(launch.kernel().function(), grid[0], grid[1], grid[2],
                block[0], block[1], block[2], 0, stream, launch.parameters(), MemorySegment.NULL);
    }

    /**
     * The launch converted once: its kernelParams stay in native memory of its own, so a replay is one
     * cuLaunchKernel. {@link #capture} puts recordings of this device into a CUDA graph.
     */
    @Override
    public RecordedLaunch record(CompiledKernel compiled, Range range, Object... arguments) {
        makeCurrent();
        Arena arena = Arena.ofShared();
        try {
            return new CudaLaunch(prepare(compiled, range, arguments, arena), arena);
        } catch (RuntimeException | Error e) {
            arena.close();
            throw e;
        }
    }

    private final class CudaLaunch implements RecordedLaunch {
        final Prepared launch;
        final Arena arena;
        boolean released;

        CudaLaunch(Prepared launch, Arena arena) {
            this.launch = launch;
            this.arena = arena;
        }

        CudaDevice device() {
            return CudaDevice.this;
        }

        /** Throws where the recording, or a buffer it names, was closed. */
        void checkUsable() {
            if (released) throw new IllegalStateException("the recorded launch of " + launch.kernel().kernel().displayName() + " was closed");
            for (CudaBuffer buffer : launch.buffers()) {
                if (buffer.isFreed()) {
                    throw new IllegalStateException("a buffer of the recorded launch of " + launch.kernel().kernel().displayName()
                            + " was closed (or the buffer it is a view of was)");
                }
            }
        }

        @Override
        public Event replay() {
            checkUsable();
            return enqueue(launch);
        }

        @Override
        public void close() {
            if (released) return;
            released = true;
            arena.close();
        }
    }

    /**
     * Stream capture: the launches go onto the device's stream between cuStreamBeginCapture (thread-local mode:
     * only this thread's calls are checked) and cuStreamEndCapture, which hands back a CUDA graph holding one
     * kernel node per launch, in order, with the argument values copied in; cuGraphInstantiate makes the
     * executable graph, after which the graph itself is not needed. A replay is then one cuGraphLaunch. Nothing runs
     * while capturing. The graph is never updated in place: launches with other arguments are another capture.
     * Falls back to replaying each launch where the driver has no graphs (older than CUDA 11.4).
     */
    @Override
    public RecordedGraph capture(List<RecordedLaunch> launches) {
        if (launches.isEmpty() || !cuda.graphs) return Device.super.capture(launches);
        var own = new ArrayList<CudaLaunch>(launches.size());
        for (RecordedLaunch recorded : launches) {
            if (!(recorded instanceof CudaLaunch launch) || launch.device() != this) {
                throw new IllegalArgumentException("capture takes launches recorded on " + info.id() + " itself");
            }
            launch.checkUsable();
            own.add(launch);
        }
        makeCurrent();
        try (Arena arena = Arena.ofConfined()) {
            cuda.check((int) cuda.cuStreamBeginCapture.invokeExact(stream, CudaLibraries.STREAM_CAPTURE_MODE_THREAD_LOCAL),
                    "cuStreamBeginCapture");
            int failed = 0;
            String failedLaunch = null;
            MemorySegment graphOut = arena.allocate(ADDRESS);
            int ended;
            try {
                for (CudaLaunch launch : own) {
                    failed = launchOnStream(launch.launch);
                    if (failed != 0) {
                        failedLaunch = launch.launch.describe();
                        break;
                    }
                }
            } finally {
                // always end the capture, so that the stream is usable again whatever failed
                ended = (int) cuda.cuStreamEndCapture.invokeExact(stream, graphOut);
            }
            MemorySegment graph = ended == 0 ? graphOut.get(ADDRESS, 0) : MemorySegment.NULL;
            if (failed != 0 || ended != 0) {
                if (!graph.equals(MemorySegment.NULL)) {
                    int ignored = (int) cuda.cuGraphDestroy.invokeExact(graph);
                }
                if (failed != 0) cuda.check(failed, "cuLaunchKernel(" + failedLaunch + ") while capturing a CUDA graph");
                cuda.check(ended, "cuStreamEndCapture");
            }
            MemorySegment execOut = arena.allocate(ADDRESS);
            int instantiated = (int) cuda.cuGraphInstantiate.invokeExact(execOut, graph, 0L);
            int ignored = (int) cuda.cuGraphDestroy.invokeExact(graph);
            cuda.check(instantiated, "cuGraphInstantiateWithFlags (" + own.size() + " kernels)");
            var executable = new CudaGraph(execOut.get(ADDRESS, 0), own);
            graphs.add(executable);
            return executable;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new BackendException("capturing a CUDA graph failed: " + e, e);
        }
    }

    /** An instantiated CUDA graph (CUgraphExec) and the launches captured into it. */
    private final class CudaGraph implements RecordedGraph {
        final MemorySegment exec;
        final List<CudaLaunch> launches;
        boolean destroyed;

        CudaGraph(MemorySegment exec, List<CudaLaunch> launches) {
            this.exec = exec;
            this.launches = List.copyOf(launches);
        }

        @Override
        public Event replay() {
            if (destroyed) throw new IllegalStateException("the CUDA graph was closed");
            for (CudaLaunch launch : launches) launch.checkUsable();
            return onStream(() -> (int) cuda.cuGraphLaunch.invokeExact(exec, stream),
                    "cuGraphLaunch (" + launches.size() + " kernels)", "graph launch failed");
        }

        @Override
        public int launches() {
            return launches.size();
        }

        @Override
        public void close() {
            if (destroyed) return;
            destroyed = true;
            graphs.remove(this);
            if (closed) return; // the device's close destroyed it
            makeCurrent();
            call(() -> cuda.check((int) cuda.cuGraphExecDestroy.invokeExact(exec), "cuGraphExecDestroy"));
        }
    }

    /** Records an event on the device's stream; returns the CUevent handle. */
    private MemorySegment event(Arena arena) throws Throwable {
        MemorySegment out = arena.allocate(ADDRESS);
        cuda.check((int) cuda.cuEventCreate.invokeExact(out, 0), "cuEventCreate");
        MemorySegment event = out.get(ADDRESS, 0);
        cuda.check((int) cuda.cuEventRecord.invokeExact(event, stream), "cuEventRecord");
        return event;
    }

    /** Waits for the end event, reads the elapsed time, and destroys both events. */
    private Event timed(MemorySegment start, MemorySegment end) throws Throwable {
        cuda.check((int) cuda.cuEventSynchronize.invokeExact(end), "cuEventSynchronize");
        long nanos;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment millis = arena.allocate(JAVA_FLOAT);
            cuda.check((int) cuda.cuEventElapsedTime.invokeExact(millis, start, end), "cuEventElapsedTime");
            nanos = Math.round(millis.get(JAVA_FLOAT, 0) * 1e6);
        } finally {
            int ignored = (int) cuda.cuEventDestroy.invokeExact(start);
            ignored = (int) cuda.cuEventDestroy.invokeExact(end);
        }
        long duration = nanos;
        return new Event() {
            @Override public void await() { }
            @Override public long durationNanos() { return duration; }
        };
    }

    /** Without profiling an event only offers waiting for everything enqueued so far. */
    private final class SynchronizingEvent implements Event {
        @Override public void await() { finish(); }
        @Override public long durationNanos() { return -1; }
    }

    /** The caller's block, or tornado.properties' default fitted to the device's and this kernel's limits ({@link LocalSize#fit}). */
    private int[] blockSize(Range range, int kernelMaxThreads) {
        int[] block = {1, 1, 1};
        if (range.local() != null) {
            for (int d = 0; d < range.dimensions(); d++) block[d] = range.local()[d];
            return block;
        }
        long[] maxDims = {maxBlockDims[0], maxBlockDims[1], maxBlockDims[2]};
        long maxGroup = Math.min(info.maxWorkGroupSize(), kernelMaxThreads > 0 ? kernelMaxThreads : Integer.MAX_VALUE);
        long[] fitted = LocalSize.fit(Settings.current().defaultWorkGroup(range.dimensions()), range.global(), maxDims, maxGroup);
        for (int d = 0; d < fitted.length; d++) block[d] = (int) fitted[d];
        return block;
    }

    @Override
    public void finish() {
        makeCurrent();
        call(() -> cuda.check((int) cuda.cuCtxSynchronize.invokeExact(), "cuCtxSynchronize"));
    }

    @Override
    public void close() {
        if (closed) return;
        finish();
        for (CudaGraph graph : List.copyOf(graphs)) {
            graph.destroyed = true;
            call(() -> cuda.check((int) cuda.cuGraphExecDestroy.invokeExact(graph.exec), "cuGraphExecDestroy"));
        }
        graphs.clear();
        // Modules live in the primary context, which another holder may keep alive: unload ours.
        for (CudaKernel kernel : kernels.values()) {
            call(() -> cuda.check((int) cuda.cuModuleUnload.invokeExact(kernel.module()), "cuModuleUnload"));
        }
        kernels.clear();
        call(() -> cuda.check((int) cuda.cuStreamDestroy.invokeExact(stream), "cuStreamDestroy"));
        closed = true;
        // takes the CUdevice from cuDeviceGet, not the ordinal
        call(() -> cuda.check((int) cuda.cuDevicePrimaryCtxRelease.invokeExact(dev), "cuDevicePrimaryCtxRelease"));
    }

    private interface NativeCall {
        void run() throws Throwable;
    }

    private static void call(NativeCall call) {
        try {
            call.run();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new BackendException("CUDA call failed: " + e, e);
        }
    }
}
