package drcn.runtime.backend.opencl;

import drcn.compiler.emit.CEmitter;
import drcn.runtime.backend.support.LocalSize;
import drcn.compiler.ir.Function;
import drcn.runtime.backend.CompiledKernel;
import drcn.runtime.jit.KernelRef;

import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Map;

/**
 * A built program and its {@code cl_kernel} on one {@link OpenCLDevice}. Owned by the device,
 * released when the device closes (kernels are few and long-lived: cached per (kernel, constants)).
 */
public final class OpenCLKernel implements CompiledKernel {
    private final KernelRef kernel;
    private final Map<String, Integer> constants;
    private final String source;
    private final String name;
    private final List<Function.Parameter> parameters;
    private final long workGroupSize;
    /** Whether the kernel holds {@code Vector16} values (IR-built kernels only). */
    private final boolean holdsVectors;
    private final boolean usesSimd;
    final OpenCLDevice device;
    final MemorySegment program;
    final MemorySegment handle;
    /** A hand-written kernel with TornadoVM's calling convention ({@link OpenCLDevice#buildPrebuilt}). */
    final boolean prebuilt;

    OpenCLKernel(KernelRef kernel, Map<String, Integer> constants, String source, String name,
                 List<Function.Parameter> parameters, long workGroupSize,
                 OpenCLDevice device, MemorySegment program, MemorySegment handle) {
        this(kernel, constants, source, name, parameters, workGroupSize, device, program, handle, false);
    }

    OpenCLKernel(KernelRef kernel, Map<String, Integer> constants, String source, String name,
                 List<Function.Parameter> parameters, long workGroupSize,
                 OpenCLDevice device, MemorySegment program, MemorySegment handle, boolean prebuilt) {
        this.prebuilt = prebuilt;
        this.kernel = kernel;
        this.constants = Map.copyOf(constants);
        this.source = source;
        this.name = name;
        this.parameters = List.copyOf(parameters);
        this.workGroupSize = workGroupSize;
        this.holdsVectors = kernel != null && CEmitter.usesVectors(kernel.function(), kernel.helpers());
        this.usesSimd = LocalSize.usesSimd(kernel);
        this.device = device;
        this.program = program;
        this.handle = handle;
    }

    /** The same kernel behind another cl_kernel of the same program (a recorded launch's own argument state). */
    OpenCLKernel withHandle(MemorySegment otherHandle) {
        return new OpenCLKernel(kernel, constants, source, name, parameters, workGroupSize, device, program, otherHandle, prebuilt);
    }

    /** The Java kernel, or null for a kernel built with {@link OpenCLDevice#buildFromSource}. */
    @Override
    public KernelRef kernel() { return kernel; }

    /** The int parameters bound to constants (left out of the C signature, still passed to launch). */
    @Override
    public Map<String, Integer> constants() { return constants; }

    /** Whether the kernel holds {@code Vector16} values: on CPU devices it then runs one work-item per group by default. */
    boolean holdsVectors() { return holdsVectors; }

    /** Whether the kernel calls a SIMD-group function ({@link LocalSize#checkSimd} at each launch). */
    boolean usesSimd() { return usesSimd; }

    /** The OpenCL C source. */
    @Override
    public String source() { return source; }

    /** The C kernel function's name. */
    public String name() { return name; }

    /** The Java parameters without the KernelContext: what launch() expects, in order. */
    public List<Function.Parameter> parameters() { return parameters; }

    /** CL_KERNEL_WORK_GROUP_SIZE: the largest work-group this kernel allows on its device. */
    public long workGroupSize() { return workGroupSize; }

    /** For messages: the Java name when there is one. */
    public String displayName() {
        return kernel != null ? kernel.displayName() : name;
    }

    @Override
    public String toString() {
        return "OpenCLKernel[" + displayName() + (constants.isEmpty() ? "" : " " + constants) + " on " + device.info().id() + "]";
    }
}
