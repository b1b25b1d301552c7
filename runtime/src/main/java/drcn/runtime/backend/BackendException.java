package drcn.runtime.backend;

/** A failure of a device or its driver, with a message a user can act on. */
public class BackendException extends RuntimeException {
    public BackendException(String message) { super(message); }

    public BackendException(String message, Throwable cause) { super(message, cause); }
}
