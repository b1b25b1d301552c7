package drcn.runtime.cli;

import drcn.runtime.config.Settings;
import drcn.runtime.image.DataDir;
import drcn.runtime.image.Image8;
import drcn.runtime.image.Images;
import drcn.runtime.model.DrcnParameters;
import drcn.runtime.train.RunLock;
import drcn.runtime.train.TrainOptions;
import drcn.runtime.train.TrainingLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

import static drcn.runtime.cli.EvalUpscaleCommandTest.Result;
import static drcn.runtime.cli.EvalUpscaleCommandTest.assertOneSentence;
import static drcn.runtime.cli.EvalUpscaleCommandTest.drcn;
import static drcn.runtime.cli.EvalUpscaleCommandTest.names;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Bad inputs a user can give, as a user gives them: each test checks the exit code, the one sentence (no stack
 * trace, no "internal error"), and the files before and after. Add the next bad input here. (Older cases live
 * beside the commands they exercise: EvalUpscaleCommandTest for damaged images and model files, /dev/zero
 * and NaN weights; TrainCommandTest for numeric ranges; UpscaleFolderCommandTest for outputs that are inputs;
 * config.SettingsTest for settings keys and escapes.)
 */
class UserErrorsTest {
    @TempDir static Path shared;
    static Path tinyX3, rgb, trainData;

    @BeforeAll
    static void fixtures() throws Exception {
        Path set5 = DataDir.locate().orElseThrow().resolve("Set5");
        tinyX3 = EvalUpscaleCommandTest.tinyModel(shared, 3);
        rgb = shared.resolve("rgb.png");
        Images.write(Images.read(set5.resolve("butterfly.png")).crop(100, 100, 20, 15), rgb);
        trainData = Files.createDirectory(shared.resolve("train"));
        Images.write(Images.read(set5.resolve("bird.png")).crop(60, 60, 40, 40), trainData.resolve("a.png"));
    }

    @AfterEach
    void clearSettings() {
        for (String key : List.of(Settings.DUMP_KERNELS, Settings.PROFILE)) System.clearProperty(key);
        Settings.reload();
    }

    /** Exit code 1, "drcn: " + one sentence containing {@code expected}, then one line pointing at --help. */
    static void assertParseError(Result r, String expected) {
        assertEquals(1, r.exitCode(), r.stderr());
        List<String> lines = r.stderr().strip().lines().toList();
        assertEquals(2, lines.size(), "a sentence and a hint: " + r.stderr());
        assertTrue(lines.get(0).startsWith("drcn: ") && lines.get(0).endsWith("."), lines.get(0));
        assertTrue(lines.get(0).contains(expected), "'" + expected + "' not in: " + lines.get(0));
        assertTrue(lines.get(1).matches("See 'drcn( \\w+)? --help'\\."), lines.get(1));
        assertFalse(r.stderr().contains("Exception"), r.stderr());
    }

    // ------------------------------------------------------------------------ 1: top-down BMP

    @Test
    void aTopDownBmpIsRead(@TempDir Path dir) throws Exception {
        Image8 image = Images.read(rgb);
        Path bmp = dir.resolve("topdown.bmp");
        Files.write(bmp, topDownBmp(image));
        assertEquals(image, Images.read(bmp));
        Path out = dir.resolve("x.png");
        Result r = drcn("upscale", bmp.toString(), out.toString(), "--scale", "3", "--model", tinyX3.toString(), "--device", "jvm");
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals(60, Images.read(out).width());
    }

