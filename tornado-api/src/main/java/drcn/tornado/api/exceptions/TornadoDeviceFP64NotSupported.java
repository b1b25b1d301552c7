package drcn.tornado.api.exceptions;

/** A kernel uses double on a device without fp64. */
public class TornadoDeviceFP64NotSupported extends RuntimeException {
    public TornadoDeviceFP64NotSupported(String message) {
        super(message);
    }

    public TornadoDeviceFP64NotSupported(String message, Throwable cause) {
        super(message, cause);
    }
}
