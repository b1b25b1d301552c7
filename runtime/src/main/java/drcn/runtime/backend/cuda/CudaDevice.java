package drcn.runtime.backend.cuda;

import drcn.compiler.emit.Dialect;
import drcn.runtime.backend.*;
import drcn.runtime.config.Settings;
import drcn.runtime.jit.DiskCache;
import drcn.runtime.jit.KernelArguments;
import drcn.runtime.jit.KernelJit;
import drcn.runtime.jit.KernelRef;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import static java.lang.foreign.ValueLayout.*;

/**
 * One NVIDIA GPU. Its primary context is made current on every call, so any thread may use the
 * device (one at a time). Launches go to the default stream, in order.
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
                              MemorySegment module, MemorySegment function, int maxThreads) implements CompiledKernel {}

    @Override
    public CompiledKernel compile(KernelRef kernel, Map<String, Integer> constants) {
        var sorted = new TreeMap<>(constants);
        return kernels.computeIfAbsent(kernel.function().id() + sorted, key -> build(kernel, sorted));
    }

    private CudaKernel build(KernelRef kernel, Map<String, Integer> constants) {
        String source = KernelJit.source(kernel, constants, Dialect.CUDA);
        List<String> options = nvrtcOptions(computeCapability, Settings.current().fastMath());
        String cacheKey = DiskCache.key(source, String.join(" ", options), info.name(), info.driver());
        byte[] image = diskCache.get(cacheKey);
        if (image == null) {
            if (cuda.nvrtc == null) throw new BackendException(cuda.nvrtcProblem);
            image = cuda.nvrtc.compile(source, kernel.displayName(), options);
            diskCache.put(cacheKey, image);
        }
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
            return new CudaKernel(kernel, Map.copyOf(constants), source, loaded, handle, maxThreads.get(JAVA_INT, 0));
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

    @Override
    public Event launch(CompiledKernel compiled, Range range, Object... arguments) {
        CudaKernel kernel = (CudaKernel) compiled;
        List<KernelArguments.Argument> cArguments = KernelArguments.toC(kernel.kernel(), kernel.constants(), arguments);
        int[] block = blockSize(range, kernel.maxThreads());
        int[] grid = new int[3];
        for (int d = 0; d < 3; d++) {
            int global = range.global(d);
            if (range.local() != null && global % block[d] != 0) {
                throw new IllegalArgumentException(range + ": global size " + global + " is not a multiple of the local size " + block[d]);
            }
            grid[d] = (global + block[d] - 1) / block[d];
        }
        makeCurrent();
        boolean profile = Settings.current().profile();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment parameters = arena.allocate(ADDRESS, cArguments.size());
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
                        // kernelParams[i] points at the value: here the 64-bit CUdeviceptr
                        yield arena.allocateFrom(JAVA_LONG, buffer.pointer);
                    }
                    case KernelArguments.IntArgument n -> arena.allocateFrom(JAVA_INT, n.value());
                    case KernelArguments.FloatArgument f -> arena.allocateFrom(JAVA_FLOAT, f.value());
                };
                parameters.setAtIndex(ADDRESS, i, value);
            }
            MemorySegment start = profile ? event(arena) : null;
            // stream NULL: the legacy default stream, which orders launches and the blocking copies
            int result = (int) cuda.cuLaunchKernel.invokeExact(kernel.function(), grid[0], grid[1], grid[2],
                    block[0], block[1], block[2], 0, MemorySegment.NULL, parameters, MemorySegment.NULL);
            if (result != 0 && start != null) {
                int ignored = (int) cuda.cuEventDestroy.invokeExact(start);
            }
            cuda.check(result, "cuLaunchKernel(" + kernel.kernel().displayName() + ", grid " + java.util.Arrays.toString(grid)
                    + ", block " + java.util.Arrays.toString(block) + ", " + range + ")");
            if (!profile) return new SynchronizingEvent();
            MemorySegment end = event(arena);
            return timed(start, end);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new BackendException("launch failed: " + e, e);
        }
    }

    /** Records an event on the default stream; returns the CUevent handle. */
    private MemorySegment event(Arena arena) throws Throwable {
        MemorySegment out = arena.allocate(ADDRESS);
        cuda.check((int) cuda.cuEventCreate.invokeExact(out, 0), "cuEventCreate");
        MemorySegment event = out.get(ADDRESS, 0);
        cuda.check((int) cuda.cuEventRecord.invokeExact(event, MemorySegment.NULL), "cuEventRecord");
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

    /**
     * The caller's block, or tornado.properties' default fitted to the limits: each dimension at
     * most the device's per-dimension limit and the global size, the product at most the smaller of
     * the device's and this kernel's limit (a kernel heavy in registers allows fewer threads). The
     * largest dimension is halved until it fits, as the opencl backend does.
     */
    private int[] blockSize(Range range, int kernelMaxThreads) {
        int[] block = {1, 1, 1};
        if (range.local() != null) {
            for (int d = 0; d < range.dimensions(); d++) block[d] = range.local()[d];
            return block;
        }
        int[] preferred = Settings.current().defaultWorkGroup(range.dimensions());
        for (int d = 0; d < range.dimensions(); d++) {
            block[d] = Math.max(1, Math.min(Math.min(preferred[d], maxBlockDims[d]), range.global(d)));
        }
        long limit = Math.max(1, Math.min(info.maxWorkGroupSize(), kernelMaxThreads > 0 ? kernelMaxThreads : Integer.MAX_VALUE));
        while ((long) block[0] * block[1] * block[2] > limit) {
            int largest = block[0] >= block[1] && block[0] >= block[2] ? 0 : block[1] >= block[2] ? 1 : 2;
            block[largest] = (block[largest] + 1) / 2;
        }
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
        // Modules live in the primary context, which another holder may keep alive: unload ours.
        for (CudaKernel kernel : kernels.values()) {
            call(() -> cuda.check((int) cuda.cuModuleUnload.invokeExact(kernel.module()), "cuModuleUnload"));
        }
        kernels.clear();
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
