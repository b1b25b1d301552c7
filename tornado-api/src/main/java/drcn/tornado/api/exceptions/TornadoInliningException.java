package drcn.tornado.api.exceptions;

/** A kernel's call could not be inlined. */
public class TornadoInliningException extends RuntimeException {
    public TornadoInliningException(String message) {
        super(message);
    }

    public TornadoInliningException(String message, Throwable cause) {
        super(message, cause);
    }
}
