package drcn.runtime.api;

import drcn.runtime.UserException;
import drcn.runtime.backends.Backends;
import drcn.runtime.backend.Device;
import drcn.runtime.model.DrcnConfig;
import drcn.runtime.model.DrcnParameters.InferInit;
import drcn.runtime.train.Schedule;
import drcn.runtime.train.TrainOptions;
import drcn.runtime.train.Trainer;

import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Trains a DRCN on a folder of high-resolution images (PNG, BMP, JPEG; e.g. the 91-image set in {@code data/T91}),
 * as {@code drcn train} does: patches of the bicubic-degraded images, the paper's loss (every recursion's
 * prediction and the ensemble against the original, plus weight decay), checkpoints that a later run resumes.
 * <pre>{@code
 * DrcnTrainer.Result r = DrcnTrainer.builder(Path.of("data/T91"))
 *         .scale(3).filters(64).recursions(16).steps(20_000)
 *         .holdout(5)
 *         .build()
 *         .train(Path.of("my_x3.safetensors"));
 * }</pre>
 * The defaults are the command line's: scale 3, the paper's F = 256 and D = 16, patches of 41 pixels at a stride
 * of 21, 64 patches a step, Adam at 1e-3, weight decay 1e-4, gradient clipping 0.01 / lr, the recursive
 * convolution starting as the identity.
 */
public final class DrcnTrainer {
    private final TrainOptions options;
    private final String device;
    private final Consumer<String> log;

    private DrcnTrainer(TrainOptions options, String device, Consumer<String> log) {
        this.options = options;
        this.device = device;
        this.log = log;
    }

    /** A builder for training on the images of {@code data}. */
    public static Builder builder(Path data) {
        return new Builder(Objects.requireNonNull(data, "data"));
    }

    /**
     * The outcome of a run.
     *
     * @param model       the model file written
     * @param steps       optimizer steps taken in all (a resumed run counts the earlier ones)
     * @param loss        the training loss of the last step
     * @param psnr        the last validation PSNR in dB, NaN without validation
     * @param bicubicPsnr bicubic's PSNR on the validation images, NaN without validation
     */
    public record Result(Path model, long steps, double loss, double psnr, double bicubicPsnr) {}

    /**
     * Trains and writes the model to {@code out} (safetensors), with the run's state beside it ({@code .state.safetensors},
     * {@code .csv} log, {@code .png} chart). An existing {@code out} is an error unless the builder asked to resume or to overwrite.
     */
    public Result train(Path out) {
        TrainOptions o = options;   // the builder's settings, with out
        o = new TrainOptions(o.data(), o.scale(), o.filters(), o.recursions(), o.patch(), o.stride(), o.batch(), o.steps(), o.minutes(),
                out, o.resume(), o.validate(), o.validateEvery(), o.validateCrop(), o.checkpointEvery(), o.optimizer(), o.lr(), o.seed(),
                o.aDecaySteps(), o.weightDecay(), o.momentum(), o.clip(), o.patience(), o.logEvery(), o.stopAfter(), o.inferInit(), o.chart(), o.overwrite(),
                o.holdout());
        try (Device d = device == null ? Backends.openFromSettings() : Backends.open(device, 0)) {
            Trainer.Result r = new Trainer(d, o, new Trainer.Listener() {
                @Override
                public void message(String line) {
                    log.accept(line);
                }
            }).run();
            return new Result(out, r.step(), r.lastLoss(), r.valPsnr(), r.bicubicPsnr());
        }
    }

    /** The settings of a run; every setter returns the builder. */
    public static final class Builder {
        private final Path data;
        private int scale = 3, filters = DrcnConfig.DEFAULT_FILTERS, recursions = DrcnConfig.DEFAULT_RECURSIONS;
        private int patch = 41, stride = 21, batch = 64;
        private long steps = 0;
        private double minutes = 0;
        private TrainOptions.Optimizer optimizer = TrainOptions.Optimizer.ADAM;
        private Float lr;
        private float weightDecay = 1e-4f;
        private long seed = 1;
        private Path validation;
        private int validateEvery = 500, checkpointEvery = 1000, holdout;
        private boolean resume, overwrite;
        private String device;
        private Consumer<String> log = line -> {};

        private Builder(Path data) {
            this.data = data;
        }

