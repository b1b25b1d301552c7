package drcn.runtime.eval;

import drcn.runtime.UserException;
import drcn.runtime.model.DrcnConfig;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The DRCN paper's figure of PSNR against depth: the mean PSNR of each recursion's output d = 1..D as a
 * line with markers, the ensemble's mean PSNR and bicubic's as horizontal lines, drawn with XChart into a
 * PNG that is written atomically ({@link AtomicOutput}).
 */
public final class RecursionPlot {
    public static final int WIDTH = 800, HEIGHT = 500;

    static {
        // Drawn off-screen: no display is needed (or wanted) on an evaluation machine.
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
    }

    private RecursionPlot() {}

    /** Checks the plot's path before any work is done: a *.png name in an existing folder. */
    public static void checkPath(Path file) {
        AtomicOutput.checkWritable(file, "plot", true);
    }

    /**
     * Draws the figure of {@code report} (which must have DRCN scores) into {@code file}.
     *
     * @return false when this machine cannot draw text (no fonts: "Fontconfig head is null"); nothing is written then
     * @throws UserException when the file cannot be written
     */
    public static boolean draw(Evaluation.Report report, String modelName, DrcnConfig config, Path file) {
        if (report.drcn() == null) throw new IllegalArgumentException("the plot needs DRCN scores");
        BufferedImage image;
        try {
            image = BitmapEncoder.getBufferedImage(chart(report, modelName, config));
        } catch (RuntimeException | LinkageError | InternalError | java.awt.AWTError e) {
            return false;   // no fonts: AWT cannot lay out text
        }
        var bytes = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", bytes)) throw new IOException("no PNG writer");
        } catch (IOException e) {
            throw new UserException("Cannot encode the plot " + file + " (" + e.getMessage() + ").", e);
        }
        AtomicOutput.writeBytes(file, bytes.toByteArray());
        return true;
    }

    static XYChart chart(Evaluation.Report report, String modelName, DrcnConfig config) {
        double[] recursion = report.drcn().meanRecursionPsnr();
        int depth = recursion.length;
        Path folder = report.data().toAbsolutePath().normalize().getFileName();
        String set = folder == null ? report.data().toString() : folder.toString();
        String title = String.format(Locale.ROOT, "%s x%d: %s (F=%d, D=%d)", set, report.scale(), modelName,
                config.filters(), config.recursions());
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle("recursion d").yAxisTitle("mean PSNR (dB, Y)").build();
        var styler = chart.getStyler();
        styler.setLegendPosition(Styler.LegendPosition.InsideSE);
        styler.setXAxisDecimalPattern("0");
        styler.setYAxisDecimalPattern("0.00");
        styler.setChartBackgroundColor(java.awt.Color.WHITE);

        List<Double> xs = new ArrayList<>(), ys = new ArrayList<>();
        for (int d = 0; d < depth; d++) {
            xs.add((double) (d + 1));
            ys.add(recursion[d]);
        }
        // the horizontal lines span the recursions (a little either side when D = 1)
        double x0 = depth > 1 ? 1 : 0.5, x1 = depth > 1 ? depth : 1.5;
        double ensemble = report.drcn().meanPsnr(), bicubic = report.bicubic().meanPsnr();
        chart.addSeries("recursion d", xs, ys).setMarker(SeriesMarkers.CIRCLE);
        chart.addSeries(String.format(Locale.ROOT, "ensemble %.2f dB", ensemble), List.of(x0, x1), List.of(ensemble, ensemble))
                .setMarker(SeriesMarkers.NONE);
        chart.addSeries(String.format(Locale.ROOT, "bicubic %.2f dB", bicubic), List.of(x0, x1), List.of(bicubic, bicubic))
                .setMarker(SeriesMarkers.NONE);
        return chart;
    }
}
