package drcn.examples;

import drcn.runtime.jit.KernelRef;
import drcn.tornado.api.common.TornadoFunctions;

import java.io.Serializable;
import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** The CUDA C checks of the example tests without a GPU: nvcc -ptx, then ptxas per architecture. */
final class CudaTools {
    private CudaTools() {}

    /** Whether nvcc and ptxas are on PATH (else the checks skip). */
    static boolean present() {
        return onPath("nvcc") && onPath("ptxas");
    }

    /**
     * Writes {@code source} to {@code dir/base.cu}, compiles it to PTX for the first architecture's virtual one
     * (sm_80 -> compute_80) and assembles that PTX for every architecture; fails with the tool's output and the source.
     */
    static void compileAndAssemble(Path dir, String base, String source, List<String> architectures) throws Exception {
        Path cu = dir.resolve(base + ".cu");
        Files.writeString(cu, source);
        run(List.of("nvcc", "-ptx", "-arch=" + architectures.getFirst().replace("sm_", "compute_"), "-o", base + ".ptx", cu.toString()), dir, source);
        for (String sm : architectures) run(List.of("ptxas", "-arch=" + sm, base + ".ptx", "-o", base + "." + sm + ".cubin"), dir, source);
    }

    /** The kernel a reflected method is, found as a plan finds it: through a serializable method reference. */
    static KernelRef kernel(Method method) throws Throwable {
        int n = method.getParameterCount();
        Class<?> task = Class.forName(TornadoFunctions.class.getName() + "$Task" + n);
        MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(method.getDeclaringClass(), MethodHandles.lookup()); // private kernels too
        MethodHandle target = lookup.unreflect(method);
        var site = LambdaMetafactory.altMetafactory(lookup, "apply", MethodType.methodType(task),
                MethodType.genericMethodType(n).changeReturnType(void.class), target, target.type().wrap().changeReturnType(void.class),
                LambdaMetafactory.FLAG_SERIALIZABLE);
        return KernelRef.forMethod((Serializable) site.getTarget().invoke());
    }

    private static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) if (Files.isExecutable(Path.of(d, tool))) return true;
        return false;
    }

    private static void run(List<String> command, Path dir, String source) throws Exception {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), "timed out: " + command);
        assertEquals(0, process.exitValue(), String.join(" ", command) + " failed:\n" + output + "\n" + source);
    }
}
