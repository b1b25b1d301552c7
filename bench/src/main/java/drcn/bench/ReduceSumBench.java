package drcn.bench;

import drcn.tornado.api.GridScheduler;
import drcn.tornado.api.TaskGraph;
import drcn.tornado.api.TornadoExecutionPlan;
import drcn.tornado.api.WorkerGrid1D;
import drcn.tornado.api.annotations.Parallel;
import drcn.tornado.api.annotations.Reduce;
import drcn.tornado.api.enums.DataTransferMode;
import drcn.tornado.api.types.arrays.FloatArray;

/**
 * A float {@code @Reduce} sum of n elements (default 3 million) on the configured device: the median wall time of
 * {@code plan.execute()} over 21 executions after 5 warm-ups, the input resident on the device (FIRST_EXECUTION) and
 * the one-float result copied back each time, so the time is the launch and the reduction. Run it with
 * {@code bin/tornado bench/src/main/java/drcn/bench/ReduceSumBench.java -- [n [global [local]]]} and compare builds
 * on one machine. With {@code global}, a GridScheduler launches that many work-items in groups of {@code local} (256
 * if not given): a grid reduction's G is then global / local.
 */
public final class ReduceSumBench {
    private ReduceSumBench() {}

    public static void sum(FloatArray in, @Reduce FloatArray r) {
        r.set(0, 0f);
        for (@Parallel int i = 0; i < in.getSize(); i++) r.set(0, r.get(0) + in.get(i));
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 3_000_000;
        FloatArray in = new FloatArray(n), out = new FloatArray(1);
        var random = new java.util.Random(1);
        for (int i = 0; i < n; i++) in.set(i, random.nextFloat());
        TaskGraph graph = new TaskGraph("s0").transferToDevice(DataTransferMode.FIRST_EXECUTION, in)
                .task("t0", ReduceSumBench::sum, in, out).transferToHost(DataTransferMode.EVERY_EXECUTION, out);
        try (var plan = new TornadoExecutionPlan(graph.snapshot())) {
            if (args.length > 1) {
                var grid = new WorkerGrid1D(Integer.parseInt(args[1]));
                grid.setLocalWork(args.length > 2 ? Integer.parseInt(args[2]) : 256, 1, 1);
                plan.withGridScheduler(new GridScheduler("s0.t0", grid));
            }
            for (int i = 0; i < 5; i++) plan.execute();
            long[] nanos = new long[21];
            for (int i = 0; i < nanos.length; i++) {
                long start = System.nanoTime();
                plan.execute();
                nanos[i] = System.nanoTime() - start;
            }
            java.util.Arrays.sort(nanos);
            System.out.printf("n %d%s: median %.3f ms (min %.3f), sum %.6g%n", n, args.length > 1 ? ", global " + args[1] : "", nanos[nanos.length / 2] / 1e6, nanos[0] / 1e6, out.get(0));
        }
    }
}
