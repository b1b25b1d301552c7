package drcn.runtime.cli;

import drcn.runtime.backends.Backends;
import drcn.runtime.image.DataDir;
import drcn.runtime.image.Images;
import drcn.runtime.model.DrcnParameters;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code drcn train --distributed mpi} under {@code mpirun -np 2} against the same run in one process: F=8 D=3, global
 * batch 8 (4 patches per process), 20 SGD steps on 11x11 patches, on the JVM backend and on OpenCL where present. The
 * two processes' gradients are averaged with MPI_Allreduce; one process sums the 8 patches itself, so the sums differ in
 * order only: the parameters agree to 1e-6 of their size. And a killed process stops both, the last checkpoint resumable
 * by one process. Skipped where mpirun is missing (apt-get install openmpi-bin libopenmpi-dev).
 */
class MpiTrainCommandTest {
    static final int STEPS = 20;
    static Path mpirun;
    static Path data;

    @BeforeAll
    static void setUp(@TempDir Path dir) throws Exception {
        Optional<Path> found = java.util.stream.Stream.of(System.getenv("PATH").split(":"))
                .map(p -> Path.of(p, "mpirun")).filter(Files::isExecutable).findFirst();
        Assumptions.assumeTrue(found.isPresent(), "mpirun is not installed (apt-get install openmpi-bin libopenmpi-dev)");
        mpirun = found.get();
        // two 40x40 crops: 16 patches of 11x11 at stride 10 per image, x8 flips/rotations
        data = Files.createDirectories(dir.resolve("data"));
        Path set5 = DataDir.locate().orElseThrow().resolve("Set5");
        Images.write(Images.read(set5.resolve("bird.png")).crop(60, 60, 40, 40), data.resolve("a.png"));
        Images.write(Images.read(set5.resolve("butterfly.png")).crop(100, 80, 40, 40), data.resolve("b.png"));
    }

    static List<String> options(Path out, String device, long steps, int checkpointEvery) {
        return new ArrayList<>(List.of("train", "--data", data.toString(), "--out", out.toString(), "--validate-every", "0",
                "--device", device, "--no-chart", "--filters", "8", "--recursions", "3", "--patch", "11", "--stride", "10",
                "--batch", "8", "--optimizer", "sgd", "--checkpoint-every", Integer.toString(checkpointEvery), "--log-every", "5",
                "--steps", Long.toString(steps)));
    }

    /** mpirun -np 2 of the CLI in fresh JVMs with this test's class path. */
    static Process mpirun(List<String> arguments, Path stderr) throws Exception {
        var command = new ArrayList<>(List.of(mpirun.toString(), "--allow-run-as-root", "--oversubscribe", "--bind-to", "none", "-np", "2"));
        if (System.getenv("LD_PRELOAD") != null) command.addAll(List.of("-x", "LD_PRELOAD"));   // libjsig, for PoCL's signal handlers
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(arguments);
        command.addAll(List.of("--distributed", "mpi"));
        var builder = new ProcessBuilder(command);
        // a process waiting in a collective yields its core instead of polling (both share two cores or fewer here)
        builder.environment().put("OMPI_MCA_mpi_yield_when_idle", "1");
        return builder.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(stderr.toFile()).start();
    }

    @Test
    void twoProcessesEqualOneOnJvm(@TempDir Path dir) throws Exception {
        twoProcessesEqualOne(dir, "jvm");
    }

    @Test
    void twoProcessesEqualOneOnOpenCL(@TempDir Path dir) throws Exception {
        Backends.Discovery d = Backends.discover("opencl");
        d.devices().forEach(drcn.runtime.backend.Device::close);
        Assumptions.assumeFalse(d.devices().isEmpty(), "no OpenCL device: " + d.unavailableReason());
        twoProcessesEqualOne(dir, "opencl");
    }

