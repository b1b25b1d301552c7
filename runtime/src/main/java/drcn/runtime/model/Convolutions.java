package drcn.runtime.model;

import drcn.kernels.Index;
import drcn.kernels.nn.Convolution;
import drcn.kernels.nn.ConvolutionSingleOutput;
import drcn.kernels.nn.ConvolutionTiled;
import drcn.kernels.nn.Winograd;
import drcn.kernels.nn.WinogradTransforms;
import drcn.kernels.nn.WinogradWeightGradient;
import drcn.runtime.backend.Device;
import drcn.runtime.backend.DeviceInfo;
import drcn.runtime.backend.Range;
import drcn.runtime.config.Settings;

/**
 * The 3x3 convolution's launches on one device (forward, input gradient, weight and bias gradients), and the ONE
 * place that decides which kernels run them ({@link #algorithm}): the model ({@link Drcn}) and the benchmarks
 * (bench's ConvBench) both launch through here, so a benchmark row measures what the product runs. With
 * {@code drcn.convolution=auto} (the default; tornado.properties):
 * <ul>
 * <li>GPUs ({@code device.info().cpu()} false), both channel counts at least {@link #MIN_GEMM_CHANNELS}: the tiled
 *     implicit GEMMs of {@link ConvolutionTiled} (64 x 128 output tiles staged through local memory, 8 x 8 register
 *     blocks; the weight gradient split over pixels into partials, then an ordered reduce);
 * <li>CPUs, both channel counts at least {@link #MIN_GEMM_CHANNELS}: the Winograd F(4x4, 3x3) chain of
 *     {@link Winograd} (weight transform, then per chunk of tiles: input transform, then the 36 matrix products and
 *     the output transform in one kernel), about 4x fewer multiplies, for the forward, the input gradient and (with the transposed chain of the
 *     same GEMM kernel, summing over tiles) the weight gradient;
 * <li>other convolutions (DRCN's embed1 with Cin = 1 and recon2 with Cout = 1, where a matrix product over 1
 *     channel would waste its blocks) and {@code drcn.convolution=direct}: {@link Convolution}'s direct kernels, one
 *     pixel per work-item on GPUs, explicit 16-pixel SIMD lanes ({@code *RowTiles}) on CPUs; a forward with ONE
 *     output channel on CPUs runs {@link ConvolutionSingleOutput} (4 rows of 16 pixels per work-item in 16-lane
 *     vectors: the row tiles would stage 144 masked scalars per input channel for 144 FMAs).
 * </ul>
 * {@code winograd} or {@code tiled} force that family on any device (to compare them). Kernels are compiled once per
 * specialization (shape ints as JIT constants; offsets and chunk positions stay runtime ints). Scratch buffers
 * (Winograd's U, V, M; the tiled weight gradient's partials) are allocated on first need and grown when a bigger
 * launch comes; Winograd runs chunks of {@link #CHUNK_TILES} or {@link #CHUNK_TILES_NARROW} tiles (ladders may bound V by a budget of floats instead). Not thread-safe.
 *
 * <p>The launches go where {@link Launches} says: tasks of the model's task graphs (arrays are {@code FloatArray}s), or
 * a device now (arrays are {@code Buffer}s: {@link #Convolutions(Device)}, for benchmarks and ladders). Every array
 * parameter below is one or the other accordingly.
 */
public final class Convolutions implements AutoCloseable {

    /** Which kernels run a convolution. */
    public enum Algorithm { GPU_DIRECT, GPU_TILED, CPU_DIRECT, CPU_WINOGRAD }

