package drcn.runtime.backend.cuda;

import drcn.runtime.backend.BackendUnavailableException;

import java.lang.foreign.*;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static java.lang.foreign.ValueLayout.*;

/**
 * Bindings onto the CUDA driver API (libcuda) and NVRTC (libnvrtc) through java.lang.foreign.
 * Only the calls the backend needs; every one returns a CUresult / nvrtcResult that
 * {@link #check} turns into a named exception.
 *
 * <p>Where they are looked for: libcuda.so.1 through the dynamic loader (the driver installs it
 * there); libnvrtc in $CUDA_HOME/lib64, /usr/local/cuda/lib64, then the loader's path.
 */
final class CudaLibraries {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final Arena LIBRARY_ARENA = Arena.global();

    // CUdevice_attribute values (cuda.h)
    static final int ATTRIBUTE_MAX_THREADS_PER_BLOCK = 1;
    static final int ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK = 8;
    static final int ATTRIBUTE_MULTIPROCESSOR_COUNT = 16;
    static final int ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR = 75;
    static final int ATTRIBUTE_COMPUTE_CAPABILITY_MINOR = 76;
    static final int ATTRIBUTE_CLOCK_RATE_KHZ = 13;
    // CUjit_option values for cuModuleLoadDataEx
    static final int JIT_INFO_LOG_BUFFER = 3;
    static final int JIT_INFO_LOG_BUFFER_SIZE_BYTES = 4;
    static final int JIT_ERROR_LOG_BUFFER = 5;
    static final int JIT_ERROR_LOG_BUFFER_SIZE_BYTES = 6;

    final MethodHandle cuInit, cuDriverGetVersion, cuDeviceGetCount, cuDeviceGet, cuDeviceGetName, cuDeviceTotalMem,
            cuDeviceGetAttribute, cuDevicePrimaryCtxRetain, cuDevicePrimaryCtxRelease, cuCtxSetCurrent, cuCtxSynchronize,
            cuMemAlloc, cuMemFree, cuMemcpyHtoD, cuMemcpyDtoH, cuModuleLoadDataEx, cuModuleUnload, cuModuleGetFunction,
            cuLaunchKernel, cuEventCreate, cuEventRecord, cuEventSynchronize, cuEventElapsedTime, cuEventDestroy,
            cuGetErrorName;
    /** Null when NVRTC is absent: devices still list, kernels cannot be built. */
    final Nvrtc nvrtc;
    final String nvrtcProblem;

    private static volatile CudaLibraries instance;

    static CudaLibraries load() {
        CudaLibraries libraries = instance;
        if (libraries == null) {
            synchronized (CudaLibraries.class) {
                if (instance == null) instance = new CudaLibraries();
                libraries = instance;
            }
        }
        return libraries;
    }

    private CudaLibraries() {
        SymbolLookup cuda;
        try {
            cuda = SymbolLookup.libraryLookup("libcuda.so.1", LIBRARY_ARENA);
        } catch (IllegalArgumentException e) {
            throw new BackendUnavailableException("no CUDA driver found (libcuda.so.1 is not on the loader's path): install the NVIDIA driver to use the cuda backend");
        }
        cuInit = bind(cuda, "cuInit", JAVA_INT);
        cuDriverGetVersion = bind(cuda, "cuDriverGetVersion", ADDRESS);
        cuDeviceGetCount = bind(cuda, "cuDeviceGetCount", ADDRESS);
        cuDeviceGet = bind(cuda, "cuDeviceGet", ADDRESS, JAVA_INT);
        cuDeviceGetName = bind(cuda, "cuDeviceGetName", ADDRESS, JAVA_INT, JAVA_INT);
        cuDeviceTotalMem = bind(cuda, "cuDeviceTotalMem_v2", ADDRESS, JAVA_INT);
        cuDeviceGetAttribute = bind(cuda, "cuDeviceGetAttribute", ADDRESS, JAVA_INT, JAVA_INT);
        cuDevicePrimaryCtxRetain = bind(cuda, "cuDevicePrimaryCtxRetain", ADDRESS, JAVA_INT);
        cuDevicePrimaryCtxRelease = bind(cuda, "cuDevicePrimaryCtxRelease_v2", JAVA_INT);
        cuCtxSetCurrent = bind(cuda, "cuCtxSetCurrent", ADDRESS);
        cuCtxSynchronize = bind(cuda, "cuCtxSynchronize");
        cuMemAlloc = bind(cuda, "cuMemAlloc_v2", ADDRESS, JAVA_LONG);
        cuMemFree = bind(cuda, "cuMemFree_v2", JAVA_LONG);
        cuMemcpyHtoD = bind(cuda, "cuMemcpyHtoD_v2", JAVA_LONG, ADDRESS, JAVA_LONG);
        cuMemcpyDtoH = bind(cuda, "cuMemcpyDtoH_v2", ADDRESS, JAVA_LONG, JAVA_LONG);
        cuModuleLoadDataEx = bind(cuda, "cuModuleLoadDataEx", ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS);
        cuModuleUnload = bind(cuda, "cuModuleUnload", ADDRESS);
        cuModuleGetFunction = bind(cuda, "cuModuleGetFunction", ADDRESS, ADDRESS, ADDRESS);
        cuLaunchKernel = bind(cuda, "cuLaunchKernel", ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT,
                JAVA_INT, ADDRESS, ADDRESS, ADDRESS);
        cuEventCreate = bind(cuda, "cuEventCreate", ADDRESS, JAVA_INT);
        cuEventRecord = bind(cuda, "cuEventRecord", ADDRESS, ADDRESS);
        cuEventSynchronize = bind(cuda, "cuEventSynchronize", ADDRESS);
        // CUDA 12.8 added _v2 and CUDA 13 dropped the old name: take whichever this driver has.
        cuEventElapsedTime = find(cuda, "cuEventElapsedTime_v2").or(() -> find(cuda, "cuEventElapsedTime"))
                .map(symbol -> LINKER.downcallHandle(symbol, FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS)))
                .orElseThrow(() -> new BackendUnavailableException("the CUDA driver lacks cuEventElapsedTime"));
        cuEventDestroy = bind(cuda, "cuEventDestroy_v2", ADDRESS);
        cuGetErrorName = bind(cuda, "cuGetErrorName", JAVA_INT, ADDRESS);

