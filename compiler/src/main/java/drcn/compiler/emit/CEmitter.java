package drcn.compiler.emit;

import drcn.compiler.ir.Function;

import java.util.List;
import java.util.Map;

/** Writes OpenCL C or CUDA C for a kernel and its helpers. (Stub: the emitter helper fills this in.) */
public final class CEmitter {
    private CEmitter() {}

    /**
     * The complete source of one program: every helper (callees first), then the kernel.
     * Int parameters named in {@code constants} are dropped from the kernel's C signature and
     * become {@code #define name value} around the kernel.
     *
     * <p>The kernel's C parameters, which every C backend's launcher relies on: the Java parameters
     * in order, except that the {@code KernelContext} is dropped, a specialized int is dropped, and
     * each {@code FloatArray}/{@code IntArray} becomes two: the pointer, then {@code int <name>_size}
     * (its element count, which {@code getSize()} reads).
     */
    public static String emit(Function kernel, List<Function> helpers, Map<String, Integer> constants, Dialect dialect) {
        throw new UnsupportedOperationException("emitter not written yet");
    }
}
