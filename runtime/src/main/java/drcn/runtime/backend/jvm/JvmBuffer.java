package drcn.runtime.backend.jvm;

import drcn.runtime.backend.Buffer;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/** JVM "device memory": native memory in a shared arena (any thread may touch it; close frees it at once). */
final class JvmBuffer implements Buffer {
    private final JvmDevice owner;
    private final Arena arena;
    private final MemorySegment segment;
    private volatile boolean closed;

    JvmBuffer(JvmDevice owner, long bytes) {
        this.owner = owner;
        this.arena = Arena.ofShared();
        // 64-byte alignment like the FloatArray/IntArray the host side uses.
        this.segment = arena.allocate(Math.max(bytes, 0), 64);
    }

    JvmDevice owner() { return owner; }

    boolean isClosed() { return closed; }

    /** The memory; throws when the buffer was closed (a use-after-free is a caller bug worth a clear message). */
    MemorySegment segment() {
        if (closed) throw new IllegalStateException("buffer of " + segment.byteSize() + " bytes on " + owner.info().id() + " is closed");
        return segment;
    }

    @Override
    public long byteSize() { return segment.byteSize(); }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        arena.close();
        owner.forget(this);
    }
}
