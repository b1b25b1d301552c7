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
 * @param sliceAlignment   bytes that the offset of a {@link Buffer#slice view} must be a multiple of (OpenCL:
 *                         CL_DEVICE_MEM_BASE_ADDR_ALIGN / 8; CUDA: 256, cuMemAlloc's alignment; JVM: 64, a cache
 *                         line): a layout of views (DrcnParameters') pads each tensor's offset to it
 */
public record DeviceInfo(String backend, int index, String platform, String name, String driver,
                         int computeUnits, long memoryBytes, int maxWorkGroupSize, long localMemoryBytes,
                         boolean cpu, long sliceAlignment) {
    /** The slice alignment of a DeviceInfo made without one (tests, tools): 256 bytes. */
    public static final long DEFAULT_SLICE_ALIGNMENT = 256;

    public DeviceInfo {
        if (sliceAlignment < 4 || Long.bitCount(sliceAlignment) != 1) {
            throw new IllegalArgumentException("a slice alignment is a power of two of at least 4 bytes, not " + sliceAlignment);
        }
    }

    /** With the {@link #DEFAULT_SLICE_ALIGNMENT}. */
    public DeviceInfo(String backend, int index, String platform, String name, String driver,
                      int computeUnits, long memoryBytes, int maxWorkGroupSize, long localMemoryBytes, boolean cpu) {
        this(backend, index, platform, name, driver, computeUnits, memoryBytes, maxWorkGroupSize, localMemoryBytes, cpu,
                DEFAULT_SLICE_ALIGNMENT);
    }

    /** The id users pass as {@code --device}: e.g. {@code jvm:0}, {@code opencl:0}. */
    public String id() {
        return backend + ":" + index;
    }
}
