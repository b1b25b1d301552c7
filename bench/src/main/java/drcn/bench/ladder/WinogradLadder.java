package drcn.bench.ladder;

import drcn.tornado.api.types.arrays.FloatArray;
import drcn.kernels.nn.Convolution;
import drcn.runtime.backend.Backends;
import drcn.runtime.backend.Buffer;
import drcn.runtime.backend.Device;
import drcn.runtime.backend.opencl.OpenCLDevice;
import drcn.runtime.model.Convolutions;
import drcn.runtime.model.Convolutions.Algorithm;
import drcn.runtime.profile.Profiler;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The CPU convolution rungs of the forward and input-gradient ladders: the direct row-tile kernels
 * ({@link Convolution#convForwardRowTiles}, {@link Convolution#convBackwardInputRowTiles}) against the Winograd
 * F(4x4, 3x3) chain ({@code drcn.kernels.nn.Winograd}) at several chunk budgets, all launched through
 * {@link Convolutions} (what the product runs), and PyTorch's conv2d / convolution_backward on the same shape in the
 * same run. Each candidate is first checked against the Java reference on a small shape with the real channels; then
 * the candidates are timed interleaved round by round (wall time of the whole chain, enqueue to finish), with the FMA
 * peak ({@link drcn.runtime.profile.PeakMeter#fmaGflops}) re-measured between rounds. GFLOP/s counts the direct convolution's
 * {@code 2 * N * Cin * Cout * 9 * H * W} for every candidate (an "equivalent" rate for Winograd, which does fewer).
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp "bench/target/drcn-bench.jar:bench/target/lib/*" drcn.bench.ladder.WinogradLadder
 *      [--device opencl:0] [--rounds 5] [--shapes 64,256,img256] [--budgets 1,2,8,auto] (Mi floats; auto = Convolutions' per-shape budget) [--backward] [--weights] [--torch] [--profile]
 * </pre>
 */
public final class WinogradLadder {

    record Candidate(String label, Algorithm algorithm, Convolutions convolutions) {}

    /** Set while the weight-gradient rungs run: {@link #launch} times {@link Convolutions#backwardWeights}. */
    static boolean weightsMode;

    public static void main(String[] args) throws Exception {
        Locale.setDefault(Locale.ROOT);
        String deviceSpec = "opencl:0";
        int rounds = 5;
        List<String> shapeNames = List.of("64", "256", "img256");
        List<String> budgets = List.of("2");
        boolean backward = false, weights = false, torch = false, profile = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--device" -> deviceSpec = args[++i];
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--shapes" -> shapeNames = List.of(args[++i].split(","));
                case "--budgets" -> budgets = List.of(args[++i].split(","));
                case "--backward" -> backward = true;
                case "--weights" -> weights = true;   // the weight gradient too
                case "--torch" -> torch = true;
                case "--profile" -> profile = true;   // per-kernel table on stderr at the end (all rounds, warm-up included)
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; usage: [--device D] [--rounds R] [--shapes 64,256,img64,img256] [--budgets 1,2,8] [--backward] [--torch]");
            }
        }
        Device opened = Backends.open(deviceSpec, 0);
        if (opened instanceof OpenCLDevice cl) cl.setProfiling(true);
        try (Device device = profile ? Profiler.open(opened, System.err, null, null) : opened) {
            System.out.println("device: " + device.info().name());
            List<Candidate> candidates = new ArrayList<>();
            candidates.add(new Candidate("direct", Algorithm.CPU_DIRECT, new Convolutions(device)));
            for (String b : budgets) {
                long floats = b.equals("auto") ? 0 : (long) (Double.parseDouble(b) * (1 << 20));   // auto: the product's per-shape choice
                candidates.add(new Candidate("winograd " + b + (b.equals("auto") ? "" : "Mi"), Algorithm.CPU_WINOGRAD, new Convolutions(device, floats)));
            }
            for (String name : shapeNames) {
                ConvForwardLadder.Shape shape = ConvForwardLadder.SHAPES.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
                check(device, candidates, shape, false);
                time(device, candidates, shape, rounds, false);
                if (torch) ConvForwardLadder.torch(shape, rounds);
                if (backward) {
                    check(device, candidates, shape, true);
                    time(device, candidates, shape, rounds, true);
                    if (torch) torchBackward(shape, rounds);
                }
                if (weights) {
                    weightsMode = true;
                    checkWeights(device, candidates, shape);
                    time(device, candidates, shape, rounds, true);
                    weightsMode = false;
                    if (torch && !backward) torchBackward(shape, rounds);
                }
            }
            for (Candidate c : candidates) c.convolutions().close();
        }
    }

    static void launch(Candidate c, boolean backward, Buffer in, Buffer w, Buffer b, Buffer out, ConvForwardLadder.Shape s) {
        if (weightsMode) {
            // in = dOutput (Cout channels), out = the layer's input (Cin channels), w = dWeights (accumulated into)
            c.convolutions().backwardWeights(c.algorithm(), in, 0, out, 0, w, s.batch(), s.in(), s.out(), s.height(), s.width());
        } else if (backward) {
            // in = dOutput (Cout channels), out = dInput (Cin channels)
            c.convolutions().backwardInput(c.algorithm(), in, 0, w, out, 0, s.batch(), s.in(), s.out(), s.height(), s.width(), false);
        } else {
            c.convolutions().forward(c.algorithm(), in, 0, w, b, out, 0, s.batch(), s.in(), s.out(), s.height(), s.width(), true);
        }
    }

    /** Every candidate against the Java reference on 2 images of 11x19 with the shape's channels, at offsets 3 and 5. */
    static void check(Device device, List<Candidate> candidates, ConvForwardLadder.Shape timed, boolean backward) {
        var s = new ConvForwardLadder.Shape("check", 2, timed.in(), timed.out(), 11, 19);
        SplittableRandom random = new SplittableRandom(System.nanoTime());
        int sourceChannels = backward ? s.out() : s.in(), targetChannels = backward ? s.in() : s.out();
        int plane = s.height() * s.width();
        float[] in = ConvForwardLadder.randoms(random, 3 + s.batch() * sourceChannels * plane);
        float[] w = ConvForwardLadder.randoms(random, s.out() * s.in() * 9);
        float[] b = ConvForwardLadder.randoms(random, s.out());
        float[] want = new float[5 + s.batch() * targetChannels * plane];
        if (backward) {
            Convolution.convBackwardInputReference(in, w, want, s.batch(), s.in(), s.out(), s.height(), s.width(), 0, 3, 5);
        } else {
            Convolution.convForwardReference(in, w, b, want, s.batch(), s.in(), s.out(), s.height(), s.width(), 1, 3, 5);
        }
        for (Candidate c : candidates) {
            try (Buffer bi = ConvForwardLadder.upload(device, in); Buffer bw = ConvForwardLadder.upload(device, w);
                 Buffer bb = ConvForwardLadder.upload(device, b); Buffer bo = ConvForwardLadder.upload(device, new float[want.length])) {
                if (backward) {
                    c.convolutions().backwardInput(c.algorithm(), bi, 3, bw, bo, 5, s.batch(), s.in(), s.out(), s.height(), s.width(), false);
                } else {
                    c.convolutions().forward(c.algorithm(), bi, 3, bw, bb, bo, 5, s.batch(), s.in(), s.out(), s.height(), s.width(), true);
                }
                FloatArray result = new FloatArray(want.length);
                device.read(bo, result);
                double err = ConvForwardLadder.relL2(want, result.toHeapArray());
                System.out.printf("check %-14s %s Cin %d Cout %d: rel L2 %.2e%n", c.label(), backward ? "input grad" : "forward", s.in(), s.out(), err);
                if (!(err < 1e-5)) throw new AssertionError(c.label() + " is wrong: rel L2 " + err);
            }
        }
    }

    /** Every candidate's weight gradient against the Java reference on 2 images of 11x19, offsets 3 and 5, accumulated. */
    static void checkWeights(Device device, List<Candidate> candidates, ConvForwardLadder.Shape timed) {
        var s = new ConvForwardLadder.Shape("check", 2, timed.in(), timed.out(), 11, 19);
        SplittableRandom random = new SplittableRandom(System.nanoTime());
        int plane = s.height() * s.width();
        float[] dOut = ConvForwardLadder.randoms(random, 3 + s.batch() * s.out() * plane);
        float[] in = ConvForwardLadder.randoms(random, 5 + s.batch() * s.in() * plane);
        float[] start = ConvForwardLadder.randoms(random, s.out() * s.in() * 9);
        float[] want = start.clone();
        Convolution.convBackwardWeightsReference(dOut, in, want, s.batch(), s.in(), s.out(), s.height(), s.width(), 3, 5);
        for (Candidate c : candidates) {
            try (Buffer bd = ConvForwardLadder.upload(device, dOut); Buffer bi = ConvForwardLadder.upload(device, in);
                 Buffer bw = ConvForwardLadder.upload(device, start)) {
                c.convolutions().backwardWeights(c.algorithm(), bd, 3, bi, 5, bw, s.batch(), s.in(), s.out(), s.height(), s.width());
                FloatArray result = new FloatArray(want.length);
                device.read(bw, result);
                double err = ConvForwardLadder.relL2(want, result.toHeapArray());
                System.out.printf("check %-14s weight grad Cin %d Cout %d: rel L2 %.2e%n", c.label(), s.in(), s.out(), err);
                if (!(err < 1e-5)) throw new AssertionError(c.label() + " is wrong: rel L2 " + err);
            }
        }
    }

    static void time(Device device, List<Candidate> candidates, ConvForwardLadder.Shape s, int rounds, boolean backward) {
        SplittableRandom random = new SplittableRandom(42);
        int plane = s.height() * s.width();
        int sourceChannels = backward ? s.out() : s.in(), targetChannels = backward ? s.in() : s.out();
        float[] in = ConvForwardLadder.randoms(random, s.batch() * sourceChannels * plane);
        float[] w = ConvForwardLadder.randoms(random, s.out() * s.in() * 9);
        float[] b = ConvForwardLadder.randoms(random, s.out());
        System.out.printf("%nshape %s %s: N=%d Cin=%d Cout=%d %dx%d, %.2f GFLOP (direct) per launch%n", s.name(),
                weightsMode ? "weight gradient" : backward ? "input gradient" : "forward+relu", s.batch(), s.in(), s.out(), s.height(), s.width(), s.flops() / 1e9);
        try (Buffer bi = ConvForwardLadder.upload(device, in); Buffer bw = ConvForwardLadder.upload(device, w);
             Buffer bb = ConvForwardLadder.upload(device, b); Buffer bo = weightsMode   // the weight gradient reads it: the layer's input
                     ? ConvForwardLadder.upload(device, ConvForwardLadder.randoms(random, s.batch() * targetChannels * plane))
                     : device.allocateFloats((long) s.batch() * targetChannels * plane)) {
            for (Candidate c : candidates) {   // warm-up: JIT, driver build, scratch allocation, first touch
                launch(c, backward, bi, bw, bb, bo, s);
                device.finish();
            }
            Map<Candidate, List<Double>> times = new LinkedHashMap<>();
            for (Candidate c : candidates) times.put(c, new ArrayList<>());
            double peak = 0;
            for (int r = 0; r < rounds; r++) {
                peak = Math.max(peak, ConvForwardLadder.measurePeak(device, 2));
                for (Candidate c : candidates) {
                    long t0 = System.nanoTime();
                    launch(c, backward, bi, bw, bb, bo, s);
                    device.finish();
                    times.get(c).add((System.nanoTime() - t0) * 1e-9);
                }
            }
            System.out.printf("FMA peak, best over the rounds: %.1f GFLOP/s%n", peak);
            System.out.printf("%-16s %9s %9s %9s %7s %9s%n", "candidate", "min ms", "med ms", "GFLOP/s", "peak", "vs direct");
            double base = Double.NaN;
            for (var e : times.entrySet()) {
                List<Double> t = e.getValue();
                t.sort(null);
                double min = t.getFirst(), median = t.get(t.size() / 2);
                double gflops = s.flops() / min / 1e9;
                if (Double.isNaN(base)) base = min;
                System.out.printf("%-16s %9.2f %9.2f %9.1f %6.1f%% %8.2fx%n", e.getKey().label(), min * 1e3, median * 1e3, gflops,
                        100 * gflops / peak, base / min);
            }
        }
    }

    /** PyTorch's convolution_backward (input and weight gradients, each alone) on the same shape, 2 threads. */
    static void torchBackward(ConvForwardLadder.Shape s, int rounds) throws Exception {
        TorchPeer.run(TorchPeer.BACKWARD, s.batch(), s.in(), s.out(), s.height(), s.width(), rounds);
    }

    private WinogradLadder() {
    }
}
