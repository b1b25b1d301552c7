package drcn.examples;

import drcn.tornado.api.TaskGraph;
import drcn.tornado.api.TornadoExecutionPlan;
import drcn.tornado.api.annotations.Parallel;
import drcn.tornado.api.common.TornadoDevice;
import drcn.tornado.api.enums.DataTransferMode;
import drcn.tornado.api.exceptions.TornadoBailoutRuntimeException;
import drcn.tornado.api.types.arrays.FloatArray;
import drcn.tornado.api.types.arrays.IntArray;
import drcn.tornado.api.types.arrays.LongArray;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** {@code withBatch}: TornadoVM's conditions on the arrays, and results equal to plain Java on every device. */
class BatchPlanTest {

    static List<TornadoDevice> devices() {
        return TaskGraphApiTest.devices();
    }

    public static void addIndex(IntArray in, FloatArray out) {
        for (@Parallel int i = 0; i < in.getSize(); i++) {
            out.set(i, in.get(i) + i);
        }
    }

    public static void widen(IntArray in, LongArray out) {
        for (@Parallel int i = 0; i < out.getSize(); i++) {
            out.set(i, in.get(i));
        }
    }

    @ParameterizedTest
    @MethodSource("devices")
    void aBatchedPlanComputesWhatOnePassComputes(TornadoDevice device) throws Exception {
        var r = new Random();
        int n = 1 + r.nextInt(3_000_000);
        IntArray in = new IntArray(n);
        for (int i = 0; i < n; i++) in.set(i, r.nextInt(1 << 20) - (1 << 19));
        FloatArray out = new FloatArray(n);
        var graph = new TaskGraph("s0").transferToDevice(DataTransferMode.FIRST_EXECUTION, in)
                .task("t0", BatchPlanTest::addIndex, in, out).transferToHost(DataTransferMode.EVERY_EXECUTION, out);
        try (var plan = new TornadoExecutionPlan(graph.snapshot())) {
            plan.withDevice(device).withBatch("1MB").execute();
        }
        for (int i = 0; i < n; i++) assertEquals((float) (in.get(i) + i), out.get(i), "element " + i + " of " + n);
    }

    @ParameterizedTest
    @MethodSource("devices")
    void arraysOfOtherLengthsOrElementSizesAreRefused(TornadoDevice device) throws Exception {
        IntArray shorter = new IntArray(2_000);
        FloatArray out = new FloatArray(3_000);
        var lengths = new TaskGraph("s0").transferToDevice(DataTransferMode.FIRST_EXECUTION, shorter)
                .task("t0", BatchPlanTest::addIndex, shorter, out).transferToHost(DataTransferMode.EVERY_EXECUTION, out);
        IntArray ints = new IntArray(4_000);
        LongArray longs = new LongArray(2_000); // the same bytes, another element size
        var sizes = new TaskGraph("s1").transferToDevice(DataTransferMode.FIRST_EXECUTION, ints)
                .task("t0", BatchPlanTest::widen, ints, longs).transferToHost(DataTransferMode.EVERY_EXECUTION, longs);
        for (var graph : List.of(lengths, sizes)) {
            try (var plan = new TornadoExecutionPlan(graph.snapshot())) {
                plan.withDevice(device).withBatch("1KB");
                var e = assertThrows(TornadoBailoutRuntimeException.class, plan::execute);
                assertTrue(e.getMessage().contains("same number of elements"), e.getMessage());
                plan.withBatch("1GB");
                assertThrows(TornadoBailoutRuntimeException.class, plan::execute);
            }
        }
    }
}
