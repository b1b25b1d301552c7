package drcn.runtime.backend.opencl;

/**
 * The device compiler rejected a program. The message holds the source lines the build log points
 * at (quoted) and the whole log; {@link #buildLog()} and {@link #source()} give them separately.
 */
public class KernelBuildException extends OpenCLException {
    private final String buildLog;
    private final String source;

    public KernelBuildException(int code, String message, String buildLog, String source) {
        super(code, message);
        this.buildLog = buildLog;
        this.source = source;
    }

    public String buildLog() {
        return buildLog;
    }

    public String source() {
        return source;
    }
}
