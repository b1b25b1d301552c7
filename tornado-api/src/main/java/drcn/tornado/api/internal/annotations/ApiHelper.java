package drcn.tornado.api.internal.annotations;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a static method of tornado-api itself that kernels may call ({@code FloatOps.sq}, {@code VolumeOps.grad}): the
 * drcn kernel compiler, which compiles tornado-api, writes its kernel IR beside its class, and a kernel of any program
 * links its calls through that IR, as for a {@code drcn.kernels.api.KernelLibrary} class's methods.
 */
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface ApiHelper {
}
