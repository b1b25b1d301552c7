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
 *
 * <p>As in TornadoVM, a static method passed to {@code TaskGraph.task(...)} as a method reference
 * ({@code Class::method}) is a kernel without this annotation: the kernel compiler finds the call and
 * translates the method as a kernel, whichever class javac compiles first. The annotation is for
 * kernels of a library compiled apart from the task graphs that launch them: it makes the compiler
 * write their IR when the library is compiled, so a later compilation may pass them to {@code task}.
 * A method both annotated and passed to {@code task} is fine.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Kernel {
}
