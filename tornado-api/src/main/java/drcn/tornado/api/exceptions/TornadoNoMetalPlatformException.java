package drcn.tornado.api.exceptions;

/** No Metal platform: drcn has no Metal backend. */
public class TornadoNoMetalPlatformException extends RuntimeException {
    public TornadoNoMetalPlatformException(String message) {
        super(message);
    }

    public TornadoNoMetalPlatformException(String message, Throwable cause) {
        super(message, cause);
    }
}
