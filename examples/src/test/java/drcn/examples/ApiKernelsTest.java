package drcn.examples;

import drcn.tornado.api.TaskGraph;
import drcn.tornado.api.TornadoExecutionPlan;
import drcn.tornado.api.common.TornadoDevice;
import drcn.tornado.api.enums.DataTransferMode;
import drcn.tornado.api.types.HalfFloat;
import drcn.tornado.api.types.arrays.ByteArray;
import drcn.tornado.api.types.arrays.CharArray;
import drcn.tornado.api.types.arrays.DoubleArray;
import drcn.tornado.api.types.arrays.FloatArray;
import drcn.tornado.api.types.arrays.HalfFloatArray;
import drcn.tornado.api.types.arrays.IntArray;
import drcn.tornado.api.types.arrays.LongArray;
import drcn.tornado.api.types.arrays.ShortArray;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * tornado-api's own methods as a task's code, as TornadoVM programs pass them ({@code task("init", IntArray::initialize,
 * array, 2)}): compiled with tornado-api (ApiKernel), run on every device; every element must hold the value and
 * nothing past the array is touched (odd lengths, a fresh random value each run).
 */
class ApiKernelsTest {

    static List<TornadoDevice> devices() {
        return TaskGraphApiTest.devices();
    }

    private final Random random = new Random();

    private static void run(TaskGraph graph, TornadoDevice device) throws Exception {
        try (var plan = new TornadoExecutionPlan(graph.snapshot())) {
            plan.withDevice(device).execute();
        }
    }

    @ParameterizedTest
    @MethodSource("devices")
    void initializeOfEveryArrayTypeIsATask(TornadoDevice device) throws Exception {
        int n = 1 + random.nextInt(3000);
        var ints = new IntArray(n);
        var floats = new FloatArray(n);
        var doubles = new DoubleArray(n);
        var longs = new LongArray(n);
        var shorts = new ShortArray(n);
        var bytes = new ByteArray(n);
        var chars = new CharArray(n);
        var halves = new HalfFloatArray(n);
        int i = random.nextInt();
        float f = random.nextFloat() * 100 - 50;
        double d = random.nextDouble() * 1e6 - 5e5;
        long l = random.nextLong();
        short s = (short) random.nextInt();
        byte b = (byte) random.nextInt();
        char c = (char) ('a' + random.nextInt(26));
        HalfFloat h = new HalfFloat(random.nextFloat() * 8 - 4);
        TaskGraph graph = new TaskGraph("s0")
                .task("ints", IntArray::initialize, ints, i)
                .task("floats", FloatArray::initialize, floats, f)
                .task("doubles", DoubleArray::initialize, doubles, d)
                .task("longs", LongArray::initialize, longs, l)
                .task("shorts", ShortArray::initialize, shorts, s)
                .task("bytes", ByteArray::initialize, bytes, b)
                .task("chars", CharArray::initialize, chars, c)
                .task("halves", HalfFloatArray::initialize, halves, h)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, ints, floats, doubles, longs, shorts, bytes, chars, halves);
        run(graph, device);
        for (int k = 0; k < n; k++) {
            String at = device.getId() + " element " + k + " of " + n;
            assertEquals(i, ints.get(k), at);
            assertEquals(f, floats.get(k), at);
            assertEquals(d, doubles.get(k), at);
            assertEquals(l, longs.get(k), at);
            assertEquals(s, shorts.get(k), at);
            assertEquals(b, bytes.get(k), at);
            assertEquals(c, chars.get(k), at);
            assertEquals(h.getHalfFloatValue(), halves.get(k).getHalfFloatValue(), at);
        }
    }
}
