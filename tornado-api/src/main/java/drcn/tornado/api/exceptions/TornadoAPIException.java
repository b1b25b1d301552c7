package drcn.tornado.api.exceptions;

/** The API was used in a way it does not support. */
public class TornadoAPIException extends RuntimeException {
    public TornadoAPIException(String message) {
        super(message);
    }

    public TornadoAPIException(String message, Throwable cause) {
        super(message, cause);
    }
}