    /** Smallest input and output channel count that the Winograd chain and the tiled GEMMs take. */
    public static final int MIN_GEMM_CHANNELS = 8;
    /**
     * Tiles per chunk (the product's default) when the chain sums over more than 64 channels; {@link #CHUNK_TILES_NARROW}
     * up to 64. With the fused GEMM + output kernels (ConvBench on PoCL, F = 64 / 256, batch 16 of 41x41): chunks of
     * 448 tiles 5.83-5.91 / 94-96 ms, of 224 tiles 6.36 / 88.2 ms: fewer, longer launches pay at 64 channels, while
     * at 256 the 448-tile V (16.5 MB) no longer stays near the cores while the eight row blocks read it.
     */
    public static final int CHUNK_TILES = 224;
    /** Tiles per chunk when the chain sums over at most 64 channels (see {@link #CHUNK_TILES}). */
    public static final int CHUNK_TILES_NARROW = 448;
    /**
     * Tiles per chunk of the Winograd weight gradient (its GEMMs sum over them: longer sums, fewer launches). Device
     * time of its kernels over 4 training steps (F = 64, D = 16, N = 16 of 41x41, PoCL): 224 tiles ~1430 ms, 448 ~1880
     * (noisy), 896 ~1290-1320, 1792 ~1310.
     */
    public static final int WEIGHT_CHUNK_TILES = 896;

    private final Launches launches;
    private final long chunkBudgetFloats;
    /** The scratch arrays: the Winograd chain's V and M, the tiled weight gradient's partials. */
    private Object v, m, partials;

    /**
     * A Winograd U scratch array and what it holds in the launch unit {@code unit} ({@link Launches#unit}): the
     * transform of {@code weights} (rotated and transposed when {@code backward}), or nothing reusable when
     * {@code weights} is null. DRCN's D recursions convolve with one shared weight array in a row, so one transform
     * serves all D; a pair ({@link #forwardPair}) keeps its second convolution's transform in the second U.
     */
    private static final class TransformedWeights {
        Object u;
        Object weights;
        boolean backward;
        long unit = -1;

        boolean holds(Object weights, boolean backward, long unit) {
            return unit >= 0 && unit == this.unit && this.weights == weights && this.backward == backward;
        }
    }

    /** U of a convolution (and of the weight gradient's transformed gradients); U of a pair's second convolution. */
    private final TransformedWeights firstU = new TransformedWeights(), secondU = new TransformedWeights();

    /** Launching on {@code device} now, arrays being Buffers, with chunks of {@link #CHUNK_TILES} tiles. */
    public Convolutions(Device device) {
        this(device, 0);
    }

    /**
     * Launching on {@code device} now, with V and M bounded by {@code chunkBudgetFloats} floats each (rounded to whole
     * blocks of 16 tiles; for ladders); 0: chunks of {@link #CHUNK_TILES} tiles (the product).
     */
    public Convolutions(Device device, long chunkBudgetFloats) {
        this(new Launches.OnDevice(device), chunkBudgetFloats);
    }

    /** Launching through {@code launches} (the model: tasks of its graphs). */
    Convolutions(Launches launches) {
        this(launches, 0);
    }

    private Convolutions(Launches launches, long chunkBudgetFloats) {
        this.launches = launches;
        this.chunkBudgetFloats = chunkBudgetFloats;
    }

    /** The kernels a convolution of {@code inChannels -> outChannels} runs on a device like {@code info}: the one decision. */
    public static Algorithm algorithm(DeviceInfo info, int inChannels, int outChannels) {
        return algorithm(Settings.current().convolution(), info, inChannels, outChannels);
    }

    /** {@link #algorithm(DeviceInfo, int, int)} for a given {@code drcn.convolution} value. */
    static Algorithm algorithm(String choice, DeviceInfo info, int inChannels, int outChannels) {
        Algorithm direct = info.cpu() ? Algorithm.CPU_DIRECT : Algorithm.GPU_DIRECT;
        if (inChannels < MIN_GEMM_CHANNELS || outChannels < MIN_GEMM_CHANNELS) return direct;
        return switch (choice) {
            case "direct" -> direct;
            case "winograd" -> Algorithm.CPU_WINOGRAD;
            case "tiled" -> Algorithm.GPU_TILED;
            default -> info.cpu() ? Algorithm.CPU_WINOGRAD : Algorithm.GPU_TILED;
        };
    }

