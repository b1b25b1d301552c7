package drcn.runtime.backends;

import drcn.kernels.Smoke;
import drcn.runtime.backend.Buffer;
import drcn.runtime.backend.CompiledKernel;
import drcn.runtime.backend.Device;
import drcn.runtime.backend.Kernels;
import drcn.runtime.backend.Range;
import drcn.runtime.backend.RecordedGraph;
import drcn.runtime.backend.RecordedLaunch;
import drcn.tornado.api.GridScheduler;
import drcn.tornado.api.KernelContext;
import drcn.tornado.api.TaskGraph;
import drcn.tornado.api.TornadoExecutionPlan;
import drcn.tornado.api.WorkerGrid1D;
import drcn.tornado.api.enums.DataTransferMode;
import drcn.tornado.api.runtime.TornadoRuntimeProvider;
import drcn.tornado.api.types.arrays.FloatArray;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Replay against direct execution on one device, bit for bit: launches captured with {@link Device#capture}
 * (a CUDA graph on cuda) against the same launches one by one, and a task graph run with {@code withCUDAGraph}
 * (with a {@code freeDeviceMemory} in between, so it captures twice) against the same plan without. For a
 * machine without Maven (scripts/gpu-check runs it from the bundle):
 * {@code DRCN_MAIN=drcn.runtime.backends.ReplayCheck drcn cuda:0}; exits 1 when a check fails.
 */
public final class ReplayCheck {
    private static final int N = 4099;
    private static final int REPEATS = 4;
    private static final float[] FACTORS = {1.5f, -0.25f, 0.75f};

    /** One check's outcome: how many of the N outputs differ in any bit. */
    public record Result(String device, String check, int mismatches) {
        public boolean ok() { return mismatches == 0; }

        @Override
        public String toString() {
            return (ok() ? "OK    " : "FAIL  ") + check + " on " + device + (ok() ? "" : ": " + mismatches + " of " + N + " values differ");
        }
    }

    public static void main(String[] args) {
        String id = args.length > 0 ? args[0] : "auto";
        List<Result> results = run(id);
        results.forEach(System.out::println);
        if (!results.stream().allMatch(Result::ok)) System.exit(1);
    }

    /** Both checks on the device {@code id} ({@code cuda:0}, {@code opencl:0}, {@code jvm}). */
    public static List<Result> run(String id) {
        var results = new ArrayList<Result>();
        String opened;
        try (Device device = Backends.open(id, 0)) {
            opened = device.info().id();
            results.add(new Result(opened, "Device.capture", mismatches(launched(device, false), launched(device, true))));
        }
        results.add(new Result(opened, "withCUDAGraph", mismatches(planned(opened, false), planned(opened, true))));
        return results;
    }

    private static float[][] inputs() {
        var random = new Random(17);
        float[] x = new float[N], y = new float[N];
        for (int i = 0; i < N; i++) { x[i] = random.nextFloat() - 0.5f; y[i] = random.nextFloat(); }
        return new float[][]{x, y};
    }

    /** y after REPEATS rounds of three saxpy launches, each reading what the one before wrote. */
    private static float[] launched(Device device, boolean captured) {
        float[][] in = inputs();
        CompiledKernel saxpy = device.compile(Kernels.ref(Smoke::saxpy));
        try (Buffer x = device.allocateFloats(N); Buffer y = device.allocateFloats(N)) {
            device.write(x, FloatArray.fromArray(in[0]));
            device.write(y, FloatArray.fromArray(in[1]));
            Object[][] steps = {{x, y, FACTORS[0], N}, {y, x, FACTORS[1], N}, {x, y, FACTORS[2], N}};
            if (captured) {
                var launches = new ArrayList<RecordedLaunch>();
                try {
                    for (Object[] step : steps) launches.add(device.record(saxpy, Range.of(N), step));
                    try (RecordedGraph graph = device.capture(launches)) {
                        for (int r = 0; r < REPEATS; r++) graph.replay();
                        device.finish();
                    }
                } finally {
                    launches.forEach(RecordedLaunch::close);
                }
            } else {
                for (int r = 0; r < REPEATS; r++) for (Object[] step : steps) device.launch(saxpy, Range.of(N), step);
            }
            FloatArray out = new FloatArray(N);
            device.read(y, out);
            return out.toHeapArray();
        }
    }

    /** The same computation as a task graph, executed REPEATS times, its device memory freed half-way. */
    private static float[] planned(String id, boolean replay) {
        float[][] in = inputs();
        FloatArray x = FloatArray.fromArray(in[0]), y = FloatArray.fromArray(in[1]);
        String name = "replaycheck";
        TaskGraph graph = new TaskGraph(name).transferToDevice(DataTransferMode.FIRST_EXECUTION, x, y)
                .task("t0", Smoke::saxpy, new KernelContext(), x, y, FACTORS[0], N)
                .task("t1", Smoke::saxpy, new KernelContext(), y, x, FACTORS[1], N)
                .task("t2", Smoke::saxpy, new KernelContext(), x, y, FACTORS[2], N)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, x, y);
        var grid = new GridScheduler();
        for (String task : List.of("t0", "t1", "t2")) grid.addWorkerGrid(name + "." + task, new WorkerGrid1D(N));
        TornadoRuntimeProvider.setProperty(name + ".device", id);
        try (var plan = new TornadoExecutionPlan(graph.snapshot())) {
            plan.withGridScheduler(grid);
            if (replay) plan.withCUDAGraph();
            for (int r = 0; r < REPEATS; r++) {
                if (r == REPEATS / 2) plan.freeDeviceMemory(); // new buffers: recorded and captured again
                plan.execute();
            }
        } catch (drcn.tornado.api.exceptions.TornadoExecutionPlanException e) {
            throw new IllegalStateException(e);
        } finally {
            TornadoRuntimeProvider.setProperty(name + ".device", "");
        }
        return y.toHeapArray();
    }

    private static int mismatches(float[] a, float[] b) {
        int count = 0;
        for (int i = 0; i < a.length; i++) if (Float.floatToIntBits(a[i]) != Float.floatToIntBits(b[i])) count++;
        return count;
    }
}
