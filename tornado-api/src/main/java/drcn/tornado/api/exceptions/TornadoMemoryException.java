package drcn.tornado.api.exceptions;

/** A device memory operation failed. */
public class TornadoMemoryException extends RuntimeException {
    public TornadoMemoryException(String message) {
        super(message);
    }

    public TornadoMemoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
