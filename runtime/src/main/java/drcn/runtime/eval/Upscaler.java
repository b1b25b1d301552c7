package drcn.runtime.eval;

import drcn.kernels.Index;
import drcn.runtime.UserException;

import drcn.runtime.backend.Device;
import drcn.runtime.model.Drcn;
import drcn.runtime.model.DrcnConfig;
import drcn.runtime.model.DrcnParameters;

import java.util.ArrayList;
import java.util.List;

/**
 * DRCN inference on a whole Y plane of any size, in overlapping tiles so that device memory stays
 * bounded (a {@link Drcn} holds several hidden states of F maps each for its whole input). The model is a
 * {@link Drcn#forInference} one: forward only, three states for windows too large to batch the
 * reconstruction over all D of them (see Drcn).
 *
 * <p>Why tiling is exact: every layer is a 3x3 conv with zero padding, and DRCN chains 2 (embedding)
 * + D (inference) + 2 (reconstruction) of them; the skip connection and the ensemble are per pixel.
 * An output pixel therefore depends only on the input within {@code D + 4} pixels of it. Each tile's
 * window reaches {@link #margin()} pixels beyond the tile's interior on every side where the image
 * goes on, and stops exactly at the true image border elsewhere, so the zero padding a window sees is
 * the padding the whole image would see. The interior of the window is then the same as the untiled
 * result (up to the device's float summation order, which does not depend on the image size).
 *
 * <p>All windows of one image have the same size (edge windows are shifted inwards rather than
 * shrunk), so they run as the images of a batch: as many windows per forward pass as
 * {@link #BATCH_BUDGET_BYTES} holds, so the launches of a pass are made once per batch, not once per window
 * (on a GPU 3D + 4 a pass: 36 windows of a 512x512 image x3 in tiles of 256 at F = 64 take 3 passes, 156
 * launches instead of 1872; on a CPU the Winograd convolutions launch per chunk of pixels whatever the batch,
 * and PoCL measured the batch of 12 4-20 % faster in wall time, bench/RESULTS.md). The batch is the same size for every pass of an image, ceil(windows / passes) with
 * passes = ceil(windows / most), the last one padded with zero windows whose results are dropped. Each pixel
 * is computed in the same order whatever the batch (the batch only sets how many pixels a launch covers), so
 * the result is the unbatched one bit for bit. One {@link Drcn} serves a whole image; it is rebuilt only when
 * the window shape or the batch changes.
 */
public final class Upscaler implements AutoCloseable {
    /**
     * Default tile interior, in output pixels. Its window (296 x 296 with the D=16 margin of 20) takes about
     * 280 MiB of device memory in the inference model at the paper's F=256 (91 MiB measured with
     * {@link Drcn#deviceBytes()} for a 168 x 168 window, scaled by area), a quarter of that at the bundled F=64.
     * Larger tiles recompute less of the overlap: Set14's baboon x3 (1500 x 1440) with the bundled model on
     * PoCL took 38.5 s in tiles of 128, 31.8 s in tiles of 256, 30.5 s in tiles of 512.
     */
    public static final int DEFAULT_TILE = 256;

    /**
     * The smallest tile interior accepted. A tile of N output pixels runs a window of (N + 2 margin)^2
     * pixels: at N = 1 and the paper's margin of 20, 1681 times the work of its interior (149 s instead
     * of 1.7 s untiled for a small image).
     */
    public static final int MIN_TILE = 8;

    /**
     * Device memory the windows of one forward pass may take: the batch is the number of windows whose
     * activations fit, at most a quarter of the device's memory. The per-state schedule of {@link Drcn#forInference}
     * keeps (3F + D + 2) maps per window (two state slots and recon1's F maps each; the D predictions, the input
     * and the output one each): at F = 64, D = 16 a 296 x 296 window takes 74 MB, so 14 fit; at F = 256, 3.
     */
    public static final long BATCH_BUDGET_BYTES = 1L << 30;

    /** Refuses a tile size below {@link #MIN_TILE} (0, the whole image, is fine). */
    public static void checkTile(int tile) {
        if (tile != 0 && tile < MIN_TILE) {
            throw new UserException("--tile must be 0 (whole images) or at least " + MIN_TILE + " pixels, not " + tile
                    + ": each tile recomputes a margin of D + 4 pixels around it, so tiny tiles are very slow.");
        }
    }

