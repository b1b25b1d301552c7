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
import java.util.List;

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
        Assumptions.assumeTrue(CudaTools.present(), "nvcc and ptxas are not on PATH: the CUDA C check is skipped");
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
                // parameters that size local arrays are bound at launch, as the JIT binds them
                var constants = new java.util.HashMap<String, Integer>();
                for (String p : f.localArraySizeParameters()) constants.put(p, 256);
                CudaTools.compileAndAssemble(dir, owner.getSimpleName() + "_" + f.javaName(), CEmitter.emit(f, List.of(), constants, Dialect.CUDA), List.of(arch));
                kernels++;
            }
        }
        assertTrue(kernels >= 24, "only " + kernels + " kernels found");
    }
}
