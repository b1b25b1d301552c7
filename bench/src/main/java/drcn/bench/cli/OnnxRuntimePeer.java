package drcn.bench.cli;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import drcn.bench.BenchDevices;
import drcn.bench.DrcnInferenceBench;
import drcn.bench.Report;
import drcn.runtime.backend.Device;
import drcn.runtime.export.OnnxExport;
import drcn.runtime.model.Drcn;
import drcn.runtime.model.DrcnParameters;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * ONNX Runtime (Java API, com.microsoft.onnxruntime) as a peer of the inference rows: each
 * {@code drcn.inference} row's network, with the weights and input of {@link DrcnInferenceBench}, exported
 * by {@link OnnxExport} at the row's fixed size and run in an ONNX Runtime session in this JVM. On the CPU
 * the session runs the CPU execution provider (MLAS) with every core as an intra-op thread; on a GPU run it
 * adds the CUDA provider when the ONNX Runtime on the class path has one.
 *
 * <p>Before a row is timed, ONNX Runtime's output is compared with ours on the bench's device for the same
 * input: a relative L2 difference above {@link #TOLERANCE} leaves the row untimed (a wrong peer is no
 * peer). Timing as bench/peers/torch_bench.py does: warm-up runs, then the median of the timed runs; host
 * array in, host array out.
 */
final class OnnxRuntimePeer {
    private OnnxRuntimePeer() {}

    /**
     * Relative L2 between ONNX Runtime's output and ours. Both sum in fp32 in different orders (and our CPU
     * convolutions run Winograd F(4x4, 3x3)); the export tests agree within 1e-5 at F = 64, and a wrong graph
     * (a dropped bias, a missing skip) is off by 1e-2 or more.
     */
    static final double TOLERANCE = 1e-4;