        Nvrtc loaded = null;
        String problem = null;
        try {
            loaded = new Nvrtc(findNvrtc());
        } catch (BackendUnavailableException e) {
            problem = e.getMessage();
        }
        nvrtc = loaded;
        nvrtcProblem = problem;
    }

    /** NVRTC: CUDA C to PTX at run time. */
    static final class Nvrtc {
        final MethodHandle createProgram, compileProgram, getPtxSize, getPtx, getProgramLogSize, getProgramLog,
                destroyProgram, getErrorString, version;

        Nvrtc(SymbolLookup lib) {
            createProgram = bind(lib, "nvrtcCreateProgram", ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS);
            compileProgram = bind(lib, "nvrtcCompileProgram", ADDRESS, JAVA_INT, ADDRESS);
            getPtxSize = bind(lib, "nvrtcGetPTXSize", ADDRESS, ADDRESS);
            getPtx = bind(lib, "nvrtcGetPTX", ADDRESS, ADDRESS);
            getProgramLogSize = bind(lib, "nvrtcGetProgramLogSize", ADDRESS, ADDRESS);
            getProgramLog = bind(lib, "nvrtcGetProgramLog", ADDRESS, ADDRESS);
            destroyProgram = bind(lib, "nvrtcDestroyProgram", ADDRESS);
            version = bind(lib, "nvrtcVersion", ADDRESS, ADDRESS);
            getErrorString = LINKER.downcallHandle(lib.find("nvrtcGetErrorString").orElseThrow(),
                    FunctionDescriptor.of(ADDRESS.withTargetLayout(MemoryLayout.sequenceLayout(256, JAVA_BYTE)), JAVA_INT));
        }
    }

    private static SymbolLookup findNvrtc() {
        var folders = new ArrayList<Path>();
        String cudaHome = System.getenv("CUDA_HOME");
        if (cudaHome != null) folders.add(Path.of(cudaHome, "lib64"));
        folders.add(Path.of("/usr/local/cuda/lib64"));
        folders.add(Path.of("/usr/local/cuda/targets/x86_64-linux/lib"));
        folders.add(Path.of("/usr/lib/x86_64-linux-gnu"));
        for (Path folder : folders) {
            if (!Files.isDirectory(folder)) continue;
            try (Stream<Path> files = Files.list(folder)) {
                List<Path> candidates = files
                        .filter(p -> p.getFileName().toString().matches("libnvrtc\\.so(\\.\\d+)*"))
                        .sorted().toList();
                for (Path candidate : candidates.reversed()) {
                    try {
                        return SymbolLookup.libraryLookup(candidate, LIBRARY_ARENA);
                    } catch (IllegalArgumentException ignored) {
                        // try the next one
                    }
                }
            } catch (java.io.IOException ignored) {
                // unreadable folder: try the next one
            }
        }
        for (String name : List.of("libnvrtc.so", "libnvrtc.so.13", "libnvrtc.so.12", "libnvrtc.so.11.2")) {
            try {
                return SymbolLookup.libraryLookup(name, LIBRARY_ARENA);
            } catch (IllegalArgumentException ignored) {
                // try the next name
            }
        }
        throw new BackendUnavailableException("NVRTC (libnvrtc.so) was not found in $CUDA_HOME/lib64, /usr/local/cuda/lib64 or the loader's path: install the CUDA toolkit's NVRTC to build kernels");
    }

    private static Optional<MemorySegment> find(SymbolLookup lookup, String name) {
        return lookup.find(name);
    }

    private static MethodHandle bind(SymbolLookup lookup, String name, MemoryLayout... arguments) {
        MemorySegment symbol = lookup.find(name)
                .orElseThrow(() -> new BackendUnavailableException("the CUDA library lacks " + name + ": the driver is too old"));
        return LINKER.downcallHandle(symbol, FunctionDescriptor.of(JAVA_INT, arguments));
    }

    /** Throws {@link CudaException} with the driver's error name when {@code result} is not CUDA_SUCCESS. */
    void check(int result, String call) {
        if (result == 0) return;
        String name = "CUDA_ERROR_" + result;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ADDRESS);
            if ((int) cuGetErrorName.invokeExact(result, out) == 0) {
                name = out.get(ADDRESS, 0).reinterpret(256).getString(0);
            }
        } catch (Throwable ignored) {
            // keep the numeric name
        }
        throw new CudaException(call + " failed: " + name, name, result);
    }

    String nvrtcError(int result) {
        try {
            MemorySegment text = (MemorySegment) nvrtc.getErrorString.invokeExact(result);
            return text.getString(0);
        } catch (Throwable e) {
            return "NVRTC_ERROR_" + result;
        }
    }
}