    /** {@code out[outOffset..] = act(conv(in[inOffset..], weights) + bias)}, act = ReLU when {@code relu}. */
    public void forward(Object in, int inOffset, Object weights, Object bias, Object out, int outOffset,
                        int batch, int inChannels, int outChannels, int height, int width, boolean relu) {
        forward(algorithm(launches.info(), inChannels, outChannels), in, inOffset, weights, bias, out, outOffset,
                batch, inChannels, outChannels, height, width, relu);
    }

    /** {@link #forward} by the given algorithm (for ladders that compare them; the product lets {@link #algorithm} choose). */
    public void forward(Algorithm algorithm, Object in, int inOffset, Object weights, Object bias, Object out, int outOffset,
                        int batch, int inChannels, int outChannels, int height, int width, boolean relu) {
        int r = relu ? 1 : 0;
        switch (algorithm) {
            case GPU_DIRECT -> launches.launch(Convolution::convForward,
                    Range.of(width, height, batch * Convolution.outChannelBlocks(outChannels)),
                    in, weights, bias, out, batch, inChannels, outChannels, height, width, r, inOffset, outOffset);
            case GPU_TILED -> launches.launch(ConvolutionTiled::convForwardTiled,
                    Range.of(ConvolutionTiled.pixelTileItems(batch, height, width), ConvolutionTiled.rowTiles(outChannels))
                            .withLocal(ConvolutionTiled.THREADS, 1),
                    in, weights, bias, out, batch, inChannels, outChannels, height, width, r, inOffset, outOffset);
            case CPU_DIRECT -> {
                if (outChannels == 1) {
                    launches.launch(ConvolutionSingleOutput::convForwardSingleOutput,
                            Range.of(Convolution.pixelTiles(width), ConvolutionSingleOutput.rowBlocks(height), batch),
                            in, weights, bias, out, batch, inChannels, height, width, r, inOffset, outOffset);
                } else {
                    launches.launch(Convolution::convForwardRowTiles,
                            Range.of(Convolution.pixelTiles(width), height, batch * Convolution.rowTileOutChannelBlocks(outChannels)),
                            in, weights, bias, out, batch, inChannels, outChannels, height, width, r, inOffset, outOffset);
                }
            }
            case CPU_WINOGRAD -> winograd(in, inOffset, weights, bias, out, outOffset, batch, inChannels, outChannels, height, width,
                    false, r);
        }
    }

    /**
     * {@code dIn[dInOffset..] (=|+=) conv^T(dOut[dOutOffset..], weights)}, the input gradient ({@code +=} when
     * {@code accumulate}).
     */
    public void backwardInput(Object dOut, int dOutOffset, Object weights, Object dIn, int dInOffset,
                              int batch, int inChannels, int outChannels, int height, int width, boolean accumulate) {
        backwardInput(algorithm(launches.info(), inChannels, outChannels), dOut, dOutOffset, weights, dIn, dInOffset,
                batch, inChannels, outChannels, height, width, accumulate);
    }

