package drcn.runtime.cli;

import drcn.runtime.UserException;
import drcn.runtime.backend.Device;
import drcn.runtime.eval.AtomicOutput;
import drcn.runtime.eval.ModelFiles;
import drcn.runtime.eval.SuperResolution;
import drcn.runtime.eval.Upscaler;
import drcn.runtime.image.Image8;
import drcn.runtime.image.Images;
import drcn.runtime.model.DrcnParameters;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** {@code drcn upscale}: one image, bicubic-upscaled, its Y refined by DRCN. */
@Command(name = "upscale", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Upscale an image by S: bicubic first, then DRCN refines the Y channel (Cb/Cr stay bicubic); "
                + "gray images stay gray. Large images run in overlapping tiles (no seams: the untiled result to float rounding).")
public final class UpscaleCommand implements Runnable {

    @Parameters(index = "0", paramLabel = "IN", description = "The low-resolution image (PNG, BMP, JPEG).")
    Path input;

    @Parameters(index = "1", paramLabel = "OUT", description = "The result (.png or .bmp), written only when complete.")
    Path output;

    @Option(names = "--scale", required = true, paramLabel = "S", description = "Upscaling factor (2 or more); the model must be trained for it.")
    int scale;

    @Option(names = "--model", paramLabel = "FILE", description = "DRCN model file (default: the bundled data/models/drcn_x<S>.safetensors).")
    Path model;

    @Option(names = "--compare", paramLabel = "FILE", description = "Also write bicubic | DRCN side by side to FILE (.png).")
    Path compare;

    @Option(names = "--tile", paramLabel = "N", defaultValue = "" + Upscaler.DEFAULT_TILE,
            description = "Tile size in output pixels (tiles overlap by the receptive field, so the result matches the untiled one to float rounding); 0: whole image (default: ${DEFAULT-VALUE}).")
    int tile;

    @Option(names = "--max-pixels", paramLabel = "N", defaultValue = "64000000",
            description = "Refuse inputs or results of more pixels (default: ${DEFAULT-VALUE}).")
    long maxPixels;

    @Mixin
    DeviceOptions deviceOptions;

    @Override
    public void run() {
        // Every check a user can fail comes before the device is opened and long before anything is written.
        if (scale < 2) throw new UserException("The scale must be 2 or more, not " + scale + ".");
        if (tile < 0) throw new UserException("The tile size must be 0 (whole image) or positive, not " + tile + ".");
        AtomicOutput.checkWritable(output, "output image", false);
        if (compare != null) AtomicOutput.checkWritable(compare, "comparison image", true);
        Image8 lr = Images.read(input, maxPixels);
        long resultPixels = (long) lr.width() * scale * lr.height() * scale;
        if (resultPixels > maxPixels) {
            throw new UserException("Upscaling " + input + " (" + lr.width() + "x" + lr.height() + ") by " + scale + " gives "
                    + resultPixels + " pixels, over the limit of " + maxPixels + " (--max-pixels).");
        }
        Path modelFile = model != null ? model : ModelFiles.bundled(scale, false);
        DrcnParameters parameters = ModelFiles.load(modelFile, scale);

        long start = System.nanoTime();
        SuperResolution.Planes bicubic = SuperResolution.bicubic(lr, scale);
        Image8 result;
        int windows;
        try (Device device = deviceOptions.open(); Upscaler upscaler = new Upscaler(device, parameters, tile)) {
            result = bicubic.toImage(SuperResolution.refine(bicubic.y(), upscaler));
            windows = upscaler.windows();
        }
        Map<Path, Image8> files = new LinkedHashMap<>();
        files.put(output, result);
        if (compare != null) files.put(compare, SuperResolution.sideBySide(bicubic.bicubicImage(), result));
        AtomicOutput.write(files);
        System.out.printf(Locale.ROOT, "Wrote %s (%dx%d%s, x%d, %s, %d tile%s) in %.1f s.%n", output, result.width(), result.height(),
                result.isGray() ? " gray" : "", scale, parameters.config(), windows, windows == 1 ? "" : "s",
                (System.nanoTime() - start) / 1e9);
    }
}
