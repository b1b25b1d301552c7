package drcn.bench;

import com.fasterxml.jackson.databind.JsonNode;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code drcn bench compare DIR...}: several runs' report.json side by side (one table, time and
 * GFLOP/s per run, plus each run's peer when it had one) and a bar chart of GFLOP/s.
 */
public final class Compare {
    private Compare() {}

    /** One column of the comparison: a run, or the peer that ran beside it. */
    record Column(String label, Map<String, double[]> msAndGflops) {}

    static List<Column> columns(List<Path> dirs) throws IOException {
        var columns = new ArrayList<Column>();
        for (Path dir : dirs) {
            Path file = dir.resolve("report.json");
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException(dir + " holds no report.json (run `drcn bench --out " + dir + "` first)");
            }
            JsonNode report = Report.JSON.readTree(file.toFile());
            String run = dir.getFileName() + " (" + report.path("deviceId").asText("?") + ")";
            var ours = new LinkedHashMap<String, double[]>();
            var peer = new LinkedHashMap<String, double[]>();
            for (JsonNode b : report.path("benchmarks")) {
                String key = Report.key(b.path("name").asText(), b.path("shape").asText());
                ours.put(key, new double[]{b.path("ms").asDouble(), b.path("gflops").asDouble()});
                if (b.has("peer")) peer.put(key, new double[]{b.path("peer").path("ms").asDouble(), b.path("peer").path("gflops").asDouble()});
            }
            columns.add(new Column(run, ours));
            if (!peer.isEmpty()) columns.add(new Column(report.path("peer").asText("peer") + " beside " + dir.getFileName(), peer));
        }
        return columns;
    }

    /** Prints the table and writes the chart; returns the chart's path. */
    public static Path run(List<Path> dirs, Path chart, PrintStream out) throws IOException {
        List<Column> columns = columns(dirs);
        var keys = new LinkedHashSet<String>();
        for (Column c : columns) keys.addAll(c.msAndGflops().keySet());

        int keyWidth = Math.max(20, keys.stream().mapToInt(String::length).max().orElse(20));
        out.printf("%-" + keyWidth + "s", "benchmark | shape");
        for (Column c : columns) out.printf("  %28s", shorten(c.label(), 28));
        out.println();
        out.printf("%-" + keyWidth + "s", "");
        for (int i = 0; i < columns.size(); i++) out.printf("  %13s %14s", "ms", "GFLOP/s");
        out.println();
        for (String key : keys) {
            out.printf("%-" + keyWidth + "s", key);
            for (Column c : columns) {
                double[] v = c.msAndGflops().get(key);
                if (v == null) out.printf("  %13s %14s", "-", "-");
                else out.printf(Locale.ROOT, "  %13s %14s", Report.fmt(v[0]), Report.fmt(v[1]));
            }
            out.println();
        }
        writeChart(columns, new ArrayList<>(keys), chart);
        out.println("chart: " + chart);
        return chart;
    }

    /** Grouped bars of GFLOP/s per benchmark, one series per column; log axis since runs differ by orders of magnitude. */
    static void writeChart(List<Column> columns, List<String> keys, Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        CategoryChart chart = new CategoryChartBuilder().width(Math.max(900, 110 * keys.size())).height(600)
                .title("drcn bench: GFLOP/s by formula (higher is better)").xAxisTitle("benchmark").yAxisTitle("GFLOP/s").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setXAxisLabelRotation(30);
        chart.getStyler().setOverlapped(false);
        List<String> labels = keys.stream().map(k -> k.replace(" | ", " ")).toList();
        double smallest = Double.MAX_VALUE;
        for (Column c : columns) for (double[] v : c.msAndGflops().values()) if (v[1] > 0) smallest = Math.min(smallest, v[1]);
        // Bars start at 0 unless told otherwise, which a log axis refuses: start a decade below the smallest bar.
        double floor = smallest == Double.MAX_VALUE ? 1e-3 : Math.pow(10, Math.floor(Math.log10(smallest)) - 1);
        chart.getStyler().setYAxisMin(floor);
        for (Column c : columns) {
            var values = new ArrayList<Double>();
            for (String key : keys) {
                double[] v = c.msAndGflops().get(key);
                // A log axis cannot show 0: a missing bar is drawn at the axis' floor (no visible bar).
                values.add(v == null || v[1] <= 0 ? floor : v[1]);
            }
            chart.addSeries(c.label(), labels, values);
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        String name = file.toString();
        String base = name.toLowerCase(Locale.ROOT).endsWith(".png") ? name.substring(0, name.length() - 4) : name;
        try {
            BitmapEncoder.saveBitmap(chart, base, BitmapEncoder.BitmapFormat.PNG);
        } catch (RuntimeException | LinkageError | InternalError | java.awt.AWTError e) {
            // headless images without fonts: AWT cannot lay out the labels ("Fontconfig head is null")
            throw new drcn.runtime.UserException("cannot draw the chart " + file + ": this machine cannot draw text ("
                    + e.getMessage() + "); install fontconfig and a font such as fonts-dejavu-core.");
        }
    }

    private static String shorten(String s, int width) {
        return s.length() <= width ? s : s.substring(0, width - 1) + "…";
    }
}
