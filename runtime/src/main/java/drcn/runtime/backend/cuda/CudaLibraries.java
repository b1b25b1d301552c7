package drcn.runtime.backend.cuda;

import drcn.runtime.backend.BackendException;
import drcn.runtime.backend.BackendUnavailableException;

import java.lang.foreign.*;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static java.lang.foreign.ValueLayout.*;

/**
 * Bindings onto the CUDA driver API (libcuda) and NVRTC (libnvrtc) through java.lang.foreign.
 * Only the calls the backend needs; every one returns a CUresult / nvrtcResult that
 * {@link #check} turns into a named exception.
 *
 * <p>Where they are looked for: libcuda.so.1 at $DRCN_LIBCUDA, through the dynamic loader (the
 * driver installs it there), then in the driver folders containers mount (/usr/local/nvidia/lib64);
 * libnvrtc at $DRCN_NVRTC, in $CUDA_HOME/lib64, /usr/local/cuda/lib64, the loader's path, then in
 * the pip wheels (nvidia-cuda-nvrtc) of a Python environment: GPU images that ship CUDA through
 * PyTorch have NVRTC only there, not in the toolkit folder.
 *
 * <p>Symbol names are the ones cuda.h's #defines resolve to (cuMemAlloc is cuMemAlloc_v2, and so on);
 * CudaSymbolsTest checks them against a real libcuda where one is given.
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
    static final int ATTRIBUTE_MAX_BLOCK_DIM_X = 2;  // Y = 3, Z = 4
    // CUfunction_attribute: the most threads a block of this kernel may have (registers permitting)
    static final int FUNCTION_MAX_THREADS_PER_BLOCK = 0;
    // CUresult values the backend reacts to
    static final int ERROR_NO_DEVICE = 100;
    static final int ERROR_INVALID_PTX = 218;
    static final int ERROR_UNSUPPORTED_PTX_VERSION = 222;
    static final int ERROR_INVALID_IMAGE = 200;
    static final int ERROR_NO_BINARY_FOR_GPU = 209;
    // CUstream_flags: a blocking stream, ordered with the legacy NULL stream that the synchronous copies use
    static final int STREAM_DEFAULT = 0;
    // CUstreamCaptureMode: only this thread's calls are checked for ones that capture cannot hold
    static final int STREAM_CAPTURE_MODE_THREAD_LOCAL = 1;
    // CUjit_option values for cuModuleLoadDataEx
    static final int JIT_INFO_LOG_BUFFER = 3;
    static final int JIT_INFO_LOG_BUFFER_SIZE_BYTES = 4;
    static final int JIT_ERROR_LOG_BUFFER = 5;
    static final int JIT_ERROR_LOG_BUFFER_SIZE_BYTES = 6;

    /**
     * Each driver call by its name in the API and the symbol that cuda.h's #defines make of it
     * (CUDA 13 headers: the _v2 ABIs take size_t / 64-bit pointers; the unversioned
     * cuEventElapsedTime is gone from CUDA 13's libcuda, older drivers have only it, so it is looked up
     * with a fallback). CudaHeaderTest preprocesses the API names with the installed cuda.h and
     * compares.
     */
    static final Map<String, String> DRIVER_SYMBOLS = Map.ofEntries(
            Map.entry("cuInit", "cuInit"),
            Map.entry("cuDriverGetVersion", "cuDriverGetVersion"),
            Map.entry("cuDeviceGetCount", "cuDeviceGetCount"),
            Map.entry("cuDeviceGet", "cuDeviceGet"),
            Map.entry("cuDeviceGetName", "cuDeviceGetName"),
            Map.entry("cuDeviceTotalMem", "cuDeviceTotalMem_v2"),
            Map.entry("cuDeviceGetAttribute", "cuDeviceGetAttribute"),
            Map.entry("cuDevicePrimaryCtxRetain", "cuDevicePrimaryCtxRetain"),
            Map.entry("cuDevicePrimaryCtxRelease", "cuDevicePrimaryCtxRelease_v2"),
            Map.entry("cuCtxSetCurrent", "cuCtxSetCurrent"),
            Map.entry("cuCtxSynchronize", "cuCtxSynchronize"),
            Map.entry("cuMemAlloc", "cuMemAlloc_v2"),
            Map.entry("cuMemFree", "cuMemFree_v2"),
            Map.entry("cuMemcpyHtoD", "cuMemcpyHtoD_v2"),
            Map.entry("cuMemsetD32", "cuMemsetD32_v2"),
            Map.entry("cuMemcpyDtoH", "cuMemcpyDtoH_v2"),
            Map.entry("cuModuleLoadDataEx", "cuModuleLoadDataEx"),
            Map.entry("cuModuleUnload", "cuModuleUnload"),
            Map.entry("cuModuleGetFunction", "cuModuleGetFunction"),
            Map.entry("cuLaunchKernel", "cuLaunchKernel"),
            Map.entry("cuEventCreate", "cuEventCreate"),
            Map.entry("cuEventRecord", "cuEventRecord"),
            Map.entry("cuEventSynchronize", "cuEventSynchronize"),
            Map.entry("cuEventDestroy", "cuEventDestroy_v2"),
            Map.entry("cuGetErrorName", "cuGetErrorName"),
            Map.entry("cuFuncGetAttribute", "cuFuncGetAttribute"),
            Map.entry("cuEventElapsedTime", "cuEventElapsedTime_v2"),
            Map.entry("cuStreamCreate", "cuStreamCreate"),
            Map.entry("cuStreamDestroy", "cuStreamDestroy_v2"),
            Map.entry("cuStreamBeginCapture", "cuStreamBeginCapture_v2"),
            Map.entry("cuStreamEndCapture", "cuStreamEndCapture"),
            Map.entry("cuGraphInstantiate", "cuGraphInstantiateWithFlags"),
            Map.entry("cuGraphLaunch", "cuGraphLaunch"),
            Map.entry("cuGraphExecDestroy", "cuGraphExecDestroy"),
            Map.entry("cuGraphDestroy", "cuGraphDestroy"));

    /** The calls of stream capture (CUDA 11.4 and later): where one is missing, {@link #graphs} is false. */
    static final List<String> GRAPH_CALLS = List.of("cuStreamBeginCapture", "cuStreamEndCapture", "cuGraphInstantiate",
            "cuGraphLaunch", "cuGraphExecDestroy", "cuGraphDestroy");

    final MethodHandle cuInit, cuDriverGetVersion, cuDeviceGetCount, cuDeviceGet, cuDeviceGetName, cuDeviceTotalMem,
            cuDeviceGetAttribute, cuDevicePrimaryCtxRetain, cuDevicePrimaryCtxRelease, cuCtxSetCurrent, cuCtxSynchronize,
            cuMemAlloc, cuMemFree, cuMemcpyHtoD, cuMemsetD32, cuMemcpyDtoH, cuModuleLoadDataEx, cuModuleUnload, cuModuleGetFunction,
            cuLaunchKernel, cuEventCreate, cuEventRecord, cuEventSynchronize, cuEventElapsedTime, cuEventDestroy,
            cuGetErrorName, cuFuncGetAttribute, cuStreamCreate, cuStreamDestroy;
    /** Stream capture into CUDA graphs; null where the driver is older than CUDA 11.4 (then {@link #graphs} is false). */
    final MethodHandle cuStreamBeginCapture, cuStreamEndCapture, cuGraphInstantiate, cuGraphLaunch, cuGraphExecDestroy, cuGraphDestroy;
    /** Whether this driver has every call of {@link #GRAPH_CALLS}. */
    final boolean graphs;
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
        this(findDriver(), null);
    }

    /**
     * Binds every call the backend makes; throws {@link BackendUnavailableException} naming the
     * first missing symbol. {@code nvrtcLibrary} null: looked for as the class comment says.
     */
    CudaLibraries(SymbolLookup cuda, SymbolLookup nvrtcLibrary) {
        cuInit = driver(cuda, "cuInit", JAVA_INT);
        cuDriverGetVersion = driver(cuda, "cuDriverGetVersion", ADDRESS);
        cuDeviceGetCount = driver(cuda, "cuDeviceGetCount", ADDRESS);
        cuDeviceGet = driver(cuda, "cuDeviceGet", ADDRESS, JAVA_INT);
        cuDeviceGetName = driver(cuda, "cuDeviceGetName", ADDRESS, JAVA_INT, JAVA_INT);
        cuDeviceTotalMem = driver(cuda, "cuDeviceTotalMem", ADDRESS, JAVA_INT);
        cuDeviceGetAttribute = driver(cuda, "cuDeviceGetAttribute", ADDRESS, JAVA_INT, JAVA_INT);
        cuDevicePrimaryCtxRetain = driver(cuda, "cuDevicePrimaryCtxRetain", ADDRESS, JAVA_INT);
        cuDevicePrimaryCtxRelease = driver(cuda, "cuDevicePrimaryCtxRelease", JAVA_INT);
        cuCtxSetCurrent = driver(cuda, "cuCtxSetCurrent", ADDRESS);
        cuCtxSynchronize = driver(cuda, "cuCtxSynchronize");
        cuMemAlloc = driver(cuda, "cuMemAlloc", ADDRESS, JAVA_LONG);
        cuMemFree = driver(cuda, "cuMemFree", JAVA_LONG);
        cuMemcpyHtoD = driver(cuda, "cuMemcpyHtoD", JAVA_LONG, ADDRESS, JAVA_LONG);
        cuMemsetD32 = driver(cuda, "cuMemsetD32", JAVA_LONG, JAVA_INT, JAVA_LONG);
        cuMemcpyDtoH = driver(cuda, "cuMemcpyDtoH", ADDRESS, JAVA_LONG, JAVA_LONG);
        cuModuleLoadDataEx = driver(cuda, "cuModuleLoadDataEx", ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS);
        cuModuleUnload = driver(cuda, "cuModuleUnload", ADDRESS);
        cuModuleGetFunction = driver(cuda, "cuModuleGetFunction", ADDRESS, ADDRESS, ADDRESS);
        cuLaunchKernel = driver(cuda, "cuLaunchKernel", ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT,
                JAVA_INT, ADDRESS, ADDRESS, ADDRESS);
        cuEventCreate = driver(cuda, "cuEventCreate", ADDRESS, JAVA_INT);
        cuEventRecord = driver(cuda, "cuEventRecord", ADDRESS, ADDRESS);
        cuEventSynchronize = driver(cuda, "cuEventSynchronize", ADDRESS);
        // CUDA 12.8 added _v2 and CUDA 13 dropped the old name: take whichever this driver has.
        cuEventElapsedTime = find(cuda, DRIVER_SYMBOLS.get("cuEventElapsedTime")).or(() -> find(cuda, "cuEventElapsedTime"))
                .map(symbol -> LINKER.downcallHandle(symbol, FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS)))
                .orElseThrow(() -> new BackendUnavailableException("the CUDA driver lacks cuEventElapsedTime"));
        cuEventDestroy = driver(cuda, "cuEventDestroy", ADDRESS);
        cuGetErrorName = driver(cuda, "cuGetErrorName", JAVA_INT, ADDRESS);
        cuFuncGetAttribute = driver(cuda, "cuFuncGetAttribute", ADDRESS, JAVA_INT, ADDRESS);
        cuStreamCreate = driver(cuda, "cuStreamCreate", ADDRESS, JAVA_INT);
        cuStreamDestroy = driver(cuda, "cuStreamDestroy", ADDRESS);
        boolean all = GRAPH_CALLS.stream().allMatch(api -> find(cuda, DRIVER_SYMBOLS.get(api)).isPresent());
        graphs = all;
        cuStreamBeginCapture = all ? driver(cuda, "cuStreamBeginCapture", ADDRESS, JAVA_INT) : null;
        cuStreamEndCapture = all ? driver(cuda, "cuStreamEndCapture", ADDRESS, ADDRESS) : null;
        cuGraphInstantiate = all ? driver(cuda, "cuGraphInstantiate", ADDRESS, ADDRESS, JAVA_LONG) : null;
        cuGraphLaunch = all ? driver(cuda, "cuGraphLaunch", ADDRESS, ADDRESS) : null;
        cuGraphExecDestroy = all ? driver(cuda, "cuGraphExecDestroy", ADDRESS) : null;
        cuGraphDestroy = all ? driver(cuda, "cuGraphDestroy", ADDRESS) : null;

        Nvrtc loaded = null;
        String problem = null;
        try {
            loaded = new Nvrtc(nvrtcLibrary != null ? nvrtcLibrary : findNvrtc());
        } catch (BackendUnavailableException e) {
            problem = e.getMessage();
        }
        nvrtc = loaded;
        nvrtcProblem = problem;
    }

    /** NVRTC: CUDA C to PTX at run time. */
    static final class Nvrtc {
        final MethodHandle createProgram, compileProgram, getPtxSize, getPtx, getCubinSize, getCubin, getProgramLogSize,
                getProgramLog, destroyProgram, getErrorString, version;

        Nvrtc(SymbolLookup lib) {
            createProgram = bind(lib, "nvrtcCreateProgram", ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS);
            compileProgram = bind(lib, "nvrtcCompileProgram", ADDRESS, JAVA_INT, ADDRESS);
            getPtxSize = bind(lib, "nvrtcGetPTXSize", ADDRESS, ADDRESS);
            getPtx = bind(lib, "nvrtcGetPTX", ADDRESS, ADDRESS);
            // NVRTC 11.1 and later: machine code for a real architecture (see CudaDevice.build).
            getCubinSize = bind(lib, "nvrtcGetCUBINSize", ADDRESS, ADDRESS);
            getCubin = bind(lib, "nvrtcGetCUBIN", ADDRESS, ADDRESS);
            getProgramLogSize = bind(lib, "nvrtcGetProgramLogSize", ADDRESS, ADDRESS);
            getProgramLog = bind(lib, "nvrtcGetProgramLog", ADDRESS, ADDRESS);
            destroyProgram = bind(lib, "nvrtcDestroyProgram", ADDRESS);
            version = bind(lib, "nvrtcVersion", ADDRESS, ADDRESS);
            // const char *nvrtcGetErrorString(nvrtcResult): returns the text, not a status.
            getErrorString = LINKER.downcallHandle(lib.find("nvrtcGetErrorString").orElseThrow(
                            () -> new BackendUnavailableException("NVRTC lacks nvrtcGetErrorString")),
                    FunctionDescriptor.of(ADDRESS.withTargetLayout(MemoryLayout.sequenceLayout(256, JAVA_BYTE)), JAVA_INT));
        }

        /** NVRTC's name for a result, e.g. NVRTC_ERROR_COMPILATION. */
        String error(int result) {
            try {
                MemorySegment text = (MemorySegment) getErrorString.invokeExact(result);
                return text.getString(0);
            } catch (Throwable e) {
                return "NVRTC_ERROR_" + result;
            }
        }

        /** NVRTC's version as "major.minor". */
        String version() {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment major = arena.allocate(JAVA_INT), minor = arena.allocate(JAVA_INT);
                int result = (int) version.invokeExact(major, minor);
                return result == 0 ? major.get(JAVA_INT, 0) + "." + minor.get(JAVA_INT, 0) : "?";
            } catch (Throwable e) {
                return "?";
            }
        }

        /**
         * CUDA C to a module image: a cubin when {@code options} name a real architecture
         * ({@code --gpu-architecture=sm_XY}), else PTX (NUL-terminated, as cuModuleLoadDataEx wants
         * text). A compile error carries NVRTC's log and the numbered source. Needs no GPU.
         */
        byte[] compile(String source, String name, List<String> options) {
            boolean cubin = options.stream().anyMatch(o -> o.startsWith("--gpu-architecture=sm_"));
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment program = arena.allocate(ADDRESS);
                // no headers: the generated C includes nothing (NVRTC has no system headers)
                int result = (int) createProgram.invokeExact(program, arena.allocateFrom(source),
                        arena.allocateFrom(name + ".cu"), 0, MemorySegment.NULL, MemorySegment.NULL);
                if (result != 0) throw new BackendException("nvrtcCreateProgram failed: " + error(result));
                MemorySegment handle = program.get(ADDRESS, 0);
                try {
                    MemorySegment optionArray = arena.allocate(ADDRESS, Math.max(1, options.size()));
                    for (int i = 0; i < options.size(); i++) optionArray.setAtIndex(ADDRESS, i, arena.allocateFrom(options.get(i)));
                    int compiled = (int) compileProgram.invokeExact(handle, options.size(), optionArray);
                    if (compiled != 0) {
                        MemorySegment logSize = arena.allocate(JAVA_LONG);
                        int ignored = (int) getProgramLogSize.invokeExact(handle, logSize);
                        MemorySegment log = arena.allocate(Math.max(1, logSize.get(JAVA_LONG, 0)));
                        ignored = (int) getProgramLog.invokeExact(handle, log);
                        throw new CudaDevice.KernelBuildFailure("NVRTC " + version() + " could not compile " + name + " with "
                                + String.join(" ", options) + " (" + error(compiled) + "):\n" + log.getString(0)
                                + "\n--- generated CUDA C ---\n" + CudaDevice.numbered(source));
                    }
                    MemorySegment size = arena.allocate(JAVA_LONG);
                    int sized = cubin ? (int) getCubinSize.invokeExact(handle, size) : (int) getPtxSize.invokeExact(handle, size);
                    if (sized != 0) throw new BackendException("nvrtcGet" + (cubin ? "CUBIN" : "PTX") + "Size failed: " + error(sized));
                    long bytes = size.get(JAVA_LONG, 0);
                    // PTX's size counts its NUL; keep it, the driver reads the image as a C string.
                    MemorySegment image = arena.allocate(Math.max(1, bytes));
                    int got = cubin ? (int) getCubin.invokeExact(handle, image) : (int) getPtx.invokeExact(handle, image);
                    if (got != 0) throw new BackendException("nvrtcGet" + (cubin ? "CUBIN" : "PTX") + " failed: " + error(got));
                    return image.toArray(JAVA_BYTE);
                } finally {
                    int ignored = (int) destroyProgram.invokeExact(program); // takes nvrtcProgram*
                }
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new BackendException("NVRTC failed: " + e, e);
            }
        }
    }

    /** libcuda.so.1: $DRCN_LIBCUDA, the loader's path, then where containers mount the driver. */
    static SymbolLookup findDriver() {
        String explicit = System.getenv("DRCN_LIBCUDA");
        if (explicit != null && !explicit.isBlank()) {
            try {
                return SymbolLookup.libraryLookup(Path.of(explicit), LIBRARY_ARENA);
            } catch (IllegalArgumentException e) {
                throw new BackendUnavailableException("DRCN_LIBCUDA names " + explicit + ", which could not be loaded");
            }
        }
        try {
            return SymbolLookup.libraryLookup("libcuda.so.1", LIBRARY_ARENA);
        } catch (IllegalArgumentException e) {
            // not on the loader's path: try the usual driver folders below
        }
        for (String candidate : List.of("/usr/local/nvidia/lib64/libcuda.so.1", "/usr/lib/x86_64-linux-gnu/libcuda.so.1",
                "/usr/lib64/libcuda.so.1", "/usr/lib/wsl/lib/libcuda.so.1")) {
            if (!Files.exists(Path.of(candidate))) continue;
            try {
                return SymbolLookup.libraryLookup(Path.of(candidate), LIBRARY_ARENA);
            } catch (IllegalArgumentException ignored) {
                // try the next one
            }
        }
        throw new BackendUnavailableException("no CUDA driver found (libcuda.so.1 is not on the loader's path): install the NVIDIA driver to use the cuda backend");
    }

    static SymbolLookup findNvrtc() {
        String explicit = System.getenv("DRCN_NVRTC");
        if (explicit != null && !explicit.isBlank()) {
            try {
                return loadNvrtc(Path.of(explicit));
            } catch (IllegalArgumentException e) {
                throw new BackendUnavailableException("DRCN_NVRTC names " + explicit + ", which could not be loaded");
            }
        }
        var folders = new ArrayList<Path>();
        String cudaHome = System.getenv("CUDA_HOME");
        if (cudaHome != null) folders.add(Path.of(cudaHome, "lib64"));
        folders.add(Path.of("/usr/local/cuda/lib64"));
        folders.add(Path.of("/usr/local/cuda/targets/x86_64-linux/lib"));
        folders.add(Path.of("/usr/lib/x86_64-linux-gnu"));
        for (Path folder : foldersFromLoaderPath()) folders.add(folder);
        folders.addAll(pythonNvrtcFolders());
        for (Path folder : folders) {
            if (!Files.isDirectory(folder)) continue;
            try (Stream<Path> files = Files.list(folder)) {
                List<Path> candidates = files
                        .filter(p -> p.getFileName().toString().matches("libnvrtc\\.so(\\.\\d+)*"))
                        .sorted().toList();
                for (Path candidate : candidates.reversed()) {
                    try {
                        return loadNvrtc(candidate);
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
        throw new BackendUnavailableException("NVRTC (libnvrtc.so) was not found at $DRCN_NVRTC, in $CUDA_HOME/lib64, /usr/local/cuda/lib64, the loader's path or a Python environment's nvidia-cuda-nvrtc: install the CUDA toolkit's NVRTC (or point DRCN_NVRTC at libnvrtc.so) to build kernels");
    }

    /**
     * Loads libnvrtc from a file. NVRTC dlopens libnvrtc-builtins.so.X.Y by name at its first
     * compile, which fails (NVRTC_ERROR_BUILTIN_OPERATION_FAILURE) when the folder is not on the
     * loader's path, as with pip's wheels or DRCN_NVRTC. Loading the builtins beside it first makes
     * that dlopen find the library already loaded under its soname.
     */
    private static SymbolLookup loadNvrtc(Path library) {
        Path folder = library.toAbsolutePath().getParent();
        if (folder != null) {
            try (Stream<Path> files = Files.list(folder)) {
                List<Path> builtins = files.filter(p -> p.getFileName().toString().startsWith("libnvrtc-builtins.so")).sorted().toList();
                for (Path builtin : builtins.reversed()) {
                    try {
                        SymbolLookup.libraryLookup(builtin, LIBRARY_ARENA);
                    } catch (IllegalArgumentException ignored) {
                        // NVRTC will report what it misses
                    }
                }
            } catch (java.io.IOException ignored) {
                // unreadable folder: NVRTC will report what it misses
            }
        }
        return SymbolLookup.libraryLookup(library, LIBRARY_ARENA);
    }

    private static List<Path> foldersFromLoaderPath() {
        String path = System.getenv("LD_LIBRARY_PATH");
        if (path == null) return List.of();
        return Stream.of(path.split(":")).filter(p -> !p.isBlank()).map(Path::of).toList();
    }

    /**
     * The lib folders of pip's NVRTC wheels: nvidia/cu13/lib (CUDA 13 wheels) and
     * nvidia/cuda_nvrtc/lib (CUDA 12), in the site-packages of the Python environments a GPU image
     * usually has (a venv under /opt, the system's dist-packages). Newest CUDA first.
     */
    private static List<Path> pythonNvrtcFolders() {
        var sitePackages = new ArrayList<Path>();
        for (String root : List.of("/opt", "/usr/local/lib", "/usr/lib", System.getProperty("user.home") + "/.local/lib")) {
            sitePackages.addAll(globSitePackages(Path.of(root)));
        }
        var folders = new ArrayList<Path>();
        for (Path site : sitePackages) {
            for (String sub : List.of("nvidia/cu13/lib", "nvidia/cuda_nvrtc/lib")) {
                Path folder = site.resolve(sub);
                if (Files.isDirectory(folder)) folders.add(folder);
            }
        }
        return folders;
    }

    /** ROOT/python3.X/{site,dist}-packages and ROOT/NAME/[.venv|venv]/lib/python3.X/site-packages. */
    private static List<Path> globSitePackages(Path root) {
        var out = new ArrayList<Path>();
        if (!Files.isDirectory(root)) return out;
        var libFolders = new ArrayList<Path>(List.of(root));
        try (Stream<Path> children = Files.list(root)) {
            children.filter(Files::isDirectory).forEach(child -> {
                for (String venv : List.of(".venv", "venv", "")) libFolders.add(child.resolve(venv).resolve("lib"));
            });
        } catch (java.io.IOException ignored) {
            // unreadable: nothing from here
        }
        for (Path lib : libFolders) {
            if (!Files.isDirectory(lib)) continue;
            try (Stream<Path> pythons = Files.list(lib)) {
                pythons.filter(p -> p.getFileName().toString().startsWith("python3")).sorted().forEach(python -> {
                    for (String kind : List.of("site-packages", "dist-packages")) {
                        if (Files.isDirectory(python.resolve(kind))) out.add(python.resolve(kind));
                    }
                });
            } catch (java.io.IOException ignored) {
                // unreadable: nothing from here
            }
        }
        return out;
    }

    private static Optional<MemorySegment> find(SymbolLookup lookup, String name) {
        return lookup.find(name);
    }

    private static MethodHandle driver(SymbolLookup cuda, String api, MemoryLayout... arguments) {
        String symbol = DRIVER_SYMBOLS.get(api);
        if (symbol == null) throw new IllegalStateException(api + " is missing from DRIVER_SYMBOLS");
        return bind(cuda, symbol, arguments);
    }

    private static MethodHandle bind(SymbolLookup lookup, String name, MemoryLayout... arguments) {
        MemorySegment symbol = lookup.find(name)
                .orElseThrow(() -> new BackendUnavailableException("the CUDA library lacks " + name + ": the driver is too old"));
        return LINKER.downcallHandle(symbol, FunctionDescriptor.of(JAVA_INT, arguments));
    }

    /** Throws {@link CudaException} with the driver's error name when {@code result} is not CUDA_SUCCESS. */
    void check(int result, String call) {
        if (result == 0) return;
        String name = errorName(result);
        throw new CudaException(call + " failed: " + name, name, result);
    }

    String nvrtcError(int result) {
        return nvrtc == null ? "NVRTC_ERROR_" + result : nvrtc.error(result);
    }

    /** The driver's name for a CUresult, e.g. CUDA_ERROR_UNSUPPORTED_PTX_VERSION. */
    String errorName(int result) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ADDRESS);
            if ((int) cuGetErrorName.invokeExact(result, out) == 0 && !out.get(ADDRESS, 0).equals(MemorySegment.NULL)) {
                return out.get(ADDRESS, 0).reinterpret(256).getString(0);
            }
        } catch (Throwable ignored) {
            // keep the numeric name
        }
        return "CUDA_ERROR_" + result;
    }
}
