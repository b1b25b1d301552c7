package drcn.runtime.backend;

import drcn.runtime.UserException;

/** A failure of a device or its driver, with a message a user can act on (no driver, out of device memory). */
public class BackendException extends UserException {
    public BackendException(String message) { super(message); }

    public BackendException(String message, Throwable cause) { super(message, cause); }
}
