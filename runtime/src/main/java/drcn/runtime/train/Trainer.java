package drcn.runtime.train;

import drcn.runtime.backend.Device;
import drcn.runtime.distributed.Collective;
import drcn.runtime.model.DrcnTraining;
import drcn.runtime.model.DrcnConfig;
import drcn.runtime.model.DrcnParameters;
import drcn.runtime.train.TrainOptions.Optimizer;

import drcn.runtime.io.AtomicFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Trains a DRCN on a {@link Device}. One step:
 * <pre>
 *   a  = Schedule.a(step)                                  (1 -> 0 linearly over aDecaySteps)
 *   x, y = the batch at positions step*batch ..            (PatchSet: shuffled per epoch from the seed)
 *   forward(x); backward(y, a, b)                          L = a l1 + (1 - a) l2 + b ||W||^2
 *   stop if L is NaN or infinite                           (the last checkpoint stays as it was)
 *   clip the gradient's norm to clip / lr                  (Schedule)
 *   SGD with momentum, or Adam
 *   every validateEvery steps: validation PSNR; lr / 10 after `patience` validations without gain
 *   every checkpointEvery steps and at the end: the state file, then the model file (each atomically)
 * </pre>
 * Everything a step depends on is a function of the step number and of the state the checkpoint saves,
 * so a run stopped and resumed gives the same parameters, bit for bit, as one run straight through (on a
 * backend whose kernels are deterministic, as the JVM backend is).
 */
public final class Trainer {

    /** What the trainer tells its user (the CLI draws a progress bar; tests stay quiet). */
    public interface Listener {
        default void started(long firstStep, long totalSteps, String summary) {}
        default void stepped(long step, long totalSteps, String status) {}
        default void message(String line) {}
        default void finished() {}
    }

    /** The outcome of one invocation; {@code interrupted}: {@link #requestStop} ended it (after a checkpoint). */
    public record Result(long step, long totalSteps, double lastLoss, double valPsnr, double bicubicPsnr,
                         double patchesPerSecond, double stepsPerSecond, DrcnParameters parameters, boolean interrupted) {}

    private final Device device;
    private TrainOptions options;
    private Listener listener;
    /** The processes sharing each step (one, by default); see {@link DataParallel}. */
    private DataParallel parallel = new DataParallel(new Collective.Local());
    /** The step of the last checkpoint written (or resumed from); -1: none yet. */
    private long lastCheckpoint = -1;
    /** The run's images and their split (set when the run starts). */
    private TrainingData data;
    /** The checksum of the --validate folder's images; empty when the run validates on held-out images or not at all. */
    private String validateSha256 = "";
    /** Set from another thread (the CLI's SIGINT handler): the run ends after the current step, with a checkpoint. */
    private volatile boolean stopRequested;

    public Trainer(Device device, TrainOptions options, Listener listener) {
        this.device = device;
        this.options = options;
        this.listener = listener == null ? new Listener() {} : listener;
    }

    /**
     * Shares every step with the other processes of {@code collective} (data parallelism, see {@link DataParallel}):
     * each trains on its slice of the global batch, and only rank 0 reports to the listener and writes files.
     */
    public Trainer distributed(Collective collective) {
        this.parallel = new DataParallel(collective);
        if (!parallel.lead()) this.listener = new Listener() {};
        return this;
    }

    /**
     * Ends the run after the step in progress: the end-of-run checkpoint (state and model) is written and
     * {@link #run} returns a result marked interrupted. Safe to call from any thread (a signal handler).
     */
    public void requestStop() { stopRequested = true; }

    /** Whether {@link #requestStop} was called. */
    public boolean stopRequested() { return stopRequested; }

