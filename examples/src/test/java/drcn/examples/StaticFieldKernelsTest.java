package drcn.examples;

import drcn.tornado.api.TaskGraph;
import drcn.tornado.api.TornadoExecutionPlan;
import drcn.tornado.api.annotations.Parallel;
import drcn.tornado.api.common.TornadoDevice;
import drcn.tornado.api.enums.DataTransferMode;
import drcn.tornado.api.types.arrays.FloatArray;
import drcn.tornado.api.types.arrays.IntArray;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Private static fields that nothing assigns after their constant initializer (TornadoVM's NBody declares
 * {@code private static float DELT = 0.005f;}) read in a kernel as the constants they are, on every device, against
 * the same method run as plain Java on fresh random inputs.
 */
class StaticFieldKernelsTest {
    static List<TornadoDevice> devices() {
        return TaskGraphApiTest.devices();
    }

    private static float DELT = 0.005f;
    private static float NEGATIVE = -2.5f;
    private static float WIDENED = 3;           // an int literal widened to float
    private static int SHIFT = (int) 7.9;       // a cast: 7
    private static double SCALE = 1e-3;
    private static long BIG = -(1L << 40) + 3 * 7;
    private static int MIXED = (int) (2.5f * 3) % 4 + (0xF0 & 0x3C) - (-17 >>> 28); // 3 + 48 - 15
    private static boolean ENABLED = true;
    private static final int OFFSET = 11;
    private static int fromConstant = OFFSET * 2 - 1; // not a literal: stays a field (never read by a kernel here)

    public static void useFields(FloatArray in, IntArray ints, FloatArray out, IntArray iout) {
        for (@Parallel int i = 0; i < out.getSize(); i++) {
            float x = in.get(i);
            float y = x * DELT + NEGATIVE * x * x - WIDENED;
            if (ENABLED) y += (float) (x * SCALE);
            out.set(i, y);
            iout.set(i, (ints.get(i) << SHIFT) + (int) (BIG >> 35) + StaticFieldKernelsTest.SHIFT + MIXED);
        }
    }

    @ParameterizedTest
    @MethodSource("devices")
    void privateStaticFieldsAreConstants(TornadoDevice device) throws Exception {
        var random = new Random();
        int n = 1 + random.nextInt(900);
        var in = new FloatArray(n);
        var ints = new IntArray(n);
        for (int i = 0; i < n; i++) {
            in.set(i, random.nextFloat() * 20f - 10f);
            ints.set(i, random.nextInt(1 << 20) - (1 << 19));
        }
        var out = new FloatArray(n);
        var iout = new IntArray(n);
        TaskGraph g = new TaskGraph("s").transferToDevice(DataTransferMode.EVERY_EXECUTION, in, ints)
                .task("t", StaticFieldKernelsTest::useFields, in, ints, out, iout)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, out, iout);
        try (var plan = new TornadoExecutionPlan(g.snapshot())) {
            plan.withDevice(device).execute();
        }
        var expected = new FloatArray(n);
        var iexpected = new IntArray(n);
        useFields(in, ints, expected, iexpected);
        for (int i = 0; i < n; i++) {
            assertEquals(expected.get(i), out.get(i), 1e-5f * Math.max(1f, Math.abs(expected.get(i))), device.getId() + " at " + i);
            assertEquals(iexpected.get(i), iout.get(i), device.getId() + " at " + i);
        }
        assertEquals(21, fromConstant);
    }
}