    /** {@link #backwardInput} by the given algorithm (for ladders that compare them). */
    public void backwardInput(Algorithm algorithm, Object dOut, int dOutOffset, Object weights, Object dIn, int dInOffset,
                              int batch, int inChannels, int outChannels, int height, int width, boolean accumulate) {
        int a = accumulate ? 1 : 0;
        switch (algorithm) {
            case GPU_DIRECT -> launches.launch(Convolution::convBackwardInput,
                    Range.of(width, height, batch * Convolution.inChannelBlocks(inChannels)),
                    dOut, weights, dIn, batch, inChannels, outChannels, height, width, a, dOutOffset, dInOffset);
            case GPU_TILED -> launches.launch(ConvolutionTiled::convBackwardInputTiled,
                    Range.of(ConvolutionTiled.pixelTileItems(batch, height, width), ConvolutionTiled.rowTiles(inChannels))
                            .withLocal(ConvolutionTiled.THREADS, 1),
                    dOut, weights, dIn, batch, inChannels, outChannels, height, width, a, dOutOffset, dInOffset);
            case CPU_DIRECT -> launches.launch(Convolution::convBackwardInputRowTiles,
                    Range.of(Convolution.pixelTiles(width), height, batch * Convolution.rowTileInChannelBlocks(inChannels)),
                    dOut, weights, dIn, batch, inChannels, outChannels, height, width, a, dOutOffset, dInOffset);
            case CPU_WINOGRAD -> winograd(dOut, dOutOffset, weights, null, dIn, dInOffset, batch, inChannels, outChannels, height, width,
                    true, a);
        }
    }

    /**
     * {@code dWeights += sum over the batch of dOut (x) in}: the weight gradient, accumulated (with batch = D * N over
     * contiguous states, one call sums all D uses of a shared layer).
     */
    public void backwardWeights(Object dOut, int dOutOffset, Object in, int inOffset, Object dWeights,
                                int batch, int inChannels, int outChannels, int height, int width) {
        backwardWeights(algorithm(launches.info(), inChannels, outChannels), dOut, dOutOffset, in, inOffset, dWeights,
                batch, inChannels, outChannels, height, width);
    }

    /** {@link #backwardWeights} by the given algorithm. */
    public void backwardWeights(Algorithm algorithm, Object dOut, int dOutOffset, Object in, int inOffset, Object dWeights,
                                int batch, int inChannels, int outChannels, int height, int width) {
        switch (algorithm) {
            // a work-group per (co, ci) pair: its items stride over the pixels, then a tree reduction
            case GPU_DIRECT -> launches.launch(Convolution::convBackwardWeights,
                    Range.of(outChannels * inChannels * Convolution.GROUP_SIZE).withLocal(Convolution.GROUP_SIZE),
                    dOut, in, dWeights, batch, inChannels, outChannels, height, width, dOutOffset, inOffset);
            case GPU_TILED -> tiledWeights(dOut, dOutOffset, in, inOffset, dWeights, batch, inChannels, outChannels, height, width);
            case CPU_WINOGRAD -> winogradWeights(dOut, dOutOffset, in, inOffset, dWeights, batch, inChannels, outChannels, height, width);
            // one work-item per (8 input channels, 8 output channels) over all pixels
            case CPU_DIRECT -> launches.launch(Convolution::convBackwardWeightsRowTiles,
                    Range.of(Convolution.weightInChannelBlocks(inChannels), Convolution.outChannelBlocks(outChannels)).withLocal(1, 1),
                    dOut, in, dWeights, batch, inChannels, outChannels, height, width, dOutOffset, inOffset);
        }
    }

    /**
     * The tiled weight gradient: the pixels split over {@code S} groups of work-groups (S from
     * {@link ConvolutionTiled#weightSplits}, aiming at 4 work-groups per compute unit), each writing its partial
     * sums into {@code partials[S][Cout * Cin * 9]}, then one ordered sum over S added to dWeights (deterministic).
     */
    private void tiledWeights(Object dOut, int dOutOffset, Object in, int inOffset, Object dWeights,
                              int batch, int inChannels, int outChannels, int height, int width) {
        int splits = ConvolutionTiled.weightSplits(batch, inChannels, outChannels, height, width, 4 * launches.info().computeUnits());
        int count = outChannels * inChannels * ConvolutionTiled.TAPS;
        partials = atLeast(partials, (long) splits * count);
        launches.launch(ConvolutionTiled::convBackwardWeightsTiled,
                Range.of(ConvolutionTiled.weightInTileItems(inChannels), ConvolutionTiled.weightOutTiles(outChannels), splits)
                        .withLocal(ConvolutionTiled.WEIGHT_THREADS, 1, 1),
                dOut, in, partials, batch, inChannels, outChannels, height, width, splits, dOutOffset, inOffset);
        int items = Index.roundUp(count, ConvolutionTiled.REDUCE_THREADS);
        launches.launch(ConvolutionTiled::convBackwardWeightsTiledReduce,
                Range.of(items).withLocal(ConvolutionTiled.REDUCE_THREADS), partials, dWeights, splits, count);
    }

