package drcn.examples;

import drcn.tornado.api.TaskGraph;
import drcn.tornado.api.TornadoExecutionPlan;
import drcn.tornado.api.annotations.Parallel;
import drcn.tornado.api.common.TornadoDevice;
import drcn.tornado.api.common.TornadoFunctions.Task4;
import drcn.tornado.api.enums.DataTransferMode;
import drcn.tornado.api.types.arrays.FloatArray;
import drcn.tornado.api.types.arrays.IntArray;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Lambdas as a task's code, as TornadoVM takes them: the body is the kernel, the lambda's parameters take the task's
 * arguments, and what it captures (effectively final locals, their values when the lambda was created) comes first.
 * Each on every device against plain Java on fresh random inputs.
 */
class LambdaTaskTest {

    static List<TornadoDevice> devices() {
        return TaskGraphApiTest.devices();
    }

    static float scaleAndShift(float x, float scale, float shift) {
        return x * scale + shift;
    }

    public static void saxpy(float alpha, FloatArray x, FloatArray y) {
        for (@Parallel int i = 0; i < y.getSize(); i++) y.set(i, alpha * x.get(i) + y.get(i));
    }

    /** A lambda in an instance method that calls the object's own method: javac passes {@code this} as it captures it. */
    static final class Scaler {
        private final float factor;

        Scaler(float factor) { this.factor = factor; }

        float twice(float v) { return 2 * v; }

        TaskGraph graph(FloatArray in, FloatArray out, float offset) {
            return new TaskGraph("s0").transferToDevice(DataTransferMode.EVERY_EXECUTION, in)
                    .task("t0", (x, y) -> {
                        for (@Parallel int i = 0; i < y.getSize(); i++) y.set(i, twice(x.get(i)) + offset);
                    }, in, out)
                    .transferToHost(DataTransferMode.EVERY_EXECUTION, out);
        }
    }

    @ParameterizedTest
    @MethodSource("devices")
    void lambdaCallingItsObjectsMethod(TornadoDevice device) throws Exception {
        var r = new Random();
        int n = 200 + r.nextInt(50);
        float offset = r.nextFloat();
        FloatArray in = random(n, r), out = new FloatArray(n);
        run(new Scaler(3f).graph(in, out, offset), device);
        for (int i = 0; i < n; i++) assertEquals(2 * in.get(i) + offset, out.get(i), 1e-6f, "element " + i);
    }

    public static void axpb(FloatArray x, FloatArray y, float a, float b) {
        for (@Parallel int i = 0; i < y.getSize(); i++) y.set(i, a * x.get(i) + b);
    }

    /** A runner that takes the code as a value, as TornadoVM programs write shared helpers: {@code task("t0", code, ...)}. */
    private static void runCode(Task4<FloatArray, FloatArray, Float, Float> code, FloatArray x, FloatArray y, float a, float b,
                                TornadoDevice device) throws Exception {
        run(new TaskGraph("s0").transferToDevice(DataTransferMode.EVERY_EXECUTION, x)
                .task("t0", code, x, y, a, b).transferToHost(DataTransferMode.EVERY_EXECUTION, y), device);
    }

    /**
     * Task code held in a variable or passed through a method parameter: every method reference and lambda converted
     * to a task type is compiled where it is written, so the task(...) call needs no literal one.
     */
    @ParameterizedTest
    @MethodSource("devices")
    void taskCodeGivenAsAValue(TornadoDevice device) throws Exception {
        var r = new Random();
        int n = 100 + r.nextInt(200);
        float a = r.nextFloat() * 4 - 2, b = r.nextFloat();
        FloatArray x = random(n, r), y = new FloatArray(n);
        runCode(LambdaTaskTest::axpb, x, y, a, b, device);
        for (int i = 0; i < n; i++) assertEquals(a * x.get(i) + b, y.get(i), 1e-6f, "method reference, element " + i);

        Task4<FloatArray, FloatArray, Float, Float> square = (in, out, c, d) -> {
            for (@Parallel int i = 0; i < out.getSize(); i++) out.set(i, c * in.get(i) * in.get(i) + d);
        };
        FloatArray z = new FloatArray(n);
        runCode(square, x, z, a, b, device);
        for (int i = 0; i < n; i++) assertEquals(a * x.get(i) * x.get(i) + b, z.get(i), 1e-5f, "lambda, element " + i);
    }

