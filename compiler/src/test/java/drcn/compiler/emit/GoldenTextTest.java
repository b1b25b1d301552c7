package drcn.compiler.emit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The emitted C of each {@link TestKernels} program, compared exactly with
 * src/test/resources/golden/NAME.cl and NAME.cu. After an intended change to the emitter,
 * regenerate with {@code ./mvnw -B -q -pl compiler test -Dtest=GoldenTextTest -Dgolden.update=true}
 * and read the diff before committing it.
 */
class GoldenTextTest {
    /** Read from the source tree (not the class path) so that an update lands where it is committed. */
    private static final Path GOLDEN = Path.of("src", "test", "resources", "golden");

    static Stream<Arguments> programs() {
        return TestKernels.all().stream().flatMap(p -> Stream.of(Arguments.of(p, Dialect.OPENCL), Arguments.of(p, Dialect.CUDA)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("programs")
    void matchesGolden(TestKernels.Program program, Dialect dialect) throws IOException {
        String actual = program.emit(dialect);
        Path file = GOLDEN.resolve(program.name() + (dialect == Dialect.OPENCL ? ".cl" : ".cu"));
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(GOLDEN);
            Files.writeString(file, actual);
            System.out.println("golden.update: wrote " + file.toAbsolutePath());
            return;
        }
        assertTrue(Files.exists(file), file + " is missing; run with -Dgolden.update=true to create it");
        assertEquals(Files.readString(file), actual, "emitted " + dialect + " for " + program.name() + " differs from " + file);
    }
}
