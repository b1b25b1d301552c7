package drcn.examples;

import drcn.tornado.api.GridScheduler;
import drcn.tornado.api.KernelContext;
import drcn.tornado.api.TaskGraph;
import drcn.tornado.api.TornadoExecutionPlan;
import drcn.tornado.api.WorkerGrid1D;
import drcn.tornado.api.common.TornadoDevice;
import drcn.tornado.api.enums.DataTransferMode;
import drcn.tornado.api.types.HalfFloat;
import drcn.tornado.api.types.arrays.ByteArray;
import drcn.tornado.api.types.arrays.HalfFloatArray;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * TornadoVM's swizzled local-array accessors (context.swizzleStore/LoadFp16Stride32, ...Stride16, ...Int8) on every
 * device: each work-group stores its tile through the swizzle and reads it back transposed, so a store and a load that
 * disagreed on the layout, or a layout that collided two elements, would show. Fresh random inputs.
 */
class SwizzleTest {
    static List<TornadoDevice> devices() {
        return TaskGraphApiTest.devices();
    }

    /** 16 x 16 halves per group: out[g][r][c] = in[g][c][r] + in[g][c][r] (each rounded to half). */
    public static void transposeHalves(KernelContext context, HalfFloatArray in, HalfFloatArray out, int stride16) {
        int l = context.localIdx, row = l / 16, col = l % 16;
        HalfFloat[] tile = context.allocateHalfFloatLocalArray(256);
        if (stride16 == 1) context.swizzleStoreFp16Stride16(tile, row, col, 16, in.get(context.globalIdx));
        else context.swizzleStoreFp16Stride32(tile, row, col, 16, in.get(context.globalIdx));
        context.localBarrier();
        HalfFloat v = stride16 == 1 ? context.swizzleLoadFp16Stride16(tile, col, row, 16) : context.swizzleLoadFp16Stride32(tile, col, row, 16);
        out.set(context.globalIdx, HalfFloat.add(v, v));
    }

    /** 32 x 16 bytes per group: out[g][r][c] = in[g][(r + 1) % 32][15 - c]. */
    public static void shuffleBytes(KernelContext context, ByteArray in, ByteArray out) {
        int l = context.localIdx, row = l / 16, col = l % 16;
        byte[] tile = context.allocateByteLocalArray(512);
        context.swizzleStoreInt8(tile, row, col, 16, in.get(context.globalIdx));
        context.localBarrier();
        out.set(context.globalIdx, context.swizzleLoadInt8(tile, (row + 1) % 32, 15 - col, 16));
    }

    private static void run(TaskGraph graph, TornadoDevice device, String task, int size, int group) throws Exception {
        var worker = new WorkerGrid1D(size);
        worker.setLocalWork(group, 1, 1);
        try (var plan = new TornadoExecutionPlan(graph.snapshot())) {
            plan.withDevice(device).withGridScheduler(new GridScheduler(task, worker)).execute();
        }
    }

    @ParameterizedTest
    @MethodSource("devices")
    void halvesRoundTripTransposed(TornadoDevice device) throws Exception {
        var r = new Random();
        int groups = 5, size = groups * 256;
        for (int stride16 : new int[] {0, 1}) {
            var in = new HalfFloatArray(size);
            for (int i = 0; i < size; i++) in.set(i, new HalfFloat(r.nextFloat() * 200 - 100));
            var out = new HalfFloatArray(size);
            var graph = new TaskGraph("h")
                    .transferToDevice(DataTransferMode.EVERY_EXECUTION, in)
                    .task("t", SwizzleTest::transposeHalves, new KernelContext(), in, out, stride16)
                    .transferToHost(DataTransferMode.EVERY_EXECUTION, out);
            run(graph, device, "h.t", size, 256);
            for (int g = 0; g < groups; g++) {
                for (int row = 0; row < 16; row++) {
                    for (int col = 0; col < 16; col++) {
                        HalfFloat v = in.get(g * 256 + col * 16 + row);
                        assertEquals(HalfFloat.add(v, v).getFloat32(), out.get(g * 256 + row * 16 + col).getFloat32(),
                                "stride16 " + stride16 + " group " + g + " (" + row + ", " + col + ")");
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("devices")
    void bytesRoundTripShuffled(TornadoDevice device) throws Exception {
        var r = new Random();
        int groups = 3, size = groups * 512;
        var in = new ByteArray(size);
        for (int i = 0; i < size; i++) in.set(i, (byte) r.nextInt());
        var out = new ByteArray(size);
        var graph = new TaskGraph("b")
                .transferToDevice(DataTransferMode.EVERY_EXECUTION, in)
                .task("t", SwizzleTest::shuffleBytes, new KernelContext(), in, out)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, out);
        run(graph, device, "b.t", size, 512);
        for (int g = 0; g < groups; g++) {
            for (int row = 0; row < 32; row++) {
                for (int col = 0; col < 16; col++) {
                    assertEquals(in.get(g * 512 + ((row + 1) % 32) * 16 + 15 - col), out.get(g * 512 + row * 16 + col), "group " + g + " (" + row + ", " + col + ")");
                }
            }
        }
    }
}
