package drcn.runtime.graph;

import drcn.runtime.backends.Backends;
import drcn.runtime.backend.Device;
import drcn.runtime.backend.DeviceInfo;
import drcn.runtime.config.Settings;
import drcn.runtime.jit.KernelJit;
import drcn.tornado.api.TornadoBackend;
import drcn.tornado.api.TornadoRuntime;
import drcn.tornado.api.common.TornadoDevice;
import drcn.tornado.api.enums.TornadoDeviceType;
import drcn.tornado.api.enums.TornadoVMBackendType;
import drcn.tornado.api.exceptions.TornadoDeviceNotFound;

import java.util.ArrayList;
import java.util.List;

/**
 * The machine's backends and devices as TornadoVM numbers them: backend B, device D ({@code B:D}), backends
 * in the order {@code drcn.backend=auto} tries them (cuda, opencl, jvm) and only those with a device, so
 * {@code 0:0} is the fastest device here and the JVM is always last. Devices are opened on first use and
 * stay open for the process (plans share them).
 */
final class DeviceTable implements TornadoRuntime {
    private final List<Backend> backends = new ArrayList<>();
    private int defaultBackend;

    DeviceTable() {
        for (String name : Backends.order()) {
            Backends.Discovery d = Backends.discover(name);
            if (d.devices().isEmpty()) continue;
            var backend = new Backend(backends.size(), name);
            for (Device device : d.devices()) backend.devices.add(new DeviceHandle(backend, backend.devices.size(), device));
            backends.add(backend);
        }
        Settings s = Settings.current();
        if (!s.backend().equals("auto")) {
            for (Backend b : backends) if (b.name.equals(s.backend())) defaultBackend = b.index;
        }
        int device = s.deviceIndex();
        Backend b = backends.get(defaultBackend);
        if (device < b.devices.size()) b.defaultDevice = device;
    }

