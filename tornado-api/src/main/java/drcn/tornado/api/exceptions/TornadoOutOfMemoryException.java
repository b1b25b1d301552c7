package drcn.tornado.api.exceptions;

/** The device (or tornado.device.memory) has no room for a graph's buffers. */
public class TornadoOutOfMemoryException extends RuntimeException {
    public TornadoOutOfMemoryException(String message) {
        super(message);
    }

    public TornadoOutOfMemoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
