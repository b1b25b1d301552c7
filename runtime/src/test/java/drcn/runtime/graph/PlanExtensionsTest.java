package drcn.runtime.graph;

import drcn.kernels.nn.Elementwise;
import drcn.runtime.backend.Device;
import drcn.runtime.backend.JvmAndFirstOpenCL;
import drcn.runtime.backend.Range;
import drcn.tornado.api.GridScheduler;
import drcn.tornado.api.KernelContext;
import drcn.tornado.api.TaskGraph;
import drcn.tornado.api.TornadoExecutionPlan;
import drcn.tornado.api.enums.DataTransferMode;
import drcn.tornado.api.types.arrays.FloatArray;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The engine's extensions that the DRCN model builds on, on every device present: views of one flat array
 * ({@code sliceView}) as views of its device buffer, arrays without host memory (zero on the device, no host memory
 * until read), {@link FloatCell} arguments that change between replayed executions, and {@link RangeGrid}s.
 */
class PlanExtensionsTest {
    private static JvmAndFirstOpenCL devices;

    @BeforeAll
    static void open() {
        devices = JvmAndFirstOpenCL.open();
    }

    @AfterAll
    static void close() {
        devices.close();
    }

    @Test
    void viewsShareTheirParentsMemoryOnHostAndDevice() throws Exception {
        for (Device device : devices.all()) {
            int n = 1000;   // not a multiple of any work-group size: the RangeGrid rounds up, the kernel guards
            int stride = Math.toIntExact(Math.max(n, device.info().sliceAlignment() / Float.BYTES * ((n * 4L + device.info().sliceAlignment() - 1) / device.info().sliceAlignment())));
            var random = new Random(11);
            var flat = new FloatArray(2 * stride);
            var x = new FloatArray(n);
            for (int i = 0; i < n; i++) {
                flat.set(i, random.nextFloat() - 0.5f);
                x.set(i, random.nextFloat());
            }
            FloatArray first = flat.sliceView(0, n), second = flat.sliceView(stride, n);
            assertEquals(flat.get(3), first.get(3), "a view reads its parent's host memory");
            var graph = new TaskGraph("g")
                    .transferToDevice(DataTransferMode.FIRST_EXECUTION, flat, x)
                    .task("t", Elementwise::addSkip, new KernelContext(), first, x, second, n, n)
                    .transferToHost(DataTransferMode.EVERY_EXECUTION, flat);
            try (var plan = new TornadoExecutionPlan(graph.snapshot())) {
                plan.withDevice(Engine.deviceOf(device)).withGridScheduler(new GridScheduler("g.t", new RangeGrid(Range.of(n)))).execute();
            }
            for (int i = 0; i < n; i++) {
                assertEquals(flat.get(i) + x.get(i), flat.get(stride + i), device.info().id() + " element " + i);
                assertEquals(flat.get(stride + i), second.get(i));
            }
            for (int i = n; i < stride; i++) assertEquals(0f, flat.get(i), "outside the views nothing changes");
        }
    }

    @Test
    void anArrayWithoutHostMemoryIsZeroOnTheDeviceAndAllocatesOnlyWhenRead() throws Exception {
        for (Device device : devices.all()) {
            int n = 777;
            var zeros = new FloatArray(n);
            var out = new FloatArray(n);
            var x = new FloatArray(n);
            var random = new Random(5);
            for (int i = 0; i < n; i++) x.set(i, random.nextFloat() + 1f);
            assertFalse(zeros.isHostAllocated());
            assertFalse(out.isHostAllocated());
            var graph = new TaskGraph("g")
                    .transferToDevice(DataTransferMode.EVERY_EXECUTION, x)
                    .task("t", Elementwise::addSkip, new KernelContext(), zeros, x, out, n, n)
                    .transferToHost(DataTransferMode.UNDER_DEMAND, out);
            try (var plan = new TornadoExecutionPlan(graph.snapshot())) {
                var result = plan.withDevice(Engine.deviceOf(device))
                        .withGridScheduler(new GridScheduler("g.t", new RangeGrid(Range.of(n)))).execute();
                assertFalse(out.isHostAllocated(), "UNDER_DEMAND: nothing came back yet");
                result.transferToHost(out);
            }
            assertTrue(out.isHostAllocated());
            assertFalse(zeros.isHostAllocated(), "an input the host never touched stays without host memory");
            for (int i = 0; i < n; i++) assertEquals(x.get(i), out.get(i), device.info().id() + " element " + i);
        }
    }

