package drcn.tornado.api.exceptions;

/** No OpenCL platform is installed where an OpenCL device was asked for. */
public class TornadoNoOpenCLPlatformException extends RuntimeException {
    public TornadoNoOpenCLPlatformException(String message) {
        super(message);
    }

    public TornadoNoOpenCLPlatformException(String message, Throwable cause) {
        super(message, cause);
    }
}
