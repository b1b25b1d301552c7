package drcn.runtime.api;

import drcn.runtime.image.DataDir;
import drcn.runtime.image.Image8;
import drcn.runtime.image.Images;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import javax.tools.ToolProvider;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The README's library example as a separate program: src/test/consumer (a Maven project of its own) compiled
 * with javac against the runtime's class path alone (target/classes and its runtime dependencies, as a consumer's
 * build sees drcn-runtime; none of the test classes), then run in a JVM of its own with the bundled x3 model on
 * crops of a Set5 image. The README must show the same source.
 */
class ConsumerProjectTest {
    static final Path CONSUMER = Path.of("src/test/consumer");
    static final Path SOURCE = CONSUMER.resolve("src/main/java/example/Upscale.java");

    @Test
    void theReadmeShowsTheExampleThatRuns() throws Exception {
        String source = Files.readString(SOURCE);
        String readme = Files.readString(Path.of("../README.md"));
        String shown = source.substring(source.indexOf("import "));   // all but the package line
        assertTrue(readme.contains(shown), "README.md must show " + SOURCE + " from its imports on, verbatim");
        assertTrue(readme.contains("<artifactId>drcn-runtime</artifactId>"), "README.md must show the dependency block");
    }

    @Test
    void theExampleCompilesAndRunsAsASeparateProgram(@TempDir Path dir) throws Exception {
        String classPath = "target/classes" + File.pathSeparator + Files.readString(Path.of("target/consumer-classpath.txt")).strip();
        Path classes = dir.resolve("classes");
        var errors = new ByteArrayOutputStream();
        int javac = ToolProvider.getSystemJavaCompiler().run(null, errors, errors,
                "--release", "25", "-cp", classPath, "-d", classes.toString(), SOURCE.toString());
        assertEquals(0, javac, errors.toString(StandardCharsets.UTF_8));

        Path data = DataDir.locate().orElseThrow();
        Image8 butterfly = Images.read(data.resolve("Set5/butterfly.png"));
        Path small = dir.resolve("small.png"), out = dir.resolve("out.png"), testSet = dir.resolve("set");
        Images.write(butterfly.crop(100, 90, 12, 10), small);
        Files.createDirectories(testSet);
        Images.write(butterfly.crop(90, 80, 30, 30), testSet.resolve("butterfly-crop.png"));

        var command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED"));
        String cache = System.getProperty("drcn.cacheDir");
        if (cache != null) command.add("-Ddrcn.cacheDir=" + cache);   // the kernels the other tests built
        command.addAll(List.of("-cp", classes + File.pathSeparator + classPath, "example.Upscale",
                data.resolve("models/drcn_x3.safetensors").toString(), small.toString(), out.toString(), testSet.toString()));
        // LD_PRELOAD (libjsig, for PoCL) comes from this JVM's environment, as surefire sets it.
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), "the example did not finish in 5 minutes");
        assertEquals(0, process.exitValue(), output);

        BufferedImage upscaled = ImageIO.read(out.toFile());
        assertEquals(36, upscaled.getWidth());
        assertEquals(30, upscaled.getHeight());
        Matcher m = Pattern.compile("x3 on (\\S+): DRCN ([0-9.]+) dB, bicubic ([0-9.]+) dB").matcher(output);
        assertTrue(m.find(), output);
        System.out.println("consumer example: " + m.group());
        assertTrue(Double.parseDouble(m.group(2)) > Double.parseDouble(m.group(3)), output);
    }
}
