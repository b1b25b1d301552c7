package drcn.runtime.cli;

import drcn.runtime.image.DataDir;
import drcn.runtime.image.Images;
import drcn.runtime.model.DrcnParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code kill -INT} a training run in its own JVM, {@code --resume} it from another working folder: the model
 * equals a straight run's bit for bit. A tiny DRCN (F=4, D=2, 11x11 patches, batch 2) on the JVM backend, whose
 * kernels are deterministic; about a second a step.
 */
class TrainInterruptTest {
    static final int STEPS = 5;

    private static List<String> options(String data, Path out) {
        return new ArrayList<>(List.of("train", "--data", data, "--out", out.toString(), "--validate-every", "0", "--device", "jvm",
                "--no-chart", "--filters", "4", "--recursions", "2", "--patch", "11", "--stride", "10", "--batch", "2",
                "--checkpoint-every", "100", "--log-every", "1", "--steps", Integer.toString(STEPS)));
    }

    private static Process start(Path workingFolder, List<String> arguments, Path stderr) throws Exception {
        var command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(arguments);
        return new ProcessBuilder(command).directory(workingFolder.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(stderr.toFile()).start();
    }

    @Test
    void interruptedAndResumedFromAnotherFolderEqualsAStraightRun(@TempDir Path dir) throws Exception {
        Path first = Files.createDirectories(dir.resolve("first/data")).getParent();
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Path set5 = DataDir.locate().orElseThrow().resolve("Set5");
        Images.write(Images.read(set5.resolve("bird.png")).crop(60, 60, 40, 40), first.resolve("data/a.png"));

        Path straight = dir.resolve("straight.safetensors");
        var r = EvalUpscaleCommandTest.drcn(options(first.resolve("data").toString(), straight).toArray(String[]::new));
        assertEquals(0, r.exitCode(), r.stderr());

        // --data relative to the first working folder: the state must not depend on it
        Path out = dir.resolve("out/m.safetensors");
        Files.createDirectories(out.getParent());
        Path stderr = dir.resolve("stderr.txt");
        Process run = start(first, options("data", out), stderr);
        Path csv = out.resolveSibling("m.csv");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (rows(csv) < 1 && run.isAlive() && System.nanoTime() < deadline) Thread.sleep(20);
        assertTrue(run.isAlive(), "the run ended before it was interrupted: " + Files.readString(stderr));
        org.junit.jupiter.api.Assumptions.assumeFalse(ignoresSigint(run.pid()), "SIGINT is ignored in this process tree (a background job)");
        new ProcessBuilder("kill", "-INT", Long.toString(run.pid())).start().waitFor();
        assertTrue(run.waitFor(2, TimeUnit.MINUTES));
        String said = Files.readString(stderr, StandardCharsets.UTF_8);
        assertEquals(TrainCommand.INTERRUPTED, run.exitValue(), said);
        assertTrue(said.contains("continue with: drcn train --resume --out " + out), said);
        long stoppedAt = Long.parseLong(DrcnParameters.load(out).metadata().get("training.steps"));
        assertTrue(stoppedAt >= 1 && stoppedAt < STEPS, "stopped at step " + stoppedAt);

        Process resumed = start(elsewhere, List.of("train", "--resume", "--out", out.toString(), "--device", "jvm", "--no-chart"), stderr);
        assertTrue(resumed.waitFor(2, TimeUnit.MINUTES));
        assertEquals(0, resumed.exitValue(), Files.readString(stderr));

        DrcnParameters a = DrcnParameters.load(straight), b = DrcnParameters.load(out);
        for (String name : DrcnParameters.NAMES) assertArrayEquals(a.get(name), b.get(name), name + " differs after kill -INT + resume");
        assertEquals(Integer.toString(STEPS), b.metadata().get("training.steps"));
        try (var files = Files.list(out.getParent())) {
            assertEquals(List.of("m.csv", "m.safetensors", "m.state.safetensors"), files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    /** Whether the process ignores SIGINT (Linux: bit 1 of the SigIgn mask); false where that cannot be read. */
    private static boolean ignoresSigint(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("SigIgn:")) return (Long.parseUnsignedLong(line.substring(7).strip(), 16) & 2) != 0;
            }
        } catch (Exception e) {
            // not Linux
        }
        return false;
    }

    /** Rows of the training log so far (0 while it does not exist). */
    private static long rows(Path csv) throws Exception {
        if (!Files.exists(csv)) return 0;
        return Files.readAllLines(csv).stream().filter(l -> !l.isBlank() && !l.startsWith("step")).count();
    }
}
