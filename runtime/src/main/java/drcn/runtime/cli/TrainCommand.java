package drcn.runtime.cli;

import drcn.runtime.UserException;
import drcn.runtime.backend.Device;
import drcn.runtime.distributed.Collective;
import drcn.runtime.image.DataDir;
import drcn.runtime.model.DrcnConfig;
import drcn.runtime.model.DrcnParameters.InferInit;
import drcn.runtime.train.Schedule;
import drcn.runtime.train.TrainOptions;
import drcn.runtime.train.TrainOptions.Optimizer;
import drcn.runtime.train.Trainer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.Locale;

/** {@code drcn train}: trains a DRCN on the patches of a folder of images; see {@link Trainer} for the step. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a DRCN on the Y channel of a folder of images (41x41 patches, 8 flips/rotations, bicubic down/up input).",
                "Writes the model (safetensors), its training state (for --resume), a CSV log and a PNG chart beside --out.",
                "Schedule: a = max(0, 1 - step/a-decay-steps) (a quarter of the run by default), b = 1e-4 (in the paper's loss scale), gradient norm clipped "
                        + "to clip/lr, lr divided by 10 after --patience validations without a 0.01 dB gain."})
public final class TrainCommand implements java.util.concurrent.Callable<Integer> {

    /** The exit code of a run ended by Ctrl-C (SIGINT) after its checkpoint: 128 + 2, as the shell reports it. */
    static final int INTERRUPTED = 130;

    @Spec
    CommandSpec spec;

    @Option(names = "--data", paramLabel = "DIR", description = "Training images (default: data/T91).")
    Path data;

    @Option(names = "--scale", paramLabel = "S", defaultValue = "3", description = "Upscaling factor to train for (default: ${DEFAULT-VALUE}).")
    int scale;

    @Option(names = "--filters", paramLabel = "F", defaultValue = "" + DrcnConfig.DEFAULT_FILTERS,
            description = "Feature maps per layer (default: the paper's ${DEFAULT-VALUE}; 16-64 for a CPU).")
    int filters;

    @Option(names = "--recursions", paramLabel = "D", defaultValue = "" + DrcnConfig.DEFAULT_RECURSIONS,
            description = "Recursions of the inference conv (default: the paper's ${DEFAULT-VALUE}).")
    int recursions;

    @Option(names = "--patch", defaultValue = "41", description = "Patch side in pixels (default: ${DEFAULT-VALUE}).")
    int patch;

    @Option(names = "--stride", defaultValue = "21", description = "Stride between patches (default: ${DEFAULT-VALUE}).")
    int stride;

    @Option(names = "--batch", defaultValue = "64", description = "Patches per step (default: ${DEFAULT-VALUE}).")
    int batch;

    static final class Length {
        @Option(names = "--steps", paramLabel = "N", description = "Optimizer steps of the whole run.")
        Long steps;

        @Option(names = "--minutes", paramLabel = "M", description = "Train for M minutes of wall-clock time (this invocation).")
        Double minutes;
    }

    /** One of them for a new run; with --resume, neither continues to the length the run was started with. */
    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Length length = new Length();

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "Model file to write (e.g. drcn-x3.safetensors).")
    Path out;

    @Option(names = "--resume", description = "Continue the run whose state lies beside --out (its settings come from the state; "
            + "options that contradict them are refused).")
    boolean resume;

    @Option(names = "--overwrite", description = "Start a new run even where an earlier one left its model, state, log or chart at --out (they are replaced).")
    boolean overwrite;

    @Option(names = "--validate", paramLabel = "DIR", description = "Validate on the images of DIR instead of on images held out of --data.")
    Path validate;

    @Option(names = "--holdout", paramLabel = "N", description = "Hold N images of --data out of the training patches (picked by a hash of "
            + "their file names; the model's metadata names them) and validate on them; 0: no validation (default: "
            + TrainOptions.DEFAULT_HOLDOUT + ", or none with --validate).")
    Integer holdout;

    @Option(names = "--validate-every", paramLabel = "K", defaultValue = "500", description = "Validate every K steps; 0: never (default: ${DEFAULT-VALUE}).")
    int validateEvery;

    @Option(names = "--validate-crop", paramLabel = "C", defaultValue = "96",
            description = "Validate on the centre CxC of each image (fast on a CPU); 0: whole images (default: ${DEFAULT-VALUE}).")
    int validateCrop;

    @Option(names = "--checkpoint-every", paramLabel = "K", defaultValue = "1000", description = "Checkpoint every K steps (and at the end) (default: ${DEFAULT-VALUE}).")
    int checkpointEvery;

    @Option(names = "--optimizer", defaultValue = "adam", description = "sgd (momentum 0.9, the paper's) or adam (default: ${DEFAULT-VALUE}).")
    String optimizer;

    @Option(names = "--lr", paramLabel = "X", description = "Initial learning rate (default: 0.01 for sgd, 0.001 for adam).")
    Float lr;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the initial weights and the patch order (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--a-decay-steps", paramLabel = "N", defaultValue = "0",
            description = "Steps over which a falls from 1 to 0 (default: a quarter of the run).")
    long aDecaySteps;

    @Option(names = "--weight-decay", paramLabel = "B", defaultValue = "1e-4",
            description = "b of b*||W||^2 as the paper states it (default: ${DEFAULT-VALUE}). The paper's data terms sum squared "
                    + "errors over a patch and halve them; ours average over pixels, so the trainer applies b * 2 / patch^2.")
    float weightDecay;

    /**
     * The paper's b in our loss's scale. Paper: L = ... (1/2N) sum_i ||y_i - yhat_i||^2 + b ||W||^2, a squared norm
     * over the P = patch^2 pixels of each patch; ours: mean over N*P pixels. Dividing the paper's L by P/2 gives
     * ours, with b' = 2b / P (about 1.2e-7 for 41x41). Applying b = 1e-4 unscaled makes the decay term several
     * times the data term and stalls training.
     */
    private float weightDecayPerPixel() {
        return weightDecay * 2f / ((float) patch * patch);
    }

    @Option(names = "--clip", paramLabel = "THETA", defaultValue = "0.01",
            description = "Adjustable gradient clipping: max gradient norm = THETA/lr; 0: none (default: ${DEFAULT-VALUE}).")
    float clip;

    @Option(names = "--patience", defaultValue = "3", description = "Validations without gain before lr /= 10 (default: ${DEFAULT-VALUE}).")
    int patience;

    @Option(names = "--log-every", paramLabel = "K", defaultValue = "10", description = "A CSV row every K steps (default: ${DEFAULT-VALUE}).")
    int logEvery;

    @Option(names = "--stop-after", paramLabel = "STEP", defaultValue = "0",
            description = "Stop this invocation after STEP (checkpointed; continue with --resume).")
    long stopAfter;

    @Option(names = "--infer-init", defaultValue = "identity", description = "Initial recursive conv: identity (the paper's) or he (default: ${DEFAULT-VALUE}).")
    String inferInit;

    @Option(names = "--no-chart", description = "Do not draw the PNG chart.")
    boolean noChart;

    @Option(names = "--distributed", paramLabel = "KIND", defaultValue = "none",
            description = "none, or mpi: run under mpirun -np N; each process trains on 1/N of every batch and the gradients are "
                    + "averaged over the processes each step (rank 0 writes the files; see the README) (default: ${DEFAULT-VALUE}).")
    String distributed;

    @Mixin
    DeviceOptions deviceOptions;

    @Override
    public Integer call() {
        Optimizer opt = parseEnum(Optimizer.class, optimizer, "--optimizer", "sgd or adam");
        InferInit init = parseEnum(InferInit.class, inferInit, "--infer-init", "identity or he");
        if (scale < 2) throw new UserException("The scale must be 2 or more, not " + scale + ".");
        if (logEvery < 1 || patience < 1) throw new UserException("--log-every and --patience must be at least 1.");
        // Validation on --validate DIR, else on images held out of --data; --validate-every 0 turns both off.
        int held = validateEvery <= 0 || (validate != null && holdout == null) ? 0 : holdout != null ? holdout : TrainOptions.DEFAULT_HOLDOUT;
        // The numbers first (the folders, found below, can only be looked for once the numbers make sense).
        TrainOptions options = new TrainOptions(data, scale, filters, recursions, patch, stride, batch,
                length.steps == null ? 0 : length.steps, length.minutes == null ? 0 : length.minutes, out, resume,
                validate, Math.max(validateEvery, 1), validateCrop, checkpointEvery, opt, lr != null ? lr : opt.defaultLr,
                seed, aDecaySteps, weightDecayPerPixel(), 0.9f, clip, patience, logEvery, stopAfter, init, !noChart, overwrite, held);
        options.check();
        if (resume) {
            // The run's settings and folders come from its state (stored absolute): nothing is looked for here.
            refuseContradictions(options);
        } else {
            if (length.steps == null && length.minutes == null) throw new UserException("Give the run a length: --steps N or --minutes M.");
            Path dataDir = data != null ? data : defaultFolder("T91", "--data");
            Path validateDir = validateEvery <= 0 ? null : validate;
            options = options.withData(dataDir).withValidation(validateDir, options.validateEvery(), options.validateCrop());
            if (options.steps() > 0 && options.aDecaySteps() == 0) {
                options = options.withADecaySteps(Schedule.defaultADecaySteps(options.steps()));
            }
        }
        Collective collective = Collective.open(Collective.Kind.parse(distributed));
        try {
            int code = train(options, collective);
            collective.close();
            return code;
        } catch (RuntimeException e) {
            if (collective.size() == 1) throw e;
            // The other processes wait in their next collective: this one's sentence, then MPI_Abort ends them all.
            System.err.println("drcn: process " + collective.rank() + " of " + collective.size() + ": " + Main.userMessage(e));
            collective.abort(1);
            throw e;
        }
    }

    private int train(TrainOptions options, Collective collective) {
        if (collective.size() > 1) useLocalGpu();
        boolean lead = collective.rank() == 0;
        try (Device device = deviceOptions.open(); BarListener bar = new BarListener()) {
            Trainer trainer = new Trainer(device, options, lead ? bar : null).distributed(collective);
            Trainer.Result r = runStoppableByCtrlC(trainer);
            bar.close();
            if (!lead) return r.interrupted() ? INTERRUPTED : 0;
            if (r.interrupted()) {
                System.err.printf(Locale.ROOT, "drcn: interrupted at step %d; the checkpoint is in %s; continue with: drcn train --resume --out %s%n",
                        r.step(), options.out(), options.out());
                return INTERRUPTED;
            }
            System.out.printf(Locale.ROOT, "trained to step %d: loss %.4e, %.1f patches/s (%.2f steps/s) on %s%s%nwrote %s (+ %s, %s%s)%n",
                    r.step(), r.lastLoss(), r.patchesPerSecond(), r.stepsPerSecond(), device.info().name(),
                    Double.isNaN(r.valPsnr()) ? "" : String.format(Locale.ROOT, ", validation %.3f dB (bicubic %.3f dB)", r.valPsnr(), r.bicubicPsnr()),
                    options.out(), options.stateFile().getFileName(), options.logFile().getFileName(),
                    noChart || !java.nio.file.Files.exists(options.chartFile()) ? "" : ", " + options.chartFile().getFileName());
        } catch (IllegalArgumentException e) {
            throw new UserException("Cannot train: " + e.getMessage() + ".", e);
        }
        return 0;
    }

    /**
     * Several processes on one machine with several GPUs: a {@code --device cuda} without a device
     * number takes the process's local rank (mpirun's OMPI_COMM_WORLD_LOCAL_RANK, torchrun's LOCAL_RANK) as its number.
     */
    private void useLocalGpu() {
        String device = deviceOptions.device;
        if (device == null || device.contains(":") || !device.equals("cuda")) return;
        String local = System.getenv("OMPI_COMM_WORLD_LOCAL_RANK");
        if (local == null) local = System.getenv("LOCAL_RANK");
        if (local != null) deviceOptions.device = device + ":" + local.trim();
    }

    /**
     * Runs the trainer with Ctrl-C (SIGINT) asking it to stop after the current step and write its checkpoint;
     * a second Ctrl-C goes to the JVM's own handler (exit at once). The previous handler is restored afterwards.
     */
    private static Trainer.Result runStoppableByCtrlC(Trainer trainer) {
        sun.misc.Signal interrupt = new sun.misc.Signal("INT");
        var previous = new java.util.concurrent.atomic.AtomicReference<sun.misc.SignalHandler>();
        try {
            previous.set(sun.misc.Signal.handle(interrupt, signal -> {
                if (trainer.stopRequested()) {
                    previous.get().handle(signal);
                } else {
                    trainer.requestStop();
                    System.err.println();
                    System.err.println("drcn: stopping after this step to write a checkpoint (Ctrl-C again to quit at once)");
                }
            }));
        } catch (IllegalArgumentException e) {
            // SIGINT was ignored when the JVM started (a background job of a script): no Ctrl-C can arrive
            return trainer.run();
        }
        try {
            return trainer.run();
        } finally {
            sun.misc.Signal.handle(interrupt, previous.get());
        }
    }

    /**
     * With --resume the run's settings come from its state file: an option typed on the command line that
     * differs from them is refused, all such options named in one sentence (the length, --out, --stop-after,
     * --no-chart and the device options may change between invocations).
     */
    private void refuseContradictions(TrainOptions given) {
        TrainOptions saved = drcn.runtime.train.TrainState.load(given.stateFile(), given).options();
        var clashes = new java.util.ArrayList<String>();
        clash(clashes, "--data", data == null ? null : data.toAbsolutePath().normalize(), saved.data().toAbsolutePath().normalize());
        clash(clashes, "--scale", scale, saved.scale());
        clash(clashes, "--filters", filters, saved.filters());
        clash(clashes, "--recursions", recursions, saved.recursions());
        clash(clashes, "--patch", patch, saved.patch());
        clash(clashes, "--stride", stride, saved.stride());
        clash(clashes, "--batch", batch, saved.batch());
        clash(clashes, "--validate", validate == null ? null : validate.toAbsolutePath().normalize(),
                saved.validate() == null ? null : saved.validate().toAbsolutePath().normalize());
        clash(clashes, "--holdout", holdout, saved.holdout());
        if (!(validateEvery <= 0 && saved.validate() == null && saved.holdout() == 0)) clash(clashes, "--validate-every", validateEvery, saved.validateEvery());
        clash(clashes, "--validate-crop", validateCrop, saved.validateCrop());
        clash(clashes, "--checkpoint-every", checkpointEvery, saved.checkpointEvery());
        clash(clashes, "--optimizer", given.optimizer(), saved.optimizer());
        clash(clashes, "--lr", lr, saved.lr());
        clash(clashes, "--seed", seed, saved.seed());
        clash(clashes, "--a-decay-steps", aDecaySteps, saved.aDecaySteps());
        if (given.weightDecay() != saved.weightDecay()) {
            // shown as typed: the paper's b (the options hold b * 2 / patch^2, see weightDecayPerPixel)
            clash(clashes, "--weight-decay", weightDecay, saved.weightDecay() * saved.patch() * saved.patch() / 2f);
        }
        clash(clashes, "--clip", clip, saved.clip());
        clash(clashes, "--patience", patience, saved.patience());
        clash(clashes, "--log-every", logEvery, saved.logEvery());
        clash(clashes, "--infer-init", given.inferInit(), saved.inferInit());
        if (!clashes.isEmpty()) {
            throw new UserException("--resume continues the run saved in " + given.stateFile() + " with its own settings, which "
                    + String.join(", ", clashes) + " contradict" + (clashes.size() == 1 ? "s" : "") + "; drop "
                    + (clashes.size() == 1 ? "it" : "them") + ", or start a new run with another --out.");
        }
    }

    /** Adds "--option GIVEN (the run has SAVED)" when the option was typed and differs from the saved value. */
    private void clash(java.util.List<String> clashes, String option, Object given, Object saved) {
        if (!spec.commandLine().getParseResult().hasMatchedOption(option)) return;
        if (java.util.Objects.equals(given, saved)) return;
        clashes.add(option + " " + given + " (the run has " + saved + ")");
    }

    private static <E extends Enum<E>> E parseEnum(Class<E> type, String value, String option, String allowed) {
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UserException(option + " must be " + allowed + ", not '" + value + "'.");
        }
    }

    private static Path defaultFolder(String name, String option) {
        return DataDir.locate().map(d -> d.resolve(name))
                .orElseThrow(() -> new UserException("No data/" + name + " folder was found from here: give " + option + " DIR."));
    }

    /** The progress bar (me.tongfei:progressbar) on stderr: step of total, loss, validation PSNR, patches/s. */
    private static final class BarListener implements Trainer.Listener, AutoCloseable {
        private ProgressBar bar;

        @Override
        public void started(long firstStep, long totalSteps, String summary) {
            bar = new ProgressBarBuilder().setTaskName("train").setInitialMax(totalSteps > 0 ? totalSteps : -1)
                    .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(1000).startsFrom(firstStep, java.time.Duration.ZERO)
                    .continuousUpdate().build();
        }

        @Override
        public void stepped(long step, long totalSteps, String status) {
            if (bar == null) return;
            if (totalSteps > 0 && bar.getMax() != totalSteps) bar.maxHint(totalSteps);
            bar.stepTo(step);
            bar.setExtraMessage(" " + status);
        }

        @Override
        public void message(String line) {
            System.err.println(line);
        }

        @Override
        public void close() {
            if (bar != null) bar.close();
            bar = null;
        }
    }
}
