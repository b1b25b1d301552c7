package drcn.runtime;

import drcn.compiler.KernelProcessor;
import drcn.kernels.Smoke;
import drcn.runtime.backend.Device;
import drcn.tornado.api.KernelContext;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.constantpool.ClassEntry;
import java.lang.classfile.constantpool.PoolEntry;
import java.lang.classfile.constantpool.Utf8Entry;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The package graph of the main code of compiler, tornado-api, kernels and runtime, read from their class files
 * (every class a class file names in its constant pool, descriptors and generic signatures included): a package
 * cycle means the layers cannot be drawn, so any cycle fails unless it is listed in {@link #KNOWN_CYCLES}. That list
 * holds the cycles present today; it may only shrink: a listed cycle that no longer exists fails too, so that the
 * list stays exactly the truth.
 */
class ArchitectureTest {

    /**
     * Today's package cycles (strongly connected components of the package graph, as sorted package sets, without
     * the "drcn." prefix). Each is a debt, not a design.
     */
    static final Set<Set<String>> KNOWN_CYCLES = Set.of(
            // The task graph and the plan reach their engine through api.runtime (TornadoRuntimeProvider, TornadoEngine,
            // PlanExecutor), whose interfaces take api types (ImmutableTaskGraph, GridScheduler, TornadoRuntime), and
            // common.TornadoDevice returns TornadoTargetDevice and TornadoDeviceContext, which TornadoVM keeps in the
            // root package where a port imports them ...
            Set.of("tornado.api", "tornado.api.common", "tornado.api.runtime"),
            // ... and the vector types call TornadoMath, whose vector overloads take them, TornadoMath.isEqual takes the
            // arrays, HalfFloatArray.getHalf2 returns a Half2, TornadoMath.rotate takes a Matrix4x4Float, and the matrices
            // hand out their collections and arrays (all as in TornadoVM, whose package names the API keeps).
            Set.of("tornado.api.math", "tornado.api.types.arrays", "tornado.api.types.collections", "tornado.api.types.matrix",
                    "tornado.api.types.vectors"));

    /** Package sets ordered by their text, for stable messages. */
    private static final Comparator<Set<String>> BY_TEXT = Comparator.comparing(Object::toString);

    @Test
    void noNewPackageCycles() throws Exception {
        Map<String, Set<String>> graph = packageGraph();
        assertTrue(graph.keySet().containsAll(Set.of("compiler", "tornado.api", "kernels", "runtime.backend")),
                "the class folders of the four modules were not found: " + graph.keySet());
        Set<Set<String>> cycles = cycles(graph);
        Set<Set<String>> added = new TreeSet<>(BY_TEXT);
        added.addAll(cycles);
        added.removeAll(KNOWN_CYCLES);
        Set<Set<String>> gone = new TreeSet<>(BY_TEXT);
        gone.addAll(KNOWN_CYCLES);
        gone.removeAll(cycles);
        StringBuilder why = new StringBuilder();
        for (Set<String> c : added) why.append("new package cycle ").append(c).append(": ").append(edgesWithin(graph, c)).append('\n');
        for (Set<String> c : gone) why.append("listed cycle ").append(c).append(" no longer exists: remove it from KNOWN_CYCLES\n");
        assertEquals("", why.toString());
    }

    @Test
    void cyclesAreTheStronglyConnectedComponents() {
        Map<String, Set<String>> graph = Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a", "d"),
                "d", Set.of("e"), "e", Set.of("d"), "f", Set.of("a"));
        assertEquals(Set.of(Set.of("a", "b", "c"), Set.of("d", "e")), cycles(graph));
        assertEquals(Set.of(), cycles(Map.of("a", Set.of("b"), "b", Set.of("c"), "f", Set.of("a", "c"))));
    }

    /** Package (without "drcn.") -> the packages its classes name, self excluded. */
    static Map<String, Set<String>> packageGraph() throws IOException, URISyntaxException {
        Map<String, Set<String>> graph = new TreeMap<>();
        Pattern named = Pattern.compile("L(drcn/[\\w/$]+)[;<]");
        for (Class<?> anchor : List.of(KernelProcessor.class, KernelContext.class, Smoke.class, Device.class)) {
            Path root = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (byte[] bytes : classFiles(root)) {
                ClassModel model = ClassFile.of().parse(bytes);
                String from = packageOf(model.thisClass().asInternalName());
                if (from == null) continue;
                Set<String> to = graph.computeIfAbsent(from, k -> new TreeSet<>());
                for (PoolEntry entry : model.constantPool()) {
                    if (entry instanceof ClassEntry c) {
                        String name = c.asInternalName();
                        while (name.startsWith("[")) name = name.substring(1);
                        if (name.startsWith("L")) name = name.substring(1, name.length() - 1);
                        add(to, from, packageOf(name));
                    } else if (entry instanceof Utf8Entry u) {
                        Matcher m = named.matcher(u.stringValue());
                        while (m.find()) add(to, from, packageOf(m.group(1)));
                    }
                }
            }
        }
        return graph;
    }

    private static void add(Set<String> to, String from, String target) {
        if (target != null && !target.equals(from)) to.add(target);
    }

    /** "drcn/runtime/backend/Device$1" -> "runtime.backend"; null outside drcn. */
    static String packageOf(String internalName) {
        if (!internalName.startsWith("drcn/")) return null;
        int slash = internalName.lastIndexOf('/');
        return internalName.substring("drcn/".length(), slash).replace('/', '.');
    }

    /** Every class file under a class folder or in a jar. */
    static List<byte[]> classFiles(Path root) throws IOException {
        List<byte[]> files = new ArrayList<>();
        if (Files.isDirectory(root)) {
            try (Stream<Path> walk = Files.walk(root)) {
                for (Path p : walk.filter(p -> p.toString().endsWith(".class")).toList()) files.add(Files.readAllBytes(p));
            }
        } else {
            try (JarFile jar = new JarFile(root.toFile())) {
                for (var e : jar.stream().filter(e -> e.getName().endsWith(".class")).toList()) {
                    try (InputStream in = jar.getInputStream(e)) {
                        files.add(in.readAllBytes());
                    }
                }
            }
        }
        return files;
    }

    /** The strongly connected components of more than one package (Tarjan's algorithm). */
    static Set<Set<String>> cycles(Map<String, Set<String>> graph) {
        Map<String, Integer> index = new HashMap<>(), low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new HashSet<>();
        Set<Set<String>> found = new HashSet<>();
        for (String v : graph.keySet()) {
            if (!index.containsKey(v)) connect(v, graph, index, low, stack, onStack, found);
        }
        return found;
    }

    private static void connect(String v, Map<String, Set<String>> graph, Map<String, Integer> index, Map<String, Integer> low,
                                Deque<String> stack, Set<String> onStack, Set<Set<String>> found) {
        index.put(v, index.size());
        low.put(v, index.get(v));
        stack.push(v);
        onStack.add(v);
        for (String w : graph.getOrDefault(v, Set.of())) {
            if (!index.containsKey(w)) {
                connect(w, graph, index, low, stack, onStack, found);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            Set<String> component = new TreeSet<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                component.add(w);
            } while (!w.equals(v));
            if (component.size() > 1) found.add(component);
        }
    }

    /** The edges inside one cycle, "a -> b", to say where to cut it. */
    static List<String> edgesWithin(Map<String, Set<String>> graph, Set<String> component) {
        List<String> edges = new ArrayList<>();
        for (String a : component) {
            for (String b : graph.getOrDefault(a, Set.of())) if (component.contains(b)) edges.add(a + " -> " + b);
        }
        return edges;
    }
}