    @Test
    void aFloatCellIsReadAtEveryExecutionWithReplayOnOrOff() throws Exception {
        for (Device device : devices.all()) {
            int n = 513;
            float[] got = new float[2];
            for (boolean replay : new boolean[]{false, true}) {
                var buffer = new FloatArray(n);
                var factor = new FloatCell(2f);
                var graph = new TaskGraph("g")
                        .transferToDevice(DataTransferMode.FIRST_EXECUTION, buffer)
                        .task("t", Elementwise::scale, new KernelContext(), buffer, n, 0f)
                        .transferToHost(DataTransferMode.UNDER_DEMAND, buffer);
                // the cell goes where the kernel takes its float: through the graph's action list (runtime code only)
                graph = withCell(graph, factor);
                buffer.init(1f);
                try (var plan = new TornadoExecutionPlan(graph.snapshot())) {
                    plan.withDevice(Engine.deviceOf(device)).withGridScheduler(new GridScheduler("g.t", new RangeGrid(Range.of(n))));
                    if (replay) plan.withCUDAGraph();
                    float[] factors = {2f, 3f, 3f, 0.5f, 0.5f};
                    var result = plan.execute();
                    for (int k = 1; k < factors.length; k++) {
                        factor.set(factors[k]);
                        result = plan.execute();
                    }
                    result.transferToHost(buffer);
                }
                got[replay ? 1 : 0] = buffer.get(n - 1);
                assertEquals(2f * 3f * 3f * 0.5f * 0.5f, buffer.get(0), device.info().id() + (replay ? " replayed" : ""));
            }
            assertEquals(got[0], got[1]);
        }
    }

    /**
     * {@code withoutWaitingForTasks}: executions of several graphs on one device chain without a wait after each,
     * and a copy to the host still brings the result of everything before it; an input changed on the host right
     * after execute returns does not change what the device already received.
     */
    @Test
    void executionsThatDoNotWaitStillChainAndCopyExactly() throws Exception {
        for (Device device : devices.all()) {
            int n = 4099;
            var random = new Random(17);
            var x = new FloatArray(n);
            var acc = new FloatArray(n);
            float[] expected = new float[n];
            var add = new TaskGraph("add")
                    .transferToDevice(DataTransferMode.EVERY_EXECUTION, x)
                    .task("t", Elementwise::addSkip, new KernelContext(), acc, x, acc, n, n);
            var read = new TaskGraph("read").transferToHost(DataTransferMode.EVERY_EXECUTION, acc);
            try (var plan = new TornadoExecutionPlan(add.snapshot(), read.snapshot())) {
                plan.withDevice(Engine.deviceOf(device)).withoutWaitingForTasks()
                        .withGridScheduler(new GridScheduler("add.t", new RangeGrid(Range.of(n))));
                for (int step = 0; step < 25; step++) {
                    for (int i = 0; i < n; i++) {
                        x.set(i, random.nextFloat() - 0.5f);
                        expected[i] += x.get(i);
                    }
                    plan.withGraph(0).execute();
                    x.init(Float.NaN); // the device took its copy before execute returned
                }
                plan.withGraph(1).execute();
            }
            for (int i = 0; i < n; i++) assertEquals(expected[i], acc.get(i), device.info().id() + " element " + i);
        }
    }

    /** The graph with the FloatCell as the scale task's float: rebuilt through the SPI's action list. */
    private static TaskGraph withCell(TaskGraph graph, FloatCell cell) {
        var g = new TaskGraph("g");
        for (var a : graph.snapshot().actions()) {
            switch (a) {
                case drcn.tornado.api.runtime.GraphAction.ToDevice t -> g.transferToDevice(t.mode(), t.objects().toArray());
                case drcn.tornado.api.runtime.GraphAction.ToHost t -> g.transferToHost(t.mode(), t.objects().toArray());
                case drcn.tornado.api.runtime.GraphAction.Launch l -> Tasks.add(g, l.id(), l.code(),
                        l.arguments().get(0), l.arguments().get(1), l.arguments().get(2), cell);
                default -> throw new AssertionError(a);
            }
        }
        return g;
    }
}
