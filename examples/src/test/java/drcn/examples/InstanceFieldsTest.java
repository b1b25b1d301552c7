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
 * Instance kernels ({@code object::method}, TornadoVM's {@code fields} tests) that read the final fields of their
 * receiver: arrays (TornadoVM's and Java's) and numbers, each task with its own receiver, on every device against
 * plain Java on fresh random inputs.
 */
class InstanceFieldsTest {

    static List<TornadoDevice> devices() {
        return TaskGraphApiTest.devices();
    }

    /** A receiver whose kernel reads arrays and numbers from its fields, and writes an array field's elements. */
    static final class Affine {
        final FloatArray in;
        final FloatArray out;
        final float[] bias;
        final float scale;
        final int shift;

        Affine(FloatArray in, FloatArray out, float[] bias, float scale, int shift) {
            this.in = in;
            this.out = out;
            this.bias = bias;
            this.scale = scale;
            this.shift = shift;
        }

        void apply() {
            for (@Parallel int i = 0; i < out.getSize(); i++) {
                out.set(i, in.get(i + shift) * this.scale + bias[i % bias.length]);
            }
        }

        /** Java parameters and fields together: the fields come after the parameters in the kernel. */
        void accumulate(FloatArray extra, int times) {
            for (@Parallel int i = 0; i < out.getSize(); i++) {
                out.set(i, out.get(i) + extra.get(i) * times * scale);
            }
        }
    }

    static final class Counter {
        final IntArray counts;
        final int step;

        Counter(int n, int step) {
            counts = new IntArray(n);
            this.step = step;
        }

        void fill() {
            for (@Parallel int i = 0; i < counts.getSize(); i++) counts.set(i, i * step);
        }
    }

    private static FloatArray random(int n, Random r) {
        FloatArray a = new FloatArray(n);
        for (int i = 0; i < n; i++) a.set(i, r.nextFloat() * 2 - 1);
        return a;
    }

    @ParameterizedTest
    @MethodSource("devices")
    void receiverFieldsAreTheKernelsArguments(TornadoDevice device) throws Exception {
        var r = new Random();
        int n = 700 + r.nextInt(100);
        int shift = r.nextInt(8);
        float[] bias = new float[5];
        for (int i = 0; i < bias.length; i++) bias[i] = r.nextFloat();
        var affine = new Affine(random(n + shift, r), new FloatArray(n), bias, r.nextFloat() + 0.5f, shift);
        FloatArray extra = random(n, r);
        var graph = new TaskGraph("s0")
                .transferToDevice(DataTransferMode.EVERY_EXECUTION, affine.in, extra)
                .task("t0", affine::apply)
                .task("t1", affine::accumulate, extra, 3)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, affine.out);
        try (var plan = new TornadoExecutionPlan(graph.snapshot())) {
            plan.withDevice(device).execute();
        }
        for (int i = 0; i < n; i++) {
            float expected = affine.in.get(i + shift) * affine.scale + bias[i % bias.length];
            expected = expected + extra.get(i) * 3 * affine.scale;
            assertEquals(expected, affine.out.get(i), 1e-5f, "element " + i);
        }
    }

    /** Two receivers of one class in one graph: each task reads its own receiver's fields. */
    @ParameterizedTest
    @MethodSource("devices")
    void eachTaskReadsItsOwnReceiver(TornadoDevice device) throws Exception {
        var r = new Random();
        var first = new Counter(100 + r.nextInt(50), 2 + r.nextInt(5));
        var second = new Counter(200 + r.nextInt(50), 7 + r.nextInt(5));
        var graph = new TaskGraph("s0").task("a", first::fill).task("b", second::fill)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, first.counts, second.counts);
        try (var plan = new TornadoExecutionPlan(graph.snapshot())) {
            plan.withDevice(device).execute();
        }
        for (Counter c : List.of(first, second)) {
            for (int i = 0; i < c.counts.getSize(); i++) assertEquals(i * c.step, c.counts.get(i), "element " + i);
        }
    }
}
