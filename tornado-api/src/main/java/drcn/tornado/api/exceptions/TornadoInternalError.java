package drcn.tornado.api.exceptions;

import java.util.ArrayList;
import java.util.List;

/** An internal error of the runtime (a broken invariant, not a user's mistake); TornadoVM's helpers to raise one. */
public class TornadoInternalError extends Error {
    private final List<String> context = new ArrayList<>();

    public TornadoInternalError(String message, Object... args) {
        super(args.length == 0 ? message : String.format(message, args));
    }

    public TornadoInternalError(Throwable cause) {
        super(cause);
    }

    public static RuntimeException unimplemented() {
        throw new TornadoInternalError("unimplemented");
    }

    public static RuntimeException unimplemented(String message, Object... args) {
        throw new TornadoInternalError("unimplemented: " + (args.length == 0 ? message : String.format(message, args)));
    }

    public static RuntimeException shouldNotReachHere() {
        throw new TornadoInternalError("should not reach here");
    }

    public static RuntimeException shouldNotReachHere(String message, Object... args) {
        throw new TornadoInternalError("should not reach here: " + (args.length == 0 ? message : String.format(message, args)));
    }

    public static RuntimeException shouldNotReachHere(Throwable cause) {
        throw new TornadoInternalError(cause);
    }

    public static void guarantee(boolean condition, String message, Object... args) {
        if (!condition) throw new TornadoInternalError("failed guarantee: " + (args.length == 0 ? message : String.format(message, args)));
    }

    public TornadoInternalError addContext(String newContext) {
        context.add(newContext);
        return this;
    }

    public TornadoInternalError addContext(String name, Object obj) {
        return addContext(name + ": " + obj);
    }

    @Override
    public String getMessage() {
        return context.isEmpty() ? super.getMessage() : super.getMessage() + " (" + String.join(", ", context) + ")";
    }

    public static RuntimeException unimplementedMetal() {
        throw new TornadoInternalError("unimplemented: Metal is not a drcn backend");
    }
}
