package drcn.tornado.api.enums;

/** When a task graph's data crosses between host and device (TornadoVM's constants). */
public final class DataTransferMode {
    private DataTransferMode() {}

    /** Copied on the plan's first execution only: read-only inputs such as weights. */
    public static final int FIRST_EXECUTION = 0;
    /** Copied on every execution. */
    public static final int EVERY_EXECUTION = 1;
    /** Copied to the host only when {@code TornadoExecutionResult.transferToHost(...)} asks for it. */
    public static final int UNDER_DEMAND = 2;

    /** The constant's name, for messages. */
    public static String name(int mode) {
        return switch (mode) {
            case FIRST_EXECUTION -> "FIRST_EXECUTION";
            case EVERY_EXECUTION -> "EVERY_EXECUTION";
            case UNDER_DEMAND -> "UNDER_DEMAND";
            default -> "mode " + mode;
        };
    }
}
