package drcn.runtime.cli;

import drcn.runtime.UserException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import drcn.runtime.backend.Device;
import drcn.runtime.eval.Evaluation;
import drcn.runtime.eval.ModelFiles;
import drcn.runtime.eval.RecursionPlot;
import drcn.runtime.eval.Upscaler;
import drcn.runtime.image.Images;
import drcn.runtime.model.DrcnParameters;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Consumer;

/** {@code drcn eval}: PSNR/SSIM of bicubic and DRCN on a folder of test images (the SR literature's protocol). */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Score bicubic and DRCN on every image of a folder: PSNR/SSIM on Y (BT.601), shave = scale, "
                + "per image and mean, and the mean PSNR of each of DRCN's recursion outputs beside their ensemble.")
public final class EvalCommand implements Runnable {

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "Folder of HR test images (PNG, BMP, JPEG), e.g. data/Set5.")
    Path data;

    @Option(names = "--scale", required = true, paramLabel = "S", description = "Upscaling factor (2 or more).")
    int scale;

    @Mixin
    ModelOption model;

    @Option(names = "--bicubic", description = "Score the bicubic baseline alone (no model).")
    boolean bicubicOnly;

    @Option(names = "--self-ensemble", description = "Also score DRCN's geometric self-ensemble: the mean of the network on the 8 flips/rotations "
            + "of its input, each turned back (8 passes of the network instead of 1); reported beside the plain DRCN.")
    boolean selfEnsemble;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Option(names = "--plot", paramLabel = "FILE.png", description = "Also draw the paper's figure into this PNG: "
            + "the mean PSNR of each recursion d = 1..D, with the ensemble's and bicubic's as horizontal lines.")
    Path plot;

    /** --tile, --max-pixels. */
    @Mixin
    ImageOptions imageOptions;

    @Mixin
    DeviceOptions deviceOptions;

    @Override
    public void run() {
        if (scale < 2) throw new UserException("The scale must be 2 or more, not " + scale + ".");
        imageOptions.check();
        if (bicubicOnly && model.given()) throw new UserException("Give --model or --bicubic, not both.");
        if (bicubicOnly && selfEnsemble) throw new UserException("--self-ensemble needs a model: give it without --bicubic.");
        if (plot != null && bicubicOnly) throw new UserException("--plot draws DRCN's recursions: give it without --bicubic.");
        if (plot != null) RecursionPlot.checkPath(plot); // a bad plot path is reported before the evaluation runs
        Images.imageFiles(data); // a bad folder is reported before a model is loaded or a device opened

        Evaluation.Report report;
        Path modelFile = null;
        DrcnParameters parameters = null;
        if (bicubicOnly) {
            report = Evaluation.run(data, scale, null, imageOptions.maxPixels, name -> {});
        } else {
            modelFile = model.file(scale, true);
            parameters = ModelFiles.load(modelFile, scale);
            // A status line only for a person at a terminal: in a log, carriage returns are noise.
            boolean status = !json && System.console() != null && System.console().isTerminal();
            Consumer<String> progress = status ? name -> System.err.print("\rdrcn eval: " + name + "   ") : name -> {};
            try (Device device = deviceOptions.open(); Upscaler upscaler = new Upscaler(device, parameters, imageOptions.tile)) {
                if (upscaler.tileWarning() != null) System.err.println("drcn: " + upscaler.tileWarning());
                report = Evaluation.run(data, scale, upscaler, selfEnsemble, imageOptions.maxPixels, progress);
            }
            if (status) System.err.print("\r\033[K");
        }
        if (json) printJson(report, modelFile, parameters);
        else printTable(report, modelFile, parameters);
        if (plot != null) {
            if (RecursionPlot.draw(report, modelFile.getFileName().toString(), parameters.config(), plot)) {
                System.err.println("drcn eval: wrote the plot " + plot + ".");
            } else {
                System.err.println("drcn eval: no plot was drawn (this machine cannot draw text; install fontconfig and a font "
                        + "such as fonts-dejavu-core); the evaluation above is complete.");
            }
        }
    }

    private void printJson(Evaluation.Report report, Path modelFile, DrcnParameters parameters) {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("data", report.data().toString());
        root.put("scale", report.scale());
        root.put("method", report.drcn() != null ? "drcn" : "bicubic");
        if (modelFile != null) {
            root.put("model", modelFile.toString());
            ObjectNode config = root.putObject("model_config");
            config.put("filters", parameters.config().filters());
            config.put("recursions", parameters.config().recursions());
        } else {
            root.putNull("model");
        }
        // Top level: the method evaluated (DRCN's ensemble, or bicubic with --bicubic); "bicubic" always.
        Evaluation.MethodScores main = report.drcn() != null ? report.drcn() : report.bicubic();
        putScores(root, main, report.drcn() != null);
        putScores(root.putObject("bicubic"), report.bicubic(), false);
        ArrayNode recursions = root.putArray("recursions");
        if (report.drcn() != null) {
            for (double p : report.drcn().meanRecursionPsnr()) recursions.add(p);
            root.put("ensemble", report.drcn().meanPsnr());
        } else {
            root.putNull("ensemble");
        }
        if (report.selfEnsemble() != null) putScores(root.putObject("self_ensemble"), report.selfEnsemble(), false);
        System.out.println(root.toPrettyString());
    }

    private static void putScores(ObjectNode node, Evaluation.MethodScores scores, boolean withRecursions) {
        ArrayNode images = node.putArray("images");
        for (Evaluation.ImageScore s : scores.images()) {
            ObjectNode image = images.addObject();
            image.put("name", s.name());
            image.put("psnr", s.psnr());
            image.put("ssim", s.ssim());
            if (withRecursions) {
                ArrayNode r = image.putArray("recursions");
                for (double p : s.recursionPsnr()) r.add(p);
            }
        }
        ObjectNode mean = node.putObject("mean");
        mean.put("psnr", scores.meanPsnr());
        mean.put("ssim", scores.meanSsim());
    }

    private void printTable(Evaluation.Report report, Path modelFile, DrcnParameters parameters) {
        var out = System.out;
        int n = report.bicubic().images().size();
        out.printf(Locale.ROOT, "x%d on %s (%d images)%s%n", report.scale(), report.data(), n,
                modelFile == null ? ", bicubic only" : ", model " + modelFile + " (" + parameters.config() + ")");
        int nameWidth = Math.max(8, report.bicubic().images().stream().mapToInt(s -> s.name().length()).max().orElse(8));
        String header = String.format(Locale.ROOT, "%-" + nameWidth + "s  %12s %8s", "image", "bicubic PSNR", "SSIM");
        if (report.drcn() != null) header += String.format(Locale.ROOT, "  %10s %8s", "DRCN PSNR", "SSIM");
        Evaluation.MethodScores plus = report.selfEnsemble();
        if (plus != null) header += String.format(Locale.ROOT, "  %12s %8s", "x8 ens. PSNR", "SSIM");
        out.println(header);
        for (int i = 0; i < n; i++) {
            Evaluation.ImageScore b = report.bicubic().images().get(i);
            String line = String.format(Locale.ROOT, "%-" + nameWidth + "s  %12.2f %8.4f", b.name(), b.psnr(), b.ssim());
            if (report.drcn() != null) {
                Evaluation.ImageScore d = report.drcn().images().get(i);
                line += String.format(Locale.ROOT, "  %10.2f %8.4f", d.psnr(), d.ssim());
            }
            if (plus != null) {
                Evaluation.ImageScore e = plus.images().get(i);
                line += String.format(Locale.ROOT, "  %12.2f %8.4f", e.psnr(), e.ssim());
            }
            out.println(line);
        }
        String mean = String.format(Locale.ROOT, "%-" + nameWidth + "s  %12.2f %8.4f", "mean", report.bicubic().meanPsnr(), report.bicubic().meanSsim());
        if (report.drcn() != null) mean += String.format(Locale.ROOT, "  %10.2f %8.4f", report.drcn().meanPsnr(), report.drcn().meanSsim());
        if (plus != null) mean += String.format(Locale.ROOT, "  %12.2f %8.4f", plus.meanPsnr(), plus.meanSsim());
        out.println(mean);
        if (report.drcn() != null) {
            // The paper's figure in one line: mean PSNR after each recursion, then the ensemble.
            StringBuilder line = new StringBuilder("mean PSNR per recursion:");
            double[] r = report.drcn().meanRecursionPsnr();
            for (int d = 0; d < r.length; d++) line.append(String.format(Locale.ROOT, " %d:%.2f", d + 1, r[d]));
            line.append(String.format(Locale.ROOT, "  ensemble:%.2f", report.drcn().meanPsnr()));
            out.println(line);
        }
        if (plus != null) {
            out.printf(Locale.ROOT, "self-ensemble (8 flips/rotations): %+.2f dB PSNR, %+.4f SSIM over DRCN%n",
                    plus.meanPsnr() - report.drcn().meanPsnr(), plus.meanSsim() - report.drcn().meanSsim());
        }
    }
}