    /**
     * A warning when tiles of {@code tile} pixels do more than 4 times the work of their interior, that is when
     * (tile + 2 margin)^2 > 4 tile^2, i.e. tile < 2 margin; else null.
     */
    public String tileWarning() {
        int m = margin();
        if (tile == 0 || tile >= 2 * m) return null;
        double work = Math.pow((tile + 2.0 * m) / tile, 2);
        return String.format(java.util.Locale.ROOT, "tiles of %d pixels with this model's margin of %d compute %.1f times the pixels "
                + "they keep; --tile %d or more (or 0, whole images) is faster.", tile, m, work, 2 * m);
    }

    private final Device device;
    private final DrcnParameters parameters;
    private final int tile;
    /** The most windows per forward pass; 0: as many as {@link #BATCH_BUDGET_BYTES} allows. */
    private final int maxBatch;
    /** The model for the last window shape and batch (null before the first image). */
    private Drcn model;
    private int windows, passes;

    /**
     * The ensemble output and (when asked for) the D recursion outputs of one plane, each row-major
     * {@code width x height}; {@code predictions} is empty when they were not asked for.
     */
    public record Result(int width, int height, float[] output, float[][] predictions) {}

    /**
     * @param tile the interior of a tile in pixels; 0 runs every image whole
     */
    public Upscaler(Device device, DrcnParameters parameters, int tile) {
        this(device, parameters, tile, 0);
    }

    /**
     * @param tile     the interior of a tile in pixels; 0 runs every image whole
     * @param maxBatch the most windows per forward pass (1: one at a time); 0: as many as fit {@link #BATCH_BUDGET_BYTES}
     */
    public Upscaler(Device device, DrcnParameters parameters, int tile, int maxBatch) {
        checkTile(tile);
        if (maxBatch < 0) throw new IllegalArgumentException("the batch of windows must be 0 (from the memory budget) or more, not " + maxBatch);
        this.maxBatch = maxBatch;
        if (parameters.config().channels() != 1) {
            throw new IllegalArgumentException("the upscaler runs Y-only models, not " + parameters.config());
        }
        this.device = device;
        this.parameters = parameters;
        this.tile = tile;
    }

    public DrcnConfig config() { return parameters.config(); }

    /** Receptive-field radius of the network: D + 4 chained 3x3 convs. */
    public int margin() { return parameters.config().recursions() + 4; }

    /** Windows run so far (for logs and tests). */
    public int windows() { return windows; }

    /** Forward passes run so far: each runs a batch of windows. */
    public int passes() { return passes; }

    /**
     * The windows per forward pass for {@code count} windows of {@code height x width}: ceil(count / passes) with
     * passes = ceil(count / most), where most is {@code maxBatch}, or by default {@link #windowsInBudget}.
     */
    int batchFor(int count, int height, int width) {
        int most = maxBatch > 0 ? maxBatch : windowsInBudget(parameters.config(), height, width, device.info().memoryBytes());
        return Index.ceilDiv(count, Index.ceilDiv(count, most));
    }

    /**
     * How many windows of {@code height x width} the activations of one pass may hold: (3F + D + 2) maps of
     * floats each, within {@link #BATCH_BUDGET_BYTES} and a quarter of {@code deviceBytes}; at least 1.
     */
    static int windowsInBudget(DrcnConfig c, int height, int width, long deviceBytes) {
        long perWindow = (3L * c.filters() + c.recursions() + 2) * height * width * Float.BYTES;
        long budget = Math.min(BATCH_BUDGET_BYTES, deviceBytes / 4);
        return (int) Math.clamp(budget / perWindow, 1, Integer.MAX_VALUE);
    }

    /**
     * Runs DRCN on {@code input}, the bicubic-upscaled Y plane ({@code width x height}, row-major,
     * values in about [0,1]). The outputs are not clamped.
     */
    public Result run(float[] input, int width, int height) {
        return run(input, width, height, true);
    }

