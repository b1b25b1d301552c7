package drcn.runtime.backend.opencl;

import drcn.runtime.backend.BackendUnavailableException;

import java.lang.foreign.*;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static java.lang.foreign.ValueLayout.*;

/**
 * The OpenCL C API, reached through java.lang.foreign: one downcall handle per function we use,
 * a thin Java method per handle (so callers see ordinary signatures, not MethodHandles), the
 * constants we need, and {@link #check} which turns an error code into an {@link OpenCLException}
 * with the code's symbolic name.
 *
 * <p>Type mapping (64-bit Linux/macOS/Windows only, checked at load): {@code cl_int}/{@code cl_uint}
 * and {@code cl_bool} = JAVA_INT; {@code cl_ulong} and the bitfields ({@code cl_device_type},
 * {@code cl_mem_flags}, {@code cl_command_queue_properties}) = JAVA_LONG; {@code size_t} = JAVA_LONG;
 * every handle and pointer = ADDRESS.
 *
 * <p>The library is loaded once per process into the global arena: it is never unloaded, because
 * drivers (PoCL included) keep threads running that would crash on unload.
 */
public final class OpenCL {

    // ---- constants (values from the Khronos CL/cl.h) ----
    public static final int CL_SUCCESS = 0;
    public static final int CL_TRUE = 1;
    public static final int CL_PLATFORM_NOT_FOUND_KHR = -1001;

    public static final int CL_PLATFORM_VERSION = 0x0901;
    public static final int CL_PLATFORM_NAME = 0x0902;
    public static final int CL_PLATFORM_VENDOR = 0x0903;

    public static final long CL_DEVICE_TYPE_ALL = 0xFFFFFFFFL;
    public static final int CL_DEVICE_TYPE = 0x1000;
    public static final long CL_DEVICE_TYPE_CPU = 1L << 1;
    public static final int CL_DEVICE_MAX_COMPUTE_UNITS = 0x1002;
    public static final int CL_DEVICE_MAX_WORK_ITEM_DIMENSIONS = 0x1003;
    public static final int CL_DEVICE_MAX_WORK_GROUP_SIZE = 0x1004;
    public static final int CL_DEVICE_MAX_WORK_ITEM_SIZES = 0x1005;
    public static final int CL_DEVICE_MAX_MEM_ALLOC_SIZE = 0x1010;
    /** cl_uint: the alignment, in BITS, that a sub-buffer's origin must have (CL_MISALIGNED_SUB_BUFFER_OFFSET otherwise). */
    public static final int CL_DEVICE_MEM_BASE_ADDR_ALIGN = 0x1019;
    public static final int CL_DEVICE_GLOBAL_MEM_SIZE = 0x101F;
    public static final int CL_DEVICE_LOCAL_MEM_SIZE = 0x1023;
    public static final int CL_DEVICE_NAME = 0x102B;
    /** cl_device_fp_config of double: 0 when the device has no fp64. */
    public static final int CL_DEVICE_DOUBLE_FP_CONFIG = 0x1032;
    public static final int CL_DEVICE_VENDOR = 0x102C;
    public static final int CL_DRIVER_VERSION = 0x102D;
    public static final int CL_DEVICE_VERSION = 0x102F;

    public static final long CL_QUEUE_PROFILING_ENABLE = 1L << 1;
    public static final long CL_MEM_READ_WRITE = 1L;
    /** clCreateSubBuffer's one create type: a {@code cl_buffer_region {size_t origin; size_t size;}}. */
    public static final int CL_BUFFER_CREATE_TYPE_REGION = 0x1220;

    public static final int CL_PROGRAM_BINARY_SIZES = 0x1165;
    public static final int CL_PROGRAM_BINARIES = 0x1166;
    public static final int CL_PROGRAM_BUILD_LOG = 0x1183;
    public static final int CL_KERNEL_WORK_GROUP_SIZE = 0x11B0;
    public static final int CL_PROFILING_COMMAND_START = 0x1282;
    public static final int CL_PROFILING_COMMAND_END = 0x1283;

    /** Every standard error code (OpenCL 1.0 to 3.0) and the KHR ICD loader's, by value. */
    private static final Map<Integer, String> ERROR_NAMES = new HashMap<>();

