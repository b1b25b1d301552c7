package drcn.tornado.api.exceptions;

/** A kernel uses matrix-multiply-accumulate instructions on a device without them. */
public class TornadoDeviceMMANotSupported extends RuntimeException {
    public TornadoDeviceMMANotSupported(String message) {
        super(message);
    }

    public TornadoDeviceMMANotSupported(String message, Throwable cause) {
        super(message, cause);
    }
}
