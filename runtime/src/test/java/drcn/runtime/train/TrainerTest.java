package drcn.runtime.train;

import drcn.runtime.backends.Backends;
import drcn.runtime.backend.Device;
import drcn.runtime.model.DrcnParameters;
import drcn.runtime.train.TrainOptions.Optimizer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The trainer on the JVM backend with a tiny DRCN (F=4, D=2) on 11x11 patches of a few small images. */
class TrainerTest {
    @TempDir static Path root;
    static Device jvm;
    /**
     * The first OpenCL device where there is one (PoCL on the CI machines), else the JVM: the JVM backend
     * runs the barrier kernels of the backward pass with a virtual thread per work-item and takes seconds
     * per step even for this tiny model, too slow for a few hundred steps.
     */
    static Device fast;
    static Path train, validate;

    @BeforeAll
    static void setUp() throws Exception {
        jvm = Backends.open("jvm", 0);
        Backends.Discovery d = Backends.discover("opencl");
        fast = d.devices().isEmpty() ? jvm : d.devices().getFirst();
        for (int i = 1; i < d.devices().size(); i++) d.devices().get(i).close();
        System.out.println("fast device: " + fast.info().name());
        train = TinyData.crops(root.resolve("train"), 0, 2, 48);
        validate = TinyData.crops(root.resolve("validate"), 10, 1, 24);
    }

    @AfterAll
    static void tearDown() {
        if (fast != jvm) fast.close();
        jvm.close();
    }

    private static TrainOptions tiny(Path out) {
        return TrainOptions.defaults(train, out).withModel(4, 2).withPatches(11, 6, 8).withLogEvery(5, false);
    }

    @Test
    void aTinyModelLowersTheLoss() throws Exception {
        Path out = root.resolve("loss/model.safetensors");
        Files.createDirectories(out.getParent());
        int steps = fast == jvm ? 40 : 300;
        TrainOptions o = tiny(out).withPatches(11, 6, 16).withOptimizer(Optimizer.ADAM, 3e-3f).withSteps(steps).withCheckpoints(steps)
                .withLogEvery(1, true).withValidation(validate, steps / 2, 0);
        Trainer.Result r = new Trainer(fast, o, null).run();
        assertEquals(steps, r.step());
        List<TrainingLog.Row> rows = new TrainingLog(o.logFile(), null, Long.MAX_VALUE).rows();
        // the first 5 steps against the last fifth (per-step losses of different batches are noisy)
        int tail = steps / 5;
        double first = rows.subList(0, 5).stream().mapToDouble(TrainingLog.Row::loss).average().orElseThrow();
        double last = rows.subList(rows.size() - tail, rows.size()).stream().mapToDouble(TrainingLog.Row::loss).average().orElseThrow();
        double firstL2 = rows.subList(0, 5).stream().mapToDouble(TrainingLog.Row::l2).average().orElseThrow();
        double lastL2 = rows.subList(rows.size() - tail, rows.size()).stream().mapToDouble(TrainingLog.Row::l2).average().orElseThrow();
        System.out.printf("loss %.3e -> %.3e, ensemble MSE %.3e -> %.3e; validation %.2f dB (bicubic %.2f dB); %.0f patches/s%n",
                first, last, firstL2, lastL2, r.valPsnr(), r.bicubicPsnr(), r.patchesPerSecond());
        // The total loss falls clearly; with F=4 over a few hundred steps most of that is the weight-decay
        // term, the ensemble MSE itself moves little (a tiny net learns the residual over bicubic slowly),
        // so it is only required not to grow.
        assertTrue(last < 0.8 * first, "the loss falls: " + first + " -> " + last);
        assertTrue(lastL2 < 1.05 * firstL2, "the ensemble MSE does not grow: " + firstL2 + " -> " + lastL2);
        assertTrue(Files.isRegularFile(o.chartFile()) && Files.size(o.chartFile()) > 1000, "a chart is drawn");
        DrcnParameters saved = DrcnParameters.load(out);
        assertEquals(Integer.toString(steps), saved.metadata().get("training.steps"));
        assertTrue(saved.metadata().containsKey("training.validation.psnr"));
        assertNoTempFiles(out.getParent());
    }

