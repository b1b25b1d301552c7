package drcn.runtime.eval;

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
 * shrunk), so one {@link Drcn} serves a whole image; it is rebuilt only when the window shape changes.
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
    /** The model for the last window shape (null before the first image). */
    private Drcn model;
    private int windows;

    /**
     * The ensemble output and (when asked for) the D recursion outputs of one plane, each row-major
     * {@code width x height}; {@code predictions} is empty when they were not asked for.
     */
    public record Result(int width, int height, float[] output, float[][] predictions) {}

    /**
     * @param tile the interior of a tile in pixels; 0 runs every image whole
     */
    public Upscaler(Device device, DrcnParameters parameters, int tile) {
        checkTile(tile);
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
        Drcn drcn = modelFor(windowHeight, windowWidth);
        float[] window = new float[windowWidth * windowHeight];
        for (Span r : rows) {
            for (Span c : columns) {
                for (int y = 0; y < windowHeight; y++) {
                    System.arraycopy(input, (r.windowStart + y) * width + c.windowStart, window, y * windowWidth, windowWidth);
                }
                drcn.forward(window);
                windows++;
                copyInterior(drcn.output(), 0, output, r, c, width, windowWidth);
                if (withPredictions) {
                    float[] all = drcn.predictions();
                    for (int d = 0; d < depth; d++) {
                        copyInterior(all, d * window.length, predictions[d], r, c, width, windowWidth);
                    }
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

    private Drcn modelFor(int height, int width) {
        if (model != null && model.height() == height && model.width() == width) return model;
        if (model != null) model.close();
        model = null;
        Drcn m = Drcn.forInference(device, parameters.config(), 1, height, width);
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
