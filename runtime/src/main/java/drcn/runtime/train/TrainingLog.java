package drcn.runtime.train;

import drcn.runtime.io.AtomicFile;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The run's CSV log and its chart. One row every {@code logEvery} steps and at every validation; loss,
 * l1, l2 and decay are the means over the steps since the previous row, the gradient norm (before
 * clipping) is the row's last step's, patches/s counts training steps only (not validation).
 * On resume the rows after the checkpoint's step are dropped, so the log reads as one straight run.
 */
public final class TrainingLog {
    public static final String HEADER = "step,a,lr,loss,l1,l2,decay,grad_norm,val_psnr,patches_per_s,elapsed_s";

    /** One row; {@code valPsnr} is NaN when the row's step had no validation. */
    public record Row(long step, double a, double lr, double loss, double l1, double l2, double decay,
                      double gradNorm, double valPsnr, double patchesPerSecond, double elapsedSeconds) {
        String csv() {
            return String.format(Locale.ROOT, "%d,%.6f,%.6g,%.8g,%.8g,%.8g,%.6g,%.6g,%s,%.2f,%.1f", step, a, lr, loss, l1, l2,
                    decay, gradNorm, Double.isNaN(valPsnr) ? "" : String.format(Locale.ROOT, "%.4f", valPsnr), patchesPerSecond, elapsedSeconds);
        }

        static Row parse(String line) {
            String[] f = line.split(",", -1);
            if (f.length != 11) throw new IllegalArgumentException(f.length + " fields, not 11");
            return new Row(Long.parseLong(f[0]), d(f[1]), d(f[2]), d(f[3]), d(f[4]), d(f[5]), d(f[6]), d(f[7]),
                    f[8].isEmpty() ? Double.NaN : d(f[8]), d(f[9]), d(f[10]));
        }

        private static double d(String s) { return Double.parseDouble(s); }
    }

    static {
        // The chart is drawn off-screen: no display is needed (or wanted) on a training machine.
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
    }

    private final Path csv;
    /** Null when no chart is drawn (none asked for, or this machine cannot draw one). */
    private Path chart;
    private final List<Row> rows = new ArrayList<>();
    private double bicubicPsnr = Double.NaN;

    /**
     * Starts the log; {@code keepUpTo} >= 0 keeps an existing log's rows up to that step (resume),
     * otherwise a new log is started.
     */
    public TrainingLog(Path csv, Path chart, long keepUpTo) {
        this.csv = csv;
        this.chart = chart;
        try {
            if (keepUpTo >= 0 && Files.isRegularFile(csv)) rows.addAll(readRows(csv, keepUpTo));
            List<String> lines = new ArrayList<>();
            lines.add(HEADER);
            for (Row r : rows) lines.add(r.csv());
            AtomicFile.write(csv, String.join("\n", lines).concat("\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new TrainingException("Cannot write the training log " + csv + ": " + e.getMessage() + ".", e);
        }
    }

    /**
     * The rows of an existing log up to step {@code keepUpTo}. A last row that was cut short (no final newline,
     * or fields missing: a kill or a full disk while it was appended) is dropped; the rows after the checkpoint
     * are written again by the resumed run. A damaged row before the last is an error naming its line.
     */
    static List<Row> readRows(Path csv, long keepUpTo) throws IOException {
        String text = Files.readString(csv, StandardCharsets.UTF_8);
        List<String> lines = text.lines().toList();
        boolean lastTorn = !text.isEmpty() && !text.endsWith("\n");
        List<Row> kept = new ArrayList<>();
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n);
            boolean last = n == lines.size() - 1;
            if (line.isBlank() || line.startsWith("step")) continue;
            if (last && lastTorn) break;
            Row r;
            try {
                r = Row.parse(line);
            } catch (RuntimeException e) {
                if (last) break;
                throw new TrainingException("Training log " + csv + " has a damaged row on line " + (n + 1)
                        + "; move the file away and resume again to start a new log.");
            }
            if (r.step() <= keepUpTo) kept.add(r);
        }
        return kept;
    }

    public void setBicubicPsnr(double psnr) { this.bicubicPsnr = psnr; }

    public List<Row> rows() { return List.copyOf(rows); }

    public void add(Row row) {
        rows.add(row);
        try {
            Files.writeString(csv, row.csv() + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new TrainingException("Cannot write the training log " + csv + ": " + e.getMessage() + ".", e);
        }
    }

    /** Draws loss (log scale) and validation PSNR (with the bicubic PSNR of the same pixels) into one PNG. */
    public void drawChart() {
        if (chart == null || rows.isEmpty()) return;
        try {
            renderChart();
        } catch (TrainingException e) {
            throw e; // the chart file could not be written: a real error
        } catch (RuntimeException | LinkageError | InternalError | java.awt.AWTError e) {
            // A machine without fonts (headless GPU images): AWT cannot lay out text ("Fontconfig head is
            // null"). The chart is a convenience; the CSV holds every row, so training goes on without it.
            System.err.println("drcn: no training chart (this machine cannot draw text: " + e.getMessage()
                    + "; install fontconfig and a font such as fonts-dejavu-core); the rows are in " + csv + ".");
            chart = null;
        }
    }

    private void renderChart() {
        List<Double> steps = new ArrayList<>(), loss = new ArrayList<>(), l2 = new ArrayList<>();
        List<Double> valSteps = new ArrayList<>(), val = new ArrayList<>();
        for (Row r : rows) {
            if (r.loss() > 0 && Double.isFinite(r.loss())) {
                steps.add((double) r.step());
                loss.add(r.loss());
                l2.add(Math.max(r.l2(), 1e-12));
            }
            if (!Double.isNaN(r.valPsnr())) {
                valSteps.add((double) r.step());
                val.add(r.valPsnr());
            }
        }
        int width = 900;
        XYChart top = new XYChartBuilder().width(width).height(340).title("Training loss").xAxisTitle("step").yAxisTitle("loss").build();
        top.getStyler().setYAxisLogarithmic(true);
        top.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
        if (!steps.isEmpty()) {
            top.addSeries("loss a*l1 + (1-a)*l2 + b*|W|^2", steps, loss).setMarker(SeriesMarkers.NONE);
            top.addSeries("l2 (ensemble MSE)", steps, l2).setMarker(SeriesMarkers.NONE);
        }
        XYChart bottom = new XYChartBuilder().width(width).height(340).title("Validation PSNR (Y)").xAxisTitle("step").yAxisTitle("dB").build();
        bottom.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSE);
        if (!valSteps.isEmpty()) {
            bottom.addSeries("DRCN", valSteps, val);
            if (!Double.isNaN(bicubicPsnr)) {
                double x0 = valSteps.getFirst(), x1 = Math.max(valSteps.getLast(), x0 + 1);
                bottom.addSeries(String.format(Locale.ROOT, "bicubic %.2f dB", bicubicPsnr), List.of(x0, x1),
                        List.of(bicubicPsnr, bicubicPsnr)).setMarker(SeriesMarkers.NONE);
            }
        }
        BufferedImage image = new BufferedImage(width, 680, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, 680);
        g.drawImage(BitmapEncoder.getBufferedImage(top), 0, 0, null);
        if (!valSteps.isEmpty()) g.drawImage(BitmapEncoder.getBufferedImage(bottom), 0, 340, null);
        g.dispose();
        try {
            AtomicFile.write(chart, out -> {
                if (!ImageIO.write(image, "png", out)) throw new IOException("no PNG writer");
            });
        } catch (IOException e) {
            throw new TrainingException("Cannot write the chart " + chart + ": " + e.getMessage() + ".", e);
        }
    }

}