    static {
        String[] names = {
                "CL_SUCCESS", "CL_DEVICE_NOT_FOUND", "CL_DEVICE_NOT_AVAILABLE", "CL_COMPILER_NOT_AVAILABLE",
                "CL_MEM_OBJECT_ALLOCATION_FAILURE", "CL_OUT_OF_RESOURCES", "CL_OUT_OF_HOST_MEMORY",
                "CL_PROFILING_INFO_NOT_AVAILABLE", "CL_MEM_COPY_OVERLAP", "CL_IMAGE_FORMAT_MISMATCH",
                "CL_IMAGE_FORMAT_NOT_SUPPORTED", "CL_BUILD_PROGRAM_FAILURE", "CL_MAP_FAILURE",
                "CL_MISALIGNED_SUB_BUFFER_OFFSET", "CL_EXEC_STATUS_ERROR_FOR_EVENTS_IN_WAIT_LIST",
                "CL_COMPILE_PROGRAM_FAILURE", "CL_LINKER_NOT_AVAILABLE", "CL_LINK_PROGRAM_FAILURE",
                "CL_DEVICE_PARTITION_FAILED", "CL_KERNEL_ARG_INFO_NOT_AVAILABLE"};
        for (int i = 0; i < names.length; i++) ERROR_NAMES.put(-i, names[i]);
        String[] invalid = {
                "CL_INVALID_VALUE", "CL_INVALID_DEVICE_TYPE", "CL_INVALID_PLATFORM", "CL_INVALID_DEVICE",
                "CL_INVALID_CONTEXT", "CL_INVALID_QUEUE_PROPERTIES", "CL_INVALID_COMMAND_QUEUE",
                "CL_INVALID_HOST_PTR", "CL_INVALID_MEM_OBJECT", "CL_INVALID_IMAGE_FORMAT_DESCRIPTOR",
                "CL_INVALID_IMAGE_SIZE", "CL_INVALID_SAMPLER", "CL_INVALID_BINARY", "CL_INVALID_BUILD_OPTIONS",
                "CL_INVALID_PROGRAM", "CL_INVALID_PROGRAM_EXECUTABLE", "CL_INVALID_KERNEL_NAME",
                "CL_INVALID_KERNEL_DEFINITION", "CL_INVALID_KERNEL", "CL_INVALID_ARG_INDEX",
                "CL_INVALID_ARG_VALUE", "CL_INVALID_ARG_SIZE", "CL_INVALID_KERNEL_ARGS",
                "CL_INVALID_WORK_DIMENSION", "CL_INVALID_WORK_GROUP_SIZE", "CL_INVALID_WORK_ITEM_SIZE",
                "CL_INVALID_GLOBAL_OFFSET", "CL_INVALID_EVENT_WAIT_LIST", "CL_INVALID_EVENT",
                "CL_INVALID_OPERATION", "CL_INVALID_GL_OBJECT", "CL_INVALID_BUFFER_SIZE", "CL_INVALID_MIP_LEVEL",
                "CL_INVALID_GLOBAL_WORK_SIZE", "CL_INVALID_PROPERTY", "CL_INVALID_IMAGE_DESCRIPTOR",
                "CL_INVALID_COMPILER_OPTIONS", "CL_INVALID_LINKER_OPTIONS", "CL_INVALID_DEVICE_PARTITION_COUNT",
                "CL_INVALID_PIPE_SIZE", "CL_INVALID_DEVICE_QUEUE", "CL_INVALID_SPEC_ID",
                "CL_MAX_SIZE_RESTRICTION_EXCEEDED"};
        for (int i = 0; i < invalid.length; i++) ERROR_NAMES.put(-30 - i, invalid[i]);
        ERROR_NAMES.put(-1000, "CL_INVALID_GL_SHAREGROUP_REFERENCE_KHR");
        ERROR_NAMES.put(CL_PLATFORM_NOT_FOUND_KHR, "CL_PLATFORM_NOT_FOUND_KHR");
    }

    /** The symbolic name of an error code, or {@code CL_UNKNOWN_ERROR(<code>)} for vendor codes. */
    public static String errorName(int code) {
        return ERROR_NAMES.getOrDefault(code, "CL_UNKNOWN_ERROR(" + code + ")");
    }

