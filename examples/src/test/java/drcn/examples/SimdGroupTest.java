package drcn.examples;

import drcn.tornado.api.GridScheduler;
import drcn.tornado.api.KernelContext;
import drcn.tornado.api.TaskGraph;
import drcn.tornado.api.TornadoExecutionPlan;
import drcn.tornado.api.WorkerGrid1D;
import drcn.tornado.api.common.TornadoDevice;
import drcn.tornado.api.enums.DataTransferMode;
import drcn.tornado.api.types.arrays.FloatArray;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * TornadoVM's SIMD-group functions ({@code simdShuffleDown}, {@code simdSum}, {@code simdBroadcastFirst}) on every
 * device, compared bit for bit with a plain-Java model of the semantics {@link KernelContext#simdWidth} defines, on
 * fresh random inputs, for work-groups smaller than, equal to and larger than a SIMD group.
 */
class SimdGroupTest {
    static final int OUTPUTS = 4;

    static List<TornadoDevice> devices() {
        return TaskGraphApiTest.devices();
    }

    /** A lane-dependent shuffle in a helper (on OpenCL the scratch reaches it as a trailing pointer). */
    public static float shiftedBy(KernelContext context, float value, int delta) {
        return context.simdShuffleDown(value, delta);
    }

    /** GPULlama3's warp reduction by shuffles, TornadoVM's simdSum, a broadcast of lane 0, and a per-lane shuffle. */
    public static void simdFunctions(KernelContext context, FloatArray in, FloatArray out) {
        int i = context.globalIdx;
        float x = in.get(i);
        float s = x;
        s += context.simdShuffleDown(s, 16);
        s += context.simdShuffleDown(s, 8);
        s += context.simdShuffleDown(s, 4);
        s += context.simdShuffleDown(s, 2);
        s += context.simdShuffleDown(s, 1);
        out.set(OUTPUTS * i, s);
        out.set(OUTPUTS * i + 1, context.simdSum(x));
        out.set(OUTPUTS * i + 2, context.simdBroadcastFirst(x * 3));
        out.set(OUTPUTS * i + 3, shiftedBy(context, x, context.localIdx % 7));
    }

    @ParameterizedTest
    @MethodSource("devices")
    void simdFunctionsMatchTheirDefinition(TornadoDevice device) throws Exception {
        var r = new Random();
        for (int group : new int[] {16, 32, 64, 128}) {
            int groups = 3 + r.nextInt(3);
            var in = new FloatArray(groups * group);
            for (int i = 0; i < in.getSize(); i++) in.set(i, (r.nextFloat() * 2 - 1) * (float) Math.pow(10, r.nextInt(5) - 2));
            var out = new FloatArray(OUTPUTS * in.getSize());
            run(device, in, out, group);
            float[] expected = reference(in, group);
            for (int k = 0; k < expected.length; k++) {
                assertEquals(Float.floatToIntBits(expected[k]), Float.floatToIntBits(out.get(k)), "group size " + group + ", work-item "
                        + k / OUTPUTS + ", output " + k % OUTPUTS + ": expected " + expected[k] + ", got " + out.get(k));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("devices")
    void partialSimdGroupsAreRejected(TornadoDevice device) {
        var in = new FloatArray(2 * 48);
        var out = new FloatArray(OUTPUTS * in.getSize());
        var e = assertThrows(RuntimeException.class, () -> run(device, in, out, 48));
        String messages = "";
        for (Throwable t = e; t != null; t = t.getCause()) messages += t.getMessage() + "\n";
        assertTrue(messages.contains("multiple of 32 or a power of two below 32"), messages);
    }

    private static void run(TornadoDevice device, FloatArray in, FloatArray out, int group) {
        var worker = new WorkerGrid1D(in.getSize());
        worker.setLocalWork(group, 1, 1);
        var graph = new TaskGraph("simd")
                .transferToDevice(DataTransferMode.EVERY_EXECUTION, in)
                .task("t", SimdGroupTest::simdFunctions, new KernelContext(), in, out)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, out);
        try (var plan = new TornadoExecutionPlan(graph.snapshot())) {
            plan.withDevice(device).withGridScheduler(new GridScheduler("simd.t", worker)).execute();
        } catch (Exception e) {
            throw e instanceof RuntimeException re ? re : new RuntimeException(e);
        }
    }

    /** {@link #simdFunctions} over the whole range, SIMD group by SIMD group, with the definitions' arithmetic. */
    private static float[] reference(FloatArray in, int group) {
        int n = in.getSize(), w = Math.min(32, group);
        float[] out = new float[OUTPUTS * n];
        for (int base = 0; base < n; base += w) {
            float[] x = new float[w];
            for (int l = 0; l < w; l++) x[l] = in.get(base + l);
            float[] s = x.clone();
            for (int d = 16; d >= 1; d /= 2) {
                float[] down = shuffleDown(s, d);
                for (int l = 0; l < w; l++) s[l] += down[l];
            }
            float[] sum = x.clone();
            for (int o = 16; o >= 1; o /= 2) {
                if (o >= w) continue;
                float[] before = sum.clone();
                for (int l = 0; l < w; l++) sum[l] = before[l] + before[l ^ o];
            }
            for (int l = 0; l < w; l++) {
                int i = base + l;
                out[OUTPUTS * i] = s[l];
                out[OUTPUTS * i + 1] = sum[l];
                out[OUTPUTS * i + 2] = x[0] * 3;
                int delta = i % group % 7;
                out[OUTPUTS * i + 3] = l + delta < w ? x[l + delta] : x[l];
            }
        }
        return out;
    }

    /** Lane l gets lane l + d's value, or keeps its own past the group's end. */
    private static float[] shuffleDown(float[] v, int d) {
        float[] r = new float[v.length];
        for (int l = 0; l < v.length; l++) r[l] = l + d < v.length ? v[l + d] : v[l];
        return r;
    }
}
