package drcn.runtime.distributed;

import drcn.runtime.UserException;

/** A collective that cannot start or failed; the message is one sentence for the user. */
public final class DistributedException extends UserException {
    public DistributedException(String message) { super(message); }

    public DistributedException(String message, Throwable cause) { super(message, cause); }

    /** Calls into a native library, whose method handles declare {@code Throwable}. */
    interface NativeCalls {
        void run() throws Throwable;
    }

    /** Runs {@code calls}; a DistributedException they throw passes through, anything else becomes "{@code what} failed (cause)." */
    static void guard(String what, NativeCalls calls) {
        try {
            calls.run();
        } catch (DistributedException e) {
            throw e;
        } catch (Throwable t) {
            throw new DistributedException(what + " failed (" + t + ").", t);
        }
    }
}
