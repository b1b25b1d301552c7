package drcn.runtime.graph;

import drcn.kernels.PrebuiltSamples;
import drcn.runtime.backend.Kernels;
import drcn.runtime.io.AtomicFile;
import drcn.runtime.jit.KernelJit;
import drcn.runtime.jit.KernelRef;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The SDK folder that TornadoVM programs find through {@code TORNADOVM_HOME}: {@code examples/generated/} with the
 * OpenCL files they run as prebuilt tasks ({@code add.cl}, {@code atomics.cl} and their {@code _uncompressed}
 * twins), generated from {@link PrebuiltSamples}' Java kernels in TornadoVM's prebuilt calling convention. Both twins
 * put array data {@link drcn.compiler.emit.CEmitter#PREBUILT_ARRAY_HEADER} bytes in, as drcn passes it whatever
 * header size a program assumes. The launchers ({@code bin/tornado}, {@code bin/tornadovm-unittests}) and the tests
 * make the folder; nothing in it is kept in the repository.
 */
public final class TornadoHome {
    private TornadoHome() {}

    /** The prebuilt files, by name, with their OpenCL C. */
    public static Map<String, String> files() {
        Map<String, String> files = new LinkedHashMap<>();
        String add = source(Kernels.ref(PrebuiltSamples::add), "add");
        String atomics = source(Kernels.ref(PrebuiltSamples::atomics), "add"); // TornadoVM's atomics.cl names its kernel add
        for (String suffix : new String[] {"", "_uncompressed"}) {
            files.put("add" + suffix + ".cl", add);
            files.put("atomics" + suffix + ".cl", atomics);
        }
        return files;
    }

    private static String source(KernelRef kernel, String entryPoint) {
        return KernelJit.prebuiltSource(kernel, entryPoint);
    }

    /**
     * Writes {@link #files} into {@code home/examples/generated} (created if missing), each file whole or not at all;
     * a file that already holds the same text is left as it is. Returns that folder.
     */
    public static Path write(Path home) throws IOException {
        Path generated = Files.createDirectories(home.resolve("examples").resolve("generated"));
        for (var file : files().entrySet()) {
            Path target = generated.resolve(file.getKey());
            if (Files.isRegularFile(target) && Files.readString(target).equals(file.getValue())) continue;
            AtomicFile.write(target, file.getValue().getBytes(StandardCharsets.UTF_8));
        }
        return generated;
    }

    /**
     * The folder to give TornadoVM programs as {@code TORNADOVM_HOME}: the environment's, where it holds
     * {@code examples/generated} (a TornadoVM SDK, or one written before), else {@code fallback}, written now.
     */
    public static Path forPrograms(Path fallback) throws IOException {
        String set = System.getenv("TORNADOVM_HOME");
        if (set != null && !set.isBlank() && Files.isDirectory(Path.of(set, "examples", "generated"))) return Path.of(set);
        write(fallback);
        return fallback;
    }

    /** {@code java -cp ... drcn.runtime.graph.TornadoHome DIR}: writes the SDK folder DIR (see {@link #write}). */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: TornadoHome DIR (the folder to set TORNADOVM_HOME to)");
            System.exit(2);
        }
        System.out.println(write(Path.of(args[0])));
    }
}
