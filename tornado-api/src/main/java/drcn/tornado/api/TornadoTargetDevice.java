package drcn.tornado.api;

/**
 * The physical device behind a {@code TornadoDevice} and its limits (TornadoVM's interface, in its package: a
 * port imports it from the API's root package).
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
