package drcn.compiler.emit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every hand-built program compiled by the real device toolchains, without a device:
 * CUDA C through {@code nvcc -ptx} and {@code ptxas} for sm_90 and sm_80, OpenCL C through
 * clang's OpenCL 1.2 front end ({@code -fsyntax-only}). A missing tool skips the check with the reason.
 */
class ToolchainCheckTest {

    static Stream<Arguments> cudaTargets() {
        return TestKernels.all().stream().flatMap(p -> Stream.of(Arguments.of(p, "sm_90"), Arguments.of(p, "sm_80")));
    }

    static Stream<TestKernels.Program> programs() {
        return TestKernels.all().stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cudaTargets")
    void cudaCompilesWithNvccAndPtxas(TestKernels.Program program, String arch, @TempDir Path dir) throws Exception {
        Optional<Path> nvcc = onPath("nvcc"), ptxas = onPath("ptxas");
        Assumptions.assumeTrue(nvcc.isPresent() && ptxas.isPresent(), "nvcc or ptxas is not on PATH: CUDA C not checked");
        Path cu = dir.resolve(program.name() + ".cu");
        Files.writeString(cu, program.emit(Dialect.CUDA));
        Path ptx = dir.resolve(program.name() + ".ptx");
        Result nv = run(dir, nvcc.get().toString(), "-ptx", "-arch=" + arch, "-o", ptx.toString(), cu.toString());
        assertEquals(0, nv.exit, "nvcc failed on " + cu + ":\n" + nv.output + "\n" + Files.readString(cu));
        Result as = run(dir, ptxas.get().toString(), "-arch=" + arch, "-v", ptx.toString(), "-o", dir.resolve(program.name() + ".cubin").toString());
        assertEquals(0, as.exit, "ptxas failed on " + ptx + ":\n" + as.output);
        // The register and spill lines, for the reader of the test log.
        as.output.lines().filter(l -> l.contains("registers") || l.contains("spill"))
                .forEach(l -> System.out.println(program.name() + " " + arch + ": " + l.strip()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("programs")
    void openclPassesClangSyntaxCheck(TestKernels.Program program, @TempDir Path dir) throws Exception {
        Optional<Path> clang = Stream.of("clang", "clang-19", "clang-18", "clang-17", "clang-16", "clang-15", "clang-14")
                .map(ToolchainCheckTest::onPath).flatMap(Optional::stream).findFirst();
        Assumptions.assumeTrue(clang.isPresent(), "no clang on PATH: OpenCL C not syntax-checked");
        Path cl = dir.resolve(program.name() + ".cl");
        Files.writeString(cl, program.emit(Dialect.OPENCL));
        Result r = run(dir, clang.get().toString(), "-x", "cl", "-cl-std=CL1.2", "-fsyntax-only",
                "-Xclang", "-finclude-default-header", "-Werror", cl.toString());
        assertEquals(0, r.exit, clang.get() + " rejected " + cl + ":\n" + r.output + "\n" + Files.readString(cl));
    }

    private record Result(int exit, String output) {}

    private static Result run(Path dir, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(List.of(command)).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return new Result(-1, "timed out: " + String.join(" ", command) + "\n" + output);
        }
        return new Result(process.exitValue(), output);
    }

    static Optional<Path> onPath(String tool) {
        String path = System.getenv("PATH");
        if (path == null) return Optional.empty();
        for (String entry : path.split(File.pathSeparator)) {
            Path candidate = Path.of(entry, tool);
            if (Files.isExecutable(candidate)) return Optional.of(candidate);
        }
        return Optional.empty();
    }
}
