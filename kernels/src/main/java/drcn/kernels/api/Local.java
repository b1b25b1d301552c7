package drcn.kernels.api;

import java.lang.annotation.*;

/**
 * Marks an array parameter of a helper ({@code @Local float[] scratch}) that takes a work-group local array of its
 * caller ({@code context.allocateFloatLocalArray(n)}): a pointer into local memory in C ({@code __local float*} in
 * OpenCL C, a plain pointer to the {@code __shared__} array in CUDA C) plus its element count, the array itself on the
 * JVM backend. Why an annotation: OpenCL C types a pointer by its address space, and a helper is translated once, before
 * or apart from its callers, so its parameters say which space they take; an unmarked array parameter takes a private
 * array ({@code new float[n]}). Passing the other kind is a compile error at the argument.
 *
 * <p>Class retention so that a kernel of another module calling a library helper sees it. A TornadoVM port does not use it.
 */
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.PARAMETER)
@Documented
public @interface Local {
}
