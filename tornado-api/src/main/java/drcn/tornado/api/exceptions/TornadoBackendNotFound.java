package drcn.tornado.api.exceptions;

/** No backend at the index asked for. */
public class TornadoBackendNotFound extends TornadoRuntimeException {
    public TornadoBackendNotFound(String message) {
        super(message);
    }

    public TornadoBackendNotFound(String message, Throwable cause) {
        super(message, cause);
    }
}
