package drcn.runtime.backend;

/**
 * Memory on a device. Freed by {@link #close()}; a closed buffer must not be used again.
 *
 * <p>A buffer is either an allocation ({@link Device#allocate}) or a view ({@link #slice}): a byte range of an
 * allocation that every call taking a buffer (write, read, a kernel argument) treats as a buffer of its own, without
 * a copy. Writes through a view land in its parent at the view's offset; a kernel launched on a view sees only its
 * range (element 0 is the view's first element; the hidden {@code <array>_size} argument is the view's element
 * count). Closing a view frees nothing; the parent must outlive its views (using a view whose parent was closed
 * throws where the backend can tell, and is undefined where it cannot).
 */
public interface Buffer extends AutoCloseable {
    long byteSize();

    /** Elements of 4 bytes (float or int): the hidden {@code _size} argument kernels get for each array. */
    default int elementCount() {
        return Math.toIntExact(byteSize() / 4);
    }

    /**
     * A view of {@code bytes} bytes of this buffer from {@code offsetBytes} (see the class comment).
     * {@code offsetBytes} must be a multiple of the device's {@link DeviceInfo#sliceAlignment()} (OpenCL's
     * {@code CL_DEVICE_MEM_BASE_ADDR_ALIGN}); the range must lie inside this buffer. A view of a view is a view of
     * the same allocation at the summed offset.
     *
     * @throws IllegalArgumentException for a misaligned offset or a range outside this buffer
     * @throws UnsupportedOperationException where the buffer cannot be sliced
     */
    default Buffer slice(long offsetBytes, long bytes) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot be sliced");
    }

    /** {@link #slice} in floats: {@code count} floats from float {@code offset}. */
    default Buffer sliceFloats(long offset, long count) {
        return slice(offset * Float.BYTES, count * Float.BYTES);
    }

    @Override
    void close();

    /**
     * Checks a slice's range against its parent's size and the alignment (for the implementations, so that every
     * backend refuses the same slices with the same words).
     */
    static void checkSlice(long parentBytes, long offsetBytes, long bytes, long alignment) {
        if (offsetBytes < 0 || bytes < 0 || offsetBytes > parentBytes || bytes > parentBytes - offsetBytes) {
            throw new IllegalArgumentException("cannot slice " + bytes + " bytes at offset " + offsetBytes
                    + " of a buffer of " + parentBytes + " bytes");
        }
        if (offsetBytes % alignment != 0) {
            throw new IllegalArgumentException("cannot slice at offset " + offsetBytes + ": a view's offset must be a multiple of "
                    + alignment + " bytes on this device (pad the layout to DeviceInfo.sliceAlignment())");
        }
    }
}
