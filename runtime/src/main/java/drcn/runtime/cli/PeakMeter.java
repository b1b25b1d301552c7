package drcn.runtime.cli;

import drcn.kernels.Peak;
import drcn.kernels.api.FloatArray;
import drcn.runtime.backend.Buffer;
import drcn.runtime.backend.Device;
import drcn.runtime.backend.DeviceInfo;
import drcn.runtime.backend.Range;
import drcn.runtime.jit.KernelRef;

/**
 * Measures a device's attainable peak with the {@link Peak} kernels: GFLOP/s of independent FMA
 * chains and GB/s of a float copy. Benchmark reports divide by these numbers.
 *
 * <p>Timing is wall clock around launch + {@link Device#finish()}, best of several runs, the same way
 * the JMH benchmarks time kernels, so the fractions compare like with like. The problem grows until a
 * run takes {@code targetSeconds}, so one setting suits a CPU and a GPU alike.
 */
public final class PeakMeter {
    private PeakMeter() {}

    /** What {@code drcn devices --peak} reports for one device. */
    public record Result(String id, String name, String driver, double gflops, double gbps) {}

    /** The default problem: runs of about 100 ms, best of 8 (the JVM backend needs the repeats to reach compiled code); {@code tiny} (tests) makes them about a millisecond. */
    public static Result measure(Device device, boolean tiny) {
        return measure(device, tiny ? 0.001 : 0.1, tiny ? 1 << 14 : 1 << 24, tiny ? 2 : 8);
    }

    /**
     * @param targetSeconds how long one timed FMA run should take
     * @param copyFloats    floats per copy buffer (well above the last-level cache by default)
     * @param repeats       timed runs; the best counts
     */
    public static Result measure(Device device, double targetSeconds, int copyFloats, int repeats) {
        DeviceInfo info = device.info();
        return new Result(info.id(), info.name(), info.driver(),
                fmaGflops(device, targetSeconds, repeats), copyGBps(device, copyFloats, repeats));
    }

    static double fmaGflops(Device device, double targetSeconds, int repeats) {
        return device.info().cpu() ? straightFmaGflops(device, targetSeconds, repeats) : chainFmaGflops(device, targetSeconds, repeats);
    }

    /**
     * CPUs: {@link Peak#fmaStraight} (no loop, so PoCL vectorises across the work-items), launched back to back until
     * a run takes about {@code targetSeconds}; groups of 64 work-items (a multiple of any SIMD width).
     */
    static double straightFmaGflops(Device device, double targetSeconds, int repeats) {
        int items = 1 << 16;
        var kernel = device.compile(KernelRef.of(Peak.class, "fmaStraight"));
        try (Buffer out = device.allocateFloats(items)) {
            int launches = 1;
            double seconds = timeStraight(device, kernel, out, items, launches); // also the warm-up
            while (seconds < targetSeconds && launches < (1 << 16)) {
                launches = (int) Math.min(1 << 16, Math.max(launches * 2L, (long) (launches * targetSeconds / Math.max(seconds, 1e-6))));
                seconds = timeStraight(device, kernel, out, items, launches);
            }
            double best = seconds;
            for (int r = 1; r < repeats; r++) best = Math.min(best, timeStraight(device, kernel, out, items, launches));
            return 2.0 * Peak.STRAIGHT_CHAINS * Peak.STRAIGHT_STEPS * (double) items * launches / best / 1e9;
        }
    }

    private static double timeStraight(Device device, drcn.runtime.backend.CompiledKernel kernel, Buffer out, int items, int launches) {
        long start = System.nanoTime();
        for (int l = 0; l < launches; l++) device.launch(kernel, Range.of(items).withLocal(64), out, 0.999f, 0.001f);
        device.finish();
        return (System.nanoTime() - start) / 1e9;
    }

    /** GPUs: {@link Peak#fmaChains}, thousands of work-items per compute unit, a loop of 8 chains each. */
    static double chainFmaGflops(Device device, double targetSeconds, int repeats) {
        // Enough work-items to fill a GPU (thousands per SM) yet few enough for a CPU per iteration step.
        int n = Math.max(1024, device.info().computeUnits() * 2048);
        var kernel = device.compile(KernelRef.of(Peak.class, "fmaChains"));
        try (Buffer out = device.allocateFloats(n)) {
            int iterations = 16;
            double seconds = timeFma(device, kernel, out, n, iterations); // also the warm-up
            while (seconds < targetSeconds && iterations < (1 << 24)) {
                iterations = (int) Math.min(1 << 24, Math.max(iterations * 2L, (long) (iterations * targetSeconds / Math.max(seconds, 1e-6))));
                seconds = timeFma(device, kernel, out, n, iterations);
            }
            double best = seconds;
            for (int r = 1; r < repeats; r++) best = Math.min(best, timeFma(device, kernel, out, n, iterations));
            return 2.0 * Peak.CHAINS * iterations * (double) n / best / 1e9;
        }
    }

    private static double timeFma(Device device, drcn.runtime.backend.CompiledKernel kernel, Buffer out, int n, int iterations) {
        long start = System.nanoTime();
        device.launch(kernel, Range.of(n), out, n, iterations, 0.999f, 0.001f);
        device.finish();
        return (System.nanoTime() - start) / 1e9;
    }

    static double copyGBps(Device device, int n, int repeats) {
        var kernel = device.compile(KernelRef.of(Peak.class, "copy"));
        try (Buffer in = device.allocateFloats(n); Buffer out = device.allocateFloats(n)) {
            device.write(in, new FloatArray(n)); // touch the pages before timing
            // One copy of 2 x 64 MiB takes ~30 us on a GPU with HBM, the order of a launch and a sync:
            // time back-to-back launches (at least ~20 ms of them) so that the bandwidth, not the
            // launch overhead, is measured. A CPU takes ~10 ms per copy and runs one or two.
            timeCopies(device, kernel, in, out, n, 1); // warm-up
            double once = timeCopies(device, kernel, in, out, n, 1);
            int launches = (int) Math.min(1000, Math.max(1, Math.ceil(0.02 / Math.max(once, 1e-6))));
            double best = Double.MAX_VALUE;
            for (int r = 0; r < Math.max(repeats, 3); r++) best = Math.min(best, timeCopies(device, kernel, in, out, n, launches) / launches);
            return 2.0 * Float.BYTES * n / best / 1e9;
        }
    }

    private static double timeCopies(Device device, drcn.runtime.backend.CompiledKernel kernel, Buffer in, Buffer out, int n, int launches) {
        long start = System.nanoTime();
        for (int l = 0; l < launches; l++) device.launch(kernel, Range.of(n), in, out, n);
        device.finish();
        return (System.nanoTime() - start) / 1e9;
    }
}
