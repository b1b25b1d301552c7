package drcn.runtime.profile;

import drcn.kernels.Peak;
import drcn.tornado.api.types.arrays.FloatArray;
import drcn.runtime.backend.Buffer;
import drcn.runtime.backend.Device;
import drcn.runtime.backend.DeviceInfo;
import drcn.runtime.backend.Range;
import drcn.runtime.backend.Kernels;

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

    /**
     * The FMA peak: on CPUs the better of {@link Peak#fmaStraight} (what the device compiler's own vectorisation
     * reaches) and {@link Peak#fmaVector} (explicit 16-lane vectors, what the Vector16 kernels can reach: 512-bit on
     * AVX-512 where PoCL vectorises at 256); on GPUs {@link Peak#fmaChains}.
     */
    public static double fmaGflops(Device device, double targetSeconds, int repeats) {
        if (!device.info().cpu()) return chainFmaGflops(device, targetSeconds, repeats);
        return Math.max(straightFmaGflops(device, targetSeconds, repeats), vectorFmaGflops(device, targetSeconds, repeats));
    }

    /**
     * CPUs: {@link Peak#fmaVector}, 256 work-items (one per group: the backends' default for Vector16 kernels on CPUs),
     * launched back to back until a run takes about {@code targetSeconds}.
     */
    static double vectorFmaGflops(Device device, double targetSeconds, int repeats) {
        int items = 256;
        var kernel = device.compile(Kernels.ref(Peak::fmaVector));
        Range range = Range.of(items);
        try (Buffer out = device.allocateFloats((long) items * 16)) {
            Run run = fastest(launches -> seconds(device, launches, () -> device.launch(kernel, range, out, 0.999f, 0.001f)),
                    1, 1 << 16, targetSeconds, repeats);
            return 2.0 * 16 * Peak.VECTOR_CHAINS * Peak.VECTOR_STEPS * (double) items * run.count() / run.seconds() / 1e9;
        }
    }

    /**
     * CPUs: {@link Peak#fmaStraight} (no loop, so PoCL vectorises across the work-items), launched back to back until
     * a run takes about {@code targetSeconds}; groups of 64 work-items (a multiple of any SIMD width).
     */
    static double straightFmaGflops(Device device, double targetSeconds, int repeats) {
        int items = 1 << 16;
        var kernel = device.compile(Kernels.ref(Peak::fmaStraight));
        Range range = Range.of(items).withLocal(64);
        try (Buffer out = device.allocateFloats(items)) {
            Run run = fastest(launches -> seconds(device, launches, () -> device.launch(kernel, range, out, 0.999f, 0.001f)),
                    1, 1 << 16, targetSeconds, repeats);
            return 2.0 * Peak.STRAIGHT_CHAINS * Peak.STRAIGHT_STEPS * (double) items * run.count() / run.seconds() / 1e9;
        }
    }

    /** GPUs: {@link Peak#fmaChains}, thousands of work-items per compute unit, a loop of 8 chains each, lengthened to the target. */
    static double chainFmaGflops(Device device, double targetSeconds, int repeats) {
        // Enough work-items to fill a GPU (thousands per SM) yet few enough for a CPU per iteration step.
        int n = Math.max(1024, device.info().computeUnits() * 2048);
        var kernel = device.compile(Kernels.ref(Peak::fmaChains));
        try (Buffer out = device.allocateFloats(n)) {
            Run run = fastest(iterations -> seconds(device, 1, () -> device.launch(kernel, Range.of(n), out, n, iterations, 0.999f, 0.001f)),
                    16, 1 << 24, targetSeconds, repeats);
            return 2.0 * Peak.CHAINS * run.count() * (double) n / run.seconds() / 1e9;
        }
    }

    static double copyGBps(Device device, int n, int repeats) {
        var kernel = device.compile(Kernels.ref(Peak::copy));
        try (Buffer in = device.allocateFloats(n); Buffer out = device.allocateFloats(n)) {
            device.write(in, new FloatArray(n)); // touch the pages before timing
            Runnable copy = () -> device.launch(kernel, Range.of(n), in, out, n);
            // One copy of 2 x 64 MiB takes ~30 us on a GPU with HBM, the order of a launch and a sync:
            // time back-to-back launches (at least ~20 ms of them) so that the bandwidth, not the
            // launch overhead, is measured. A CPU takes ~10 ms per copy and runs one or two.
            seconds(device, 1, copy); // warm-up
            double once = seconds(device, 1, copy);
            int launches = (int) Math.min(1000, Math.max(1, Math.ceil(0.02 / Math.max(once, 1e-6))));
            double best = Double.MAX_VALUE;
            for (int r = 0; r < Math.max(repeats, 3); r++) best = Math.min(best, seconds(device, launches, copy) / launches);
            return 2.0 * Float.BYTES * n / best / 1e9;
        }
    }

    /** A run's size (launches or iterations) and its best time. */
    private record Run(int count, double seconds) {}

    /**
     * Grows the run's size from {@code start} (at least doubling, at most {@code limit}) until one run takes about
     * {@code targetSeconds} (the first run is also the warm-up), then keeps the best of {@code repeats} runs of that size.
     */
    private static Run fastest(java.util.function.IntToDoubleFunction secondsOf, int start, int limit, double targetSeconds, int repeats) {
        int count = start;
        double seconds = secondsOf.applyAsDouble(count);
        while (seconds < targetSeconds && count < limit) {
            count = (int) Math.min(limit, Math.max(count * 2L, (long) (count * targetSeconds / Math.max(seconds, 1e-6))));
            seconds = secondsOf.applyAsDouble(count);
        }
        double best = seconds;
        for (int r = 1; r < repeats; r++) best = Math.min(best, secondsOf.applyAsDouble(count));
        return new Run(count, best);
    }

    /** Wall seconds of {@code times} back-to-back calls of {@code launch}, the device finished at the end. */
    private static double seconds(Device device, int times, Runnable launch) {
        long start = System.nanoTime();
        for (int t = 0; t < times; t++) launch.run();
        device.finish();
        return (System.nanoTime() - start) / 1e9;
    }
}
