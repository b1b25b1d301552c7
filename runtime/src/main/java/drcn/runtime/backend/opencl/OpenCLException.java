package drcn.runtime.backend.opencl;

import drcn.runtime.backend.BackendException;

/**
 * An OpenCL call that returned an error code. The message names the call and the code's symbolic
 * name (e.g. {@code clEnqueueNDRangeKernel failed: CL_INVALID_WORK_GROUP_SIZE (-54)}), so a user can
 * search for it; {@link #code()} gives the number to programs.
 */
public class OpenCLException extends BackendException {
    private final int code;

    public OpenCLException(int code, String message) {
        super(message);
        this.code = code;
    }

    /** The raw OpenCL error code (negative). */
    public int code() {
        return code;
    }

    /** The symbolic name of {@link #code()}, e.g. {@code CL_OUT_OF_RESOURCES}. */
    public String codeName() {
        return OpenCL.errorName(code);
    }
}
