package drcn.tornado.api.exceptions;

/** The kernel's generated C did not build on the device (the driver's log is in the message). */
public class TornadoCompilationException extends RuntimeException {
    public TornadoCompilationException(String message) {
        super(message);
    }

    public TornadoCompilationException(String message, Throwable cause) {
        super(message, cause);
    }
}
