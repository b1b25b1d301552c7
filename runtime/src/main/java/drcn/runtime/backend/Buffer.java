package drcn.runtime.backend;

/** Memory on a device. Freed by {@link #close()}; a closed buffer must not be used again. */
public interface Buffer extends AutoCloseable {
    long byteSize();

    /** Elements of 4 bytes (float or int): the hidden {@code _size} argument kernels get for each array. */
    default int elementCount() {
        return Math.toIntExact(byteSize() / 4);
    }

    @Override
    void close();
}
