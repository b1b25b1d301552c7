package drcn.examples;

import drcn.tornado.api.TornadoBackend;
import drcn.tornado.api.TornadoRuntime;
import drcn.tornado.api.runtime.TornadoRuntimeProvider;
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
 * "[FAILED]", ...). Arguments per program come from {@code args.properties} in that folder. Files without a
 * {@code main} in a program's folder (TornadoVM's examples share helpers such as {@code Stats}) are compiled with it.
 */
class TornadoVMProgramsTest {
    private static final Pattern FAILED = Pattern.compile(
            "(?i)(\\b(verification|verify|validation|valid|correct|check|result)\\w*\\W{0,3}(is\\W+)?(false|fail\\w*|wrong|incorrect|invalid))|\\[FAIL|\\bwrong\\b|\\bincorrect\\b");
    private static final Pattern PACKAGE = Pattern.compile("(?m)^\\s*package\\s+([\\w.]+)\\s*;");
    private static final Pattern MAIN = Pattern.compile("public\\s+static\\s+void\\s+main\\s*\\(");

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
            String name = source.getFileName().toString().replace(".java", "");
            tests.add(DynamicTest.dynamicTest(name, () -> {
                Path classes = compile(source);
                String text = Files.readString(source);
                if (!MAIN.matcher(text).find()) return;
                Matcher pkg = PACKAGE.matcher(text);
                String mainClass = (pkg.find() ? pkg.group(1).replace("uk.ac.manchester.tornado.api", "drcn.tornado.api") + "." : "") + name;
                for (String backend : backends) {
                    // a prebuilt task is hand-written OpenCL C: its programs run on OpenCL devices only
                    if (text.contains(".prebuiltTask(") && !backend.equals("opencl")) continue;
                    run(mainClass, classes, args.getProperty(name, ""), backend);
                }
            }));
        }
        return tests.stream();
    }

    /** The program with its prefix replaced, compiled by javac with the kernel compiler; returns the class folder. */
    static Path compile(Path source) throws IOException {
        Path work = Files.createTempDirectory("tornadovm-program");
        String ported = Files.readString(source).replace("uk.ac.manchester.tornado.api", "drcn.tornado.api");
        Path copy = work.resolve("src").resolve(source.getFileName());
        Files.createDirectories(copy.getParent());
        Files.writeString(copy, ported);
        var units = new ArrayList<Path>(List.of(copy));
        try (Stream<Path> siblings = Files.list(source.getParent())) {
            for (Path sibling : siblings.filter(p -> p.toString().endsWith(".java") && !p.equals(source)).toList()) {
                String text = Files.readString(sibling);
                if (MAIN.matcher(text).find()) continue;
                Path helper = work.resolve("src").resolve(sibling.getFileName());
                Files.writeString(helper, text.replace("uk.ac.manchester.tornado.api", "drcn.tornado.api"));
                units.add(helper);
            }
        }
        Path classes = Files.createDirectories(work.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        var diagnostics = new DiagnosticCollector<JavaFileObject>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
            String classPath = System.getProperty("java.class.path");
            List<String> options = List.of("-d", classes.toString(), "-cp", classPath, "-processorpath", classPath,
                    "-processor", "drcn.compiler.KernelProcessor", "-Xlint:none", "-nowarn");
            boolean ok = javac.getTask(null, files, diagnostics, options, null, files.getJavaFileObjectsFromPaths(units)).call();
            if (!ok) {
                var message = new StringBuilder(source + " does not compile after the prefix change:\n");
                diagnostics.getDiagnostics().forEach(d -> message.append(d).append('\n'));
                fail(message.toString());
            }
        }
        return classes;
    }

    static void run(String mainClass, Path classes, String arguments, String backend) throws IOException, InterruptedException {
        var command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Xss4m", "-Ddrcn.backend=" + backend,
                "-cp", classes + java.io.File.pathSeparator + System.getProperty("java.class.path"), mainClass));
        if (!arguments.isBlank()) command.addAll(List.of(arguments.trim().split("\\s+")));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        boolean done = process.waitFor(300, TimeUnit.SECONDS);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!done) {
            process.destroyForcibly();
            fail(mainClass + " on " + backend + " did not finish in 300 s:\n" + output);
        }
        System.out.println("== " + mainClass + " on " + backend + " (exit " + process.exitValue() + ")\n" + output);
        assertEquals(0, process.exitValue(), mainClass + " on " + backend + " exited " + process.exitValue() + ":\n" + output);
        Matcher failed = FAILED.matcher(output);
        assertFalse(failed.find(), mainClass + " on " + backend + " reported a failed check (" + (failed.find(0) ? failed.group() : "") + "):\n" + output);
    }
}
