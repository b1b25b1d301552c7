/**
 * The {@code opencl} backend: java.lang.foreign straight onto the OpenCL ICD loader
 * (libOpenCL.so.1), no JNI and no wrapper library.
 *
 * <ul>
 *   <li>{@link drcn.runtime.backend.opencl.OpenCL}: the bindings (one downcall handle per C function),
 *       constants, and error codes with their symbolic names ({@link drcn.runtime.backend.opencl.OpenCLException}).</li>
 *   <li>{@link drcn.runtime.backend.opencl.OpenCLBackend}: every device of every platform, numbered globally.</li>
 *   <li>{@link drcn.runtime.backend.opencl.OpenCLDevice}: context, in-order profiling queue, buffers, program builds
 *       (memory cache per device, disk cache of driver binaries, build failures quoting the failing source lines
 *       as {@link drcn.runtime.backend.opencl.KernelBuildException}), launches and events.</li>
 * </ul>
 *
 * <p>Build options: {@code -cl-fast-relaxed-math} when {@code drcn.fastMath} is on, nothing else. No
 * {@code -cl-std}: without it a driver compiles the highest OpenCL C 1.x it supports (1.2 on every
 * current driver), and naming CL1.2 would break the odd 1.1-only device for no gain.
 *
 * <p>Launch arguments follow {@link drcn.compiler.emit.CEmitter}'s C-parameter convention: the
 * KernelContext is dropped, specialized ints are dropped (checked equal to their constant), and each
 * array becomes its {@code cl_mem} followed by {@code int <name>_size} (the buffer's element count).
 */
package drcn.runtime.backend.opencl;
