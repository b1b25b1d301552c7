package drcn.runtime;

/** Something the user can fix (a missing file, a bad option); its message is one sentence. */
public class UserException extends RuntimeException {
    public UserException(String message) { super(message); }

    public UserException(String message, Throwable cause) { super(message, cause); }
}
