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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Random kernels inside the kernel subset ({@link KernelGenerator}), each run on the JVM backend (the Java
 * method itself: Java's semantics) and on every OpenCL device (the emitted C) on the same random inputs;
 * ints must agree exactly and floats bit for bit (NaN with NaN: payloads are not compared). The bound is
 * 0 ulp because the subset's float operations here (+ - * / %, casts, abs, floor, Vector16's fma) are correctly
 * rounded (or exact) in both and the emitted OpenCL switches contraction into FMAs off. The CUDA C of the
 * regressions and of generated kernels that show every kind of construct goes through {@code nvcc -ptx} and
 * {@code ptxas} where they are on the PATH (no libcuda here to run it).
 *
 * <p>CI runs the fixed seeds below (they must show every {@link KernelGenerator#KINDS kind} of construct; the
 * seed count is what that needs, so the run stays near a minute); {@code bin/test-fuzz --minutes N} runs fresh seeds for N minutes
 * ({@code -Dfuzz.minutes=N}). A disagreement writes the kernel's source to
 * {@code target/fuzz-failures/}; copied into {@code src/test/resources/fuzz-regressions/} it runs in CI
 * from then on.
 */
class GeneratedKernelsTest {
    /** Kernels of the fixed CI run: seeds 1..SEEDS. */
    static final int SEEDS = 24;
    /** Work-items that write outputs (and input elements); the launch has KernelGenerator.GLOBAL. */
    static final int N = 97;
    /** Most generated kernels of a batch whose CUDA C goes through nvcc (chosen to show every KernelGenerator.KINDS). */
    static final int CUDA_CHECKS = 6;

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
                failures.addAll(run(sources(seeds), Set.of()));
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
        if (count == SEEDS) {
            var missing = new LinkedHashSet<>(KernelGenerator.KINDS.keySet());
            sources.values().forEach(source -> missing.removeAll(KernelGenerator.kindsOf(source)));
            assertEquals(Set.of(), missing, "no kernel of seeds 1.." + SEEDS + " has these; raise SEEDS");
        }
        Map<String, String> regressions = regressions();
        sources.putAll(regressions);
        List<String> failures = run(sources, regressions.keySet());
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

    /**
     * Compiles the classes, runs each kernel everywhere; returns one line per disagreement. Through nvcc go
     * the kernels named in {@code alwaysCuda} and up to CUDA_CHECKS more that show every kind of construct.
     */
    private static List<String> run(Map<String, String> sources, Set<String> alwaysCuda) throws Exception {
        long t0 = System.nanoTime();
        Path classes = compile(sources);
        long t1 = System.nanoTime();
        Set<String> toCuda = new LinkedHashSet<>(alwaysCuda);
        toCuda.addAll(showingEveryKind(sources));
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
                if (toCuda.contains(className)) {
                    Path cu = cudaDir.resolve(owner.getSimpleName() + ".cu");
                    Files.writeString(cu, KernelJit.source(kernel, Map.of(), Dialect.CUDA));
                    cudaFiles.add(cu.toString());
                }
            }
        } finally {
            devices.forEach(Device::close);
        }
        long t2 = System.nanoTime();
        failures.addAll(cuda(cudaDir, cudaFiles));
        System.out.printf("GeneratedKernelsTest: javac %.1f s, backends %.1f s %s, nvcc %.1f s%n", (t1 - t0) / 1e9, (t2 - t1) / 1e9,
                DEVICE_NANOS.entrySet().stream().map(e -> e.getKey() + String.format(" %.1f s", e.getValue() / 1e9)).toList(), (System.nanoTime() - t2) / 1e9);
        DEVICE_NANOS.clear();
        return failures;
    }

    /**
     * At most CUDA_CHECKS kernels that together show as many KINDS as the sources do: each pick the one showing the
     * most kinds not shown yet (greedy set cover).
     */
    private static List<String> showingEveryKind(Map<String, String> sources) {
        Map<String, Set<String>> kinds = new LinkedHashMap<>();
        sources.forEach((name, source) -> kinds.put(name, KernelGenerator.kindsOf(source)));
        Set<String> shown = new LinkedHashSet<>();
        List<String> picked = new ArrayList<>();
        while (picked.size() < CUDA_CHECKS) {
            String best = null;
            int bestNew = 0;
            for (var e : kinds.entrySet()) {
                int fresh = (int) e.getValue().stream().filter(k -> !shown.contains(k)).count();
                if (fresh > bestNew) {
                    best = e.getKey();
                    bestNew = fresh;
                }
            }
            if (best == null) break;
            picked.add(best);
            shown.addAll(kinds.remove(best));
        }
        return picked;
    }

    /** Time per device id, builds included, for the summary line. */
    private static final Map<String, Long> DEVICE_NANOS = new java.util.concurrent.ConcurrentHashMap<>();

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
            long start = System.nanoTime();
            int[] io;
            float[] fo;
            try (Buffer ia = device.allocate(4L * N); Buffer fa = device.allocateFloats(N);
                 Buffer ib = device.allocate(4L * N * KernelGenerator.INT_OUTS); Buffer fb = device.allocateFloats(N * KernelGenerator.FLOAT_OUTS)) {
                device.write(ia, IntArray.fromArray(ints));
                device.write(fa, FloatArray.fromArray(floats));
                Kernels.launch(device, kernel, Range.of(KernelGenerator.GLOBAL).withLocal(KernelGenerator.LOCAL), ia, fa, ib, fb, N);
                var iOut = new IntArray(N * KernelGenerator.INT_OUTS);
                var fOut = new FloatArray(N * KernelGenerator.FLOAT_OUTS);
                device.read(ib, iOut);
                device.read(fb, fOut);
                io = iOut.toHeapArray();
                fo = fOut.toHeapArray();
            } catch (RuntimeException e) {
                return device.info().id() + " failed: " + e;
            }
            DEVICE_NANOS.merge(device.info().id(), System.nanoTime() - start, Long::sum);
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

    /** nvcc -ptx then ptxas for sm_80, where both are on the PATH, a file per core at a time; one line per file that fails. */
    private static List<String> cuda(Path dir, List<String> files) throws Exception {
        if (files.isEmpty() || !onPath("nvcc") || !onPath("ptxas")) return List.of();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
        try {
            var results = new ArrayList<java.util.concurrent.Future<String>>();
            for (String file : files) results.add(pool.submit(() -> cudaProblem(dir, file)));
            List<String> failures = new ArrayList<>();
            for (var result : results) {
                if (result.get() != null) failures.add(result.get());
            }
            return failures;
        } finally {
            pool.shutdown();
        }
    }

    /** Null when the file goes through nvcc and ptxas, else a line saying where it failed (nvcc: its errors only). */
    private static String cudaProblem(Path dir, String file) throws Exception {
        String base = Path.of(file).getFileName().toString().replace(".cu", "");
        String said = exec(List.of("nvcc", "-ptx", "-arch=compute_80", "-o", base + ".ptx", file), dir);
        if (said != null) {
            save("cuda." + base, Files.readString(Path.of(file)));
            // nvcc also warns about every unused generated variable
            return base + " nvcc: " + String.join(" | ", said.lines().filter(l -> l.contains("error")).toList());
        }
        String problem = exec(List.of("ptxas", "-arch=sm_80", base + ".ptx", "-o", base + ".cubin"), dir);
        return problem == null ? null : base + " ptxas: " + problem;
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