    /** A 24-bit BI_RGB BMP with a negative height: rows stored top first, each padded to 4 bytes, pixels B, G, R. */
    static byte[] topDownBmp(Image8 image) {
        int w = image.width(), h = image.height(), row = (3 * w + 3) / 4 * 4;
        ByteBuffer b = ByteBuffer.allocate(54 + row * h).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'B').put((byte) 'M').putInt(54 + row * h).putInt(0).putInt(54);
        b.putInt(40).putInt(w).putInt(-h).putShort((short) 1).putShort((short) 24).putInt(0).putInt(row * h)
                .putInt(2835).putInt(2835).putInt(0).putInt(0);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = 3 * (y * w + x);
                b.put(image.samples()[i + 2]).put(image.samples()[i + 1]).put(image.samples()[i]);
            }
            for (int p = 3 * w; p < row; p++) b.put((byte) 0);
        }
        return b.array();
    }

    // ------------------------------------------------------------------------ 2: tiny images

    @Test
    void imagesTooSmallForSsimAreOneSentence(@TempDir Path dir) throws Exception {
        Path data = Files.createDirectory(dir.resolve("data"));
        Images.write(Images.read(rgb).crop(0, 0, 16, 15), data.resolve("a.png"));
        assertOneSentence(drcn("eval", "--data", data.toString(), "--scale", "3", "--bicubic"), "needs at least 18x18 pixels");
        Image8 big = new Image8(24, 20, 1);
        Files.delete(data.resolve("a.png"));
        Images.write(big, data.resolve("b.png"));
        assertOneSentence(drcn("eval", "--data", data.toString(), "--scale", "5", "--bicubic"), "needs at least 25x25 pixels");
        // the smallest size accepted at x3 is evaluated
        Images.write(new Image8(18, 18, 1), data.resolve("b.png"));
        Result r = drcn("eval", "--data", data.toString(), "--scale", "3", "--bicubic");
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals(List.of("b.png"), names(data));
    }

    // ------------------------------------------------------------------------ 5: settings

    @Test
    void theSettingsFileInForceIsPrintedAndABadValueNamesFileAndLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tornado.properties");
        Files.writeString(file, "# comment\ndrcn.backend=jvm\ndrcn.workGroup.2d=8,x\n");
        Result bad = runCli(dir, Map.of(), "devices");
        assertEquals(1, bad.exitCode(), bad.stderr());
        assertEquals("drcn: drcn.workGroup.2d must hold positive integers, not '8,x' (in " + file.toAbsolutePath() + " line 3).",
                bad.stderr().strip());

        Files.writeString(file, "drcn.backend=jvm\n");
        Result good = runCli(dir, Map.of(), "devices");
        assertEquals(0, good.exitCode(), good.stderr());
        assertTrue(good.stdout().contains("settings: " + file.toAbsolutePath()), good.stdout());

        // a tornado.properties in a parent of the working folder is not read
        Files.writeString(file, "drcn.backend=nonsense\n");
        Path child = Files.createDirectory(dir.resolve("child"));
        Result below = runCli(child, Map.of(), "devices", "--json");
        assertEquals(0, below.exitCode(), below.stderr());
        assertFalse(below.stderr().contains(file.toString()), below.stderr());
        assertTrue(below.stderr().contains("settings: "), below.stderr());
    }

    // ------------------------------------------------------------------------ 6: internal errors that were user errors

    @Test
    void setWithAnEmptyKey(@TempDir Path dir) {
        Path out = dir.resolve("x.png");
        assertOneSentence(drcn("upscale", rgb.toString(), out.toString(), "--scale", "3", "--model", tinyX3.toString(), "--device", "jvm",
                "--set", "="), "--set needs KEY=VALUE");
        assertEquals(List.of(), names(dir));
    }

    @Test
    void kernelDumpFolderThatCannotBeOne(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("afile"), "x");
        Path out = dir.resolve("x.png");
        assertOneSentence(drcn("upscale", rgb.toString(), out.toString(), "--scale", "3", "--model", tinyX3.toString(), "--device", "jvm",
                "--dump-kernels", file.toString()), "which is a file, not a folder");
        clearSettings();
        assertOneSentence(drcn("upscale", rgb.toString(), out.toString(), "--scale", "3", "--model", tinyX3.toString(), "--device", "jvm",
                "--set", "drcn.dumpKernels=/proc/nope"), "/proc/nope cannot be created");
        assertEquals(List.of("afile"), names(dir));
        assertEquals("x", Files.readString(file));
    }

    // ------------------------------------------------------------------------ 9: --trace

    @Test
    void aBadTracePathIsFoundBeforeTheWork(@TempDir Path dir) {
        Path out = dir.resolve("x.png");
        assertOneSentence(drcn("upscale", rgb.toString(), out.toString(), "--scale", "3", "--model", tinyX3.toString(), "--device", "jvm",
                "--trace", dir.resolve("no/such/trace.json").toString()), "The folder of --trace");
        assertOneSentence(drcn("upscale", rgb.toString(), out.toString(), "--scale", "3", "--model", tinyX3.toString(), "--device", "jvm",
                "--profile-json", dir.toString()), "is a folder");
        assertEquals(List.of(), names(dir));
    }

    // ------------------------------------------------------------------------ 11-14: training

    private static List<String> train(Path out, String... more) {
        var args = new ArrayList<>(List.of("train", "--data", trainData.toString(), "--out", out.toString(), "--validate-every", "0",
                "--device", "jvm", "--no-chart", "--filters", "4", "--recursions", "2", "--patch", "11", "--stride", "10", "--batch", "2",
                "--checkpoint-every", "1", "--log-every", "1"));
        args.addAll(List.of(more));
        return args;
    }

    private static Result run(List<String> args) {
        return assertTimeoutPreemptively(Duration.ofMinutes(2), () -> drcn(args.toArray(String[]::new)));
    }

    @Test
    void resumeRefusesOptionsThatContradictTheState(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("m.safetensors");
        assertEquals(0, run(train(out, "--steps", "1")).exitCode());
        byte[] state = Files.readAllBytes(dir.resolve("m.state.safetensors"));
        Result r = drcn("train", "--resume", "--out", out.toString(), "--steps", "2", "--filters", "8", "--lr", "0.5", "--batch", "2",
                "--device", "jvm");
        assertOneSentence(r, "--filters 8 (the run has 4), --lr 0.5 (the run has 0.001) contradict;");
        assertArrayEquals(state, Files.readAllBytes(dir.resolve("m.state.safetensors")), "the state is untouched");
    }

    @Test
    void aTornLastLogRowIsDroppedOnResume(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("m.safetensors");
        assertEquals(0, run(train(out, "--steps", "1")).exitCode());
        Path csv = dir.resolve("m.csv");
        Files.writeString(csv, "2,0.5,0.00", java.nio.file.StandardOpenOption.APPEND); // a kill in the middle of a row
        Result r = run(List.of("train", "--resume", "--out", out.toString(), "--steps", "2", "--device", "jvm", "--no-chart"));
        assertEquals(0, r.exitCode(), r.stderr());
        List<String> lines = Files.readAllLines(csv);
        assertEquals(TrainingLog.HEADER, lines.getFirst());
        assertEquals(List.of("1", "2"), lines.subList(1, lines.size()).stream().map(l -> l.split(",")[0]).toList(), String.join("\n", lines));
        for (String l : lines.subList(1, lines.size())) assertEquals(11, l.split(",", -1).length, l);
    }

    @Test
    void aNewRunDoesNotReplaceTheLogOrChartOfAnotherWithoutOverwrite(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("m.safetensors");
        Path csv = Files.writeString(dir.resolve("m.csv"), "mine\n");
        assertOneSentence(run(train(out, "--steps", "1")), "m.csv exists beside --out");
        assertEquals("mine\n", Files.readString(csv));
        Files.delete(csv);
        Path png = Files.writeString(dir.resolve("m.png"), "mine");
        var withChart = train(out, "--steps", "1");
        withChart.remove("--no-chart");
        assertOneSentence(run(withChart), "m.png exists beside --out");
        assertEquals(List.of("m.png"), names(dir));
        withChart.add("--overwrite");
        assertEquals(0, run(withChart).exitCode());
        assertNotEquals("mine", Files.readString(png, StandardCharsets.ISO_8859_1));
    }

    @Test
    void aSecondRunWithTheSameOutRefusesAndAStaleLockIsTakenOver(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("m.safetensors");
        TrainOptions options = TrainOptions.defaults(trainData, out);
        try (RunLock held = RunLock.acquire(options)) {
            assertOneSentence(run(train(out, "--steps", "1")), "Another training run (process " + ProcessHandle.current().pid() + ")");
            assertEquals(List.of(".m.safetensors.lock"), names(dir));
        }
        // a lock file whose process is gone (no OS lock on it) is taken over
        Files.writeString(options.lockFile(), "999999 1\n");
        assertEquals(0, run(train(out, "--steps", "1")).exitCode());
        assertEquals(List.of("m.csv", "m.safetensors", "m.state.safetensors"), names(dir));
    }

    @Test
    void staleTemporaryFilesOfAKilledRunAreRemovedAtTheNextStart(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("m.safetensors");
        Files.writeString(dir.resolve(".m.state.safetensors.8231947.tmp"), "half a state");
        Files.writeString(dir.resolve(".m.safetensors.77.tmp"), "half a model");
        Files.writeString(dir.resolve(".other.safetensors.77.tmp"), "not ours");
        assertEquals(0, run(train(out, "--steps", "1")).exitCode());
        assertEquals(List.of(".other.safetensors.77.tmp", "m.csv", "m.safetensors", "m.state.safetensors"), names(dir));
    }

    // ------------------------------------------------------------------------ 15: permissions

    @Test
    void outputsGetTheUmaskAndReplacedFilesKeepTheirMode(@TempDir Path dir) throws Exception {
        String umask = new String(new ProcessBuilder("sh", "-c", "umask").start().getInputStream().readAllBytes()).strip();
        int mask = Integer.parseInt(umask, 8);
        String expected = PosixFilePermissions.toString(permissions(0666 & ~mask));
        Path out = dir.resolve("x.png"), compare = dir.resolve("c.png");
        assertEquals(0, drcn("upscale", rgb.toString(), out.toString(), "--scale", "3", "--model", tinyX3.toString(), "--device", "jvm",
                "--compare", compare.toString()).exitCode());
        assertEquals(expected, PosixFilePermissions.toString(Files.getPosixFilePermissions(out)));
        assertEquals(expected, PosixFilePermissions.toString(Files.getPosixFilePermissions(compare)));
        Path model = dir.resolve("m.safetensors");
        DrcnParameters.load(tinyX3).save(model);
        assertEquals(expected, PosixFilePermissions.toString(Files.getPosixFilePermissions(model)));

        Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rw-r-----"));
        assertEquals(0, drcn("upscale", rgb.toString(), out.toString(), "--scale", "3", "--model", tinyX3.toString(), "--device", "jvm").exitCode());
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(out)));
    }

    private static java.util.Set<java.nio.file.attribute.PosixFilePermission> permissions(int mode) {
        var s = new StringBuilder();
        for (int shift = 6; shift >= 0; shift -= 3) {
            int bits = mode >> shift;
            s.append((bits & 4) != 0 ? 'r' : '-').append((bits & 2) != 0 ? 'w' : '-').append((bits & 1) != 0 ? 'x' : '-');
        }
        return PosixFilePermissions.fromString(s.toString());
    }

    // ------------------------------------------------------------------------ 16: parse errors

    @Test
    void parseErrorsAreOneSentenceAndAHint(@TempDir Path dir) {
        String out = dir.resolve("x.png").toString();
        assertParseError(drcn("upscale", rgb.toString(), out, "--scale", "abc"), "'abc' is not an int");
        assertParseError(drcn("upscale", rgb.toString(), out, "--scale", "3", "--set", "noequals"), "noequals");
        assertParseError(drcn("train", "--out", dir.resolve("m.safetensors").toString(), "--steps", "3", "--minutes", "1"), "mutually exclusive");
        assertParseError(drcn("upscale", rgb.toString(), out, "--scale", "3", "--scale", "4"), "--scale");
        assertParseError(drcn("upscale", rgb.toString(), out, "--scale", "3", "--scael", "3"), "--scael");
        assertEquals(List.of(), names(dir));
    }

    @Test
    void aNonAsciiPathUnderTheCLocaleIsOneSentence(@TempDir Path dir) throws Exception {
        Result r = runCli(dir, Map.of("LC_ALL", "C", "LANG", "C"), "upscale", rgb.toString(), dir.resolve("bild-ü.png").toString(), "--scale", "3",
                "--model", tinyX3.toString(), "--device", "jvm");
        if (r.stderr().contains("Wrote")) return; // a JVM that decodes file names as UTF-8 anyway
        assertParseError(r, "cannot be a file name here");
        assertEquals(List.of(), names(dir));
    }

    // ------------------------------------------------------------------------ 17: tiles, PNG bombs

    @Test
    void tinyTilesAreRefused(@TempDir Path dir) {
        assertOneSentence(drcn("upscale", rgb.toString(), dir.resolve("x.png").toString(), "--scale", "3", "--model", tinyX3.toString(),
                "--tile", "1"), "--tile must be 0 (whole images) or at least 8");
        assertEquals(List.of(), names(dir));
    }

    @Test
    void aPngWhoseTextChunkInflatesTooFarIsRefusedBeforeDecoding(@TempDir Path dir) throws Exception {
        byte[] png = Files.readAllBytes(rgb);
        // 64 MiB of zeros compress to about 64 KB
        var deflater = new Deflater(9);
        var compressed = new ByteArrayOutputStream();
        byte[] zeros = new byte[1 << 20], buffer = new byte[1 << 16];
        for (int i = 0; i < 64; i++) {
            deflater.setInput(zeros);
            while (!deflater.needsInput()) compressed.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.finish();
        while (!deflater.finished()) compressed.write(buffer, 0, deflater.deflate(buffer));
        var data = new ByteArrayOutputStream();
        data.write("Comment".getBytes(StandardCharsets.ISO_8859_1));
        data.write(0);
        data.write(0);
        data.write(compressed.toByteArray());
        Path bomb = dir.resolve("bomb.png");
        Files.write(bomb, insertAfterIhdr(png, "zTXt", data.toByteArray()));
        Result r = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> drcn("upscale", bomb.toString(), dir.resolve("x.png").toString(),
                "--scale", "3", "--model", tinyX3.toString(), "--device", "jvm"));
        assertOneSentence(r, "inflate to more than 8 MiB");
        assertEquals(List.of("bomb.png"), names(dir));
    }

    /** The PNG with one more chunk right after IHDR (which ends at byte 8 + 25 = 33). */
    static byte[] insertAfterIhdr(byte[] png, String type, byte[] data) {
        ByteBuffer chunk = ByteBuffer.allocate(12 + data.length);
        chunk.putInt(data.length).put(type.getBytes(StandardCharsets.ISO_8859_1)).put(data);
        CRC32 crc = new CRC32();
        crc.update(chunk.array(), 4, 4 + data.length);
        chunk.putInt((int) crc.getValue());
        var out = new ByteArrayOutputStream();
        out.write(png, 0, 33);
        out.writeBytes(chunk.array());
        out.write(png, 33, png.length - 33);
        return out.toByteArray();
    }

    @Test
    void anImageThatIsADevice(@TempDir Path dir) {
        if (!Files.exists(Path.of("/dev/zero"))) return;
        Result r = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> drcn("upscale", "/dev/zero", dir.resolve("x.png").toString(),
                "--scale", "3", "--model", tinyX3.toString(), "--device", "jvm"));
        assertOneSentence(r, "/dev/zero is not a regular file");
        assertEquals(List.of(), names(dir));
    }

    // ------------------------------------------------------------------------ helpers

    /** drcn in its own JVM, in {@code workingFolder}, with more environment variables. */
    static Result runCli(Path workingFolder, Map<String, String> environment, String... arguments) throws Exception {
        String javaBinary = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var command = new ArrayList<>(List.of(javaBinary, "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(arguments));
        var builder = new ProcessBuilder(command).directory(workingFolder.toFile());
        builder.environment().putAll(environment);
        Path stderr = Files.createTempFile("drcn-stderr", ".txt");
        builder.redirectError(stderr.toFile());
        Process process = builder.start();
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(2, TimeUnit.MINUTES), "drcn did not finish");
        String err = Files.readString(stderr);
        Files.delete(stderr);
        return new Result(process.exitValue(), stdout, err);
    }
}