    /** {@code dBias += sum over the batch and pixels of dOut}, per output channel. */
    public void backwardBias(Object dOut, int dOutOffset, Object dBias, int batch, int outChannels, int height, int width) {
        if (launches.info().cpu()) {
            // one work-item per channel streaming its planes into 16 lane sums
            launches.launch(Convolution::convBackwardBiasRowTiles,
                    Range.of(outChannels).withLocal(1), dOut, dBias, batch, outChannels, height, width, dOutOffset);
        } else {
            // a work-group per channel with a tree reduction
            launches.launch(Convolution::convBackwardBias,
                    Range.of(outChannels * Convolution.GROUP_SIZE).withLocal(Convolution.GROUP_SIZE),
                    dOut, dBias, batch, outChannels, height, width, dOutOffset);
        }
    }

    /**
     * The Winograd chain. Forward: rows = Cout, reduced over Cin, the output transform adds the bias and applies
     * ReLU when {@code flag != 0}. Input gradient ({@code backward}): rows = Cin, reduced over Cout, U from the
     * rotated, transposed weights, the output transform accumulates when {@code flag != 0}.
     */
    private void winograd(Object source, int sourceOffset, Object weights, Object bias, Object target, int targetOffset,
                          int batch, int inChannels, int outChannels, int height, int width, boolean backward, int flag) {
        int rows = backward ? inChannels : outChannels;
        Object u = transformedWeights(weights, inChannels, outChannels, backward);
        winogradChunks(source, sourceOffset, batch, backward ? outChannels : inChannels, rows, height, width, (first, chunk, reducePadded, blocks) -> {
            if (backward) {
                launches.launch(Winograd::multiplyOutputGradient, blocks,
                        u, v, target, rows, reducePadded, chunk, batch, height, width, flag, targetOffset, first);
            } else {
                launches.launch(Winograd::multiplyOutput, blocks,
                        u, v, bias, target, rows, reducePadded, chunk, batch, height, width, flag, targetOffset, first);
            }
        });
    }

    /** The launches of one chunk's GEMMs, after its input transform into {@link #v}. */
    private interface ChunkGemms {
        void launch(int firstTile, int chunkTiles, int reducePadded, Range blocks);
    }

    /**
     * The Winograd chain's chunks over {@code source}'s tiles: per chunk the input transform into V, then {@code gemms}
     * (the GEMMs and the output transform are one kernel, multiplyOutput / multiplyOutputGradient). One compiled kernel
     * serves every chunk: only the chunk's first tile changes, a runtime argument.
     */
    private void winogradChunks(Object source, int sourceOffset, int batch, int reduce, int rows, int height, int width, ChunkGemms gemms) {
        int reducePadded = Winograd.reducePadded(reduce);
        int tiles = WinogradTransforms.tiles(batch, height, width);
        int chunk = chunkTiles(tiles, rows, reducePadded);
        v = atLeast(v, Winograd.transformedInputSize(reduce, chunk));
        Range blocks = Range.of(Winograd.rowBlocks(rows), Winograd.tileBlocks(chunk));
        for (int first = 0; first < tiles; first += chunk) {
            launches.launch(Winograd::inputTransform, Range.of(chunk / WinogradTransforms.LANES, reducePadded),
                    source, v, batch, reduce, height, width, sourceOffset, first, chunk);
            gemms.launch(first, chunk, reducePadded, blocks);
        }
    }

