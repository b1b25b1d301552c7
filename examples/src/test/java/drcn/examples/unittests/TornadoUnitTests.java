package drcn.examples.unittests;

import drcn.runtime.graph.TornadoHome;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Measures how much of TornadoVM's own unit tests (tornado-unittests) run on drcn.tornado.api after one change,
 * the import prefix, as the project's held-out check does. It copies the tests' tree with
 * {@code uk.ac.manchester.tornado.api} replaced by {@code drcn.tornado.api} (the tests' own package
 * {@code uk.ac.manchester.tornado.unittests} stays), compiles their base ({@code common/}, {@code tools/}) and then
 * each test class on its own with javac and the kernel compiler, runs each class with JUnit 4 in a fresh JVM per
 * backend ({@link ClassRunner}) under a time limit, and reports per category: classes compiled or not (with the
 * first error), tests passed, failed, skipped, and each failure's first line.
 * <p>{@code bin/tornadovm-unittests} is the command line; {@code TornadoVMUnitTestsTest} runs the committed subset.
 */
public final class TornadoUnitTests {
    public static final String TORNADO_PREFIX = "uk.ac.manchester.tornado.api";
    public static final String OUR_PREFIX = "drcn.tornado.api";
    static final String TESTS_PACKAGE = "uk/ac/manchester/tornado/unittests";
    static final String ROOT = "root";
    /** What TornadoVM's own build adds (its module-info requires it); TestVectorAPI uses the Vector API. */
    static final List<String> MODULES = List.of("--add-modules", "jdk.incubator.vector");
    static final Pattern TEST_ANNOTATION = Pattern.compile("@(org\\.junit\\.)?Test\\b");

    /**
     * What to run. {@code classPath}: our API, runtime and compiler, JUnit 4 and hamcrest, and this class.
     * {@code oneJvm}: run every class of a backend in one JVM (faster; a crash or the time limit, then for all of
     * them, fails what had not finished) rather than a fresh JVM per class. {@code compileOnly}: compile each class
     * (with the base, as a run does) and run none.
     */
    public record Options(Path source, List<String> categories, List<String> backends, String classPath,
                          int timeoutSeconds, int jobs, Path work, List<String> jvmOptions, boolean oneJvm,
                          boolean compileOnly) {
        public Options(Path source, List<String> categories, List<String> backends, String classPath,
                       int timeoutSeconds, int jobs, Path work, List<String> jvmOptions, boolean oneJvm) {
            this(source, categories, backends, classPath, timeoutSeconds, jobs, work, jvmOptions, oneJvm, false);
        }
    }

    public enum Outcome { PASS, FAIL, SKIP }

    public record TestResult(String className, String method, Outcome outcome, String message) {}

    /** One test class: whether it compiled (else the first error), and its tests' results per backend. */
    public record ClassResult(String category, String className, String compileError, Map<String, List<TestResult>> tests) {}

