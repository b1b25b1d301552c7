package drcn.examples;

import drcn.tornado.api.GridScheduler;
import drcn.tornado.api.ImmutableTaskGraph;
import drcn.tornado.api.KernelContext;
import drcn.tornado.api.TaskGraph;
import drcn.tornado.api.TornadoExecutionPlan;
import drcn.tornado.api.WorkerGrid;
import drcn.tornado.api.WorkerGrid1D;
import drcn.tornado.api.enums.DataTransferMode;
import drcn.tornado.api.exceptions.TornadoExecutionPlanException;
import drcn.tornado.api.types.arrays.FloatArray;

/**
 * TornadoVM's vector addition with a KernelContext and a GridScheduler, as its documentation writes it; only
 * the import prefix differs. {@code java drcn.examples.VectorAdd [n]} prints the largest error and exits 1 on a
 * wrong result.
 */
public final class VectorAdd {

    /** c = a + b, one element per thread. */
    public static void add(KernelContext context, FloatArray a, FloatArray b, FloatArray c) {
        int i = context.globalIdx;
        if (i < c.getSize()) {
            c.set(i, a.get(i) + b.get(i));
        }
    }

    /** Runs the addition on the default device (or -Ds0.t0.device=B:D); returns the largest error. */
    public static float run(int n) throws TornadoExecutionPlanException {
        FloatArray a = new FloatArray(n);
        FloatArray b = new FloatArray(n);
        FloatArray c = new FloatArray(n);
        for (int i = 0; i < n; i++) {
            a.set(i, i);
            b.set(i, 2f * i + 1f);
        }
        KernelContext context = new KernelContext();
        TaskGraph graph = new TaskGraph("s0")
                .transferToDevice(DataTransferMode.FIRST_EXECUTION, a, b)
                .task("t0", VectorAdd::add, context, a, b, c)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, c);
        ImmutableTaskGraph snapshot = graph.snapshot();

        WorkerGrid worker = new WorkerGrid1D(n);
        worker.setLocalWork(32, 1, 1);
        GridScheduler grid = new GridScheduler("s0.t0", worker);

        try (TornadoExecutionPlan plan = new TornadoExecutionPlan(snapshot)) {
            plan.withGridScheduler(grid).execute();
        }
        float worst = 0;
        for (int i = 0; i < n; i++) worst = Math.max(worst, Math.abs(c.get(i) - (3f * i + 1f)));
        return worst;
    }

    public static void main(String[] args) throws TornadoExecutionPlanException {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1 << 20;
        float worst = run(n);
        System.out.println("vector addition of " + n + " floats: largest error " + worst);
        if (worst != 0) System.exit(1);
    }
}