    /**
     * U for {@code weights}: the U that holds their transform in this launch unit, else {@link #firstU} after a
     * weight transform into it.
     */
    private Object transformedWeights(Object weights, int inChannels, int outChannels, boolean backward) {
        long unit = launches.unit();
        if (secondU.holds(weights, backward, unit)) return secondU.u;
        return transformInto(firstU, weights, inChannels, outChannels, backward, unit);
    }

    private Object transformInto(TransformedWeights into, Object weights, int inChannels, int outChannels, boolean backward, long unit) {
        int rows = backward ? inChannels : outChannels;
        int reduce = backward ? outChannels : inChannels;
        Object held = into.u;
        into.u = atLeast(into.u, Winograd.transformedWeightsSize(rows, reduce));
        if (!(into.u == held && into.holds(weights, backward, unit))) {
            launches.launch(Winograd::weightTransform, Range.of(rows * Winograd.reducePadded(reduce) / Winograd.REDUCE_STEP),
                    weights, into.u, inChannels, outChannels, backward ? 1 : 0);
            into.weights = weights;
            into.backward = backward;
            into.unit = unit;
        }
        return into.u;
    }

    /**
     * Whether {@link #forwardPair} of {@code inChannels -> outChannels} shares one input transform between its two
     * convolutions on this device (the Winograd chain); elsewhere it is two {@link #forward}s.
     */
    public boolean pairSharesInput(int inChannels, int outChannels) {
        return algorithm(launches.info(), inChannels, outChannels) == Algorithm.CPU_WINOGRAD;
    }

    /**
     * Two convolutions of one input: {@code outA[outAOffset..] = act(conv(in[inOffset..], weightsA) + biasA)} and
     * {@code outB[outBOffset..] = act(conv(in, weightsB) + biasB)}, each exactly as {@link #forward} computes it. With
     * the Winograd chain each chunk of the input is transformed once and read by both convolutions' GEMMs.
     */
    public void forwardPair(Object in, int inOffset, Object weightsA, Object biasA, Object outA, int outAOffset,
                            Object weightsB, Object biasB, Object outB, int outBOffset,
                            int batch, int inChannels, int outChannels, int height, int width, boolean relu) {
        if (!pairSharesInput(inChannels, outChannels)) {
            forward(in, inOffset, weightsA, biasA, outA, outAOffset, batch, inChannels, outChannels, height, width, relu);
            forward(in, inOffset, weightsB, biasB, outB, outBOffset, batch, inChannels, outChannels, height, width, relu);
            return;
        }
        long unit = launches.unit();
        Object uA = transformInto(firstU, weightsA, inChannels, outChannels, false, unit);
        Object uB = transformInto(secondU, weightsB, inChannels, outChannels, false, unit);
        int r = relu ? 1 : 0;
        winogradChunks(in, inOffset, batch, inChannels, outChannels, height, width, (first, chunk, reducePadded, blocks) -> {
            // two launches, not one kernel over both: a kernel calling the fused body twice ran 15-20% slower per
            // output on PoCL (bench --profile, F = 64, 64x64)
            launches.launch(Winograd::multiplyOutput, blocks,
                    uA, v, biasA, outA, outChannels, reducePadded, chunk, batch, height, width, r, outAOffset, first);
            launches.launch(Winograd::multiplyOutput, blocks,
                    uB, v, biasB, outB, outChannels, reducePadded, chunk, batch, height, width, r, outBOffset, first);
        });
    }

