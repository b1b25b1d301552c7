package drcn.examples;

import drcn.compiler.emit.CEmitter;
import drcn.compiler.emit.Dialect;
import drcn.compiler.ir.Function;
import drcn.compiler.ir.IrWalk;
import drcn.compiler.ir.KernelModule;
import drcn.compiler.ir.Stmt;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.tools.DiagnosticCollector;
import javax.tools.JavaFileObject;
import javax.tools.ToolProvider;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * TornadoVM's tensor-core and SIMD-group matrix programs (the kernelcontext/matrices unit tests under
 * {@code examples/tornadovm-unittests} and {@code compute/MatrixMultiplicationMMA}, {@code MatrixMultiplySimdgroup} under
 * {@code examples/tornadovm}), ported by their import prefix and compiled with the kernel compiler: the CUDA C of every
 * kernel compiles with {@code nvcc -ptx} and assembles with {@code ptxas}, and each kernel with an mma call holds
 * mma.sync (FP8's from sm_89, so on sm_90 here). No GPU is needed; skipped without the CUDA tools.
 */
class TornadoVMTensorCoreCudaTest {
    private static final String UNITTESTS = "tornadovm-unittests/uk/ac/manchester/tornado/unittests/";

    @ParameterizedTest
    @ValueSource(strings = {"sm_80", "sm_90"})
    void theirCudaCompilesToMmaSync(String arch) throws Exception {
        Assumptions.assumeTrue(CudaTools.present(), "nvcc and ptxas are not on PATH: the CUDA C check is skipped");
        Path work = Files.createTempDirectory("drcn-tornadovm-mma");
        var sources = new ArrayList<Path>();
        for (String dir : List.of(UNITTESTS + "common", UNITTESTS + "tools", UNITTESTS + "kernelcontext/matrices")) sources.addAll(ported(Path.of(dir), work));
        for (String program : List.of("MatrixMultiplicationMMA", "MatrixMultiplySimdgroup")) {
            sources.addAll(ported(Path.of("tornadovm/compute/" + program + ".java"), work));
        }
        Path classes = Files.createDirectories(work.resolve("classes"));
        String classPath = System.getProperty("java.class.path");
        var javac = ToolProvider.getSystemJavaCompiler();
        var diagnostics = new DiagnosticCollector<JavaFileObject>();
        try (var files = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            var options = List.of("-d", classes.toString(), "-cp", classPath, "-processorpath", classPath, "-processor", "drcn.compiler.KernelProcessor",
                    "-Xlint:none", "-nowarn", "-encoding", "UTF-8");
            assertTrue(javac.getTask(null, files, diagnostics, options, null, files.getJavaFileObjectsFromPaths(sources)).call(), diagnostics.getDiagnostics().toString());
        }
        List<Path> modules;
        try (Stream<Path> found = Files.walk(classes)) {
            modules = found.filter(p -> p.toString().endsWith(".kernel-ir")).sorted().toList();
        }
        int kernels = 0, withMma = 0;
        for (Path ir : modules) {
            KernelModule module = KernelModule.fromBytes(Files.readAllBytes(ir));
            List<Function> helpers = module.functions().stream().filter(f -> !f.kernel()).toList();
            for (Function f : module.functions()) {
                if (!f.kernel()) continue;
                var constants = new HashMap<String, Integer>();
                for (String p : f.arraySizeParameters()) constants.put(p, 256);
                for (int d : f.localSizeDimensions()) constants.put(Function.localSizeConstant(d), 32);
                String base = ir.getFileName().toString().replace(".kernel-ir", "") + "_" + f.javaName();
                CudaTools.compileAndAssemble(work, base, CEmitter.emit(f, helpers, constants, Dialect.CUDA), List.of(arch));
                kernels++;
                boolean mma = IrWalk.anyStmt(f.body(), s -> s instanceof Stmt.Matrix m && m.op().collective);
                boolean fp8 = IrWalk.anyStmt(f.body(), s -> s instanceof Stmt.Matrix m && m.op().name().startsWith("MMA_E"));
                if (mma && (!fp8 || arch.equals("sm_90"))) {
                    assertTrue(Files.readString(work.resolve(base + ".ptx")).contains("mma.sync.aligned"), base + " on " + arch + " has no mma.sync");
                    withMma++;
                }
            }
        }
        assertTrue(kernels >= 25 && withMma >= (arch.equals("sm_90") ? 15 : 13), kernels + " kernels, " + withMma + " with mma.sync");
    }

    /** The .java files at or under {@code from}, copied under {@code work/src} with TornadoVM's import prefix replaced. */
    private static List<Path> ported(Path from, Path work) throws Exception {
        var out = new ArrayList<Path>();
        Path root = from.toString().startsWith("tornadovm-unittests") ? Path.of("tornadovm-unittests") : Path.of("tornadovm");
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Path copy = work.resolve("src").resolve(root.relativize(f).toString());
                Files.createDirectories(copy.getParent());
                Files.writeString(copy, Files.readString(f).replace("uk.ac.manchester.tornado.api", "drcn.tornado.api"));
                out.add(copy);
            }
        }
        return out;
    }
}
