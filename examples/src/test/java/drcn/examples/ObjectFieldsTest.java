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
import drcn.tornado.api.types.arrays.IntArray;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Objects of the program's classes as task arguments (TornadoVM's {@code fields} tests): a kernel reads their fields
 * (nested, inherited; TornadoVM's arrays, Java arrays, numbers), writes the elements of array fields and, when it runs
 * as one work-item, number fields; a transfer of the object moves them. On every device against plain Java on fresh
 * random inputs, and the generated CUDA C through nvcc and ptxas.
 */
class ObjectFieldsTest {

    static List<TornadoDevice> devices() {
        return TaskGraphApiTest.devices();
    }

    /** Read through a final field of {@link Dense}: an object inside the task's object. */
    static final class Shape {
        final IntArray index;
        final float scale;

        Shape(IntArray index, float scale) {
            this.index = index;
            this.scale = scale;
        }
    }

    static class Layer {
        final FloatArray weights;
        final float[] bias;

        Layer(FloatArray weights, float[] bias) {
            this.weights = weights;
            this.bias = bias;
        }
    }

    /** Inherits its arrays from {@link Layer}. */
    static final class Dense extends Layer {
        final Shape shape;

        Dense(FloatArray weights, float[] bias, Shape shape) {
            super(weights, bias);
            this.shape = shape;
        }
    }

    /** Written by a one-work-item kernel: number fields and the elements of a Java array field. */
    static final class Stats {
        final int[] histogram = new int[4];
        float sum;
        int count;
        double largest = Double.NEGATIVE_INFINITY;
    }

    public static void apply(Dense d, FloatArray in, FloatArray out) {
        for (@Parallel int i = 0; i < out.getSize(); i++) {
            out.set(i, in.get(d.shape.index.get(i)) * d.weights.get(i) + d.bias[i % d.bias.length] * d.shape.scale);
        }
    }

    public static void summarize(Stats s, FloatArray values) {
        float sum = 0;
        for (int i = 0; i < values.getSize(); i++) {
            float v = values.get(i);
            sum += v;
            s.histogram[(int) (v * 4)]++;
            if (v > s.largest) s.largest = v;
        }
        s.sum = sum;
        s.count += values.getSize();
    }

    /** The context first, the object second: the object's fields follow every Java parameter. */
    public static void shift(KernelContext context, Dense d, FloatArray out) {
        int i = context.globalIdx;
        if (i < out.getSize()) out.set(i, d.weights.get(i) + d.bias[0] * d.shape.scale);
    }

    /** An instance kernel that runs as one work-item and writes its receiver's number fields. */
    static final class Running {
        final FloatArray values;
        float total;
        long steps;

        Running(FloatArray values) {
            this.values = values;
        }

        void add() {
            for (int i = 0; i < values.getSize(); i++) total += values.get(i);
            steps++;
        }
    }

    private static FloatArray random(int n, Random r) {
        FloatArray a = new FloatArray(n);
        for (int i = 0; i < n; i++) a.set(i, r.nextFloat());
        return a;
    }

    @ParameterizedTest
    @MethodSource("devices")
    void aKernelReadsNestedAndInheritedFields(TornadoDevice device) throws Exception {
        var r = new Random();
        int n = 500 + r.nextInt(200);
        int m = 50 + r.nextInt(50);
        var index = new IntArray(n);
        for (int i = 0; i < n; i++) index.set(i, r.nextInt(m));
        float[] bias = new float[3 + r.nextInt(5)];
        for (int i = 0; i < bias.length; i++) bias[i] = r.nextFloat() - 0.5f;
        var dense = new Dense(random(n, r), bias, new Shape(index, 0.5f + r.nextFloat()));
        FloatArray in = random(m, r), out = new FloatArray(n);
        var graph = new TaskGraph("s0")
                .transferToDevice(DataTransferMode.EVERY_EXECUTION, dense, in)
                .task("t0", ObjectFieldsTest::apply, dense, in, out)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, out);
        try (var plan = new TornadoExecutionPlan(graph.snapshot()).withDevice(device)) {
            for (int run = 0; run < 2; run++) {
                // the second run sees new weights: the object's arrays move with it at every execution
                for (int i = 0; i < n; i++) dense.weights.set(i, r.nextFloat() - 0.5f);
                plan.execute();
                for (int i = 0; i < n; i++) {
                    float expected = in.get(index.get(i)) * dense.weights.get(i) + bias[i % bias.length] * dense.shape.scale;
                    assertEquals(expected, out.get(i), 1e-5f, "run " + run + ", element " + i);
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("devices")
    void numberAndArrayFieldsComeBackWithTheObject(TornadoDevice device) throws Exception {
        var r = new Random();
        int n = 100 + r.nextInt(100);
        FloatArray values = random(n, r);
        var stats = new Stats();
        var graph = new TaskGraph("s0")
                .transferToDevice(DataTransferMode.EVERY_EXECUTION, stats, values)
                .task("t0", ObjectFieldsTest::summarize, stats, values)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, stats);
        try (var plan = new TornadoExecutionPlan(graph.snapshot()).withDevice(device)) {
            plan.execute();
            plan.execute(); // the fields went back to the host and come in again: counts double
        }
        var expected = new Stats();
        for (int run = 0; run < 2; run++) summarize(expected, values);
        assertEquals(expected.sum, stats.sum, 1e-5f * n);
        assertEquals(2 * n, stats.count);
        assertEquals(expected.largest, stats.largest);
        assertArrayEquals(expected.histogram, stats.histogram);
    }

    @ParameterizedTest
    @MethodSource("devices")
    void anObjectBesideAKernelContext(TornadoDevice device) throws Exception {
        var r = new Random();
        int n = 256 * (1 + r.nextInt(3));
        var dense = new Dense(random(n, r), new float[] {r.nextFloat()}, new Shape(new IntArray(1), 1 + r.nextFloat()));
        var out = new FloatArray(n);
        var graph = new TaskGraph("s0").transferToDevice(DataTransferMode.FIRST_EXECUTION, dense)
                .task("t0", ObjectFieldsTest::shift, new KernelContext(), dense, out)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, out);
        var worker = new WorkerGrid1D(n);
        worker.setLocalWork(64, 1, 1);
        try (var plan = new TornadoExecutionPlan(graph.snapshot())) {
            plan.withDevice(device).withGridScheduler(new GridScheduler("s0.t0", worker)).execute();
        }
        for (int i = 0; i < n; i++) assertEquals(dense.weights.get(i) + dense.bias[0] * dense.shape.scale, out.get(i), 1e-6f, "element " + i);
    }

    @ParameterizedTest
    @MethodSource("devices")
    void anInstanceKernelWritesItsReceiversNumbers(TornadoDevice device) throws Exception {
        var r = new Random();
        var running = new Running(random(50 + r.nextInt(50), r));
        running.total = r.nextFloat();
        var expected = new Running(running.values);
        expected.total = running.total;
        var graph = new TaskGraph("s0").transferToDevice(DataTransferMode.EVERY_EXECUTION, running)
                .task("t0", running::add)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, running);
        try (var plan = new TornadoExecutionPlan(graph.snapshot())) {
            for (int run = 0; run < 4; run++) {
                if (run == 2) plan.withCUDAGraph(); // replayed launches move the fields as direct ones do
                plan.withDevice(device).execute();
                expected.add();
                assertEquals(expected.total, running.total, 1e-5f * expected.total, "run " + run);
                assertEquals(expected.steps, running.steps, "run " + run);
            }
        }
    }

    // ---- CUDA C, without a GPU: nvcc -ptx, then ptxas for sm_80 and sm_90

    @Test
    void cudaCompilesAndAssemblesForSm80AndSm90() throws Throwable {
        Assumptions.assumeTrue(CudaTools.present(), "nvcc and ptxas are not on PATH: the CUDA C check is skipped");
        Path dir = Files.createTempDirectory("drcn-object-fields-cuda");
        for (String name : List.of("apply", "summarize")) {
            Method m = Arrays.stream(ObjectFieldsTest.class.getDeclaredMethods()).filter(x -> x.getName().equals(name)).findFirst().orElseThrow();
            String source = KernelJit.source(CudaTools.kernel(m), Map.of(), Dialect.CUDA);
            assertTrue(source.contains("d_shape_index") || source.contains("s_histogram"), source);
            CudaTools.compileAndAssemble(dir, name, source, List.of("sm_80", "sm_90"));
        }
    }
}
