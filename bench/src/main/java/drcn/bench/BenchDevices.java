package drcn.bench;

import drcn.tornado.api.types.arrays.FloatArray;
import drcn.runtime.backends.Backends;
import drcn.runtime.backend.Buffer;
import drcn.runtime.backend.Device;
import drcn.runtime.config.Settings;

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
