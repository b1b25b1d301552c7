package drcn.tornado.api.exceptions;

/** A TornadoVM-internal failure; kept for programs that catch it. */
public class TornadoFailureException extends RuntimeException {
    public TornadoFailureException(String message) {
        super(message);
    }

    public TornadoFailureException(String message, Throwable cause) {
        super(message, cause);
    }

    public TornadoFailureException(Exception cause) {
        super(cause);
    }
}
