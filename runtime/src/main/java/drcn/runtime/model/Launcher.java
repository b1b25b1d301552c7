package drcn.runtime.model;

import drcn.runtime.backend.Device;
import drcn.runtime.backend.Event;
import drcn.runtime.backend.Range;
import drcn.tornado.api.common.TornadoFunctions.*;

/**
 * Kernel launches named by method reference ({@code launcher.launch(Optimizer::adamStep, range, args...)}), over a
 * {@link KernelCache}. {@link KernelCache#launch(java.io.Serializable, Range, Object...)} takes the reference as a
 * {@code Serializable}, which is not a functional interface, so a bare {@code Optimizer::adamStep} cannot be passed
 * to it; these overloads give the reference a target type by its arity (TornadoVM's {@code TaskN}, whose type
 * arguments are inferred from the kernel's own parameters, primitives boxed) and hand it on. The kernel's
 * {@code @JitConstant} parameters are bound from {@code arguments}, as KernelCache does.
 */
final class Launcher {
    private final KernelCache cache;

    Launcher(Device device) {
        this.cache = new KernelCache(device);
    }

    /** Specializations compiled so far. */
    int size() {
        return cache.size();
    }

    <T1> Event launch(Task1<T1> kernel, Range range, Object... arguments) {
        return cache.launch(kernel, range, arguments);
    }

    <T1, T2> Event launch(Task2<T1, T2> kernel, Range range, Object... arguments) {
        return cache.launch(kernel, range, arguments);
    }

    <T1, T2, T3> Event launch(Task3<T1, T2, T3> kernel, Range range, Object... arguments) {
        return cache.launch(kernel, range, arguments);
    }

    <T1, T2, T3, T4> Event launch(Task4<T1, T2, T3, T4> kernel, Range range, Object... arguments) {
        return cache.launch(kernel, range, arguments);
    }

    <T1, T2, T3, T4, T5> Event launch(Task5<T1, T2, T3, T4, T5> kernel, Range range, Object... arguments) {
        return cache.launch(kernel, range, arguments);
    }

    <T1, T2, T3, T4, T5, T6> Event launch(Task6<T1, T2, T3, T4, T5, T6> kernel, Range range, Object... arguments) {
        return cache.launch(kernel, range, arguments);
    }

    <T1, T2, T3, T4, T5, T6, T7> Event launch(Task7<T1, T2, T3, T4, T5, T6, T7> kernel, Range range, Object... arguments) {
        return cache.launch(kernel, range, arguments);
    }

    <T1, T2, T3, T4, T5, T6, T7, T8> Event launch(Task8<T1, T2, T3, T4, T5, T6, T7, T8> kernel, Range range, Object... arguments) {
        return cache.launch(kernel, range, arguments);
    }

    <T1, T2, T3, T4, T5, T6, T7, T8, T9> Event launch(Task9<T1, T2, T3, T4, T5, T6, T7, T8, T9> kernel, Range range, Object... arguments) {
        return cache.launch(kernel, range, arguments);
    }

    <T1, T2, T3, T4, T5, T6, T7, T8, T9, T10> Event launch(Task10<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10> kernel, Range range, Object... arguments) {
        return cache.launch(kernel, range, arguments);
    }

    <T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11> Event launch(Task11<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11> kernel, Range range, Object... arguments) {
        return cache.launch(kernel, range, arguments);
    }

    <T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12> Event launch(Task12<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12> kernel, Range range, Object... arguments) {
        return cache.launch(kernel, range, arguments);
    }

    <T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13> Event launch(Task13<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13> kernel, Range range, Object... arguments) {
        return cache.launch(kernel, range, arguments);
    }

    <T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14> Event launch(Task14<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14> kernel, Range range, Object... arguments) {
        return cache.launch(kernel, range, arguments);
    }

    <T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15> Event launch(Task15<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15> kernel, Range range, Object... arguments) {
        return cache.launch(kernel, range, arguments);
    }

    <T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15, T16> Event launch(Task16<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15, T16> kernel, Range range, Object... arguments) {
        return cache.launch(kernel, range, arguments);
    }

    <T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15, T16, T17> Event launch(Task17<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15, T16, T17> kernel, Range range, Object... arguments) {
        return cache.launch(kernel, range, arguments);
    }

    <T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15, T16, T17, T18> Event launch(Task18<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15, T16, T17, T18> kernel, Range range, Object... arguments) {
        return cache.launch(kernel, range, arguments);
    }

    <T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15, T16, T17, T18, T19> Event launch(Task19<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15, T16, T17, T18, T19> kernel, Range range, Object... arguments) {
        return cache.launch(kernel, range, arguments);
    }

    <T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15, T16, T17, T18, T19, T20> Event launch(Task20<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15, T16, T17, T18, T19, T20> kernel, Range range, Object... arguments) {
        return cache.launch(kernel, range, arguments);
    }

}
