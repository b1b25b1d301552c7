package drcn.bench.ladder;

import drcn.kernels.nn.Convolution;
import drcn.runtime.backends.Backends;
import drcn.runtime.backend.Buffer;
import drcn.runtime.backend.Device;
import drcn.runtime.model.Convolutions;
import drcn.runtime.model.Convolutions.Algorithm;
import drcn.runtime.profile.Profiler;

import drcn.bench.ladder.Ladder.Candidate;
import drcn.bench.ladder.Ladder.Checks;
import drcn.bench.ladder.Ladder.Options;
import drcn.bench.ladder.Ladder.Shape;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The CPU convolution rungs of the forward and input-gradient ladders: the direct row-tile kernels
 * ({@link Convolution#convForwardRowTiles}, {@link Convolution#convBackwardInputRowTiles}) against the Winograd
 * F(4x4, 3x3) chain ({@code drcn.kernels.nn.Winograd}) at several chunk budgets, all launched through
 * {@link Convolutions} (what the product runs), and PyTorch's conv2d / convolution_backward on the same shape in the
 * same run. Each candidate is first checked against the Java reference on a small shape with the real channels; then
 * the candidates are timed interleaved round by round by {@link Ladder} (wall time of the whole chain, enqueue to finish), with the FMA
 * peak ({@link drcn.runtime.profile.PeakMeter#fmaGflops}) re-measured between rounds. GFLOP/s counts the direct convolution's
 * {@code 2 * N * Cin * Cout * 9 * H * W} for every candidate (an "equivalent" rate for Winograd, which does fewer).
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp "bench/target/drcn-bench.jar:bench/target/lib/*" drcn.bench.ladder.WinogradLadder
 *      [--device opencl:0] [--rounds 5] [--shapes 64,256,img256] [--budgets 1,2,8,auto] (Mi floats; auto = Convolutions' per-shape budget)
 *      [--versions direct,winograd 2Mi] [--backward] [--weights] [--torch] [--profile]
 * </pre>
 */
public final class WinogradLadder {

    /** What a rung runs: the forward with ReLU, the input gradient or the weight gradient (accumulated). */
    enum Pass { FORWARD, INPUT, WEIGHTS }

    /** One rung: the algorithm and the {@link Convolutions} (with its chunk budget) that runs it. */
    record Version(String label, Algorithm algorithm, Convolutions convolutions) {}

    public static void main(String[] args) throws Exception {
        Locale.setDefault(Locale.ROOT);
        Options options = Options.parse(args, 5, List.of("64", "256", "img256"),
                Set.of("--backward", "--weights", "--profile"), Set.of("--budgets"));
        Ladder.enableEventTiming();
        // --profile: the per-kernel table on stderr at the end (all rounds, warm-up included)
        Device opened = Backends.open(options.device(), 0);
        try (Device device = options.flag("--profile") ? Profiler.open(opened, System.err, null, null) : opened) {
            System.out.println("device: " + device.info().name());
            List<Version> all = new ArrayList<>();
            all.add(new Version("direct", Algorithm.CPU_DIRECT, new Convolutions(device)));
            for (String b : options.value("--budgets", "2").split(",")) {
                long floats = b.equals("auto") ? 0 : (long) (Double.parseDouble(b) * (1 << 20));   // auto: the product's per-shape choice
                all.add(new Version("winograd " + b + (b.equals("auto") ? "" : "Mi"), Algorithm.CPU_WINOGRAD, new Convolutions(device, floats)));
            }
            List<Version> versions = Ladder.select(all, options.versions(), Version::label);
            for (String name : options.shapes()) {
                Shape shape = Ladder.shape(ConvForwardLadder.SHAPES, name);
                checkAndTime(device, versions, shape, Pass.FORWARD, options.rounds());
                if (options.torch()) TorchPeer.run(TorchPeer.FORWARD, shape, options.rounds());
                if (options.flag("--backward")) checkAndTime(device, versions, shape, Pass.INPUT, options.rounds());
                if (options.flag("--weights")) checkAndTime(device, versions, shape, Pass.WEIGHTS, options.rounds());
                if (options.torch() && (options.flag("--backward") || options.flag("--weights"))) {
                    TorchPeer.run(TorchPeer.BACKWARD, shape, options.rounds());
                }
            }
            for (Version v : all) v.convolutions().close();
        }
    }

    static void checkAndTime(Device device, List<Version> versions, Shape shape, Pass pass, int rounds) {
        Checks checks = new Checks();
        check(device, versions, shape, pass, checks);
        time(device, versions, shape, pass, rounds, checks);
    }

    /**
     * One run of {@code pass} through {@link Convolutions}: {@code x} = the input (FORWARD) or dOutput, {@code y} = the
     * weights (FORWARD, INPUT) or the layer's input (WEIGHTS), {@code out} = the output, dInput or dWeights (accumulated into).
     */
    static void launch(Version v, Pass pass, Buffer x, int xOffset, Buffer y, int yOffset, Buffer bias, Buffer out, int outOffset, Shape s) {
        Convolutions c = v.convolutions();
        switch (pass) {
            case FORWARD -> c.forward(v.algorithm(), x, xOffset, y, bias, out, outOffset, s.batch(), s.in(), s.out(), s.height(), s.width(), true);
            case INPUT -> c.backwardInput(v.algorithm(), x, xOffset, y, out, outOffset, s.batch(), s.in(), s.out(), s.height(), s.width(), false);
            case WEIGHTS -> c.backwardWeights(v.algorithm(), x, xOffset, y, yOffset, out, s.batch(), s.in(), s.out(), s.height(), s.width());
        }
    }

    /** Every version against the Java reference on 2 images of 11x19 with the shape's channels, the operands at offsets 3 and 5. */
    static void check(Device device, List<Version> versions, Shape timed, Pass pass, Checks checks) {
        Shape s = timed.forCheck();
        SplittableRandom random = new SplittableRandom(System.nanoTime());
        int plane = s.height() * s.width();
        float[] x = Ladder.randoms(random, 3 + s.batch() * (pass == Pass.FORWARD ? s.in() : s.out()) * plane);
        float[] y = Ladder.randoms(random, pass == Pass.WEIGHTS ? 5 + s.batch() * s.in() * plane : s.weightCount());
        float[] b = Ladder.randoms(random, s.out());
        float[] start, want;
        switch (pass) {
            case FORWARD -> {
                want = new float[5 + s.outputCount()];
                Convolution.convForwardReference(x, y, b, want, s.batch(), s.in(), s.out(), s.height(), s.width(), 1, 3, 5);
                start = new float[want.length];
            }
            case INPUT -> {
                want = new float[5 + s.inputCount()];
                Convolution.convBackwardInputReference(x, y, want, s.batch(), s.in(), s.out(), s.height(), s.width(), 0, 3, 5);
                start = new float[want.length];
            }
            default -> {
                start = Ladder.randoms(random, s.weightCount());
                want = start.clone();
                Convolution.convBackwardWeightsReference(x, y, want, s.batch(), s.in(), s.out(), s.height(), s.width(), 3, 5);
            }
        }
        int yOffset = pass == Pass.WEIGHTS ? 5 : 0, outOffset = pass == Pass.WEIGHTS ? 0 : 5;
        for (Version v : versions) {
            try (Buffer bx = Ladder.upload(device, x); Buffer by = Ladder.upload(device, y); Buffer bb = Ladder.upload(device, b);
                 Buffer bo = Ladder.upload(device, start)) {
                launch(v, pass, bx, 3, by, yOffset, bb, bo, outOffset, s);
                checks.compare(v.label(), pass.name().toLowerCase(Locale.ROOT) + " vs reference, " + s.describe(), want,
                        Ladder.read(device, bo, want.length), 1e-5);
            }
        }
    }

    /** Every version on the full shape, wall time of the whole chain (enqueue to finish); no cross-check (Winograd rounds differently). */
    static void time(Device device, List<Version> versions, Shape s, Pass pass, int rounds, Checks checks) {
        SplittableRandom random = new SplittableRandom(42);
        int plane = s.height() * s.width();
        float[] x = Ladder.randoms(random, s.batch() * (pass == Pass.FORWARD ? s.in() : s.out()) * plane);
        float[] y = Ladder.randoms(random, pass == Pass.WEIGHTS ? s.inputCount() : s.weightCount());
        float[] b = Ladder.randoms(random, s.out());
        int outCount = switch (pass) {
            case FORWARD -> s.outputCount();
            case INPUT -> s.inputCount();
            case WEIGHTS -> s.weightCount();
        };
        String what = switch (pass) {
            case FORWARD -> "forward+relu";
            case INPUT -> "input gradient";
            case WEIGHTS -> "weight gradient";
        };
        System.out.printf("%nshape %s %s: %s, %.2f GFLOP (direct) per launch%n", s.name(), what, s.describe(), s.flops() / 1e9);
        try (Buffer bx = Ladder.upload(device, x); Buffer by = Ladder.upload(device, y); Buffer bb = Ladder.upload(device, b);
             Buffer bo = device.allocateFloats(outCount)) {
            List<Candidate> candidates = new ArrayList<>();
            for (Version v : versions) {
                candidates.add(new Candidate(v.label(),
                        () -> {   // warm-up: JIT, driver build, scratch allocation, first touch
                            launch(v, pass, bx, 0, by, 0, bb, bo, 0, s);
                            device.finish();
                            return null;
                        },
                        () -> {
                            long t0 = System.nanoTime();
                            launch(v, pass, bx, 0, by, 0, bb, bo, 0, s);
                            device.finish();
                            return (System.nanoTime() - t0) * 1e-9;
                        }));
            }
            Ladder.time(device, candidates, s, rounds, checks, 0);
        }
    }

    private WinogradLadder() {
    }
}
