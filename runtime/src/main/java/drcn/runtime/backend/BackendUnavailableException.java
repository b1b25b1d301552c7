package drcn.runtime.backend;

/** The backend's driver is missing or unusable on this machine; the message says so in one sentence. */
public class BackendUnavailableException extends BackendException {
    public BackendUnavailableException(String message) { super(message); }

    public BackendUnavailableException(String message, Throwable cause) { super(message, cause); }
}
