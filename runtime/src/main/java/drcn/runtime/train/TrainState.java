package drcn.runtime.train;

import drcn.runtime.image.DataDir;
import drcn.runtime.model.DrcnConfig;
import drcn.runtime.model.DrcnParameters;
import drcn.runtime.model.DrcnParameters.InferInit;
import drcn.runtime.model.ModelFileException;
import drcn.runtime.model.Safetensors;
import drcn.runtime.model.Safetensors.Tensor;
import drcn.runtime.train.TrainOptions.Optimizer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything needed to continue a run exactly where a checkpoint left it, in one safetensors file beside
 * the model ({@code name.state.safetensors}), written atomically:
 * <ul>
 *   <li>tensors {@code param/NAME} (the parameters: the state file alone is enough to resume, so a crash
 *       between writing it and the model file cannot pair a state with other weights), {@code opt0/NAME}
 *       (SGD velocity or Adam m), {@code opt1/NAME} (Adam v; not written for SGD, which leaves it zero);
 *   <li>metadata: the step, lr, the plateau counters, Adam's step count, a's decay length, the total
 *       steps, the seconds trained, and the run's settings; the folders by path, name and checksum
 *       ({@link TrainingData}), and the held-out images by name.
 * </ul>
 * {@code dataSha256}, {@code heldOut} (comma-separated names) and {@code validateSha256} are empty in a state file
 * written before they were recorded.
 * No random-generator state is needed: the patch order is a pure function of (seed, position), see {@link PatchSet}.
 * In memory the two optimizer states are flat arrays laid out as {@link DrcnParameters#layout} says (as
 * {@code DrcnTraining.optimizerState} reads them); the file keeps one tensor per parameter.
 */
