package drcn.runtime.backend;


import drcn.runtime.jit.KernelRef;

import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Launches on one device of kernels named by reference ({@code launcher.launch(Kernels.ref(Optimizer::adamStep), range,
 * args...)}), each compiled once per binding of its {@code @JitConstant} parameters to that launch's own arguments and
 * kept for the owner's lifetime (the model, the convolutions). Looked up by the KernelRef's identity
 * ({@link KernelRef#forMethod} returns one instance per kernel) and the constants' values, so a launch never hashes a
 * kernel's IR. Not thread-safe, like the device.
 */
public final class KernelLauncher {
    private final Device device;
    private final Map<KernelRef, Specializations> compiled = new IdentityHashMap<>();

    public KernelLauncher(Device device) {
        this.device = device;
    }

    /** A kernel's specializations: the indices of its {@code @JitConstant} arguments, and the kernel per their values. */
    private record Specializations(int[] constants, Map<List<Object>, CompiledKernel> byValues) {}

    /** The kernel compiled for these launch arguments: its {@code @JitConstant} parameters bound to their values. */
    public CompiledKernel kernel(KernelRef kernel, Object... arguments) {
        Specializations known = compiled.get(kernel);
        if (known == null) {
            known = new Specializations(kernel.jitConstantIndices(), new HashMap<>());
            compiled.put(kernel, known);
        }
        Object[] values = new Object[known.constants().length];
        for (int i = 0; i < values.length; i++) values[i] = arguments[known.constants()[i]];
        return known.byValues().computeIfAbsent(Arrays.asList(values), v -> device.compile(kernel, kernel.constantsOf(arguments)));
    }

    /** Enqueues one launch of {@code kernel} (compiled for these arguments on first need). */
    public Event launch(KernelRef kernel, Range range, Object... arguments) {
        return device.launch(kernel(kernel, arguments), range, arguments);
    }

    /** Specializations compiled so far. */
    public int size() {
        int n = 0;
        for (Specializations s : compiled.values()) n += s.byValues().size();
        return n;
    }
}
