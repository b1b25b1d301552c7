package drcn.runtime.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import drcn.runtime.cli.EvalUpscaleCommandTest.Result;
import drcn.runtime.image.DataDir;
import drcn.runtime.image.Image8;
import drcn.runtime.image.Images;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static drcn.runtime.cli.EvalUpscaleCommandTest.drcn;
import static org.junit.jupiter.api.Assertions.*;

/** {@code drcn upscale DIR OUTDIR} on a mixed folder, and {@code --self-ensemble} in upscale and eval (JVM backend). */
class UpscaleFolderCommandTest {
    static Path set5;
    @TempDir static Path shared;
    static Path tinyX3;

    @BeforeAll
    static void fixtures() {
        set5 = DataDir.locate().orElseThrow().resolve("Set5");
        tinyX3 = EvalUpscaleCommandTest.tinyModel(shared, 3);
    }

    /** Images (PNG RGB, BMP gray, a second PNG), a text file, a truncated PNG and a subfolder with an image in it. */
    static Path mixedFolder(Path dir) throws Exception {
        Path in = Files.createDirectory(dir.resolve("in"));
        Images.write(Images.read(set5.resolve("butterfly.png")).crop(100, 100, 20, 15), in.resolve("a.png"));
        Image8 gray = new Image8(13, 11, 1);
        Random r = new Random(5);
        for (int i = 0; i < gray.samples().length; i++) gray.samples()[i] = (byte) r.nextInt(256);
        Images.write(gray, in.resolve("b.bmp"));
        Images.write(Images.read(set5.resolve("bird.png")).crop(30, 40, 16, 16), in.resolve("c.png"));
        Files.writeString(in.resolve("notes.txt"), "not an image\n");
        byte[] png = Files.readAllBytes(in.resolve("c.png"));
        Files.write(in.resolve("broken.png"), Arrays.copyOf(png, png.length / 2));
        Path sub = Files.createDirectory(in.resolve("sub"));
        Images.write(gray, sub.resolve("inner.png"));
        return in;
    }

