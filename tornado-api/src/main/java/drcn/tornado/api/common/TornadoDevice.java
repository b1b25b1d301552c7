package drcn.tornado.api.common;

import drcn.tornado.api.TornadoDeviceContext;
import drcn.tornado.api.TornadoTargetDevice;
import drcn.tornado.api.enums.TornadoDeviceType;
import drcn.tornado.api.enums.TornadoVMBackendType;

/**
 * One device a plan can run on: every device {@code drcn devices} lists (TornadoVM's interface, its
 * user-facing part; memory management stays inside the runtime).
 */
public interface TornadoDevice {
    String getDeviceName();

    String getDescription();

    String getPlatformName();

    TornadoDeviceType getDeviceType();

    long getMaxAllocMemory();

    long getMaxGlobalMemory();

    long getDeviceLocalMemorySize();

    long[] getDeviceMaxWorkgroupDimensions();

    /** The backend's index in {@code TornadoRuntime}: what {@code s0.t0.device=B:D} calls B. */
    int getBackendIndex();

    TornadoVMBackendType getTornadoVMBackend();

    /** Our id of it, as {@code --device} takes it: {@code opencl:0}, {@code cuda:0}, {@code jvm:0}. */
    String getId();

    /**
     * TornadoVM resets the device's memory and code caches here. In drcn a device holds no state of its own between
     * plans (buffers belong to plans: {@code TornadoExecutionPlan.freeDeviceMemory()}), so there is nothing to reset.
     */
    default void clean() {}

    /** Whether the device takes SPIR-V kernels; drcn emits OpenCL C and CUDA C only. */
    default boolean isSPIRVSupported() {
        return false;
    }

    /** The physical device's limits, from this device's own getters (drcn keeps one device object per device). */
    default TornadoTargetDevice getPhysicalDevice() {
        TornadoDevice device = this;
        return new TornadoTargetDevice() {
            @Override public String getDeviceName() { return device.getDeviceName(); }
            @Override public long getDeviceGlobalMemorySize() { return device.getMaxGlobalMemory(); }
            @Override public long getDeviceLocalMemorySize() { return device.getDeviceLocalMemorySize(); }
            @Override public int getDeviceMaxComputeUnits() { return device.getAvailableProcessors(); }
            @Override public long[] getDeviceMaxWorkItemSizes() { return device.getDeviceMaxWorkgroupDimensions(); }
            @Override public long[] getDeviceMaxWorkGroupSize() { return device.getDeviceMaxWorkgroupDimensions(); }
            @Override public int getMaxThreadsPerBlock() {
                long max = 1;
                for (long d : device.getDeviceMaxWorkgroupDimensions()) max = Math.max(max, d);
                return (int) Math.min(Integer.MAX_VALUE, max);
            }
            @Override public int getDeviceMaxClockFrequency() { return 0; }
            // drcn passes no __constant arguments; OpenCL's guaranteed minimum of CL_DEVICE_MAX_CONSTANT_BUFFER_SIZE.
            @Override public long getDeviceMaxConstantBufferSize() { return 64 * 1024; }
            @Override public long getDeviceMaxAllocationSize() { return device.getMaxAllocMemory(); }
            @Override public String getDeviceInfo() { return device.getDescription(); }
            @Override public String toString() { return device.getDeviceName(); }
        };
    }

    /** The device as TornadoVM's device context describes it. */
    default TornadoDeviceContext getDeviceContext() {
        return context(this, true);
    }

    /** A context from the device's own getters; {@code fp64}: whether kernels may compute in double on it. */
    static TornadoDeviceContext context(TornadoDevice device, boolean fp64) {
        return new TornadoDeviceContext() {
            @Override public TornadoTargetDevice getDevice() { return device.getPhysicalDevice(); }
            @Override public drcn.tornado.api.memory.TornadoMemoryProvider getMemoryManager() { return device::getMaxGlobalMemory; }
            @Override public boolean isFP64Supported() { return fp64; }
            @Override public int getDeviceIndex() {
                String id = device.getId();
                return id.contains(":") ? Integer.parseInt(id.substring(id.lastIndexOf(':') + 1)) : 0;
            }
            @Override public String getDeviceName() { return device.getDeviceName(); }
            @Override public int getDriverIndex() { return device.getBackendIndex(); }
        };
    }

    default int getAvailableProcessors() {
        return Runtime.getRuntime().availableProcessors();
    }
}
