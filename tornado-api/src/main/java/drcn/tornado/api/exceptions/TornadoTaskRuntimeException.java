package drcn.tornado.api.exceptions;

/** A task graph that cannot run as declared (a bad name, a missing grid, an argument of a type kernels cannot take). */
public class TornadoTaskRuntimeException extends RuntimeException {
    public TornadoTaskRuntimeException(String message) {
        super(message);
    }

    public TornadoTaskRuntimeException(String message, Throwable cause) {
        super(message, cause);
    }
}
