package drcn.examples;

import drcn.compiler.emit.CEmitter;
import drcn.compiler.emit.Dialect;
import drcn.compiler.ir.Function;
import drcn.compiler.ir.KernelModule;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The CUDA C of every kernel of the kernel-language tests ({@code @Parallel} loops, {@code @Reduce}, every numeric
 * type) compiles with {@code nvcc -ptx} and assembles with {@code ptxas} for sm_80 and sm_90; skipped where the CUDA
 * tools are not installed. (Their OpenCL C is built and run on PoCL by the tests themselves.)
 */
class KernelLanguageCudaTest {
    static final List<Class<?>> CLASSES = List.of(LoopParallelTest.class, ReduceTest.class, NumericTypesTest.class, TornadoVMUnitKernelsTest.class,
            PortedUnitKernelsTest.class, HalfFloatTest.class, BFloat16Test.class);

    @ParameterizedTest
    @ValueSource(strings = {"sm_80", "sm_90"})
    void cudaCompilesAndAssembles(String arch) throws Exception {
        Assumptions.assumeTrue(onPath("nvcc") && onPath("ptxas"), "nvcc and ptxas are not on PATH: the CUDA C check is skipped");
        Path dir = Files.createTempDirectory("drcn-kernel-language");
        int kernels = 0;
        for (Class<?> owner : CLASSES) {
            KernelModule module;
            try (InputStream in = owner.getClassLoader().getResourceAsStream(KernelModule.resourceName(owner.getName()))) {
                assertNotNull(in, "no kernel IR for " + owner.getName());
                module = KernelModule.fromBytes(in.readAllBytes());
            }
            for (Function f : module.functions()) {
                if (!f.kernel()) continue;
                String base = owner.getSimpleName() + "_" + f.javaName();
                Path cu = dir.resolve(base + ".cu");
                // parameters that size local arrays are bound at launch, as the JIT binds them
                var constants = new java.util.HashMap<String, Integer>();
                for (String p : f.localArraySizeParameters()) constants.put(p, 256);
                Files.writeString(cu, CEmitter.emit(f, List.of(), constants, Dialect.CUDA));
                run(List.of("nvcc", "-ptx", "-arch=" + arch.replace("sm_", "compute_"), "-o", base + ".ptx", cu.toString()), dir, cu);
                run(List.of("ptxas", "-arch=" + arch, base + ".ptx", "-o", base + ".cubin"), dir, cu);
                kernels++;
            }
        }
        assertTrue(kernels >= 24, "only " + kernels + " kernels found");
    }

    private static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) if (Files.isExecutable(Path.of(d, tool))) return true;
        return false;
    }

    private static void run(List<String> command, Path dir, Path source) throws Exception {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), "timed out: " + command);
        assertEquals(0, process.exitValue(), String.join(" ", command) + " failed:\n" + output + "\n" + Files.readString(source));
    }
}
