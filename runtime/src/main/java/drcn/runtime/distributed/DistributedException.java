package drcn.runtime.distributed;

import drcn.runtime.UserException;

/** A collective that cannot start or failed; the message is one sentence for the user. */
public final class DistributedException extends UserException {
    public DistributedException(String message) { super(message); }

    public DistributedException(String message, Throwable cause) { super(message, cause); }
}
