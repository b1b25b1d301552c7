package drcn.tornado.api;

import drcn.tornado.api.common.TornadoDevice;
import drcn.tornado.api.enums.TornadoVMBackendType;

/** The backends of this machine (TornadoVM's interface); get it from {@code TornadoRuntimeProvider.getTornadoRuntime()}. */
public interface TornadoRuntime {
    TornadoBackend getBackend(int index);

    void setDefaultBackend(int index);

    TornadoVMBackendType getBackendType(int index);

    int getNumBackends();

    TornadoDevice getDefaultDevice();

    boolean isProfilerEnabled();

    default boolean isPowerMonitoringEnabled() {
        return false;
    }

    default long getPowerMetric() {
        return 0;
    }
}
