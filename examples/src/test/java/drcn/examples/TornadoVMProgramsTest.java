package drcn.examples;

import drcn.runtime.graph.TornadoHome;
import drcn.tornado.api.TornadoBackend;
import drcn.tornado.api.TornadoRuntime;
import drcn.tornado.api.runtime.TornadoRuntimeProvider;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Programs written for TornadoVM run here after one change, the import prefix: every {@code *.java} under
 * {@code examples/tornadovm} (or the folder {@code -Dtornadovm.programs=DIR} names) is copied with
 * {@code uk.ac.manchester.tornado.api} replaced by {@code drcn.tornado.api}, compiled with javac and our kernel
 * compiler as its only annotation processor, and its {@code main} run in a fresh JVM on every backend of this
 * machine. A program passes when it exits 0 and prints no failed check ("Result is wrong", "Verification false",
 * "[FAILED]", ...). Files without a {@code main} (TornadoVM's examples share helpers such as {@code Stats} and
 * {@code Messages}) are compiled with every program in their folder and with every program that imports them.
 * A program whose {@code main} opens a window ({@code new JFrame}) cannot run headless: its nested {@code Component}
 * classes are painted offscreen instead ({@link PaintComponents}), and the painted pixels must be equal on every
 * backend (the JVM backend runs the kernels as plain Java, so it is the reference).
 *
 * <p>{@code args.properties} in that folder says, per program (keyed by its path without {@code .java}, e.g.
 * {@code compute/NBody}, or by its bare name): the arguments ({@code NAME=args}; several runs separated by
 * {@code |}), JVM options ({@code NAME.jvm=-Dkey=value}), the backends it needs ({@code NAME.requires=cuda opencl}:
 * skipped where one is missing), the backends it runs on when not all ({@code NAME.backends=opencl cuda}: for programs
 * too slow on the JVM backend), the line it prints only when its own check passed ({@code NAME.expect=text}: for
 * programs that report a failure in words the generic pattern cannot know) and why it is not run at all
 * ({@code NAME.skip=reason}: compiled only, reported as skipped with the reason).
 */
class TornadoVMProgramsTest {
    private static final Pattern FAILED = Pattern.compile(
            "(?i)(\\b(verification|verify|validation|valid|correct|check|result)\\w*\\W{0,3}(is\\W+)?(false|fail\\w*|wrong|incorrect|invalid))|\\[FAIL|\\bwrong\\b|\\bincorrect\\b|\\bnot correct\\b");
    private static final Pattern PACKAGE = Pattern.compile("(?m)^\\s*package\\s+([\\w.]+)\\s*;");
    private static final Pattern MAIN = Pattern.compile("public\\s+static\\s+void\\s+main\\s*\\(");
    private static final Pattern WINDOW = Pattern.compile("new\\s+JFrame\\s*\\(");
    private static final Pattern PAINTED = Pattern.compile("(?m)^" + PaintComponents.PAINTED + " (\\S+ \\S+)$");

    static Path programs() {
        String dir = System.getProperty("tornadovm.programs");
        if (dir != null && !dir.isBlank()) return Path.of(dir);
        return Path.of("tornadovm"); // surefire runs in examples/
    }

    static List<String> backends() {
        TornadoRuntime runtime = TornadoRuntimeProvider.getTornadoRuntime();
        var out = new ArrayList<String>();
        for (int b = 0; b < runtime.getNumBackends(); b++) {
            TornadoBackend backend = runtime.getBackend(b);
            out.add(backend.getName());
        }
        return out;
    }

