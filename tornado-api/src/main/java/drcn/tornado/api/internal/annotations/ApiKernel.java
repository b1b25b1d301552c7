package drcn.tornado.api.internal.annotations;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of tornado-api itself that a TornadoVM program may pass to a task as its code ({@code
 * task("t0", image::fill, 1f)}). tornado-api is compiled with the drcn kernel compiler, which writes the kernel IR of
 * such a method beside its class, as it does for a library's {@code drcn.kernels.api.Kernel}; an instance method's
 * final fields are the kernel's hidden arguments, read from the task's receiver.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ApiKernel {
}