    /** Throws an {@link OpenCLException} naming {@code call} and the error unless {@code err} is CL_SUCCESS. */
    public static void check(int err, String call) {
        if (err != CL_SUCCESS) throw new OpenCLException(err, call + " failed: " + errorName(err) + " (" + err + ")");
    }

    // ---- loading ----

    private static final String DRIVER_HINT = "a driver such as pocl-opencl-icd (CPU) or your GPU vendor's OpenCL driver";
    private static final String INSTALL_HINT = "install ocl-icd-libopencl1 and " + DRIVER_HINT;
    /** The ICD loader's soname (Debian's ocl-icd-libopencl1), then the unversioned names some systems ship. */
    static final List<String> LIBRARY_NAMES = List.of("libOpenCL.so.1", "libOpenCL.so", "OpenCL");

    private static volatile OpenCL instance;
    private static volatile BackendUnavailableException loadFailure;

    /** The loaded library; throws {@link BackendUnavailableException} (every time) when there is none. */
    public static OpenCL get() {
        OpenCL lib = instance;
        if (lib != null) return lib;
        synchronized (OpenCL.class) {
            if (instance == null && loadFailure == null) {
                try {
                    instance = new OpenCL(lookup(LIBRARY_NAMES));
                } catch (BackendUnavailableException e) {
                    loadFailure = e;
                }
            }
            if (loadFailure != null) throw loadFailure;
            return instance;
        }
    }

    /** The first of {@code names} the dynamic linker finds, else the one-sentence "install ..." exception. */
    static SymbolLookup lookup(List<String> names) {
        if (ADDRESS.byteSize() != 8) {
            throw new BackendUnavailableException("the OpenCL backend needs a 64-bit JVM");
        }
        for (String name : names) {
            try {
                return SymbolLookup.libraryLookup(name, Arena.global());
            } catch (IllegalArgumentException notFound) {
                // try the next name
            }
        }
        throw new BackendUnavailableException("no OpenCL library (libOpenCL.so.1) found: " + INSTALL_HINT + ".");
    }

    /** One sentence for "the loader is there but no driver is". */
    static BackendUnavailableException noPlatform() {
        return new BackendUnavailableException("OpenCL reports no platform or device: install " + DRIVER_HINT + ".");
    }

    // ---- handles ----

    private final MethodHandle clGetPlatformIDs, clGetPlatformInfo, clGetDeviceIDs, clGetDeviceInfo,
            clCreateContext, clReleaseContext, clCreateCommandQueue, clReleaseCommandQueue,
            clCreateBuffer, clReleaseMemObject, clEnqueueWriteBuffer, clEnqueueReadBuffer,
            clCreateProgramWithSource, clCreateProgramWithBinary, clBuildProgram, clGetProgramBuildInfo,
            clGetProgramInfo, clReleaseProgram, clCreateKernel, clReleaseKernel, clSetKernelArg,
            clGetKernelWorkGroupInfo, clEnqueueNDRangeKernel, clFlush, clFinish, clWaitForEvents,
            clGetEventProfilingInfo, clReleaseEvent;
    /** OpenCL 1.1; null where the library lacks it (a 1.0 loader): then {@link #hasSubBuffers()} is false. */
    private final MethodHandle clCreateSubBuffer;
    /** OpenCL 1.2; null where the library lacks it: then {@link #hasFillBuffer()} is false. */
    private final MethodHandle clEnqueueFillBuffer;

