package drcn.kernels.api;

import java.lang.annotation.*;

/**
 * Marks an {@code int} parameter of a kernel whose value, at each launch, is compiled into the kernel:
 * the JIT emits it as a {@code #define} (so loops over channels or tile sizes unroll) and caches one
 * build per distinct value. The launch's argument is the value: no call site lists it a second time.
 * A TornadoVM port does not use it (its parameters stay ordinary arguments).
 *
 * <p>Legal only on {@code int} parameters of kernels ({@link Kernel} methods, or static methods passed to
 * {@code TaskGraph.task(...)}); anywhere else the kernel compiler reports an error at the parameter. The
 * runtime reads it by reflection; the kernel IR does not record it.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
@Documented
public @interface JitConstant {
}
