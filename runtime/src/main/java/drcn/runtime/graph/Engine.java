package drcn.runtime.graph;

import drcn.runtime.config.Settings;
import drcn.tornado.api.ImmutableTaskGraph;
import drcn.tornado.api.common.TornadoDevice;
import drcn.tornado.api.runtime.PlanExecutor;
import drcn.tornado.api.runtime.TornadoEngine;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The engine behind drcn-tornado-api (registered for {@link java.util.ServiceLoader}): the device table,
 * TornadoVM's settings, and the buffers graphs persisted for other plans.
 *
 * <p>TornadoVM's settings are read, in order, from {@link #setProperty}, {@code -D}, then
 * tornado.properties: {@code graph.task.device=B:D} and {@code graph.device=B:D} (per task / per graph device,
 * B:D as {@code drcn devices} prints it, or an id such as {@code opencl:0}), {@code tornado.device.memory}
 * (e.g. 1GB: what one plan may hold on a device), {@code tornado.profiler=true} (every plan profiles, CONSOLE),
 * {@code tornado.printKernel=true}.
 */
public final class Engine implements TornadoEngine {
    private static final Map<String, String> OVERRIDES = new ConcurrentHashMap<>();
    private volatile DeviceTable devices;
    final Persisted persisted = new Persisted();

    public Engine() {}

    DeviceTable devices() {
        DeviceTable d = devices;
        if (d == null) {
            synchronized (this) {
                if (devices == null) devices = new DeviceTable();
                d = devices;
            }
        }
        return d;
    }

    @Override
    public DeviceTable runtime() {
        return devices();
    }

    @Override
    public PlanExecutor newExecutor(List<ImmutableTaskGraph> graphs) {
        return new PlanRunner(this, graphs);
    }

    @Override
    public String property(String key, String fallback) {
        return setting(key, fallback);
    }

    @Override
    public void setProperty(String key, String value) {
        OVERRIDES.put(key, value);
    }

    /**
     * The device for {@code TornadoExecutionPlan.withDevice} that runs tasks on {@code device} itself, a device opened
     * by the caller (runtime code such as the DRCN model; {@code TornadoExecutionPlan.getDevice(b, d)} is the API's way).
     * Opens no other device.
     */
    public static TornadoDevice deviceOf(drcn.runtime.backend.Device device) {
        return DeviceTable.adHoc(device);
    }

    /** A TornadoVM-style setting: {@link #setProperty}, then -D, then tornado.properties' non-drcn keys. */
    static String setting(String key, String fallback) {
        String v = OVERRIDES.get(key);
        if (v == null) v = System.getProperty(key);
        if (v == null) v = Settings.current().tornadoSettings().get(key);
        return v == null || v.isBlank() ? fallback : v.trim();
    }
}
