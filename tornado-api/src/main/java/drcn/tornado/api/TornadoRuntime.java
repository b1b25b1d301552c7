package drcn.tornado.api;

import drcn.tornado.api.common.TornadoDevice;
import drcn.tornado.api.enums.TornadoVMBackendType;

/** The backends of this machine (TornadoVM's interface); get it from {@code TornadoRuntimeProvider.getTornadoRuntime()}. */
public interface TornadoRuntime {
    TornadoBackend getBackend(int index);

    void setDefaultBackend(int index);

    TornadoVMBackendType getBackendType(int index);

    int getNumBackends();

    /** The first backend that is an instance of {@code type}; null when none is. */
    default <D extends TornadoBackend> D getBackend(Class<D> type) {
        int index = getBackendIndex(type);
        return index < 0 ? null : type.cast(getBackend(index));
    }

    /** The index of the first backend that is an instance of {@code type}; -1 when none is. */
    default <D extends TornadoBackend> int getBackendIndex(Class<D> type) {
        for (int i = 0; i < getNumBackends(); i++) if (type.isInstance(getBackend(i))) return i;
        return -1;
    }

    TornadoDevice getDefaultDevice();

    boolean isProfilerEnabled();

    default boolean isPowerMonitoringEnabled() {
        return false;
    }

    default long getPowerMetric() {
        return 0;
    }
}
