package drcn.tornado.api.exceptions;

/** A failure at run time: no such device, a launch the device refused, a kernel without IR. */
public class TornadoRuntimeException extends RuntimeException {
    public TornadoRuntimeException(String message) {
        super(message);
    }

    public TornadoRuntimeException(String message, Throwable cause) {
        super(message, cause);
    }

    /** TornadoVM's wrapper of a checked exception: the cause's message, and the cause. */
    public TornadoRuntimeException(Exception cause) {
        super(cause);
    }
}
