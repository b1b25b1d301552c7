package drcn.runtime.backend.cuda;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.*;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The bindings against the installed cuda.h, without a GPU: each API name our code binds goes
 * through the C preprocessor with cuda.h included and must come out as the symbol we look up
 * (cuMemAlloc -> cuMemAlloc_v2 ...), and a C program prints the enum values we hard-code and the
 * sizes of the types our FFM layouts assume. Skipped where gcc or cuda.h is missing.
 */
class CudaHeaderTest {
    static final Path INCLUDE = Path.of(System.getenv().getOrDefault("CUDA_HOME", "/usr/local/cuda"), "include");

    @Test
    void everyBoundSymbolIsWhatCudaHDefinesItAs() throws Exception {
        assumeToolchain();
        Path dir = Files.createTempDirectory("drcn-cuda-h");
        var names = new ArrayList<>(CudaLibraries.DRIVER_SYMBOLS.keySet());
        Collections.sort(names);
        var source = new StringBuilder("#include <cuda.h>\n");
        for (String name : names) source.append("DRCN_SYMBOL ").append(name).append('\n');
        Files.writeString(dir.resolve("names.c"), source);
        String out = run(dir, "gcc", "-E", "-P", "-I" + INCLUDE, "names.c");
        var resolved = new ArrayList<String>();
        for (String line : out.split("\n")) {
            if (line.startsWith("DRCN_SYMBOL ")) resolved.add(line.substring("DRCN_SYMBOL ".length()).trim());
        }
        assertEquals(names.size(), resolved.size(), out.length() > 2000 ? out.substring(out.length() - 2000) : out);
        for (int i = 0; i < names.size(); i++) {
            assertEquals(resolved.get(i), CudaLibraries.DRIVER_SYMBOLS.get(names.get(i)), "cuda.h's symbol for " + names.get(i));
        }
    }

    @Test
    void constantsAndTypeSizesMatchCudaH() throws Exception {
        assumeToolchain();
        Path dir = Files.createTempDirectory("drcn-cuda-h");
        Files.writeString(dir.resolve("constants.c"), """
                #include <cuda.h>
                #include <stdio.h>
                int main(void) {
                  printf("%d %d %d %d %d %d %d %d %d %d %d %d\\n",
                    CU_DEVICE_ATTRIBUTE_MAX_THREADS_PER_BLOCK, CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK,
                    CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR,
                    CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, CU_DEVICE_ATTRIBUTE_CLOCK_RATE,
                    CU_DEVICE_ATTRIBUTE_MAX_BLOCK_DIM_X, CU_DEVICE_ATTRIBUTE_MAX_BLOCK_DIM_Y, CU_DEVICE_ATTRIBUTE_MAX_BLOCK_DIM_Z,
                    CU_JIT_ERROR_LOG_BUFFER, CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES, CU_FUNC_ATTRIBUTE_MAX_THREADS_PER_BLOCK);
                  printf("%d %d %d %d %d %d\\n", CUDA_ERROR_NO_DEVICE, CUDA_ERROR_INVALID_PTX, CUDA_ERROR_UNSUPPORTED_PTX_VERSION,
                    CUDA_ERROR_INVALID_IMAGE, CUDA_ERROR_NO_BINARY_FOR_GPU, CU_EVENT_DEFAULT);
                  printf("%zu %zu %zu %zu %zu %zu %zu\\n", sizeof(CUdevice), sizeof(CUdeviceptr), sizeof(CUresult),
                    sizeof(CUjit_option), sizeof(CUdevice_attribute), sizeof(CUfunction_attribute), sizeof(size_t));
                  printf("%d %d %zu %zu %zu %zu %zu\\n", CU_STREAM_DEFAULT, CU_STREAM_CAPTURE_MODE_THREAD_LOCAL, sizeof(CUstreamCaptureMode),
                    sizeof(unsigned long long), sizeof(CUstream), sizeof(CUgraph), sizeof(CUgraphExec));
                  return 0;
                }
                """);
        run(dir, "gcc", "-I" + INCLUDE, "constants.c", "-o", "constants");
        String[] lines = run(dir, dir.resolve("constants").toString()).trim().split("\n");
        assertEquals(List.of(CudaLibraries.ATTRIBUTE_MAX_THREADS_PER_BLOCK, CudaLibraries.ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK,
                        CudaLibraries.ATTRIBUTE_MULTIPROCESSOR_COUNT, CudaLibraries.ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR,
                        CudaLibraries.ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, CudaLibraries.ATTRIBUTE_CLOCK_RATE_KHZ,
                        CudaLibraries.ATTRIBUTE_MAX_BLOCK_DIM_X, CudaLibraries.ATTRIBUTE_MAX_BLOCK_DIM_X + 1,
                        CudaLibraries.ATTRIBUTE_MAX_BLOCK_DIM_X + 2, CudaLibraries.JIT_ERROR_LOG_BUFFER,
                        CudaLibraries.JIT_ERROR_LOG_BUFFER_SIZE_BYTES, CudaLibraries.FUNCTION_MAX_THREADS_PER_BLOCK),
                ints(lines[0]), "CUdevice_attribute / CUjit_option / CUfunction_attribute values");
        // 0: CU_EVENT_DEFAULT, the flags CudaDevice.event passes (timing enabled)
        assertEquals(List.of(CudaLibraries.ERROR_NO_DEVICE, CudaLibraries.ERROR_INVALID_PTX, CudaLibraries.ERROR_UNSUPPORTED_PTX_VERSION,
                CudaLibraries.ERROR_INVALID_IMAGE, CudaLibraries.ERROR_NO_BINARY_FOR_GPU, 0), ints(lines[1]), "CUresult values");
        // CUdevice, enums and CUresult as JAVA_INT; CUdeviceptr and size_t as JAVA_LONG
        assertEquals(List.of(4, 8, 4, 4, 4, 4, 8), ints(lines[2]), "type sizes");
        // stream capture: the flags and mode CudaDevice passes; the mode as JAVA_INT, the flags of
        // cuGraphInstantiateWithFlags as JAVA_LONG, the handles as ADDRESS
        assertEquals(List.of(CudaLibraries.STREAM_DEFAULT, CudaLibraries.STREAM_CAPTURE_MODE_THREAD_LOCAL, 4, 8, 8, 8, 8),
                ints(lines[3]), "stream capture's values and type sizes");
    }