    /**
     * Runs (or, with {@code resume}, continues) the training. Before any work: the options are range-checked,
     * the run's lock beside {@code out} is taken (a second run with the same {@code out} refuses), temporary
     * files that a killed run left beside its outputs are removed, and a new run refuses to replace an earlier
     * run's model, state, log or chart unless {@code overwrite} says so.
     */
    public Result run() {
        options.check();
        Path parent = options.out().toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) throw new TrainingException("Folder " + parent + " for the model file does not exist.");
        // rank 0 alone writes the run's files, so it alone takes their lock and checks them (the others wait in
        // their first collective; a failure here ends them through the collective's abort)
        try (RunLock lock = parallel.lead() ? RunLock.acquire(options) : null) {
            if (parallel.lead()) removeStaleTemporaries();
            return runLocked();
        }
    }

    private List<Path> outputs() {
        return List.of(options.out(), options.stateFile(), options.logFile(), options.chartFile());
    }

    private void removeStaleTemporaries() {
        for (Path file : outputs()) {
            try {
                int removed = AtomicFile.removeStale(file);
                if (removed > 0) listener.message("removed " + removed + " temporary file" + (removed == 1 ? "" : "s") + " of " + file.getFileName() + " left by an interrupted write");
            } catch (IOException e) {
                throw new TrainingException("Cannot clean up the temporary files beside " + file + " (" + e.getMessage() + ").", e);
            }
        }
    }

    private Result runLocked() {
        TrainState resumed = null;
        if (options.resume()) {
            resumed = TrainState.load(options.stateFile(), options);
            options = resumed.options().check();
        } else if (!options.overwrite() && parallel.lead()) {
            if (Files.exists(options.out()) || Files.exists(options.stateFile())) {
                throw new TrainingException("Model file " + options.out() + " (or its training state) already exists: pass --resume to continue "
                        + "that run, --overwrite to start it again, or choose another --out.");
            }
            for (Path file : List.of(options.logFile(), options.chartFile())) {
                if (Files.exists(file) && (options.chart() || file.equals(options.logFile()))) {
                    throw new TrainingException("File " + file + " exists beside --out and a new run would replace it: pass --overwrite, "
                            + "or choose another --out.");
                }
            }
        }
        // A resumed run without a length goes on to the length it was started with (TrainState's total steps).
        if (!options.resume() && options.steps() <= 0 && options.minutes() <= 0) {
            throw new TrainingException("Give the run a length: --steps N or --minutes M.");
        }
        if (options.data() == null) throw new TrainingException("Give the training images: --data DIR.");

        TrainOptions o = options;
        DrcnConfig config = DrcnConfig.of(o.filters(), o.recursions(), o.scale());
        data = TrainingData.of(o.data(), o.validate() == null ? o.holdout() : 0);
        validateSha256 = o.validate() == null ? "" : TrainingData.checksum(o.validate());
        if (resumed != null) checkSameData(resumed);
        PatchSet patches = PatchSet.load(data.training(), o.scale(), o.patch(), o.stride(), o.seed());
        listener.message(String.format(Locale.ROOT, "%d images%s, %d windows x %d flips/rotations = %d patches of %dx%d per epoch",
                patches.images(), data.heldOut().isEmpty() ? "" : " (" + data.heldOut().size() + " more held out for validation)",
                patches.windows(), PatchSet.TRANSFORMS, patches.size(), o.patch(), o.patch()));

        int localBatch = parallel.localBatch(o.batch());
        // validation: rank 0 only
        try (DrcnTraining model = new DrcnTraining(device, config, localBatch, o.patch(), o.patch());
             ValidationSet validation = !parallel.lead() ? null : o.validate() != null ? new ValidationSet(o.validate(), o.scale(), o.validateCrop())
                     : data.heldOut().isEmpty() ? null : new ValidationSet(data.heldOut(), o.scale(), o.validateCrop())) {
            return train(model, config, patches, validation, resumed);
        }
    }

    /**
     * A resumed run must see the images it started with: the same held-out images (else validation would score images
     * it trained on), and, where the state knows it, the same checksum (else the patch order differs from a straight run).
     */
    private void checkSameData(TrainState resumed) {
        if (!resumed.heldOut().equals(data.heldOutNames())) {
            throw new TrainingException("The run in " + options.stateFile() + " held out " + describe(resumed.heldOut()) + " of its training images, but "
                    + options.data() + " now gives " + describe(data.heldOutNames()) + ": resume it with the images it started with.");
        }
        if (!resumed.dataSha256().isEmpty() && !resumed.dataSha256().equals(data.sha256())) {
            listener.message("warning: the images in " + options.data() + " changed since the run started (sha256 " + data.sha256()
                    + ", the run's " + resumed.dataSha256() + "): the resumed run differs from one straight run");
        }
    }

    private static String describe(String names) {
        return names.isEmpty() ? "none" : names;
    }

    /** What the model's metadata says the run validated on (folder names, never paths). */
    private String validationDescription() {
        TrainOptions o = options;
        String crops = o.validateCrop() > 0 ? "centre crops " + o.validateCrop() : "whole images";
        if (o.validate() != null) return TrainingData.name(o.validate()) + " " + crops;
        return data.heldOut().size() + " images held out of " + data.name() + " (" + data.heldOutNames() + "), " + crops;
    }

    private Result train(DrcnTraining model, DrcnConfig config, PatchSet patches, ValidationSet validation, TrainState resumed) {
        TrainOptions o = options;
        int localBatch = model.model().batch();
        long step;
        float lr;
        Schedule.Plateau plateau = new Schedule.Plateau();
        long aDecaySteps = o.aDecaySteps();
        long totalSteps = o.steps();
        double elapsedBefore;
        if (resumed != null) {
            model.setParameters(resumed.parameters());
            model.setOptimizerState(0, resumed.optimizer0());
            model.setOptimizerState(1, resumed.optimizer1());
            model.setAdamSteps(resumed.adamSteps());
            step = resumed.step();
            lr = resumed.lr();
            plateau.best = resumed.plateauBest();
            plateau.bad = resumed.plateauBad();
            aDecaySteps = resumed.aDecaySteps();
            // --steps N: the run ends at step N; --minutes M: M more minutes (the length is set from the speed
            // after 10 steps, as in a fresh run); neither: the length the run was started with.
            if (totalSteps <= 0 && o.minutes() <= 0) totalSteps = resumed.totalSteps();
            elapsedBefore = resumed.elapsedSeconds();
        } else {
            model.setParameters(DrcnParameters.initialize(config, o.seed(), o.inferInit()));
            step = 0;
            lr = o.lr();
            elapsedBefore = 0;
        }
        if (aDecaySteps <= 0 && totalSteps > 0) aDecaySteps = Schedule.defaultADecaySteps(totalSteps);

        TrainingLog log = parallel.lead() ? new TrainingLog(o.logFile(), o.chart() ? o.chartFile() : null, resumed == null ? -1 : step) : null;
        double bicubic = Double.NaN, valPsnr = Double.NaN;
        if (validation != null) {
            bicubic = validation.bicubicPsnr();
            log.setBicubicPsnr(bicubic);   // validation: rank 0 only
            listener.message(String.format(Locale.ROOT, "validation: %s, bicubic %.3f dB", validationDescription(), bicubic));
        }
        listener.message(String.format(Locale.ROOT, "%s, %,d parameters, %s lr %.3g, batch %d, %s", config, model.parameters().count(),
                o.optimizer().name().toLowerCase(), lr, o.batch(), resumed == null ? "from step 0" : "resumed at step " + step));
        if (parallel.size > 1) listener.message(parallel.collective + ": " + parallel.size + " processes, " + localBatch + " patches of each batch per process");

        int pixels = localBatch * o.patch() * o.patch();
        float[] input = new float[pixels], target = new float[pixels];
        long start = System.nanoTime();
        long deadline = o.minutes() > 0 ? start + (long) (o.minutes() * 60e9) : Long.MAX_VALUE;
        long firstStep = step;
        lastCheckpoint = resumed == null ? -1 : step;
        double trainSeconds = 0, intervalSeconds = 0;
        int intervalSteps = 0;
        double sumLoss = 0, sumL1 = 0, sumL2 = 0, sumDecay = 0, lastLoss = Double.NaN;
        listener.started(step, totalSteps, config.toString());

        long afterFirstStep = 0;
        // --minutes: the deadline ends the run; --steps: the step count
        long[] control = new long[4];
        while (true) {
            boolean goOn = (o.minutes() > 0 ? System.nanoTime() < deadline : totalSteps <= 0 || step < totalSteps)
                    && (o.stopAfter() <= 0 || step < o.stopAfter()) && !stopRequested;
            if (parallel.size > 1) {
                control[0] = goOn ? 1 : 0; control[1] = totalSteps; control[2] = aDecaySteps; control[3] = Float.floatToRawIntBits(lr);
                parallel.agree(control);
                goOn = control[0] != 0; totalSteps = control[1]; aDecaySteps = control[2]; lr = Float.intBitsToFloat((int) control[3]);
            }
            if (!goOn) break;
            long t0 = System.nanoTime();
            float a = aDecaySteps > 0 ? Schedule.a(step, aDecaySteps) : 1f;
            patches.fillBatch(parallel.firstPatch(step, o.batch()), localBatch, input, target);
            model.forward(input);
            model.backward(target, a, o.weightDecay());
            parallel.averageGradients(model);
            DrcnTraining.LossTerms loss = parallel.averageLoss(model.loss());
            if (!Float.isFinite(loss.total())) throw diverged(step, "the loss became " + loss.total(), lr);
            boolean logRow = (step + 1) % o.logEvery() == 0;
            double gradNorm = logRow ? model.gradientNorm() : Double.NaN;
            model.clipGradients(Schedule.maxGradientNorm(o.clip(), lr));
            if (o.optimizer() == Optimizer.SGD) model.sgdStep(lr, o.momentum());
            else model.adamStep(lr, TrainOptions.BETA1, TrainOptions.BETA2, TrainOptions.EPSILON);
            device.finish();
            double seconds = (System.nanoTime() - t0) / 1e9;
            trainSeconds += seconds;
            intervalSeconds += seconds;
            intervalSteps++;
            sumLoss += loss.total(); sumL1 += loss.l1(); sumL2 += loss.l2(); sumDecay += loss.decay();
            lastLoss = loss.total();
            step++;

            // --minutes: the length in steps (for the progress bar; a's decay length is fixed at the first estimate
            // and saved) follows from the speed, measured from the end of the first step on: the first step builds
            // the kernels, which on a GPU takes longer than hundreds of steps. Re-estimated at every log row.
            if (step - firstStep == 1) afterFirstStep = System.nanoTime();
            if (o.minutes() > 0 && step - firstStep >= 11 && (totalSteps <= 0 || logRow)) {
                double perStep = (System.nanoTime() - afterFirstStep) / 1e9 / (step - firstStep - 1);
                totalSteps = step + 1 + (long) (Math.max(0, deadline - System.nanoTime()) / 1e9 / perStep);
                if (aDecaySteps <= 0) aDecaySteps = Schedule.defaultADecaySteps(totalSteps);
            }

            boolean validated = false;
            if (validation != null && step % o.validateEvery() == 0) {
                valPsnr = validation.psnr(device, config, model.parameters());
                float newLr = plateau.update(valPsnr, lr, o.lr(), o.patience());
                if (newLr != lr) listener.message(String.format(Locale.ROOT, "step %d: validation PSNR has not improved for %d validations; lr %.3g -> %.3g", step, o.patience(), lr, newLr));
                lr = newLr;
                validated = true;
            }
            if ((logRow || validated) && log != null) {
                double n = intervalSteps;
                log.add(new TrainingLog.Row(step, a, lr, sumLoss / n, sumL1 / n, sumL2 / n, sumDecay / n, gradNorm,
                        validated ? valPsnr : Double.NaN, intervalSteps * o.batch() / intervalSeconds,
                        elapsedBefore + (System.nanoTime() - start) / 1e9));
                listener.stepped(step, totalSteps, String.format(Locale.ROOT, "loss %.3e%s  %.0f patches/s", sumLoss / n,
                        Double.isNaN(valPsnr) ? "" : String.format(Locale.ROOT, "  val %.2f dB", valPsnr), intervalSteps * o.batch() / intervalSeconds));
                sumLoss = sumL1 = sumL2 = sumDecay = 0;
                intervalSteps = 0;
                intervalSeconds = 0;
            }
            if (o.checkpointEvery() > 0 && step % o.checkpointEvery() == 0 && parallel.lead()) {
                checkpoint(model, config, patches, step, lr, plateau, aDecaySteps, totalSteps,
                        elapsedBefore + (System.nanoTime() - start) / 1e9, valPsnr, bicubic);
                lastCheckpoint = step;
                if (o.chart()) log.drawChart();
            }
        }
        // The end of this invocation: a report-only validation (it must not move the plateau counters, or a
        // stopped-and-resumed run would differ from a straight one), a final checkpoint, the chart.
        if (validation != null && step > firstStep && step % o.validateEvery() != 0 && !stopRequested) {
            valPsnr = validation.psnr(device, config, model.parameters());
            listener.message(String.format(Locale.ROOT, "step %d: validation PSNR %.3f dB (bicubic %.3f dB)", step, valPsnr, bicubic));
        }
        DrcnParameters parameters;
        if (lastCheckpoint != step && parallel.lead()) {
            parameters = checkpoint(model, config, patches, step, lr, plateau, aDecaySteps, totalSteps,
                    elapsedBefore + (System.nanoTime() - start) / 1e9, valPsnr, bicubic);
        } else {
            parameters = model.parameters();
        }
        if (o.chart() && log != null) log.drawChart();
        listener.finished();
        long done = step - firstStep;
        return new Result(step, totalSteps, lastLoss, valPsnr, bicubic,
                trainSeconds > 0 ? done * o.batch() / trainSeconds : 0, trainSeconds > 0 ? done / trainSeconds : 0, parameters, stopRequested);
    }

    /** Writes the training state, then the model file, each atomically; refuses non-finite parameters. */
    private DrcnParameters checkpoint(DrcnTraining model, DrcnConfig config, PatchSet patches, long step, float lr,
                                      Schedule.Plateau plateau, long aDecaySteps, long totalSteps, double elapsed,
                                      double valPsnr, double bicubic) {
        TrainOptions o = options;
        DrcnParameters p = model.parameters();
        for (float[] v : p.asMap().values()) {
            for (float x : v) {
                if (!Float.isFinite(x)) throw diverged(step, "a weight became " + x, lr);
            }
        }
        new TrainState(o, step, lr, plateau.best, plateau.bad, model.adamSteps(), aDecaySteps, totalSteps, elapsed, p,
                model.optimizerState(0), model.optimizerState(1), data.sha256(), data.heldOutNames(), validateSha256).save(o.stateFile());
        // The data by name and checksum (TrainingData), never by a path of this machine: the file is shipped.
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("training.data", data.name());
        facts.put("training.data.sha256", data.sha256());
        facts.put("training.images", Integer.toString(patches.images()));
        if (!data.heldOut().isEmpty()) facts.put("training.holdout", data.heldOutNames());
        facts.put("training.patches", patches.size() + " (" + patches.windows() + " windows of " + o.patch() + "x" + o.patch()
                + " at stride " + o.stride() + ", x8 flips/rotations)");
        facts.put("training.batch", Integer.toString(o.batch()));
        facts.put("training.steps", Long.toString(step));
        facts.put("training.optimizer", o.optimizer() == Optimizer.SGD
                ? "sgd momentum " + o.momentum() : "adam betas " + TrainOptions.BETA1 + "," + TrainOptions.BETA2);
        facts.put("training.lr", "initial " + o.lr() + ", now " + lr + " (divided by 10 after " + o.patience() + " validations without a 0.01 dB gain)");
        facts.put("training.schedule", "a = max(0, 1 - step/" + aDecaySteps + "), b = " + o.weightDecay()
                + ", gradient norm clipped to " + o.clip() + "/lr");
        facts.put("training.seed", Long.toString(o.seed()));
        facts.put("training.seconds", String.format(Locale.ROOT, "%.0f", elapsed));
        if (!Double.isNaN(valPsnr)) {
            facts.put("training.validation", validationDescription());
            if (o.validate() != null) facts.put("training.validation.sha256", validateSha256);
            facts.put("training.validation.psnr", String.format(Locale.ROOT, "%.4f", valPsnr));
            facts.put("training.validation.bicubic_psnr", String.format(Locale.ROOT, "%.4f", bicubic));
        }
        p.save(o.out(), facts);
        return p;
    }

    private TrainingException diverged(long step, String what, float lr) {
        return new TrainingException(String.format(Locale.ROOT, "Training diverged at step %d (%s with lr %.3g); %s; lower --lr.",
                step, what, lr, lastCheckpoint >= 0
                        ? "the checkpoint of step " + lastCheckpoint + " in " + options.out() + " is kept" : "no checkpoint had been written yet"));
    }
}
