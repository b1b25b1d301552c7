package drcn.runtime.backend;

import drcn.tornado.api.types.arrays.FloatArray;
import drcn.tornado.api.types.arrays.IntArray;
import drcn.runtime.jit.KernelRef;

import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Map;

/**
 * One compute device of one backend (jvm, opencl, cuda). The model and every other caller speak
 * only this interface; none names a backend.
 *
 * <p>Launch arguments follow the kernel's Java parameters in order, leaving out the
 * {@code KernelContext}: a {@link Buffer} for each {@code FloatArray}/{@code IntArray}, an
 * {@code Integer} for each int, a {@code Float} for each float. Parameters bound to constants at
 * {@link #compile} are still passed; the backend checks they equal the constant.
 */
public interface Device extends AutoCloseable {

    /** Whether kernels may compute in double on this device (OpenCL: cl_khr_fp64). */
    default boolean supportsDoubles() {
        return true;
    }

    DeviceInfo info();

    /** Device memory for {@code bytes} bytes (contents undefined). */
    Buffer allocate(long bytes);

    default Buffer allocateFloats(long count) {
        return allocate(count * Float.BYTES);
    }

    /**
     * A view of {@code bytes} bytes of {@code parent} from {@code offsetBytes}: {@link Buffer#slice} (see there and
     * {@link Buffer}'s class comment). The offset must be a multiple of {@link DeviceInfo#sliceAlignment()}.
     */
    default Buffer slice(Buffer parent, long offsetBytes, long bytes) {
        return parent.slice(offsetBytes, bytes);
    }

    /** Copies {@code source} into {@code target} at {@code targetOffset} bytes; blocks until done. */
    void write(Buffer target, long targetOffset, MemorySegment source);

    /** Copies {@code target.byteSize()} bytes from {@code source} at {@code sourceOffset} bytes; blocks until done. */
    void read(Buffer source, long sourceOffset, MemorySegment target);

    /**
     * Sets {@code bytes} bytes of {@code target} from {@code offset} on to zero, ordered with the launches and copies
     * around it as a write is. By default host writes from a zero block; backends with a device-side fill override it.
     */
    default void zero(Buffer target, long offset, long bytes) {
        for (long at = 0; at < bytes; at += ZEROS.byteSize()) {
            write(target, offset + at, ZEROS.asSlice(0, Math.min(ZEROS.byteSize(), bytes - at)));
        }
    }

    /** The zero block {@link #zero}'s default writes from. */
    MemorySegment ZEROS = java.lang.foreign.Arena.global().allocate(1 << 20, 64);

    default void write(Buffer target, FloatArray source) { write(target, 0, source.getSegment()); }

    default void write(Buffer target, IntArray source) { write(target, 0, source.getSegment()); }

    default void read(Buffer source, FloatArray target) { read(source, 0, target.getSegment()); }

    default void read(Buffer source, IntArray target) { read(source, 0, target.getSegment()); }

    /**
     * Prepares a kernel for launch, with the named int parameters bound to constants (they become
     * {@code #define}s in the generated C so the device compiler can unroll). Cached per
     * (kernel, constants, device).
     */
    CompiledKernel compile(KernelRef kernel, Map<String, Integer> constants);

    default CompiledKernel compile(KernelRef kernel) {
        return compile(kernel, Map.of());
    }

    /**
     * Forgets the kernels built so far, so the next {@link #compile} of each builds it again (TornadoVM's
     * {@code TornadoDevice.clean()}, which its tests call to time compilation). Kernels already returned stay valid.
     */
    default void forgetBuiltKernels() {}

    /**
     * What building kernels has cost this device so far: driver build time, and how many {@link #compile} calls were
     * answered from memory, from the disk cache, or built from source. Null where there is no driver build (jvm).
     */
    default BuildStats buildStats() {
        return null;
    }

    /**
     * Asks later launches to keep device timestamps ({@link Event#durationNanos()}) or not, whatever {@code drcn.profile}
     * says; a profiler turns it on. A no-op where the backend does not switch it per device (jvm launches are timed by
     * the host clock; CUDA follows {@code drcn.profile}).
     */
    default void setProfiling(boolean on) {
    }

    /** Enqueues a launch; returns at once on asynchronous backends. See the class comment for arguments. */
    Event launch(CompiledKernel kernel, Range range, Object... arguments);

    /**
     * Records a launch for replay (a task graph's {@code withCUDAGraph}): by default a replay is a plain
     * {@link #launch}; OpenCL keeps a kernel object of its own with the arguments set once.
     */
    default RecordedLaunch record(CompiledKernel kernel, Range range, Object... arguments) {
        Object[] bound = arguments.clone();
        return new RecordedLaunch() {
            @Override
            public Event replay() {
                return launch(kernel, range, bound);
            }

            @Override
            public void close() {}
        };
    }

    /**
     * Joins launches recorded on this device into one {@link RecordedGraph} whose replay enqueues them all, in
     * order. CUDA captures them into a CUDA graph (stream capture, then {@code cuGraphInstantiate}), so a replay
     * is one {@code cuGraphLaunch}; the graph holds the launches' arguments as they were recorded, so a launch
     * with other buffers or scalars needs a new recording and a new capture. By default (jvm, OpenCL) a replay
     * replays each launch. Launches recorded through a wrapping device (a profiler) are replayed one by one too.
     */
    default RecordedGraph capture(List<RecordedLaunch> launches) {
        return RecordedGraph.sequence(launches);
    }

    /** Blocks until every enqueued command has finished. */
    void finish();

    @Override
    void close();
}
