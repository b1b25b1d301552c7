package drcn.runtime.model;

import drcn.runtime.backend.CompiledKernel;
import drcn.runtime.backend.Device;
import drcn.runtime.backend.Event;
import drcn.runtime.backend.Range;
import drcn.runtime.jit.KernelRef;
import drcn.tornado.api.common.TornadoFunctions.*;

import java.io.Serializable;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Kernel launches named by method reference ({@code kernels.launch(Optimizer::adamStep, range, args...)}), each kernel
 * compiled once per binding of its {@code @JitConstant} parameters (to that launch's own arguments) and kept for the
 * owner's lifetime. A bare method reference needs a functional interface to target ({@code Serializable} alone is
 * none), so there is one overload per TornadoVM {@code TaskN} (N counting the {@code KernelContext}), whose type
 * arguments are inferred from the kernel's own parameters (as {@code Kernels.ref} does). Compiled kernels are looked
 * up by the {@link KernelRef}'s identity ({@link KernelRef#forMethod} returns one instance per kernel) and the
 * constants' values, as Convolutions does.
 */
final class Launcher {
    private final Device device;
    private final Map<KernelRef, Specializations> compiled = new IdentityHashMap<>();

    Launcher(Device device) {
        this.device = device;
    }

    /** Specializations compiled so far. */
    int size() {
        int n = 0;
        for (Specializations s : compiled.values()) n += s.byValues().size();
        return n;
    }

    private Event launchReference(Serializable methodReference, Range range, Object... arguments) {
        KernelRef kernel = KernelRef.forMethod(methodReference);
        Specializations known = compiled.get(kernel);
        if (known == null) {
            known = new Specializations(kernel.jitConstantIndices(), new HashMap<>());
            compiled.put(kernel, known);
        }
        Object[] values = new Object[known.constants().length];
        for (int i = 0; i < values.length; i++) values[i] = arguments[known.constants()[i]];
        CompiledKernel k = known.byValues().computeIfAbsent(Arrays.asList(values), v -> device.compile(kernel, kernel.constantsOf(arguments)));
        return device.launch(k, range, arguments);
    }

    /** A kernel's specializations: the indices of its {@code @JitConstant} arguments, and the kernel per their values. */
    private record Specializations(int[] constants, Map<List<Object>, CompiledKernel> byValues) {}

    <T1> Event launch(Task1<T1> kernel, Range range, Object... arguments) {
        return launchReference(kernel, range, arguments);
    }

    <T1, T2> Event launch(Task2<T1, T2> kernel, Range range, Object... arguments) {
        return launchReference(kernel, range, arguments);
    }

    <T1, T2, T3> Event launch(Task3<T1, T2, T3> kernel, Range range, Object... arguments) {
        return launchReference(kernel, range, arguments);
    }

    <T1, T2, T3, T4> Event launch(Task4<T1, T2, T3, T4> kernel, Range range, Object... arguments) {
        return launchReference(kernel, range, arguments);
    }

    <T1, T2, T3, T4, T5> Event launch(Task5<T1, T2, T3, T4, T5> kernel, Range range, Object... arguments) {
        return launchReference(kernel, range, arguments);
    }

    <T1, T2, T3, T4, T5, T6> Event launch(Task6<T1, T2, T3, T4, T5, T6> kernel, Range range, Object... arguments) {
        return launchReference(kernel, range, arguments);
    }

    <T1, T2, T3, T4, T5, T6, T7> Event launch(Task7<T1, T2, T3, T4, T5, T6, T7> kernel, Range range, Object... arguments) {
        return launchReference(kernel, range, arguments);
    }

    <T1, T2, T3, T4, T5, T6, T7, T8> Event launch(Task8<T1, T2, T3, T4, T5, T6, T7, T8> kernel, Range range, Object... arguments) {
        return launchReference(kernel, range, arguments);
    }

    <T1, T2, T3, T4, T5, T6, T7, T8, T9> Event launch(Task9<T1, T2, T3, T4, T5, T6, T7, T8, T9> kernel, Range range, Object... arguments) {
        return launchReference(kernel, range, arguments);
    }

    <T1, T2, T3, T4, T5, T6, T7, T8, T9, T10> Event launch(Task10<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10> kernel, Range range, Object... arguments) {
        return launchReference(kernel, range, arguments);
    }

    <T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11> Event launch(Task11<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11> kernel, Range range, Object... arguments) {
        return launchReference(kernel, range, arguments);
    }

    <T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12> Event launch(Task12<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12> kernel, Range range, Object... arguments) {
        return launchReference(kernel, range, arguments);
    }

    <T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13> Event launch(Task13<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13> kernel, Range range, Object... arguments) {
        return launchReference(kernel, range, arguments);
    }

    <T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14> Event launch(Task14<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14> kernel, Range range, Object... arguments) {
        return launchReference(kernel, range, arguments);
    }

    <T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15> Event launch(Task15<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15> kernel, Range range, Object... arguments) {
        return launchReference(kernel, range, arguments);
    }

    <T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15, T16> Event launch(Task16<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15, T16> kernel, Range range, Object... arguments) {
        return launchReference(kernel, range, arguments);
    }

    <T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15, T16, T17> Event launch(Task17<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15, T16, T17> kernel, Range range, Object... arguments) {
        return launchReference(kernel, range, arguments);
    }

    <T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15, T16, T17, T18> Event launch(Task18<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15, T16, T17, T18> kernel, Range range, Object... arguments) {
        return launchReference(kernel, range, arguments);
    }

    <T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15, T16, T17, T18, T19> Event launch(Task19<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15, T16, T17, T18, T19> kernel, Range range, Object... arguments) {
        return launchReference(kernel, range, arguments);
    }

    <T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15, T16, T17, T18, T19, T20> Event launch(Task20<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15, T16, T17, T18, T19, T20> kernel, Range range, Object... arguments) {
        return launchReference(kernel, range, arguments);
    }

}