    @TestFactory
    Stream<DynamicTest> everyProgramPortsByItsImportPrefix() throws IOException {
        Path dir = programs();
        assertTrue(Files.isDirectory(dir), "no folder " + dir.toAbsolutePath());
        List<Path> sources;
        try (Stream<Path> files = Files.walk(dir)) {
            sources = files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
        assertFalse(sources.isEmpty(), "no .java files in " + dir.toAbsolutePath());
        var args = new Properties();
        Path argsFile = dir.resolve("args.properties");
        if (Files.isRegularFile(argsFile)) try (InputStream in = Files.newInputStream(argsFile)) { args.load(in); }
        List<String> backends = backends();
        var tests = new ArrayList<DynamicTest>();
        for (Path source : sources) {
            String key = dir.relativize(source).toString().replace(java.io.File.separatorChar, '/').replace(".java", "");
            String name = source.getFileName().toString().replace(".java", "");
            tests.add(DynamicTest.dynamicTest(key, () -> {
                Path classes = compile(dir, source, sources);
                String text = Files.readString(source);
                if (!MAIN.matcher(text).find()) return;
                String skip = setting(args, key, name, ".skip");
                Assumptions.assumeTrue(skip == null, () -> key + " is not run: " + skip);
                String requires = setting(args, key, name, ".requires");
                if (requires != null) for (String needed : requires.trim().split("[\\s,]+")) {
                    Assumptions.assumeTrue(backends.contains(needed), () -> key + " needs the " + needed + " backend, which this machine lacks");
                }
                Matcher pkg = PACKAGE.matcher(text);
                String mainClass = (pkg.find() ? pkg.group(1).replace("uk.ac.manchester.tornado.api", "drcn.tornado.api") + "." : "") + name;
                String arguments = Objects.requireNonNullElse(setting(args, key, name, ""), "");
                String jvmOptions = Objects.requireNonNullElse(setting(args, key, name, ".jvm"), "");
                String expect = setting(args, key, name, ".expect");
                String only = setting(args, key, name, ".backends");
                List<String> runOn = only == null ? backends
                        : backends.stream().filter(List.of(only.trim().split("[\\s,]+"))::contains).toList();
                Assumptions.assumeFalse(runOn.isEmpty(), () -> key + " runs only on " + only + ", which this machine lacks");
                boolean window = WINDOW.matcher(text).find();
                for (String run : arguments.split("\\|", -1)) {
                    var painted = new java.util.LinkedHashMap<String, String>();
                    for (String backend : runOn) {
                        // a prebuilt task is hand-written OpenCL C: its programs run on OpenCL devices only
                        if (text.contains(".prebuiltTask(") && !backend.equals("opencl")) continue;
                        String output = run(mainClass, classes, run, jvmOptions, backend, window);
                        if (expect != null && !output.contains(expect)) {
                            fail(mainClass + " on " + backend + " did not print \"" + expect + "\" (its check passed):\n" + output);
                        }
                        if (window) painted.put(backend, paintedPixels(output, mainClass, backend));
                    }
                    if (painted.values().stream().distinct().count() > 1) {
                        fail(mainClass + " paints different pixels on different backends: " + painted);
                    }
                }
            }));
        }
        return tests.stream();
    }

    /** A program's setting {@code KEY<suffix>}, by its path first, then by its bare name; null when absent. */
    static String setting(Properties args, String key, String name, String suffix) {
        String value = args.getProperty(key + suffix);
        return value != null ? value : args.getProperty(name + suffix);
    }

    static String paintedPixels(String output, String mainClass, String backend) {
        Matcher m = PAINTED.matcher(output);
        var out = new StringBuilder();
        while (m.find()) out.append(m.group(1)).append(' ');
        if (out.isEmpty()) fail(mainClass + " on " + backend + " painted nothing:\n" + output);
        return out.toString().trim();
    }

    /**
     * The program with its prefix replaced, compiled by javac with the kernel compiler, together with the helper
     * files (no {@code main}) of its folder and those it imports; returns the class folder.
     */
    static Path compile(Path dir, Path source, List<Path> sources) throws IOException {
        Path work = Files.createTempDirectory("tornadovm-program");
        String text = Files.readString(source);
        var units = new ArrayList<Path>();
        for (Path file : sources) {
            if (!file.equals(source)) {
                String helper = Files.readString(file);
                if (MAIN.matcher(helper).find()) continue;
                Matcher pkg = PACKAGE.matcher(helper);
                String qualified = (pkg.find() ? pkg.group(1) + "." : "") + file.getFileName().toString().replace(".java", "");
                boolean imported = Pattern.compile("(?m)^\\s*import\\s+(static\\s+)?" + Pattern.quote(qualified) + "\\s*[;.]").matcher(text).find();
                if (!file.getParent().equals(source.getParent()) && !imported) continue;
            }
            // one folder per source folder: helpers in different folders may share a name
            Path copy = work.resolve("src").resolve(dir.relativize(file).toString());
            Files.createDirectories(copy.getParent());
            Files.writeString(copy, Files.readString(file).replace("uk.ac.manchester.tornado.api", "drcn.tornado.api"));
            units.add(copy);
        }
        return compileUnits(work, units, source.toString());
    }

    /**
     * Compiles {@code units} (already with TornadoVM's prefix replaced) with javac and the kernel compiler into
     * {@code work/classes}, failing the test with javac's messages when they do not compile; returns the class folder.
     */
    static Path compileUnits(Path work, List<Path> units, String what) throws IOException {
        Path classes = Files.createDirectories(work.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        var diagnostics = new DiagnosticCollector<JavaFileObject>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
            String classPath = System.getProperty("java.class.path");
            // TornadoVM's launcher adds the incubating Vector API, which some of its examples compare against
            List<String> options = List.of("-d", classes.toString(), "-cp", classPath, "-processorpath", classPath,
                    "-processor", "drcn.compiler.KernelProcessor", "--add-modules", "jdk.incubator.vector", "-Xlint:none", "-nowarn");
            boolean ok = javac.getTask(null, files, diagnostics, options, null, files.getJavaFileObjectsFromPaths(units)).call();
            if (!ok) {
                var message = new StringBuilder(what + " does not compile after the prefix change:\n");
                diagnostics.getDiagnostics().forEach(d -> message.append(d).append('\n'));
                fail(message.toString());
            }
        }
        return classes;
    }

    /** Runs the program's main (or, for a window, {@link PaintComponents} on it) on one backend; returns its output. */
    static String run(String mainClass, Path classes, String arguments, String jvmOptions, String backend, boolean window)
            throws IOException, InterruptedException {
        var command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector", "-Xss4m", "-Ddrcn.backend=" + backend));
        if (!jvmOptions.isBlank()) command.addAll(List.of(jvmOptions.trim().split("\\s+")));
        command.addAll(List.of("-cp", classes + java.io.File.pathSeparator + System.getProperty("java.class.path")));
        if (window) command.addAll(List.of("-Djava.awt.headless=true", PaintComponents.class.getName()));
        command.add(mainClass);
        if (!arguments.isBlank()) command.addAll(List.of(arguments.trim().split("\\s+")));
        // in a folder of its own: some programs write result files to their working directory
        Path workDir = Files.createDirectories(classes.resolveSibling("run"));
        var builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        // prebuilt tasks open $TORNADOVM_HOME/examples/generated/*.cl (ArrayAddIntPrebuilt)
        builder.environment().put("TORNADOVM_HOME", TornadoHome.forPrograms(classes.resolveSibling("tornadovm-home")).toString());
        Process process = builder.start();
        boolean done = process.waitFor(300, TimeUnit.SECONDS);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!done) {
            process.destroyForcibly();
            fail(mainClass + " on " + backend + " did not finish in 300 s:\n" + output);
        }
        System.out.println("== " + mainClass + " " + arguments.trim() + " on " + backend + " (exit " + process.exitValue() + ")\n" + output);
        assertEquals(0, process.exitValue(), mainClass + " on " + backend + " exited " + process.exitValue() + ":\n" + output);
        Matcher failed = FAILED.matcher(output);
        assertFalse(failed.find(), mainClass + " on " + backend + " reported a failed check (" + (failed.find(0) ? failed.group() : "") + "):\n" + output);
        return output;
    }
}
