package drcn.runtime.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import drcn.runtime.image.DataDir;
import drcn.runtime.image.Image8;
import drcn.runtime.image.Images;
import drcn.runtime.model.DrcnConfig;
import drcn.runtime.model.DrcnParameters;
import drcn.runtime.model.Safetensors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** {@code drcn eval} and {@code drcn upscale} through the CLI entry point, in process, on the JVM backend. */
class EvalUpscaleCommandTest {
    static Path set5;
    @TempDir static Path shared;
    static Path tinyX3;
    static Path rgbSmall, graySmall;

    record Result(int exitCode, String stdout, String stderr) {}

    /** Runs {@code Main.run(args)} capturing what it prints. */
    static synchronized Result drcn(String... args) {
        PrintStream out = System.out, err = System.err;
        var o = new ByteArrayOutputStream();
        var e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int code = Main.run(args);
            System.out.flush();
            System.err.flush();
            return new Result(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    /** A tiny random DRCN (F=4, D=2) saved as a model file for {@code scale}. */
    static Path tinyModel(Path folder, int scale) {
        DrcnParameters p = DrcnParameters.initialize(DrcnConfig.of(4, 2, scale), 11, DrcnParameters.InferInit.HE);
        Path file = folder.resolve("tiny_x" + scale + ".safetensors");
        p.save(file);
        return file;
    }

    @BeforeAll
    static void fixtures() {
        set5 = DataDir.locate().orElseThrow().resolve("Set5");
        tinyX3 = tinyModel(shared, 3);
        rgbSmall = shared.resolve("rgb.png");
        Images.write(Images.read(set5.resolve("butterfly.png")).crop(100, 100, 20, 15), rgbSmall);
        graySmall = shared.resolve("gray.png");
        Image8 gray = new Image8(17, 13, 1);
        Random r = new Random(5);
        for (int i = 0; i < gray.samples().length; i++) gray.samples()[i] = (byte) r.nextInt(256);
        Images.write(gray, graySmall);
    }

    // ------------------------------------------------------------------------------------ eval

    @Test
    void bicubicSet5x3ReproducesThePublishedMean() throws Exception {
        Result r = drcn("eval", "--data", set5.toString(), "--scale", "3", "--bicubic", "--json");
        assertEquals(0, r.exitCode(), r.stderr());
        JsonNode json = new ObjectMapper().readTree(r.stdout());
        assertEquals(30.39, json.at("/bicubic/mean/psnr").asDouble(), 0.01, r.stdout());
        assertEquals(30.39, json.at("/mean/psnr").asDouble(), 0.01);   // the method evaluated is bicubic
        assertEquals(5, json.at("/images").size());
        assertEquals("baby.png", json.at("/images/0/name").asText());   // sorted
        assertEquals("bicubic", json.get("method").asText());
    }

    @Test
    void evalWithATinyModelEmitsEveryKey(@TempDir Path dir) throws Exception {
        Path data = Files.createDirectory(dir.resolve("data"));
        // two small crops keep the JVM backend quick; the second is cropped to a non-multiple of 3
        Images.write(Images.read(set5.resolve("bird.png")).crop(0, 0, 60, 48), data.resolve("b.png"));
        Images.write(Images.read(set5.resolve("head.png")).crop(10, 20, 50, 41), data.resolve("a.png"));
        Result r = drcn("eval", "--data", data.toString(), "--scale", "3", "--model", tinyX3.toString(), "--json",
                "--device", "jvm", "--tile", "24");
        assertEquals(0, r.exitCode(), r.stderr());
        JsonNode json = new ObjectMapper().readTree(r.stdout());
        for (String pointer : List.of("/images/0/name", "/images/0/psnr", "/images/0/ssim", "/images/0/recursions",
                "/mean/psnr", "/mean/ssim", "/bicubic/images/0/name", "/bicubic/images/0/psnr", "/bicubic/images/0/ssim",
                "/bicubic/mean/psnr", "/bicubic/mean/ssim", "/recursions", "/ensemble", "/model", "/scale")) {
            assertFalse(json.at(pointer).isMissingNode(), "missing " + pointer + " in " + r.stdout());
        }
        assertEquals("a.png", json.at("/images/0/name").asText());
        assertEquals(2, json.get("images").size());
        assertEquals(2, json.get("recursions").size());
        assertEquals(json.at("/mean/psnr").asDouble(), json.get("ensemble").asDouble(), 1e-12);
        for (JsonNode v : json.get("recursions")) assertTrue(v.asDouble() > 5 && v.asDouble() < 100, r.stdout());

        Result table = drcn("eval", "--data", data.toString(), "--scale", "3", "--model", tinyX3.toString(), "--device", "jvm");
        assertEquals(0, table.exitCode(), table.stderr());
        assertTrue(table.stdout().contains("mean PSNR per recursion: 1:"), table.stdout());
        assertTrue(table.stdout().contains("ensemble:"), table.stdout());
    }

    @Test
    void evalWithoutAModelNamesTheBundledFileAndBicubic(@TempDir Path home) {
        String old = System.getProperty("drcn.home");
        System.setProperty("drcn.home", home.toString());
        try {
            // x5: no model is bundled for it (x2, x3 and x4 are, and the search also walks up from the working folder)
            Result r = drcn("eval", "--data", set5.toString(), "--scale", "5", "--device", "jvm");
            assertOneSentence(r, "drcn_x5.safetensors");
            assertTrue(r.stderr().contains("--bicubic"), r.stderr());
        } finally {
            if (old == null) System.clearProperty("drcn.home"); else System.setProperty("drcn.home", old);
        }
    }

    @Test
    void evalOfAMissingFolderIsOneSentence(@TempDir Path dir) {
        assertOneSentence(drcn("eval", "--data", dir.resolve("nope").toString(), "--scale", "3", "--bicubic"), "does not exist");
    }

    // --------------------------------------------------------------------------------- upscale

    @Test
    void upscalesRgbAndWritesTheComparison(@TempDir Path dir) {
        Path out = dir.resolve("out.png"), compare = dir.resolve("compare.png");
        Result r = drcn("upscale", rgbSmall.toString(), out.toString(), "--scale", "3", "--model", tinyX3.toString(),
                "--device", "jvm", "--compare", compare.toString());
        assertEquals(0, r.exitCode(), r.stderr());
        Image8 result = Images.read(out);
        assertEquals(60, result.width());
        assertEquals(45, result.height());
        assertEquals(3, result.channels());
        Image8 side = Images.read(compare);
        assertEquals(120, side.width());
        assertEquals(45, side.height());
        assertEquals(result, side.crop(60, 0, 60, 45), "the right half is the DRCN result");
        assertEquals(List.of("compare.png", "out.png"), names(dir));   // no temporary files left
    }

    @Test
    void grayStaysGrayAndTilingDoesNotChangeTheResult(@TempDir Path dir) {
        Path whole = dir.resolve("whole.png"), tiled = dir.resolve("tiled.png");
        assertEquals(0, drcn("upscale", graySmall.toString(), whole.toString(), "--scale", "3", "--model", tinyX3.toString(),
                "--device", "jvm", "--tile", "0").exitCode());
        Result r = drcn("upscale", graySmall.toString(), tiled.toString(), "--scale", "3", "--model", tinyX3.toString(),
                "--device", "jvm", "--tile", "10");
        assertEquals(0, r.exitCode(), r.stderr());
        assertTrue(r.stdout().contains("gray"), r.stdout());
        Image8 a = Images.read(whole), b = Images.read(tiled);
        assertEquals(1, a.channels());
        assertEquals(51, a.width());
        assertEquals(39, a.height());
        assertEquals(a, b);
    }

    // ---------------------------------------------------------------------------------- errors

    @Test
    void missingInput(@TempDir Path dir) {
        Path out = dir.resolve("out.png");
        assertOneSentence(drcn("upscale", dir.resolve("missing.png").toString(), out.toString(), "--scale", "3",
                "--model", tinyX3.toString(), "--device", "jvm"), "does not exist");
        assertEquals(List.of(), names(dir));
    }

    @Test
    void notAnImage(@TempDir Path dir) throws Exception {
        Path in = Files.writeString(dir.resolve("notes.png"), "these are not pixels\n");
        Path out = dir.resolve("out.png");
        assertOneSentence(drcn("upscale", in.toString(), out.toString(), "--scale", "3", "--model", tinyX3.toString()),
                "is not a PNG, BMP or JPEG image");
        assertEquals(List.of("notes.png"), names(dir));
    }

    @Test
    void truncatedPng(@TempDir Path dir) throws Exception {
        byte[] png = Files.readAllBytes(rgbSmall);
        Path in = dir.resolve("cut.png");
        Files.write(in, java.util.Arrays.copyOf(png, png.length / 2));
        Path out = dir.resolve("out.png");
        assertOneSentence(drcn("upscale", in.toString(), out.toString(), "--scale", "3", "--model", tinyX3.toString()),
                "truncated or corrupt");
        assertEquals(List.of("cut.png"), names(dir));
    }

    @Test
    void scaleTheModelWasNotTrainedFor(@TempDir Path dir) {
        Path out = dir.resolve("out.png");
        Result r = drcn("upscale", rgbSmall.toString(), out.toString(), "--scale", "2", "--model", tinyX3.toString());
        assertOneSentence(r, "was trained for scale 3, not 2");
        assertEquals(List.of(), names(dir));
        assertOneSentence(drcn("eval", "--data", set5.toString(), "--scale", "2", "--model", tinyX3.toString()),
                "was trained for scale 3, not 2");
    }

    @Test
    void modelFileThatIsNotADrcnModel(@TempDir Path dir) throws Exception {
        Path other = dir.resolve("other.safetensors");
        Safetensors.write(other, List.of(new Safetensors.Tensor("w", new int[] {2}, new float[] {1, 2})), Map.of("format", "pt"));
        Path junk = Files.writeString(dir.resolve("junk.safetensors"), "no header here");
        Path out = dir.resolve("out.png");
        assertOneSentence(drcn("upscale", rgbSmall.toString(), out.toString(), "--scale", "3", "--model", other.toString()),
                "is not a DRCN model");
        assertOneSentence(drcn("upscale", rgbSmall.toString(), out.toString(), "--scale", "3", "--model", junk.toString()),
                "junk.safetensors");
        assertFalse(Files.exists(out));
    }

    @Test
    void modelThatIsADevice(@TempDir Path dir) {
        Path zero = Path.of("/dev/zero");
        if (!Files.exists(zero)) return;
        Path out = dir.resolve("x.png");
        Result r = assertTimeoutPreemptively(java.time.Duration.ofSeconds(20), () -> drcn("upscale", rgbSmall.toString(),
                out.toString(), "--scale", "3", "--model", zero.toString(), "--device", "jvm"));
        assertOneSentence(r, "/dev/zero is not a regular file");
        assertEquals(List.of(), names(dir));
    }

    @Test
    void modelWithANanWeight(@TempDir Path dir) {
        Safetensors.Contents c = Safetensors.read(tinyX3);
        List<Safetensors.Tensor> damaged = new java.util.ArrayList<>();
        for (Safetensors.Tensor t : c.tensors().values()) {
            float[] d = t.data().clone();
            if (t.name().equals(c.tensors().keySet().iterator().next())) d[d.length - 1] = Float.NaN;
            damaged.add(new Safetensors.Tensor(t.name(), t.shape(), d));
        }
        Path model = dir.resolve("nan.safetensors");
        Safetensors.write(model, damaged, c.metadata());
        Path out = dir.resolve("x.png");
        assertOneSentence(drcn("upscale", rgbSmall.toString(), out.toString(), "--scale", "3", "--model", model.toString(),
                "--device", "jvm"), "holding NaN at element");
        assertEquals(List.of("nan.safetensors"), names(dir));
    }

    @Test
    void imageOverThePixelLimit(@TempDir Path dir) {
        Path out = dir.resolve("out.png");
        // the input (300 pixels) is over a limit of 100
        assertOneSentence(drcn("upscale", rgbSmall.toString(), out.toString(), "--scale", "3", "--model", tinyX3.toString(),
                "--max-pixels", "100"), "over the limit of 100 pixels");
        // the input fits, the x3 result (2700 pixels) does not
        assertOneSentence(drcn("upscale", rgbSmall.toString(), out.toString(), "--scale", "3", "--model", tinyX3.toString(),
                "--max-pixels", "1000"), "over the limit of 1000");
        assertEquals(List.of(), names(dir));
    }

    @Test
    void outputThatCannotBeWritten(@TempDir Path dir) {
        assertOneSentence(drcn("upscale", rgbSmall.toString(), dir.resolve("out.gif").toString(), "--scale", "3",
                "--model", tinyX3.toString()), "must be named *.png or *.bmp");
        assertOneSentence(drcn("upscale", rgbSmall.toString(), dir.resolve("no/such/folder/out.png").toString(), "--scale", "3",
                "--model", tinyX3.toString()), "does not exist");
        assertEquals(List.of(), names(dir));
    }

    /** Exit code 1, one line on stderr, "drcn: " + one sentence containing {@code expected}, nothing on stdout. */
    static void assertOneSentence(Result r, String expected) {
        assertEquals(1, r.exitCode(), "stdout: " + r.stdout() + "\nstderr: " + r.stderr());
        String err = r.stderr().strip();
        assertFalse(err.contains("\n"), "more than one line: " + err);
        assertTrue(err.startsWith("drcn: ") && err.endsWith("."), err);
        assertFalse(err.contains("internal error") || err.contains("Exception"), err);
        assertTrue(err.contains(expected), "'" + expected + "' not in: " + err);
        assertEquals("", r.stdout());
    }

    static List<String> names(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
