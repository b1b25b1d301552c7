package drcn.kernels.api;

import drcn.tornado.api.KernelContext;
import drcn.tornado.api.types.arrays.FloatArray;
import drcn.tornado.api.types.arrays.IntArray;

import java.lang.annotation.*;

/**
 * Marks a static void method as a device kernel. At build time the kernel compiler (compiler/)
 * checks its body against the kernel subset and writes its IR beside the class; at run time the
 * JIT turns the IR into OpenCL C or CUDA C, and the JVM backend runs the method itself.
 *
 * <p>Parameters: an optional {@link KernelContext} first, then {@link FloatArray} / {@link IntArray}
 * and {@code int} / {@code float} scalars. Static methods it calls are translated as helpers.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Kernel {
}
