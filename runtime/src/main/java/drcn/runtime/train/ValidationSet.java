package drcn.runtime.train;

import drcn.runtime.backend.Device;
import drcn.runtime.image.Images;
import drcn.runtime.image.Metrics;
import drcn.runtime.image.Plane;
import drcn.runtime.model.Drcn;
import drcn.runtime.model.DrcnConfig;
import drcn.runtime.model.DrcnParameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Validation PSNR on the Y channel of a held-out folder, with pipeline S (modcrop, MATLAB bicubic
 * down/up, uint8 of 255 * output against the HR Y).
 *
 * <p>Whole images ({@code crop = 0}) are scored as the evaluation does, with {@code scale} pixels shaved.
 * A forward pass of a big image on a CPU device takes long, so by default the trainer validates on the
 * centre of each image: a window of {@code crop + 2 * margin} pixels goes through the network and only its
 * centre {@code crop} x {@code crop} is scored (margin = max(scale, 8) shaved), so the zero padding at the
 * window's edge hardly touches the scored pixels. Crop PSNRs are comparable run to run and with the
 * bicubic PSNR of the same pixels (printed beside), not with published whole-image tables.
 *
 * <p>The model is allocated per shape (one forward-only {@link Drcn#forInference} model per distinct window
 * size, batch 1: they live beside the training model for the whole run), kept for the run.
 */
public final class ValidationSet implements AutoCloseable {
    private record Item(String name, int width, int height, float[] input, Plane target8, int shave) {}

    private final List<Item> items = new ArrayList<>();
    private final Map<String, Drcn> models = new LinkedHashMap<>();
    private final double bicubicPsnr;

    public ValidationSet(Path folder, int scale, int crop) {
        this(Images.imageFiles(folder), scale, crop);
    }

    /** The images {@code files} (e.g. the ones a {@link TrainingData} held out of the training patches). */
    public ValidationSet(List<Path> files, int scale, int crop) {
        if (files.isEmpty()) throw new IllegalArgumentException("a validation set needs at least one image");
        double bicubic = 0;
        for (Path file : files) {
            Plane[] yAndInput = PatchSet.yAndInput(PatchSet.read(file), scale);
            Plane hr8 = yAndInput[0].times(255).toUint8(), input = yAndInput[1];
            int shave = scale;
            if (crop > 0) {
                int margin = Math.max(scale, 8), side = crop + 2 * margin;
                if (side <= hr8.width() && side <= hr8.height()) {
                    int x0 = (hr8.width() - side) / 2, y0 = (hr8.height() - side) / 2;
                    hr8 = window(hr8, x0, y0, side, side);
                    input = window(input, x0, y0, side, side);
                    shave = margin;
                }
            }
            Item item = new Item(file.getFileName().toString(), hr8.width(), hr8.height(), input.toFloats(), hr8, shave);
            items.add(item);
            bicubic += score(item, input);
        }
        this.bicubicPsnr = bicubic / items.size();
    }

    /** The mean bicubic PSNR over the same pixels the network is scored on. */
    public double bicubicPsnr() { return bicubicPsnr; }

    public int images() { return items.size(); }

    /** The mean PSNR (dB) of the network with these parameters. */
    public double psnr(Device device, DrcnConfig config, DrcnParameters parameters) {
        double sum = 0;
        for (Item item : items) {
            Drcn model = models.computeIfAbsent(item.width + "x" + item.height,
                    k -> Drcn.forInference(device, config, 1, item.height, item.width));
            model.setParameters(parameters);
            model.forward(item.input);
            sum += score(item, Plane.ofFloats(item.width, item.height, model.output()));
        }
        return sum / items.size();
    }

    private static double score(Item item, Plane predicted01) {
        return Metrics.psnr(predicted01.times(255).toUint8(), item.target8, item.shave);
    }

    private static Plane window(Plane p, int x0, int y0, int w, int h) {
        double[] v = new double[w * h];
        for (int y = 0; y < h; y++) System.arraycopy(p.values(), (y0 + y) * p.width() + x0, v, y * w, w);
        return new Plane(w, h, v);
    }

    @Override
    public void close() {
        for (Drcn m : models.values()) m.close();
        models.clear();
    }
}
