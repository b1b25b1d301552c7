package drcn.bench.djl;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * DJL (PyTorch engine) as a peer: the convolution benchmarks of the suite, timed the way
 * bench/peers/torch_bench.py times them (warm-up, then the median), in fp32 with {@code threads} intra-op
 * threads. A Maven project of its own (bench/peers/djl), so nothing else depends on DJL; {@code drcn bench
 * --peer djl} builds it on first use and finds this class by name. Other benchmarks get {@code "ms": null}.
 */
public final class DjlPeer {
    private DjlPeer() {}

    public static void run(Path request, Path out, String device, boolean quick, int threads) throws Exception {
        System.setProperty("ai.djl.offline", "true"); // the native library comes from pytorch-native-cpu's jar
        // torch.set_num_threads / set_num_interop_threads, read when the engine starts
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        var mapper = new ObjectMapper();
        ArrayNode results = mapper.createArrayNode();
        Engine engine = Engine.getEngine("PyTorch");
        try (NDManager manager = NDManager.newBaseManager(engine.defaultDevice(), "PyTorch")) {
            for (JsonNode entry : mapper.readTree(request.toFile())) {
                String name = entry.path("name").asText();
                JsonNode p = entry.path("params");
                int f = p.path("filters").asInt(64), n = p.path("batch").asInt(1), s = p.path("size").asInt(41);
                Double ms = name.startsWith("conv.") ? conv(manager, name, n, f, s, quick) : null;
                ObjectNode r = results.addObject();
                r.put("name", name);
                r.put("shape", entry.path("shape").asText());
                if (ms == null) r.putNull("ms"); else r.put("ms", ms);
                System.out.printf("  djl %-22s %-22s %s%n", name, entry.path("shape").asText(), ms == null ? "-" : String.format("%.3f ms", ms));
            }
        }
        ObjectNode root = mapper.createObjectNode();
        root.put("peer", "djl");
        root.put("version", engine.getVersion());
        root.put("device", engine.defaultDevice().toString());
        root.put("threads", threads);
        root.put("precision", "fp32");
        root.set("results", results);
        mapper.writerWithDefaultPrettyPrinter().writeValue(out.toFile(), root);
    }

    private static Double conv(NDManager manager, String name, int n, int f, int s, boolean quick) {
        try (NDManager sub = manager.newSubManager()) {
            NDArray x = sub.randomUniform(-1, 1, new Shape(n, f, s, s));
            NDArray w = sub.randomUniform(-1, 1, new Shape(f, f, 3, 3));
            NDArray b = sub.randomUniform(-1, 1, new Shape(f));
            Shape one = new Shape(1, 1), pad = new Shape(1, 1);
            Runnable body = switch (name) {
                case "conv.forward" -> () -> Conv2d.conv2d(x, w, b, one, pad, one, 1).singletonOrThrow().close();
                case "conv.forwardRelu" -> () -> Activation.relu(Conv2d.conv2d(x, w, b, one, pad, one, 1).singletonOrThrow()).close();
                // DJL has no separate backward ops: time forward + backward with a gradient on the one input
                // (the forward's share is about a third), and say so in the report by the name's convention.
                case "conv.backwardInput", "conv.backwardWeights" -> {
                    NDArray target = name.endsWith("Input") ? x : w;
                    target.setRequiresGradient(true);
                    yield () -> {
                        try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
                            collector.backward(Conv2d.conv2d(x, w, b, one, pad, one, 1).singletonOrThrow().sum());
                        }
                    };
                }
                default -> null;
            };
            if (body == null) return null;
            for (int i = 0; i < 2; i++) body.run();
            List<Double> times = new ArrayList<>();
            long start = System.nanoTime();
            while (times.size() < (quick ? 3 : 10) || (System.nanoTime() - start < (quick ? 1e9 : 5e9) && times.size() < 1000)) {
                long t = System.nanoTime();
                body.run();
                times.add((System.nanoTime() - t) / 1e6);
            }
            Collections.sort(times);
            return times.get(times.size() / 2);
        }
    }
}
