package drcn.runtime.backend;

import drcn.runtime.jit.KernelRef;

import java.util.Map;

/** A kernel ready to launch on one device. */
public interface CompiledKernel {
    KernelRef kernel();

    Map<String, Integer> constants();

    /** The generated C source, or null on the JVM backend. */
    String source();
}