    /**
     * As {@link #run(float[], int, int)}; {@code withPredictions} false skips the D recursion outputs
     * (D full-size planes: 4 GB of heap for a 64 Mpixel result at D = 16), which only evaluation needs.
     */
    public Result run(float[] input, int width, int height, boolean withPredictions) {
        if (input.length != width * height) {
            throw new IllegalArgumentException("input holds " + input.length + " values, not " + width + "x" + height);
        }
        int depth = parameters.config().recursions();
        float[] output = new float[width * height];
        float[][] predictions = new float[withPredictions ? depth : 0][width * height];
        List<Span> columns = spans(width), rows = spans(height);
        int windowWidth = columns.getFirst().windowLength(), windowHeight = rows.getFirst().windowLength();
        List<Span[]> tiles = new ArrayList<>();
        for (Span r : rows) {
            for (Span c : columns) tiles.add(new Span[] {r, c});
        }
        int batch = batchFor(tiles.size(), windowHeight, windowWidth);
        Drcn drcn = modelFor(batch, windowHeight, windowWidth);
        int area = windowWidth * windowHeight;
        // [batch][1][windowHeight][windowWidth]; a last pass with fewer windows leaves zeros in the rest
        float[] batchInput = new float[batch * area];
        for (int first = 0; first < tiles.size(); first += batch) {
            int count = Math.min(batch, tiles.size() - first);
            if (count < batch) java.util.Arrays.fill(batchInput, count * area, batch * area, 0f);
            for (int b = 0; b < count; b++) {
                Span r = tiles.get(first + b)[0], c = tiles.get(first + b)[1];
                for (int y = 0; y < windowHeight; y++) {
                    System.arraycopy(input, (r.windowStart + y) * width + c.windowStart, batchInput, b * area + y * windowWidth, windowWidth);
                }
            }
            drcn.forward(batchInput);
            windows += count;
            passes++;
            float[] out = drcn.output();
            float[] all = withPredictions ? drcn.predictions() : null;   // [D][batch][1][H][W]
            for (int b = 0; b < count; b++) {
                Span r = tiles.get(first + b)[0], c = tiles.get(first + b)[1];
                copyInterior(out, b * area, output, r, c, width, windowWidth);
                for (int d = 0; all != null && d < depth; d++) {
                    copyInterior(all, (d * batch + b) * area, predictions[d], r, c, width, windowWidth);
                }
            }
        }
        return new Result(width, height, output, predictions);
    }

    /** Copies the tile interior of a window result (at {@code offset} in {@code from}) into the full plane. */
    private static void copyInterior(float[] from, int offset, float[] to, Span r, Span c, int width, int windowWidth) {
        int w = c.end - c.start;
        for (int y = r.start; y < r.end; y++) {
            System.arraycopy(from, offset + (y - r.windowStart) * windowWidth + (c.start - c.windowStart), to, y * width + c.start, w);
        }
    }

    /** One tile along one axis: interior [start, end), computed in the window [windowStart, windowEnd). */
    record Span(int start, int end, int windowStart, int windowEnd) {
        int windowLength() { return windowEnd - windowStart; }
    }

    /**
     * The tiles along an axis of {@code length} pixels. Window length L = tile + 2 * margin (or the
     * whole axis); interior starts a = 0, tile, 2 tile, ...; window start clamp(a - margin, 0, length - L).
     * Either the window starts at a - margin, or at 0 > a - margin (the true border); likewise it ends
     * at a + tile + margin or at the true border. So every interior pixel has its full receptive field.
     */
    List<Span> spans(int length) {
        int m = margin();
        List<Span> spans = new ArrayList<>();
        if (tile == 0 || length <= tile + 2 * m) {
            spans.add(new Span(0, length, 0, length));
            return spans;
        }
        int windowLength = tile + 2 * m;
        for (int a = 0; a < length; a += tile) {
            int start = Math.clamp(a - m, 0, length - windowLength);
            spans.add(new Span(a, Math.min(a + tile, length), start, start + windowLength));
        }
        return spans;
    }

    private Drcn modelFor(int batch, int height, int width) {
        if (model != null && model.batch() == batch && model.height() == height && model.width() == width) return model;
        if (model != null) model.close();
        model = null;
        Drcn m = Drcn.forInference(device, parameters.config(), batch, height, width);
        try {
            m.setParameters(parameters);
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
        model = m;
        return m;
    }

    /** Frees the model's device buffers (the device stays open: it is the caller's). */
    @Override
    public void close() {
        if (model != null) model.close();
        model = null;
    }
}
