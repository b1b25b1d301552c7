package drcn.bench.cli;

import drcn.runtime.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** {@code drcn bench} mistakes a user can make: one sentence, exit code 1, nothing written (runtime's UserErrorsTest has the rest). */
class BenchUserErrorsTest {

    @Test
    void outThatIsAFile(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("results"), "mine");
        PrintStream err = System.err;
        var captured = new ByteArrayOutputStream();
        int code;
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            code = Main.run("bench", "--out", file.toString(), "--quick", "--device", "jvm");
        } finally {
            System.setErr(err);
        }
        String said = captured.toString(StandardCharsets.UTF_8).strip();
        assertEquals(1, code, said);
        assertEquals("drcn: --out " + file + " is a file; drcn bench needs a folder for its results.", said);
        assertEquals("mine", Files.readString(file));
    }
}