public record TrainState(TrainOptions options, long step, float lr, double plateauBest, int plateauBad, int adamSteps,
                         long aDecaySteps, long totalSteps, double elapsedSeconds, DrcnParameters parameters,
                         float[] optimizer0, float[] optimizer1, String dataSha256, String heldOut, String validateSha256) {

    public static final String FORMAT = "drcn-train-state";

    public void save(Path file) {
        List<Tensor> tensors = new ArrayList<>();
        DrcnConfig c = parameters.config();
        DrcnParameters.Layout layout = DrcnParameters.layout(c);
        Map<String, float[]> opt0 = layout.split(optimizer0), opt1 = layout.split(optimizer1);
        for (String name : DrcnParameters.NAMES) {
            int[] shape = DrcnParameters.shape(name, c);
            tensors.add(new Tensor("param/" + name, shape, parameters.get(name)));
            tensors.add(new Tensor("opt0/" + name, shape, opt0.get(name)));
            // SGD keeps one state (the velocity); state 1 is Adam's v alone, so an SGD state file is a third smaller
            if (options.optimizer() == Optimizer.ADAM) tensors.add(new Tensor("opt1/" + name, shape, opt1.get(name)));
        }
        Map<String, String> m = new TreeMap<>();
        m.put("format", FORMAT);
        m.put("step", Long.toString(step));
        m.put("lr", Float.toString(lr));
        m.put("plateau.best", Double.toString(plateauBest));
        m.put("plateau.bad", Integer.toString(plateauBad));
        m.put("adam.steps", Integer.toString(adamSteps));
        m.put("a.decaySteps", Long.toString(aDecaySteps));
        m.put("steps.total", Long.toString(totalSteps));
        m.put("elapsedSeconds", Double.toString(elapsedSeconds));
        TrainOptions o = options;
        // Folders as absolute paths: --resume works from any working folder.
        m.put("data", o.data().toAbsolutePath().normalize().toString());
        m.put("data.name", TrainingData.name(o.data()));
        m.put("data.sha256", dataSha256);
        m.put("holdout", Integer.toString(o.holdout()));
        m.put("holdout.images", heldOut);
        m.put("validate.name", o.validate() == null ? "" : TrainingData.name(o.validate()));
        m.put("validate.sha256", validateSha256);
        m.put("scale", Integer.toString(o.scale()));
        m.put("filters", Integer.toString(o.filters()));
        m.put("recursions", Integer.toString(o.recursions()));
        m.put("patch", Integer.toString(o.patch()));
        m.put("stride", Integer.toString(o.stride()));
        m.put("batch", Integer.toString(o.batch()));
        m.put("validate", o.validate() == null ? "" : o.validate().toAbsolutePath().normalize().toString());
        m.put("validateEvery", Integer.toString(o.validateEvery()));
        m.put("validateCrop", Integer.toString(o.validateCrop()));
        m.put("checkpointEvery", Integer.toString(o.checkpointEvery()));
        m.put("optimizer", o.optimizer().name());
        m.put("lr.initial", Float.toString(o.lr()));
        m.put("seed", Long.toString(o.seed()));
        m.put("weightDecay", Float.toString(o.weightDecay()));
        m.put("momentum", Float.toString(o.momentum()));
        m.put("clip", Float.toString(o.clip()));
        m.put("patience", Integer.toString(o.patience()));
        m.put("logEvery", Integer.toString(o.logEvery()));
        m.put("inferInit", o.inferInit().name());
        Safetensors.write(file, tensors, m);
    }

    /**
     * Reads a state file. The run's settings come from it; from {@code given} only what may change between
     * invocations: the model file, the run's length (steps, minutes, stop-after) and whether to draw a chart.
     * The folders are stored absolute; a relative one (a state file written before they were) is taken
     * relative to the state file's folder. A folder that has moved (the state trained on another machine) is
     * found by {@link #locate}.
     */
    public static TrainState load(Path file, TrainOptions given) {
        if (!Files.isRegularFile(file)) {
            throw new TrainingException("There is no training state " + file + " to resume from (it is written with every checkpoint).");
        }
        Safetensors.Contents contents;
        try {
            contents = Safetensors.read(file);
        } catch (ModelFileException e) {
            throw new TrainingException(e.getMessage(), e);
        }
        Map<String, String> m = contents.metadata();
        if (!FORMAT.equals(m.get("format"))) {
            throw new TrainingException("File " + file + " is not a DRCN training state (its metadata lacks format=" + FORMAT + ").");
        }
        try {
            String validate = m.get("validate");
            Path folder = file.toAbsolutePath().getParent();
            String dataSha = m.getOrDefault("data.sha256", ""), validateSha = m.getOrDefault("validate.sha256", "");
            Path data = locate("training", folder.resolve(m.get("data")), dataSha, given.data(), folder);
            Path validateDir = validate.isEmpty() ? null : locate("validation", folder.resolve(validate), validateSha, given.validate(), folder);
            TrainOptions o = new TrainOptions(data, i(m, "scale"), i(m, "filters"), i(m, "recursions"),
                    i(m, "patch"), i(m, "stride"), i(m, "batch"), given.steps(), given.minutes(), given.out(), true,
                    validateDir, i(m, "validateEvery"), i(m, "validateCrop"),
                    i(m, "checkpointEvery"), Optimizer.valueOf(m.get("optimizer")), Float.parseFloat(m.get("lr.initial")),
                    Long.parseLong(m.get("seed")), Long.parseLong(m.get("a.decaySteps")), Float.parseFloat(m.get("weightDecay")),
                    Float.parseFloat(m.get("momentum")), Float.parseFloat(m.get("clip")), i(m, "patience"), i(m, "logEvery"),
                    given.stopAfter(), InferInit.valueOf(m.get("inferInit")), given.chart(), given.overwrite(),
                    Integer.parseInt(m.getOrDefault("holdout", "0")));
            DrcnConfig config = DrcnConfig.of(o.filters(), o.recursions(), o.scale());
            DrcnParameters p = DrcnParameters.zeros(config);
            Map<String, float[]> opt0 = new LinkedHashMap<>(), opt1 = new LinkedHashMap<>();
            for (String name : DrcnParameters.NAMES) {
                int[] shape = DrcnParameters.shape(name, config);
                p.set(name, contents.require("param/" + name, shape).data());
                opt0.put(name, contents.require("opt0/" + name, shape).data());
                opt1.put(name, o.optimizer() == Optimizer.ADAM || contents.tensors().containsKey("opt1/" + name)
                        ? contents.require("opt1/" + name, shape).data() : new float[DrcnParameters.layout(config).size(name)]);
            }
            p.metadata().put(DrcnParameters.INIT_INFER_KEY, o.inferInit().name().toLowerCase());
            p.metadata().put("init.seed", Long.toString(o.seed()));
            return new TrainState(o, Long.parseLong(m.get("step")), Float.parseFloat(m.get("lr")),
                    Double.parseDouble(m.get("plateau.best")), i(m, "plateau.bad"), i(m, "adam.steps"),
                    Long.parseLong(m.get("a.decaySteps")), Long.parseLong(m.get("steps.total")),
                    Double.parseDouble(m.get("elapsedSeconds")), p, DrcnParameters.layout(config).join(opt0),
                    DrcnParameters.layout(config).join(opt1), dataSha, m.getOrDefault("holdout.images", ""), validateSha);
        } catch (ModelFileException | IllegalArgumentException | NullPointerException e) {
            throw new TrainingException("Training state " + file + " is incomplete or damaged (" + e.getMessage() + ").", e);
        }
    }

    /**
     * Where a run's folder is now: the first of {@code given} (the --data or --validate folder typed with --resume), the
     * stored path, and a folder of the stored name in the {@code data/} folder found from the state file's folder or
     * the working folder ({@link DataDir}) that holds the images the run started with (checksum {@code sha256}; a state
     * file without one accepts the first that exists, in that order but with the stored path first, as before).
     */
    static Path locate(String what, Path stored, String sha256, Path given, Path stateFolder) {
        String name = TrainingData.name(stored);
        List<Path> candidates = new ArrayList<>();
        if (sha256.isEmpty()) candidates.add(stored);
        if (given != null) candidates.add(given);
        if (!sha256.isEmpty()) candidates.add(stored);
        DataDir.locate(stateFolder).ifPresent(d -> candidates.add(d.resolve(name)));
        DataDir.locate().ifPresent(d -> candidates.add(d.resolve(name)));
        for (Path candidate : candidates) {
            if (!Files.isDirectory(candidate)) continue;
            if (sha256.isEmpty() || sha256.equals(TrainingData.checksum(candidate))) return candidate.toAbsolutePath().normalize();
        }
        throw new TrainingException("The " + what + " images of this run (folder " + name + (sha256.isEmpty() ? "" : ", sha256 " + sha256)
                + ") are neither in " + stored + (given == null ? "" : " nor in " + given) + " nor in a data/" + name
                + " folder found from here; give their folder with --" + (what.equals("training") ? "data" : "validate") + " DIR.");
    }

    private static int i(Map<String, String> m, String key) {
        return Integer.parseInt(m.get(key));
    }
}