    /**
     * Each driver call's parameter list in the preprocessed cuda.h against the Java types of our binding: pointers
     * and handles as MemorySegment, CUdeviceptr / size_t / unsigned long long as long, int-sized integers and enums
     * as int. The binding is made on a lookup that finds every name at a dummy address: nothing is called.
     */
    @Test
    void everyBindingHasCudaHsParameterTypes() throws Exception {
        assumeToolchain();
        Path dir = Files.createTempDirectory("drcn-cuda-h");
        Files.writeString(dir.resolve("header.c"), "#include <cuda.h>\n");
        String header = run(dir, "gcc", "-E", "-P", "-I" + INCLUDE, "header.c").replaceAll("\\s+", " ");
        SymbolLookup anywhere = name -> Optional.of(MemorySegment.ofAddress(0x1000));
        CudaLibraries libraries = new CudaLibraries(anywhere, anywhere);
        for (var entry : new TreeMap<>(CudaLibraries.DRIVER_SYMBOLS).entrySet()) {
            String api = entry.getKey(), symbol = entry.getValue();
            Matcher m = Pattern.compile("\\bCUresult " + Pattern.quote(symbol) + " ?\\(([^;]*?)\\) ?;").matcher(header);
            assertTrue(m.find(), "no prototype of " + symbol + " in cuda.h");
            List<Class<?>> expected = new ArrayList<>();
            for (String parameter : m.group(1).split(",")) {
                if (parameter.isBlank() || parameter.trim().equals("void")) continue;
                expected.add(javaType(parameter.trim(), symbol));
            }
            MethodHandle handle = (MethodHandle) CudaLibraries.class.getDeclaredField(api).get(libraries);
            assertNotNull(handle, api + " is not bound");
            assertEquals(int.class, handle.type().returnType(), api + " returns a CUresult");
            assertEquals(expected, handle.type().parameterList(), api + " (" + symbol + "): cuda.h declares (" + m.group(1) + ")");
        }
    }

    /** The Java carrier type of one C parameter ("CUstream hStream", "unsigned int flags", "void **values"). */
    private static Class<?> javaType(String parameter, String symbol) {
        if (parameter.contains("*")) return MemorySegment.class;
        List<String> words = new ArrayList<>(Arrays.asList(parameter.replace("const ", "").split(" ")));
        if (words.size() > 1 && !Set.of("int", "long", "char", "float", "double").contains(words.getLast())) words.removeLast(); // the name
        String type = String.join(" ", words);
        return switch (type) {
            case "int", "unsigned int", "CUdevice", "CUresult", "CUdevice_attribute", "CUfunction_attribute",
                 "CUstreamCaptureMode", "CUjit_option" -> int.class;
            case "CUdeviceptr", "size_t", "unsigned long long" -> long.class;
            case "float" -> float.class;
            case "CUstream", "CUcontext", "CUevent", "CUmodule", "CUfunction", "CUgraph", "CUgraphExec" -> MemorySegment.class;
            default -> throw new AssertionError(symbol + ": no Java type known for the C type '" + type + "' (add it to javaType)");
        };
    }

    private static List<Integer> ints(String line) {
        return Arrays.stream(line.trim().split(" ")).map(Integer::parseInt).toList();
    }

    private static void assumeToolchain() {
        Assumptions.assumeTrue(Files.isRegularFile(INCLUDE.resolve("cuda.h")), "no cuda.h in " + INCLUDE + ": skipped");
        boolean gcc = Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, "gcc")));
        Assumptions.assumeTrue(gcc, "gcc is not on PATH: skipped");
    }

    private static String run(Path dir, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(2, TimeUnit.MINUTES), "timed out: " + String.join(" ", command));
        assertEquals(0, process.exitValue(), String.join(" ", command) + " failed:\n" + output);
        return output;
    }
}
