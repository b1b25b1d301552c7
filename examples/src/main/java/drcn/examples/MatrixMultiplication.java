package drcn.examples;

import drcn.tornado.api.GridScheduler;
import drcn.tornado.api.KernelContext;
import drcn.tornado.api.TaskGraph;
import drcn.tornado.api.TornadoExecutionPlan;
import drcn.tornado.api.WorkerGrid2D;
import drcn.tornado.api.enums.DataTransferMode;
import drcn.tornado.api.enums.ProfilerMode;
import drcn.tornado.api.exceptions.TornadoExecutionPlanException;
import drcn.tornado.api.types.arrays.FloatArray;

/**
 * A tiled matrix multiplication through local memory, as TornadoVM's KernelContext examples write it: each
 * work-group loads a TILE x TILE block of A and of B into local memory, synchronises, and accumulates.
 * {@code java drcn.examples.MatrixMultiplication [n]} (n a multiple of 16) checks against a plain loop.
 */
public final class MatrixMultiplication {
    static final int TILE = 16;

    /** C = A * B for n x n row-major matrices; launched on an n x n grid with TILE x TILE work-groups. */
    public static void matrixMultiplyTiled(KernelContext context, FloatArray a, FloatArray b, FloatArray c, int n) {
        int row = context.localIdx;
        int col = context.localIdy;
        int globalRow = TILE * context.groupIdx + row;
        int globalCol = TILE * context.groupIdy + col;
        float[] aSub = context.allocateFloatLocalArray(TILE * TILE);
        float[] bSub = context.allocateFloatLocalArray(TILE * TILE);
        float sum = 0;
        int tiles = n / TILE;
        for (int t = 0; t < tiles; t++) {
            int tiledRow = TILE * t + row;
            int tiledCol = TILE * t + col;
            aSub[col * TILE + row] = a.get(globalRow * n + tiledCol);
            bSub[col * TILE + row] = b.get(tiledRow * n + globalCol);
            context.localBarrier();
            for (int k = 0; k < TILE; k++) {
                sum += aSub[k * TILE + row] * bSub[col * TILE + k];
            }
            context.localBarrier();
        }
        c.set(globalRow * n + globalCol, sum);
    }

    /** The plain loop the kernel is checked against. */
    public static void reference(FloatArray a, FloatArray b, FloatArray c, int n) {
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                float sum = 0;
                for (int k = 0; k < n; k++) sum += a.get(i * n + k) * b.get(k * n + j);
                c.set(i * n + j, sum);
            }
        }
    }

    /** Multiplies two random n x n matrices on the default device; returns the largest relative error. */
    public static double run(int n, boolean profile) throws TornadoExecutionPlanException {
        var random = new java.util.Random(n);
        FloatArray a = new FloatArray(n * n);
        FloatArray b = new FloatArray(n * n);
        FloatArray c = new FloatArray(n * n);
        FloatArray expected = new FloatArray(n * n);
        for (int i = 0; i < n * n; i++) {
            a.set(i, random.nextFloat() - 0.5f);
            b.set(i, random.nextFloat() - 0.5f);
        }
        TaskGraph graph = new TaskGraph("mxm")
                .transferToDevice(DataTransferMode.FIRST_EXECUTION, a, b)
                .task("tiled", MatrixMultiplication::matrixMultiplyTiled, new KernelContext(), a, b, c, n)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, c);
        WorkerGrid2D worker = new WorkerGrid2D(n, n);
        worker.setLocalWork(TILE, TILE, 1);
        try (TornadoExecutionPlan plan = new TornadoExecutionPlan(graph.snapshot())) {
            plan.withGridScheduler(new GridScheduler("mxm.tiled", worker));
            if (profile) plan.withProfiler(ProfilerMode.CONSOLE);
            plan.execute();
        }
        reference(a, b, expected, n);
        double worst = 0;
        for (int i = 0; i < n * n; i++) {
            worst = Math.max(worst, Math.abs(c.get(i) - expected.get(i)) / (1e-3 + Math.abs(expected.get(i))));
        }
        return worst;
    }

    public static void main(String[] args) throws TornadoExecutionPlanException {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 256;
        if (n % TILE != 0) {
            System.err.println("n must be a multiple of " + TILE);
            System.exit(2);
        }
        double worst = run(n, args.length > 1 && args[1].equals("--profile"));
        System.out.println(n + "x" + n + " tiled matrix multiplication: largest relative error " + worst);
        if (worst > 1e-4) System.exit(1);
    }
}
