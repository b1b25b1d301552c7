package drcn.runtime.api;

import drcn.runtime.UserException;
import drcn.runtime.eval.SuperResolution;
import drcn.runtime.eval.Upscaler;
import drcn.runtime.image.DataDir;
import drcn.runtime.image.Image8;
import drcn.runtime.image.Images;
import drcn.runtime.backends.Backends;
import drcn.runtime.backend.Device;
import drcn.runtime.model.DrcnParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** The library API on the jvm device: a short training through the builder, then the trained model through DrcnModel. */
class DrcnApiTest {
    @Test
    void theBuilderTrainsAModelThatDrcnModelLoadsAndRuns(@TempDir Path dir) {
        Path data = DataDir.locate().orElseThrow().resolve("Set5");
        Path out = dir.resolve("tiny.safetensors");
        DrcnTrainer.Result r = DrcnTrainer.builder(data).filters(4).recursions(2).batch(2).steps(2).device("jvm")
                .build().train(out);
        assertEquals(2, r.steps());
        assertTrue(Double.isFinite(r.loss()), "loss " + r.loss());
        assertTrue(Files.isRegularFile(out));
        assertThrows(UserException.class, () -> DrcnTrainer.builder(data).filters(4).recursions(2).steps(2).device("jvm").build().train(out),
                "an existing model file is not replaced without overwrite");

        Image8 small = Images.read(data.resolve("butterfly.png")).crop(60, 60, 9, 7);
        try (DrcnModel model = DrcnModel.load(out, "jvm")) {
            assertEquals(3, model.scale());
            assertEquals(4, model.filters());
            assertEquals("jvm:0", model.device());
            BufferedImage up = model.upscale(Images.toBufferedImage(small));
            assertEquals(27, up.getWidth());
            assertEquals(21, up.getHeight());
            // the same as the evaluation pipeline's own upscale with the same parameters
            try (Device jvm = Backends.open("jvm", 0); Upscaler upscaler = new Upscaler(jvm, DrcnParameters.load(out), Upscaler.DEFAULT_TILE)) {
                assertEquals(SuperResolution.upscale(small, 3, upscaler), Images.fromBufferedImage(up));
            }
        }
    }

    @Test
    void aRunWithoutALengthIsOneSentence() {
        var e = assertThrows(UserException.class, () -> DrcnTrainer.builder(Path.of("data")).build());
        assertEquals("Give the run a length: steps(N) or minutes(M).", e.getMessage());
    }
}
