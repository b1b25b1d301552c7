package drcn.bench.ladder;

import drcn.tornado.api.types.arrays.FloatArray;
import drcn.kernels.nn.Convolution;
import drcn.kernels.nn.ConvolutionTiled;
import drcn.runtime.backend.Backends;
import drcn.runtime.backend.Buffer;
import drcn.runtime.backend.CompiledKernel;
import drcn.runtime.backend.Device;
import drcn.runtime.backend.Event;
import drcn.runtime.backend.Range;
import drcn.runtime.profile.PeakMeter;
import drcn.runtime.config.Settings;
import drcn.runtime.jit.KernelRef;
import drcn.runtime.jit.Kernels;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The 3x3 convolution forward ladder (llm.c dev/cuda style): every version, at every work-group size
 * tried, is checked against {@link Convolution#convForwardReference} on fresh random inputs, then timed
 * with device events (drcn.profile on: OpenCL profiling events, CUDA events; host clock on jvm) on the DRCN shapes, all candidates interleaved round by round so
 * that a noisy machine hurts them alike. Prints ms (min, median), GFLOP/s (of the min) and the fraction of
 * the FMA peak measured in the same run with {@link PeakMeter#fmaGflops}; optionally PyTorch's conv2d on
 * the same shapes, run right after, on the same cores.
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp CP drcn.bench.ladder.ConvForwardLadder
 *      [--device opencl:0|cuda:0] [--rounds 5] [--shapes 64,256,img64,img256] [--versions v0,v1] [--torch]
 * </pre>
 *
 * <p>On a GPU: {@code --device cuda:0 --versions gpu,tiled,tiled128,tiledDouble,tiled128Double,tiledPrefetch,tiled64} (the
 * model's GPU kernel {@code Convolution.convForward}, then {@code ConvolutionTiled.convForwardTiled} and its candidates); the other rungs are the CPU (PoCL) ladder. The versions run and print
 * in the order {@code --versions} names them; the "vs first" column divides by the first one's time. A version that
 * fails its check is marked "no" and still timed (so one broken rung does not end a scripted GPU run).
 */
public final class ConvForwardLadder {

    /** A benchmark shape: batch N of H x W images, Cin -> Cout. */
    record Shape(String name, int batch, int in, int out, int height, int width) {
        double flops() {
            return 2.0 * 9 * in * out * (double) height * width * batch;
        }
    }

    /** How a version is launched: its range for a shape and a local size. */
    interface Launch {
        Range range(Shape s, int[] local);
    }

    /** One rung of the ladder, with the local sizes it is checked and timed at. */
    record Version(String name, KernelRef kernel, Launch launch, List<int[]> locals) {}

    static final List<Shape> SHAPES = List.of(
            new Shape("64", 16, 64, 64, 41, 41),
            new Shape("256", 16, 256, 256, 41, 41),
            new Shape("img64", 1, 64, 64, 256, 256),
            new Shape("img256", 1, 256, 256, 256, 256),
            new Shape("64x256", 256, 64, 64, 41, 41),    // F=64 D=16 N=16: recon1 over all D states (batch D*N)
            new Shape("recon2", 256, 64, 1, 41, 41));    // ... and recon2 (one output channel)

    static int roundUp(int v, int m) {
        return (v + m - 1) / m * m;
    }

    static List<Version> versions() {
        List<Version> v = new ArrayList<>();
        // gpu: the model's GPU kernel (one pixel x 8 output channels per item, no local memory), its documented range
        v.add(new Version("gpu", Kernels.ref(Convolution::convForward),
                (s, l) -> Range.of(s.width(), s.height(), s.batch() * Convolution.outChannelBlocks(s.out())),
                List.of(new int[]{8, 8, 4}, new int[]{32, 4, 1})));
        // tiled: implicit GEMM, 64 channels x 128 pixels per work-group of 128, 8x8 register blocks, K chunks of 2 channels
        v.add(new Version("tiled", Kernels.ref(ConvolutionTiled::convForwardTiled),
                (s, l) -> Range.of(ConvolutionTiled.pixelTileItems(s.batch(), s.height(), s.width()), ConvolutionTiled.rowTiles(s.out())),
                List.of(new int[]{ConvolutionTiled.THREADS, 1})));
        // tiled128: 128 x 128 tiles, 256 work-items of 8x8 blocks (twice the FMAs per staged float; for F = 256)
        v.add(new Version("tiled128", Kernels.ref(ConvTiledCandidates::convForwardTiled128),
                (s, l) -> Range.of(ConvTiledCandidates.pixelTileItems128(s.batch(), s.height(), s.width()), ConvTiledCandidates.rowTiles128(s.out())),
                List.of(new int[]{ConvTiledCandidates.THREADS_128, 1})));
        // tiledDouble: tiled double-buffered (next chunk prefetched into registers, two local buffers, one barrier per chunk)
        v.add(new Version("tiledDouble", Kernels.ref(ConvTiledCandidates::convForwardTiledDouble),
                (s, l) -> Range.of(ConvolutionTiled.pixelTileItems(s.batch(), s.height(), s.width()), ConvolutionTiled.rowTiles(s.out())),
                List.of(new int[]{ConvolutionTiled.THREADS, 1})));
        // tiled128Double: both
        v.add(new Version("tiled128Double", Kernels.ref(ConvTiledCandidates::convForwardTiled128Double),
                (s, l) -> Range.of(ConvTiledCandidates.pixelTileItems128(s.batch(), s.height(), s.width()), ConvTiledCandidates.rowTiles128(s.out())),
                List.of(new int[]{ConvTiledCandidates.THREADS_128, 1})));
        // tiledPrefetch: tiled with the next chunk's global loads in flight (registers) during the current chunk's FMAs
        v.add(new Version("tiledPrefetch", Kernels.ref(ConvForwardKernels::tiledPrefetch),
                (s, l) -> Range.of(ConvolutionTiled.pixelTileItems(s.batch(), s.height(), s.width()), ConvolutionTiled.rowTiles(s.out())),
                List.of(new int[]{ConvolutionTiled.THREADS, 1})));
        // tiled64: 64 x 64 tiles, 8x4 blocks: twice the work-groups (for Cout = 64, where tiled gives 211)
        v.add(new Version("tiled64", Kernels.ref(ConvForwardKernels::tiled64),
                (s, l) -> Range.of(ceilDiv(s.batch() * s.height() * s.width(), ConvForwardKernels.S_PIXELS) * ConvForwardKernels.T_THREADS,
                        ConvolutionTiled.rowTiles(s.out())),
                List.of(new int[]{ConvForwardKernels.T_THREADS, 1})));
        // v0: the product kernel before the ladder, its documented range (W, H, N * ceil(Cout / 8)); local 8,8,4 is the default
        v.add(new Version("v0", Kernels.ref(ConvForwardKernels::v0),
                (s, l) -> Range.of(s.width(), s.height(), s.batch() * ceilDiv(s.out(), ConvForwardKernels.K0)),
                List.of(new int[]{8, 8, 4})));
        v.add(new Version("v1", Kernels.ref(ConvForwardKernels::v1),
                (s, l) -> Range.of(roundUp(s.height() * s.width(), l[0]), s.batch() * ceilDiv(s.out(), ConvForwardKernels.K1)),
                List.of(new int[]{16, 1}, new int[]{64, 1})));
        v.add(new Version("v2", Kernels.ref(ConvForwardKernels::v2),
                (s, l) -> Range.of(roundUp(s.height() * s.width(), l[0]), s.batch() * ceilDiv(s.out(), ConvForwardKernels.K1)),
                List.of(new int[]{16, 1})));
        v.add(new Version("v3", Kernels.ref(ConvForwardKernels::v3),
                (s, l) -> Range.of(ceilDiv(s.width(), ConvForwardKernels.PX), s.height(), s.batch() * ceilDiv(s.out(), ConvForwardKernels.K3)),
                List.of(new int[]{1, 8, 1})));
        v.add(new Version("v4", Kernels.ref(ConvForwardKernels::v4),
                (s, l) -> Range.of(ceilDiv(s.width(), ConvForwardKernels.PX), s.height(), s.batch() * ceilDiv(s.out(), ConvForwardKernels.K3)),
                List.of(new int[]{1, 8, 1})));
        v.add(new Version("v5", Kernels.ref(ConvForwardKernels::v5),
                (s, l) -> Range.of(ceilDiv(s.width(), ConvForwardKernels.PX), s.height(), s.batch() * ceilDiv(s.out(), ConvForwardKernels.K3)),
                List.of(new int[]{1, 1, 1}, new int[]{1, 8, 1})));
        v.add(new Version("v6", Kernels.ref(ConvForwardKernels::v6),
                (s, l) -> Range.of(ceilDiv(s.width(), ConvForwardKernels.PX), s.height(), s.batch() * ceilDiv(s.out(), ConvForwardKernels.K3)),
                List.of(new int[]{1, 1, 1}, new int[]{1, 8, 1})));
        // the product kernel (v5 moved in, then v8), launched with the old model range: (W, H, N * blocks)
        v.add(new Version("product", Kernels.ref(Convolution::convForwardRowTiles),
                (s, l) -> Range.of(s.width(), s.height(), s.batch() * Convolution.rowTileOutChannelBlocks(s.out())),
                List.of(new int[]{8, 8, 4})));
        // ... and with its tight range (pixelTiles(W), H, N * rowTileOutChannelBlocks), the model's
        v.add(new Version("product-tight", Kernels.ref(Convolution::convForwardRowTiles),
                (s, l) -> Range.of(Convolution.pixelTiles(s.width()), s.height(), s.batch() * Convolution.rowTileOutChannelBlocks(s.out())),
                List.of(new int[]{1, 8, 1}, new int[]{3, 8, 4}, new int[]{1, 1, 1}, new int[]{1, 1, 8}, new int[]{3, 1, 1}, new int[]{1, 41, 1})));
        // v7: v5 with partial blocks running only their channels and 16 output channels per item (staging shared by
        // twice the FMAs)
        v.add(new Version("v7", Kernels.ref(ConvForwardKernels::v7),
                (s, l) -> Range.of(ceilDiv(s.width(), ConvForwardKernels.PX), s.height(), s.batch() * ceilDiv(s.out(), ConvForwardKernels.K7)),
                List.of(new int[]{1, 1, 1})));
        // v8: v7 with 32 output channels per item = the product's CPU kernel now (the same as product-tight at local 1,1,1)
        v.add(new Version("v8", Kernels.ref(Convolution::convForwardRowTiles),
                (s, l) -> Range.of(Convolution.pixelTiles(s.width()), s.height(), s.batch() * Convolution.rowTileOutChannelBlocks(s.out())),
                List.of(new int[]{1, 1, 1})));
        return v;
    }

    /** The versions {@code names} names, in that order (all, in list order, when null); an unknown name is an error. */
    static <V> List<V> select(List<V> all, List<String> names, java.util.function.Function<V, String> name) {
        if (names == null) return all;
        List<V> chosen = new ArrayList<>();
        for (String n : names) {
            chosen.add(all.stream().filter(v -> name.apply(v).equals(n)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown version " + n)));
        }
        return chosen;
    }

    /**
     * Device-event timing on every backend: drcn.profile on before the device opens (OpenCL keeps each launch's
     * profiling event, CUDA records start/end events around each launch; jvm launches are synchronous, host clock).
     */
    static void enableEventTiming() {
        System.setProperty(Settings.PROFILE, "true");
        Settings.reload();
    }

    /** What the correctness checks found, per candidate label ("gpu [8, 8, 4]"): "yes" or "NO", and the errors. */
    static final Map<String, String> CHECKS = new HashMap<>();

    static String label(String version, int[] local) {
        return version + " " + Arrays.toString(local);
    }

    /** Records a check's outcome and prints it; {@code ok} by the caller's bound. */
    static void recordCheck(String label, String what, boolean ok, double relL2, double maxAbs) {
        String verdict = (ok ? "yes" : "NO") + String.format(" (rel L2 %.1e, max abs %.1e)", relL2, maxAbs);
        CHECKS.merge(label, verdict, (old, now) -> now.startsWith("NO") && !old.startsWith("NO") ? now : old);   // first check (vs reference) unless a later one fails
        System.out.printf("check %-24s %s: %s%n", label, what, verdict);
    }

    static double maxAbs(float[] want, float[] got) {
        double m = 0;
        for (int i = 0; i < want.length; i++) m = Math.max(m, Math.abs((double) want[i] - got[i]));
        return Double.isNaN(m) ? Double.POSITIVE_INFINITY : m;
    }

    /** The range rounded up to whole work-groups of {@code local} (every version guards its padding). */
    static Range padded(Range r, int[] local) {
        int[] g = new int[r.dimensions()];
        for (int d = 0; d < g.length; d++) g[d] = roundUp(r.global(d), local[d]);
        return new Range(g, local);
    }

    static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    public static void main(String[] args) throws Exception {
        Locale.setDefault(Locale.ROOT);
        String deviceSpec = "opencl:0";
        int rounds = 5;
        List<String> shapeNames = List.of("64", "256", "img64");
        List<String> versionNames = null;
        boolean torch = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--device" -> deviceSpec = args[++i];
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--shapes" -> shapeNames = List.of(args[++i].split(","));
                case "--versions" -> versionNames = List.of(args[++i].split(","));
                case "--torch" -> torch = true;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        List<Version> versions = select(versions(), versionNames, Version::name);
        enableEventTiming();
        try (Device device = Backends.open(deviceSpec, 0)) {
            System.out.println("device: " + device.info().id() + " " + device.info().name());
            System.out.printf("FMA peak (PeakMeter) at start: %.1f GFLOP/s; each shape re-measures it between its rounds%n",
                    measurePeak(device, 3));
            for (String shapeName : shapeNames) {
                Shape shape = SHAPES.stream().filter(s -> s.name().equals(shapeName)).findFirst().orElseThrow();
                check(device, versions, shape);
                time(device, versions, shape, rounds, torch);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------- peak

    /** The device's FMA peak as `drcn devices --peak` measures it (runs of ~50 ms, best of {@code reps}), GFLOP/s. */
    static double measurePeak(Device device, int reps) {
        return PeakMeter.fmaGflops(device, 0.05, Math.max(reps, 1));
    }

    static double seconds(Device device, Event e) {
        long ns = e.durationNanos();
        if (ns < 0) {
            throw new IllegalStateException("the device gave no event time (drcn.profile is off?)");
        }
        return ns * 1e-9;
    }

    // ---------------------------------------------------------------------------------------------- check

    /** Every version at every local size against the Java reference, on a small shape with the real channels. */
    static void check(Device device, List<Version> versions, Shape timed) {
        Shape s = new Shape("check", 2, timed.in(), timed.out(), 11, 19);
        SplittableRandom random = new SplittableRandom(System.nanoTime());
        float[] in = randoms(random, s.batch() * s.in() * s.height() * s.width());
        float[] w = randoms(random, s.out() * s.in() * 9);
        float[] b = randoms(random, s.out());
        float[] want = new float[s.batch() * s.out() * s.height() * s.width()];
        Convolution.convForwardReference(in, w, b, want, s.batch(), s.in(), s.out(), s.height(), s.width(), 1, 0, 0);
        for (Version v : versions) {
            for (int[] local : v.locals()) {
                float[] got = run(device, v, local, s, in, w, b);
                double err = relL2(want, got);
                recordCheck(label(v.name(), local), String.format("vs reference, N=%d Cin=%d Cout=%d %dx%d", s.batch(), s.in(), s.out(),
                        s.height(), s.width()), err < 1e-5, err, maxAbs(want, got));
            }
        }
    }

    static float[] run(Device device, Version v, int[] local, Shape s, float[] in, float[] w, float[] b) {
        int outCount = s.batch() * s.out() * s.height() * s.width();
        try (Buffer bi = upload(device, in); Buffer bw = upload(device, w); Buffer bb = upload(device, b);
             Buffer bo = device.allocateFloats(outCount)) {
            Object[] arguments = arguments(v, s, bi, bw, bb, bo);
            device.launch(Kernels.compile(device, v.kernel(), arguments), padded(v.launch().range(s, local), local), arguments).await();
            FloatArray result = new FloatArray(outCount);
            device.read(bo, result);
            return result.toHeapArray();
        }
    }

    /** The product kernel's arguments (offsets 0 where the kernel takes them); its shape ints are the JIT constants. */
    static Object[] arguments(Version v, Shape s, Buffer in, Buffer w, Buffer b, Buffer out) {
        Object[] all = {in, w, b, out, s.batch(), s.in(), s.out(), s.height(), s.width(), 1, 0, 0};
        int count = v.kernel().javaMethod().getParameterCount() - 1;
        return Arrays.copyOf(all, count);
    }

    static Buffer upload(Device device, float[] values) {
        Buffer buffer = device.allocateFloats(values.length);
        device.write(buffer, FloatArray.fromArray(values));
        return buffer;
    }

    static float[] randoms(SplittableRandom random, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) (random.nextDouble() * 2 - 1);
        return a;
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

    // ---------------------------------------------------------------------------------------------- time

    record Candidate(Version version, int[] local, CompiledKernel kernel, Range range, String label) {}

    static void time(Device device, List<Version> versions, Shape s, int rounds, boolean torch) throws Exception {
        SplittableRandom random = new SplittableRandom(42);
        float[] in = randoms(random, s.batch() * s.in() * s.height() * s.width());
        float[] w = randoms(random, s.out() * s.in() * 9);
        float[] b = randoms(random, s.out());
        int outCount = s.batch() * s.out() * s.height() * s.width();
        System.out.printf("%nshape %s: N=%d Cin=%d Cout=%d %dx%d, %.2f GFLOP per launch%n",
                s.name(), s.batch(), s.in(), s.out(), s.height(), s.width(), s.flops() / 1e9);
        try (Buffer bi = upload(device, in); Buffer bw = upload(device, w); Buffer bb = upload(device, b);
             Buffer bo = device.allocateFloats(outCount)) {
            List<Candidate> candidates = new ArrayList<>();
            for (Version v : versions) {
                CompiledKernel k = Kernels.compile(device, v.kernel(), arguments(v, s, bi, bw, bb, bo));
                for (int[] local : v.locals()) {
                    candidates.add(new Candidate(v, local, k, padded(v.launch().range(s, local), local), label(v.name(), local)));
                }
            }
            // warm-up (JIT build, first touch) and a full-shape cross-check of every candidate against the first
            float[] first = null;
            for (Candidate c : candidates) {
                device.launch(c.kernel(), c.range(), arguments(c.version(), s, bi, bw, bb, bo)).await();
                FloatArray result = new FloatArray(outCount);
                device.read(bo, result);
                float[] got = result.toHeapArray();
                if (first == null) first = got;
                else {
                    double err = relL2(first, got);
                    recordCheck(c.label(), "vs " + candidates.getFirst().label() + " on shape " + s.name(), err < 1e-5, err, maxAbs(first, got));
                }
            }
            Map<Candidate, List<Double>> times = new LinkedHashMap<>();
            for (Candidate c : candidates) times.put(c, new ArrayList<>());
            double peak = 0;
            for (int r = 0; r < rounds; r++) {
                peak = Math.max(peak, measurePeak(device, 2));
                for (Candidate c : candidates) {
                    Event e = device.launch(c.kernel(), c.range(), arguments(c.version(), s, bi, bw, bb, bo));
                    times.get(c).add(seconds(device, e));
                }
            }
            System.out.printf("FMA peak, best over the rounds: %.1f GFLOP/s%n", peak);
            printTable(times.entrySet().stream().map(e -> Map.entry(e.getKey().label(), e.getValue())).toList(), s.flops(), peak);
        }
        if (torch) {
            torch(s, rounds);
        }
    }

    /** One line per candidate: correct (from {@link #CHECKS}), min and median ms, GFLOP/s and % of the FMA peak (of the min), vs the first. */
    static void printTable(List<Map.Entry<String, List<Double>>> rows, double flops, double peak) {
        double base = Double.NaN;
        System.out.printf("%-24s %9s %9s %9s %7s %9s  %s%n", "version local", "min ms", "med ms", "GFLOP/s", "peak", "vs first", "correct");
        for (var row : rows) {
            List<Double> t = new ArrayList<>(row.getValue());
            t.sort(null);
            double min = t.getFirst(), median = t.get(t.size() / 2);
            double gflops = flops / min / 1e9;
            if (Double.isNaN(base)) base = min;
            System.out.printf("%-24s %9.3f %9.3f %9.1f %6.1f%% %8.2fx  %s%n", row.getKey(), min * 1e3, median * 1e3,
                    gflops, 100 * gflops / peak, base / min, CHECKS.getOrDefault(row.getKey(), "not checked"));
        }
    }

    /** PyTorch's conv2d (oneDNN) on the same shape, 2 threads, right after ours on the same cores. */
    static void torch(Shape s, int rounds) throws Exception {
        TorchPeer.run(TorchPeer.FORWARD, s.batch(), s.in(), s.out(), s.height(), s.width(), rounds);
    }

    private ConvForwardLadder() {
    }
}