    /** Runs the request's inference rows and writes the peer's JSON; returns the report's description of the peer. */
    static String run(Path request, Path out, String deviceId, boolean gpu, boolean quick) throws IOException, OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        int threads = Peers.threads();
        String provider = "CPU (MLAS)";
        String cudaReason = null;
        if (gpu) {
            if (OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) {
                provider = "CUDA";
            } else {
                cudaReason = "the ONNX Runtime on the class path (com.microsoft.onnxruntime:onnxruntime) is the CPU build, "
                        + "without the CUDA provider (that is the onnxruntime_gpu artifact with CUDA 12 and cuDNN 9), so the peer runs on the CPU";
                System.err.println("drcn bench: onnxruntime: " + cudaReason + ".");
            }
        }
        ArrayNode results = Report.JSON.createArrayNode();
        for (JsonNode entry : Report.JSON.readTree(request.toFile())) {
            String name = entry.path("name").asText();
            String shape = entry.path("shape").asText();
            Double ms = null;
            if (name.equals("drcn.inference")) {
                JsonNode p = entry.path("params");
                int filters = p.path("filters").asInt(), recursions = p.path("recursions").asInt(), image = p.path("image").asInt();
                try (OrtSession.SessionOptions options = options(threads, provider.equals("CUDA"))) {
                    ms = inference(env, options, deviceId, filters, recursions, image, quick);
                } catch (OrtException e) {
                    System.err.println("drcn bench: onnxruntime could not run " + name + " " + shape + ": " + e.getMessage());
                } catch (OutOfMemoryError e) {
                    System.err.println("drcn bench: onnxruntime ran out of memory on " + name + " " + shape + "; the row has no peer time.");
                }
            }
            ObjectNode r = results.addObject();
            r.put("name", name);
            r.put("shape", shape);
            if (ms == null) r.putNull("ms"); else r.put("ms", ms);
            System.out.printf("  onnxruntime %-22s %-22s %s%n", name, shape, ms == null ? "-" : String.format("%.3f ms", ms));
        }
        ObjectNode root = Report.JSON.createObjectNode();
        root.put("peer", "onnxruntime");
        root.put("version", env.getVersion());
        root.put("device", provider.equals("CUDA") ? "CUDA provider" : "CPU provider (MLAS)");
        root.put("threads", threads);
        root.put("precision", "fp32");
        if (cudaReason != null) root.put("note", cudaReason);
        root.set("results", results);
        Report.JSON.writeValue(out.toFile(), root);
        return Peers.describe(root);
    }

    /**
     * Every graph optimisation (ONNX Runtime's default for a session made in code is all of them: constant
     * folding, Conv+Relu fusion, the NCHWc layout for AVX-512), one intra-op pool of {@code threads}, and
     * nodes run one after another (the DRCN graph is a chain).
     */
    static OrtSession.SessionOptions options(int threads, boolean cuda) throws OrtException {
        var options = new OrtSession.SessionOptions();
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
        options.setIntraOpNumThreads(threads);
        options.setInterOpNumThreads(1);
        if (cuda) options.addCUDA(0);
        return options;
    }

    /** The median ms of one inference, or null (with one sentence) when ONNX Runtime's output is not ours. */
    static Double inference(OrtEnvironment env, OrtSession.SessionOptions options, String deviceId, int filters, int recursions,
                            int image, boolean quick) throws OrtException {
        DrcnParameters parameters = DrcnInferenceBench.parameters(filters, recursions);
        float[] input = DrcnInferenceBench.input(image);
        float[] ours = ours(deviceId, parameters, input, image);
        byte[] model = OnnxExport.export(parameters, image, image, "drcn bench");
        try (OrtSession session = env.createSession(model, options)) {
            return timeIfAgrees(env, session, input, ours, image, quick,
                    String.format("F=%d D=%d %dx%d", filters, recursions, image, image), deviceId);
        }
    }

    /**
     * Runs {@code session} on {@code input} once and compares with {@code ours}; when they agree, the median ms of
     * the timed runs after a warm-up, else null (and one sentence on stderr).
     */
    static Double timeIfAgrees(OrtEnvironment env, OrtSession session, float[] input, float[] ours, int image, boolean quick,
                               String shape, String deviceId) throws OrtException {
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), new long[] {1, 1, image, image})) {
            Map<String, OnnxTensor> feed = Map.of(OnnxExport.INPUT, tensor);
            double error = relativeL2(run(session, feed), ours);
            System.out.printf("  onnxruntime %s: relative L2 to ours on %s %.2e%n", shape, deviceId, error);
            if (!(error <= TOLERANCE)) {
                System.err.printf("drcn bench: onnxruntime's output differs from ours by %.2e (relative L2, over %.0e) at %s; "
                        + "the row is not timed.%n", error, TOLERANCE, shape);
                return null;
            }
            int warmup = 1, minRuns = quick ? 3 : 5;
            double minSeconds = quick ? 1 : 5;
            for (int i = 0; i < warmup; i++) run(session, feed);
            List<Double> times = new ArrayList<>();
            long start = System.nanoTime();
            while (times.size() < minRuns || ((System.nanoTime() - start) / 1e9 < minSeconds && times.size() < 1000)) {
                long t = System.nanoTime();
                run(session, feed);
                times.add((System.nanoTime() - t) / 1e6);
            }
            Collections.sort(times);
            return times.get(times.size() / 2);
        }
    }

    /** One inference; the output copied out to a host array, as ours reads its output back. */
    private static float[] run(OrtSession session, Map<String, OnnxTensor> feed) throws OrtException {
        try (OrtSession.Result result = session.run(feed)) {
            FloatBuffer b = ((OnnxTensor) result.get(OnnxExport.OUTPUT).orElseThrow()).getFloatBuffer();
            float[] values = new float[b.remaining()];
            b.get(values);
            return values;
        }
    }

    /** Our output on the bench's device for the same model and input. */
    private static float[] ours(String deviceId, DrcnParameters parameters, float[] input, int image) {
        try (Device device = BenchDevices.open(deviceId);
             Drcn model = Drcn.forInference(device, parameters.config(), 1, image, image)) {
            model.setParameters(parameters);
            model.forward(input);
            return model.output();
        }
    }

    static double relativeL2(float[] a, float[] b) {
        if (a.length != b.length) return Double.POSITIVE_INFINITY;
        double diff = 0, norm = 0;
        for (int i = 0; i < a.length; i++) {
            diff += (double) (a[i] - b[i]) * (a[i] - b[i]);
            norm += (double) b[i] * b[i];
        }
        return Math.sqrt(diff / norm);
    }
}
