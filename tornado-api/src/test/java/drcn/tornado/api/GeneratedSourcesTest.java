package drcn.tornado.api;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The classes written by tornado-api/gen's generators (vectors, collections, matrices, images) are what the generators
 * write today: each generator runs in a scratch copy of the source tree, and every file it writes must equal the one
 * kept here, so an edit to a generated file (or to a generator without running it) fails. Skipped without python3.
 */
class GeneratedSourcesTest {

    private static final Path MODULE = Path.of("").toAbsolutePath(); // surefire runs in tornado-api/
    private static final String TYPES = "src/main/java/drcn/tornado/api/types";

    @Test
    void generatedClassesEqualTheirGeneratorsOutput() throws Exception {
        Assumptions.assumeTrue(Stream.of(System.getenv().getOrDefault("PATH", "").split(":")).anyMatch(d -> Files.isExecutable(Path.of(d, "python3"))),
                "python3 is not on PATH");
        List<Path> generators;
        try (var files = Files.list(MODULE.resolve("gen"))) {
            generators = files.filter(f -> f.toString().endsWith(".py")).sorted().toList();
        }
        assertFalse(generators.isEmpty(), "no generators in " + MODULE.resolve("gen"));
        Path scratch = Files.createTempDirectory("drcn-gen");
        Path types = scratch.resolve("tornado-api").resolve(TYPES);
        for (String pkg : List.of("vectors", "collections", "matrix", "images")) Files.createDirectories(types.resolve(pkg));
        var problems = new ArrayList<String>();
        int compared = 0;
        for (Path generator : generators) {
            Process p = new ProcessBuilder("python3", generator.toString()).directory(scratch.toFile()).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes());
            assertTrue(p.waitFor(2, TimeUnit.MINUTES), generator + " did not finish");
            assertEquals(0, p.exitValue(), generator + " failed:\n" + output);
        }
        try (var written = Files.walk(types)) {
            for (Path file : written.filter(Files::isRegularFile).toList()) {
                Path kept = MODULE.resolve(TYPES).resolve(types.relativize(file).toString());
                compared++;
                if (!Files.exists(kept)) problems.add(kept + " is missing (the generator writes it)");
                else if (!Files.readString(kept).equals(Files.readString(file))) problems.add(kept + " differs from its generator's output");
            }
        }
        assertTrue(compared > 0, "the generators wrote nothing");
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }
}
