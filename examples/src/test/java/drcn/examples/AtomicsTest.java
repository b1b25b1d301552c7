package drcn.examples;

import drcn.compiler.emit.Dialect;
import drcn.kernels.PrebuiltSamples;
import drcn.kernels.Smoke;
import drcn.runtime.backend.Kernels;
import drcn.runtime.graph.TornadoHome;
import drcn.runtime.jit.KernelJit;
import drcn.tornado.api.AccessorParameters;
import drcn.tornado.api.GridScheduler;
import drcn.tornado.api.KernelContext;
import drcn.tornado.api.TaskGraph;
import drcn.tornado.api.TornadoExecutionPlan;
import drcn.tornado.api.WorkerGrid1D;
import drcn.tornado.api.annotations.Parallel;
import drcn.tornado.api.common.Access;
import drcn.tornado.api.common.TornadoDevice;
import drcn.tornado.api.enums.DataTransferMode;
import drcn.tornado.api.exceptions.TornadoTaskRuntimeException;
import drcn.tornado.api.types.arrays.DoubleArray;
import drcn.tornado.api.types.arrays.IntArray;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

/**
 * TornadoVM's atomics in kernels, on every device, many work-items contending for one counter: AtomicInteger
 * arguments (the host object's value goes to the device and comes back), AtomicInteger locals (one per launch, back
 * at their start value at every launch), KernelContext.atomicAdd on a DoubleArray and in @Parallel loops, and
 * TornadoVM's prebuilt OpenCL kernels; counts against plain Java.
 */
class AtomicsTest {
    static List<TornadoDevice> devices() {
        return TaskGraphApiTest.devices();
    }

    private final Random random = new Random();

    // ---- kernels

    public static void tickets(IntArray out, AtomicInteger next) {
        for (@Parallel int i = 0; i < out.getSize(); i++) {
            out.set(i, next.getAndIncrement());
        }
    }

    public static void countDown(IntArray out, AtomicInteger left) {
        for (@Parallel int i = 0; i < out.getSize(); i++) {
            out.set(i, take(left));
            left.addAndGet(3);
        }
    }

    private static int take(AtomicInteger left) {
        return left.decrementAndGet();
    }

    public static void localTickets(IntArray out) {
        AtomicInteger next = new AtomicInteger(7);
        for (@Parallel int i = 0; i < out.getSize(); i++) {
            out.set(i, next.incrementAndGet());
        }
    }

    public static void doubleHistogram(KernelContext context, IntArray values, DoubleArray bins) {
        int i = context.globalIdx;
        context.atomicAdd(bins, values.get(i) % bins.getSize(), 0.25);
    }

    /** TornadoVM's loop-parallel API with a KernelContext for its atomics: sized from the loop when no grid is given. */
    public static void binCounts(KernelContext context, IntArray values, IntArray bins) {
        for (@Parallel int i = 0; i < values.getSize(); i++) {
            context.atomicAdd(bins, values.get(i) % bins.getSize(), 1);
        }
    }

    // ---- tests

