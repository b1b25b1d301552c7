package drcn.bench.ladder;

import drcn.kernels.Index;
import drcn.tornado.api.types.arrays.FloatArray;
import drcn.kernels.nn.Convolution;
import drcn.kernels.nn.ConvolutionTiled;
import drcn.runtime.backends.Backends;
import drcn.runtime.backend.Buffer;
import drcn.runtime.backend.Device;
import drcn.runtime.backend.Range;
import drcn.runtime.jit.KernelRef;
import drcn.runtime.backend.Kernels;

import drcn.bench.ladder.Ladder.Candidate;
import drcn.bench.ladder.Ladder.Checks;
import drcn.bench.ladder.Ladder.Options;
import drcn.bench.ladder.Ladder.Shape;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The 3x3 convolution forward ladder (llm.c dev/cuda style): every version, at every work-group size
 * tried, is checked against {@link Convolution#convForwardReference} on fresh random inputs, then timed
 * with device events on the DRCN shapes, all candidates interleaved round by round ({@link Ladder}, the
 * harness, checks, times and prints the table: ms (min, median), GFLOP/s of the min and the fraction of the
 * FMA peak measured in the same run); optionally PyTorch's conv2d on the same shapes, run right after, on the
 * same cores.
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp CP drcn.bench.ladder.ConvForwardLadder
 *      [--device opencl:0|cuda:0] [--rounds 5] [--shapes 64,256,img64,img256] [--versions v1,v2] [--torch]
 * </pre>
 *
 * <p>On a GPU: {@code --device cuda:0 --versions gpu,tiled,tiled128,tiledDouble,tiled128Double,tiledPrefetch,tiled64} (the
 * model's GPU kernel {@code Convolution.convForward}, then {@code ConvolutionTiled.convForwardTiled} and its candidates); the other rungs are the CPU (PoCL) ladder. The versions run and print
 * in the order {@code --versions} names them; the "vs first" column divides by the first one's time. A version that
 * fails its check is marked "no" and still timed (so one broken rung does not end a scripted GPU run).
 */
public final class ConvForwardLadder {

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
                (s, l) -> Range.of(Index.ceilDiv(s.batch() * s.height() * s.width(), ConvForwardKernels.S_PIXELS) * ConvForwardKernels.T_THREADS,
                        ConvolutionTiled.rowTiles(s.out())),
                List.of(new int[]{ConvForwardKernels.T_THREADS, 1})));
        v.add(new Version("v1", Kernels.ref(ConvForwardKernels::v1),
                (s, l) -> Range.of(Index.roundUp(s.height() * s.width(), l[0]), s.batch() * Index.ceilDiv(s.out(), ConvForwardKernels.K1)),
                List.of(new int[]{16, 1}, new int[]{64, 1})));
        v.add(new Version("v2", Kernels.ref(ConvForwardKernels::v2),
                (s, l) -> Range.of(Index.roundUp(s.height() * s.width(), l[0]), s.batch() * Index.ceilDiv(s.out(), ConvForwardKernels.K1)),
                List.of(new int[]{16, 1})));
        v.add(new Version("v3", Kernels.ref(ConvForwardKernels::v3),
                (s, l) -> Range.of(Index.ceilDiv(s.width(), ConvForwardKernels.PX), s.height(), s.batch() * Index.ceilDiv(s.out(), ConvForwardKernels.K3)),
                List.of(new int[]{1, 8, 1})));
        v.add(new Version("v4", Kernels.ref(ConvForwardKernels::v4),
                (s, l) -> Range.of(Index.ceilDiv(s.width(), ConvForwardKernels.PX), s.height(), s.batch() * Index.ceilDiv(s.out(), ConvForwardKernels.K3)),
                List.of(new int[]{1, 8, 1})));
        v.add(new Version("v5", Kernels.ref(ConvForwardKernels::v5),
                (s, l) -> Range.of(Index.ceilDiv(s.width(), ConvForwardKernels.PX), s.height(), s.batch() * Index.ceilDiv(s.out(), ConvForwardKernels.K3)),
                List.of(new int[]{1, 1, 1}, new int[]{1, 8, 1})));
        v.add(new Version("v6", Kernels.ref(ConvForwardKernels::v6),
                (s, l) -> Range.of(Index.ceilDiv(s.width(), ConvForwardKernels.PX), s.height(), s.batch() * Index.ceilDiv(s.out(), ConvForwardKernels.K3)),
                List.of(new int[]{1, 1, 1}, new int[]{1, 8, 1})));
        // the product kernel (v8) over one work-item per pixel in x: (W, H, N * blocks)
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
                (s, l) -> Range.of(Index.ceilDiv(s.width(), ConvForwardKernels.PX), s.height(), s.batch() * Index.ceilDiv(s.out(), ConvForwardKernels.K7)),
                List.of(new int[]{1, 1, 1})));
        // v8: v7 with 32 output channels per item: the product's CPU kernel (product-tight at local 1,1,1)
        v.add(new Version("v8", Kernels.ref(Convolution::convForwardRowTiles),
                (s, l) -> Range.of(Convolution.pixelTiles(s.width()), s.height(), s.batch() * Convolution.rowTileOutChannelBlocks(s.out())),
                List.of(new int[]{1, 1, 1})));
        return v;
    }

    public static void main(String[] args) throws Exception {
        Locale.setDefault(Locale.ROOT);
        Options options = Options.parse(args, 5, List.of("64", "256", "img64"), Set.of(), Set.of());
        List<Version> versions = Ladder.select(versions(), options.versions(), Version::name);
        Ladder.enableEventTiming();
        try (Device device = Backends.open(options.device(), 0)) {
            System.out.println("device: " + device.info().id() + " " + device.info().name());
            System.out.printf("FMA peak (PeakMeter) at start: %.1f GFLOP/s; each shape re-measures it between its rounds%n",
                    Ladder.measurePeak(device, 3));
            for (String shapeName : options.shapes()) {
                Shape shape = Ladder.shape(SHAPES, shapeName);
                Checks checks = new Checks();
                check(device, versions, shape, checks);
                time(device, versions, shape, options.rounds(), checks);
                if (options.torch()) TorchPeer.run(TorchPeer.FORWARD, shape, options.rounds());
            }
        }
    }

    /** Every version at every local size against the Java reference, on a small shape with the real channels. */
    static void check(Device device, List<Version> versions, Shape timed, Checks checks) {
        Shape s = timed.forCheck();
        SplittableRandom random = new SplittableRandom(System.nanoTime());
        float[] in = Ladder.randoms(random, s.inputCount());
        float[] w = Ladder.randoms(random, s.weightCount());
        float[] b = Ladder.randoms(random, s.out());
        float[] want = new float[s.outputCount()];
        Convolution.convForwardReference(in, w, b, want, s.batch(), s.in(), s.out(), s.height(), s.width(), 1, 0, 0);
        for (Version v : versions) {
            for (int[] local : v.locals()) {
                try (Buffer bi = Ladder.upload(device, in); Buffer bw = Ladder.upload(device, w); Buffer bb = Ladder.upload(device, b);
                     Buffer bo = device.allocateFloats(want.length)) {
                    Object[] arguments = arguments(v, s, bi, bw, bb, bo);
                    device.launch(Kernels.compile(device, v.kernel(), arguments), Ladder.padded(v.launch().range(s, local), local), arguments).await();
                    checks.compare(Ladder.label(v.name(), local), "vs reference, " + s.describe(), want, Ladder.read(device, bo, want.length), 1e-5);
                }
            }
        }
    }

    /** The product kernel's arguments (offsets 0 where the kernel takes them); its shape ints are the JIT constants. */
    static Object[] arguments(Version v, Shape s, Buffer in, Buffer w, Buffer b, Buffer out) {
        Object[] all = {in, w, b, out, s.batch(), s.in(), s.out(), s.height(), s.width(), 1, 0, 0};
        int count = v.kernel().javaMethod().getParameterCount() - 1;
        return Arrays.copyOf(all, count);
    }

    /** Every version at every local size on the full shape, timed by device events (the checks' verdicts in the table). */
    static void time(Device device, List<Version> versions, Shape s, int rounds, Checks checks) {
        SplittableRandom random = new SplittableRandom(42);
        System.out.printf("%nshape %s: %s, %.2f GFLOP per launch%n", s.name(), s.describe(), s.flops() / 1e9);
        try (Buffer bi = Ladder.upload(device, Ladder.randoms(random, s.inputCount()));
             Buffer bw = Ladder.upload(device, Ladder.randoms(random, s.weightCount()));
             Buffer bb = Ladder.upload(device, Ladder.randoms(random, s.out()));
             Buffer bo = device.allocateFloats(s.outputCount())) {
            List<Candidate> candidates = new ArrayList<>();
            for (Version v : versions) {
                Object[] arguments = arguments(v, s, bi, bw, bb, bo);
                var kernel = Kernels.compile(device, v.kernel(), arguments);
                for (int[] local : v.locals()) {
                    Range range = Ladder.padded(v.launch().range(s, local), local);
                    candidates.add(new Candidate(Ladder.label(v.name(), local),
                            () -> {
                                device.launch(kernel, range, arguments).await();
                                return Ladder.read(device, bo, s.outputCount());
                            },
                            () -> Ladder.seconds(device.launch(kernel, range, arguments))));
                }
            }
            Ladder.time(device, candidates, s, rounds, checks, 1e-5);
        }
    }

    private ConvForwardLadder() {
    }
}
