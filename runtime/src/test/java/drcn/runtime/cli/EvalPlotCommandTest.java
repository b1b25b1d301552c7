package drcn.runtime.cli;

import drcn.runtime.eval.RecursionPlot;
import drcn.runtime.image.DataDir;
import drcn.runtime.image.Images;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static drcn.runtime.cli.EvalUpscaleCommandTest.Result;
import static drcn.runtime.cli.EvalUpscaleCommandTest.assertOneSentence;
import static drcn.runtime.cli.EvalUpscaleCommandTest.drcn;
import static drcn.runtime.cli.EvalUpscaleCommandTest.names;
import static org.junit.jupiter.api.Assertions.*;

/** {@code drcn eval --plot}: the paper's figure of PSNR against recursion, on a tiny model and two small crops. */
class EvalPlotCommandTest {

    @Test
    void drawsThePlotAsAPng(@TempDir Path dir) throws Exception {
        Path set5 = DataDir.locate().orElseThrow().resolve("Set5");
        Path data = Files.createDirectory(dir.resolve("Set5crops"));
        Images.write(Images.read(set5.resolve("bird.png")).crop(0, 0, 48, 48), data.resolve("b.png"));
        Images.write(Images.read(set5.resolve("head.png")).crop(10, 20, 45, 39), data.resolve("a.png"));
        Path model = EvalUpscaleCommandTest.tinyModel(dir, 3);
        Path out = Files.createDirectory(dir.resolve("out"));
        Path plot = out.resolve("recursions.png");

        Result r = drcn("eval", "--data", data.toString(), "--scale", "3", "--model", model.toString(),
                "--device", "jvm", "--plot", plot.toString());
        assertEquals(0, r.exitCode(), r.stderr());
        assertTrue(r.stdout().contains("mean PSNR per recursion: 1:"), r.stdout());   // the evaluation is still printed
        if (r.stderr().contains("no plot was drawn")) {
            assertEquals(List.of(), names(out));
            Assumptions.abort("this machine cannot draw text (no fonts): " + r.stderr());
        }
        assertTrue(r.stderr().contains("wrote the plot"), r.stderr());
        assertEquals(List.of("recursions.png"), names(out));   // no temporary file left
        BufferedImage image = ImageIO.read(plot.toFile());
        assertNotNull(image, "not a PNG ImageIO can decode");
        assertEquals(RecursionPlot.WIDTH, image.getWidth());
        assertEquals(RecursionPlot.HEIGHT, image.getHeight());
        assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(plot)));
    }

    @Test
    void aBadPlotPathIsRefusedBeforeTheEvaluation(@TempDir Path dir) throws Exception {
        // the data folder does not exist either: the plot's path must be the first thing checked
        String missingData = dir.resolve("no-data").toString();
        Path model = dir.resolve("none.safetensors");
        assertOneSentence(drcn("eval", "--data", missingData, "--scale", "3", "--model", model.toString(),
                "--plot", dir.resolve("no-folder").resolve("p.png").toString()), "does not exist");
        assertOneSentence(drcn("eval", "--data", missingData, "--scale", "3", "--model", model.toString(),
                "--plot", dir.resolve("p.jpg").toString()), "must be named *.png");
        Result r = drcn("eval", "--data", missingData, "--scale", "3", "--model", model.toString(),
                "--plot", dir.resolve("p.jpg").toString());
        assertTrue(r.stderr().contains("plot"), r.stderr());
        assertOneSentence(drcn("eval", "--data", missingData, "--scale", "3", "--bicubic",
                "--plot", dir.resolve("p.png").toString()), "--bicubic");
        assertEquals(List.of(), names(dir));
    }
}
