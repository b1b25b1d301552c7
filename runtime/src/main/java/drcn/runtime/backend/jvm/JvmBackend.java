package drcn.runtime.backend.jvm;

import drcn.runtime.backend.Backend;
import drcn.runtime.backend.Device;
import drcn.runtime.config.Settings;

import java.util.List;

/**
 * Runs the {@code @Kernel} Java methods themselves on the JVM's threads: the reference and debugging
 * path, and the fallback when no OpenCL or CUDA device exists. Always available; one device, {@code jvm:0}.
 */
public final class JvmBackend implements Backend {
    public JvmBackend() {}

    @Override
    public String name() { return "jvm"; }

    @Override
    public List<Device> openDevices() {
        return List.of(new JvmDevice(Settings.current()));
    }
}
