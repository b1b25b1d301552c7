package drcn.examples;

import drcn.tornado.api.KernelContext;
import drcn.tornado.api.TaskGraph;
import drcn.tornado.api.TornadoExecutionPlan;
import drcn.tornado.api.annotations.Parallel;
import drcn.tornado.api.common.TornadoDevice;
import drcn.tornado.api.enums.DataTransferMode;
import drcn.tornado.api.types.arrays.FloatArray;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Execution plans run from several threads at once on one device, as TornadoVM's users do (its
 * TestMultiThreadedExecutionPlans): each thread builds its own graphs and plans over the same kernels (so the
 * device's built kernels and caches are shared) and every result equals plain Java.
 */
class ConcurrentPlansTest {

    static List<TornadoDevice> devices() {
        return TaskGraphApiTest.devices();
    }

    public static void scaleAndShift(FloatArray in, FloatArray out, float scale) {
        for (@Parallel int i = 0; i < in.getSize(); i++) {
            out.set(i, in.get(i) * scale + i);
        }
    }

    public static void square(FloatArray in, FloatArray out, KernelContext context) {
        int i = context.globalIdx;
        if (i < in.getSize()) out.set(i, in.get(i) * in.get(i));
    }

    @ParameterizedTest
    @MethodSource("devices")
    void plansOnSeveralThreadsShareADeviceSafely(TornadoDevice device) throws Exception {
        int threads = 4, rounds = 6;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            var results = new ArrayList<Future<String>>();
            for (int t = 0; t < threads; t++) {
                final int thread = t;
                Callable<String> work = () -> {
                    var r = new Random();
                    for (int round = 0; round < rounds; round++) {
                        int n = 1 + r.nextInt(100_000);
                        float scale = r.nextFloat() * 4 - 2;
                        FloatArray in = new FloatArray(n), mid = new FloatArray(n), out = new FloatArray(n);
                        for (int i = 0; i < n; i++) in.set(i, r.nextFloat() * 2 - 1);
                        var graph = new TaskGraph("g" + thread + "_" + round)
                                .transferToDevice(DataTransferMode.EVERY_EXECUTION, in)
                                .task("scale", ConcurrentPlansTest::scaleAndShift, in, mid, scale)
                                .task("square", ConcurrentPlansTest::square, mid, out, new KernelContext())
                                .transferToHost(DataTransferMode.EVERY_EXECUTION, out);
                        try (var plan = new TornadoExecutionPlan(graph.snapshot())) {
                            plan.withDevice(device).withGridScheduler(new drcn.tornado.api.GridScheduler(
                                    graph.getTaskGraphName() + ".square", new drcn.tornado.api.WorkerGrid1D(n)));
                            plan.execute();
                            plan.execute();
                        }
                        for (int i = 0; i < n; i++) {
                            float m = in.get(i) * scale + i;
                            if (!(Math.abs(out.get(i) - m * m) <= 1e-5f * Math.max(1f, m * m))) { // a device may fuse a*b+c
                                return "thread " + thread + " round " + round + " element " + i + ": " + out.get(i) + " != " + m * m;
                            }
                        }
                    }
                    return null;
                };
                results.add(pool.submit(work));
            }
            for (Future<String> f : results) assertNull(f.get());
        } finally {
            pool.shutdownNow();
        }
    }
}
