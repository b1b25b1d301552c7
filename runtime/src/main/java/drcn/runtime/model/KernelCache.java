package drcn.runtime.model;

import drcn.runtime.backend.CompiledKernel;
import drcn.runtime.backend.Device;
import drcn.runtime.backend.Event;
import drcn.runtime.backend.Range;
import drcn.runtime.jit.KernelRef;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;

/**
 * Kernels of one device, compiled on first use with their shape ints bound as JIT constants and kept for the
 * owner's lifetime (the model, the convolutions): one compile per specialization, none in the training loop.
 */
final class KernelCache {
    private final Device device;
    private final Map<String, CompiledKernel> compiled = new HashMap<>();

    KernelCache(Device device) {
        this.device = device;
    }

    /** The kernel {@code owner.method} with the given int parameters bound as JIT constants ({@code "name", value, ...}). */
    CompiledKernel get(Class<?> owner, String method, Object... constants) {
        StringBuilder key = new StringBuilder(owner.getSimpleName()).append('.').append(method);
        for (Object c : constants) key.append(':').append(c);
        CompiledKernel k = compiled.get(key.toString());
        if (k == null) {
            Map<String, Integer> bound = new HashMap<>();
            for (int i = 0; i < constants.length; i += 2) bound.put((String) constants[i], (Integer) constants[i + 1]);
            k = device.compile(KernelRef.of(owner, method), bound);
            compiled.put(key.toString(), k);
        }
        return k;
    }

    private final Map<KernelRef, Map<Map<String, Integer>, CompiledKernel>> byReference = new HashMap<>();

    /**
     * The kernel a method reference names ({@code Convolution::convForward}), compiled with its
     * {@code @JitConstant} parameters bound to these launch arguments (cached per distinct binding).
     */
    CompiledKernel get(Serializable kernel, Object... arguments) {
        KernelRef ref = KernelRef.forMethod(kernel);
        Map<String, Integer> constants = ref.constantsOf(arguments);
        return byReference.computeIfAbsent(ref, r -> new HashMap<>())
                .computeIfAbsent(constants, c -> device.compile(ref, c));
    }

    /** Launches the kernel a method reference names; its JIT constants come from the arguments themselves. */
    Event launch(Serializable kernel, Range range, Object... arguments) {
        return device.launch(get(kernel, arguments), range, arguments);
    }

    /** Specializations compiled so far. */
    int size() {
        int n = compiled.size();
        for (var m : byReference.values()) n += m.size();
        return n;
    }
}
