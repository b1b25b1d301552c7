package drcn.tornado.api;

import drcn.tornado.api.common.TornadoDevice;
import drcn.tornado.api.enums.TornadoDeviceType;
import drcn.tornado.api.runtime.TornadoRuntimeProvider;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** Every backend and device of this machine, to search by predicate (TornadoVM's class). */
public class TornadoDeviceMap {
    private final List<TornadoBackend> backends = new ArrayList<>();

    public TornadoDeviceMap() {
        TornadoRuntime runtime = TornadoRuntimeProvider.getTornadoRuntime();
        for (int b = 0; b < runtime.getNumBackends(); b++) backends.add(runtime.getBackend(b));
    }

    public int getNumBackends() {
        return backends.size();
    }

    public List<TornadoBackend> getAllBackends() {
        return List.copyOf(backends);
    }

    public List<TornadoBackend> getBackendsWithPredicate(Predicate<? super TornadoBackend> predicate) {
        return backends.stream().filter(predicate).map(b -> (TornadoBackend) b).toList();
    }

    public List<TornadoBackend> getBackendsWithDevicePredicate(Predicate<? super TornadoDevice> predicate) {
        return backends.stream().filter(b -> b.getAllDevices().stream().anyMatch(predicate)).map(b -> (TornadoBackend) b).toList();
    }

    public Stream<TornadoDevice> getDevicesByName(String deviceName) {
        return devices().filter(d -> d.getDeviceName().contains(deviceName));
    }

    public Stream<TornadoDevice> getDevicesByType(TornadoDeviceType deviceType) {
        return devices().filter(d -> d.getDeviceType() == deviceType);
    }

    private Stream<TornadoDevice> devices() {
        return backends.stream().flatMap(b -> b.getAllDevices().stream());
    }
}
