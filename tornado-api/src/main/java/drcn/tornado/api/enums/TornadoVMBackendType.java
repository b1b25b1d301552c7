package drcn.tornado.api.enums;

/** The backend a device belongs to (TornadoVM's names; ours are OPENCL, CUDA (via NVRTC and PTX) and JAVA). */
public enum TornadoVMBackendType {
    OPENCL("OpenCL"), METAL("Metal"), PTX("PTX"), CUDA("CUDA"), SPIRV("SPIRV"), JAVA("Java"), VIRTUAL("Virtual");

    private final String backendName;

    TornadoVMBackendType(String backendName) {
        this.backendName = backendName;
    }

    public String getName() {
        return backendName;
    }
}