    static List<String> names(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aMixedFolderUpscalesTheImagesAndListsTheRest(@TempDir Path dir) throws Exception {
        Path in = mixedFolder(dir);
        List<String> inputsBefore = names(in);
        Path out = dir.resolve("out");
        Result r = drcn("upscale", in.toString(), out.toString(), "--scale", "3", "--model", tinyX3.toString(), "--device", "jvm");
        assertEquals(1, r.exitCode(), r.stdout() + r.stderr());   // broken.png failed
        assertEquals(List.of("a.png", "b.bmp", "c.png"), names(out), "results only: no temporary or partial file");
        assertEquals(inputsBefore, names(in));
        // one line per skipped entry, one per failure, and a summary
        assertTrue(r.stdout().contains("skipped notes.txt: not a .png, .bmp or .jpg image"), r.stdout());
        assertTrue(r.stdout().contains("skipped sub: a folder"), r.stdout());
        List<String> failures = r.stderr().lines().filter(l -> l.startsWith("drcn: ")).toList();
        assertEquals(1, failures.size(), r.stderr());
        assertTrue(failures.getFirst().contains("broken.png"), r.stderr());
        assertTrue(r.stdout().contains("Upscaled 3 of 4 images"), r.stdout());
        assertTrue(r.stdout().contains("2 skipped, 1 failed."), r.stdout());

        // each result is what upscaling that one image gives
        for (String name : List.of("a.png", "b.bmp")) {
            Path single = dir.resolve("single_" + name);
            Result one = drcn("upscale", in.resolve(name).toString(), single.toString(), "--scale", "3", "--model", tinyX3.toString(), "--device", "jvm");
            assertEquals(0, one.exitCode(), one.stderr());
            assertEquals(Images.read(single), Images.read(out.resolve(name)), name);
        }
        assertEquals(39, Images.read(out.resolve("b.bmp")).width());
        if (Files.getFileStore(out).supportsFileAttributeView("posix")) {   // ordinary files, not the temporary file's 0600
            assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("a.png"))));
        }

        // again: existing results are kept (and listed) unless --overwrite
        Files.setLastModifiedTime(out.resolve("a.png"), FileTime.fromMillis(0));
        Result again = drcn("upscale", in.toString(), out.toString(), "--scale", "3", "--model", tinyX3.toString(), "--device", "jvm");
        assertEquals(1, again.exitCode());
        assertTrue(again.stdout().contains("skipped a.png: " + out.resolve("a.png") + " exists (--overwrite replaces it)"), again.stdout());
        assertTrue(again.stdout().contains("Upscaled 0 of 1 image"), again.stdout());
        assertEquals(0, Files.getLastModifiedTime(out.resolve("a.png")).toMillis());
        Files.delete(in.resolve("broken.png"));
        Result overwrite = drcn("upscale", in.toString(), out.toString(), "--scale", "3", "--model", tinyX3.toString(), "--device", "jvm",
                "--overwrite");
        assertEquals(0, overwrite.exitCode(), overwrite.stderr());
        assertTrue(overwrite.stdout().contains("Upscaled 3 of 3 images"), overwrite.stdout());
        assertNotEquals(0, Files.getLastModifiedTime(out.resolve("a.png")).toMillis());
        assertEquals(List.of("a.png", "b.bmp", "c.png"), names(out));
    }

    @Test
    void folderErrorsAreOneSentence(@TempDir Path dir) throws Exception {
        Path in = mixedFolder(dir);
        List<String> before = names(in);
        Result same = drcn("upscale", in.toString(), in.toString(), "--scale", "3", "--model", tinyX3.toString(), "--device", "jvm");
        assertEquals(1, same.exitCode());
        assertTrue(same.stderr().contains("is the input folder"), same.stderr());
        assertEquals(before, names(in));

        Path file = Files.writeString(dir.resolve("file.png"), "x");
        Result notFolder = drcn("upscale", in.toString(), file.toString(), "--scale", "3", "--model", tinyX3.toString());
        assertEquals(1, notFolder.exitCode());
        assertTrue(notFolder.stderr().contains("must be a folder"), notFolder.stderr());

        Result compare = drcn("upscale", in.toString(), dir.resolve("o").toString(), "--scale", "3", "--model", tinyX3.toString(),
                "--compare", dir.resolve("c.png").toString());
        assertEquals(1, compare.exitCode());
        assertTrue(compare.stderr().contains("--compare works on one image"), compare.stderr());

        Path empty = Files.createDirectory(dir.resolve("empty"));
        Files.writeString(empty.resolve("readme.txt"), "x");
        Result none = drcn("upscale", empty.toString(), dir.resolve("o2").toString(), "--scale", "3", "--model", tinyX3.toString());
        assertEquals(1, none.exitCode());
        assertTrue(none.stderr().contains("holds no .png, .bmp or .jpg images"), none.stderr());
        for (Result r : List.of(same, notFolder, compare, none)) assertEquals(1, r.stderr().strip().lines().count(), r.stderr());
        assertFalse(Files.exists(dir.resolve("o")));
        assertFalse(Files.exists(dir.resolve("o2")));
    }

    @Test
    void aSingleImageIsNeverWrittenOverItself(@TempDir Path dir) throws Exception {
        Path image = dir.resolve("a.png");
        Images.write(Images.read(set5.resolve("head.png")).crop(0, 0, 12, 12), image);
        byte[] before = Files.readAllBytes(image);
        Result r = drcn("upscale", image.toString(), image.toString(), "--scale", "3", "--model", tinyX3.toString(), "--device", "jvm");
        assertEquals(1, r.exitCode());
        assertTrue(r.stderr().contains("is the input itself"), r.stderr());
        assertArrayEquals(before, Files.readAllBytes(image));
    }

    @Test
    void theComparisonIsNeverTheOutputOrTheInput(@TempDir Path dir) throws Exception {
        Path image = dir.resolve("a.png");
        Images.write(Images.read(set5.resolve("head.png")).crop(0, 0, 12, 12), image);
        byte[] before = Files.readAllBytes(image);
        Path c = dir.resolve("c.png");
        Files.createDirectory(dir.resolve("sub"));
        // the same new file, by the same name and by another spelling of it
        for (String compare : List.of(c.toString(), dir.resolve("sub/../c.png").toString(), dir.resolve(".").resolve("c.png").toString())) {
            Result r = drcn("upscale", image.toString(), c.toString(), "--compare", compare, "--scale", "3",
                    "--model", tinyX3.toString(), "--device", "jvm");
            EvalUpscaleCommandTest.assertOneSentence(r, "is the output image itself");
        }
        // the input through a symbolic link, as the output and as the comparison
        Path link = Files.createSymbolicLink(dir.resolve("link.png"), image);
        Result asOutput = drcn("upscale", image.toString(), link.toString(), "--scale", "3", "--model", tinyX3.toString(), "--device", "jvm");
        assertTrue(asOutput.exitCode() == 1 && asOutput.stderr().contains("is the input itself"), asOutput.stderr());
        Result asCompare = drcn("upscale", image.toString(), c.toString(), "--compare", link.toString(), "--scale", "3",
                "--model", tinyX3.toString(), "--device", "jvm");
        assertTrue(asCompare.exitCode() == 1 && asCompare.stderr().contains("is the input itself"), asCompare.stderr());
        assertArrayEquals(before, Files.readAllBytes(image));
        assertEquals(List.of("a.png", "link.png", "sub"), EvalUpscaleCommandTest.names(dir));
    }

    @Test
    void upscaleAndEvalTakeSelfEnsemble(@TempDir Path dir) throws Exception {
        Path image = dir.resolve("a.png");
        Images.write(Images.read(set5.resolve("head.png")).crop(10, 20, 20, 17), image);
        Path plain = dir.resolve("plain.png"), ensembled = dir.resolve("x8.png");
        assertEquals(0, drcn("upscale", image.toString(), plain.toString(), "--scale", "3", "--model", tinyX3.toString(), "--device", "jvm").exitCode());
        Result r = drcn("upscale", image.toString(), ensembled.toString(), "--scale", "3", "--model", tinyX3.toString(), "--device", "jvm",
                "--self-ensemble");
        assertEquals(0, r.exitCode(), r.stderr());
        assertTrue(r.stdout().contains("self-ensemble"), r.stdout());
        assertNotEquals(Images.read(plain), Images.read(ensembled));

        Path data = Files.createDirectory(dir.resolve("data"));
        Images.write(Images.read(set5.resolve("bird.png")).crop(0, 0, 48, 42), data.resolve("b.png"));
        Images.write(Images.read(set5.resolve("head.png")).crop(10, 20, 50, 41), data.resolve("a.png"));
        Result json = drcn("eval", "--data", data.toString(), "--scale", "3", "--model", tinyX3.toString(), "--json", "--device", "jvm",
                "--self-ensemble");
        assertEquals(0, json.exitCode(), json.stderr());
        JsonNode root = new ObjectMapper().readTree(json.stdout());
        assertEquals(2, root.at("/self_ensemble/images").size());
        assertEquals("a.png", root.at("/self_ensemble/images/0/name").asText());
        double plainPsnr = root.at("/mean/psnr").asDouble(), x8 = root.at("/self_ensemble/mean/psnr").asDouble();
        assertTrue(x8 > 10 && x8 < 100, json.stdout());
        assertNotEquals(plainPsnr, x8);

        Result table = drcn("eval", "--data", data.toString(), "--scale", "3", "--model", tinyX3.toString(), "--device", "jvm", "--self-ensemble");
        assertEquals(0, table.exitCode(), table.stderr());
        assertTrue(table.stdout().contains("x8 ens. PSNR"), table.stdout());
        assertTrue(table.stdout().contains("self-ensemble (8 flips/rotations):"), table.stdout());
        Result without = drcn("eval", "--data", data.toString(), "--scale", "3", "--model", tinyX3.toString(), "--json", "--device", "jvm");
        assertTrue(new ObjectMapper().readTree(without.stdout()).at("/self_ensemble").isMissingNode());
        Result bicubic = drcn("eval", "--data", data.toString(), "--scale", "3", "--bicubic", "--self-ensemble");
        assertEquals(1, bicubic.exitCode());
        assertTrue(bicubic.stderr().contains("--self-ensemble needs a model"), bicubic.stderr());
    }
}
