package drcn.bench.cli;

import drcn.runtime.backends.Backends;
import drcn.runtime.backend.Device;
import drcn.runtime.profile.PeakMeter;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Measures the benchmarked device's peak in a JVM of its own, as JMH runs each benchmark in a
 * forked JVM: the parent `drcn bench` then never holds a context on the device while the forks
 * run. Some drivers do not hand a device to a second process while the first keeps it (NVIDIA's
 * OpenCL on a machine seen here listed one OpenCL device fewer in the forks when the parent had
 * opened the GPU). Prints one JSON object: id, name, driver, cpu, gflops, gbps.
 */
public final class DeviceProbe {
    private DeviceProbe() {}

    public static void main(String[] args) throws Exception {
        try (Device device = Backends.openFromSettings()) {
            PeakMeter.Result peak = PeakMeter.measure(device, args.length > 0 && args[0].equals("--tiny"));
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("id", peak.id());
            json.put("name", peak.name());
            json.put("driver", peak.driver());
            json.put("cpu", device.info().cpu());
            json.put("gflops", peak.gflops());
            json.put("gbps", peak.gbps());
            System.out.println(drcn.bench.Report.JSON.writeValueAsString(json));
        }
    }
}
