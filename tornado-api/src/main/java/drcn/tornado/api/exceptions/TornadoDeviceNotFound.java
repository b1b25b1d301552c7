package drcn.tornado.api.exceptions;

/** No device at the backend and index asked for. */
public class TornadoDeviceNotFound extends TornadoRuntimeException {
    public TornadoDeviceNotFound(String message) {
        super(message);
    }

    public TornadoDeviceNotFound(String message, Throwable cause) {
        super(message, cause);
    }
}
