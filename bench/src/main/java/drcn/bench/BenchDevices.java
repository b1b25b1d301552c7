package drcn.bench;

import drcn.tornado.api.types.arrays.FloatArray;
import drcn.runtime.backends.Backends;
import drcn.runtime.backend.Buffer;
import drcn.runtime.backend.Device;
import drcn.runtime.config.Settings;
import drcn.runtime.profile.Profiler;
import org.openjdk.jmh.infra.BenchmarkParams;

import java.nio.file.Path;
import java.util.SplittableRandom;

/** What every harness needs: the device named by its {@code device} parameter and random device buffers. */
public final class BenchDevices {
    private BenchDevices() {}

    /**
     * Opens a device such as {@code opencl:0}. A device this machine lacks (no CUDA driver, no
     * OpenCL) ends the benchmark's setup with one sentence; JMH then reports that parameter
     * combination as failed and goes on with the others (`drcn bench` only asks for present devices).
     */
    public static Device open(String id) {
        Settings.current(); // tornado.properties and -Ddrcn.* overrides apply in the forked JVM too
        return Backends.open(id, 0);
    }

    /**
     * {@link #open(String)} for one JMH trial: when drcn.profile is on ({@code drcn bench --profile}), the device comes
     * wrapped in a profiler whose per-kernel table goes to stderr when the trial closes it (warm-up and measurement
     * iterations together), headed by the benchmark and its parameters; with {@code --profile-json FILE} or
     * {@code --trace FILE} each trial writes its own file, FILE with the trial's label before the extension.
     */
    public static Device open(String id, BenchmarkParams trial) {
        Device device = open(id);
        if (!Settings.current().profile()) return device;
        String label = label(trial);
        System.err.println(System.lineSeparator() + "profile of " + label + ":");
        return Profiler.open(device, System.err, perTrial(PROFILE_JSON, label), perTrial(PROFILE_TRACE, label));
    }

    /** System properties (not drcn.* settings) by which {@code drcn bench} hands its profile files to the forked JVMs. */
    public static final String PROFILE_JSON = "bench.profileJson", PROFILE_TRACE = "bench.profileTrace";

    /** The benchmark without its package and every parameter but the device, e.g. {@code DrcnInferenceBench.inference-filters64-image64}. */
    static String label(BenchmarkParams trial) {
        var label = new StringBuilder(trial.getBenchmark().replaceFirst("^drcn\\.bench\\.", ""));
        for (String key : trial.getParamsKeys()) {
            if (!key.equals("device")) label.append('-').append(key).append(trial.getParam(key));
        }
        return label.toString().replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /** {@code dir/name.ext} named by the property as {@code dir/name-label.ext}; null when the property is unset. */
    static Path perTrial(String property, String label) {
        String file = System.getProperty(property);
        if (file == null) return null;
        Path path = Path.of(file);
        String name = path.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String named = dot <= 0 ? name + "-" + label : name.substring(0, dot) + "-" + label + name.substring(dot);
        return path.resolveSibling(named);
    }

    /** Whether the device exists here (opens and closes it). */
    public static boolean present(String id) {
        try (Device ignored = Backends.open(id, 0)) {
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Host floats uniform in [-1, 1), seeded so every run and every device see the same data. */
    public static float[] randomFloats(int size, long seed) {
        var random = new SplittableRandom(seed);
        float[] values = new float[size];
        for (int i = 0; i < size; i++) values[i] = (float) random.nextDouble(-1, 1);
        return values;
    }

    /** A device buffer of {@code size} random floats. */
    public static Buffer randomBuffer(Device device, int size, long seed) {
        Buffer buffer = device.allocateFloats(size);
        device.write(buffer, FloatArray.fromArray(randomFloats(size, seed)));
        return buffer;
    }
}
