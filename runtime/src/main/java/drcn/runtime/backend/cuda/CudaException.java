package drcn.runtime.backend.cuda;

import drcn.runtime.backend.BackendException;

/** A CUDA driver or NVRTC error, named as the driver names it (e.g. CUDA_ERROR_OUT_OF_MEMORY). */
public final class CudaException extends BackendException {
    private final String errorName;
    private final int code;

    public CudaException(String message, String errorName, int code) {
        super(message);
        this.errorName = errorName;
        this.code = code;
    }

    public String errorName() { return errorName; }

    public int code() { return code; }
}
