package drcn.runtime.backend.jvm;

import drcn.runtime.backend.CompiledKernel;
import drcn.runtime.jit.KernelRef;

import java.lang.invoke.MethodHandle;
import java.util.List;
import java.util.Map;

/**
 * A kernel ready to run on the JVM: the Java method itself behind a MethodHandle that takes one
 * {@code Object[]} (the arguments, with the context, if any, at its parameter's position).
 *
 * @param invoker         {@code (Object[]) void}, spreading the array over the method's parameters
 * @param unbound         for an instance kernel that reads fields of its receiver, the method taking the receiver
 *                        first (each launch binds a receiver whose fields are the launch's buffers); else null
 * @param contextIndex    the position of the method's KernelContext parameter (TornadoVM allows any), or -1
 * @param parameters      the launch parameters (the method's, without the context), in order
 * @param constantIndices for each constant, the index of its parameter in {@code parameters}
 * @param usesBarriers    the kernel calls localBarrier(): work-items need threads of their own
 */
record JvmCompiledKernel(KernelRef kernel, Map<String, Integer> constants, MethodHandle invoker, MethodHandle unbound, int contextIndex,
                         List<Parameter> parameters, Map<String, Integer> constantIndices, boolean usesBarriers)
        implements CompiledKernel {

    /** A launch parameter: its name and Java type (a TornadoVM array class, a matrix or vector collection, a vector value, a primitive array, or a primitive). */
    record Parameter(String name, Class<?> type) {}

    @Override
    public String source() { return null; }

    boolean hasContext() { return contextIndex >= 0; }
}
