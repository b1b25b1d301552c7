package drcn.runtime.eval;

import drcn.kernels.Index;
import drcn.runtime.UserException;
import drcn.runtime.image.BicubicPipeline;
import drcn.runtime.image.Image8;
import drcn.runtime.image.Images;
import drcn.runtime.image.Metrics;
import drcn.runtime.image.Plane;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Scores bicubic and (with a model) DRCN on a folder of test images with the SR literature's protocol
 * ({@link BicubicPipeline}): per image and mean PSNR/SSIM on Y, shave = scale, and the PSNR of each of
 * DRCN's D recursion outputs beside that of their ensemble (the paper's figure of PSNR against depth).
 */
public final class Evaluation {
    private Evaluation() {}

    /** One image's scores; {@code recursionPsnr} is empty for bicubic. */
    public record ImageScore(String name, double psnr, double ssim, double[] recursionPsnr) {}

    /** The scores of one method over the folder. */
    public record MethodScores(List<ImageScore> images) {
        public double meanPsnr() { return images.stream().mapToDouble(ImageScore::psnr).average().orElse(Double.NaN); }

        public double meanSsim() { return images.stream().mapToDouble(ImageScore::ssim).average().orElse(Double.NaN); }

        /** Mean PSNR of recursion d (0-based) over the images; empty for bicubic. */
        public double[] meanRecursionPsnr() {
            if (images.isEmpty()) return new double[0];
            int depth = images.getFirst().recursionPsnr().length;
            double[] mean = new double[depth];
            for (ImageScore s : images) for (int d = 0; d < depth; d++) mean[d] += s.recursionPsnr()[d] / images.size();
            return mean;
        }
    }

    /**
     * Everything one evaluation gives; {@code drcn} is null for the bicubic baseline alone, {@code selfEnsemble}
     * (DRCN's geometric self-ensemble, {@link SelfEnsemble}) unless it was asked for.
     */
    public record Report(Path data, int scale, MethodScores bicubic, MethodScores drcn, MethodScores selfEnsemble) {
        public Report(Path data, int scale, MethodScores bicubic, MethodScores drcn) {
            this(data, scale, bicubic, drcn, null);
        }
    }

    /**
     * Evaluates every image of {@code folder} at {@code scale}; with {@code upscaler} null only bicubic.
     *
     * @param progress told the name of each image before it is processed (for a status line)
     */
    public static Report run(Path folder, int scale, Upscaler upscaler, long maxPixels, Consumer<String> progress) {
        return run(folder, scale, upscaler, false, maxPixels, progress);
    }

    /**
     * As {@link #run(Path, int, Upscaler, long, Consumer)}; with {@code selfEnsemble} (and an upscaler) DRCN is
     * also scored with the geometric self-ensemble (8 orientations, 8 times the network's work: the plain
     * pass is reused as the identity orientation).
     */
    public static Report run(Path folder, int scale, Upscaler upscaler, boolean selfEnsemble, long maxPixels, Consumer<String> progress) {
        List<Path> files = Images.imageFiles(folder);
        List<ImageScore> bicubic = new ArrayList<>(), drcn = new ArrayList<>(), ensembled = new ArrayList<>();
        boolean withSelfEnsemble = selfEnsemble && upscaler != null;
        int i = 0;
        for (Path file : files) {
            String name = file.getFileName().toString();
            progress.accept(name + " (" + ++i + "/" + files.size() + ")");
            Image8 image = Images.read(file, maxPixels);
            BicubicPipeline.Sample sample = prepare(image, scale, file);
            Metrics.Scores b = sample.bicubicScores();
            bicubic.add(new ImageScore(name, b.psnr(), b.ssim(), new double[0]));
            if (upscaler != null) {
                Plane in = sample.bicubicY();
                Upscaler.Result r = upscaler.run(in.toFloats(), in.width(), in.height());
                drcn.add(score(name, sample, r));
                if (withSelfEnsemble) {
                    float[] mean = SelfEnsemble.run(upscaler, in.toFloats(), in.width(), in.height(), r.output());
                    Metrics.Scores s = sample.score(Plane.ofFloats(in.width(), in.height(), mean));
                    ensembled.add(new ImageScore(name, s.psnr(), s.ssim(), new double[0]));
                }
            }
        }
        return new Report(folder, scale, new MethodScores(bicubic), upscaler == null ? null : new MethodScores(drcn),
                withSelfEnsemble ? new MethodScores(ensembled) : null);
    }

    /**
     * The image cropped to a multiple of the scale, less the shave of {@code scale} pixels per border, must
     * still hold SSIM's 11x11 window: each side at least the smallest multiple of the scale that is
     * {@code >= 11 + 2 scale} (18 at x3, 25 at x5).
     */
    static int minimumSide(int scale) {
        int need = Metrics.SSIM_WINDOW + 2 * scale;
        return Index.roundUp(need, scale);
    }

    private static BicubicPipeline.Sample prepare(Image8 image, int scale, Path file) {
        int min = minimumSide(scale);
        if (image.width() / scale * scale < min || image.height() / scale * scale < min) {
            throw new UserException("Image " + file + " (" + image.width() + "x" + image.height() + ") is too small to evaluate at scale "
                    + scale + ": SSIM's " + Metrics.SSIM_WINDOW + "x" + Metrics.SSIM_WINDOW + " window needs at least " + min + "x" + min
                    + " pixels (cropped to a multiple of " + scale + ", then " + scale + " pixels shaved off each border).");
        }
        return BicubicPipeline.prepare(image, scale);
    }

    /** DRCN's ensemble and each recursion output, clamped and rounded to uint8 as pipeline S scores them. */
    static ImageScore score(String name, BicubicPipeline.Sample sample, Upscaler.Result r) {
        Metrics.Scores ensemble = sample.score(Plane.ofFloats(r.width(), r.height(), r.output()));
        double[] recursions = new double[r.predictions().length];
        for (int d = 0; d < recursions.length; d++) {
            // PSNR only (SSIM of every recursion would double the scoring time for a figure nobody plots)
            Plane y8 = Plane.ofFloats(r.width(), r.height(), r.predictions()[d]).times(255).toUint8();
            recursions[d] = Metrics.psnr(y8, sample.hrY8(), sample.scale());
        }
        return new ImageScore(name, ensemble.psnr(), ensemble.ssim(), recursions);
    }
}
