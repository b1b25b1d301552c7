package drcn.tornado.api.common;

/**
 * The physical device behind a {@code TornadoDevice} and its limits (TornadoVM's interface, which TornadoVM keeps in
 * the API's root package; here beside TornadoDevice, so that the root and common packages form no cycle).
 */
public interface TornadoTargetDevice {
    String getDeviceName();

    long getDeviceGlobalMemorySize();

    long getDeviceLocalMemorySize();

    int getDeviceMaxComputeUnits();

    long[] getDeviceMaxWorkItemSizes();

    long[] getDeviceMaxWorkGroupSize();

    int getMaxThreadsPerBlock();

    int getDeviceMaxClockFrequency();

    long getDeviceMaxConstantBufferSize();

    long getDeviceMaxAllocationSize();

    String getDeviceInfo();
}
