package drcn.runtime.graph;

import drcn.runtime.backend.Buffer;
import drcn.runtime.backend.CompiledKernel;
import drcn.runtime.backend.Device;
import drcn.runtime.backend.DeviceInfo;
import drcn.runtime.backend.Event;
import drcn.runtime.backend.Range;
import drcn.runtime.backend.RecordedGraph;
import drcn.runtime.backend.RecordedLaunch;
import drcn.runtime.jit.KernelRef;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A device that can record the launches of a piece of code once and replay them: what a task graph's
 * {@code withCUDAGraph} does, for code that launches kernels directly (the DRCN model's forward and backward).
 * {@link #record} runs the code with every launch recorded through {@link Device#record} (and run, so the first
 * pass computes as usual); {@link Schedule#replay()} then enqueues the same launches without running the code
 * again: no kernel lookup, no argument conversion, on OpenCL no clSetKernelArg, and on CUDA one graph launch for
 * all of them ({@link Device#capture}). The code must launch the same
 * kernels over the same buffers with the same scalars every time, and read nothing back in between.
 */
public final class LaunchRecorder implements Device {
    private final Device inner;
    private List<RecordedLaunch> recording;

    public LaunchRecorder(Device inner) {
        this.inner = inner;
    }

    /** The recorded launches of one piece of code, in order, captured as one graph. */
    public static final class Schedule implements AutoCloseable {
        private final List<RecordedLaunch> launches;
        private final RecordedGraph graph;

        Schedule(List<RecordedLaunch> launches, RecordedGraph graph) {
            this.launches = List.copyOf(launches);
            this.graph = graph;
        }

        /** Enqueues every recorded launch again, in order. */
        public void replay() {
            graph.replay();
        }

        public int launches() {
            return launches.size();
        }

        @Override
        public void close() {
            graph.close();
            launches.forEach(RecordedLaunch::close);
        }
    }

    /** Runs {@code code}, recording its launches (which run as they are recorded). */
    public Schedule record(Runnable code) {
        if (recording != null) throw new IllegalStateException("already recording");
        recording = new ArrayList<>();
        try {
            code.run();
            return new Schedule(recording, inner.capture(recording));
        } catch (RuntimeException | Error e) {
            recording.forEach(RecordedLaunch::close);
            throw e;
        } finally {
            recording = null;
        }
    }

    /** The device the launches run on. */
    public Device inner() {
        return inner;
    }

    @Override
    public Event launch(CompiledKernel kernel, Range range, Object... arguments) {
        if (recording == null) return inner.launch(kernel, range, arguments);
        RecordedLaunch launch = inner.record(kernel, range, arguments);
        recording.add(launch);
        return launch.replay();
    }

    @Override public RecordedLaunch record(CompiledKernel kernel, Range range, Object... arguments) { return inner.record(kernel, range, arguments); }
    @Override public RecordedGraph capture(List<RecordedLaunch> launches) { return inner.capture(launches); }
    @Override public DeviceInfo info() { return inner.info(); }
    @Override public Buffer allocate(long bytes) { return inner.allocate(bytes); }
    @Override public void write(Buffer target, long targetOffset, MemorySegment source) { inner.write(target, targetOffset, source); }
    @Override public void read(Buffer source, long sourceOffset, MemorySegment target) { inner.read(source, sourceOffset, target); }
    @Override public CompiledKernel compile(KernelRef kernel, Map<String, Integer> constants) { return inner.compile(kernel, constants); }
    @Override public void finish() { inner.finish(); }

    /** Closes nothing: the device belongs to whoever wrapped it. */
    @Override public void close() {}
}
