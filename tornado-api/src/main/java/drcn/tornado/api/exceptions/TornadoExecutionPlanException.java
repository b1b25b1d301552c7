package drcn.tornado.api.exceptions;

/** A plan could not be released (checked, as in TornadoVM: {@code TornadoExecutionPlan.close()} declares it). */
public class TornadoExecutionPlanException extends Exception {
    public TornadoExecutionPlanException(String message) {
        super(message);
    }

    public TornadoExecutionPlanException(String message, Throwable cause) {
        super(message, cause);
    }
}