    /** Every work-item draws a distinct ticket: the tickets are exactly start .. start + n - 1, the counter ends at start + n. */
    private static void assertTickets(int[] got, int first, String on) {
        int[] sorted = got.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) assertEquals(first + i, sorted[i], on + ": ticket " + i);
    }

    @ParameterizedTest
    @MethodSource("devices")
    void atomicIntegerArgumentCountsEveryWorkItem(TornadoDevice device) throws Exception {
        int n = 1000 + random.nextInt(4000), start = random.nextInt(1 << 20) - (1 << 19);
        var out = new IntArray(n);
        var next = new AtomicInteger(start);
        TaskGraph g = new TaskGraph("s").transferToDevice(DataTransferMode.EVERY_EXECUTION, next)
                .task("t", AtomicsTest::tickets, out, next)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, out, next);
        try (var plan = new TornadoExecutionPlan(g.snapshot())) {
            plan.withDevice(device).execute();
            assertEquals(start + n, next.get(), device.getId());
            assertTickets(out.toHeapArray(), start, device.getId());
            next.addAndGet(5); // the host's value is what the next execution starts from
            plan.execute();
        }
        assertEquals(start + 2 * n + 5, next.get(), device.getId());
        assertTickets(out.toHeapArray(), start + n + 5, device.getId());
    }

    @ParameterizedTest
    @MethodSource("devices")
    void atomicIntegerThroughAHelperAndAddAndGet(TornadoDevice device) throws Exception {
        int n = 1000 + random.nextInt(4000), start = random.nextInt(1000);
        var out = new IntArray(n);
        var left = new AtomicInteger(start);
        TaskGraph g = new TaskGraph("s").task("t", AtomicsTest::countDown, out, left)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, out, left);
        try (var plan = new TornadoExecutionPlan(g.snapshot())) {
            plan.withDevice(device).execute();
        }
        var java = new AtomicInteger(start);
        countDown(new IntArray(n), java);
        assertEquals(java.get(), left.get(), device.getId()); // start + 2n: n decrements, n adds of 3
    }

    @ParameterizedTest
    @MethodSource("devices")
    void atomicIntegerLocalStartsAgainAtEveryLaunch(TornadoDevice device) throws Exception {
        int n = 1000 + random.nextInt(4000);
        var out = new IntArray(n);
        TaskGraph g = new TaskGraph("s").task("t", AtomicsTest::localTickets, out)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, out);
        try (var plan = new TornadoExecutionPlan(g.snapshot())) {
            for (int run = 0; run < 2; run++) {
                out.init(0);
                plan.withDevice(device).execute();
                assertTickets(out.toHeapArray(), 8, device.getId() + " run " + run);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("devices")
    void atomicAddOnDoublesCountsEveryWorkItem(TornadoDevice device) throws Exception {
        int n = 64 * (1 + random.nextInt(32));
        var values = new IntArray(n);
        for (int i = 0; i < n; i++) values.set(i, random.nextInt(1000));
        var bins = new DoubleArray(3);
        TaskGraph g = new TaskGraph("s").transferToDevice(DataTransferMode.EVERY_EXECUTION, values, bins)
                .task("t", AtomicsTest::doubleHistogram, new KernelContext(), values, bins)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, bins);
        try (var plan = new TornadoExecutionPlan(g.snapshot())) {
            plan.withDevice(device).withGridScheduler(new GridScheduler("s.t", new WorkerGrid1D(n))).execute();
        } catch (drcn.tornado.api.exceptions.TornadoDeviceFP64NotSupported e) {
            Assumptions.abort(device.getId() + " has no doubles");
        }
        double[] expected = new double[3];
        for (int i = 0; i < n; i++) expected[values.get(i) % 3] += 0.25; // exact: multiples of 0.25 far below 2^52
        for (int b = 0; b < 3; b++) assertEquals(expected[b], bins.get(b), device.getId() + " bin " + b);
    }

    @ParameterizedTest
    @MethodSource("devices")
    void parallelLoopWithAKernelContextCountsEveryIteration(TornadoDevice device) throws Exception {
        int n = 1 + random.nextInt(10000);
        var values = new IntArray(n);
        for (int i = 0; i < n; i++) values.set(i, random.nextInt(1000));
        var bins = new IntArray(5);
        TaskGraph g = new TaskGraph("s").transferToDevice(DataTransferMode.EVERY_EXECUTION, values, bins)
                .task("t", AtomicsTest::binCounts, new KernelContext(), values, bins)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, bins);
        try (var plan = new TornadoExecutionPlan(g.snapshot())) {
            plan.withDevice(device).execute();
        }
        int[] expected = new int[5];
        for (int i = 0; i < n; i++) expected[values.get(i) % 5]++;
        assertArrayEquals(expected, bins.toHeapArray(), device.getId());
    }

    /**
     * The SDK folder's prebuilt kernels (TornadoHome: PrebuiltSamples' Java kernels in TornadoVM's prebuilt calling
     * convention), as TornadoVM programs open them: add.cl (c = a + b, a length that is no multiple of the grid, so the
     * work-items stride) and atomics_uncompressed.cl (tickets from the task's start value).
     */
    @ParameterizedTest
    @MethodSource("devices")
    void prebuiltTasksRunTheSdkFoldersOpenCLKernels(TornadoDevice device, @TempDir Path home) throws Exception {
        Path generated = TornadoHome.write(home);
        int n = 1 + random.nextInt(3000);
        var a = new IntArray(n);
        var b = new IntArray(n);
        var c = new IntArray(n);
        for (int i = 0; i < n; i++) {
            a.set(i, random.nextInt(1 << 20));
            b.set(i, random.nextInt(1 << 20));
        }
        var accessors = new AccessorParameters(3);
        accessors.set(0, a, Access.READ_ONLY);
        accessors.set(1, b, Access.READ_ONLY);
        accessors.set(2, c, Access.WRITE_ONLY);
        TaskGraph g = new TaskGraph("s").transferToDevice(DataTransferMode.EVERY_EXECUTION, a, b)
                .prebuiltTask("t", "add", generated.resolve("add.cl").toString(), accessors)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, c);
        try (var plan = new TornadoExecutionPlan(g.snapshot())) {
            plan.withDevice(device).withGridScheduler(new GridScheduler("s.t", new WorkerGrid1D(64)));
            if (!device.getId().startsWith("opencl")) {
                var e = assertThrows(TornadoTaskRuntimeException.class, plan::execute);
                assertTrue(e.getMessage().contains("needs an OpenCL device"), e.getMessage());
                return;
            }
            plan.execute();
        }
        int[] expected = new int[n];
        PrebuiltSamples.addReference(a.toHeapArray(), b.toHeapArray(), expected);
        assertArrayEquals(expected, c.toHeapArray(), device.getId());

        int start = random.nextInt(1000);
        var tickets = new IntArray(64 + random.nextInt(200));
        var unused = new IntArray(1);
        var ticketAccessors = new AccessorParameters(2);
        ticketAccessors.set(0, tickets, Access.WRITE_ONLY);
        ticketAccessors.set(1, unused, Access.WRITE_ONLY);
        TaskGraph t = new TaskGraph("s").prebuiltTask("t", "add", generated.resolve("atomics_uncompressed.cl").toString(), ticketAccessors, new int[] {start})
                .transferToHost(DataTransferMode.EVERY_EXECUTION, tickets);
        try (var plan = new TornadoExecutionPlan(t.snapshot())) {
            plan.withDevice(device).withGridScheduler(new GridScheduler("s.t", new WorkerGrid1D(64))).execute();
        }
        assertTickets(tickets.toHeapArray(), start, device.getId());
    }

    /** The SDK folder is written whole and again only where its text changed; a scalar parameter has no place in the convention. */
    @Test
    void sdkFolderIsGeneratedAndTheConventionTakesArraysOnly(@TempDir Path home) throws Exception {
        Path generated = TornadoHome.write(home);
        try (var files = Files.list(generated)) {
            assertEquals(List.of("add.cl", "add_uncompressed.cl", "atomics.cl", "atomics_uncompressed.cl"), files.map(f -> f.getFileName().toString()).sorted().toList());
        }
        Path add = generated.resolve("add.cl");
        var modified = Files.getLastModifiedTime(add);
        Thread.sleep(20);
        TornadoHome.write(home);
        assertEquals(modified, Files.getLastModifiedTime(add), "an unchanged file is not written again");
        String source = Files.readString(add);
        assertTrue(source.contains("generated by drcn CEmitter from drcn.kernels.PrebuiltSamples#add"), source);
        assertTrue(source.contains("__kernel void add(__global long* _kernel_context, __constant uchar* _constant_region, __local uchar* _local_region, __global int* _atomics, __global uchar* a_bytes"), source);
        var e = assertThrows(IllegalArgumentException.class, () -> KernelJit.prebuiltSource(Kernels.ref(Smoke::saxpy), "saxpy"));
        assertTrue(e.getMessage().contains("parameter 'a'") && e.getMessage().contains("passes arrays only"), e.getMessage());
    }

    // ---- CUDA C, without a GPU: nvcc -ptx, then ptxas for sm_80 and sm_90

    @Test
    void cudaCompilesAndAssemblesForSm80AndSm90() throws Throwable {
        Assumptions.assumeTrue(CudaTools.present(), "nvcc and ptxas are not on PATH: the CUDA C check is skipped");
        Path dir = Files.createTempDirectory("drcn-atomics-cuda");
        for (String name : List.of("tickets", "countDown", "localTickets", "doubleHistogram", "binCounts")) {
            Method m = Arrays.stream(AtomicsTest.class.getDeclaredMethods()).filter(x -> x.getName().equals(name)).findFirst().orElseThrow();
            CudaTools.compileAndAssemble(dir, name, KernelJit.source(CudaTools.kernel(m), Map.of(), Dialect.CUDA), List.of("sm_80", "sm_90"));
        }
    }
}
