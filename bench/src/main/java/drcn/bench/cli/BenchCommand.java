package drcn.bench.cli;

import drcn.bench.BenchDevices;
import drcn.bench.Report;
import drcn.runtime.backend.Device;
import drcn.runtime.cli.DeviceOptions;
import drcn.runtime.UserException;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code drcn bench}: the JMH suite on one device through JMH's Runner API, then report.json and
 * report.md (time, GFLOP/s, GB/s, fraction of the device's measured peak, ratio to a peer).
 */
@Command(name = "bench", mixinStandardHelpOptions = true, subcommands = CompareCommand.class,
        description = {"Benchmark every DRCN kernel and the model end to end on one device (JMH); write DIR/results.json, "
                + "DIR/report.json and DIR/report.md.",
                "`drcn bench compare DIR...` puts several runs side by side."})
public final class BenchCommand implements Callable<Integer> {

    @Mixin
    DeviceOptions deviceOptions = new DeviceOptions();

    @Option(names = "--out", paramLabel = "DIR", description = "Folder for results.json, report.json and report.md (created).")
    Path out;

    @Option(names = "--quick", description = "A few shapes (F = 64 only), short iterations: a few minutes on a CPU.")
    boolean quick;

    @Option(names = "--peer", paramLabel = "NAME", description = "Also time the same work with a framework in the same run: pytorch (bench/peers/torch_bench.py), "
            + "djl (DJL's PyTorch engine, built on first use) or onnxruntime (the inference rows, exported by drcn export).")
    String peer;

    @Option(names = "--include", paramLabel = "REGEX", description = "Only the JMH benchmarks matching REGEX (default: the whole suite).")
    String include;

    @Option(names = "--filters", split = ",", paramLabel = "F", description = "Filter counts (default 64,256; --quick 64).")
    List<String> filters;

    @Option(names = "--recursions", split = ",", paramLabel = "D", description = "Recursions (default 16; --quick 8).")
    List<String> recursions;

    @Option(names = "--batch", split = ",", paramLabel = "N", description = "Batch of patches (default 16; --quick 4).")
    List<String> batch;

    @Option(names = "--patch", split = ",", paramLabel = "S", description = "Patch side of kernels and training (default 41).")
    List<String> patch;

    @Option(names = "--image", split = ",", paramLabel = "S", description = "Image side of the inference benchmark (default 256; --quick 64).")
    List<String> image;

    /** The suite in three JMH runs (parameters differ): kernels and inference, the training step, the host reference twins (the floor). */
    static final String KERNEL_SUITE = "^drcn\\.bench\\.(ConvBench|PointwiseBench|DrcnInferenceBench)\\.";
    static final String TRAIN_SUITE = "^drcn\\.bench\\.DrcnTrainBench\\.";
    static final String REFERENCE_SUITE = "^drcn\\.bench\\.ReferenceBench\\.";

    @Override
    public Integer call() throws Exception {
        if (out == null) throw new UserException("drcn bench needs --out DIR (the folder for the results)");
        if (peer != null && !Peers.NAMES.contains(peer)) {
            throw new UserException("unknown peer '" + peer + "': use pytorch, djl or onnxruntime");
        }
        if (Files.exists(out) && !Files.isDirectory(out)) throw new UserException("--out " + out + " is a file; drcn bench needs a folder for its results.");
        try {
            Files.createDirectories(out);
        } catch (java.io.IOException e) {
            throw new UserException("Cannot create the --out folder " + out + " (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ").", e);
        }
        if (peer != null) Peers.prepare(peer); // before the suite: a peer that cannot run stops here, with the fix
        PrintStream console = System.out;
        String loadAverage = loadAverage();

        Report.DeviceSummary device = measureDevice();
        console.printf("drcn bench: %s (%s), driver %s; peak %.1f GFLOP/s, %.1f GB/s%n",
                device.name(), device.id(), device.driver(), device.peakGflops(), device.peakGBps());

        // each trial profiles its own device (BenchDevices.open): it writes its own JSON and trace files
        setFileProperty(BenchDevices.PROFILE_JSON, deviceOptions.profiling().jsonFile());
        setFileProperty(BenchDevices.PROFILE_TRACE, deviceOptions.profiling().traceFile());
        Map<String, List<String>> params = params(device.id());
        var results = new ArrayList<RunResult>();
        if (include != null) {
            results.addAll(runJmh(include, params));
        } else {
            results.addAll(runJmh(KERNEL_SUITE, params));
            var trainParams = new LinkedHashMap<>(params);
            // --quick: one patch per step; a batch of 4 costs about 2 minutes per run on a 2-core PoCL.
            if (quick && batch == null) trainParams.put("batch", List.of("1"));
            results.addAll(runJmh(TRAIN_SUITE, trainParams));
            var referenceParams = new LinkedHashMap<>(params);
            referenceParams.put("filters", List.of("64")); // the single-thread twins at F = 256 take minutes per call
            results.addAll(runJmh(REFERENCE_SUITE, referenceParams));
        }
        Path resultsFile = out.resolve("results.json");
        ResultFormatFactory.getInstance(ResultFormatType.JSON, resultsFile.toString()).writeOut(results);

        Map<String, Object> run = new LinkedHashMap<>();
        run.put("mode", quick ? "quick" : "full");
        run.put("jmh", quick ? "1 fork, 1 x 1 s warm-up, 3 x 1 s measurement" : "1 fork, 3 x 2 s warm-up, 5 x 2 s measurement");
        run.put("date", java.time.LocalDate.now().toString());
        run.put("host", System.getProperty("os.name") + " " + System.getProperty("os.arch") + ", "
                + Runtime.getRuntime().availableProcessors() + " CPUs, " + System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        run.put("loadAverageAtStart", loadAverage); // a shared machine's load explains noisy numbers

        List<Report.Row> rows = Report.rows(resultsFile, device, null);
        Map<String, Report.PeerTime> peerTimes = null;
        if (peer != null) {
            Path peerFile = Peers.run(peer, device.id(), device.cpu(), quick, rows, out, run);
            if (peerFile != null) peerTimes = Report.readPeer(peerFile);
            rows = Report.rows(resultsFile, device, peerTimes);
        }
        Report.write(out, device, peerTimes == null ? null : peer, rows, run);
        console.println("drcn bench: wrote " + out.resolve("report.md") + ", report.json and results.json");
        console.print(Files.readString(out.resolve("report.md")));
        return 0;
    }

    /**
     * The chosen device's name, driver and peak, measured in a child JVM ({@link DeviceProbe}) so that
     * this JVM holds no context on the device while JMH's forks use it.
     */
    Report.DeviceSummary measureDevice() throws IOException, InterruptedException {
        deviceOptions.apply();
        var command = new ArrayList<String>();
        command.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(List.of(forkedJvmArguments()));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), DeviceProbe.class.getName()));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new UserException("could not open or measure the device to benchmark (exit " + process.exitValue() + "; the reason is above)");
        }
        var json = Report.JSON.readTree(output);
        return new Report.DeviceSummary(json.path("id").asText(), json.path("name").asText(), json.path("driver").asText(),
                json.path("gflops").asDouble(), json.path("gbps").asDouble(), json.path("cpu").asBoolean());
    }

    private static void setFileProperty(String key, Path file) {
        if (file != null) System.setProperty(key, file.toAbsolutePath().toString());
    }

    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    Map<String, List<String>> params(String deviceId) {
        var p = new LinkedHashMap<String, List<String>>();
        p.put("device", List.of(deviceId));
        p.put("filters", or(filters, quick ? List.of("64") : List.of("64", "256")));
        p.put("recursions", or(recursions, List.of(quick ? "8" : "16")));
        p.put("batch", or(batch, List.of(quick ? "4" : "16")));
        p.put("size", or(patch, List.of("41")));
        p.put("patch", or(patch, List.of("41")));
        p.put("image", or(image, List.of(quick ? "64" : "256")));
        return p;
    }

    private static List<String> or(List<String> given, List<String> fallback) {
        return given == null || given.isEmpty() ? fallback : given;
    }

    Collection<RunResult> runJmh(String includes, Map<String, List<String>> params) throws RunnerException {
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(includes)
                .forks(1)
                .warmupIterations(quick ? 1 : 3)
                .warmupTime(TimeValue.seconds(quick ? 1 : 2))
                .measurementIterations(quick ? 3 : 5)
                .measurementTime(TimeValue.seconds(quick ? 1 : 2))
                .shouldFailOnError(false)
                .jvmArgsAppend(forkedJvmArguments());
        params.forEach((name, values) -> options.param(name, values.toArray(String[]::new)));
        return new Runner(options.build()).run();
    }

    /**
     * The forked benchmark JVMs inherit this JVM's command-line flags (JMH's default), but not the
     * settings that CLI flags such as --device or --fast-math set at run time: pass every drcn.* property,
     * and the profile files each trial writes.
     */
    static String[] forkedJvmArguments() {
        var args = new ArrayList<String>();
        args.add("--enable-native-access=ALL-UNNAMED");
        args.add("-Djava.awt.headless=true");
        for (String key : System.getProperties().stringPropertyNames()) {
            if (key.startsWith("drcn.") || key.equals(BenchDevices.PROFILE_JSON) || key.equals(BenchDevices.PROFILE_TRACE)) {
                args.add("-D" + key + "=" + System.getProperty(key));
            }
        }
        return args.toArray(String[]::new);
    }
}
