package drcn.runtime.cli;

import drcn.runtime.UserException;
import drcn.runtime.backend.Device;
import drcn.runtime.eval.AtomicOutput;
import drcn.runtime.eval.ModelFiles;
import drcn.runtime.eval.SuperResolution;
import drcn.runtime.eval.Upscaler;
import drcn.runtime.image.Image8;
import drcn.runtime.image.ImageException;
import drcn.runtime.image.Images;
import drcn.runtime.model.DrcnParameters;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/** {@code drcn upscale}: an image, or every image of a folder, bicubic-upscaled, its Y refined by DRCN. */
@Command(name = "upscale", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Upscale an image by S: bicubic first, then DRCN refines the Y channel (Cb/Cr stay bicubic); "
                + "gray images stay gray. Large images run in overlapping tiles (no seams: the untiled result to float rounding). "
                + "With a folder IN, every image in it goes into the folder OUT (created if missing) under its own name "
                + "(JPEGs as .png), with a progress bar; other files and subfolders are skipped and listed; an image that "
                + "cannot be read is listed and makes the exit code 1; existing results are kept unless --overwrite.")
public final class UpscaleCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "IN", description = "The low-resolution image (PNG, BMP, JPEG), or a folder of them.")
    Path input;

    @Parameters(index = "1", paramLabel = "OUT", description = "The result (.png or .bmp), written only when complete; for a folder IN, the folder of results.")
    Path output;

    @Option(names = "--scale", required = true, paramLabel = "S", description = "Upscaling factor (2 or more); the model must be trained for it.")
    int scale;

    @Mixin
    ModelOption model;

    @Option(names = "--self-ensemble", description = "Geometric self-ensemble: run DRCN on the 8 flips/rotations of the input, turn each "
            + "result back and average (8 times the work; about +0.1 dB).")
    boolean selfEnsemble;

    @Option(names = "--compare", paramLabel = "FILE", description = "Also write bicubic | DRCN side by side to FILE (.png); one image only.")
    Path compare;

    @Option(names = "--overwrite", description = "With a folder IN: replace results that already exist in OUT (default: skip them).")
    boolean overwrite;

    /** --tile, --max-pixels. */
    @Mixin
    ImageOptions imageOptions;

    @Option(names = "--tile-batch", paramLabel = "B", defaultValue = "0",
            description = "Tiles per forward pass, run as one batch (the result is the same bit for bit); 0: as many as 1 GiB "
                    + "of device memory holds (default: ${DEFAULT-VALUE}).")
    int tileBatch;

    @Mixin
    DeviceOptions deviceOptions;

    @Override
    public Integer call() {
        // Every check a user can fail comes before the device is opened and long before anything is written.
        if (scale < 2) throw new UserException("The scale must be 2 or more, not " + scale + ".");
        imageOptions.check();
        if (tileBatch < 0) throw new UserException("--tile-batch must be 0 (as many as fit) or more, not " + tileBatch + ".");
        if (Files.isDirectory(input)) return upscaleFolder();
        upscaleFile();
        return 0;
    }

    // ------------------------------------------------------------------------------ one image

    private void upscaleFile() {
        AtomicOutput.checkWritable(output, "output image", false);
        if (compare != null) AtomicOutput.checkWritable(compare, "comparison image", true);
        if (sameFile(input, output)) throw new UserException("The output image " + output + " is the input itself; give another name.");
        if (compare != null && sameFile(input, compare)) throw new UserException("The comparison image " + compare + " is the input itself; give another name.");
        if (compare != null && sameFile(output, compare)) {
            throw new UserException("The comparison image " + compare + " is the output image itself; give them different names.");
        }
        Image8 lr = Images.read(input, imageOptions.maxPixels);
        checkResultSize(input, lr);
        Path modelFile = model.file(scale, false);
        DrcnParameters parameters = ModelFiles.load(modelFile, scale);

        long start = System.nanoTime();
        SuperResolution.Planes bicubic = SuperResolution.bicubic(lr, scale);
        Image8 result;
        int windows, passes;
        try (Device device = deviceOptions.open(); Upscaler upscaler = new Upscaler(device, parameters, imageOptions.tile, tileBatch)) {
            if (upscaler.tileWarning() != null) System.err.println("drcn: " + upscaler.tileWarning());
            result = bicubic.toImage(SuperResolution.refine(bicubic.y(), upscaler, selfEnsemble));
            windows = upscaler.windows();
            passes = upscaler.passes();
        }
        Map<Path, Image8> files = new LinkedHashMap<>();
        files.put(output, result);
        if (compare != null) files.put(compare, SuperResolution.sideBySide(bicubic.bicubicImage(), result));
        AtomicOutput.write(files);
        System.out.printf(Locale.ROOT, "Wrote %s (%dx%d%s, x%d, %s%s, %d tile%s in %d pass%s) in %.1f s.%n", output, result.width(), result.height(),
                result.isGray() ? " gray" : "", scale, parameters.config(), selfEnsemble ? ", self-ensemble" : "",
                windows, windows == 1 ? "" : "s", passes, passes == 1 ? "" : "es", (System.nanoTime() - start) / 1e9);
    }

    private void checkResultSize(Path file, Image8 lr) {
        long resultPixels = (long) lr.width() * scale * lr.height() * scale;
        if (resultPixels > imageOptions.maxPixels) {
            throw new ImageException("Upscaling " + file + " (" + lr.width() + "x" + lr.height() + ") by " + scale + " gives "
                    + resultPixels + " pixels, over the limit of " + imageOptions.maxPixels + " (--max-pixels).");
        }
    }

    // --------------------------------------------------------------------------------- folders

    /** One entry of the input folder and what becomes of it. */
    private record Entry(Path file, Path result, String skipped) {}

    /**
     * Every image of the folder {@code input} into the folder {@code output}, one device and one model for all
     * (the model is rebuilt only when the tile window's shape changes). Returns the exit code: 1 when an image
     * failed. Each result is written atomically; a failed image leaves nothing.
     */
    private int upscaleFolder() {
        if (compare != null) throw new UserException("--compare works on one image, not on a folder (" + input + ").");
        if (Files.exists(output) && !Files.isDirectory(output)) {
            throw new UserException("With a folder to upscale (" + input + "), OUT must be a folder, but " + output + " is a file.");
        }
        Path parent = output.toAbsolutePath().getParent();
        if (!Files.exists(output) && (parent == null || !Files.isDirectory(parent))) {
            throw new UserException("The folder of the output folder " + output + " does not exist.");
        }
        if (Files.isDirectory(output) && sameFile(input, output)) {
            throw new UserException("The output folder " + output + " is the input folder; give another one (inputs are never overwritten).");
        }
        List<Entry> entries = entries();
        long images = entries.stream().filter(e -> e.skipped() == null).count();
        if (entries.stream().noneMatch(e -> e.result() != null)) {
            throw new UserException("Folder " + input + " holds no .png, .bmp or .jpg images.");
        }
        Path modelFile = model.file(scale, false);
        DrcnParameters parameters = ModelFiles.load(modelFile, scale);

        long start = System.nanoTime();
        List<String> skipped = new ArrayList<>(), failed = new ArrayList<>();
        for (Entry e : entries) if (e.skipped() != null) skipped.add(e.file().getFileName() + ": " + e.skipped());
        int written = 0;
        // The bar only for a person at a terminal: in a log, its redraws would be a line every half second.
        boolean terminal = System.console() != null && System.console().isTerminal();
        try (Device device = deviceOptions.open(); Upscaler upscaler = new Upscaler(device, parameters, imageOptions.tile, tileBatch);
             ProgressBar bar = terminal ? new ProgressBarBuilder().setTaskName("upscale").setInitialMax(images)
                     .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500).continuousUpdate().build() : null) {
            if (upscaler.tileWarning() != null) System.err.println("drcn: " + upscaler.tileWarning());
            for (Entry e : entries) {
                if (e.skipped() != null) continue;
                if (bar != null) bar.setExtraMessage(" " + e.file().getFileName());
                try {
                    Image8 lr = Images.read(e.file(), imageOptions.maxPixels);
                    checkResultSize(e.file(), lr);
                    Image8 result = SuperResolution.upscale(lr, scale, upscaler, selfEnsemble);
                    if (!Files.isDirectory(output)) Files.createDirectory(output);
                    AtomicOutput.write(Map.of(e.result(), result));
                    written++;
                } catch (ImageException ex) {
                    failed.add(ex.getMessage());
                } catch (UserException ex) {   // a result that cannot be written
                    failed.add(ex.getMessage());
                } catch (IOException ex) {
                    throw new UserException("Cannot create the output folder " + output + " (" + ex.getMessage() + ").", ex);
                }
                if (bar != null) bar.step();
            }
            if (bar != null) bar.setExtraMessage("");
        }
        for (String line : skipped) System.out.println("skipped " + line);
        for (String line : failed) System.err.println("drcn: " + line);
        System.out.printf(Locale.ROOT, "Upscaled %d of %d image%s from %s into %s (x%d, %s%s) in %.1f s; %d skipped, %d failed.%n",
                written, images, images == 1 ? "" : "s", input, output, scale, parameters.config(), selfEnsemble ? ", self-ensemble" : "",
                (System.nanoTime() - start) / 1e9, skipped.size(), failed.size());
        return failed.isEmpty() ? 0 : 1;
    }

    /** The input folder's entries, sorted by name: each an image to upscale to its result, or skipped with the reason. */
    private List<Entry> entries() {
        List<Path> files;
        try (Stream<Path> list = Files.list(input)) {
            files = list.sorted().toList();
        } catch (IOException e) {
            throw new UserException("Cannot list folder " + input + " (" + e.getMessage() + ").", e);
        }
        List<Entry> entries = new ArrayList<>();
        Map<Path, Path> claimed = new HashMap<>();
        for (Path file : files) {
            String name = file.getFileName().toString();
            String lower = name.toLowerCase(Locale.ROOT);
            int dot = lower.lastIndexOf('.');
            String extension = dot < 0 ? "" : lower.substring(dot);
            if (Files.isDirectory(file)) {
                entries.add(new Entry(file, null, "a folder (folders are not searched)"));
            } else if (!Files.isRegularFile(file)) {
                entries.add(new Entry(file, null, "not a regular file"));
            } else if (!List.of(".png", ".bmp", ".jpg", ".jpeg").contains(extension)) {
                entries.add(new Entry(file, null, "not a .png, .bmp or .jpg image"));
            } else {
                // PNG and BMP keep their format; JPEGs become PNGs (JPEG is not written)
                Path result = output.resolve(name.substring(0, dot) + (extension.equals(".bmp") ? name.substring(dot) : ".png"));
                Path other = claimed.putIfAbsent(result, file);
                if (other != null) {
                    entries.add(new Entry(file, null, "its result " + result + " would be that of " + other.getFileName()));
                } else if (Files.exists(result) && !overwrite) {
                    entries.add(new Entry(file, result, result + " exists (--overwrite replaces it)"));
                } else {
                    entries.add(new Entry(file, result, null));
                }
            }
        }
        return entries;
    }

    /**
     * Whether two paths name the same file, existing or not: their canonical forms (the real path of an
     * existing file, else the real path of its folder plus its name) are equal, or the file system says so
     * (hard links). {@code x.png}, {@code ./x.png} and a path through a symbolic link all count as one.
     */
    static boolean sameFile(Path a, Path b) {
        if (canonical(a).equals(canonical(b))) return true;
        if (!Files.exists(a) || !Files.exists(b)) return false;
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }

    private static Path canonical(Path p) {
        Path absolute = p.toAbsolutePath();  // not normalized: "link/.." must go through the link, as the OS does
        try {
            if (Files.exists(absolute)) return absolute.toRealPath();
            Path parent = absolute.getParent();
            if (parent != null && absolute.getFileName() != null && Files.isDirectory(parent)) {
                return parent.toRealPath().resolve(absolute.getFileName());
            }
        } catch (IOException e) {
            // fall through: the absolute, normalized path is the best we know
        }
        return absolute.normalize();
    }
}
