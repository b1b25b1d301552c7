package drcn.runtime.backend;

/** A launched command. Times come from the device's own clock where the backend has one. */
public interface Event {
    /** Blocks until the command has finished. */
    void await();

    /** Device time from start to end in nanoseconds (waits for completion); -1 when not profiled. */
    long durationNanos();
}
