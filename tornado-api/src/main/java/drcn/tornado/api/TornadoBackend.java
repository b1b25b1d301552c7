package drcn.tornado.api;

import drcn.tornado.api.common.TornadoDevice;
import drcn.tornado.api.enums.TornadoDeviceType;
import drcn.tornado.api.enums.TornadoVMBackendType;

import java.util.List;

/** One backend (OpenCL, CUDA, Java) and its devices (TornadoVM's interface). */
public interface TornadoBackend {
    TornadoDevice getDefaultDevice();

    void setDefaultDevice(int index);

    int getNumDevices();

    TornadoDevice getDevice(int index);

    List<TornadoDevice> getAllDevices();

    TornadoDeviceType getTypeDefaultDevice();

    String getName();

    int getNumPlatforms();

    TornadoVMBackendType getBackendType();
}