    private static FloatArray random(int n, Random r) {
        FloatArray a = new FloatArray(n);
        for (int i = 0; i < n; i++) a.set(i, r.nextFloat() * 2 - 1);
        return a;
    }

    private static void run(TaskGraph graph, TornadoDevice device) throws Exception {
        try (var plan = new TornadoExecutionPlan(graph.snapshot())) {
            plan.withDevice(device).execute();
        }
    }

    @ParameterizedTest
    @MethodSource("devices")
    void blockLambdaWithAParallelLoop(TornadoDevice device) throws Exception {
        var r = new Random();
        int n = 1000 + r.nextInt(100);
        FloatArray a = random(n, r), b = random(n, r), c = new FloatArray(n);
        var graph = new TaskGraph("s0").transferToDevice(DataTransferMode.EVERY_EXECUTION, a, b)
                .task("t0", (x, y, z) -> {
                    for (@Parallel int i = 0; i < z.getSize(); i++) {
                        z.set(i, x.get(i) * y.get(i) + x.get(i));
                    }
                }, a, b, c)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, c);
        run(graph, device);
        for (int i = 0; i < n; i++) assertEquals(a.get(i) * b.get(i) + a.get(i), c.get(i), 1e-6f, "element " + i);
    }

    /** Captured scalars and a captured array: leading arguments with the values they had when the lambda was made. */
    @ParameterizedTest
    @MethodSource("devices")
    void capturedVariablesAndAStaticHelper(TornadoDevice device) throws Exception {
        var r = new Random();
        int n = 500 + r.nextInt(100);
        float scale = r.nextFloat() + 0.5f;
        int offset = r.nextInt(10);
        FloatArray shifts = random(16, r);
        FloatArray in = random(n + offset, r), out = new FloatArray(n);
        var graph = new TaskGraph("s0").transferToDevice(DataTransferMode.EVERY_EXECUTION, in, shifts)
                .task("t0", (x, y) -> {
                    for (@Parallel int i = 0; i < y.getSize(); i++) {
                        y.set(i, scaleAndShift(x.get(i + offset), scale, shifts.get(i % 16)));
                    }
                }, in, out)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, out);
        run(graph, device);
        for (int i = 0; i < n; i++) {
            assertEquals(scaleAndShift(in.get(i + offset), scale, shifts.get(i % 16)), out.get(i), 1e-6f, "element " + i);
        }
    }

    /** An expression lambda that calls a static kernel, a boxed number parameter, and two lambdas in one graph. */
    @ParameterizedTest
    @MethodSource("devices")
    void expressionLambdaCallingAKernelAndBoxedNumbers(TornadoDevice device) throws Exception {
        var r = new Random();
        int n = 300 + r.nextInt(50);
        float alpha = r.nextFloat();
        FloatArray x = random(n, r), y = random(n, r);
        FloatArray expected = new FloatArray(n);
        for (int i = 0; i < n; i++) expected.set(i, alpha * x.get(i) + y.get(i) + 3);
        IntArray counts = new IntArray(n);
        int[] expectedCounts = new int[n];
        for (int i = 0; i < n; i++) expectedCounts[i] = i * 7;
        var graph = new TaskGraph("s0").transferToDevice(DataTransferMode.EVERY_EXECUTION, x, y)
                .task("t0", (al, xs, ys) -> saxpy(al, xs, ys), alpha, x, y)
                .task("t1", (ys, k) -> {
                    for (@Parallel int i = 0; i < ys.getSize(); i++) ys.set(i, ys.get(i) + k);
                }, y, 3)
                .task("t2", (cs, step) -> {
                    for (@Parallel int i = 0; i < cs.getSize(); i++) cs.set(i, i * step);
                }, counts, 7)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, y, counts);
        run(graph, device);
        for (int i = 0; i < n; i++) assertEquals(expected.get(i), y.get(i), 1e-5f, "element " + i);
        assertArrayEquals(expectedCounts, counts.toHeapArray());
    }
}
