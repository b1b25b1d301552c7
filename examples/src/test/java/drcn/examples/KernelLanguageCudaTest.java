package drcn.examples;

import drcn.compiler.emit.CEmitter;
import drcn.compiler.emit.Dialect;
import drcn.compiler.ir.Expr;
import drcn.compiler.ir.Function;
import drcn.compiler.ir.HelperLocalArrays;
import drcn.compiler.ir.IrWalk;
import drcn.compiler.ir.KernelModule;
import org.junit.jupiter.api.Assumptions;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The CUDA C of every kernel of the kernel-language tests ({@code @Parallel} loops, {@code @Reduce}, every numeric
 * type; a grid reduction both with grid-stride shares and with contiguous slices) compiles with {@code nvcc -ptx} and
 * assembles with {@code ptxas} for sm_80 and sm_90; skipped where the CUDA tools are not installed. (Their OpenCL C is built and run on PoCL by the tests themselves.)
 */
class KernelLanguageCudaTest {
    static final List<Class<?>> CLASSES = List.of(LoopParallelTest.class, ReduceTest.class, NumericTypesTest.class, TornadoVMUnitKernelsTest.class,
            PortedUnitKernelsTest.class, HalfFloatTest.class, BFloat16Test.class, FP8Test.class, ParameterSizedArraysTest.class,
            SimdGroupTest.class);

    /** One nvcc pass per kernel (PTX for compute_80, the older target), assembled for both: none of these kernels has code
     *  behind a compute capability (only the tensor-core prelude has; TensorCoreTest compiles that per architecture). */
    private static final List<String> ARCHITECTURES = List.of("sm_80", "sm_90");

    @org.junit.jupiter.api.Test
    void cudaCompilesAndAssembles() throws Exception {
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
                List<Function> helpers = calledHelpers(f, module);
                // parameters that size arrays are bound at launch, as the JIT binds them
                var constants = new java.util.HashMap<String, Integer>();
                for (String p : f.arraySizeParameters()) constants.put(p, 256);
                for (String p : HelperLocalArrays.of(f, helpers).boundParameters()) constants.put(p, 256);
                for (int d : f.localSizeDimensions()) constants.put(Function.localSizeConstant(d), 16); // the launch's work-group size
                CudaTools.compileAndAssemble(dir, owner.getSimpleName() + "_" + f.javaName(), CEmitter.emit(f, helpers, constants, Dialect.CUDA), ARCHITECTURES);
                kernels++;
                if (drcn.compiler.ir.Stmt.ParallelFor.gridReduction(f) != null) {
                    // a grid reduction's other way of sharing its iterations (drcn.reduction=contiguous)
                    constants.put(Function.CONTIGUOUS_SLICES, 1);
                    CudaTools.compileAndAssemble(dir, owner.getSimpleName() + "_" + f.javaName() + "_slices", CEmitter.emit(f, helpers, constants, Dialect.CUDA), ARCHITECTURES);
                }
            }
        }
        assertTrue(kernels >= 24, "only " + kernels + " kernels found");
    }

    /** The helpers of the same class that {@code f} calls, directly or not. */
    private static List<Function> calledHelpers(Function f, KernelModule module) {
        var found = new java.util.LinkedHashMap<String, Function>();
        var pending = new java.util.ArrayDeque<Function>(List.of(f));
        while (!pending.isEmpty()) {
            IrWalk.forEachExpr(pending.pop().body(), e -> {
                if (!(e instanceof Expr.Call c) || found.containsKey(c.functionId())) return;
                for (Function h : module.functions()) {
                    if (h.id().equals(c.functionId()) && !h.kernel()) {
                        found.put(h.id(), h);
                        pending.push(h);
                    }
                }
            });
        }
        return List.copyOf(found.values());
    }
}
