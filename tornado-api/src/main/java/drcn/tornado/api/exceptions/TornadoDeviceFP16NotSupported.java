package drcn.tornado.api.exceptions;

/** A kernel uses half-precision floats on a device without fp16. */
public class TornadoDeviceFP16NotSupported extends RuntimeException {
    public TornadoDeviceFP16NotSupported(String message) {
        super(message);
    }

    public TornadoDeviceFP16NotSupported(String message, Throwable cause) {
        super(message, cause);
    }
}
