package drcn.bench.ladder;

import drcn.kernels.api.FloatArray;
import drcn.kernels.nn.Convolution;
import drcn.runtime.backend.Backends;
import drcn.runtime.backend.Buffer;
import drcn.runtime.backend.CompiledKernel;
import drcn.runtime.backend.Device;
import drcn.runtime.backend.Event;
import drcn.runtime.backend.Range;
import drcn.runtime.backend.opencl.OpenCLDevice;
import drcn.runtime.jit.KernelRef;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The 3x3 convolution BACKWARD ladder (llm.c dev/cuda style), the companion of {@link ConvForwardLadder}:
 * the input gradient ({@code dIn = conv(dOut, flipped transposed W)}) and the weight gradient
 * ({@code dW += sum_{n,y,x} dOut (x) shifted in}) versions, each at every local size tried, checked against
 * {@link Convolution#convBackwardInputReference} / {@link Convolution#convBackwardWeightsReference} on fresh
 * random inputs (rel L2 below 1e-4: the versions sum in different orders), then timed with device events on
 * the DRCN shapes, all candidates of one gradient interleaved round by round. v0 = the product's GPU kernels
 * (convBackwardInput, convBackwardWeights), which the model ran everywhere before this ladder.
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp CP drcn.bench.ladder.ConvBackwardLadder
 *      [--device opencl:0] [--rounds 3] [--shapes 64,256] [--versions i0,i1,w0,w1,w2] [--torch]
 * </pre>
 */
public final class ConvBackwardLadder {

    /** A benchmark shape: batch N of H x W images, Cin -> Cout (of the forward convolution). */
    record Shape(String name, int batch, int in, int out, int height, int width) {
        double flops() {
            return 2.0 * 9 * in * out * (double) height * width * batch;
        }
    }

    /** Which gradient a version computes. */
    enum Grad { INPUT, WEIGHTS }

    /** One rung: kernel, gradient, its range for a shape, the local sizes it is checked and timed at. */
    record Version(String name, Grad grad, KernelRef kernel, java.util.function.Function<Shape, Range> range, List<int[]> locals) {}

    static final List<Shape> SHAPES = List.of(
            new Shape("64", 16, 64, 64, 41, 41),
            new Shape("256", 4, 256, 256, 41, 41),
            new Shape("32x96", 96, 32, 32, 41, 41),
            new Shape("64x256", 256, 64, 64, 41, 41));   // the F=64 D=16 N=16 recon1 / inference weight gradient (batch D*N)   // the F=32 D=6 N=16 inference layer's weight gradient (batch D*N)

    static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    static List<Version> versions() {
        List<Version> v = new ArrayList<>();
        // ---- input gradient
        // i0: the GPU kernel (1 pixel x 8 input channels per item), the model's range (W, H, N * inChannelBlocks)
        v.add(new Version("i0", Grad.INPUT, KernelRef.of(Convolution.class, "convBackwardInput"),
                s -> Range.of(s.width(), s.height(), s.batch() * Convolution.inChannelBlocks(s.in())),
                List.of(new int[]{8, 8, 4})));
        // i1: 16-pixel row tiles x 8 input channels, explicit lanes (the forward's v5 on the flipped kernel)
        v.add(new Version("i1", Grad.INPUT, KernelRef.of(ConvBackwardKernels.class, "i1"),
                s -> Range.of(Convolution.pixelTiles(s.width()), s.height(), s.batch() * ceilDiv(s.in(), ConvBackwardKernels.K8)),
                List.of(new int[]{1, 1, 1}, new int[]{1, 8, 1})));
        // i2: i1 with 16 input channels per item (staging shared by twice the FMAs) = the product's CPU kernel until i3
        v.add(new Version("i2", Grad.INPUT, KernelRef.of(ConvBackwardKernels.class, "i2"),
                s -> Range.of(Convolution.pixelTiles(s.width()), s.height(), s.batch() * ceilDiv(s.in(), ConvBackwardKernels.K16)),
                List.of(new int[]{1, 1, 1}, new int[]{1, 8, 1}, new int[]{3, 8, 4}, new int[]{1, 1, 8})));
        // i3: i2 with 32 input channels per item = the product's CPU kernel
        v.add(new Version("i3", Grad.INPUT, KernelRef.of(Convolution.class, "convBackwardInputRowTiles"),
                s -> Range.of(Convolution.pixelTiles(s.width()), s.height(), s.batch() * Convolution.rowTileInChannelBlocks(s.in())),
                List.of(new int[]{1, 1, 1})));
        // ---- weight gradient
        // w0: the GPU kernel: one work-group of 256 per (co, ci), strided pixels, local-memory tree reduction
        v.add(new Version("w0", Grad.WEIGHTS, KernelRef.of(Convolution.class, "convBackwardWeights"),
                s -> Range.of(s.out() * s.in() * Convolution.GROUP_SIZE),
                List.of(new int[]{Convolution.GROUP_SIZE})));
        // w1: one item per (ci, 8 co), all pixels, 16-lane accumulators (1 FMA per accumulator round trip)
        v.add(new Version("w1", Grad.WEIGHTS, KernelRef.of(ConvBackwardKernels.class, "w1"),
                s -> Range.of(s.in(), Convolution.outChannelBlocks(s.out())),
                List.of(new int[]{1, 1}, new int[]{8, 1})));
        // w2: w1 with 8-lane accumulators taking both halves of the tile (2 FMAs per round trip) = the product's CPU kernel until w5
        v.add(new Version("w2", Grad.WEIGHTS, KernelRef.of(ConvBackwardKernels.class, "w2"),
                s -> Range.of(s.in(), Convolution.outChannelBlocks(s.out())),
                List.of(new int[]{1, 1}, new int[]{8, 1})));
        // w3: w2 over two output rows per step (4 FMAs per accumulator round trip)
        v.add(new Version("w3", Grad.WEIGHTS, KernelRef.of(ConvBackwardKernels.class, "w3"),
                s -> Range.of(s.in(), Convolution.outChannelBlocks(s.out())),
                List.of(new int[]{1, 1})));
        // w4: w2 with 4 input channels per item (the dOutput tile staged once for 4 of them: 4x less dOutput traffic)
        v.add(new Version("w4", Grad.WEIGHTS, KernelRef.of(ConvBackwardKernels.class, "w4"),
                s -> Range.of(ceilDiv(s.in(), ConvBackwardKernels.CB), Convolution.outChannelBlocks(s.out())),
                List.of(new int[]{1, 1})));
        // w5: w4 with 8 input channels per item = the product's CPU kernel
        v.add(new Version("w5", Grad.WEIGHTS, KernelRef.of(Convolution.class, "convBackwardWeightsRowTiles"),
                s -> Range.of(Convolution.weightInChannelBlocks(s.in()), Convolution.outChannelBlocks(s.out())),
                List.of(new int[]{1, 1})));
        return v;
    }

    /** The range rounded up to whole work-groups of {@code local} (every version guards its padding). */
    static Range padded(Range r, int[] local) {
        int[] g = new int[r.dimensions()];
        for (int d = 0; d < g.length; d++) g[d] = ceilDiv(r.global(d), local[d]) * local[d];
        return new Range(g, local);
    }

    public static void main(String[] args) throws Exception {
        Locale.setDefault(Locale.ROOT);
        String deviceSpec = "opencl:0";
        int rounds = 3;
        List<String> shapeNames = List.of("64", "256");
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
        List<Version> versions = new ArrayList<>(versions());
        if (versionNames != null) {
            List<String> names = versionNames;
            versions.removeIf(v -> !names.contains(v.name()));
        }
        try (Device device = Backends.open(deviceSpec, 0)) {
            if (device instanceof OpenCLDevice cl) cl.setProfiling(true);
            System.out.println("device: " + device.info().name());
            System.out.printf("FMA peak (PeakKernels.fmaPeak) at start: %.1f GFLOP/s%n", ConvForwardLadder.measurePeak(device, 3));
            for (String shapeName : shapeNames) {
                Shape shape = SHAPES.stream().filter(s -> s.name().equals(shapeName)).findFirst().orElseThrow();
                check(device, versions, shape);
                for (Grad grad : Grad.values()) {
                    List<Version> some = versions.stream().filter(v -> v.grad() == grad).toList();
                    if (!some.isEmpty()) time(device, some, shape, grad, rounds);
                }
                if (torch) torch(shape, rounds);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------- check

    /** Every version at every local size against the Java reference, on a small shape with the real channels. */
    static void check(Device device, List<Version> versions, Shape timed) {
        Shape s = new Shape("check", 2, timed.in(), timed.out(), 11, 19);
        SplittableRandom random = new SplittableRandom(System.nanoTime());
        float[] dOut = ConvForwardLadder.randoms(random, s.batch() * s.out() * s.height() * s.width());
        float[] in = ConvForwardLadder.randoms(random, s.batch() * s.in() * s.height() * s.width());
        float[] w = ConvForwardLadder.randoms(random, s.out() * s.in() * 9);
        float[] dW0 = ConvForwardLadder.randoms(random, s.out() * s.in() * 9);   // weight gradients accumulate
        float[] wantIn = new float[s.batch() * s.in() * s.height() * s.width()];
        Convolution.convBackwardInputReference(dOut, w, wantIn, s.batch(), s.in(), s.out(), s.height(), s.width(), 0, 0, 0);
        float[] wantW = dW0.clone();
        Convolution.convBackwardWeightsReference(dOut, in, wantW, s.batch(), s.in(), s.out(), s.height(), s.width(), 0, 0);
        for (Version v : versions) {
            for (int[] local : v.locals()) {
                float[] got = v.grad() == Grad.INPUT ? run(device, v, local, s, dOut, w, new float[wantIn.length])
                        : run(device, v, local, s, dOut, in, dW0);
                double err = ConvForwardLadder.relL2(v.grad() == Grad.INPUT ? wantIn : wantW, got);
                System.out.printf("check %-3s local %-10s Cin %d Cout %d: rel L2 %.2e%n", v.name(), Arrays.toString(local), s.in(), s.out(), err);
                if (!(err < 1e-4)) {
                    throw new AssertionError(v.name() + " local " + Arrays.toString(local) + " is wrong: rel L2 " + err);
                }
            }
        }
    }

    /** One launch; {@code a} = dOut, {@code b} = weights (INPUT) or input (WEIGHTS), {@code c} = the result's start value. */
    static float[] run(Device device, Version v, int[] local, Shape s, float[] a, float[] b, float[] c) {
        try (Buffer ba = ConvForwardLadder.upload(device, a); Buffer bb = ConvForwardLadder.upload(device, b);
             Buffer bc = ConvForwardLadder.upload(device, c)) {
            device.launch(compile(device, v, s), padded(v.range().apply(s), local), arguments(v, s, ba, bb, bc)).await();
            FloatArray result = new FloatArray(c.length);
            device.read(bc, result);
            return result.toHeapArray();
        }
    }

    static CompiledKernel compile(Device device, Version v, Shape s) {
        Map<String, Integer> constants = new LinkedHashMap<>(Map.of("batch", s.batch(), "inChannels", s.in(), "outChannels", s.out(),
                "height", s.height(), "width", s.width()));
        if (v.grad() == Grad.INPUT) constants.put("accumulate", 0);
        return device.compile(v.kernel(), constants);
    }

    /** The product kernels' arguments, offsets 0 (and accumulate 0 for the input gradient). */
    static Object[] arguments(Version v, Shape s, Buffer a, Buffer b, Buffer c) {
        return v.grad() == Grad.INPUT
                ? new Object[]{a, b, c, s.batch(), s.in(), s.out(), s.height(), s.width(), 0, 0, 0}
                : new Object[]{a, b, c, s.batch(), s.in(), s.out(), s.height(), s.width(), 0, 0};
    }

    // ---------------------------------------------------------------------------------------------- time

    record Candidate(Version version, int[] local, CompiledKernel kernel, Range range, String label) {}

    static void time(Device device, List<Version> versions, Shape s, Grad grad, int rounds) {
        SplittableRandom random = new SplittableRandom(42);
        float[] dOut = ConvForwardLadder.randoms(random, s.batch() * s.out() * s.height() * s.width());
        float[] b = grad == Grad.INPUT ? ConvForwardLadder.randoms(random, s.out() * s.in() * 9)
                : ConvForwardLadder.randoms(random, s.batch() * s.in() * s.height() * s.width());
        int resultCount = grad == Grad.INPUT ? s.batch() * s.in() * s.height() * s.width() : s.out() * s.in() * 9;
        System.out.printf("%nshape %s, %s gradient: N=%d Cin=%d Cout=%d %dx%d, %.2f GFLOP per launch%n",
                s.name(), grad.name().toLowerCase(Locale.ROOT), s.batch(), s.in(), s.out(), s.height(), s.width(), s.flops() / 1e9);
        try (Buffer ba = ConvForwardLadder.upload(device, dOut); Buffer bb = ConvForwardLadder.upload(device, b);
             Buffer bc = device.allocateFloats(resultCount)) {
            List<Candidate> candidates = new ArrayList<>();
            for (Version v : versions) {
                CompiledKernel k = compile(device, v, s);
                for (int[] local : v.locals()) {
                    candidates.add(new Candidate(v, local, k, padded(v.range().apply(s), local), v.name() + " " + Arrays.toString(local)));
                }
            }
            // warm-up (JIT build, first touch) and a full-shape cross-check of every candidate against the first
            float[] first = null;
            FloatArray zeros = new FloatArray(resultCount);
            for (Candidate c : candidates) {
                device.write(bc, zeros);
                device.launch(c.kernel(), c.range(), arguments(c.version(), s, ba, bb, bc)).await();
                FloatArray result = new FloatArray(resultCount);
                device.read(bc, result);
                float[] got = result.toHeapArray();
                if (first == null) first = got;
                else {
                    double err = ConvForwardLadder.relL2(first, got);
                    if (!(err < 1e-4)) throw new AssertionError(c.label() + " differs from " + candidates.getFirst().label() + " on " + s.name() + ": " + err);
                }
            }
            Map<Candidate, List<Double>> times = new LinkedHashMap<>();
            for (Candidate c : candidates) times.put(c, new ArrayList<>());
            double peak = 0;
            for (int r = 0; r < rounds; r++) {
                peak = Math.max(peak, ConvForwardLadder.measurePeak(device, 2));
                for (Candidate c : candidates) {
                    Event e = device.launch(c.kernel(), c.range(), arguments(c.version(), s, ba, bb, bc));
                    times.get(c).add(ConvForwardLadder.seconds(device, e));
                }
            }
            System.out.printf("FMA peak, best over the rounds: %.1f GFLOP/s%n", peak);
            double base = Double.NaN;
            System.out.printf("%-16s %9s %9s %9s %7s %8s%n", "version local", "min ms", "med ms", "GFLOP/s", "peak", "vs v0");
            for (var entry : times.entrySet()) {
                List<Double> t = entry.getValue();
                t.sort(null);
                double min = t.getFirst(), median = t.get(t.size() / 2);
                double gflops = s.flops() / min / 1e9;
                if (Double.isNaN(base)) base = min;
                System.out.printf("%-16s %9.2f %9.2f %9.1f %6.1f%% %7.2fx%n", entry.getKey().label(), min * 1e3, median * 1e3,
                        gflops, 100 * gflops / peak, base / min);
            }
        }
    }

    /** PyTorch's convolution_backward (oneDNN) on the same shape, 2 threads, right after ours on the same cores. */
    static void torch(Shape s, int rounds) throws Exception {
        Path script = Path.of("bench/peers/conv_backward_speed.py");
        if (!Files.exists(script)) {
            System.out.println("torch: " + script + " not found (run from the repository root)");
            return;
        }
        Process p = new ProcessBuilder("/usr/bin/python3", script.toString(), String.valueOf(s.batch()), String.valueOf(s.in()),
                String.valueOf(s.out()), String.valueOf(s.height()), String.valueOf(s.width()), String.valueOf(Math.max(rounds, 5)))
                .redirectErrorStream(true).start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) System.out.println("torch: " + line);
        }
        p.waitFor();
    }

    private ConvBackwardLadder() {
    }
}
