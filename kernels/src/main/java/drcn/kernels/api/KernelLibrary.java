package drcn.kernels.api;

import java.lang.annotation.*;

/**
 * Marks a class whose static methods are kernel helpers for kernels of any module: the kernel compiler writes
 * the IR of every one of them when the class is compiled, whether or not a kernel beside it calls it, so that a
 * kernel compiled later (bench/, tests, a user's program) links its calls through that IR. Without it a helper's
 * IR exists only when a kernel of its own compilation calls it.
 */
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface KernelLibrary {
}