    public static void main(String[] args) throws Exception {
        Path source = null, out = null;
        String commandLine = "bin/tornadovm-unittests " + String.join(" ", args);
        List<String> categories = List.of(), backends = List.of(), jvmOptions = new ArrayList<>();
        int timeout = 240, jobs = 1;
        boolean oneJvm = false, compileOnly = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--source" -> source = Path.of(args[++i]);
                case "--categories" -> categories = List.of(args[++i].split(","));
                case "--backends" -> backends = List.of(args[++i].split(","));
                case "--out" -> out = Path.of(args[++i]);
                case "--timeout" -> timeout = Integer.parseInt(args[++i]);
                case "--jobs" -> jobs = Integer.parseInt(args[++i]);
                case "--command" -> commandLine = args[++i];
                case "--one-jvm" -> oneJvm = true;
                case "--compile-only" -> compileOnly = true;
                default -> {
                    if (args[i].startsWith("-D")) jvmOptions.add(args[i]);
                    else throw new IllegalArgumentException("unknown argument '" + args[i] + "'; see bin/tornadovm-unittests --help");
                }
            }
        }
        if (source == null) throw new IllegalArgumentException("--source DIR is required");
        if (backends.isEmpty()) backends = List.of("default");
        Path work = Files.createTempDirectory("tornadovm-unittests");
        var options = new Options(source, categories, backends, System.getProperty("java.class.path"), timeout, jobs, work,
                jvmOptions, oneJvm, compileOnly);
        List<ClassResult> results = run(options, System.err);
        String report = "```\n" + commandLine + "\n```\n\n" + (compileOnly ? compileTable(results) : table(results, backends));
        System.out.println(report);
        if (out != null) Files.writeString(out, report);
        deleteTree(work);
        System.exit(0);
    }

    public static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    /** The folder that holds {@code uk/ac/manchester/tornado/unittests} under {@code dir} (dir itself, src/main/java, ...). */
    public static Path sourceRoot(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            Path base = files.filter(p -> p.endsWith(Path.of(TESTS_PACKAGE, "common", "TornadoTestBase.java"))).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no " + TESTS_PACKAGE + "/common/TornadoTestBase.java under " + dir));
            return base.getParent().getParent().getParent().getParent().getParent().getParent().getParent();
        }
    }

    public static List<ClassResult> run(Options o, Appendable log) throws Exception {
        Path root = sourceRoot(o.source());
        Path src = o.work().resolve("src");
        // The whole tree, ported by its import prefix only.
        try (Stream<Path> files = Files.walk(root)) {
            // module-info.java left out: the tests run on the class path, as TornadoVM's runner runs them.
            for (Path f : files.filter(p -> p.toString().endsWith(".java") && !p.endsWith("module-info.java")).toList()) {
                Path copy = src.resolve(root.relativize(f).toString());
                Files.createDirectories(copy.getParent());
                Files.writeString(copy, Files.readString(f).replace(TORNADO_PREFIX, OUR_PREFIX));
            }
        }
        Path tests = src.resolve(TESTS_PACKAGE);
        Path baseClasses = Files.createDirectories(o.work().resolve("classes/base"));
        List<Path> baseSources = new ArrayList<>();
        for (String dir : List.of("common", "tools"))
            try (Stream<Path> files = Files.walk(tests.resolve(dir))) {
                baseSources.addAll(files.filter(p -> p.toString().endsWith(".java")).sorted().toList());
            }
        String baseError = compile(baseSources, src, baseClasses, o.classPath());
        if (baseError != null) throw new IllegalStateException("the tests' base (common/, tools/) does not compile: " + baseError);
        log.append("compiled the tests' base\n");

        List<String> categories = o.categories().isEmpty() ? withRoot(categories(tests)) : o.categories();
        var results = new ArrayList<ClassResult>();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, o.jobs()));
        var futures = new ArrayList<Future<?>>();
        var compiled = new ArrayList<ClassResult>();
        var compiledDirs = new ArrayList<Path>();
        // With one JVM per backend, first try one javac run for every class (quicker); per class when it fails.
        Path together = null;
        if (o.oneJvm() && !o.compileOnly()) {
            var all = new ArrayList<Path>();
            for (String category : categories) all.addAll(testFiles(tests, category));
            Path dir = Files.createDirectories(o.work().resolve("classes/all"));
            if (!all.isEmpty() && compile(all, src, dir, baseClasses + File.pathSeparator + o.classPath()) == null) together = dir;
        }
        for (String category : categories) {
            if (!Files.isDirectory(category.equals(ROOT) ? tests : tests.resolve(category))) {
                log.append("no category ").append(category).append('\n');
                continue;
            }
            for (Path file : testFiles(tests, category)) {
                String className = src.relativize(file).toString().replace(".java", "").replace(File.separatorChar, '.');
                Path classes = together != null ? together : Files.createDirectories(o.work().resolve("classes").resolve(className));
                String error = together != null ? null : compile(List.of(file), src, classes, baseClasses + File.pathSeparator + o.classPath());
                var result = new ClassResult(category, className, error, new LinkedHashMap<>());
                results.add(result);
                log.append(String.format("%-75s %s%n", className, error == null ? "compiled" : "DOES NOT COMPILE: " + error));
                if (error != null || o.compileOnly()) continue;
                for (String backend : o.backends()) result.tests().put(backend, List.of());
                if (o.oneJvm()) {
                    compiled.add(result);
                    if (!compiledDirs.contains(classes)) compiledDirs.add(classes);
                    continue;
                }
                for (String backend : o.backends()) {
                    futures.add(pool.submit(() -> {
                        List<TestResult> r = runClasses(List.of(className), List.of(classes), baseClasses, backend, o).get(className);
                        synchronized (result) { result.tests().put(backend, r); }
                        long pass = r.stream().filter(t -> t.outcome() == Outcome.PASS).count();
                        long fail = r.stream().filter(t -> t.outcome() == Outcome.FAIL).count();
                        try {
                            synchronized (log) { log.append(String.format("%-60s %-8s pass %3d fail %3d%n", className, backend, pass, fail)); }
                        } catch (IOException e) { throw new UncheckedIOException(e); }
                    }));
                }
            }
        }
        if (o.oneJvm() && !compiled.isEmpty()) {
            List<String> names = compiled.stream().map(ClassResult::className).toList();
            for (String backend : o.backends()) {
                futures.add(pool.submit(() -> {
                    Map<String, List<TestResult>> r = runClasses(names, compiledDirs, baseClasses, backend, o);
                    for (ClassResult c : compiled) synchronized (c) { c.tests().put(backend, r.get(c.className())); }
                }));
            }
        }
        for (Future<?> f : futures) f.get();
        pool.shutdown();
        return results;
    }

    /** A category's test classes; "root": the classes directly in the tests' package (TestHello, used by other categories). */
    static List<Path> testFiles(Path tests, String category) throws IOException {
        Path dir = category.equals(ROOT) ? tests : tests.resolve(category);
        if (!Files.isDirectory(dir)) return List.of();
        var out = new ArrayList<Path>();
        try (Stream<Path> walk = category.equals(ROOT) ? Files.list(dir) : Files.walk(dir)) {
            for (Path f : walk.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                // a class without @Test is a helper, compiled with the classes that use it
                if (TEST_ANNOTATION.matcher(Files.readString(f)).find()) out.add(f);
            }
        }
        return out;
    }

    static List<String> categories(Path tests) throws IOException {
        try (Stream<Path> dirs = Files.list(tests)) {
            return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(n -> !n.equals("common") && !n.equals("tools")).sorted().toList();
        }
    }

    /** {@code root} first: the classes of the tests' package itself. */
    static List<String> withRoot(List<String> categories) {
        var all = new ArrayList<String>(List.of(ROOT));
        all.addAll(categories);
        return all;
    }

    /** Compiles with javac and the kernel compiler; null when it compiled, else the first error as file:line: message. */
    static String compile(List<Path> sources, Path sourcePath, Path classes, String classPath) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        var diagnostics = new DiagnosticCollector<JavaFileObject>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            // -sourcepath lets a test use a helper class of its category; the base comes from its classes (newer).
            var options = new ArrayList<>(MODULES);
            options.addAll(List.of("-d", classes.toString(), "-cp", classPath, "-sourcepath", sourcePath.toString(),
                    "-processorpath", classPath, "-processor", "drcn.compiler.KernelProcessor", "-Xlint:none", "-nowarn",
                    "-implicit:class", "-encoding", "UTF-8"));
            boolean ok = javac.getTask(null, files, diagnostics, options, null, files.getJavaFileObjectsFromPaths(sources)).call();
            if (ok) return null;
            for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics())
                if (d.getKind() == Diagnostic.Kind.ERROR) {
                    String file = d.getSource() == null ? "?" : Path.of(d.getSource().toUri()).getFileName().toString();
                    return file + ":" + d.getLineNumber() + ": " + ClassRunner.oneLine(d.getMessage(Locale.ROOT));
                }
            return "javac failed without an error message";
        }
    }

    /**
     * Runs classes one after the other in one fresh JVM on one backend; a JVM that dies or times out fails the tests
     * it had not finished. Returns each class's results.
     */
    static Map<String, List<TestResult>> runClasses(List<String> classNames, List<Path> classDirs, Path baseClasses, String backend, Options o) {
        try {
            Path resultFile = Files.createTempFile(o.work(), "result", ".txt");
            var command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--enable-native-access=ALL-UNNAMED", "-Xss4m", "-Xmx2g"));
            command.addAll(MODULES);
            if (!backend.equals("default")) command.add("-Ddrcn.backend=" + backend);
            command.addAll(o.jvmOptions());
            var classPath = new StringBuilder();
            for (Path d : classDirs) classPath.append(d).append(File.pathSeparator);
            classPath.append(baseClasses).append(File.pathSeparator).append(o.classPath());
            command.addAll(List.of("-cp", classPath.toString(), ClassRunner.class.getName(), resultFile.toString()));
            command.addAll(classNames);
            Path output = Files.createTempFile(o.work(), "output", ".txt");
            var builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
            // PoCL and LLVM install signal handlers over the JVM's; libjsig chains them behind (see bin/lib/setup.sh).
            Path jsig = Path.of(System.getProperty("java.home"), "lib", "libjsig.so");
            if (Files.exists(jsig)) builder.environment().merge("LD_PRELOAD", jsig.toString(), (a, b) -> a.contains(b) ? a : b + ":" + a);
            // prebuilt tasks open $TORNADOVM_HOME/examples/generated/*.cl (TestAtomics, PrebuiltTests)
            builder.environment().put("TORNADOVM_HOME", TornadoHome.forPrograms(o.work().resolve("tornadovm-home")).toString());
            builder.directory(o.work().toFile());
            Process process = builder.start();
            boolean done = process.waitFor(o.timeoutSeconds(), TimeUnit.SECONDS);
            if (!done) { process.destroyForcibly(); process.waitFor(); }
            List<String> lines = Files.readAllLines(resultFile);
            var out = new LinkedHashMap<String, List<TestResult>>();
            for (String c : classNames) out.put(c, parse(c, lines, done ? null : "timed out after " + o.timeoutSeconds() + " s",
                    process.exitValue(), tail(output)));
            return out;
        } catch (IOException | InterruptedException e) {
            var out = new LinkedHashMap<String, List<TestResult>>();
            for (String c : classNames) out.put(c, List.of(new TestResult(c, "(class)", Outcome.FAIL, "could not run: " + e)));
            return out;
        }
    }

    static String tail(Path output) throws IOException {
        List<String> lines = Files.readAllLines(output, StandardCharsets.ISO_8859_1);
        return ClassRunner.oneLine(String.join("\n", lines.subList(Math.max(0, lines.size() - 3), lines.size())));
    }

    static List<TestResult> parse(String className, List<String> lines, String timeout, int exit, String outputTail) {
        var planned = new ArrayList<String>();
        var outcome = new LinkedHashMap<String, TestResult>();
        String running = null;
        boolean finished = false;
        for (String line : lines) {
            String[] f = line.split("\t", 4);
            if (f.length < 2 || !f[1].equals(className)) continue;
            switch (f[0]) {
                case "PLAN" -> planned.add(f[2]);
                case "START" -> running = f[2];
                case "PASS" -> outcome.putIfAbsent(f[2], new TestResult(className, f[2], Outcome.PASS, ""));
                case "FAIL" -> outcome.putIfAbsent(f[2], new TestResult(className, f[2], Outcome.FAIL, f.length > 3 ? f[3] : ""));
                case "SKIP" -> outcome.putIfAbsent(f[2], new TestResult(className, f[2], Outcome.SKIP, f.length > 3 ? f[3] : ""));
                case "DONE" -> finished = true;
                default -> {}
            }
        }
        if (!finished) {
            String why = timeout != null ? timeout : "the JVM exited " + exit + " (" + outputTail + ")";
            if (running != null && !outcome.containsKey(running))
                outcome.put(running, new TestResult(className, running, Outcome.FAIL, why + " in this test"));
            for (String m : planned)
                outcome.putIfAbsent(m, new TestResult(className, m, Outcome.FAIL, "not run: " + why + " earlier"));
            if (planned.isEmpty()) outcome.put("(class)", new TestResult(className, "(class)", Outcome.FAIL, why + (running == null ? " before this class ran" : "")));
        }
        return new ArrayList<>(outcome.values());
    }

    /** The per-category table per backend, then every compile error and every failing test's first message. */
    public static String table(List<ClassResult> results, List<String> backends) {
        var s = new StringBuilder();
        var categories = new ArrayList<String>();
        for (ClassResult r : results) if (!categories.contains(r.category())) categories.add(r.category());
        for (String backend : backends) {
            s.append("Backend ").append(backend).append(":\n\n");
            s.append("| category | classes | compiled | not compiled | tests | passed | failed | skipped |\n");
            s.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
            int[] total = new int[7];
            for (String c : categories) {
                int[] n = counts(results.stream().filter(r -> r.category().equals(c)).toList(), backend);
                s.append("| ").append(c);
                for (int i = 0; i < n.length; i++) { s.append(" | ").append(n[i]); total[i] += n[i]; }
                s.append(" |\n");
            }
            s.append("| **all**");
            for (int t : total) s.append(" | **").append(t).append("**");
            s.append(" |\n\n");
        }
        s.append("Classes that do not compile:\n\n");
        for (ClassResult r : results)
            if (r.compileError() != null) s.append("- ").append(r.className()).append(": ").append(r.compileError()).append('\n');
        for (String backend : backends) {
            s.append("\nFailing tests on ").append(backend).append(":\n\n");
            for (ClassResult r : results)
                for (TestResult t : r.tests().getOrDefault(backend, List.of()))
                    if (t.outcome() == Outcome.FAIL)
                        s.append("- ").append(shortName(r.className())).append('#').append(t.method()).append(": ").append(t.message()).append('\n');
        }
        return s.toString();
    }

    /** Per category: classes, compiled, not compiled; then each class that does not compile with its first error. */
    public static String compileTable(List<ClassResult> results) {
        var s = new StringBuilder("| category | classes | compiled | not compiled |\n| --- | ---: | ---: | ---: |\n");
        var categories = new ArrayList<String>();
        for (ClassResult r : results) if (!categories.contains(r.category())) categories.add(r.category());
        int[] total = new int[3];
        for (String c : categories) {
            int[] n = counts(results.stream().filter(r -> r.category().equals(c)).toList(), "");
            s.append("| ").append(c);
            for (int i = 0; i < 3; i++) { s.append(" | ").append(n[i]); total[i] += n[i]; }
            s.append(" |\n");
        }
        s.append("| **all**");
        for (int t : total) s.append(" | **").append(t).append("**");
        s.append(" |\n\nClasses that do not compile:\n\n");
        for (ClassResult r : results)
            if (r.compileError() != null) s.append("- ").append(shortName(r.className())).append(": ").append(r.compileError()).append('\n');
        return s.toString();
    }

    static String shortName(String className) {
        return className.startsWith("uk.ac.manchester.tornado.unittests.")
                ? className.substring("uk.ac.manchester.tornado.unittests.".length()) : className;
    }

    /** classes, compiled, not compiled, tests, passed, failed, skipped. */
    public static int[] counts(List<ClassResult> results, String backend) {
        int[] n = new int[7];
        for (ClassResult r : results) {
            n[0]++;
            if (r.compileError() != null) { n[2]++; continue; }
            n[1]++;
            for (TestResult t : r.tests().getOrDefault(backend, List.of())) {
                n[3]++;
                n[switch (t.outcome()) { case PASS -> 4; case FAIL -> 5; case SKIP -> 6; }]++;
            }
        }
        return n;
    }

    private TornadoUnitTests() {}
}
