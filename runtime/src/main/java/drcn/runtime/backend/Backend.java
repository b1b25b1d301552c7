package drcn.runtime.backend;

import java.util.List;

/** A family of devices reached through one driver API. */
public interface Backend {
    /** jvm, opencl or cuda. */
    String name();

    /**
     * Opens every device this backend can reach. Throws {@link BackendUnavailableException} with one
     * sentence (e.g. "no OpenCL library found: install ocl-icd-libopencl1 and a driver such as
     * pocl-opencl-icd") when the driver is missing or broken.
     */
    List<Device> openDevices();
}
