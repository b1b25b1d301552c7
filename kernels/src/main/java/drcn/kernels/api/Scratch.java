package drcn.kernels.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a private array declaration in a kernel ({@code @Scratch float[] d = new float[N];}): the kernel
 * writes every element before it reads it, so the device code need not zero the array. Java zero-fills
 * every new array and the generated C does too ({@code = {0}}); the C compiler removes that only when it
 * can see every element overwritten, which it cannot through loops and helpers: the Winograd kernels
 * spent ~5% of their time zeroing their scratch tiles (36 KB per work-item in the fused GEMM).
 *
 * <p>A promise, not checked: on the JVM backend the array is still zeroed, so a wrong promise shows up as a
 * disagreement between backends (the backend-agreement tests), never as a silent difference on one.
 */
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.LOCAL_VARIABLE)
public @interface Scratch {
}