    /**
     * The Winograd weight gradient, chunk by chunk: {@code Vt} (the input's blocks transformed, channels innermost),
     * {@code Yt} (dOut's 4x4 blocks by {@code A e A^T}), the 36 products {@code M[p] = Yt[p] Vt[p]} summed over the
     * chunk's tiles (the forward's {@code multiply} with rows = Cout, reduced over tiles, columns = Cin), then
     * {@code dWeights += G^T M G}.
     */
    private void winogradWeights(Object dOut, int dOutOffset, Object in, int inOffset, Object dWeights,
                                 int batch, int inChannels, int outChannels, int height, int width) {
        int tiles = WinogradTransforms.tiles(batch, height, width);
        int chunk = balanced(tiles, WEIGHT_CHUNK_TILES);
        int cp = WinogradWeightGradient.channelsPadded(inChannels);
        v = atLeast(v, WinogradWeightGradient.transposedInputSize(inChannels, chunk));
        firstU.u = atLeast(firstU.u, WinogradWeightGradient.transformedGradientSize(outChannels, chunk));
        firstU.weights = null; // U now holds transformed gradients
        Object u = firstU.u;
        m = atLeast(m, WinogradWeightGradient.weightProductSize(inChannels, outChannels));
        // one compiled kernel per step serves every chunk (the first tile is a runtime argument)
        for (int first = 0; first < tiles; first += chunk) {
            launches.launch(WinogradWeightGradient::inputTransformTransposed, Range.of(chunk, cp / WinogradTransforms.LANES),
                    in, v, batch, inChannels, height, width, inOffset, first, chunk);
            launches.launch(WinogradWeightGradient::gradientTransform, Range.of(chunk / WinogradTransforms.LANES, outChannels),
                    dOut, u, batch, outChannels, height, width, dOutOffset, first, chunk);
            launches.launch(Winograd::multiply, Range.of(Winograd.rowBlocks(outChannels), Winograd.tileBlocks(cp), WinogradTransforms.POSITIONS),
                    u, v, m, outChannels, chunk, cp);
            launches.launch(WinogradWeightGradient::weightGradientTransform, Range.of(outChannels * inChannels), m, dWeights, inChannels, outChannels);
        }
    }

    /** Tiles per chunk: {@link #balanced} chunks of about {@link #CHUNK_TILES} ({@link #CHUNK_TILES_NARROW} for up to 64 channels), or (with a budget) all the batch's (rounded up to 16) when V and M fit it, else the most that fit, at least 16. */
    int chunkTiles(int tiles, int rows, int reducePadded) {
        long perTile = (long) WinogradTransforms.POSITIONS * Math.max(rows, reducePadded);
        if (chunkBudgetFloats <= 0) return balanced(tiles, reducePadded <= 64 ? CHUNK_TILES_NARROW : CHUNK_TILES);
        long fit = Math.max(WinogradTransforms.LANES, chunkBudgetFloats / perTile / WinogradTransforms.LANES * WinogradTransforms.LANES);
        long all = Index.roundUp(tiles, WinogradTransforms.LANES);
        return (int) Math.min(all, fit);
    }

    /**
     * Chunks of about {@code target} tiles, as equal as multiples of 16 allow: {@code ceil(tiles / target)} chunks of
     * {@code ceil(tiles / chunks)} rounded up to 16 (the last chunk is not mostly padding: at 1936 tiles and a target
     * of 896, 3 chunks of 656 instead of 896 + 896 + 144, whose GEMM summed over 752 zero tiles).
     */
    static int balanced(int tiles, int target) {
        int chunks = Math.max(1, Index.ceilDiv(tiles, target));
        return Index.roundUp(Index.ceilDiv(tiles, chunks), WinogradTransforms.LANES);
    }

    private Object atLeast(Object array, long floats) {
        return launches.scratch(array, floats);
    }

    /** Bytes of memory the scratch arrays hold. */
    public long scratchBytes() {
        return launches.scratchBytes();
    }

    /** Frees the scratch buffers of a device's launches (the device stays open); a graph's are its plan's. */
    @Override
    public void close() {
        if (launches instanceof Launches.OnDevice d) d.close();
        v = m = partials = firstU.u = secondU.u = null;
        firstU.weights = secondU.weights = null;
    }
}
