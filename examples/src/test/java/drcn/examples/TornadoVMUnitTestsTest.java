package drcn.examples;

import drcn.examples.unittests.TornadoUnitTests;
import drcn.examples.unittests.TornadoUnitTests.ClassResult;
import drcn.examples.unittests.TornadoUnitTests.Outcome;
import drcn.examples.unittests.TornadoUnitTests.TestResult;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * TornadoVM's own JUnit tests run here after one change, the import prefix: the classes under
 * {@code examples/tornadovm-unittests} (a subset of TornadoVM's tornado-unittests, unchanged, with its base classes),
 * or under the folder {@code -Dtornadovm.unittests=DIR} names, are ported, compiled with the kernel compiler and run
 * with JUnit 4 on every backend of this machine, all classes of a backend in one JVM. Every class must compile, and
 * every test pass or be skipped as TornadoVM's runner skips it ({@code @TornadoNotSupported}, a "not supported on
 * this configuration" exception), and pass at least one test on each backend, or, where TornadoVM's own
 * {@code assertNotBackend} excludes that backend from all its tests, on another one. {@code bin/tornadovm-unittests} runs TornadoVM's whole tree the same way.
 */
class TornadoVMUnitTestsTest {

    static Path tests() {
        String dir = System.getProperty("tornadovm.unittests");
        if (dir != null && !dir.isBlank()) return Path.of(dir);
        return Path.of("tornadovm-unittests"); // surefire runs in examples/
    }

    @TestFactory
    Stream<DynamicTest> tornadoVMUnitTestsPassByTheirImportPrefix() throws Exception {
        Path source = tests();
        assertTrue(Files.isDirectory(source), "no folder " + source.toAbsolutePath());
        List<String> backends = TornadoVMProgramsTest.backends();
        Path work = Files.createTempDirectory("tornadovm-unittests");
        var options = new TornadoUnitTests.Options(source, List.of(), backends, System.getProperty("java.class.path"),
                600, 1, work, List.of(), true);
        var log = new StringBuilder();
        List<ClassResult> results = TornadoUnitTests.run(options, log);
        System.out.println(log + "\n" + TornadoUnitTests.table(results, backends));
        assertFalse(results.isEmpty(), "no test classes under " + source.toAbsolutePath());
        var tests = new ArrayList<DynamicTest>();
        for (ClassResult r : results) {
            for (String backend : backends) {
                tests.add(DynamicTest.dynamicTest(r.className() + " on " + backend, () -> {
                    assertNull(r.compileError(), r.className() + " does not compile after the prefix change");
                    List<TestResult> ran = r.tests().get(backend);
                    var failures = ran.stream().filter(t -> t.outcome() == Outcome.FAIL).map(t -> t.method() + ": " + t.message()).toList();
                    assertTrue(failures.isEmpty(), r.className() + " on " + backend + ":\n" + String.join("\n", failures));
                    // a class TornadoVM's own assertNotBackend(this backend) skips whole (the tensor-core tests on OpenCL) must pass elsewhere
                    boolean excluded = !ran.isEmpty() && ran.stream().allMatch(t -> t.outcome() == Outcome.SKIP
                            && t.message().toLowerCase(java.util.Locale.ROOT).contains("not supported for the " + backend.toLowerCase(java.util.Locale.ROOT) + " backend"));
                    boolean passedElsewhere = r.tests().values().stream().flatMap(List::stream).anyMatch(t -> t.outcome() == Outcome.PASS);
                    assertTrue(ran.stream().anyMatch(t -> t.outcome() == Outcome.PASS) || excluded && passedElsewhere,
                            r.className() + " on " + backend + " passed no test");
                }));
            }
        }
        TornadoUnitTests.deleteTree(work);
        return tests.stream();
    }
}
