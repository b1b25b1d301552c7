package drcn.runtime.train;

import drcn.runtime.model.DrcnParameters.InferInit;

import java.nio.file.Path;

/**
 * Everything that defines a training run. On {@code --resume} the run's own settings come back from
 * its state file (see {@link TrainState}); only the length of the run may be changed.
 *
 * @param steps          optimizer steps of the whole run; 0 when {@code minutes} bounds it instead
 * @param minutes        wall-clock minutes of this invocation; 0 when {@code steps} bounds the run
 * @param aDecaySteps    steps over which a falls linearly from 1 to 0; 0: a quarter of the run (see {@link Schedule})
 * @param clip           theta of the adjustable gradient clipping: max gradient norm = clip / lr (0: none)
 * @param patience       validations without a 0.01 dB gain before lr is divided by 10
 * @param validateCrop   validation on centre crops of this many HR pixels per side (0: whole images)
 * @param stopAfter      stop this invocation after this step (0: never), as if interrupted: for chunked runs and tests
 * @param overwrite      a new run may replace the model, state, log and chart files of an earlier run at {@code out}
 * @param validate       the folder of validation images; null: validate on the {@code holdout} images held out of
 *                       {@code data} (see {@link TrainingData}), or not at all when {@code holdout} is 0
 * @param holdout        training images held out of the patches to validate on, when {@code validate} is null
 */
