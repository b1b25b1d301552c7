package drcn.examples;

import drcn.compiler.emit.Dialect;
import drcn.runtime.jit.KernelJit;
import drcn.tornado.api.GridScheduler;
import drcn.tornado.api.KernelContext;
import drcn.tornado.api.TaskGraph;
import drcn.tornado.api.TornadoExecutionPlan;
import drcn.tornado.api.WorkerGrid1D;
import drcn.tornado.api.annotations.Parallel;
import drcn.tornado.api.common.TornadoDevice;
import drcn.tornado.api.enums.DataTransferMode;
import drcn.tornado.api.types.arrays.FloatArray;
import drcn.tornado.api.types.arrays.Int8Array;
import drcn.tornado.api.types.arrays.IntArray;
import drcn.tornado.api.utils.QuantizationUtils;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * TornadoVM's QuantizationUtils (int8 dot products) in kernels, on every device against plain Java on fresh random
 * inputs: int results must be equal, not close.
 */
class QuantizationTest {
    static List<TornadoDevice> devices() {
        return TaskGraphApiTest.devices();
    }

    private static final int GROUP = 8;

    private final Random random = new Random();

    // ---- kernels

    /** out[i] = i + the dot product of a[4i..4i+3] and b[4i+1..4i+4] (a long offset, as javac widens it). */
    public static void dp4a(Int8Array a, Int8Array b, IntArray out) {
        for (@Parallel int i = 0; i < out.getSize(); i++) out.set(i, QuantizationUtils.dp4a(a, i * 4, b, i * 4 + 1, i));
    }

    /** out[i] = the dot product of the bytes packed in a[i] and b[i], minus i. */
    public static void packed(IntArray a, IntArray b, IntArray out) {
        for (@Parallel int i = 0; i < out.getSize(); i++) out.set(i, QuantizationUtils.dp4a_packed(a.get(i), b.get(i), -i));
    }

    /** One work-group per row of w: x staged in a local byte[] tile, four bytes per work-item, then dequantized. */
    public static void rows(KernelContext context, Int8Array w, Int8Array x, FloatArray out, float wScale, float xScale) {
        int row = context.groupIdx, lid = context.localIdx;
        byte[] tile = context.allocateByteLocalArray(GROUP * 4);
        for (int k = 0; k < 4; k++) tile[lid * 4 + k] = x.get(lid * 4 + k);
        context.localBarrier();
        int[] sums = context.allocateIntLocalArray(GROUP);
        sums[lid] = QuantizationUtils.dp4a(w, row * GROUP * 4 + lid * 4, tile, lid * 4, 0);
        context.localBarrier();
        if (lid == 0) {
            int total = 0;
            for (int k = 0; k < GROUP; k++) total += sums[k];
            out.set(row, QuantizationUtils.dequantizeFusedResult(total, wScale, xScale));
        }
    }

    // ---- helpers

    private Int8Array randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return Int8Array.fromArray(b);
    }

    private static TornadoExecutionPlan plan(TaskGraph graph, TornadoDevice device) {
        var plan = new TornadoExecutionPlan(graph.snapshot());
        plan.withDevice(device);
        return plan;
    }

    // ---- tests

    @ParameterizedTest
    @MethodSource("devices")
    void dp4aAndPacked(TornadoDevice device) throws Exception {
        int n = 1 + random.nextInt(300);
        Int8Array a = randomBytes(4 * n), b = randomBytes(4 * n + 1);
        IntArray pa = new IntArray(n), pb = new IntArray(n), out = new IntArray(n), outPacked = new IntArray(n);
        for (int i = 0; i < n; i++) {
            pa.set(i, random.nextInt());
            pb.set(i, random.nextInt());
        }
        try (var plan = plan(new TaskGraph("s").transferToDevice(DataTransferMode.EVERY_EXECUTION, a, b, pa, pb)
                .task("d", QuantizationTest::dp4a, a, b, out).task("p", QuantizationTest::packed, pa, pb, outPacked)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, out, outPacked), device)) {
            plan.execute();
        }
        for (int i = 0; i < n; i++) {
            int dot = i, dotPacked = -i;
            for (int k = 0; k < 4; k++) {
                dot += a.get(4 * i + k) * b.get(4 * i + 1 + k);
                dotPacked += (byte) (pa.get(i) >>> (8 * k)) * (byte) (pb.get(i) >>> (8 * k));
            }
            assertEquals(dot, out.get(i), device.getId() + " dp4a[" + i + "]");
            assertEquals(dotPacked, outPacked.get(i), device.getId() + " dp4a_packed[" + i + "]");
        }
    }

    @ParameterizedTest
    @MethodSource("devices")
    void dp4aWithALocalTile(TornadoDevice device) throws Exception {
        int rows = 1 + random.nextInt(50);
        Int8Array w = randomBytes(rows * GROUP * 4), x = randomBytes(GROUP * 4);
        var out = new FloatArray(rows);
        float wScale = random.nextFloat(), xScale = random.nextFloat();
        var grid = new WorkerGrid1D(rows * GROUP);
        grid.setLocalWork(GROUP, 1, 1);
        try (var plan = plan(new TaskGraph("s").transferToDevice(DataTransferMode.EVERY_EXECUTION, w, x)
                .task("r", QuantizationTest::rows, new KernelContext(), w, x, out, wScale, xScale)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, out), device)) {
            plan.withGridScheduler(new GridScheduler("s.r", grid)).execute();
        }
        for (int r = 0; r < rows; r++) {
            int dot = 0;
            for (int k = 0; k < GROUP * 4; k++) dot += w.get(r * GROUP * 4 + k) * x.get(k);
            assertEquals((float) dot * wScale * xScale, out.get(r), device.getId() + " row " + r);
        }
    }

    // ---- CUDA C, without a GPU: nvcc -ptx, then ptxas for sm_80 and sm_90

    @Test
    void cudaCompilesAndAssemblesForSm80AndSm90() throws Throwable {
        Assumptions.assumeTrue(CudaTools.present(), "nvcc and ptxas are not on PATH: the CUDA C check is skipped");
        Path dir = Files.createTempDirectory("drcn-quantization-cuda");
        int kernels = 0;
        for (Method m : QuantizationTest.class.getDeclaredMethods()) {
            if (!Modifier.isStatic(m.getModifiers()) || m.getReturnType() != void.class || !Modifier.isPublic(m.getModifiers())) continue;
            CudaTools.compileAndAssemble(dir, m.getName(), KernelJit.source(CudaTools.kernel(m), Map.of(), Dialect.CUDA), List.of("sm_80", "sm_90"));
            kernels++;
        }
        assertEquals(3, kernels);
    }
}
