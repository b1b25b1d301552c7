package drcn.runtime.backend;

/**
 * What {@code drcn devices} shows about a device.
 *
 * @param backend          jvm, opencl or cuda
 * @param index            the device's index within its backend (what {@code --device opencl:1} names)
 * @param platform         the OpenCL platform (or "jvm", "cuda")
 * @param name             the device's name as its driver reports it
 * @param driver           the driver version
 * @param computeUnits     compute units (OpenCL), SMs (CUDA), cores (JVM)
 * @param memoryBytes      global memory
 * @param maxWorkGroupSize the largest work-group
 * @param localMemoryBytes local (shared) memory per work-group
 * @param cpu              the device runs on CPU cores (jvm, an OpenCL CPU device such as PoCL): kernels
 *                         that hold SIMD lanes inside one work-item win there, GPUs want one lane per
 *                         work-item (e.g. Convolution.convForwardRowTiles vs convForward)
 */
public record DeviceInfo(String backend, int index, String platform, String name, String driver,
                         int computeUnits, long memoryBytes, int maxWorkGroupSize, long localMemoryBytes,
                         boolean cpu) {

    /** The id users pass as {@code --device}: e.g. {@code jvm:0}, {@code opencl:0}. */
    public String id() {
        return backend + ":" + index;
    }
}
