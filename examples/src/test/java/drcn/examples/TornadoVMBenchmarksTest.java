package drcn.examples;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * TornadoVM's benchmark suite, written for TornadoVM by its authors, runs here after one change, the import prefix:
 * every file of {@code examples/tornadovm-benchmarks} (tornado-benchmarks and the one tornado-matrices class it uses)
 * is compiled with its prefix replaced, then {@link TornadoVMBenchmarks} runs each benchmark's Tornado driver on every
 * backend of this machine and reports the driver's own validation against its plain-Java version.
 */
class TornadoVMBenchmarksTest {
    private static final Path SOURCES = Path.of("tornadovm-benchmarks"); // surefire runs in examples/
    private static final Pattern RESULT = Pattern.compile("(?m)^RESULT (\\S+) (PASS|FAIL|ERROR)(.*)$");

    /** Each benchmark's package and its arguments: one iteration at sizes that take seconds on two CPU cores. */
    private static final Map<String, String> BENCHMARKS = new LinkedHashMap<>();
    static {
        BENCHMARKS.put("addImage", "1,128,128");
        BENCHMARKS.put("blackscholes", "1,1024");
        BENCHMARKS.put("blurFilter", "1,128");
        BENCHMARKS.put("convolvearray", "1,128,128,5");
        BENCHMARKS.put("convolveimage", "1,128,128,5");
        BENCHMARKS.put("dft", "1,256");
        BENCHMARKS.put("dgemm", "1,64,64");
        BENCHMARKS.put("dotimage", "1,128,128");
        BENCHMARKS.put("dotvector", "1,4096");
        BENCHMARKS.put("euler", "1,32");
        BENCHMARKS.put("hilbert", "1,128");
        BENCHMARKS.put("juliaset", "1,128");
        BENCHMARKS.put("mandelbrot", "1,128");
        BENCHMARKS.put("montecarlo", "1,4096");
        BENCHMARKS.put("nbody", "1,256");
        BENCHMARKS.put("renderTrack", "1,128");
        BENCHMARKS.put("rotateimage", "1,128,128");
        BENCHMARKS.put("rotatevector", "1,4096");
        BENCHMARKS.put("saxpy", "1,4096");
        BENCHMARKS.put("sgemm", "1,64,64");
        BENCHMARKS.put("sgemv", "1,128,128");
        BENCHMARKS.put("spmv", "1");
        BENCHMARKS.put("stencil", "1,4096");
    }

    @TestFactory
    Stream<DynamicTest> everyBenchmarkValidatesOnEveryBackend() throws Exception {
        assertTrue(Files.isDirectory(SOURCES), "no folder " + SOURCES.toAbsolutePath());
        Path work = Files.createTempDirectory("tornadovm-benchmarks");
        var units = new ArrayList<Path>();
        var packages = new TreeSet<String>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                Path copy = work.resolve("src").resolve(SOURCES.relativize(file).toString());
                Files.createDirectories(copy.getParent());
                Files.writeString(copy, Files.readString(file).replace("uk.ac.manchester.tornado.api", "drcn.tornado.api"));
                units.add(copy);
                if (file.getFileName().toString().equals("Benchmark.java")) packages.add(file.getParent().getFileName().toString());
            }
        }
        assertEquals(packages, new TreeSet<>(BENCHMARKS.keySet()), "every benchmark of the folder has its arguments here");
        Path classes = TornadoVMProgramsTest.compileUnits(work, units, "tornado-benchmarks");
        // spmv reads a Matrix Market file from the class path (TornadoVM's bcsstk32.mtx is a Git LFS object): a random one
        Files.writeString(classes.resolve("random.mtx"), randomSparseMatrix(300, 3000, new Random()));
        var args = new StringBuilder();
        BENCHMARKS.forEach((name, arguments) -> args.append(name).append(':').append(arguments).append(' '));
        var tests = new ArrayList<DynamicTest>();
        for (String backend : TornadoVMProgramsTest.backends()) {
            String output = TornadoVMProgramsTest.run(TornadoVMBenchmarks.class.getName(), classes, args.toString(), "-Dspmv.matrix=/random.mtx", backend, false);
            var verdicts = new LinkedHashMap<String, String>();
            Matcher m = RESULT.matcher(output);
            while (m.find()) verdicts.put(m.group(1), m.group(2) + m.group(3));
            for (String name : BENCHMARKS.keySet()) {
                tests.add(DynamicTest.dynamicTest(name + " on " + backend, () -> {
                    String verdict = verdicts.get(name);
                    assertNotNull(verdict, name + " on " + backend + " printed no verdict:\n" + output);
                    assertTrue(verdict.startsWith("PASS"), name + " on " + backend + ": " + verdict + "\n" + output);
                }));
            }
        }
        return tests.stream();
    }

    /** A general n x n sparse matrix of {@code entries} distinct random positions, in Matrix Market coordinate format. */
    static String randomSparseMatrix(int n, int entries, Random random) {
        var positions = new TreeSet<Long>();
        while (positions.size() < entries) positions.add((long) random.nextInt(n) * n + random.nextInt(n));
        var out = new StringBuilder("%%MatrixMarket matrix coordinate real general\n" + n + " " + n + " " + entries + "\n");
        for (long p : positions) out.append(p / n + 1).append(' ').append(p % n + 1).append(' ').append(random.nextFloat() * 2f - 1f).append('\n');
        return out.toString();
    }
}