    @ParameterizedTest
    @EnumSource(Optimizer.class)
    void stopAndResumeGiveTheSameParametersAsAStraightRun(Optimizer optimizer) throws Exception {
        Path dir = root.resolve("resume-" + optimizer);
        Files.createDirectories(dir);
        // validation every 3 steps with patience 1 makes the plateau rule change lr during the run
        TrainOptions base = tiny(null).withPatches(11, 6, 2).withOptimizer(optimizer, optimizer.defaultLr).withSteps(7)
                .withCheckpoints(2).withValidation(validate, 2, 0).withADecaySteps(4);
        base = new TrainOptions(base.data(), base.scale(), base.filters(), base.recursions(), base.patch(), base.stride(), base.batch(),
                base.steps(), 0, null, false, base.validate(), base.validateEvery(), 0, base.checkpointEvery(), optimizer, optimizer.defaultLr,
                base.seed(), base.aDecaySteps(), base.weightDecay(), base.momentum(), base.clip(), 1, 1, 0, base.inferInit(), false, false, 0);
        TrainOptions straight = withOut(base, dir.resolve("straight.safetensors"));
        DrcnParameters a = new Trainer(jvm, straight, null).run().parameters();

        TrainOptions chunked = withOut(base, dir.resolve("chunked.safetensors"));
        Trainer.Result stopped = new Trainer(jvm, chunked.withResume(false, 3), null).run();
        assertEquals(3, stopped.step());
        // the second invocation gives only the length: everything else comes from the state file
        TrainOptions again = TrainOptions.defaults(Path.of("ignored"), chunked.out()).withSteps(7).withResume(true, 0);
        DrcnParameters b = new Trainer(jvm, again, null).run().parameters();

        for (String name : DrcnParameters.NAMES) assertArrayEquals(a.get(name), b.get(name), name + " differs after stop + resume");
        assertArrayEquals(a.get("infer.weight"), DrcnParameters.load(chunked.out()).get("infer.weight"));
        List<Long> steps = new TrainingLog(chunked.logFile(), null, Long.MAX_VALUE).rows().stream().map(TrainingLog.Row::step).toList();
        assertEquals(steps.stream().distinct().sorted().toList(), steps, "the resumed log has each step once, in order");
        assertNoTempFiles(dir);
    }

    @Test
    void heldOutImagesAreNamedInTheMetadataAndTheSplitSurvivesAMoveAndAResume() throws Exception {
        Path dir = root.resolve("holdout");
        Path data = TinyData.crops(dir.resolve("first/tiny91"), 20, 5, 30);
        TrainOptions o = withOut(tiny(null).withPatches(11, 6, 2).withSteps(4).withCheckpoints(2).withValidation(null, 2, 0).withHoldout(2)
                .withData(data), dir.resolve("m.safetensors"));
        new Trainer(jvm, o.withResume(false, 2), null).run();
        TrainingData split = TrainingData.of(data, 2);
        String checksum = TrainingData.checksum(data);

        // the folder moves (another machine): --resume finds it by its checksum, and keeps the split
        Path moved = dir.resolve("second/tiny91");
        Files.createDirectories(moved.getParent());
        Files.move(data, moved);
        TrainOptions again = TrainOptions.defaults(moved, o.out()).withSteps(4).withResume(true, 0);
        Trainer.Result r = new Trainer(jvm, again, null).run();
        assertEquals(4, r.step());
        assertTrue(Double.isFinite(r.valPsnr()), "validated on the held-out images");

        var meta = DrcnParameters.load(o.out()).metadata();
        assertEquals("tiny91", meta.get("training.data"));
        assertEquals(checksum, meta.get("training.data.sha256"));
        assertEquals(split.heldOutNames(), meta.get("training.holdout"));
        assertEquals("3", meta.get("training.images"));
        assertTrue(meta.get("training.validation").startsWith("2 images held out of tiny91 (" + split.heldOutNames() + ")"), meta.get("training.validation"));
        for (var e : meta.entrySet()) assertFalse(e.getValue().contains(root.toString()), "a path of this machine in " + e.getKey() + ": " + e.getValue());
        var state = drcn.runtime.model.Safetensors.read(o.stateFile()).metadata();
        assertEquals(split.heldOutNames(), state.get("holdout.images"));
        assertEquals(moved.toAbsolutePath().normalize().toString(), state.get("data"), "the state keeps the path it trained from");

        // other images under the run's name are not taken for its own
        Path changed = dir.resolve("third/tiny91");
        TinyData.crops(changed, 30, 5, 30);
        Files.move(moved, dir.resolve("gone"));
        TrainOptions elsewhere = TrainOptions.defaults(changed, o.out()).withSteps(6).withResume(true, 0);
        TrainingException e = assertThrows(TrainingException.class, () -> new Trainer(jvm, elsewhere, null).run());
        assertTrue(e.getMessage().contains("sha256 " + checksum) && e.getMessage().endsWith("give their folder with --data DIR."), e.getMessage());
    }

