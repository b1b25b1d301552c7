package drcn.runtime.jit;

import drcn.compiler.emit.Dialect;
import drcn.kernels.Smoke;
import drcn.kernels.api.Kernel;
import drcn.kernels.nn.*;
import drcn.kernels.suite.*;
import drcn.runtime.backends.Backends;
import drcn.runtime.backend.Device;
import drcn.tornado.api.common.TornadoFunctions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.Serializable;
import java.lang.invoke.CallSite;
import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.*;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Every kernel of the product (DRCN's, the smoke kernel) and of the construct suite goes through the
 * whole JIT: its CUDA C compiles with {@code nvcc -ptx} and the PTX assembles with {@code ptxas} for
 * sm_90 and sm_80 (skipped, with the reason printed, where the CUDA tools are not installed), and its
 * OpenCL C builds on every OpenCL device present. The ptxas register and spill counts are written to
 * {@code target/ptxas-report.md} (copied into bench/RESULTS.md).
 */
public class EveryKernelBuildsTest {
    static final List<Class<?>> KERNEL_CLASSES = List.of(
            Smoke.class, drcn.kernels.Peak.class, Convolution.class, ConvolutionTiled.class, drcn.kernels.nn.Winograd.class,
            drcn.kernels.nn.WinogradWeightGradient.class, drcn.kernels.nn.ConvolutionSingleOutput.class, Activation.class, Elementwise.class, Ensemble.class, Loss.class,
            Optimizer.class, Reduction.class,
            ArithmeticKernels.class, ControlFlowKernels.class, HelperKernels.class, RangeKernels.class, ReductionKernels.class,
            VectorKernels.class);

    public static List<KernelRef> allKernels() {
        var kernels = new ArrayList<KernelRef>();
        for (Class<?> owner : KERNEL_CLASSES) {
            Arrays.stream(owner.getDeclaredMethods())
                    .filter(m -> m.isAnnotationPresent(Kernel.class))
                    .sorted(Comparator.comparing(Method::getName))
                    .forEach(m -> kernels.add(kernel(m)));
        }
        return kernels;
    }

    /**
     * The kernel a reflected {@code @Kernel} method is, found as the product finds kernels: through a method reference
     * ({@link KernelRef#forMethod}). The reference is made at run time, a serializable {@code TornadoFunctions.TaskN}
     * (N = the method's parameter count) from {@link LambdaMetafactory}, as javac makes one for {@code Owner::method}.
     */
    public static KernelRef kernel(Method method) {
        try {
            int n = method.getParameterCount();
            Class<?> task = Class.forName(TornadoFunctions.class.getName() + "$Task" + n);
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(method.getDeclaringClass(), MethodHandles.lookup());
            MethodHandle target = lookup.unreflect(method);
            CallSite site = LambdaMetafactory.altMetafactory(lookup, "apply", MethodType.methodType(task),
                    MethodType.genericMethodType(n).changeReturnType(void.class), target, target.type().wrap().changeReturnType(void.class),
                    LambdaMetafactory.FLAG_SERIALIZABLE);
            return KernelRef.forMethod((Serializable) site.getTarget().invoke());
        } catch (Throwable e) {
            throw new AssertionError("no method reference to " + method + ": " + e, e);
        }
    }

    @Test
    void cudaCompilesAndAssemblesForSm90AndSm80() throws Exception {
        Assumptions.assumeTrue(onPath("nvcc") && onPath("ptxas"),
                "nvcc and ptxas are not on PATH: the CUDA C check is skipped");
        Path dir = Files.createTempDirectory("drcn-cuda");
        var kernels = allKernels();
        var sources = new ArrayList<String>();
        for (KernelRef kernel : kernels) {
            Path file = dir.resolve(kernel.owner().getSimpleName() + "_" + kernel.methodName() + ".cu");
            Files.writeString(file, KernelJit.source(kernel, Map.of(), Dialect.CUDA));
            sources.add(file.toString());
        }
        var report = new StringBuilder("| kernel | sm_90 registers | sm_90 spill (stores/loads bytes) | sm_80 registers | sm_80 spill |\n|---|---|---|---|---|\n");
        var ptx = new ArrayList<String>();
        var nvcc = new ArrayList<>(List.of("nvcc", "-ptx", "-arch=compute_80", "-odir", dir.toString()));
        nvcc.addAll(sources);
        run(nvcc, dir);
        for (KernelRef kernel : kernels) {
            String base = kernel.owner().getSimpleName() + "_" + kernel.methodName();
            ptx.add(base);
            String sm90 = run(List.of("ptxas", "-arch=sm_90", "-v", base + ".ptx", "-o", base + ".sm90.cubin"), dir);
            String sm80 = run(List.of("ptxas", "-arch=sm_80", "-v", base + ".ptx", "-o", base + ".sm80.cubin"), dir);
            report.append("| ").append(kernel.displayName()).append(" | ").append(registers(sm90)).append(" | ")
                    .append(spills(sm90)).append(" | ").append(registers(sm80)).append(" | ").append(spills(sm80)).append(" |\n");
        }
        System.out.println(report);
        Path target = Path.of("target");
        if (Files.isDirectory(target)) Files.writeString(target.resolve("ptxas-report.md"), report);
        assertEquals(kernels.size(), ptx.size());
    }

    @Test
    void openclBuildsOnEveryOpenClDevice() {
        var discovery = Backends.discover("opencl");
        Assumptions.assumeTrue(!discovery.devices().isEmpty(), "no OpenCL device: " + discovery.unavailableReason());
        for (Device device : discovery.devices()) {
            try (device) {
                for (KernelRef kernel : allKernels()) {
                    assertNotNull(device.compile(kernel).source(), kernel.displayName() + " on " + device.info().id());
                }
            }
        }
    }

    private static final Pattern REGISTERS = Pattern.compile("Used (\\d+) registers");
    private static final Pattern SPILLS = Pattern.compile("(\\d+) bytes spill stores, (\\d+) bytes spill loads");

    private static String registers(String ptxasOutput) {
        Matcher m = REGISTERS.matcher(ptxasOutput);
        return m.find() ? m.group(1) : "?";
    }

    private static String spills(String ptxasOutput) {
        Matcher m = SPILLS.matcher(ptxasOutput);
        return m.find() ? m.group(1) + "/" + m.group(2) : "?";
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) return true;
        }
        return false;
    }

    /** Runs a tool, fails the test with its output when it exits non-zero, returns its output. */
    private static String run(List<String> command, Path dir) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), "timed out: " + command);
        assertEquals(0, process.exitValue(), String.join(" ", command) + " failed:\n" + output);
        return output;
    }
}
