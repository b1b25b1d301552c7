package drcn.runtime.backend.jvm;

import drcn.runtime.backend.Buffer;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * JVM "device memory": native memory in a shared arena (any thread may touch it; close frees it at once), or a view
 * of such memory ({@link #slice}: a slice of the allocation's segment, no arena of its own; closing it frees nothing).
 */
final class JvmBuffer implements Buffer {
    private final JvmDevice owner;
    /** Null for a view: the memory belongs to {@link #root}'s arena. */
    private final Arena arena;
    /** The allocation this is a view of, or null for an allocation. */
    private final JvmBuffer root;
    private final long offset;
    private final MemorySegment segment;
    private volatile boolean closed;

    JvmBuffer(JvmDevice owner, long bytes) {
        this.owner = owner;
        this.arena = Arena.ofShared();
        // 64-byte alignment like the FloatArray/IntArray the host side uses.
        this.segment = arena.allocate(Math.max(bytes, 0), 64);
        this.root = null;
        this.offset = 0;
    }

    private JvmBuffer(JvmBuffer root, long offset, long bytes) {
        this.owner = root.owner;
        this.arena = null;
        this.root = root;
        this.offset = offset;
        this.segment = root.segment.asSlice(offset, bytes);
    }

    JvmDevice owner() { return owner; }

    /** Whether this buffer, or for a view its allocation, was closed. */
    boolean isClosed() { return closed || (root != null && root.closed); }

    /** The memory; throws when the buffer (or its allocation) was closed (a use-after-free is a caller bug worth a clear message). */
    MemorySegment segment() {
        if (closed) throw new IllegalStateException("buffer of " + segment.byteSize() + " bytes on " + owner.info().id() + " is closed");
        if (root != null && root.closed) {
            throw new IllegalStateException("a view of " + segment.byteSize() + " bytes at offset " + offset + " on " + owner.info().id()
                    + " was used after its parent buffer of " + root.segment.byteSize() + " bytes was closed");
        }
        return segment;
    }

    @Override
    public long byteSize() { return segment.byteSize(); }

    @Override
    public Buffer slice(long offsetBytes, long bytes) {
        segment();   // open, and so is the allocation
        Buffer.checkSlice(byteSize(), offsetBytes, bytes, owner.info().sliceAlignment());
        JvmBuffer allocation = root != null ? root : this;
        return new JvmBuffer(allocation, offset + offsetBytes, bytes);
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        if (arena != null) {
            arena.close();
            owner.forget(this);
        }
    }
}