public record TrainOptions(Path data, int scale, int filters, int recursions, int patch, int stride, int batch,
                           long steps, double minutes, Path out, boolean resume, Path validate, int validateEvery,
                           int validateCrop, int checkpointEvery, Optimizer optimizer, float lr, long seed,
                           long aDecaySteps, float weightDecay, float momentum, float clip, int patience,
                           int logEvery, long stopAfter, InferInit inferInit, boolean chart, boolean overwrite, int holdout) {

    public enum Optimizer {
        SGD(0.01f), ADAM(1e-3f);

        /** The learning rate used when none is given: the paper's 0.01 for SGD, Kingma and Ba's 1e-3 for Adam. */
        public final float defaultLr;

        Optimizer(float defaultLr) { this.defaultLr = defaultLr; }
    }

    /**
     * Training images held out for validation when no validation folder is named: a few, so the patches lose little
     * (5 of T91's 91 images), and enough that the validation PSNR is not one image's.
     */
    public static final int DEFAULT_HOLDOUT = 5;

    /** Adam's betas and epsilon: the usual defaults. */
    public static final float BETA1 = 0.9f, BETA2 = 0.999f, EPSILON = 1e-8f;

    /** Small defaults for a quick run (tests and examples start from these and change a few). */
    public static TrainOptions defaults(Path data, Path out) {
        return new TrainOptions(data, 3, 16, 4, 41, 21, 16, 1000, 0, out, false, null, 100, 0, 500,
                Optimizer.ADAM, Optimizer.ADAM.defaultLr, 1, 0, 1e-4f, 0.9f, 0.01f, 3, 10, 0, InferInit.IDENTITY, true, false, 0);
    }

    public TrainOptions withData(Path d) { return new TrainOptions(d, scale, filters, recursions, patch, stride, batch, steps, minutes, out, resume, validate, validateEvery, validateCrop, checkpointEvery, optimizer, lr, seed, aDecaySteps, weightDecay, momentum, clip, patience, logEvery, stopAfter, inferInit, chart, overwrite, holdout); }
    public TrainOptions withSteps(long s) { return new TrainOptions(data, scale, filters, recursions, patch, stride, batch, s, minutes, out, resume, validate, validateEvery, validateCrop, checkpointEvery, optimizer, lr, seed, aDecaySteps, weightDecay, momentum, clip, patience, logEvery, stopAfter, inferInit, chart, overwrite, holdout); }
    public TrainOptions withModel(int f, int d) { return new TrainOptions(data, scale, f, d, patch, stride, batch, steps, minutes, out, resume, validate, validateEvery, validateCrop, checkpointEvery, optimizer, lr, seed, aDecaySteps, weightDecay, momentum, clip, patience, logEvery, stopAfter, inferInit, chart, overwrite, holdout); }
    public TrainOptions withPatches(int p, int s, int b) { return new TrainOptions(data, scale, filters, recursions, p, s, b, steps, minutes, out, resume, validate, validateEvery, validateCrop, checkpointEvery, optimizer, lr, seed, aDecaySteps, weightDecay, momentum, clip, patience, logEvery, stopAfter, inferInit, chart, overwrite, holdout); }
    public TrainOptions withOptimizer(Optimizer o, float l) { return new TrainOptions(data, scale, filters, recursions, patch, stride, batch, steps, minutes, out, resume, validate, validateEvery, validateCrop, checkpointEvery, o, l, seed, aDecaySteps, weightDecay, momentum, clip, patience, logEvery, stopAfter, inferInit, chart, overwrite, holdout); }
    public TrainOptions withCheckpoints(int every) { return new TrainOptions(data, scale, filters, recursions, patch, stride, batch, steps, minutes, out, resume, validate, validateEvery, validateCrop, every, optimizer, lr, seed, aDecaySteps, weightDecay, momentum, clip, patience, logEvery, stopAfter, inferInit, chart, overwrite, holdout); }
    public TrainOptions withValidation(Path dir, int every, int crop) { return new TrainOptions(data, scale, filters, recursions, patch, stride, batch, steps, minutes, out, resume, dir, every, crop, checkpointEvery, optimizer, lr, seed, aDecaySteps, weightDecay, momentum, clip, patience, logEvery, stopAfter, inferInit, chart, overwrite, holdout); }
    public TrainOptions withResume(boolean r, long stop) { return new TrainOptions(data, scale, filters, recursions, patch, stride, batch, steps, minutes, out, r, validate, validateEvery, validateCrop, checkpointEvery, optimizer, lr, seed, aDecaySteps, weightDecay, momentum, clip, patience, logEvery, stop, inferInit, chart, overwrite, holdout); }
    public TrainOptions withLogEvery(int every, boolean drawChart) { return new TrainOptions(data, scale, filters, recursions, patch, stride, batch, steps, minutes, out, resume, validate, validateEvery, validateCrop, checkpointEvery, optimizer, lr, seed, aDecaySteps, weightDecay, momentum, clip, patience, every, stopAfter, inferInit, drawChart, overwrite, holdout); }
    public TrainOptions withScale(int s) { return new TrainOptions(data, s, filters, recursions, patch, stride, batch, steps, minutes, out, resume, validate, validateEvery, validateCrop, checkpointEvery, optimizer, lr, seed, aDecaySteps, weightDecay, momentum, clip, patience, logEvery, stopAfter, inferInit, chart, overwrite, holdout); }
    public TrainOptions withMinutes(double m) { return new TrainOptions(data, scale, filters, recursions, patch, stride, batch, steps, m, out, resume, validate, validateEvery, validateCrop, checkpointEvery, optimizer, lr, seed, aDecaySteps, weightDecay, momentum, clip, patience, logEvery, stopAfter, inferInit, chart, overwrite, holdout); }
    public TrainOptions withOverwrite(boolean o) { return new TrainOptions(data, scale, filters, recursions, patch, stride, batch, steps, minutes, out, resume, validate, validateEvery, validateCrop, checkpointEvery, optimizer, lr, seed, aDecaySteps, weightDecay, momentum, clip, patience, logEvery, stopAfter, inferInit, chart, o, holdout); }
    public TrainOptions withHoldout(int h) { return new TrainOptions(data, scale, filters, recursions, patch, stride, batch, steps, minutes, out, resume, validate, validateEvery, validateCrop, checkpointEvery, optimizer, lr, seed, aDecaySteps, weightDecay, momentum, clip, patience, logEvery, stopAfter, inferInit, chart, overwrite, h); }
    public TrainOptions withADecaySteps(long s) { return new TrainOptions(data, scale, filters, recursions, patch, stride, batch, steps, minutes, out, resume, validate, validateEvery, validateCrop, checkpointEvery, optimizer, lr, seed, s, weightDecay, momentum, clip, patience, logEvery, stopAfter, inferInit, chart, overwrite, holdout); }

    /**
     * Range-checks every number of the run, naming the command-line option: finite, positive where it must be,
     * and small enough that the buffers it sizes (indexed by int) fit: the F x F x 3 x 3 weights and the
     * activations of one step, filters x patch^2 x batch x (recursions + 1) floats.
     *
     * @return this
     * @throws TrainingException (one sentence) for the first value out of range
     */
    public TrainOptions check() {
        atLeast("--scale", scale, 2);
        atLeast("--filters", filters, 1);
        atLeast("--recursions", recursions, 1);
        atLeast("--patch", patch, 1);
        atLeast("--stride", stride, 1);
        atLeast("--batch", batch, 1);
        atLeast("--steps", steps, 0);
        if (!Double.isFinite(minutes) || minutes < 0) {
            throw new TrainingException("--minutes must be a finite number of minutes above 0, not " + minutes + ".");
        }
        atLeast("--validate-every", validateEvery, 1);
        atLeast("--validate-crop", validateCrop, 0);
        atLeast("--checkpoint-every", checkpointEvery, 1);
        if (!Float.isFinite(lr) || lr <= 0) throw new TrainingException("--lr must be a finite number above 0, not " + lr + ".");
        atLeast("--a-decay-steps", aDecaySteps, 0);
        if (!Float.isFinite(weightDecay) || weightDecay < 0) {
            throw new TrainingException("--weight-decay must be a finite number of 0 or more, not " + weightDecay + ".");
        }
        if (!Float.isFinite(momentum) || momentum < 0 || momentum >= 1) {
            throw new TrainingException("The momentum must lie in [0, 1), not " + momentum + ".");
        }
        if (!Float.isFinite(clip) || clip < 0) throw new TrainingException("--clip must be a finite number of 0 or more, not " + clip + ".");
        atLeast("--patience", patience, 1);
        atLeast("--log-every", logEvery, 1);
        atLeast("--stop-after", stopAfter, 0);
        atLeast("--holdout", holdout, 0);
        if (validate != null && holdout > 0) {
            throw new TrainingException("Validate either on --validate DIR or on --holdout " + holdout + " training images, not both.");
        }
        // In double: exact enough to compare with 2^31 - 1, and no long overflow for any int inputs.
        double weights = 9.0 * filters * filters;
        if (weights > Integer.MAX_VALUE) {
            throw new TrainingException("--filters " + filters + " is too large: the " + filters + " x " + filters
                    + " x 3 x 3 weights of one layer would exceed " + Integer.MAX_VALUE + " floats.");
        }
        double activations = (double) filters * patch * patch * batch * (recursions + 1.0);
        if (activations > Integer.MAX_VALUE) {
            throw new TrainingException(String.format(java.util.Locale.ROOT, "--filters %d x --patch %d squared x --batch %d x "
                    + "(--recursions %d + 1) is %.0f activations per step, more than the %d one buffer can hold; make one of them smaller.",
                    filters, patch, batch, recursions, activations, Integer.MAX_VALUE));
        }
        return this;
    }

    private static void atLeast(String option, long value, long min) {
        if (value < min) {
            throw new TrainingException(option + " must be " + (min == 0 ? "0 or more" : min == 1 ? "positive" : "at least " + min)
                    + ", not " + value + ".");
        }
    }

    /** The file names that go with the model file {@code out}: {@code name.state.safetensors}, {@code name.csv}, {@code name.png}. */
    public Path stateFile() { return sibling(".state.safetensors"); }
    public Path logFile() { return sibling(".csv"); }
    public Path chartFile() { return sibling(".png"); }
    /** Held while a run writes these files, so a second run with the same {@code out} refuses (see {@link RunLock}). */
    public Path lockFile() { return out.resolveSibling("." + out.getFileName() + ".lock"); }

    private Path sibling(String suffix) {
        String name = out.getFileName().toString();
        String base = name.endsWith(".safetensors") ? name.substring(0, name.length() - ".safetensors".length()) : name;
        return out.resolveSibling(base + suffix);
    }
}