    private void twoProcessesEqualOne(Path dir, String device) throws Exception {
        Path one = dir.resolve("one.safetensors"), two = dir.resolve("two.safetensors");
        var r = EvalUpscaleCommandTest.drcn(options(one, device, STEPS, 1000).toArray(String[]::new));
        assertEquals(0, r.exitCode(), r.stderr());
        Path stderr = dir.resolve("stderr.txt");
        Process run = mpirun(options(two, device, STEPS, 1000), stderr);
        if (!run.waitFor(10, TimeUnit.MINUTES)) {
            run.descendants().forEach(ProcessHandle::destroyForcibly);
            run.destroyForcibly();
            fail("mpirun did not finish in 10 minutes: " + Files.readString(stderr));
        }
        assertEquals(0, run.exitValue(), Files.readString(stderr));
        assertTrue(Files.readString(stderr).contains("2 processes, 4 patches of each batch per process"), Files.readString(stderr));
        assertClose(DrcnParameters.load(one), DrcnParameters.load(two), 1e-6);
    }

    /** Per tensor: max |a - b| <= tolerance * max |a| (the tensors also moved away from their initial values). */
    static void assertClose(DrcnParameters expected, DrcnParameters actual, double tolerance) {
        for (Map.Entry<String, float[]> e : expected.asMap().entrySet()) {
            float[] a = e.getValue(), b = actual.asMap().get(e.getKey());
            double scale = 0, diff = 0;
            for (int i = 0; i < a.length; i++) {
                scale = Math.max(scale, Math.abs(a[i]));
                diff = Math.max(diff, Math.abs(a[i] - b[i]));
            }
            assertTrue(diff <= tolerance * scale, e.getKey() + ": max difference " + diff + " against max value " + scale);
        }
    }

    @Test
    void aKilledProcessStopsBothAndLeavesAResumableCheckpoint(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("m.safetensors");
        Path stderr = dir.resolve("stderr.txt");
        Process run = mpirun(options(out, "jvm", 100_000, 2), stderr);
        Path state = dir.resolve("m.state.safetensors");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (!Files.exists(state) && run.isAlive() && System.nanoTime() < deadline) Thread.sleep(50);
        assertTrue(run.isAlive(), "the run ended before a checkpoint: " + Files.readString(stderr));
        List<ProcessHandle> ranks = run.toHandle().descendants().filter(p -> p.info().command().orElse("").endsWith("java")).toList();
        ProcessHandle rank1 = ranks.stream().filter(p -> environment(p).contains("OMPI_COMM_WORLD_RANK=1")).findFirst()
                .orElseThrow(() -> new AssertionError("no process of rank 1 among " + ranks));
        new ProcessBuilder("kill", "-KILL", Long.toString(rank1.pid())).start().waitFor();
        assertTrue(run.waitFor(1, TimeUnit.MINUTES), "mpirun went on after a process was killed");
        assertNotEquals(0, run.exitValue());
        for (ProcessHandle p : ranks) assertTrue(p.onExit().get(30, TimeUnit.SECONDS) != null && !p.isAlive(), "process " + p.pid() + " still runs");
        String err = Files.readString(stderr);
        assertTrue(err.contains("exited on signal 9"), err);   // mpirun's own sentence: which process died and how

        // one process resumes what two started: the patch order is a function of the step and the global batch only
        long checkpoint = drcn.runtime.train.TrainState.load(state, drcn.runtime.train.TrainOptions.defaults(null, out)).step();
        var r = EvalUpscaleCommandTest.drcn("train", "--resume", "--out", out.toString(), "--device", "jvm", "--no-chart",
                "--steps", Long.toString(checkpoint + 2));
        assertEquals(0, r.exitCode(), r.stderr());
        assertTrue(r.stdout().contains("trained to step " + (checkpoint + 2)), r.stdout());
    }

    private static String environment(ProcessHandle p) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(p.pid()), "environ")).replace('\0', '\n');
        } catch (Exception e) {
            return "";
        }
    }
}