    /** The device {@code B:D}, or our {@code backend:index} ids ({@code opencl:0}). */
    DeviceHandle parse(String spec, String where) {
        String[] parts = spec.trim().split(":");
        if (parts.length == 2) {
            try {
                int d = Integer.parseInt(parts[1]);
                if (parts[0].chars().allMatch(Character::isDigit)) {
                    int b = Integer.parseInt(parts[0]);
                    if (b < backends.size() && d < backends.get(b).devices.size()) return backends.get(b).devices.get(d);
                } else {
                    for (Backend b : backends) {
                        if (b.name.equals(parts[0]) && d < b.devices.size()) return b.devices.get(d);
                    }
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
        }
        throw new TornadoDeviceNotFound(where + ": there is no device '" + spec + "'; devices here: " + list());
    }

    String list() {
        var out = new ArrayList<String>();
        for (Backend b : backends) {
            for (DeviceHandle d : b.devices) out.add(b.index + ":" + d.index + " (" + d.getId() + ", " + d.getDeviceName() + ")");
        }
        return String.join(", ", out);
    }

    @Override
    public TornadoBackend getBackend(int index) {
        if (index < 0 || index >= backends.size()) {
            throw new drcn.tornado.api.exceptions.TornadoBackendNotFound("there is no backend " + index + "; backends here: " + list());
        }
        return backends.get(index);
    }

    @Override
    public void setDefaultBackend(int index) {
        getBackend(index);
        defaultBackend = index;
    }

    @Override
    public TornadoVMBackendType getBackendType(int index) {
        return ((Backend) getBackend(index)).getBackendType();
    }

    @Override
    public int getNumBackends() {
        return backends.size();
    }

    @Override
    public DeviceHandle getDefaultDevice() {
        return backends.get(defaultBackend).getDefaultDevice();
    }

    @Override
    public boolean isProfilerEnabled() {
        return profilerEnabled();
    }

    /** Whether every plan profiles (drcn.profile or tornado.profiler): read without opening any device. */
    static boolean profilerEnabled() {
        return Settings.current().profile() || Boolean.parseBoolean(Engine.setting("tornado.profiler", "false"));
    }

    /**
     * A handle for a device opened outside this table (the model's, a test's, a profiling wrapper): its plans run on
     * that very device object. Numbered {@code -1:0}, as it is none of the table's.
     */
    static DeviceHandle adHoc(Device device) {
        String id = device.info().id();
        int colon = id.indexOf(':');
        return new DeviceHandle(new Backend(-1, colon > 0 ? id.substring(0, colon) : id), 0, device);
    }

    static final class Backend implements TornadoBackend {
        final int index;
        final String name;
        final List<DeviceHandle> devices = new ArrayList<>();
        int defaultDevice;

        Backend(int index, String name) {
            this.index = index;
            this.name = name;
        }

        @Override
        public DeviceHandle getDefaultDevice() {
            return devices.get(defaultDevice);
        }

        @Override
        public void setDefaultDevice(int index) {
            getDevice(index);
            defaultDevice = index;
        }

        @Override
        public int getNumDevices() {
            return devices.size();
        }

        @Override
        public DeviceHandle getDevice(int index) {
            if (index < 0 || index >= devices.size()) {
                throw new TornadoDeviceNotFound("backend " + this.index + " (" + name + ") has no device " + index + "; it has " + devices.size());
            }
            return devices.get(index);
        }

        @Override
        public List<TornadoDevice> getAllDevices() {
            return List.copyOf(devices);
        }

        @Override
        public TornadoDeviceType getTypeDefaultDevice() {
            return getDefaultDevice().getDeviceType();
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public int getNumPlatforms() {
            return (int) devices.stream().map(d -> d.device.info().platform()).distinct().count();
        }

        @Override
        public TornadoVMBackendType getBackendType() {
            return switch (name) {
                case "cuda" -> TornadoVMBackendType.CUDA;
                case "opencl" -> TornadoVMBackendType.OPENCL;
                default -> TornadoVMBackendType.JAVA;
            };
        }
    }

    /** One device as the API sees it; {@link #device} is the backend's device that runs the tasks. */
    static final class DeviceHandle implements TornadoDevice {
        final Backend backend;
        final int index;
        final Device device;

        DeviceHandle(Backend backend, int index, Device device) {
            this.backend = backend;
            this.index = index;
            this.device = device;
        }

        private DeviceInfo info() {
            return device.info();
        }

        @Override public String getDeviceName() { return info().name(); }
        @Override public String getDescription() { return info().name() + " (" + info().platform() + ", " + info().driver() + ")"; }
        @Override public String getPlatformName() { return info().platform(); }
        @Override public TornadoDeviceType getDeviceType() {
            return backend.name.equals("jvm") ? TornadoDeviceType.CPU : info().cpu() ? TornadoDeviceType.CPU : TornadoDeviceType.GPU;
        }
        @Override public long getMaxAllocMemory() { return info().memoryBytes(); }
        @Override public long getMaxGlobalMemory() { return info().memoryBytes(); }
        @Override public long getDeviceLocalMemorySize() { return info().localMemoryBytes(); }
        /** The device's compute units (TornadoVM's meaning; the default, the host's processors, fits the JVM device only). */
        @Override public int getAvailableProcessors() { return Math.max(1, info().computeUnits()); }
        @Override public long[] getDeviceMaxWorkgroupDimensions() {
            long g = info().maxWorkGroupSize();
            return new long[]{g, g, g};
        }
        @Override public int getBackendIndex() { return backend.index; }
        @Override public TornadoVMBackendType getTornadoVMBackend() { return backend.getBackendType(); }
        @Override public String getId() { return info().id(); }
        @Override public drcn.tornado.api.TornadoDeviceContext getDeviceContext() { return TornadoDevice.context(this, device.supportsDoubles()); }
        /** Forgets generated and built kernels, so the next plan generates and builds its kernels again. */
        @Override public void clean() {
            KernelJit.clear();
            device.forgetBuiltKernels();
        }
        @Override public String toString() { return backend.index + ":" + index + " " + getId() + " " + getDeviceName(); }
    }
}
