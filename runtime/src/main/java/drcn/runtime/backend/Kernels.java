package drcn.runtime.backend;

import drcn.runtime.jit.KernelRef;
import drcn.tornado.api.common.TornadoFunctions.*;

/**
 * Kernels named by method reference: {@code Kernels.ref(Convolution::convForward)} is {@link KernelRef#forMethod} of it
 * (a bare method reference becomes an object only as a functional interface, hence one overload per
 * {@code TornadoFunctions.TaskN}, N counting the {@code KernelContext}). {@link #compile} and {@link #launch} bind its
 * {@code @JitConstant} parameters from the launch's own arguments ({@link KernelRef#constantsOf}).
 */
public final class Kernels {
    private Kernels() {
    }

    /** The kernel compiled for these arguments (as {@code Device.launch} takes them): its JIT constants are their values. */
    public static CompiledKernel compile(Device device, KernelRef kernel, Object... arguments) {
        return device.compile(kernel, kernel.constantsOf(arguments));
    }

    /** {@link #compile}, then one launch with the same arguments (the device caches each specialization). */
    public static Event launch(Device device, KernelRef kernel, Range range, Object... arguments) {
        return device.launch(compile(device, kernel, arguments), range, arguments);
    }

    /** The kernel {@code kernel} names (Task1 ... Task20: the method's parameter count, the context included). */
    public static <A> KernelRef ref(Task1<A> kernel) { return KernelRef.forMethod(kernel); }
    public static <A,B> KernelRef ref(Task2<A,B> kernel) { return KernelRef.forMethod(kernel); }
    public static <A,B,C> KernelRef ref(Task3<A,B,C> kernel) { return KernelRef.forMethod(kernel); }
    public static <A,B,C,D> KernelRef ref(Task4<A,B,C,D> kernel) { return KernelRef.forMethod(kernel); }
    public static <A,B,C,D,E> KernelRef ref(Task5<A,B,C,D,E> kernel) { return KernelRef.forMethod(kernel); }
    public static <A,B,C,D,E,F> KernelRef ref(Task6<A,B,C,D,E,F> kernel) { return KernelRef.forMethod(kernel); }
    public static <A,B,C,D,E,F,G> KernelRef ref(Task7<A,B,C,D,E,F,G> kernel) { return KernelRef.forMethod(kernel); }
    public static <A,B,C,D,E,F,G,H> KernelRef ref(Task8<A,B,C,D,E,F,G,H> kernel) { return KernelRef.forMethod(kernel); }
    public static <A,B,C,D,E,F,G,H,I> KernelRef ref(Task9<A,B,C,D,E,F,G,H,I> kernel) { return KernelRef.forMethod(kernel); }
    public static <A,B,C,D,E,F,G,H,I,J> KernelRef ref(Task10<A,B,C,D,E,F,G,H,I,J> kernel) { return KernelRef.forMethod(kernel); }
    public static <A,B,C,D,E,F,G,H,I,J,K> KernelRef ref(Task11<A,B,C,D,E,F,G,H,I,J,K> kernel) { return KernelRef.forMethod(kernel); }
    public static <A,B,C,D,E,F,G,H,I,J,K,L> KernelRef ref(Task12<A,B,C,D,E,F,G,H,I,J,K,L> kernel) { return KernelRef.forMethod(kernel); }
    public static <A,B,C,D,E,F,G,H,I,J,K,L,M> KernelRef ref(Task13<A,B,C,D,E,F,G,H,I,J,K,L,M> kernel) { return KernelRef.forMethod(kernel); }
    public static <A,B,C,D,E,F,G,H,I,J,K,L,M,N> KernelRef ref(Task14<A,B,C,D,E,F,G,H,I,J,K,L,M,N> kernel) {
        return KernelRef.forMethod(kernel);
    }
    public static <A,B,C,D,E,F,G,H,I,J,K,L,M,N,O> KernelRef ref(Task15<A,B,C,D,E,F,G,H,I,J,K,L,M,N,O> kernel) {
        return KernelRef.forMethod(kernel);
    }
    public static <A,B,C,D,E,F,G,H,I,J,K,L,M,N,O,P> KernelRef ref(Task16<A,B,C,D,E,F,G,H,I,J,K,L,M,N,O,P> kernel) {
        return KernelRef.forMethod(kernel);
    }
    public static <A,B,C,D,E,F,G,H,I,J,K,L,M,N,O,P,Q> KernelRef ref(Task17<A,B,C,D,E,F,G,H,I,J,K,L,M,N,O,P,Q> kernel) {
        return KernelRef.forMethod(kernel);
    }
    public static <A,B,C,D,E,F,G,H,I,J,K,L,M,N,O,P,Q,R> KernelRef ref(Task18<A,B,C,D,E,F,G,H,I,J,K,L,M,N,O,P,Q,R> kernel) {
        return KernelRef.forMethod(kernel);
    }
    public static <A,B,C,D,E,F,G,H,I,J,K,L,M,N,O,P,Q,R,S> KernelRef ref(Task19<A,B,C,D,E,F,G,H,I,J,K,L,M,N,O,P,Q,R,S> kernel) {
        return KernelRef.forMethod(kernel);
    }
    public static <A,B,C,D,E,F,G,H,I,J,K,L,M,N,O,P,Q,R,S,T> KernelRef ref(Task20<A,B,C,D,E,F,G,H,I,J,K,L,M,N,O,P,Q,R,S,T> kernel) {
        return KernelRef.forMethod(kernel);
    }
}
