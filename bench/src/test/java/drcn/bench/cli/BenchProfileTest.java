package drcn.bench.cli;

import drcn.runtime.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** {@code drcn bench --profile-json FILE}: each JMH trial profiles its own device and writes its own file beside FILE. */
class BenchProfileTest {

    @Test
    void everyTrialWritesItsProfile(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("profile.json");
        int code = Main.run("bench", "--out", dir.resolve("out").toString(), "--quick", "--device", "jvm",
                "--include", "^drcn\\.bench\\.PointwiseBench\\.ensembleForward$", "--filters", "4", "--recursions", "2",
                "--batch", "1", "--patch", "8", "--profile-json", json.toString());
        assertEquals(0, code);
        Path trial = dir.resolve("profile-PointwiseBench.ensembleForward-batch1-filters4-recursions2-size8.json");
        assertTrue(Files.isRegularFile(trial), "no per-trial profile; the folder holds " + list(dir));
        String profile = Files.readString(trial);
        assertTrue(profile.contains("Ensemble.ensembleForward"), profile);
        assertFalse(Files.exists(json), "the unsuffixed file is never written");
    }

    private static String list(Path dir) throws Exception {
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).toList().toString();
        }
    }
}
