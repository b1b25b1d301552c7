package drcn.runtime.backend.opencl;

import drcn.runtime.backend.Buffer;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@code cl_mem} of one {@link OpenCLDevice}: an allocation, or a view of one ({@link #slice}: a sub-buffer,
 * {@code clCreateSubBuffer} with {@code CL_BUFFER_CREATE_TYPE_REGION}, of the allocation itself, never of another
 * sub-buffer, which OpenCL does not allow). {@link #close()} releases the cl_mem (once; later calls do nothing);
 * closing the device releases every buffer still open, views first.
 */
public final class OpenCLBuffer implements Buffer {
    private final OpenCLDevice device;
    private final long byteSize;
    /** The allocation this is a view of, or null for an allocation. */
    private final OpenCLBuffer root;
    /** Bytes from the start of {@link #root} (0 for an allocation). */
    private final long offset;
    /** Null once released: by close() or by the device's close(), whichever comes first. */
    private final AtomicReference<MemorySegment> handle;

    OpenCLBuffer(OpenCLDevice device, MemorySegment handle, long byteSize) {
        this(device, handle, byteSize, null, 0);
    }

    OpenCLBuffer(OpenCLDevice device, MemorySegment handle, long byteSize, OpenCLBuffer root, long offset) {
        this.device = device;
        this.handle = new AtomicReference<>(handle);
        this.byteSize = byteSize;
        this.root = root;
        this.offset = offset;
    }

    @Override
    public long byteSize() {
        return byteSize;
    }

    OpenCLDevice device() {
        return device;
    }

    /** The allocation this is a view of, or null for an allocation. */
    OpenCLBuffer root() {
        return root;
    }

    /** Bytes from the start of the allocation. */
    long offset() {
        return offset;
    }

    boolean isView() {
        return root != null;
    }

    @Override
    public Buffer slice(long offsetBytes, long bytes) {
        return device.slice(this, offsetBytes, bytes);
    }

    /** The cl_mem, or an exception naming {@code use} when the buffer (or, for a view, its allocation) was closed. */
    MemorySegment handle(String use) {
        MemorySegment h = handle.get();
        if (h == null) throw new IllegalStateException("buffer of " + byteSize + " bytes was closed before " + use);
        if (root != null && root.handle.get() == null) {
            throw new IllegalStateException("a view of " + byteSize + " bytes at offset " + offset + " was used (" + use
                    + ") after its parent buffer of " + root.byteSize + " bytes was closed");
        }
        return h;
    }

    /** Releases the cl_mem once; safe to call from the device's close() and from close() both. */
    void release(OpenCL cl) {
        MemorySegment h = handle.getAndSet(null);
        if (h != null) cl.clReleaseMemObject(h);
    }

    @Override
    public void close() {
        device.release(this);
    }

    @Override
    public String toString() {
        return "OpenCLBuffer[" + byteSize + " bytes" + (root != null ? " at offset " + offset + " of a " + root.byteSize + "-byte buffer" : "")
                + " on " + device.info().id() + (handle.get() == null ? ", closed]" : "]");
    }
}
