package drcn.kernels.nn;

import drcn.kernels.api.Kernel;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every kernel of drcn.kernels.nn has a public static reference twin {@code <kernel>Reference} (the EJML habit). */
class TwinRegistryTest {
    static final List<Class<?>> CLASSES = List.of(Convolution.class, ConvolutionSingleOutput.class, ConvolutionTiled.class, Winograd.class, WinogradWeightGradient.class, Activation.class,
            Elementwise.class, Reduction.class, Loss.class, Ensemble.class, Optimizer.class);

    @Test
    void everyKernelHasAReferenceTwin() {
        List<String> missing = new ArrayList<>();
        int kernels = 0;
        for (Class<?> type : CLASSES) {
            for (Method m : type.getDeclaredMethods()) {
                if (!m.isAnnotationPresent(Kernel.class)) continue;
                kernels++;
                assertTrue(Modifier.isStatic(m.getModifiers()) && Modifier.isPublic(m.getModifiers()) && m.getReturnType() == void.class,
                        m + " must be public static void");
                boolean twin = false;
                for (Method r : type.getDeclaredMethods()) {
                    twin |= r.getName().equals(m.getName() + "Reference") && Modifier.isStatic(r.getModifiers()) && Modifier.isPublic(r.getModifiers());
                }
                if (!twin) missing.add(type.getSimpleName() + "." + m.getName());
            }
        }
        assertEquals(List.of(), missing, "kernels without a reference twin");
        assertTrue(kernels >= 20, "only " + kernels + " kernels found");
    }

    /** Reduction kernels hard-code the same work-group size; the runtime launches them all with Reduction.GROUP_SIZE. */
    @Test
    void groupSizesAgree() {
        assertEquals(Reduction.GROUP_SIZE, Loss.GROUP_SIZE);
        assertEquals(Reduction.GROUP_SIZE, Ensemble.GROUP_SIZE);
        assertEquals(Reduction.GROUP_SIZE, Convolution.GROUP_SIZE);
        assertEquals(0, Reduction.GROUP_SIZE & (Reduction.GROUP_SIZE - 1), "power of two");
    }
}
