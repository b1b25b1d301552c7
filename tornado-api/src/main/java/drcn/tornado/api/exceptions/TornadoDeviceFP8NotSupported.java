package drcn.tornado.api.exceptions;

/** A kernel uses 8-bit floats on a device without them. */
public class TornadoDeviceFP8NotSupported extends RuntimeException {
    public TornadoDeviceFP8NotSupported(String message) {
        super(message);
    }

    public TornadoDeviceFP8NotSupported(String message, Throwable cause) {
        super(message, cause);
    }
}