    @Test
    void aDivergingRunStopsAndKeepsTheLastGoodCheckpoint() throws Exception {
        Path dir = root.resolve("nan");
        Files.createDirectories(dir);
        Path out = dir.resolve("model.safetensors");
        TrainOptions o = tiny(out).withOptimizer(Optimizer.SGD, 1e3f).withSteps(200).withCheckpoints(1);
        o = new TrainOptions(o.data(), o.scale(), o.filters(), o.recursions(), o.patch(), o.stride(), o.batch(), o.steps(), 0, out,
                false, null, 1, 0, 1, Optimizer.SGD, 1e3f, 1, 0, 1e-4f, 0.9f, 0f, 3, 1, 0, o.inferInit(), false, false, 0);
        TrainOptions options = o;
        TrainingException e = assertThrows(TrainingException.class, () -> new Trainer(fast, options, null).run());
        System.out.println(e.getMessage());
        assertTrue(e.getMessage().startsWith("Training diverged at step "), e.getMessage());
        assertTrue(e.getMessage().contains("is kept"), e.getMessage());
        DrcnParameters kept = DrcnParameters.load(out);
        for (float[] v : kept.asMap().values()) for (float x : v) assertTrue(Float.isFinite(x), "the kept checkpoint is finite");
        long keptStep = Long.parseLong(kept.metadata().get("training.steps"));
        assertTrue(e.getMessage().contains("step " + keptStep + " in"), e.getMessage());
        assertNoTempFiles(dir);
    }

    @Test
    void resumingWithMinutesTrainsPastTheFirstRunsLength() throws Exception {
        Path dir = root.resolve("resume-minutes");
        Files.createDirectories(dir);
        TrainOptions first = withOut(tiny(null).withPatches(11, 6, 2).withSteps(4), dir.resolve("m.safetensors"));
        assertEquals(4, new Trainer(jvm, first, null).run().step());
        // only the length is given again: M more minutes, not the 4 steps the run was started with
        TrainOptions more = TrainOptions.defaults(Path.of("ignored"), first.out()).withMinutes(0.02).withResume(true, 0);
        Trainer.Result r = new Trainer(jvm, more, null).run();
        assertTrue(r.step() > 4, "resumed with --minutes, the run stopped at step " + r.step());
        assertEquals(r.step(), Long.parseLong(DrcnParameters.load(first.out()).metadata().get("training.steps")));
        assertNoTempFiles(dir);
    }

    @Test
    void anExistingModelIsNotOverwrittenWithoutResume() throws Exception {
        Path out = root.resolve("exists.safetensors");
        Files.writeString(out, "x");
        TrainingException e = assertThrows(TrainingException.class, () -> new Trainer(jvm, tiny(out).withSteps(2), null).run());
        assertTrue(e.getMessage().contains("--resume"), e.getMessage());
        assertEquals("x", Files.readString(out));
    }

    private static TrainOptions withOut(TrainOptions o, Path out) {
        return new TrainOptions(o.data(), o.scale(), o.filters(), o.recursions(), o.patch(), o.stride(), o.batch(), o.steps(), o.minutes(),
                out, o.resume(), o.validate(), o.validateEvery(), o.validateCrop(), o.checkpointEvery(), o.optimizer(), o.lr(), o.seed(),
                o.aDecaySteps(), o.weightDecay(), o.momentum(), o.clip(), o.patience(), o.logEvery(), o.stopAfter(), o.inferInit(), o.chart(), o.overwrite(), o.holdout());
    }

    private static void assertNoTempFiles(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            List<String> temps = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp") || n.startsWith(".")).toList();
            assertTrue(temps.isEmpty(), "temporary files left: " + temps);
        }
        assertFalse(Files.exists(dir.resolve(".tmp")));
    }
}
