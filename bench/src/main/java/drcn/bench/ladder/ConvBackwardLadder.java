package drcn.bench.ladder;

import drcn.kernels.Index;
import drcn.tornado.api.types.arrays.FloatArray;
import drcn.kernels.nn.Convolution;
import drcn.kernels.nn.ConvolutionTiled;
import drcn.runtime.backends.Backends;
import drcn.runtime.backend.Buffer;
import drcn.runtime.backend.CompiledKernel;
import drcn.runtime.backend.Device;
import drcn.runtime.backend.Range;
import drcn.runtime.jit.KernelRef;
import drcn.runtime.backend.Kernels;

import drcn.bench.ladder.Ladder.Candidate;
import drcn.bench.ladder.Ladder.Checks;
import drcn.bench.ladder.Ladder.Options;
import drcn.bench.ladder.Ladder.Shape;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * The 3x3 convolution BACKWARD ladder (llm.c dev/cuda style), the companion of {@link ConvForwardLadder}:
 * the input gradient ({@code dIn = conv(dOut, flipped transposed W)}) and the weight gradient
 * ({@code dW += sum_{n,y,x} dOut (x) shifted in}) versions, each at every local size tried, checked against
 * {@link Convolution#convBackwardInputReference} / {@link Convolution#convBackwardWeightsReference} on fresh
 * random inputs (rel L2 below 1e-4: the versions sum in different orders), then timed with device events on
 * the DRCN shapes, all candidates of one gradient interleaved round by round ({@link Ladder}, the harness). i0, w0 = the product's GPU kernels
 * (convBackwardInput, convBackwardWeights), the baseline every other version is measured against.
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

    /** Which gradient a version computes. */
    enum Grad { INPUT, WEIGHTS }

    /** One rung: kernel, gradient, its range for a shape, the local sizes it is checked and timed at. */
    record Version(String name, Grad grad, KernelRef kernel, Function<Shape, Range> range, List<int[]> locals, boolean splitK) {
        Version(String name, Grad grad, KernelRef kernel, Function<Shape, Range> range, List<int[]> locals) {
            this(name, grad, kernel, range, locals, false);
        }
    }

    static final List<Shape> SHAPES = List.of(
            new Shape("64", 16, 64, 64, 41, 41),
            new Shape("256", 4, 256, 256, 41, 41),
            new Shape("256x16", 16, 256, 256, 41, 41),     // F=256, batch N=16 (one recursion)
            new Shape("256x256", 256, 256, 256, 41, 41),   // F=256 D=16 N=16: the inference weight gradient over all D (batch D*N)
            new Shape("32x96", 96, 32, 32, 41, 41),        // the F=32 D=6 N=16 inference layer's weight gradient (batch D*N)
            new Shape("64x256", 256, 64, 64, 41, 41));     // the F=64 D=16 N=16 recon1 / inference weight gradient (batch D*N)

    /** Work-groups the split-K weight gradient aims at: 4 per compute unit of the device. */
    private final int targetGroups;

    ConvBackwardLadder(int targetGroups) {
        this.targetGroups = targetGroups;
    }

    int splits(Shape s) {
        return ConvolutionTiled.weightSplits(s.batch(), s.in(), s.out(), s.height(), s.width(), targetGroups);
    }

    List<Version> versions() {
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
                s -> Range.of(Convolution.pixelTiles(s.width()), s.height(), s.batch() * Index.ceilDiv(s.in(), ConvBackwardKernels.K8)),
                List.of(new int[]{1, 1, 1}, new int[]{1, 8, 1})));
        // i2: i1 with 16 input channels per item (staging shared by twice the FMAs) = the product's CPU kernel until i3
        v.add(new Version("i2", Grad.INPUT, Kernels.ref(ConvBackwardKernels::i2),
                s -> Range.of(Convolution.pixelTiles(s.width()), s.height(), s.batch() * Index.ceilDiv(s.in(), ConvBackwardKernels.K16)),
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
                s -> Range.of(Index.ceilDiv(s.in(), ConvBackwardKernels.CB), Convolution.outChannelBlocks(s.out())),
                List.of(new int[]{1, 1})));
        // w5: w4 with 8 input channels per item = the product's CPU kernel
        v.add(new Version("w5", Grad.WEIGHTS, Kernels.ref(Convolution::convBackwardWeightsRowTiles),
                s -> Range.of(Convolution.weightInChannelBlocks(s.in()), Convolution.outChannelBlocks(s.out())),
                List.of(new int[]{1, 1})));
        return v;
    }

    public static void main(String[] args) throws Exception {
        Locale.setDefault(Locale.ROOT);
        Options options = Options.parse(args, 3, List.of("64", "256"), Set.of(), Set.of());
        Ladder.enableEventTiming();
        try (Device device = Backends.open(options.device(), 0)) {
            System.out.println("device: " + device.info().id() + " " + device.info().name());
            ConvBackwardLadder ladder = new ConvBackwardLadder(4 * Math.max(1, device.info().computeUnits()));
            List<Version> versions = Ladder.select(ladder.versions(), options.versions(), Version::name);
            System.out.printf("FMA peak (PeakMeter) at start: %.1f GFLOP/s%n", Ladder.measurePeak(device, 3));
            for (String shapeName : options.shapes()) {
                Shape shape = Ladder.shape(SHAPES, shapeName);
                Checks checks = new Checks();
                ladder.check(device, versions, shape, checks);
                for (Grad grad : Grad.values()) {
                    List<Version> some = versions.stream().filter(v -> v.grad() == grad).toList();
                    if (!some.isEmpty()) ladder.time(device, some, shape, grad, options.rounds(), checks);
                }
                if (options.torch()) TorchPeer.run(TorchPeer.BACKWARD, shape, options.rounds());
            }
        }
    }

    /**
     * Every version at every local size against the Java reference, on a small shape with the real channels (rel L2
     * below 1e-4: the versions sum in different orders); the weight gradients accumulate onto a random start.
     */
    void check(Device device, List<Version> versions, Shape timed, Checks checks) {
        Shape s = timed.forCheck();
        SplittableRandom random = new SplittableRandom(System.nanoTime());
        float[] dOut = Ladder.randoms(random, s.outputCount());
        float[] in = Ladder.randoms(random, s.inputCount());
        float[] w = Ladder.randoms(random, s.weightCount());
        float[] dW0 = Ladder.randoms(random, s.weightCount());
        float[] wantIn = new float[s.inputCount()];
        Convolution.convBackwardInputReference(dOut, w, wantIn, s.batch(), s.in(), s.out(), s.height(), s.width(), 0, 0, 0);
        float[] wantW = dW0.clone();
        Convolution.convBackwardWeightsReference(dOut, in, wantW, s.batch(), s.in(), s.out(), s.height(), s.width(), 0, 0);
        for (Version v : versions) {
            boolean input = v.grad() == Grad.INPUT;
            for (int[] local : v.locals()) {
                float[] got = input ? run(device, v, local, s, dOut, w, new float[wantIn.length]) : run(device, v, local, s, dOut, in, dW0);
                checks.compare(Ladder.label(v.name(), local), "vs reference, " + s.describe() + (v.splitK() ? ", " + splits(s) + " splits" : ""),
                        input ? wantIn : wantW, got, 1e-4);
            }
        }
    }

    /** One launch; {@code a} = dOut, {@code b} = weights (INPUT) or input (WEIGHTS), {@code c} = the result's start value. */
    float[] run(Device device, Version v, int[] local, Shape s, float[] a, float[] b, float[] c) {
        try (Buffer ba = Ladder.upload(device, a); Buffer bb = Ladder.upload(device, b);
             Buffer bc = Ladder.upload(device, c); Buffer scratch = device.allocateFloats(scratchFloats(List.of(v), s))) {
            launch(device, v, compile(device, v, s, ba, bb, bc, scratch), Ladder.padded(v.range().apply(s), local), s, ba, bb, bc, scratch);
            device.finish();
            return Ladder.read(device, bc, c.length);
        }
    }

    /** The split-K partials buffer ({@code splits * Cout * Cin * 9} floats) where a version needs one, else 1 float. */
    long scratchFloats(List<Version> versions, Shape s) {
        return versions.stream().anyMatch(Version::splitK) ? (long) splits(s) * s.weightCount() : 1;
    }

    /**
     * One launch of a version (two for a splitK one: the partials into {@code scratch}, then the reduce onto {@code c});
     * returns the device seconds (their sum), or -1 where the device gave no time.
     */
    double launch(Device device, Version v, CompiledKernel kernel, Range range, Shape s, Buffer a, Buffer b, Buffer c, Buffer scratch) {
        if (!v.splitK()) {
            return device.launch(kernel, range, arguments(v, s, a, b, c, scratch)).durationNanos() * 1e-9;
        }
        int count = s.weightCount();
        double partials = device.launch(kernel, range, arguments(v, s, a, b, c, scratch)).durationNanos() * 1e-9;
        int items = Index.roundUp(count, ConvolutionTiled.REDUCE_THREADS);
        double sum = Kernels.launch(device, Kernels.ref(ConvolutionTiled::convBackwardWeightsTiledReduce),
                Range.of(items).withLocal(ConvolutionTiled.REDUCE_THREADS), scratch, c, splits(s), count).durationNanos() * 1e-9;
        return partials < 0 || sum < 0 ? -1 : partials + sum;
    }

    /** The version compiled for the shape: its shape ints (and accumulate, splits) are JIT constants. */
    CompiledKernel compile(Device device, Version v, Shape s, Buffer a, Buffer b, Buffer c, Buffer scratch) {
        return Kernels.compile(device, v.kernel(), arguments(v, s, a, b, c, scratch));
    }

    /**
     * The product kernels' arguments, offsets 0 (and accumulate 0 for the input gradient); a splitK version writes its
     * partials into {@code scratch} over {@link #splits} splits instead of adding into {@code c}.
     */
    Object[] arguments(Version v, Shape s, Buffer a, Buffer b, Buffer c, Buffer scratch) {
        if (v.splitK()) return new Object[]{a, b, scratch, s.batch(), s.in(), s.out(), s.height(), s.width(), splits(s), 0, 0};
        return v.grad() == Grad.INPUT
                ? new Object[]{a, b, c, s.batch(), s.in(), s.out(), s.height(), s.width(), 0, 0, 0}
                : new Object[]{a, b, c, s.batch(), s.in(), s.out(), s.height(), s.width(), 0, 0};
    }

    /** The versions of one gradient at every local size on the full shape, timed by device events; the result zeroed before each warm-up. */
    void time(Device device, List<Version> versions, Shape s, Grad grad, int rounds, Checks checks) {
        SplittableRandom random = new SplittableRandom(42);
        float[] dOut = Ladder.randoms(random, s.outputCount());
        float[] b = grad == Grad.INPUT ? Ladder.randoms(random, s.weightCount()) : Ladder.randoms(random, s.inputCount());
        int resultCount = grad == Grad.INPUT ? s.inputCount() : s.weightCount();
        System.out.printf("%nshape %s, %s gradient: %s, %.2f GFLOP per launch%n",
                s.name(), grad.name().toLowerCase(Locale.ROOT), s.describe(), s.flops() / 1e9);
        try (Buffer ba = Ladder.upload(device, dOut); Buffer bb = Ladder.upload(device, b);
             Buffer bc = device.allocateFloats(resultCount); Buffer scratch = device.allocateFloats(scratchFloats(versions, s))) {
            FloatArray zeros = new FloatArray(resultCount);
            List<Candidate> candidates = new ArrayList<>();
            for (Version v : versions) {
                CompiledKernel k = compile(device, v, s, ba, bb, bc, scratch);
                for (int[] local : v.locals()) {
                    Range range = Ladder.padded(v.range().apply(s), local);
                    candidates.add(new Candidate(Ladder.label(v.name(), local),
                            () -> {
                                device.write(bc, zeros);
                                launch(device, v, k, range, s, ba, bb, bc, scratch);
                                device.finish();
                                return Ladder.read(device, bc, resultCount);
                            },
                            () -> {
                                double seconds = launch(device, v, k, range, s, ba, bb, bc, scratch);
                                if (seconds < 0) throw new IllegalStateException("the device gave no event time (drcn.profile is off?)");
                                return seconds;
                            }));
                }
            }
            Ladder.time(device, candidates, s, rounds, checks, 1e-4);
        }
    }
}