    private OpenCL(SymbolLookup lib) {
        var P = ADDRESS;
        clGetPlatformIDs = bind(lib, "clGetPlatformIDs", JAVA_INT, JAVA_INT, P, P);
        clGetPlatformInfo = bind(lib, "clGetPlatformInfo", JAVA_INT, P, JAVA_INT, JAVA_LONG, P, P);
        clGetDeviceIDs = bind(lib, "clGetDeviceIDs", JAVA_INT, P, JAVA_LONG, JAVA_INT, P, P);
        clGetDeviceInfo = bind(lib, "clGetDeviceInfo", JAVA_INT, P, JAVA_INT, JAVA_LONG, P, P);
        clCreateContext = bind(lib, "clCreateContext", P, P, JAVA_INT, P, P, P, P);
        clReleaseContext = bind(lib, "clReleaseContext", JAVA_INT, P);
        // clCreateCommandQueue is deprecated in 2.0 but exported by every loader and driver, and it is
        // the one call that also works on OpenCL 1.x drivers.
        clCreateCommandQueue = bind(lib, "clCreateCommandQueue", P, P, P, JAVA_LONG, P);
        clReleaseCommandQueue = bind(lib, "clReleaseCommandQueue", JAVA_INT, P);
        clCreateBuffer = bind(lib, "clCreateBuffer", P, P, JAVA_LONG, JAVA_LONG, P, P);
        clReleaseMemObject = bind(lib, "clReleaseMemObject", JAVA_INT, P);
        clCreateSubBuffer = lib.find("clCreateSubBuffer")
                .map(symbol -> Linker.nativeLinker().downcallHandle(symbol, FunctionDescriptor.of(P, P, JAVA_LONG, JAVA_INT, P, P)))
                .orElse(null);
        clEnqueueFillBuffer = lib.find("clEnqueueFillBuffer")
                .map(symbol -> Linker.nativeLinker().downcallHandle(symbol,
                        FunctionDescriptor.of(JAVA_INT, P, P, P, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_INT, P, P)))
                .orElse(null);
        clEnqueueWriteBuffer = bind(lib, "clEnqueueWriteBuffer", JAVA_INT, P, P, JAVA_INT, JAVA_LONG, JAVA_LONG, P, JAVA_INT, P, P);
        clEnqueueReadBuffer = bind(lib, "clEnqueueReadBuffer", JAVA_INT, P, P, JAVA_INT, JAVA_LONG, JAVA_LONG, P, JAVA_INT, P, P);
        clCreateProgramWithSource = bind(lib, "clCreateProgramWithSource", P, P, JAVA_INT, P, P, P);
        clCreateProgramWithBinary = bind(lib, "clCreateProgramWithBinary", P, P, JAVA_INT, P, P, P, P, P);
        clBuildProgram = bind(lib, "clBuildProgram", JAVA_INT, P, JAVA_INT, P, P, P, P);
        clGetProgramBuildInfo = bind(lib, "clGetProgramBuildInfo", JAVA_INT, P, P, JAVA_INT, JAVA_LONG, P, P);
        clGetProgramInfo = bind(lib, "clGetProgramInfo", JAVA_INT, P, JAVA_INT, JAVA_LONG, P, P);
        clReleaseProgram = bind(lib, "clReleaseProgram", JAVA_INT, P);
        clCreateKernel = bind(lib, "clCreateKernel", P, P, P, P);
        clReleaseKernel = bind(lib, "clReleaseKernel", JAVA_INT, P);
        clSetKernelArg = bind(lib, "clSetKernelArg", JAVA_INT, P, JAVA_INT, JAVA_LONG, P);
        clGetKernelWorkGroupInfo = bind(lib, "clGetKernelWorkGroupInfo", JAVA_INT, P, P, JAVA_INT, JAVA_LONG, P, P);
        clEnqueueNDRangeKernel = bind(lib, "clEnqueueNDRangeKernel", JAVA_INT, P, P, JAVA_INT, P, P, P, JAVA_INT, P, P);
        clFlush = bind(lib, "clFlush", JAVA_INT, P);
        clFinish = bind(lib, "clFinish", JAVA_INT, P);
        clWaitForEvents = bind(lib, "clWaitForEvents", JAVA_INT, JAVA_INT, P);
        clGetEventProfilingInfo = bind(lib, "clGetEventProfilingInfo", JAVA_INT, P, JAVA_INT, JAVA_LONG, P, P);
        clReleaseEvent = bind(lib, "clReleaseEvent", JAVA_INT, P);
    }

    private static MethodHandle bind(SymbolLookup lib, String name, MemoryLayout result, MemoryLayout... args) {
        MemorySegment symbol = lib.find(name).orElseThrow(() -> new BackendUnavailableException(
                "the OpenCL library lacks " + name + ": " + INSTALL_HINT + "."));
        return Linker.nativeLinker().downcallHandle(symbol, FunctionDescriptor.of(result, args));
    }

