package drcn.runtime.graph;

import drcn.kernels.Smoke;
import drcn.runtime.backend.Backends;
import drcn.runtime.backend.Buffer;
import drcn.runtime.backend.Device;
import drcn.runtime.backend.Range;
import drcn.runtime.jit.Kernels;
import drcn.runtime.jit.KernelRef;
import drcn.tornado.api.types.arrays.FloatArray;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** A recorded schedule replays bit for bit what the code it recorded computes, on every device present. */
class LaunchRecorderTest {

    @Test
    void replayEqualsRunningTheCodeAgain() {
        for (Backends.Discovery d : Backends.discoverAll()) {
            for (Device device : d.devices()) {
                try (device) {
                    check(device);
                }
            }
        }
    }

    private static void check(Device device) {
        int n = 1003;
        var random = new Random(7);
        float[] x = new float[n], y = new float[n];
        for (int i = 0; i < n; i++) { x[i] = random.nextFloat() - 0.5f; y[i] = random.nextFloat(); }
        KernelRef saxpy = Kernels.ref(Smoke::saxpy);
        var results = new ArrayList<float[]>();
        for (boolean replayed : new boolean[]{false, true}) {
            var recorder = new LaunchRecorder(device);
            try (Buffer bx = device.allocateFloats(n); Buffer by = device.allocateFloats(n)) {
                device.write(bx, FloatArray.fromArray(x));
                device.write(by, FloatArray.fromArray(y));
                Runnable steps = () -> {
                    Kernels.launch(recorder, saxpy, Range.of(n), bx, by, 1.5f, n);
                    Kernels.launch(recorder, saxpy, Range.of(n), by, bx, -0.25f, n);
                };
                if (replayed) {
                    try (LaunchRecorder.Schedule schedule = recorder.record(steps)) {
                        assertEquals(2, schedule.launches());
                        for (int step = 1; step < 4; step++) schedule.replay();
                    }
                } else {
                    for (int step = 0; step < 4; step++) steps.run();
                }
                FloatArray out = new FloatArray(n);
                device.read(bx, out);
                results.add(out.toHeapArray());
            }
        }
        for (int i = 0; i < n; i++) {
            assertEquals(Float.floatToIntBits(results.get(0)[i]), Float.floatToIntBits(results.get(1)[i]), device.info().id() + " at " + i);
        }
    }
}
