package drcn.bench.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import drcn.bench.Report;
import drcn.runtime.UserException;

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
 * row the peer can run) and reads DIR/peer-NAME.json ({@code {"peer", "version", "device", "threads",
 * "precision", "results": [{"name", "shape", "ms"}]}}). {@link #prepare} sets a peer up before the suite
 * runs (installing PyTorch, building the DJL peer), so that a peer that cannot run stops the bench at once
 * with the one command that fixes it; a peer that fails later is one sentence on stderr and the report
 * has no peer.
 */
final class Peers {
    private Peers() {}

    /**
     * The Python that runs the pytorch peer: $DRCN_PYTHON when set, else the first of Debian's
     * /usr/bin/python3 (python3-torch; a pyenv python3 on PATH usually lacks torch) and the python3 on
     * PATH (GPU images keep CUDA torch in a virtual environment) that can import torch; null when none can.
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
        return null;
    }

    /**
     * Sets the peer up before any benchmark runs: PyTorch for pytorch (Debian's python3-torch, installed
     * when this runs as root and apt-get exists), the DJL peer's jar for djl (built with the project's Maven
     * wrapper on first use), ONNX Runtime's classes for onnxruntime.
     *
     * @throws UserException naming the one command that makes the peer work
     */
    static void prepare(String peer) throws IOException, InterruptedException {
        switch (peer) {
            case "pytorch" -> {
                if (python() != null) return;
                if (!root() || !Files.isExecutable(Path.of("/usr/bin/apt-get"))) {
                    throw new UserException("the pytorch peer needs PyTorch: run `apt-get install python3-torch` as root "
                            + "(or set DRCN_PYTHON to a python3 that can import torch)");
                }
                System.out.println("drcn bench: installing PyTorch for the pytorch peer: apt-get install python3-torch");
                int exit = shell("apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-torch");
                if (exit != 0 || python() == null) {
                    throw new UserException("could not install PyTorch (apt-get install python3-torch, exit " + exit + "; its output is above)");
                }
            }
            case "djl" -> djlClasses();
            case "onnxruntime" -> {
                try {
                    Class.forName("ai.onnxruntime.OrtEnvironment");
                } catch (ClassNotFoundException e) {
                    throw new UserException("ONNX Runtime is not on the class path (com.microsoft.onnxruntime:onnxruntime, "
                            + "a dependency of bench: rebuild with ./mvnw -pl runtime,bench -am package -DskipTests)");
                }
            }
            default -> throw new IllegalArgumentException(peer);
        }
    }

    /** Whether this process runs as root (the uid of /proc/self/status; false where there is none). */
    static boolean root() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) return line.split("\\s+")[1].equals("0");
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return false;
    }

    private static int shell(String command) throws IOException, InterruptedException {
        return new ProcessBuilder("sh", "-c", command).inheritIO().start().waitFor();
    }

    /** The peers `drcn bench --peer` knows. */
    static final List<String> NAMES = List.of("pytorch", "djl", "onnxruntime");

    static Path run(String peer, String deviceId, boolean cpuDevice, boolean quick, List<Report.Row> rows, Path out, Map<String, Object> run)
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
            case "onnxruntime" -> onnxRuntime(requestFile, result, deviceId, !cpuDevice, quick, run);
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
        String python = python();
        if (python == null) {
            System.err.println("drcn bench: no python3 can import torch (apt-get install python3-torch); the report has no peer.");
            return null;
        }
        var command = new ArrayList<>(List.of(python, script.toString(), "--request", request.toString(),
                "--out", result.toString(), "--device", peerDevice));
        if (quick) command.add("--quick");
        System.out.println("drcn bench: peer pytorch: " + String.join(" ", command));
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        builder.environment().remove("LD_PRELOAD"); // the JVM's signal-chaining library (bin/drcn) is not Python's
        builder.environment().put("DRCN_PEER_THREADS", Integer.toString(threads()));
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.MINUTES)) {
            process.destroy();
            System.err.println("drcn bench: the pytorch peer took over an hour and was stopped; the report has no peer.");
            return null;
        }
        if (process.exitValue() != 0 || !Files.isRegularFile(result)) {
            System.err.println("drcn bench: the pytorch peer failed (exit " + process.exitValue() + "; its output is above); the report has no peer.");
            return null;
        }
        run.put("peer", describe(Report.JSON.readTree(result.toFile())));
        return result;
    }

    /**
     * DJL is not a dependency of the product or of bench: the DJL peer is a Maven project of its own
     * (bench/peers/djl: DjlPeer and DJL's PyTorch engine with libtorch for the CPU), built with the project's
     * Maven wrapper the first time it is asked for (and again when its sources change), then loaded in a class
     * loader of its own. Maven downloads DJL from Maven Central unless ~/.m2 has it.
     */
    private static Path djl(Path request, Path result, String peerDevice, boolean quick, Map<String, Object> run) {
        try {
            Class<?> peer = djlClasses();
            // DJL finds its engines with ServiceLoader through the thread's context class loader: the peer's.
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            thread.setContextClassLoader(peer.getClassLoader());
            try {
                peer.getMethod("run", Path.class, Path.class, String.class, boolean.class, int.class)
                        .invoke(null, request, result, peerDevice, quick, threads());
            } finally {
                thread.setContextClassLoader(previous);
            }
            run.put("peer", describe(Report.JSON.readTree(result.toFile())) + " (DJL's PyTorch engine)");
            return result;
        } catch (ReflectiveOperationException | IOException | InterruptedException | RuntimeException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            System.err.println("drcn bench: the djl peer failed: " + cause + "; the report has no peer.");
            return null;
        }
    }

    private static Class<?> djlPeer;

    /** The DJL peer's class, built first when its jar is missing or older than its sources. */
    static synchronized Class<?> djlClasses() throws IOException, InterruptedException {
        if (djlPeer != null) return djlPeer;
        Path project = home().resolve("bench/peers/djl").toAbsolutePath().normalize();
        Path jar = project.resolve("target/drcn-djl-peer.jar");
        Path mvnw = home().resolve("mvnw").toAbsolutePath().normalize();
        if (!Files.isRegularFile(project.resolve("pom.xml"))) {
            throw new UserException("the djl peer's sources (" + project + ") are not here; it runs from a checkout of the project");
        }
        if (!Files.isRegularFile(jar) || newerThan(project, jar)) {
            var command = List.of(mvnw.toString(), "-B", "-q", "-f", project.resolve("pom.xml").toString(), "package");
            System.out.println("drcn bench: building the djl peer (first use; Maven may download DJL and libtorch): " + String.join(" ", command));
            ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
            builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
            builder.environment().remove("LD_PRELOAD");
            int exit = builder.start().waitFor();
            if (exit != 0 || !Files.isRegularFile(jar)) {
                throw new UserException("could not build the djl peer (" + String.join(" ", command) + ", exit " + exit + "; Maven's output is above)");
            }
        }
        var urls = new ArrayList<java.net.URL>();
        urls.add(jar.toUri().toURL());
        try (var libs = Files.list(project.resolve("target/lib"))) {
            for (Path lib : libs.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) urls.add(lib.toUri().toURL());
        }
        // Parent first: Jackson and drcn's classes come from bench's class path, DJL from the peer's.
        var loader = new java.net.URLClassLoader("djl-peer", urls.toArray(java.net.URL[]::new), Peers.class.getClassLoader());
        try {
            djlPeer = Class.forName("drcn.bench.djl.DjlPeer", true, loader);
        } catch (ClassNotFoundException e) {
            throw new UserException("the djl peer's jar " + jar + " has no drcn.bench.djl.DjlPeer; delete bench/peers/djl/target and run again");
        }
        return djlPeer;
    }

    /** Whether any source or the pom of the Maven project {@code project} is newer than {@code built}. */
    private static boolean newerThan(Path project, Path built) throws IOException {
        var time = Files.getLastModifiedTime(built);
        try (var files = Files.walk(project.resolve("src"))) {
            return Files.getLastModifiedTime(project.resolve("pom.xml")).compareTo(time) > 0
                    || files.anyMatch(f -> {
                        try {
                            return Files.isRegularFile(f) && Files.getLastModifiedTime(f).compareTo(time) > 0;
                        } catch (IOException e) {
                            return true;
                        }
                    });
        }
    }

    private static Path onnxRuntime(Path request, Path result, String deviceId, boolean gpu, boolean quick, Map<String, Object> run) {
        System.out.println("drcn bench: peer onnxruntime: the inference rows, exported by drcn export, in ONNX Runtime (this JVM)");
        try {
            run.put("peer", OnnxRuntimePeer.run(request, result, deviceId, gpu, quick));
            return result;
        } catch (Exception | LinkageError e) {
            System.err.println("drcn bench: the onnxruntime peer failed: " + e + "; the report has no peer.");
            return null;
        }
    }

    /**
     * Threads a CPU peer runs with: every core, as a user would run it; DRCN_PEER_THREADS overrides (on a
     * shared, loaded machine, threads that outnumber the free cores spin and slow a peer down by 10-100x).
     */
    static int threads() {
        String given = System.getenv("DRCN_PEER_THREADS");
        return given == null || given.isBlank() ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(given.trim());
    }

    /** The report's line for a peer from its JSON's facts: {@code NAME VERSION on DEVICE, T threads, PRECISION}. */
    static String describe(com.fasterxml.jackson.databind.JsonNode facts) {
        var line = new StringBuilder(facts.path("peer").asText()).append(' ').append(facts.path("version").asText());
        line.append(" on ").append(facts.path("device").asText());
        if (facts.hasNonNull("threads")) line.append(", ").append(facts.path("threads").asInt()).append(" threads");
        if (facts.hasNonNull("cudnn")) line.append(", cuDNN ").append(facts.path("cudnn").asText());
        if (facts.hasNonNull("precision")) line.append(", ").append(facts.path("precision").asText());
        if (facts.hasNonNull("note")) line.append(" (").append(facts.path("note").asText()).append(')');
        return line.toString();
    }

    /** The project's root: bin/drcn passes it as drcn.home; else the current folder. */
    static Path home() {
        String home = System.getProperty("drcn.home");
        return home == null ? Path.of("") : Path.of(home);
    }
}
