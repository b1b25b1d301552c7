package drcn.runtime.distributed;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.lang.foreign.AddressLayout;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * NcclCollective's bindings against the installed nccl.h, without a GPU: a C program prints the constants we hard-code
 * and the sizes our layouts assume, and each bound function's parameter list in the preprocessed header must map onto
 * our FunctionDescriptor (pointers and handles as ADDRESS, size_t as JAVA_LONG, int and enums as JAVA_INT, ncclUniqueId
 * by value as its 128-byte struct). Skipped where gcc or nccl.h is missing ($NCCL_HOME/include, /usr/include,
 * $CUDA_HOME/include).
 */
class NcclHeaderTest {

    static Optional<Path> include() {
        return Stream.of(System.getenv("NCCL_HOME") == null ? null : Path.of(System.getenv("NCCL_HOME"), "include"), Path.of("/usr/include"),
                        Path.of(System.getenv().getOrDefault("CUDA_HOME", "/usr/local/cuda"), "include"))
                .filter(p -> p != null && Files.isRegularFile(p.resolve("nccl.h"))).findFirst();
    }

    static Path assumeHeader() {
        Optional<Path> include = include();
        Assumptions.assumeTrue(include.isPresent(), "nccl.h is not installed (NVIDIA's libnccl-dev, or set NCCL_HOME)");
        Assumptions.assumeTrue(Stream.of(System.getenv("PATH").split(":")).anyMatch(p -> Files.isExecutable(Path.of(p, "gcc"))), "no gcc");
        return include.get();
    }

    @Test
    void constantsAndSizesMatchNcclH() throws Exception {
        Path include = assumeHeader();
        Path dir = Files.createTempDirectory("drcn-nccl-h");
        Files.writeString(dir.resolve("constants.c"), """
                #include <nccl.h>
                #include <stdio.h>
                int main(void) {
                  printf("%d %d %d %d %d %zu %zu %zu %zu\\n", NCCL_UNIQUE_ID_BYTES, ncclSuccess, ncclUint8, ncclFloat32, ncclSum,
                    sizeof(ncclUniqueId), sizeof(ncclResult_t), sizeof(ncclDataType_t), sizeof(ncclRedOp_t));
                  return 0;
                }
                """);
        run(dir, "gcc", "-I" + include, "-I" + Path.of(System.getenv().getOrDefault("CUDA_HOME", "/usr/local/cuda"), "include"), "constants.c", "-o", "constants");
        assertEquals(List.of(NcclCollective.UNIQUE_ID_BYTES, NcclCollective.SUCCESS, NcclCollective.UINT8, NcclCollective.FLOAT32,
                        NcclCollective.SUM, (int) NcclCollective.UNIQUE_ID.byteSize(), 4, 4, 4),
                Stream.of(run(dir, dir.resolve("constants").toString()).trim().split(" ")).map(Integer::parseInt).toList());
    }

    @Test
    void everyBindingHasNcclHsParameterTypes() throws Exception {
        Path include = assumeHeader();
        Path dir = Files.createTempDirectory("drcn-nccl-h");
        Files.writeString(dir.resolve("header.c"), "#include <nccl.h>\n");
        String header = run(dir, "gcc", "-E", "-P", "-I" + include,
                "-I" + Path.of(System.getenv().getOrDefault("CUDA_HOME", "/usr/local/cuda"), "include"), "header.c").replaceAll("\\s+", " ");
        for (var e : new TreeMap<>(NcclCollective.NCCL).entrySet()) {
            Matcher m = Pattern.compile("(\\w[\\w *]*?) ?\\b" + e.getKey() + " ?\\(([^;]*?)\\) ?;").matcher(header);
            assertTrue(m.find(), "no prototype of " + e.getKey() + " in nccl.h");
            List<MemoryLayout> expected = new ArrayList<>();
            for (String parameter : m.group(2).split(",")) {
                if (parameter.isBlank() || parameter.trim().equals("void")) continue;
                expected.add(layout(parameter.trim()));
            }
            FunctionDescriptor ours = e.getValue();
            assertEquals(expected.stream().map(NcclHeaderTest::kind).toList(), ours.argumentLayouts().stream().map(NcclHeaderTest::kind).toList(),
                    e.getKey() + ": nccl.h declares (" + m.group(2) + ")");
            assertEquals(m.group(1).contains("*") ? "address" : "int", kind(ours.returnLayout().orElseThrow()), e.getKey() + "'s result");
        }
    }

    /** The layout of one C parameter ("const void* sendbuff", "size_t count", "ncclUniqueId commId"). */
    private static MemoryLayout layout(String parameter) {
        if (parameter.contains("*") || parameter.startsWith("ncclComm_t") || parameter.startsWith("cudaStream_t")) return ValueLayout.ADDRESS;
        if (parameter.startsWith("size_t")) return ValueLayout.JAVA_LONG;
        if (parameter.startsWith("ncclUniqueId")) return NcclCollective.UNIQUE_ID;
        if (parameter.startsWith("int") || parameter.startsWith("nccl")) return ValueLayout.JAVA_INT;
        throw new AssertionError("a parameter type this test does not know: " + parameter);
    }

    private static String kind(MemoryLayout l) {
        if (l instanceof AddressLayout) return "address";
        if (l instanceof GroupLayout g) return "struct of " + g.byteSize();
        return l.equals(ValueLayout.JAVA_LONG) ? "long" : "int";
    }

    private static String run(Path dir, String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "timed out: " + String.join(" ", command));
        assertEquals(0, p.exitValue(), String.join(" ", command) + ":\n" + out);
        return out;
    }

    @Test
    void aMissingLibraryIsOneSentence() {
        Assumptions.assumeTrue(Stream.of("/usr/lib/x86_64-linux-gnu/libnccl.so.2", "/usr/lib64/libnccl.so.2").noneMatch(p -> Files.exists(Path.of(p)))
                && System.getenv("DRCN_LIBNCCL") == null, "libnccl is installed here");
        var e = assertThrows(DistributedException.class, NcclCollective::init);
        assertTrue(e.getMessage().contains("libnccl.so.2") && !e.getMessage().contains("\n"), e.getMessage());
    }
}
