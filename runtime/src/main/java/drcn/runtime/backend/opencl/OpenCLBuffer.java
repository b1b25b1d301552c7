package drcn.runtime.backend.opencl;

import drcn.runtime.backend.Buffer;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@code cl_mem} of one {@link OpenCLDevice}. {@link #close()} releases it (once; later calls do
 * nothing); closing the device releases every buffer still open.
 */
public final class OpenCLBuffer implements Buffer {
    private final OpenCLDevice device;
    private final long byteSize;
    /** Null once released: by close() or by the device's close(), whichever comes first. */
    private final AtomicReference<MemorySegment> handle;

    OpenCLBuffer(OpenCLDevice device, MemorySegment handle, long byteSize) {
        this.device = device;
        this.handle = new AtomicReference<>(handle);
        this.byteSize = byteSize;
    }

    @Override
    public long byteSize() {
        return byteSize;
    }

    OpenCLDevice device() {
        return device;
    }

    /** The cl_mem, or an exception naming {@code use} when the buffer was closed. */
    MemorySegment handle(String use) {
        MemorySegment h = handle.get();
        if (h == null) throw new IllegalStateException("buffer of " + byteSize + " bytes was closed before " + use);
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
        return "OpenCLBuffer[" + byteSize + " bytes on " + device.info().id() + (handle.get() == null ? ", closed]" : "]");
    }
}
