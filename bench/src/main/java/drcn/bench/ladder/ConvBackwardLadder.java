package drcn.bench.ladder;

import drcn.tornado.api.types.arrays.FloatArray;
import drcn.kernels.nn.Convolution;
import drcn.kernels.nn.ConvolutionTiled;
import drcn.runtime.backend.Backends;
import drcn.runtime.backend.Buffer;
import drcn.runtime.backend.CompiledKernel;
import drcn.runtime.backend.Device;
import drcn.runtime.backend.Range;
import drcn.runtime.jit.KernelRef;
import drcn.runtime.jit.Kernels;

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
 *      [--device opencl:0|cuda:0] [--rounds 3] [--shapes 64,256] [--versions i0,i1,w0,w1,w2] [--torch]
 * </pre>
 *
 * <p>On a GPU: {@code --device cuda:0 --versions i0,itiled,itiled128,itiledDouble,itiled128Double,w0,wtiled,wtiledDouble,wtiledWide}
 * (the model's GPU kernels, then the {@link ConvolutionTiled} ones and their candidates; wtiled is two launches, the split-K partials and their ordered reduce, timed as their
 * sum, with {@code ConvolutionTiled.weightSplits(..., 4 * compute units)} splits). Timing, version order, the "correct"
 * column: as in {@link ConvForwardLadder}.
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
    record Version(String name, Grad grad, KernelRef kernel, java.util.function.Function<Shape, Range> range, List<int[]> locals,
                   boolean splitK) {
        Version(String name, Grad grad, KernelRef kernel, java.util.function.Function<Shape, Range> range, List<int[]> locals) {
            this(name, grad, kernel, range, locals, false);
        }
    }

    /** Work-groups the split-K weight gradient aims at: 4 per compute unit of the device (set in main). */
    static int targetGroups = 528;

    static int splits(Shape s) {
        return ConvolutionTiled.weightSplits(s.batch(), s.in(), s.out(), s.height(), s.width(), targetGroups);
    }

    static final List<Shape> SHAPES = List.of(
            new Shape("64", 16, 64, 64, 41, 41),
            new Shape("256", 4, 256, 256, 41, 41),
            new Shape("256x16", 16, 256, 256, 41, 41),     // F=256, batch N=16 (one recursion)
            new Shape("256x256", 256, 256, 256, 41, 41),   // F=256 D=16 N=16: the inference weight gradient over all D (batch D*N)
            new Shape("32x96", 96, 32, 32, 41, 41),
            new Shape("64x256", 256, 64, 64, 41, 41));   // the F=64 D=16 N=16 recon1 / inference weight gradient (batch D*N)   // the F=32 D=6 N=16 inference layer's weight gradient (batch D*N)

    static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    static List<Version> versions() {
        List<Version> v = new ArrayList<>();
        // itiled: implicit GEMM (M = Cin, N = pixels, K = Cout * 9, weights transposed and rotated), 64 x 128 tiles, 8x8 blocks
        v.add(new Version("itiled", Grad.INPUT, Kernels.ref(ConvolutionTiled::convBackwardInputTiled),
                s -> Range.of(ConvolutionTiled.pixelTileItems(s.batch(), s.height(), s.width()), ConvolutionTiled.rowTiles(s.in())),
                List.of(new int[]{ConvolutionTiled.THREADS, 1})));
        // wtiled: GEMM M = Cout, N = Cin * 9, K = pixels split over work-groups into a scratch buffer, then the ordered reduce
        v.add(new Version("wtiled", Grad.WEIGHTS, Kernels.ref(ConvolutionTiled::convBackwardWeightsTiled),
                s -> Range.of(ConvolutionTiled.weightInTileItems(s.in()), ConvolutionTiled.weightOutTiles(s.out()), splits(s)),
                List.of(new int[]{ConvolutionTiled.WEIGHT_THREADS, 1, 1}), true));
        // itiled128: 128 x 128 tiles, 256 work-items (for F = 256); itiledDouble: double-buffered; itiled128Double: both
        v.add(new Version("itiled128", Grad.INPUT, Kernels.ref(ConvTiledCandidates::convBackwardInputTiled128),
                s -> Range.of(ConvTiledCandidates.pixelTileItems128(s.batch(), s.height(), s.width()), ConvTiledCandidates.rowTiles128(s.in())),
                List.of(new int[]{ConvTiledCandidates.THREADS_128, 1})));
        v.add(new Version("itiledDouble", Grad.INPUT, Kernels.ref(ConvTiledCandidates::convBackwardInputTiledDouble),
                s -> Range.of(ConvolutionTiled.pixelTileItems(s.batch(), s.height(), s.width()), ConvolutionTiled.rowTiles(s.in())),
                List.of(new int[]{ConvolutionTiled.THREADS, 1})));
        v.add(new Version("itiled128Double", Grad.INPUT, Kernels.ref(ConvTiledCandidates::convBackwardInputTiled128Double),
                s -> Range.of(ConvTiledCandidates.pixelTileItems128(s.batch(), s.height(), s.width()), ConvTiledCandidates.rowTiles128(s.in())),
                List.of(new int[]{ConvTiledCandidates.THREADS_128, 1})));
        // wtiledDouble: wtiled double-buffered (same splits, same partials, same reduce)
        v.add(new Version("wtiledDouble", Grad.WEIGHTS, Kernels.ref(ConvTiledCandidates::convBackwardWeightsTiledDouble),
                s -> Range.of(ConvolutionTiled.weightInTileItems(s.in()), ConvolutionTiled.weightOutTiles(s.out()), splits(s)),
                List.of(new int[]{ConvolutionTiled.WEIGHT_THREADS, 1, 1}), true));
        // wtiledWide: 64 co x 32 ci tiles on 256 work-items (one staged dOut slab for 32 input channels; same splits and partials)
        v.add(new Version("wtiledWide", Grad.WEIGHTS, Kernels.ref(ConvTiledCandidates::convBackwardWeightsTiledWide),
                s -> Range.of(ConvTiledCandidates.weightWideInTileItems(s.in()), ConvolutionTiled.weightOutTiles(s.out()), splits(s)),
                List.of(new int[]{ConvTiledCandidates.WIDE_THREADS, 1, 1}), true));
        // ---- input gradient
        // i0: the GPU kernel (1 pixel x 8 input channels per item), the model's range (W, H, N * inChannelBlocks)
        v.add(new Version("i0", Grad.INPUT, Kernels.ref(Convolution::convBackwardInput),
                s -> Range.of(s.width(), s.height(), s.batch() * Convolution.inChannelBlocks(s.in())),
                List.of(new int[]{8, 8, 4})));
        // i1: 16-pixel row tiles x 8 input channels, explicit lanes (the forward's v5 on the flipped kernel)
        v.add(new Version("i1", Grad.INPUT, Kernels.ref(ConvBackwardKernels::i1),
                s -> Range.of(Convolution.pixelTiles(s.width()), s.height(), s.batch() * ceilDiv(s.in(), ConvBackwardKernels.K8)),
                List.of(new int[]{1, 1, 1}, new int[]{1, 8, 1})));
        // i2: i1 with 16 input channels per item (staging shared by twice the FMAs) = the product's CPU kernel until i3
        v.add(new Version("i2", Grad.INPUT, Kernels.ref(ConvBackwardKernels::i2),
                s -> Range.of(Convolution.pixelTiles(s.width()), s.height(), s.batch() * ceilDiv(s.in(), ConvBackwardKernels.K16)),
                List.of(new int[]{1, 1, 1}, new int[]{1, 8, 1}, new int[]{3, 8, 4}, new int[]{1, 1, 8})));
        // i3: i2 with 32 input channels per item = the product's CPU kernel
        v.add(new Version("i3", Grad.INPUT, Kernels.ref(Convolution::convBackwardInputRowTiles),
                s -> Range.of(Convolution.pixelTiles(s.width()), s.height(), s.batch() * Convolution.rowTileInChannelBlocks(s.in())),
                List.of(new int[]{1, 1, 1})));
        // ---- weight gradient
        // w0: the GPU kernel: one work-group of 256 per (co, ci), strided pixels, local-memory tree reduction
        v.add(new Version("w0", Grad.WEIGHTS, Kernels.ref(Convolution::convBackwardWeights),
                s -> Range.of(s.out() * s.in() * Convolution.GROUP_SIZE),
                List.of(new int[]{Convolution.GROUP_SIZE})));
        // w1: one item per (ci, 8 co), all pixels, 16-lane accumulators (1 FMA per accumulator round trip)
        v.add(new Version("w1", Grad.WEIGHTS, Kernels.ref(ConvBackwardKernels::w1),
                s -> Range.of(s.in(), Convolution.outChannelBlocks(s.out())),
                List.of(new int[]{1, 1}, new int[]{8, 1})));
        // w2: w1 with 8-lane accumulators taking both halves of the tile (2 FMAs per round trip) = the product's CPU kernel until w5
        v.add(new Version("w2", Grad.WEIGHTS, Kernels.ref(ConvBackwardKernels::w2),
                s -> Range.of(s.in(), Convolution.outChannelBlocks(s.out())),
                List.of(new int[]{1, 1}, new int[]{8, 1})));
        // w3: w2 over two output rows per step (4 FMAs per accumulator round trip)
        v.add(new Version("w3", Grad.WEIGHTS, Kernels.ref(ConvBackwardKernels::w3),
                s -> Range.of(s.in(), Convolution.outChannelBlocks(s.out())),
                List.of(new int[]{1, 1})));
        // w4: w2 with 4 input channels per item (the dOutput tile staged once for 4 of them: 4x less dOutput traffic)
        v.add(new Version("w4", Grad.WEIGHTS, Kernels.ref(ConvBackwardKernels::w4),
                s -> Range.of(ceilDiv(s.in(), ConvBackwardKernels.CB), Convolution.outChannelBlocks(s.out())),
                List.of(new int[]{1, 1})));
        // w5: w4 with 8 input channels per item = the product's CPU kernel
        v.add(new Version("w5", Grad.WEIGHTS, Kernels.ref(Convolution::convBackwardWeightsRowTiles),
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
        List<Version> versions = ConvForwardLadder.select(versions(), versionNames, Version::name);
        ConvForwardLadder.enableEventTiming();
        try (Device device = Backends.open(deviceSpec, 0)) {
            System.out.println("device: " + device.info().id() + " " + device.info().name());
            targetGroups = 4 * Math.max(1, device.info().computeUnits());
            System.out.printf("FMA peak (PeakMeter) at start: %.1f GFLOP/s%n", ConvForwardLadder.measurePeak(device, 3));
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
                float[] want = v.grad() == Grad.INPUT ? wantIn : wantW;
                double err = ConvForwardLadder.relL2(want, got);
                ConvForwardLadder.recordCheck(ConvForwardLadder.label(v.name(), local), String.format("vs reference, N=%d Cin=%d Cout=%d %dx%d%s",
                        s.batch(), s.in(), s.out(), s.height(), s.width(), v.splitK() ? ", " + splits(s) + " splits" : ""),
                        err < 1e-4, err, ConvForwardLadder.maxAbs(want, got));
            }
        }
    }

    /** One launch; {@code a} = dOut, {@code b} = weights (INPUT) or input (WEIGHTS), {@code c} = the result's start value. */
    static float[] run(Device device, Version v, int[] local, Shape s, float[] a, float[] b, float[] c) {
        try (Buffer ba = ConvForwardLadder.upload(device, a); Buffer bb = ConvForwardLadder.upload(device, b);
             Buffer bc = ConvForwardLadder.upload(device, c); Buffer scratch = scratch(device, v, s)) {
            launch(device, v, compile(device, v, s, ba, bb, bc, scratch), padded(v.range().apply(s), local), s, ba, bb, bc, scratch);
            device.finish();
            FloatArray result = new FloatArray(c.length);
            device.read(bc, result);
            return result.toHeapArray();
        }
    }

    /** The split-K partials buffer of a splitK version ({@code splits * Cout * Cin * 9} floats), else a 1-float placeholder. */
    static Buffer scratch(Device device, Version v, Shape s) {
        return device.allocateFloats(v.splitK() ? (long) splits(s) * s.out() * s.in() * 9 : 1);
    }

    /**
     * One launch of a version (two for a splitK one: the partials into {@code scratch}, then the reduce onto {@code c});
     * returns the device seconds (their sum), or -1 where the device gave no time.
     */
    static double launch(Device device, Version v, CompiledKernel kernel, Range range, Shape s, Buffer a, Buffer b, Buffer c, Buffer scratch) {
        if (!v.splitK()) {
            return device.launch(kernel, range, arguments(v, s, a, b, c, scratch)).durationNanos() * 1e-9;
        }
        int splits = splits(s);
        int count = s.out() * s.in() * 9;
        double partials = device.launch(kernel, range, arguments(v, s, a, b, c, scratch)).durationNanos() * 1e-9;
        int items = ceilDiv(count, ConvolutionTiled.REDUCE_THREADS) * ConvolutionTiled.REDUCE_THREADS;
        double sum = Kernels.launch(device, Kernels.ref(ConvolutionTiled::convBackwardWeightsTiledReduce),
                Range.of(items).withLocal(ConvolutionTiled.REDUCE_THREADS), scratch, c, splits, count).durationNanos() * 1e-9;
        return partials < 0 || sum < 0 ? -1 : partials + sum;
    }

    /** The version compiled for the shape: its shape ints (and accumulate, splits) are JIT constants. */
    static CompiledKernel compile(Device device, Version v, Shape s, Buffer a, Buffer b, Buffer c, Buffer scratch) {
        return Kernels.compile(device, v.kernel(), arguments(v, s, a, b, c, scratch));
    }

    /**
     * The product kernels' arguments, offsets 0 (and accumulate 0 for the input gradient); a splitK version writes its
     * partials into {@code scratch} over {@link #splits} splits instead of adding into {@code c}.
     */
    static Object[] arguments(Version v, Shape s, Buffer a, Buffer b, Buffer c, Buffer scratch) {
        if (v.splitK()) return new Object[]{a, b, scratch, s.batch(), s.in(), s.out(), s.height(), s.width(), splits(s), 0, 0};
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
             Buffer bc = device.allocateFloats(resultCount); Buffer scratch = device.allocateFloats(maxScratch(versions, s))) {
            List<Candidate> candidates = new ArrayList<>();
            for (Version v : versions) {
                CompiledKernel k = compile(device, v, s, ba, bb, bc, scratch);
                for (int[] local : v.locals()) {
                    candidates.add(new Candidate(v, local, k, padded(v.range().apply(s), local), ConvForwardLadder.label(v.name(), local)));
                }
            }
            // warm-up (JIT build, first touch) and a full-shape cross-check of every candidate against the first
            float[] first = null;
            FloatArray zeros = new FloatArray(resultCount);
            for (Candidate c : candidates) {
                device.write(bc, zeros);
                launch(device, c.version(), c.kernel(), c.range(), s, ba, bb, bc, scratch);
                device.finish();
                FloatArray result = new FloatArray(resultCount);
                device.read(bc, result);
                float[] got = result.toHeapArray();
                if (first == null) first = got;
                else {
                    double err = ConvForwardLadder.relL2(first, got);
                    ConvForwardLadder.recordCheck(c.label(), "vs " + candidates.getFirst().label() + " on shape " + s.name(), err < 1e-4,
                            err, ConvForwardLadder.maxAbs(first, got));
                }
            }
            Map<Candidate, List<Double>> times = new LinkedHashMap<>();
            for (Candidate c : candidates) times.put(c, new ArrayList<>());
            double peak = 0;
            for (int r = 0; r < rounds; r++) {
                peak = Math.max(peak, ConvForwardLadder.measurePeak(device, 2));
                for (Candidate c : candidates) {
                    double seconds = launch(device, c.version(), c.kernel(), c.range(), s, ba, bb, bc, scratch);
                    if (seconds < 0) throw new IllegalStateException("the device gave no event time (drcn.profile is off?)");
                    times.get(c).add(seconds);
                }
            }
            System.out.printf("FMA peak, best over the rounds: %.1f GFLOP/s%n", peak);
            ConvForwardLadder.printTable(times.entrySet().stream().map(e -> Map.entry(e.getKey().label(), e.getValue())).toList(), s.flops(), peak);
        }
    }

    static long maxScratch(List<Version> versions, Shape s) {
        return versions.stream().anyMatch(Version::splitK) ? (long) splits(s) * s.out() * s.in() * 9 : 1;
    }

    /** PyTorch's convolution_backward (oneDNN) on the same shape, 2 threads, right after ours on the same cores. */
    static void torch(Shape s, int rounds) throws Exception {
        TorchPeer.run(TorchPeer.BACKWARD, s.batch(), s.in(), s.out(), s.height(), s.width(), rounds);
    }

    private ConvBackwardLadder() {
    }
}
