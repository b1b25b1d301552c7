package drcn.bench.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import drcn.bench.Report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a peer over the same benchmarks: writes DIR/peer-request.json (name, shape, parameters of each
 * row the peer can run) and reads DIR/peer-NAME.json ({@code {"peer", "device", "results": [{"name",
 * "shape", "ms"}]}}). A peer that cannot run is one sentence on stderr; the report then has no peer.
 */
final class Peers {
    private Peers() {}

    /**
     * The Python that runs the pytorch peer: $DRCN_PYTHON when set, else the first of Debian's
     * /usr/bin/python3 (python3-torch; a pyenv python3 on PATH usually lacks torch) and the python3 on
     * PATH (GPU images keep CUDA torch in a virtual environment) that can import torch.
     */
    static String python() throws InterruptedException {
        String explicit = System.getenv("DRCN_PYTHON");
        if (explicit != null && !explicit.isBlank()) return explicit;
        for (String candidate : List.of("/usr/bin/python3", "python3")) {
            try {
                ProcessBuilder builder = new ProcessBuilder(candidate, "-c", "import torch")
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
                builder.environment().remove("LD_PRELOAD");
                Process probe = builder.start();
                if (probe.waitFor(60, TimeUnit.SECONDS) && probe.exitValue() == 0) return candidate;
                probe.destroy();
            } catch (IOException e) {
                // not installed: try the next
            }
        }
        return "/usr/bin/python3"; // fails with the install hint below
    }

    static Path run(String peer, boolean cpuDevice, boolean quick, List<Report.Row> rows, Path out, Map<String, Object> run)
            throws IOException, InterruptedException {
        var request = new ArrayList<Map<String, Object>>();
        for (Report.Row r : rows) {
            if (r.name().startsWith("reference.")) continue; // the floor is ours alone
            var entry = new LinkedHashMap<String, Object>();
            entry.put("name", r.name());
            entry.put("shape", r.shape());
            entry.put("params", r.params());
            request.add(entry);
        }
        Path requestFile = out.resolve("peer-request.json");
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(requestFile.toFile(), request);
        Path result = out.resolve("peer-" + peer + ".json");
        Files.deleteIfExists(result);
        // A GPU run (cuda, or a GPU's OpenCL) is compared with the framework on the GPU, a CPU run (jvm, PoCL) on the CPU.
        String peerDevice = cpuDevice ? "cpu" : "cuda";
        return switch (peer) {
            case "pytorch" -> pytorch(requestFile, result, peerDevice, quick, run);
            case "djl" -> djl(requestFile, result, peerDevice, quick, run);
            default -> throw new IllegalArgumentException(peer);
        };
    }

    private static Path pytorch(Path request, Path result, String peerDevice, boolean quick, Map<String, Object> run)
            throws IOException, InterruptedException {
        Path script = home().resolve("bench/peers/torch_bench.py");
        if (!Files.isRegularFile(script)) {
            System.err.println("drcn bench: the pytorch peer is missing (" + script + "); the report has no peer.");
            return null;
        }
        var command = new ArrayList<>(List.of(python(), script.toString(), "--request", request.toString(),
                "--out", result.toString(), "--device", peerDevice));
        if (quick) command.add("--quick");
        System.out.println("drcn bench: peer pytorch: " + String.join(" ", command));
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        builder.environment().remove("LD_PRELOAD"); // the JVM's signal-chaining library (bin/drcn) is not Python's
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.MINUTES)) {
            process.destroy();
            System.err.println("drcn bench: the pytorch peer took over an hour and was stopped; the report has no peer.");
            return null;
        }
        if (process.exitValue() != 0 || !Files.isRegularFile(result)) {
            System.err.println("drcn bench: the pytorch peer failed (exit " + process.exitValue()
                    + "; it needs Debian's python3-torch: apt-get install python3-torch); the report has no peer.");
            return null;
        }
        var peerFacts = Report.JSON.readTree(result.toFile());
        run.put("peer", "pytorch " + peerFacts.path("version").asText() + " on " + peerFacts.path("device").asText()
                + (peerFacts.hasNonNull("cudnn") ? ", cuDNN " + peerFacts.path("cudnn").asText() : "")
                + (peerFacts.hasNonNull("precision") ? ", " + peerFacts.path("precision").asText() : ""));
        return result;
    }

    /**
     * DJL is not a dependency of the product: its classes exist only in a jar built with the Maven
     * profile djl, so it is reached by name.
     */
    private static Path djl(Path request, Path result, String peerDevice, boolean quick, Map<String, Object> run) {
        try {
            Class<?> peer = Class.forName("drcn.bench.djl.DjlPeer");
            peer.getMethod("run", Path.class, Path.class, String.class, boolean.class).invoke(null, request, result, peerDevice, quick);
            run.put("peer", "djl (PyTorch engine) on " + peerDevice);
            return result;
        } catch (ClassNotFoundException e) {
            System.err.println("drcn bench: the djl peer is built only with the Maven profile djl "
                    + "(./mvnw -Pdjl -pl bench -am package -DskipTests); the report has no peer.");
            return null;
        } catch (ReflectiveOperationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            System.err.println("drcn bench: the djl peer failed: " + cause + "; the report has no peer.");
            return null;
        }
    }

    /** The project's root: bin/drcn passes it as drcn.home; else the current folder. */
    static Path home() {
        String home = System.getProperty("drcn.home");
        return home == null ? Path.of("") : Path.of(home);
    }
}