        /** The upscaling factor to train for (default 3). */
        public Builder scale(int scale) { this.scale = scale; return this; }

        /** Filters F of each hidden layer (default 256, the paper's; 64 trains about 16 times faster). */
        public Builder filters(int filters) { this.filters = filters; return this; }

        /** Recursions D of the shared convolution (default 16). */
        public Builder recursions(int recursions) { this.recursions = recursions; return this; }

        /** Patch side and stride in high-resolution pixels (default 41 and 21). */
        public Builder patches(int patch, int stride) { this.patch = patch; this.stride = stride; return this; }

        /** Patches per step (default 64). */
        public Builder batch(int batch) { this.batch = batch; return this; }

        /** The run's length in optimizer steps; give this or {@link #minutes}. */
        public Builder steps(long steps) { this.steps = steps; return this; }

        /** The run's length in wall-clock minutes; give this or {@link #steps}. */
        public Builder minutes(double minutes) { this.minutes = minutes; return this; }

        /** SGD with momentum 0.9 (the paper's, learning rate 0.01) instead of Adam. */
        public Builder sgd() { this.optimizer = TrainOptions.Optimizer.SGD; return this; }

        /** The learning rate (default: 1e-3 for Adam, 0.01 for SGD). */
        public Builder learningRate(float lr) { this.lr = lr; return this; }

        /** Weight decay beta of the loss, per weight (default 1e-4). */
        public Builder weightDecay(float beta) { this.weightDecay = beta; return this; }

        /** Seed of the initial weights and of the patch order (default 1). */
        public Builder seed(long seed) { this.seed = seed; return this; }

        /** Scores the model on the images of {@code folder} every {@code every} steps (default: no validation; every 500). */
        public Builder validation(Path folder) { this.validation = folder; return this; }

        /**
         * Holds {@code count} images of the training folder out of the patches (picked by a hash of their file names,
         * named in the model's metadata) and scores the model on them every {@link #validateEvery} steps, as
         * {@code drcn train} does by default (default here: 0, no validation); not with {@link #validation}.
         */
        public Builder holdout(int count) { this.holdout = count; return this; }

        /** Validation every {@code every} steps when a validation folder is set. */
        public Builder validateEvery(int every) { this.validateEvery = every; return this; }

        /** Writes the model and the run's state every {@code every} steps (default 1000) and at the end. */
        public Builder checkpointEvery(int every) { this.checkpointEvery = every; return this; }

        /** Continues the run whose model and state files {@link DrcnTrainer#train} is given. */
        public Builder resume(boolean resume) { this.resume = resume; return this; }

        /** Lets a new run replace the model, state, log and chart files of an earlier run at the same path (default: an error). */
        public Builder overwrite(boolean overwrite) { this.overwrite = overwrite; return this; }

        /** The device, as for {@link DrcnModel#load(Path, String)} (default: the fastest present). */
        public Builder device(String device) { this.device = device; return this; }

        /** Receives the trainer's log lines (validation results, checkpoints); default: none. */
        public Builder log(Consumer<String> log) { this.log = Objects.requireNonNull(log, "log"); return this; }

        /**
         * Checks the settings.
         *
         * @throws UserException naming the first setting out of range
         */
        public DrcnTrainer build() {
            if (steps <= 0 && minutes <= 0) throw new UserException("Give the run a length: steps(N) or minutes(M).");
            float rate = lr != null ? lr : optimizer.defaultLr;
            // The loss divides the squared error by the patch's pixels; the decay is given per weight, as in
            // the paper, so it is scaled the same way (as drcn train does).
            float decayPerPixel = weightDecay * 2f / ((float) patch * patch);
            long aDecay = steps > 0 ? Schedule.defaultADecaySteps(steps) : 0;
            TrainOptions options = new TrainOptions(data, scale, filters, recursions, patch, stride, batch, steps, minutes,
                    Path.of("model.safetensors"), resume, validation, Math.max(validateEvery, 1), 96, checkpointEvery, optimizer, rate, seed,
                    aDecay, decayPerPixel, 0.9f, 0.01f, 3, 10, 0, InferInit.IDENTITY, true, overwrite, holdout);
            return new DrcnTrainer(options.check(), device, log);
        }
    }
}