    /** MethodHandle.invokeExact declares Throwable; a native call only throws unchecked errors. */
    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) return r;
        if (t instanceof Error e) throw e;
        return new IllegalStateException(t);
    }

    // ---- the calls (same names and argument order as the C API) ----

    public int clGetPlatformIDs(int numEntries, MemorySegment platforms, MemorySegment numPlatforms) {
        try { return (int) clGetPlatformIDs.invokeExact(numEntries, platforms, numPlatforms); } catch (Throwable t) { throw rethrow(t); }
    }

    public int clGetPlatformInfo(MemorySegment platform, int param, long size, MemorySegment value, MemorySegment sizeRet) {
        try { return (int) clGetPlatformInfo.invokeExact(platform, param, size, value, sizeRet); } catch (Throwable t) { throw rethrow(t); }
    }

    public int clGetDeviceIDs(MemorySegment platform, long type, int numEntries, MemorySegment devices, MemorySegment numDevices) {
        try { return (int) clGetDeviceIDs.invokeExact(platform, type, numEntries, devices, numDevices); } catch (Throwable t) { throw rethrow(t); }
    }

    public int clGetDeviceInfo(MemorySegment device, int param, long size, MemorySegment value, MemorySegment sizeRet) {
        try { return (int) clGetDeviceInfo.invokeExact(device, param, size, value, sizeRet); } catch (Throwable t) { throw rethrow(t); }
    }

    public MemorySegment clCreateContext(MemorySegment properties, int numDevices, MemorySegment devices,
                                         MemorySegment callback, MemorySegment userData, MemorySegment errcode) {
        try { return (MemorySegment) clCreateContext.invokeExact(properties, numDevices, devices, callback, userData, errcode); } catch (Throwable t) { throw rethrow(t); }
    }

    public int clReleaseContext(MemorySegment context) {
        try { return (int) clReleaseContext.invokeExact(context); } catch (Throwable t) { throw rethrow(t); }
    }

    public MemorySegment clCreateCommandQueue(MemorySegment context, MemorySegment device, long properties, MemorySegment errcode) {
        try { return (MemorySegment) clCreateCommandQueue.invokeExact(context, device, properties, errcode); } catch (Throwable t) { throw rethrow(t); }
    }

    public int clReleaseCommandQueue(MemorySegment queue) {
        try { return (int) clReleaseCommandQueue.invokeExact(queue); } catch (Throwable t) { throw rethrow(t); }
    }

    public MemorySegment clCreateBuffer(MemorySegment context, long flags, long size, MemorySegment hostPtr, MemorySegment errcode) {
        try { return (MemorySegment) clCreateBuffer.invokeExact(context, flags, size, hostPtr, errcode); } catch (Throwable t) { throw rethrow(t); }
    }

    /** Whether the library has clCreateSubBuffer (OpenCL 1.1 and later). */
    public boolean hasFillBuffer() {
        return clEnqueueFillBuffer != null;
    }

    public int clEnqueueFillBuffer(MemorySegment queue, MemorySegment buffer, MemorySegment pattern, long patternSize, long offset,
                                   long size, int numEvents, MemorySegment waitList, MemorySegment event) {
        if (clEnqueueFillBuffer == null) throw new UnsupportedOperationException("the OpenCL library lacks clEnqueueFillBuffer (OpenCL 1.2)");
        try { return (int) clEnqueueFillBuffer.invokeExact(queue, buffer, pattern, patternSize, offset, size, numEvents, waitList, event); } catch (Throwable t) { throw rethrow(t); }
    }

    public boolean hasSubBuffers() {
        return clCreateSubBuffer != null;
    }

    public MemorySegment clCreateSubBuffer(MemorySegment buffer, long flags, int createType, MemorySegment createInfo, MemorySegment errcode) {
        if (clCreateSubBuffer == null) throw new UnsupportedOperationException("the OpenCL library lacks clCreateSubBuffer (OpenCL 1.1)");
        try { return (MemorySegment) clCreateSubBuffer.invokeExact(buffer, flags, createType, createInfo, errcode); } catch (Throwable t) { throw rethrow(t); }
    }

    public int clReleaseMemObject(MemorySegment mem) {
        try { return (int) clReleaseMemObject.invokeExact(mem); } catch (Throwable t) { throw rethrow(t); }
    }

    public int clEnqueueWriteBuffer(MemorySegment queue, MemorySegment buffer, int blocking, long offset, long size,
                                    MemorySegment ptr, int numEvents, MemorySegment waitList, MemorySegment event) {
        try { return (int) clEnqueueWriteBuffer.invokeExact(queue, buffer, blocking, offset, size, ptr, numEvents, waitList, event); } catch (Throwable t) { throw rethrow(t); }
    }

    public int clEnqueueReadBuffer(MemorySegment queue, MemorySegment buffer, int blocking, long offset, long size,
                                   MemorySegment ptr, int numEvents, MemorySegment waitList, MemorySegment event) {
        try { return (int) clEnqueueReadBuffer.invokeExact(queue, buffer, blocking, offset, size, ptr, numEvents, waitList, event); } catch (Throwable t) { throw rethrow(t); }
    }

    public MemorySegment clCreateProgramWithSource(MemorySegment context, int count, MemorySegment strings,
                                                   MemorySegment lengths, MemorySegment errcode) {
        try { return (MemorySegment) clCreateProgramWithSource.invokeExact(context, count, strings, lengths, errcode); } catch (Throwable t) { throw rethrow(t); }
    }

    public MemorySegment clCreateProgramWithBinary(MemorySegment context, int numDevices, MemorySegment devices, MemorySegment lengths,
                                                   MemorySegment binaries, MemorySegment binaryStatus, MemorySegment errcode) {
        try { return (MemorySegment) clCreateProgramWithBinary.invokeExact(context, numDevices, devices, lengths, binaries, binaryStatus, errcode); } catch (Throwable t) { throw rethrow(t); }
    }

    public int clBuildProgram(MemorySegment program, int numDevices, MemorySegment devices, MemorySegment options,
                              MemorySegment callback, MemorySegment userData) {
        try { return (int) clBuildProgram.invokeExact(program, numDevices, devices, options, callback, userData); } catch (Throwable t) { throw rethrow(t); }
    }

    public int clGetProgramBuildInfo(MemorySegment program, MemorySegment device, int param, long size, MemorySegment value, MemorySegment sizeRet) {
        try { return (int) clGetProgramBuildInfo.invokeExact(program, device, param, size, value, sizeRet); } catch (Throwable t) { throw rethrow(t); }
    }

    public int clGetProgramInfo(MemorySegment program, int param, long size, MemorySegment value, MemorySegment sizeRet) {
        try { return (int) clGetProgramInfo.invokeExact(program, param, size, value, sizeRet); } catch (Throwable t) { throw rethrow(t); }
    }

    public int clReleaseProgram(MemorySegment program) {
        try { return (int) clReleaseProgram.invokeExact(program); } catch (Throwable t) { throw rethrow(t); }
    }

    public MemorySegment clCreateKernel(MemorySegment program, MemorySegment name, MemorySegment errcode) {
        try { return (MemorySegment) clCreateKernel.invokeExact(program, name, errcode); } catch (Throwable t) { throw rethrow(t); }
    }

    public int clReleaseKernel(MemorySegment kernel) {
        try { return (int) clReleaseKernel.invokeExact(kernel); } catch (Throwable t) { throw rethrow(t); }
    }

    public int clSetKernelArg(MemorySegment kernel, int index, long size, MemorySegment value) {
        try { return (int) clSetKernelArg.invokeExact(kernel, index, size, value); } catch (Throwable t) { throw rethrow(t); }
    }

    public int clGetKernelWorkGroupInfo(MemorySegment kernel, MemorySegment device, int param, long size, MemorySegment value, MemorySegment sizeRet) {
        try { return (int) clGetKernelWorkGroupInfo.invokeExact(kernel, device, param, size, value, sizeRet); } catch (Throwable t) { throw rethrow(t); }
    }

    public int clEnqueueNDRangeKernel(MemorySegment queue, MemorySegment kernel, int workDim, MemorySegment globalOffset,
                                      MemorySegment globalSize, MemorySegment localSize, int numEvents,
                                      MemorySegment waitList, MemorySegment event) {
        try { return (int) clEnqueueNDRangeKernel.invokeExact(queue, kernel, workDim, globalOffset, globalSize, localSize, numEvents, waitList, event); } catch (Throwable t) { throw rethrow(t); }
    }

    public int clFlush(MemorySegment queue) {
        try { return (int) clFlush.invokeExact(queue); } catch (Throwable t) { throw rethrow(t); }
    }

    public int clFinish(MemorySegment queue) {
        try { return (int) clFinish.invokeExact(queue); } catch (Throwable t) { throw rethrow(t); }
    }

    public int clWaitForEvents(int numEvents, MemorySegment events) {
        try { return (int) clWaitForEvents.invokeExact(numEvents, events); } catch (Throwable t) { throw rethrow(t); }
    }

    public int clGetEventProfilingInfo(MemorySegment event, int param, long size, MemorySegment value, MemorySegment sizeRet) {
        try { return (int) clGetEventProfilingInfo.invokeExact(event, param, size, value, sizeRet); } catch (Throwable t) { throw rethrow(t); }
    }

    public int clReleaseEvent(MemorySegment event) {
        try { return (int) clReleaseEvent.invokeExact(event); } catch (Throwable t) { throw rethrow(t); }
    }

    // ---- info queries (size first, then value: the two-call pattern of every clGet*Info) ----

    public String platformString(MemorySegment platform, int param) {
        return infoString("clGetPlatformInfo", (size, value, sizeOut) -> clGetPlatformInfo(platform, param, size, value, sizeOut));
    }

    public String deviceString(MemorySegment device, int param) {
        return infoString("clGetDeviceInfo", (size, value, sizeOut) -> clGetDeviceInfo(device, param, size, value, sizeOut));
    }

    /** One clGet*Info call with its object and parameter bound: (value size, value, size out) -> error code. */
    private interface InfoQuery {
        int get(long size, MemorySegment value, MemorySegment sizeOut);
    }

    private String infoString(String function, InfoQuery query) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment size = arena.allocate(JAVA_LONG);
            check(query.get(0, MemorySegment.NULL, size), function);
            MemorySegment value = arena.allocate(Math.max(1, size.get(JAVA_LONG, 0)));
            check(query.get(value.byteSize(), value, MemorySegment.NULL), function);
            return cString(value);
        }
    }

    /** A cl_uint device property. */
    public int deviceInt(MemorySegment device, int param) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment value = arena.allocate(JAVA_INT);
            check(clGetDeviceInfo(device, param, JAVA_INT.byteSize(), value, MemorySegment.NULL), "clGetDeviceInfo");
            return value.get(JAVA_INT, 0);
        }
    }

    /** A cl_ulong or size_t device property (both 8 bytes here). */
    public long deviceLong(MemorySegment device, int param) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment value = arena.allocate(JAVA_LONG);
            check(clGetDeviceInfo(device, param, JAVA_LONG.byteSize(), value, MemorySegment.NULL), "clGetDeviceInfo");
            return value.get(JAVA_LONG, 0);
        }
    }

    /** A size_t[] device property such as CL_DEVICE_MAX_WORK_ITEM_SIZES. */
    public long[] deviceLongs(MemorySegment device, int param) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment size = arena.allocate(JAVA_LONG);
            check(clGetDeviceInfo(device, param, 0, MemorySegment.NULL, size), "clGetDeviceInfo");
            MemorySegment value = arena.allocate(Math.max(8, size.get(JAVA_LONG, 0)));
            check(clGetDeviceInfo(device, param, value.byteSize(), value, MemorySegment.NULL), "clGetDeviceInfo");
            return value.toArray(JAVA_LONG);
        }
    }

    /** The build log of a program for a device ("" when the driver keeps none). */
    public String buildLog(MemorySegment program, MemorySegment device) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment size = arena.allocate(JAVA_LONG);
            if (clGetProgramBuildInfo(program, device, CL_PROGRAM_BUILD_LOG, 0, MemorySegment.NULL, size) != CL_SUCCESS) return "";
            MemorySegment value = arena.allocate(Math.max(1, size.get(JAVA_LONG, 0)));
            if (clGetProgramBuildInfo(program, device, CL_PROGRAM_BUILD_LOG, value.byteSize(), value, MemorySegment.NULL) != CL_SUCCESS) return "";
            return cString(value).strip();
        }
    }

    /** A NUL-terminated (or full-length) string in a segment. */
    static String cString(MemorySegment segment) {
        long n = 0;
        while (n < segment.byteSize() && segment.get(JAVA_BYTE, n) != 0) n++;
        return new String(segment.asSlice(0, n).toArray(JAVA_BYTE), StandardCharsets.UTF_8).strip();
    }
}
