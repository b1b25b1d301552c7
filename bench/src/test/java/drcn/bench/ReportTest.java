package drcn.bench;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** report.json / report.md from a canned JMH results.json and peer file; compare's table and chart. */
class ReportTest {
    static final Report.DeviceSummary DEVICE = new Report.DeviceSummary("opencl:0", "Test CPU", "3.1", 100.0, 10.0);

    static Path canned(String name) throws Exception {
        return Path.of(ReportTest.class.getResource("/canned/" + name).toURI());
    }

    static Path writeReport(Path dir, Report.DeviceSummary device, boolean withPeer) throws Exception {
        Files.createDirectories(dir);
        Map<String, Report.PeerTime> peer = withPeer ? Report.readPeer(canned("peer-pytorch.json")) : null;
        List<Report.Row> rows = Report.rows(canned("results.json"), device, peer);
        Report.write(dir, device, withPeer ? "pytorch" : null, rows, Map.of("mode", "quick"));
        return dir;
    }

    @Test
    void reportJsonHasTheKeysAndTheNumbersFollowTheFormulas(@TempDir Path dir) throws Exception {
        writeReport(dir, DEVICE, true);
        JsonNode report = Report.JSON.readTree(dir.resolve("report.json").toFile());
        assertEquals("Test CPU", report.get("device").asText());
        assertEquals("3.1", report.get("driver").asText());
        assertEquals(100.0, report.get("peakGflops").asDouble());
        assertEquals(10.0, report.get("peakGBps").asDouble());
        JsonNode benchmarks = report.get("benchmarks");
        assertEquals(4, benchmarks.size(), "the ladder benchmark outside the suite is left out");

        JsonNode conv = benchmarks.get(0);
        assertEquals("conv.forwardRelu", conv.get("name").asText());
        assertEquals("F=64 N=4 41x41", conv.get("shape").asText());
        assertEquals(50.0, conv.get("ms").asDouble());
        double gflops = Flops.conv(4, 64, 64, 41, 41) / 0.050 / 1e9;
        assertEquals(gflops, conv.get("gflops").asDouble(), 1e-3);
        assertEquals(gflops / 100.0, conv.get("fractionOfPeak").asDouble(), 1e-4);
        assertEquals("pytorch", conv.get("peer").get("name").asText());
        assertEquals(25.0, conv.get("peer").get("ms").asDouble());
        assertEquals(2 * gflops, conv.get("peer").get("gflops").asDouble(), 1e-3);
        assertEquals(0.5, conv.get("ratioToPeer").asDouble(), 1e-9, "the peer is twice as fast");

        JsonNode relu = benchmarks.get(1);
        assertEquals(1.0, relu.get("ms").asDouble(), 1e-12, "us/op converted to ms");
        double gbps = 12.0 * 4 * 64 * 41 * 41 / 1e-3 / 1e9;
        assertEquals(gbps, relu.get("gbps").asDouble(), 1e-3);
        assertEquals("memory", relu.get("bound").asText());
        assertEquals(gbps / 10.0, relu.get("fractionOfPeak").asDouble(), 1e-4, "memory-bound rows against the copy peak");
        assertEquals(0.0, relu.get("msError").asDouble(), "JMH's NaN error (too few iterations) becomes 0");

        JsonNode train = benchmarks.get(2);
        assertFalse(train.has("peer"), "a peer result of null ms is no peer result");
        assertFalse(train.has("ratioToPeer"));

        JsonNode reference = benchmarks.get(3);
        assertEquals("reference.convForwardRelu", reference.get("name").asText());
        assertFalse(reference.has("fractionOfPeak"), "the host reference is not measured against the device's peak");
        assertTrue(report.get("formulas").has("drcn.trainStep"));
    }

    @Test
    void reportMarkdownHasTheTableAndTheFormulas(@TempDir Path dir) throws Exception {
        writeReport(dir, DEVICE, true);
        String md = Files.readString(dir.resolve("report.md"));
        assertTrue(md.contains("| benchmark | shape | ms |"), md);
        assertTrue(md.contains("pytorch ms"), md);
        assertTrue(md.contains("| conv.forwardRelu | F=64 N=4 41x41 | 50.0 |"), md);
        assertTrue(md.contains("0.50x"), md);
        assertTrue(md.contains("`conv.forward`: 2*N*F*F*9*S*S"), md);
        assertTrue(md.contains("100 GFLOP/s"), md);
    }

    @Test
    void compareWritesATableAndAReadablePng(@TempDir Path dir) throws Exception {
        Path a = writeReport(dir.resolve("pocl"), DEVICE, true);
        Path b = writeReport(dir.resolve("jvm"), new Report.DeviceSummary("jvm:0", "JVM", "25", 5.0, 1.0), false);
        var text = new ByteArrayOutputStream();
        Path chart = Compare.run(List.of(a, b), dir.resolve("chart.png"), new PrintStream(text, true));
        String table = text.toString();
        assertTrue(table.contains("pocl (opencl:0)"), table);
        assertTrue(table.contains("jvm (jvm:0)"), table);
        assertTrue(table.contains("pytorch beside pocl"), table);
        assertTrue(table.contains("conv.forwardRelu | F=64 N=4 41x41"), table);
        BufferedImage image = ImageIO.read(chart.toFile());
        assertNotNull(image, "ImageIO reads the chart");
        assertTrue(image.getWidth() >= 900 && image.getHeight() >= 600);
    }

    @Test
    void compareNamesAFolderWithoutAReport(@TempDir Path dir) {
        var e = assertThrows(IllegalArgumentException.class, () -> Compare.run(List.of(dir), dir.resolve("c.png"), System.out));
        assertTrue(e.getMessage().contains("no report.json"), e.getMessage());
    }
}
