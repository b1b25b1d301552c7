package drcn.runtime.backends;

import drcn.kernels.Smoke;
import drcn.runtime.backend.Buffer;
import drcn.runtime.backend.CompiledKernel;
import drcn.runtime.backend.Device;
import drcn.runtime.backend.Kernels;
import drcn.runtime.backend.Range;
import drcn.runtime.backend.RecordedGraph;
import drcn.runtime.backend.RecordedLaunch;
import drcn.tornado.api.types.arrays.FloatArray;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@link Device#capture} on every device present (jvm, OpenCL here; a CUDA graph where a GPU is): replaying the
 * captured launches computes bit for bit what launching them one by one does, in their order, as often as it is
 * replayed; and nothing runs while capturing.
 */
class RecordedGraphTest {

    @Test
    void aCapturedGraphReplaysItsLaunchesInOrder() {
        for (Backends.Discovery d : Backends.discoverAll()) {
            for (Device device : d.devices()) {
                try (device) {
                    check(device);
                }
            }
        }
    }

    /** The check scripts/gpu-check runs on a GPU, here on the jvm and the first OpenCL device. */
    @Test
    void replayCheckPassesOnTheDevicesHere() {
        var ids = new java.util.ArrayList<>(java.util.List.of("jvm"));
        if (!Backends.discover("opencl").devices().isEmpty()) ids.add("opencl:0");
        for (String id : ids) {
            var results = ReplayCheck.run(id);
            assertEquals(2, results.size());
            for (ReplayCheck.Result r : results) assertTrue(r.ok(), r.toString());
        }
    }

    private static void check(Device device) {
        int n = 1003;
        var random = new Random(11);
        float[] x = new float[n], y = new float[n];
        for (int i = 0; i < n; i++) { x[i] = random.nextFloat() - 0.5f; y[i] = random.nextFloat(); }
        CompiledKernel saxpy = device.compile(Kernels.ref(Smoke::saxpy));
        var results = new ArrayList<float[]>();
        for (boolean captured : new boolean[]{false, true}) {
            try (Buffer bx = device.allocateFloats(n); Buffer by = device.allocateFloats(n)) {
                device.write(bx, FloatArray.fromArray(x));
                device.write(by, FloatArray.fromArray(y));
                // order matters: each launch reads what the one before wrote
                Object[][] steps = {{bx, by, 1.5f, n}, {by, bx, -0.25f, n}, {bx, by, 0.75f, n}};
                if (captured) {
                    var launches = new ArrayList<RecordedLaunch>();
                    for (Object[] step : steps) launches.add(device.record(saxpy, Range.of(n), step));
                    try (RecordedGraph graph = device.capture(launches)) {
                        assertEquals(3, graph.launches());
                        device.finish();
                        FloatArray untouched = new FloatArray(n);
                        device.read(bx, untouched);
                        assertArrayEquals(x, untouched.toHeapArray(), device.info().id() + ": capturing ran nothing");
                        for (int replay = 0; replay < 4; replay++) graph.replay();
                    } finally {
                        launches.forEach(RecordedLaunch::close);
                    }
                } else {
                    for (int replay = 0; replay < 4; replay++) {
                        for (Object[] step : steps) device.launch(saxpy, Range.of(n), step);
                    }
                }
                FloatArray out = new FloatArray(n);
                device.read(by, out);
                results.add(out.toHeapArray());
            }
        }
        float[] expected = y.clone(), xs = x.clone();
        for (int replay = 0; replay < 4; replay++) {
            Smoke.saxpyReference(xs, expected, 1.5f, n);
            Smoke.saxpyReference(expected, xs, -0.25f, n);
            Smoke.saxpyReference(xs, expected, 0.75f, n);
        }
        for (int i = 0; i < n; i++) {
            assertEquals(Float.floatToIntBits(results.get(0)[i]), Float.floatToIntBits(results.get(1)[i]), device.info().id() + " at " + i);
            assertEquals(expected[i], results.get(1)[i], 1e-4f * (1 + Math.abs(expected[i])), device.info().id() + " against the reference at " + i);
        }
    }
}
