package drcn.tornado.api.exceptions;

/** A task could not run on its device (TornadoVM falls back to Java here; drcn reports it). */
public class TornadoBailoutRuntimeException extends RuntimeException {
    public TornadoBailoutRuntimeException(String message) {
        super(message);
    }

    public TornadoBailoutRuntimeException(String message, Throwable cause) {
        super(message, cause);
    }
}
