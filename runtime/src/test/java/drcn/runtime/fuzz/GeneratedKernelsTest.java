package drcn.runtime.fuzz;

import drcn.compiler.emit.Dialect;
import drcn.runtime.backends.Backends;
import drcn.runtime.backend.Buffer;
import drcn.runtime.backend.Device;
import drcn.runtime.backend.Range;
import drcn.runtime.jit.KernelJit;
import drcn.runtime.jit.KernelRef;
import drcn.runtime.backend.Kernels;
import drcn.tornado.api.types.arrays.FloatArray;
import drcn.tornado.api.types.arrays.IntArray;
import org.junit.jupiter.api.Test;

import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import java.net.URI;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Random kernels inside the kernel subset ({@link KernelGenerator}), each run on the JVM backend (the Java
 * method itself: Java's semantics) and on every OpenCL device (the emitted C) on the same random inputs;
 * ints must agree exactly and floats bit for bit (NaN with NaN: payloads are not compared). The bound is
 * 0 ulp because the subset's float operations here (+ - * /, casts, abs) are correctly rounded in both
 * and the emitted OpenCL switches contraction into FMAs off. The CUDA C of each kernel goes through
 * {@code nvcc -ptx} and {@code ptxas} where they are on the PATH.
 *
 * <p>CI runs the fixed seeds below; {@code bin/test-fuzz --minutes N} runs fresh seeds for N minutes
 * ({@code -Dfuzz.minutes=N}). A disagreement writes the kernel's source to
 * {@code target/fuzz-failures/}; copied into {@code src/test/resources/fuzz-regressions/} it runs in CI
 * from then on.
 */
class GeneratedKernelsTest {
    /** Kernels of the fixed CI run: seeds 1..SEEDS. */
    static final int SEEDS = 40;
    /** Work-items per kernel (and input elements). */
    static final int N = 97;

    @Test
    void fixedSeedsAgreeOnEveryBackend() throws Exception {
        double minutes = Double.parseDouble(System.getProperty("fuzz.minutes", "0"));
        List<Long> seeds = new ArrayList<>();
        if (minutes > 0) {
            long end = System.nanoTime() + (long) (minutes * 60e9);
            var random = new SplittableRandom();
            int batches = 0, kernels = 0;
            List<String> failures = new ArrayList<>();
            while (System.nanoTime() < end) {
                seeds.clear();
                for (int k = 0; k < 25; k++) seeds.add(random.nextLong() & Long.MAX_VALUE);
                failures.addAll(run(sources(seeds), 5));
                batches++;
                kernels += seeds.size();
            }
            System.out.println("test-fuzz: " + kernels + " kernels in " + batches + " batches, " + failures.size() + " disagreements");
            failures.forEach(f -> System.out.println("test-fuzz: " + f));
            assertEquals(List.of(), failures);
            return;
        }
        int count = Integer.getInteger("fuzz.seeds", SEEDS); // 0: the regressions only
        for (long s = 1; s <= count; s++) seeds.add(s);
        Map<String, String> sources = sources(seeds);
        sources.putAll(regressions());
        List<String> failures = run(sources, 8);
        System.out.println("GeneratedKernelsTest: " + sources.size() + " kernels, " + failures.size() + " disagreements");
        assertEquals(List.of(), failures);
    }

    private static Map<String, String> sources(List<Long> seeds) {
        Map<String, String> sources = new LinkedHashMap<>();
        for (long seed : seeds) sources.put(KernelGenerator.className(seed), KernelGenerator.source(seed));
        return sources;
    }

    /** The kernels in src/test/resources/fuzz-regressions (each a disagreement found once). */
    private static Map<String, String> regressions() throws Exception {
        Map<String, String> sources = new LinkedHashMap<>();
        var url = GeneratedKernelsTest.class.getResource("/fuzz-regressions");
        if (url == null) return sources;
        try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                if (name.endsWith(".java")) sources.put("drcn.fuzz." + name.substring(0, name.length() - 5), Files.readString(file));
            }
        }
        return sources;
    }

    /** Compiles the classes, runs each kernel everywhere; returns one line per disagreement. */
    private static List<String> run(Map<String, String> sources, int cudaChecks) throws Exception {
        Path classes = compile(sources);
        List<String> failures = new ArrayList<>();
        List<Device> devices = new ArrayList<>();
        devices.add(Backends.open("jvm", 0));
        devices.addAll(Backends.discover("opencl").devices());
        Path cudaDir = Files.createTempDirectory("fuzz-cuda");
        List<String> cudaFiles = new ArrayList<>();
        try (var loader = new URLClassLoader(new java.net.URL[] {classes.toUri().toURL()}, GeneratedKernelsTest.class.getClassLoader())) {
            for (String className : sources.keySet()) {
                Class<?> owner = Class.forName(className, true, loader);
                KernelRef kernel = KernelRef.forMethod((java.io.Serializable) owner.getMethod("ref").invoke(null));
                String problem = compare(kernel, devices, className.hashCode());
                if (problem != null) {
                    failures.add(className + ": " + problem);
                    save(className, sources.get(className));
                }
                if (cudaFiles.size() < cudaChecks) {
                    Path cu = cudaDir.resolve(owner.getSimpleName() + ".cu");
                    Files.writeString(cu, KernelJit.source(kernel, Map.of(), Dialect.CUDA));
                    cudaFiles.add(cu.toString());
                }
            }
        } finally {
            devices.forEach(Device::close);
        }
        failures.addAll(cuda(cudaDir, cudaFiles));
        return failures;
    }

    /** Runs the kernel on every device on the same inputs; null when all agree with the first (the JVM). */
    private static String compare(KernelRef kernel, List<Device> devices, long inputSeed) {
        var random = new SplittableRandom(inputSeed);
        int[] ints = new int[N];
        float[] floats = new float[N];
        int[] specialInts = {0, 1, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, 31, 32, -32};
        float[] specialFloats = {0f, -0f, 1f, -1f, Float.MAX_VALUE, Float.MIN_VALUE, 1e-40f, 0.5f};
        for (int i = 0; i < N; i++) {
            ints[i] = random.nextInt(4) == 0 ? specialInts[random.nextInt(specialInts.length)]
                    : random.nextBoolean() ? random.nextInt() : random.nextInt(-100, 100);
            floats[i] = random.nextInt(4) == 0 ? specialFloats[random.nextInt(specialFloats.length)] : (float) random.nextDouble(-1000, 1000);
        }
        int[] referenceInts = null;
        float[] referenceFloats = null;
        String reference = null;
        for (Device device : devices) {
            int[] io;
            float[] fo;
            try (Buffer ia = device.allocate(4L * N); Buffer fa = device.allocateFloats(N);
                 Buffer ib = device.allocate(4L * N * KernelGenerator.INT_OUTS); Buffer fb = device.allocateFloats(N * KernelGenerator.FLOAT_OUTS)) {
                device.write(ia, IntArray.fromArray(ints));
                device.write(fa, FloatArray.fromArray(floats));
                Kernels.launch(device, kernel, Range.of(N), ia, fa, ib, fb, N);
                var iOut = new IntArray(N * KernelGenerator.INT_OUTS);
                var fOut = new FloatArray(N * KernelGenerator.FLOAT_OUTS);
                device.read(ib, iOut);
                device.read(fb, fOut);
                io = iOut.toHeapArray();
                fo = fOut.toHeapArray();
            } catch (RuntimeException e) {
                return device.info().id() + " failed: " + e;
            }
            if (referenceInts == null) {
                referenceInts = io;
                referenceFloats = fo;
                reference = device.info().id();
                continue;
            }
            for (int i = 0; i < io.length; i++) {
                if (io[i] != referenceInts[i]) {
                    return String.format("int output %d (work-item %d): %s %d, %s %d", i % KernelGenerator.INT_OUTS, i / KernelGenerator.INT_OUTS,
                            reference, referenceInts[i], device.info().id(), io[i]);
                }
            }
            for (int i = 0; i < fo.length; i++) {
                boolean same = Float.floatToRawIntBits(fo[i]) == Float.floatToRawIntBits(referenceFloats[i])
                        || (Float.isNaN(fo[i]) && Float.isNaN(referenceFloats[i]));
                if (!same) {
                    return String.format("float output %d (work-item %d): %s %s, %s %s", i % KernelGenerator.FLOAT_OUTS, i / KernelGenerator.FLOAT_OUTS,
                            reference, Float.toHexString(referenceFloats[i]), device.info().id(), Float.toHexString(fo[i]));
                }
            }
        }
        return null;
    }

    private static Path compile(Map<String, String> sources) throws Exception {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        var diagnostics = new DiagnosticCollector<JavaFileObject>();
        Path out = Files.createTempDirectory("fuzz-classes");
        var units = new ArrayList<JavaFileObject>();
        sources.forEach((name, text) -> units.add(new SimpleJavaFileObject(URI.create("string:///" + name.replace('.', '/') + ".java"),
                JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) { return text; }
        }));
        var options = List.of("-classpath", System.getProperty("java.class.path"), "-processor", "drcn.compiler.KernelProcessor",
                "-d", out.toString(), "-Xlint:-options", "-proc:full");
        try (var files = javac.getStandardFileManager(diagnostics, null, null)) {
            boolean ok = javac.getTask(null, files, diagnostics, options, null, units).call();
            if (!ok) {
                var first = diagnostics.getDiagnostics().getFirst();
                String name = first.getSource() == null ? "?" : first.getSource().getName();
                fail("a generated kernel does not compile (a generator bug, or the subset rejects it): " + name + ":" + first.getLineNumber()
                        + ": " + first.getMessage(null) + "\n" + sources.get(name.replaceFirst("^/", "").replace(".java", "").replace('/', '.')));
            }
        }
        return out;
    }

    /** nvcc -ptx then ptxas for sm_80, where both are on the PATH; one line per file that fails. */
    private static List<String> cuda(Path dir, List<String> files) throws Exception {
        if (files.isEmpty() || !onPath("nvcc") || !onPath("ptxas")) return List.of();
        List<String> failures = new ArrayList<>();
        var nvcc = new ArrayList<>(List.of("nvcc", "-ptx", "-arch=compute_80", "-odir", dir.toString()));
        nvcc.addAll(files);
        String said = exec(nvcc, dir);
        if (said != null) {
            // keep the sources for a look: the batch's nvcc output names the file
            for (String file : files) save("cuda." + Path.of(file).getFileName().toString().replace(".cu", ""), Files.readString(Path.of(file)));
            return List.of("nvcc: " + said.strip().replaceAll("\\s+", " "));
        }
        for (String file : files) {
            String base = Path.of(file).getFileName().toString().replace(".cu", "");
            String problem = exec(List.of("ptxas", "-arch=sm_80", base + ".ptx", "-o", base + ".cubin"), dir);
            if (problem != null) failures.add(base + " ptxas: " + problem);
        }
        return failures;
    }

    /** Null when the command succeeds, else its output. */
    private static String exec(List<String> command, Path dir) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            return "timed out";
        }
        return p.exitValue() == 0 ? null : output;
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) return true;
        }
        return false;
    }

    private static void save(String className, String source) throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "fuzz-failures"));
        Files.writeString(dir.resolve(className.substring(className.lastIndexOf('.') + 1) + ".java"), source);
    }
}
