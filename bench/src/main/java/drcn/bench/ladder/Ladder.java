package drcn.bench.ladder;

import drcn.kernels.Index;
import drcn.runtime.backend.Buffer;
import drcn.runtime.backend.Device;
import drcn.runtime.backend.Event;
import drcn.runtime.backend.Range;
import drcn.runtime.config.Settings;
import drcn.runtime.profile.PeakMeter;
import drcn.tornado.api.types.arrays.FloatArray;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The one harness of the convolution ladders (llm.c's {@code dev/cuda/common.h} habit): the shape record, the
 * command line, the selection from a ladder's version list, the check of each version against the Java reference,
 * the warm-up with a full-shape cross-check against the first candidate, interleaved timing rounds (every candidate
 * once per round, so a noisy machine hurts them alike) with the FMA peak re-measured between rounds, and the result
 * table: ms (min, median), GFLOP/s of the min, the fraction of that peak, the time against the first candidate and
 * the check's verdict. {@link ConvForwardLadder}, {@link ConvBackwardLadder} and {@link WinogradLadder} only list
 * their versions and say how one of them runs; {@link TorchPeer} is the peer.
 */
final class Ladder {
    private Ladder() {
    }

    /** A benchmark shape: batch N of H x W images, Cin -> Cout (of the forward convolution). */
    record Shape(String name, int batch, int in, int out, int height, int width) {
        /** The direct 3x3 convolution's {@code 2 * 9 * Cin * Cout * H * W * N}, whichever algorithm runs. */
        double flops() {
            return 2.0 * 9 * in * out * (double) height * width * batch;
        }

        /** The shape every version is checked on: 2 images of 11 x 19 (odd, not a tile multiple), the real channels. */
        Shape forCheck() {
            return new Shape("check", 2, in, out, 11, 19);
        }

        int inputCount() {
            return batch * in * height * width;
        }

        int outputCount() {
            return batch * out * height * width;
        }

        int weightCount() {
            return out * in * 9;
        }

        String describe() {
            return String.format("N=%d Cin=%d Cout=%d %dx%d", batch, in, out, height, width);
        }
    }

    /** The shape named {@code name}; an unknown name is an error. */
    static Shape shape(List<Shape> shapes, String name) {
        return shapes.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown shape " + name + "; known: "
                        + shapes.stream().map(Shape::name).toList()));
    }

    /**
     * The options every ladder takes ({@code --device D --rounds R --shapes a,b --versions x,y --torch}) and the
     * ladder's own: {@code flags} take no value, {@code valued} take one.
     */
    record Options(String device, int rounds, List<String> shapes, List<String> versions, boolean torch, Map<String, String> own) {
        static Options parse(String[] args, int rounds, List<String> shapes, Set<String> flags, Set<String> valued) {
            String device = "opencl:0";
            List<String> versions = null;
            boolean torch = false;
            Map<String, String> own = new HashMap<>();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--device" -> device = value(args, ++i, a);
                    case "--rounds" -> rounds = Integer.parseInt(value(args, ++i, a));
                    case "--shapes" -> shapes = List.of(value(args, ++i, a).split(","));
                    case "--versions" -> versions = List.of(value(args, ++i, a).split(","));
                    case "--torch" -> torch = true;
                    default -> {
                        if (flags.contains(a)) own.put(a, "true");
                        else if (valued.contains(a)) own.put(a, value(args, ++i, a));
                        else throw new IllegalArgumentException("unknown option " + a + "; known: --device --rounds --shapes --versions --torch "
                                    + String.join(" ", flags) + " " + String.join(" ", valued));
                    }
                }
            }
            return new Options(device, rounds, shapes, versions, torch, Map.copyOf(own));
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) throw new IllegalArgumentException(option + " needs a value");
            return args[i];
        }

        boolean flag(String name) {
            return own.containsKey(name);
        }

        String value(String name, String otherwise) {
            return own.getOrDefault(name, otherwise);
        }
    }

    /** The versions {@code names} names, in that order (all, in list order, when null); an unknown name is an error. */
    static <V> List<V> select(List<V> all, List<String> names, Function<V, String> name) {
        if (names == null) return all;
        List<V> chosen = new ArrayList<>();
        for (String n : names) {
            chosen.add(all.stream().filter(v -> name.apply(v).equals(n)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown version " + n + "; known: " + all.stream().map(name).toList())));
        }
        return chosen;
    }

    /** A candidate's label: the version and the local size it runs at ("gpu [8, 8, 4]"). */
    static String label(String version, int[] local) {
        return version + " " + Arrays.toString(local);
    }

    // ---------------------------------------------------------------------------------------------- check

    /**
     * What the checks of one shape found, per candidate label: "yes" or "NO" with the errors. The first verdict stands
     * unless a later check of the same candidate fails.
     */
    static final class Checks {
        private final Map<String, String> verdicts = new HashMap<>();

        /** Compares {@code got} with {@code want}: correct when the relative L2 error is below {@code tolerance}; prints it. */
        boolean compare(String label, String what, float[] want, float[] got, double tolerance) {
            double relL2 = relL2(want, got);
            boolean ok = relL2 < tolerance;
            String verdict = (ok ? "yes" : "NO") + String.format(" (rel L2 %.1e, max abs %.1e)", relL2, maxAbs(want, got));
            verdicts.merge(label, verdict, (old, now) -> now.startsWith("NO") && !old.startsWith("NO") ? now : old);
            System.out.printf("check %-24s %s: %s%n", label, what, verdict);
            return ok;
        }

        String verdict(String label) {
            return verdicts.getOrDefault(label, "not checked");
        }
    }

    static double relL2(float[] want, float[] got) {
        double num = 0, den = 0;
        for (int i = 0; i < want.length; i++) {
            double d = (double) want[i] - got[i];
            num += d * d;
            den += (double) want[i] * want[i];
        }
        return Math.sqrt(num / Math.max(den, 1e-30));
    }

    static double maxAbs(float[] want, float[] got) {
        double m = 0;
        for (int i = 0; i < want.length; i++) m = Math.max(m, Math.abs((double) want[i] - got[i]));
        return Double.isNaN(m) ? Double.POSITIVE_INFINITY : m;
    }

    static float[] randoms(SplittableRandom random, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) (random.nextDouble() * 2 - 1);
        return a;
    }

    static Buffer upload(Device device, float[] values) {
        Buffer buffer = device.allocateFloats(values.length);
        device.write(buffer, FloatArray.fromArray(values));
        return buffer;
    }

    static float[] read(Device device, Buffer buffer, int count) {
        FloatArray result = new FloatArray(count);
        device.read(buffer, result);
        return result.toHeapArray();
    }

    /** The range rounded up to whole work-groups of {@code local} (every version guards its padding). */
    static Range padded(Range r, int[] local) {
        int[] g = new int[r.dimensions()];
        for (int d = 0; d < g.length; d++) g[d] = Index.roundUp(r.global(d), local[d]);
        return new Range(g, local);
    }

    // ---------------------------------------------------------------------------------------------- time

    /**
     * Device-event timing on every backend: drcn.profile on before the device opens (OpenCL keeps each launch's
     * profiling event, CUDA records start/end events around each launch; jvm launches are synchronous, host clock).
     */
    static void enableEventTiming() {
        System.setProperty(Settings.PROFILE, "true");
        Settings.reload();
    }

    /** A launch's device time in seconds; an error where the device kept none (drcn.profile off). */
    static double seconds(Event e) {
        long ns = e.durationNanos();
        if (ns < 0) throw new IllegalStateException("the device gave no event time (drcn.profile is off?)");
        return ns * 1e-9;
    }

    /** The device's FMA peak as `drcn devices --peak` measures it (runs of ~50 ms, best of {@code reps}), GFLOP/s. */
    static double measurePeak(Device device, int reps) {
        return PeakMeter.fmaGflops(device, 0.05, Math.max(reps, 1));
    }

    /**
     * One timed candidate: {@code warmUp} runs it once on the timed shape (builds, first touch) and returns its result
     * for the cross-check against the first candidate, or null to skip that; {@code time} runs it once, in seconds.
     */
    record Candidate(String label, Supplier<float[]> warmUp, DoubleSupplier time) {}

    /**
     * Warms every candidate up (cross-checking each result against the first one's to {@code tolerance}), times them
     * interleaved for {@code rounds} rounds with the FMA peak measured before each round, and prints the table.
     */
    static void time(Device device, List<Candidate> candidates, Shape s, int rounds, Checks checks, double tolerance) {
        float[] first = null;
        for (Candidate c : candidates) {
            float[] got = c.warmUp().get();
            if (got == null) continue;
            if (first == null) first = got;
            else checks.compare(c.label(), "vs " + candidates.getFirst().label() + " on shape " + s.name(), first, got, tolerance);
        }
        Map<Candidate, List<Double>> times = new LinkedHashMap<>();
        for (Candidate c : candidates) times.put(c, new ArrayList<>());
        double peak = 0;
        for (int r = 0; r < rounds; r++) {
            peak = Math.max(peak, measurePeak(device, 2));
            for (Candidate c : candidates) times.get(c).add(c.time().getAsDouble());
        }
        System.out.printf("FMA peak, best over the rounds: %.1f GFLOP/s%n", peak);
        printTable(times, s.flops(), peak, checks);
    }

    /** One line per candidate: min and median ms, GFLOP/s and % of the FMA peak (of the min), vs the first, correct. */
    static void printTable(Map<Candidate, List<Double>> times, double flops, double peak, Checks checks) {
        double base = Double.NaN;
        System.out.printf("%-24s %9s %9s %9s %7s %9s  %s%n", "version local", "min ms", "med ms", "GFLOP/s", "peak", "vs first", "correct");
        for (var row : times.entrySet()) {
            List<Double> t = new ArrayList<>(row.getValue());
            t.sort(null);
            double min = t.getFirst(), median = t.get(t.size() / 2);
            double gflops = flops / min / 1e9;
            if (Double.isNaN(base)) base = min;
            System.out.printf("%-24s %9.3f %9.3f %9.1f %6.1f%% %8.2fx  %s%n", row.getKey().label(), min * 1e3, median * 1e3,
                    gflops, 100 * gflops / peak, base / min, checks.verdict(row.getKey().label()));
        }
    }
}
