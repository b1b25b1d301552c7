package drcn.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns JMH's results.json (plus the device's peak and, optionally, a peer's timings) into
 * report.json and report.md: per benchmark the time, GFLOP/s by formula, GB/s where memory bound,
 * the fraction of the device's measured peak, and the ratio to the peer.
 */
public final class Report {
    private Report() {}

    public static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The device the suite ran on and its peak from {@code drcn devices --peak}'s kernels. */
    public record DeviceSummary(String id, String name, String driver, double peakGflops, double peakGBps, boolean cpu) {
        /** A device of a report file, which does not say whether it is a CPU. */
        public DeviceSummary(String id, String name, String driver, double peakGflops, double peakGBps) {
            this(id, name, driver, peakGflops, peakGBps, true);
        }
    }

    /** A peer's time for one benchmark (median, ms) and what the peer ran on. */
    public record PeerTime(String name, String shape, double ms) {}

    /** One row of the report. */
    public record Row(String name, String shape, Map<String, String> params, double ms, double msError, double gflops,
                      Double gbps, String bound, Double fractionOfPeak, PeerTime peer, Double ratioToPeer) {}

    /** Reads JMH's JSON result file into report rows (benchmarks outside {@link Suite} are skipped). */
    public static List<Row> rows(Path jmhResults, DeviceSummary device, Map<String, PeerTime> peer) throws IOException {
        JsonNode results = JSON.readTree(jmhResults.toFile());
        var rows = new ArrayList<Row>();
        for (JsonNode result : results) {
            Suite.Spec spec = Suite.byJmh(result.path("benchmark").asText());
            if (spec == null) continue;
            Map<String, String> params = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = result.path("params").fields(); it.hasNext(); ) {
                var e = it.next();
                params.put(e.getKey(), e.getValue().asText());
            }
            var p = new Suite.Params(params);
            JsonNode metric = result.path("primaryMetric");
            double ms = toMillis(metric.path("score").asDouble(), metric.path("scoreUnit").asText());
            double error = toMillis(metric.path("scoreError").asDouble(0), metric.path("scoreUnit").asText());
            if (Double.isNaN(error)) error = 0;
            double seconds = ms / 1e3;
            double gflops = spec.flops().applyAsDouble(p) / seconds / 1e9;
            Double gbps = spec.bytes() == null ? null : spec.bytes().applyAsDouble(p) / seconds / 1e9;
            Double fraction = null;
            if (!spec.host() && device != null) {
                fraction = gbps != null ? gbps / device.peakGBps() : gflops / device.peakGflops();
            }
            String shape = Suite.shape(p);
            PeerTime peerTime = peer == null ? null : peer.get(key(spec.name(), shape));
            Double ratio = peerTime == null ? null : peerTime.ms() / ms;
            rows.add(new Row(spec.name(), shape, params, ms, error, gflops, gbps,
                    spec.bound().name().toLowerCase(Locale.ROOT), fraction, peerTime, ratio));
        }
        return rows;
    }

    static String key(String name, String shape) {
        return name + " | " + shape;
    }

    private static double toMillis(double score, String unit) {
        return switch (unit) {
            case "ms/op" -> score;
            case "us/op" -> score / 1e3;
            case "ns/op" -> score / 1e6;
            case "s/op" -> score * 1e3;
            default -> throw new IllegalArgumentException("unexpected JMH score unit " + unit + " (the suite runs in AverageTime mode)");
        };
    }

    /** report.json: the keys named in the issue, plus the formulas and each row's parameters. */
    public static ObjectNode json(DeviceSummary device, String peerName, List<Row> rows, Map<String, Object> run) {
        ObjectNode root = JSON.createObjectNode();
        root.put("device", device.name());
        root.put("deviceId", device.id());
        root.put("driver", device.driver());
        root.put("peakGflops", round(device.peakGflops()));
        root.put("peakGBps", round(device.peakGBps()));
        root.set("run", JSON.valueToTree(run));
        ObjectNode formulas = root.putObject("formulas");
        for (Suite.Spec s : Suite.SPECS) formulas.put(s.name(), s.formula());
        if (peerName != null) root.put("peer", peerName);
        ArrayNode list = root.putArray("benchmarks");
        for (Row r : rows) {
            ObjectNode b = list.addObject();
            b.put("name", r.name());
            b.put("shape", r.shape());
            b.set("params", JSON.valueToTree(r.params()));
            b.put("ms", round(r.ms()));
            b.put("msError", round(r.msError()));
            b.put("gflops", round(r.gflops()));
            if (r.gbps() != null) b.put("gbps", round(r.gbps()));
            b.put("bound", r.bound());
            if (r.fractionOfPeak() != null) b.put("fractionOfPeak", Math.round(r.fractionOfPeak() * 10000) / 10000.0);
            if (r.peer() != null) {
                ObjectNode p = b.putObject("peer");
                p.put("name", peerName);
                p.put("ms", round(r.peer().ms()));
                p.put("gflops", round(r.gflops() * r.ms() / r.peer().ms()));
                b.put("ratioToPeer", round(r.ratioToPeer()));
            }
        }
        return root;
    }

    /** report.md: a header with the device and peak, one table, the formulas. */
    public static String markdown(DeviceSummary device, String peerName, List<Row> rows, Map<String, Object> run) {
        var md = new StringBuilder();
        md.append("# drcn bench: ").append(device.name()).append(" (").append(device.id()).append(")\n\n");
        md.append("Driver ").append(device.driver()).append(". Measured peak (drcn devices --peak): ")
                .append(fmt(device.peakGflops())).append(" GFLOP/s (FMA chains), ")
                .append(fmt(device.peakGBps())).append(" GB/s (copy).\n\n");
        md.append("Run: ");
        run.forEach((k, v) -> md.append(k).append(" = ").append(v).append("; "));
        md.append("\n\n");
        md.append("| benchmark | shape | ms | ± | GFLOP/s | GB/s | of peak |");
        if (peerName != null) md.append(' ').append(peerName).append(" ms | ours / ").append(peerName).append(" |");
        md.append('\n');
        md.append("| --- | --- | ---: | ---: | ---: | ---: | ---: |");
        if (peerName != null) md.append(" ---: | ---: |");
        md.append('\n');
        for (Row r : rows) {
            md.append("| ").append(r.name()).append(" | ").append(r.shape()).append(" | ").append(fmt(r.ms()))
                    .append(" | ").append(fmt(r.msError())).append(" | ").append(fmt(r.gflops()))
                    .append(" | ").append(r.gbps() == null ? "" : fmt(r.gbps()))
                    .append(" | ").append(r.fractionOfPeak() == null ? "host" : String.format(Locale.ROOT, "%.1f%% %s",
                            100 * r.fractionOfPeak(), r.bound().equals("memory") ? "BW" : "FMA"))
                    .append(" |");
            if (peerName != null) {
                md.append(' ').append(r.peer() == null ? "" : fmt(r.peer().ms())).append(" | ")
                        .append(r.ratioToPeer() == null ? "" : String.format(Locale.ROOT, "%.2fx", r.ratioToPeer())).append(" |");
            }
            md.append('\n');
        }
        md.append("\nTimes are JMH averages per call (± its 99.9% error) with the device finished inside the call; "
                + "kernels compiled in setup. \"of peak\" is GFLOP/s over the FMA peak for compute-bound rows "
                + "and GB/s over the copy peak for memory-bound ones; `reference.*` rows are the plain-Java twins on "
                + "the host (one thread), the floor. A memory-bound row above 100% has a working set that fits in the "
                + "cache (the copy peak streams 2 x 64 MiB). On CPU devices the convolutions of 8+ channels run "
                + "Winograd F(4x4, 3x3), about a quarter of the multiply-adds the formula counts, so their rows can pass "
                + "100% of the FMA peak. ours / peer > 1 means we are faster.\n\n");
        md.append("FLOPs by formula (S = image or patch side, N batch, F filters, D recursions; multiply-add = 2 FLOPs):\n\n");
        for (Suite.Spec s : Suite.SPECS) md.append("- `").append(s.name()).append("`: ").append(s.formula()).append('\n');
        return md.toString();
    }

    /** Writes report.json and report.md into {@code dir}. */
    public static void write(Path dir, DeviceSummary device, String peerName, List<Row> rows, Map<String, Object> run) throws IOException {
        JSON.writeValue(dir.resolve("report.json").toFile(), json(device, peerName, rows, run));
        Files.writeString(dir.resolve("report.md"), markdown(device, peerName, rows, run));
    }

    /** A peer's JSON output: {@code {"peer": ..., "results": [{"name", "shape", "ms"}, ...]}}, keyed by name and shape. */
    public static Map<String, PeerTime> readPeer(Path file) throws IOException {
        var times = new LinkedHashMap<String, PeerTime>();
        for (JsonNode r : JSON.readTree(file.toFile()).path("results")) {
            if (!r.hasNonNull("ms")) continue; // a benchmark the peer could not run
            var t = new PeerTime(r.path("name").asText(), r.path("shape").asText(), r.path("ms").asDouble());
            times.put(key(t.name(), t.shape()), t);
        }
        return times;
    }

    static double round(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) return v;
        double magnitude = Math.abs(v) >= 1 ? 1000 : 1e6;
        return Math.round(v * magnitude) / magnitude;
    }

    static String fmt(double v) {
        if (v >= 100) return String.format(Locale.ROOT, "%.0f", v);
        if (v >= 10) return String.format(Locale.ROOT, "%.1f", v);
        if (v >= 0.1) return String.format(Locale.ROOT, "%.2f", v);
        return String.format(Locale.ROOT, "%.3g", v);
    }
}
