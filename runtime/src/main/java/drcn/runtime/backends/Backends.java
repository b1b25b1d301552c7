package drcn.runtime.backends;

import drcn.runtime.backend.Backend;
import drcn.runtime.backend.BackendException;
import drcn.runtime.backend.BackendUnavailableException;
import drcn.runtime.backend.Device;
import drcn.runtime.backend.cuda.CudaBackend;
import drcn.runtime.backend.jvm.JvmBackend;
import drcn.runtime.backend.opencl.OpenCLBackend;
import drcn.runtime.config.Settings;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Finds the backends and devices of this machine and opens the one the user asked for. */
public final class Backends {
    private Backends() {}

    /** Every backend, in the order {@code auto} tries them: the fastest kind first. */
    private static final List<String> NAMES = List.of("cuda", "opencl", "jvm");

    /**
     * The backends in the order {@code auto} tries them, which is also TornadoVM's backend numbering here
     * ({@code B:D} in {@code s0.t0.device=B:D}): of these, those with a device, numbered from 0.
     */
    public static List<String> order() {
        return NAMES;
    }

    /** What one backend offers here: its devices, or the one sentence why it has none. */
    public record Discovery(String backend, List<Device> devices, String unavailableReason) {}

    private static Backend create(String name) {
        Supplier<Backend> factory = switch (name) {
            case "jvm" -> JvmBackend::new;
            case "opencl" -> OpenCLBackend::new;
            case "cuda" -> CudaBackend::new;
            default -> throw new IllegalArgumentException("unknown backend '" + name + "': use jvm, opencl or cuda");
        };
        return factory.get();
    }

    /** Opens every device of every backend (the caller closes them). */
    public static List<Discovery> discoverAll() {
        var found = new ArrayList<Discovery>();
        for (String name : List.of("jvm", "opencl", "cuda")) found.add(discover(name));
        return found;
    }

    /** Opens the devices of one backend; a missing driver is reported, not thrown. */
    public static Discovery discover(String name) {
        try {
            return new Discovery(name, create(name).openDevices(), null);
        } catch (BackendUnavailableException e) {
            return new Discovery(name, List.of(), e.getMessage());
        } catch (Settings.SettingsException e) {
            throw e;
        } catch (RuntimeException | LinkageError e) {
            return new Discovery(name, List.of(), name + " is broken on this machine: " + e.getMessage());
        }
    }

    /** The device the settings name (drcn.backend, drcn.device). */
    public static Device openFromSettings() {
        Settings settings = Settings.current();
        return open(settings.backend(), settings.deviceIndex());
    }

    /**
     * Opens {@code jvm}, {@code opencl:1} style ids, or {@code auto} (first backend with a device).
     * A spec without an index uses {@code defaultIndex}.
     */
    public static Device open(String spec, int defaultIndex) {
        String backend = spec;
        int index = defaultIndex;
        int colon = spec.indexOf(':');
        if (colon >= 0) {
            backend = spec.substring(0, colon);
            try {
                index = Integer.parseInt(spec.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new BackendException("device '" + spec + "' is not of the form backend:index, e.g. opencl:0");
            }
        }
        if (backend.equals("auto")) {
            for (String name : NAMES) {
                Discovery d = discover(name);
                if (!d.devices().isEmpty()) return keepOnly(d.devices(), Math.min(index, d.devices().size() - 1));
            }
            throw new BackendException("no device found");
        }
        Discovery d = discover(backend);
        if (d.unavailableReason() != null) throw new BackendException(d.unavailableReason());
        if (index >= d.devices().size()) {
            d.devices().forEach(Device::close);
            throw new BackendException("there is no device " + backend + ":" + index + "; `drcn devices` lists "
                    + d.devices().size() + " " + backend + " device(s)");
        }
        return keepOnly(d.devices(), index);
    }

    private static Device keepOnly(List<Device> devices, int index) {
        for (int i = 0; i < devices.size(); i++) if (i != index) devices.get(i).close();
        return devices.get(index);
    }
}
