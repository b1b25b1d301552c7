package drcn.runtime.backend.jvm;

import drcn.runtime.backend.Event;

/** A finished launch: the JVM backend runs launches synchronously, so the event only carries the wall time. */
record JvmEvent(long durationNanos) implements Event {
    @Override
    public void await() {}
}
