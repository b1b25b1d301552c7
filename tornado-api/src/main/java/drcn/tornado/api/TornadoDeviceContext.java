package drcn.tornado.api;

import drcn.tornado.api.memory.TornadoMemoryProvider;

/** What a device offers to plans (TornadoVM's interface, the parts that describe a device; drcn keeps no per-plan state here). */
public interface TornadoDeviceContext {
    TornadoTargetDevice getDevice();

    TornadoMemoryProvider getMemoryManager();

    /** Whether kernels may use double arithmetic on this device. */
    boolean isFP64Supported();

    int getDeviceIndex();

    String getDeviceName();

    /** The backend's index in {@code TornadoRuntime} (TornadoVM's driver index). */
    int getDriverIndex();
}
