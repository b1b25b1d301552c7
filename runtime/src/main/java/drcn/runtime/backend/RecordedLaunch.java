package drcn.runtime.backend;

/**
 * One launch recorded with its kernel, range and arguments bound, to be enqueued again and again. A backend
 * does the per-launch host work (argument conversion, clSetKernelArg, sizes) once, at {@link Device#record};
 * {@link #replay()} only enqueues. The arguments' buffers must stay open while the recording is used.
 */
public interface RecordedLaunch extends AutoCloseable {
    /** Enqueues the recorded launch again; returns at once on asynchronous backends. */
    Event replay();

    @Override
    void close();
}
