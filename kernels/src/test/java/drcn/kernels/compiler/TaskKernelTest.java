package drcn.kernels.compiler;

import drcn.compiler.KernelProcessor;
import drcn.compiler.ir.Function;
import drcn.compiler.ir.KernelModule;
import drcn.compiler.ir.Type;
import org.junit.jupiter.api.Test;

import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * TornadoVM's way: a method becomes a kernel by being passed to {@code TaskGraph.task(...)}, with no
 * annotation. The processor finds the call, translates the method as a kernel whichever of the two
 * classes javac analyzes first, and reports a method it cannot take at the task's argument too.
 */
class TaskKernelTest {

    private static final String IMPORTS = """
            package t;
            import drcn.tornado.api.*;
            import drcn.tornado.api.types.arrays.*;
            import drcn.tornado.api.enums.DataTransferMode;
            """;

    /** An annotation-free kernel and its helper. */
    private static final String KERNELS = """
            class VectorAdd {
                static float plus(float x, float y) { return x + y; }
                public static void add(KernelContext context, FloatArray a, FloatArray b, FloatArray c) {
                    int i = context.globalIdx;
                    c.set(i, plus(a.get(i), b.get(i)));
                }
            }
            """;

    /** A TornadoVM program launching it. */
    private static final String GRAPH = """
            class Graph {
                static TaskGraph graph(KernelContext context, FloatArray a, FloatArray b, FloatArray c) {
                    return new TaskGraph("s0")
                            .transferToDevice(DataTransferMode.FIRST_EXECUTION, a, b)
                            .task("t0", VectorAdd::add, context, a, b, c)
                            .transferToHost(DataTransferMode.EVERY_EXECUTION, c);
                }
            }
            """;

    private static final String ADD_ID = "t.VectorAdd#add(drcn.tornado.api.KernelContext,drcn.tornado.api.types.arrays.FloatArray,"
            + "drcn.tornado.api.types.arrays.FloatArray,drcn.tornado.api.types.arrays.FloatArray)";

    // ------------------------------------------------------------------ IR of annotation-free kernels

    @Test
    void taskCallAfterTheKernelsClass() {
        assertVectorAddIr(KernelCompilation.compile("t.VectorAdd", IMPORTS + KERNELS + GRAPH));
    }

    @Test
    void taskCallBeforeTheKernelsClass() {
        assertVectorAddIr(KernelCompilation.compile("t.VectorAdd", IMPORTS + GRAPH + KERNELS));
    }

    @Test
    void taskCallInTheKernelsOwnClass() {
        String source = IMPORTS + """
                public class VectorAdd {
                    static float plus(float x, float y) { return x + y; }
                    public static void add(KernelContext context, FloatArray a, FloatArray b, FloatArray c) {
                        int i = context.globalIdx;
                        c.set(i, plus(a.get(i), b.get(i)));
                    }
                    public static void main(String[] args) {
                        FloatArray a = new FloatArray(8), b = new FloatArray(8), c = new FloatArray(8);
                        TaskGraph g = new TaskGraph("s0").transferToDevice(DataTransferMode.FIRST_EXECUTION, a, b)
                                .task("t0", VectorAdd::add, (KernelContext) null, a, b, c)
                                .transferToHost(DataTransferMode.EVERY_EXECUTION, c);
                    }
                }
                """;
        assertVectorAddIr(KernelCompilation.compile("t.VectorAdd", source));
    }

    @Test
    void taskCallInAnotherCompilationUnitAnalyzedFirst() {
        assertVectorAddIr(KernelCompilation.compile("t.Graph", IMPORTS + GRAPH, "t.VectorAdd", IMPORTS + KERNELS));
    }

    @Test
    void taskCallInAnotherCompilationUnitAnalyzedLast() {
        assertVectorAddIr(KernelCompilation.compile("t.VectorAdd", IMPORTS + KERNELS, "t.Graph", IMPORTS + GRAPH));
    }

    /** A kernel calling a static helper of another class, in another compilation unit. */
    private static final String HELPERS = """
            class Helpers {
                static float twice(float x) { return 2 * x; }
            }
            """;
    private static final String CALLER = """
            class Caller {
                public static void scale(KernelContext context, FloatArray a) {
                    a.set(context.globalIdx, Helpers.twice(a.get(context.globalIdx)));
                }
                static TaskGraph graph(FloatArray a) {
                    return new TaskGraph("s0").task("t0", Caller::scale, new KernelContext(), a);
                }
            }
            """;

    /**
     * javac's default policy writes the first class (lowering its trees and freeing them) before it analyzes the
     * next: the helper of a class analyzed earlier is linked by its translation, whichever unit comes first.
     */
    @Test
    void helperOfAnotherClassAnalyzedFirstOrLast() {
        for (boolean helpersFirst : new boolean[] {true, false}) {
            var result = helpersFirst ? KernelCompilation.compile("t.Helpers", IMPORTS + HELPERS, "t.Caller", IMPORTS + CALLER)
                    : KernelCompilation.compile("t.Caller", IMPORTS + CALLER, "t.Helpers", IMPORTS + HELPERS);
            assertTrue(result.success(), "helpers first: " + helpersFirst + ": " + result.errors());
            find(module(result, "t.Helpers"), "t.Helpers#twice(float)");
            find(module(result, "t.Caller"), "t.Caller#scale(drcn.tornado.api.KernelContext,drcn.tornado.api.types.arrays.FloatArray)");
        }
    }

    @Test
    void taskCallInsideALambdaAndANestedClass() {
        String graph = """
                class Graph {
                    static class Inner {
                        Runnable launcher(FloatArray a, FloatArray b, FloatArray c) {
                            return () -> new TaskGraph("s0").task("t0", (VectorAdd::add), null, a, b, c);
                        }
                    }
                }
                """;
        assertVectorAddIr(KernelCompilation.compile("t.Graph", IMPORTS + graph, "t.VectorAdd", IMPORTS + KERNELS));
    }

    private static void assertVectorAddIr(KernelCompilation.Result result) {
        assertTrue(result.success(), () -> result.diagnostics().toString());
        KernelModule module = module(result, "t.VectorAdd");
        Function add = module.function("add");
        assertTrue(add.kernel());
        assertEquals(ADD_ID, add.id());
        assertEquals(Type.VOID, add.returnType());
        assertEquals(List.of(Type.CONTEXT, Type.FLOAT_GLOBAL_ARRAY, Type.FLOAT_GLOBAL_ARRAY, Type.FLOAT_GLOBAL_ARRAY),
                add.parameters().stream().map(Function.Parameter::type).toList());
        Function plus = find(module, "t.VectorAdd#plus(float,float)");
        assertFalse(plus.kernel());
        assertEquals(Type.FLOAT, plus.returnType());
        assertEquals(2, module.functions().size(), () -> module.functions().stream().map(Function::id).toList().toString());
        assertFalse(Files.exists(result.classes().resolve("t/Graph.kernel-ir")));
    }

    @Test
    void unusedStaticMethodsAreNotKernels() {
        String source = IMPORTS + KERNELS + """
                class Other {
                    static void notATask(FloatArray a) { a.set(0, 1f); }
                }
                """;
        var result = KernelCompilation.compile("t.VectorAdd", source);
        assertTrue(result.success(), () -> result.diagnostics().toString());
        assertFalse(Files.exists(result.classes().resolve("t/VectorAdd.kernel-ir")));
        assertFalse(Files.exists(result.classes().resolve("t/Other.kernel-ir")));
    }

    @Test
    void annotatedKernelPassedToTaskIsFine() {
        String source = IMPORTS + """
                class K {
                    @drcn.kernels.api.Kernel
                    public static void fill(KernelContext c, FloatArray a) { a.set(c.globalIdx, 1f); }
                    static void graph(FloatArray a) { new TaskGraph("g").task("t", K::fill, null, a); }
                }
                """;
        var result = KernelCompilation.compile("t.K", source);
        assertTrue(result.success(), () -> result.diagnostics().toString());
        assertTrue(module(result, "t.K").function("fill").kernel());
    }

    @Test
    void overloadsAreToldApartByTheReference() {
        String source = IMPORTS + """
                class K {
                    static void fill(FloatArray a) { a.set(0, 1f); }
                    static void fill(IntArray a) { a.set(0, 1); }
                    static void graph(IntArray a) { new TaskGraph("g").task("t", K::fill, a); }
                }
                """;
        var result = KernelCompilation.compile("t.K", source);
        assertTrue(result.success(), () -> result.diagnostics().toString());
        KernelModule module = module(result, "t.K");
        assertEquals(List.of("t.K#fill(drcn.tornado.api.types.arrays.IntArray)"), module.functions().stream().map(Function::id).toList());
        assertTrue(module.functions().getFirst().kernel());
    }

    // ------------------------------------------------------------------ methods outside the kernel subset

    private static final String BAD_KERNELS = """
            class Bad {
                static int twice(int x) { return x * 2; }
                public static void fill(KernelContext context, FloatArray a) {
                    Object o = new Object(); // ERROR kernel
                    a.set(context.globalIdx, twice(1));
                }
            }
            """;

    private static final String BAD_GRAPH = """
            class Graph {
                static void graph(FloatArray a) {
                    new TaskGraph("g")
                            .task("t", Bad::fill, null, a); // ERROR task
                }
            }
            """;

    @Test
    void nonSubsetTaskMethodIsAnErrorAtBothLinesKernelFirst() {
        assertErrorsAtBothLines(IMPORTS + BAD_KERNELS + BAD_GRAPH, "it uses object allocation");
    }

    @Test
    void nonSubsetTaskMethodIsAnErrorAtBothLinesTaskFirst() {
        assertErrorsAtBothLines(IMPORTS + BAD_GRAPH + BAD_KERNELS, "it uses object allocation");
    }

    @Test
    void nonSubsetHelperOfATaskMethodIsAnErrorAtBothLines() {
        String kernels = """
                class Bad {
                    static int twice(int x) {
                        Long y = 1L; // ERROR kernel
                        return x * 2;
                    }
                    public static void fill(KernelContext context, FloatArray a) { a.set(context.globalIdx, twice(1)); }
                }
                """;
        assertErrorsAtBothLines(IMPORTS + BAD_GRAPH + kernels, "it calls Bad.twice, which uses");
        assertErrorsAtBothLines(IMPORTS + kernels + BAD_GRAPH, "it calls Bad.twice, which uses");
    }

    @Test
    void nonVoidTaskMethod() {
        String kernels = """
                class Bad {
                    public static int fill(KernelContext context, FloatArray a) { // ERROR kernel
                        a.set(context.globalIdx, 1f);
                        return 0;
                    }
                }
                """;
        assertErrorsAtBothLines(IMPORTS + kernels + BAD_GRAPH, "must return void");
    }

    @Test
    void arrayParameterOfATaskMethod() {
        String kernels = """
                class Bad {
                    public static void fill(KernelContext context, boolean[] a) { a[0] = true; } // ERROR kernel
                }
                """;
        String graph = """
                class Graph {
                    static void graph(boolean[] a) {
                        new TaskGraph("g")
                                .task("t", Bad::fill, null, a); // ERROR task
                    }
                }
                """;
        assertErrorsAtBothLines(IMPORTS + graph + kernels, "array parameter");
    }

    @Test
    void nonSubsetTaskMethodInAnotherCompilationUnit() {
        var result = KernelCompilation.compile("t.Graph", IMPORTS + BAD_GRAPH, "t.Bad", IMPORTS + BAD_KERNELS);
        assertFalse(result.success());
        var task = result.errors().stream().filter(d -> d.getMessage(null).contains("cannot be a task")).toList();
        assertEquals(1, task.size(), result.diagnostics()::toString);
        assertTrue(task.getFirst().getMessage(null).contains("(Bad.java line 8)"), task.getFirst().getMessage(null));
        assertTrue(task.getFirst().getSource().getName().endsWith("Graph.java"));
    }

    private static void assertErrorsAtBothLines(String source, String reason) {
        var result = KernelCompilation.compile("t.Graph", source);
        assertFalse(result.success(), "compilation should fail:\n" + source);
        List<Diagnostic<? extends JavaFileObject>> errors = result.errors();
        var subset = errors.stream().filter(d -> d.getMessage(null).startsWith("kernel subset:")).toList();
        var task = errors.stream().filter(d -> d.getMessage(null).startsWith(KernelProcessor.MESSAGE)).toList();
        assertEquals(1, subset.size(), errors::toString);
        assertEquals(1, task.size(), errors::toString);
        int kernelLine = lineOf(source, "// ERROR kernel");
        assertEquals(kernelLine, subset.getFirst().getLineNumber(), subset.getFirst().getMessage(null));
        assertEquals(lineOf(source, "// ERROR task"), task.getFirst().getLineNumber(), task.getFirst().getMessage(null));
        String message = task.getFirst().getMessage(null);
        assertTrue(message.startsWith("drcn kernel compiler: Bad.fill cannot be a task: "), message);
        assertTrue(message.contains(reason), message);
        assertTrue(message.endsWith("(line " + kernelLine + ")"), message);
        assertFalse(Files.exists(result.classes().resolve("t/Bad.kernel-ir")));
    }

    @Test
    void taskMethodCalledFromAnotherKernel() {
        String source = IMPORTS + """
                class K {
                    static void fill(FloatArray a) { a.set(0, 1f); }
                    static void twice(FloatArray a) {
                        fill(a); // ERROR
                    }
                    static void graph(FloatArray a) { new TaskGraph("g").task("t", K::fill, a).task("u", K::twice, a); }
                }
                """;
        var result = KernelCompilation.compile("t.K", source);
        assertFalse(result.success());
        var calls = result.errors().stream().filter(d -> d.getMessage(null).contains("a call of the kernel method K.fill")).toList();
        assertEquals(1, calls.size(), result.diagnostics()::toString);
        assertEquals(lineOf(source, "// ERROR"), calls.getFirst().getLineNumber());
    }

    // ------------------------------------------------------------------ what task(...) cannot take

    /**
     * TornadoVM's lambda task: its body is a kernel named as javac names the lambda's synthetic method (a serializable
     * lambda's name holds a hash), its parameters the captured variables in javac's order, then the lambda's own; the
     * id is what the task's SerializedLambda names at run time (the class file's method and descriptor).
     */
    @Test
    void lambdaIsAKernelNamedAsJavacNamesIt() throws IOException {
        String source = IMPORTS + """
                import drcn.tornado.api.annotations.Parallel;
                class K {
                    static float twice(float v) { return 2 * v; }
                    static void graph(FloatArray a, FloatArray b, float s) {
                        int n = a.getSize() / 2;
                        new TaskGraph("g").task("t", (x, y) -> {
                            for (@Parallel int i = 0; i < n; i++) y.set(i, twice(x.get(i)) * s);
                        }, a, b).task("u", x -> x.set(0, 1f), a);
                    }
                }
                """;
        var result = KernelCompilation.compile("t.K", source);
        assertTrue(result.success(), () -> result.diagnostics().toString());
        KernelModule module = module(result, "t.K");
        var lambdas = module.functions().stream().filter(f -> f.javaName().startsWith("lambda$graph$")).toList();
        assertEquals(2, lambdas.size(), module.functions()::toString);
        var classFile = java.lang.classfile.ClassFile.of().parse(Files.readAllBytes(result.classes().resolve("t/K.class")));
        for (Function f : lambdas) {
            assertTrue(f.kernel(), f.id());
            var method = classFile.methods().stream().filter(m -> m.methodName().equalsString(f.javaName())).findFirst()
                    .orElseThrow(() -> new AssertionError("no method " + f.javaName() + " in K.class"));
            var types = new ArrayList<String>();
            for (var d : method.methodTypeSymbol().parameterList()) types.add(d.isPrimitive() ? d.displayName() : d.packageName() + "." + d.displayName());
            assertEquals("t.K#" + f.javaName() + "(" + String.join(",", types) + ")", f.id());
        }
        Function loop = lambdas.stream().filter(f -> f.parameters().size() == 4).findFirst().orElseThrow();
        // captured first, in javac's order (first use: n, then s), then the lambda's parameters
        assertEquals(List.of("n", "s", "x", "y"), loop.parameters().stream().map(Function.Parameter::name).toList());
        find(module, "t.K#twice(float)");
    }

    @Test
    void lambdaOutsideTheSubsetIsAnErrorAtItsLine() {
        String source = IMPORTS + """
                class K {
                    static void graph(FloatArray a) {
                        new TaskGraph("g").task("t", x -> {
                            String s = "no"; // ERROR
                            x.set(0, 1f);
                        }, a);
                    }
                }
                """;
        var result = KernelCompilation.compile("t.K", source);
        assertFalse(result.success(), "compilation should fail:\n" + source);
        var errors = result.errors();
        assertFalse(errors.isEmpty());
        assertTrue(errors.getFirst().getMessage(null).startsWith(drcn.compiler.front.KernelTranslator.PREFIX), errors.getFirst().getMessage(null));
        assertEquals(lineOf(source, "// ERROR"), errors.getFirst().getLineNumber(), errors::toString);
    }

    /** TornadoVM's obj::method: the instance method is a kernel, and so is what it calls on its own object. */
    @Test
    void boundInstanceMethodReferenceIsAKernel() {
        String source = IMPORTS + """
                class K {
                    void instanceFill(FloatArray a) { a.set(0, one()); }
                    float one() { return 1f; }
                    static void graph(FloatArray a) {
                        K k = new K();
                        new TaskGraph("g").task("t", k::instanceFill, a);
                    }
                }
                """;
        var result = KernelCompilation.compile("t.K", source);
        assertTrue(result.success(), () -> result.diagnostics().toString());
        KernelModule module = module(result, "t.K");
        assertTrue(find(module, "t.K#instanceFill(drcn.tornado.api.types.arrays.FloatArray)").kernel());
        assertFalse(find(module, "t.K#one()").kernel());
    }

    /** TornadoVM's fields tests: an instance kernel reads its receiver's final fields, hidden parameters after its own. */
    @Test
    void receiverFieldsBecomeHiddenParameters() {
        String source = IMPORTS + """
                class K {
                    final FloatArray out;
                    final int offset;
                    K(FloatArray out, int offset) { this.out = out; this.offset = offset; }
                    void fill(float v) { for (int i = 0; i < out.getSize(); i++) this.out.set(i, v + offset); }
                    static void graph(FloatArray a) { new TaskGraph("g").task("t", new K(a, 1)::fill, 2f); }
                }
                """;
        var result = KernelCompilation.compile("t.K", source);
        assertTrue(result.success(), () -> result.diagnostics().toString());
        Function fill = find(module(result, "t.K"), "t.K#fill(float)");
        assertEquals(List.of("v", "this_out", "this_offset"), fill.parameters().stream().map(Function.Parameter::name).toList());
        assertEquals(java.util.Arrays.asList(null, "out", "offset"), fill.parameters().stream().map(Function.Parameter::field).toList());
        assertEquals(Type.FLOAT_GLOBAL_ARRAY, fill.parameters().get(1).type());
        assertEquals(Type.INT, fill.parameters().get(2).type(), "a final number the kernel does not write is passed by value");
        assertEquals(1, fill.javaParameterCount());
    }

    @Test
    void fieldsOutsideWhatMovesAreErrorsAtTheirLines() {
        assertReceiverFieldRejected("void fill() { for (@drcn.tornado.api.annotations.Parallel int i = 0; i < 4; i++) count = i; } // ERROR", "writing the field count in a kernel with @Parallel loops");
        assertReceiverFieldRejected("void fill() { loose.set(0, 1f); } // ERROR", "non-final field loose");
        assertReceiverFieldRejected("void fill() { out.set(0, name.length()); } // ERROR", "the field name of type java.lang.StringBuilder");
        assertReceiverFieldRejected("void fill() { loose = out; } // ERROR", "assigning the field loose");
    }

    /**
     * TornadoVM's fields tests pass objects of the program's classes: the fields a kernel reads through them (nested,
     * inherited) are hidden parameters; a number field it writes is a one-element array.
     */
    @Test
    void objectParametersFieldsBecomeHiddenParameters() {
        String source = IMPORTS + """
                class K {
                    static class Base { final float[] weights = new float[4]; }
                    static final class Inner { final IntArray counts = new IntArray(4); double total; final int n = 4; }
                    static final class P extends Base { final FloatArray values = new FloatArray(4); final Inner inner = new Inner(); float last; }
                    static void fill(P p, float v) {
                        p.values.set(0, v + p.weights[1] + p.inner.counts.get(0) + p.inner.n);
                        p.inner.total = p.inner.total + v;
                        p.last = v;
                    }
                    static void graph() { new TaskGraph("g").task("t", K::fill, new P(), 1f); }
                }
                """;
        var result = KernelCompilation.compile("t.K", source);
        assertTrue(result.success(), () -> result.diagnostics().toString());
        Function fill = find(module(result, "t.K"), "t.K#fill(t.K.P,float)");
        assertEquals(Type.OBJECT, fill.parameters().get(0).type());
        assertEquals(List.of("p", "v", "p_values", "p_weights", "p_inner_counts", "p_inner_n", "p_inner_total", "p_last"),
                fill.parameters().stream().map(Function.Parameter::name).toList());
        assertEquals(java.util.Arrays.asList(null, null, "values", "weights", "inner.counts", "inner.n", "inner.total", "last"),
                fill.parameters().stream().map(Function.Parameter::field).toList());
        assertEquals(List.of(Type.OBJECT, Type.FLOAT, Type.FLOAT_GLOBAL_ARRAY, Type.FLOAT_GLOBAL_ARRAY, Type.INT_GLOBAL_ARRAY, Type.INT,
                Type.DOUBLE_GLOBAL_ARRAY, Type.FLOAT_GLOBAL_ARRAY), fill.parameters().stream().map(Function.Parameter::type).toList());
        assertTrue(fill.parameters().stream().skip(2).allMatch(p -> p.root() == 0));
        assertEquals(2, fill.javaParameterCount());
    }

    @Test
    void objectsOutsideWhatMovesAreErrorsAtTheirLines() {
        assertObjectRejected("static void fill(P p) { p.inner = null; } // ERROR", "assigning the field p.inner");
        assertObjectRejected("static void fill(P p) { use(p); } // ERROR", "using the object p as a value");
        assertObjectRejected("static void fill(P p) { p.loose.set(0, 1f); } // ERROR", "non-final field loose");
        assertObjectRejected("static void fill(P p) { for (@drcn.tornado.api.annotations.Parallel int i = 0; i < 4; i++) p.inner.total = i; } // ERROR",
                "writing the field p.inner.total in a kernel with @Parallel loops");
    }

    private static void assertObjectRejected(String kernel, String fragment) {
        String source = IMPORTS + """
                class K {
                    static final class Inner { double total; }
                    static final class P { Inner inner = new Inner(); FloatArray loose; }
                    static void use(P p) { }
                    %s
                    static void graph() { new TaskGraph("g").task("t", K::fill, new P()); }
                }
                """.formatted(kernel);
        var result = KernelCompilation.compile("t.K", source);
        assertFalse(result.success(), "compilation should fail:\n" + source);
        var errors = result.errors();
        assertTrue(errors.stream().anyMatch(e -> e.getMessage(null).contains(fragment) && e.getLineNumber() == lineOf(source, "// ERROR")),
                errors::toString);
    }

    private static void assertReceiverFieldRejected(String kernel, String fragment) {
        String source = IMPORTS + """
                class K {
                    final FloatArray out = new FloatArray(4);
                    final StringBuilder name = null;
                    int count;
                    FloatArray loose;
                    %s
                    static void graph() { new TaskGraph("g").task("t", new K()::fill); }
                }
                """.formatted(kernel);
        var result = KernelCompilation.compile("t.K", source);
        assertFalse(result.success(), "compilation should fail:\n" + source);
        var errors = result.errors();
        assertTrue(errors.stream().anyMatch(e -> e.getMessage(null).contains(fragment) && e.getLineNumber() == lineOf(source, "// ERROR")),
                errors::toString);
    }

    @Test
    void unboundInstanceMethodReferenceIsRejected() {
        assertTaskArgumentRejected("new TaskGraph(\"g\").task(\"t\", K::instanceFill, new K(), a); // ERROR", "unbound instance method reference K::instanceFill");
    }

    @Test
    void constructorReferenceIsRejected() {
        assertTaskArgumentRejected("new TaskGraph(\"g\").task(\"t\", K::new, a); // ERROR", "constructor reference");
    }

    /** Task code as a value: the method reference is compiled where it is converted to a task type, not at task(...). */
    @Test
    void taskCodeHeldInAVariableIsCompiledWhereItIsWritten() {
        String source = IMPORTS + """
                class K {
                    static void fill(FloatArray a) { a.set(0, 1f); }
                    static void scale(FloatArray a) { a.set(0, 2f * a.get(0)); }
                    static void notATask(FloatArray a) { a.set(0, 3f); }
                    static void run(drcn.tornado.api.common.TornadoFunctions.Task1<FloatArray> code, FloatArray a) { new TaskGraph("g").task("t", code, a); }
                    static void graph(FloatArray a) {
                        drcn.tornado.api.common.TornadoFunctions.Task1<FloatArray> code = K::fill;
                        new TaskGraph("g").task("t", code, a);
                        run(K::scale, a);
                        java.util.function.Consumer<FloatArray> plain = K::notATask;
                    }
                }
                """;
        var result = KernelCompilation.compile("t.K", source);
        assertTrue(result.success(), () -> result.diagnostics().toString());
        KernelModule module = module(result, "t.K");
        assertTrue(module.function("fill").kernel());
        assertTrue(module.function("scale").kernel());
        assertTrue(module.functions().stream().noneMatch(f -> f.id().contains("notATask")), "a Consumer is no task code: " + module.functions());
    }

    @Test
    void taskCodeOutsideTheSubsetIsRejectedWhereItIsWritten() {
        String source = IMPORTS + """
                class K {
                    static void greet(FloatArray a) { System.out.println("hello"); } // ERROR
                    static void graph(FloatArray a) {
                        drcn.tornado.api.common.TornadoFunctions.Task1<FloatArray> code = K::greet;
                    }
                }
                """;
        var result = KernelCompilation.compile("t.K", source);
        assertFalse(result.success(), "compilation should fail:\n" + source);
        assertTrue(result.errors().stream().anyMatch(e -> e.getLineNumber() == lineOf(source, "// ERROR")), result.errors()::toString);
    }

    @Test
    void nullCodeIsRejected() {
        assertTaskArgumentRejected("new TaskGraph(\"g\").task(\"t\", (drcn.tornado.api.common.TornadoFunctions.Task1<FloatArray>) null, a); // ERROR", "null");
    }

    private static void assertTaskArgumentRejected(String statement, String fragment) {
        String source = IMPORTS + """
                class K {
                    K() {}
                    K(FloatArray a) {}
                    void instanceFill(FloatArray a) { a.set(0, 1f); }
                    static void fill(FloatArray a) { a.set(0, 1f); }
                    static void graph(FloatArray a) {
                        %s
                    }
                }
                """.formatted(statement);
        var result = KernelCompilation.compile("t.K", source);
        assertFalse(result.success(), "compilation should fail:\n" + source);
        var errors = result.errors();
        assertEquals(1, errors.size(), errors::toString);
        String message = errors.getFirst().getMessage(null);
        assertTrue(message.startsWith(KernelProcessor.MESSAGE), message);
        assertTrue(message.contains(fragment), message);
        assertTrue(message.contains("a static method reference, Class::method"), message);
        assertEquals(lineOf(source, "// ERROR"), errors.getFirst().getLineNumber());
    }

    // ------------------------------------------------------------------ @JitConstant

    @Test
    void jitConstantOnAFloatParameterIsRejected() {
        assertJitConstantRejected("""
                    @drcn.kernels.api.Kernel public static void k(FloatArray a,
                            @JitConstant float scale) { a.set(0, scale); } // ERROR
                """, "scale is float");
        assertJitConstantRejected("""
                    public static void k(FloatArray a,
                            @JitConstant float scale) { a.set(0, scale); } // ERROR
                    static void graph(FloatArray a) { new TaskGraph("g").task("t", K::k, a, 1f); }
                """, "scale is float");
    }

    @Test
    void jitConstantOutsideKernelsIsRejected() {
        assertJitConstantRejected("""
                    static int helper(@JitConstant int n) { return n; } // ERROR
                    @drcn.kernels.api.Kernel public static void k(FloatArray a, int n) { a.set(0, helper(n)); }
                """, "K.helper is not a kernel");
        assertJitConstantRejected("""
                    void instance(@JitConstant int n) { } // ERROR
                """, "instance is not a kernel");
        assertJitConstantRejected("""
                    static void unused(FloatArray a, @JitConstant int n) { } // ERROR
                """, "K.unused is not a kernel");
        assertJitConstantRejected("""
                    java.util.function.IntUnaryOperator f = (@JitConstant int n) -> n; // ERROR
                """, "lambda");
    }

    @Test
    void jitConstantOnIntParametersOfKernelsIsFine() {
        String source = IMPORTS + """
                import drcn.kernels.api.*;
                class K {
                    @Kernel public static void annotated(FloatArray a, @JitConstant int n) { a.set(0, n); }
                    public static void task(FloatArray a, @JitConstant int n) { a.set(0, n); }
                    static void graph(FloatArray a) { new TaskGraph("g").task("t", K::task, a, 4); }
                }
                """;
        var result = KernelCompilation.compile("t.K", source);
        assertTrue(result.success(), () -> result.diagnostics().toString());
        KernelModule module = module(result, "t.K");
        assertTrue(module.function("annotated").kernel());
        assertTrue(module.function("task").kernel());
    }

    private static void assertJitConstantRejected(String members, String fragment) {
        String source = IMPORTS + "import drcn.kernels.api.*;\nclass K {\n" + members + "}\n";
        var result = KernelCompilation.compile("t.K", source);
        assertFalse(result.success(), "compilation should fail:\n" + source);
        var errors = result.errors();
        assertEquals(1, errors.size(), errors::toString);
        String message = errors.getFirst().getMessage(null);
        assertTrue(message.contains("@JitConstant is legal only on int parameters of kernels"), message);
        assertTrue(message.contains(fragment), message);
        assertEquals(lineOf(source, "// ERROR"), errors.getFirst().getLineNumber(), message);
    }

    // ------------------------------------------------------------------ processor discovery

    /** A plain TornadoVM program: no annotation anywhere. */
    private static final String PLAIN = """
            package t;
            import drcn.tornado.api.*;
            import drcn.tornado.api.types.arrays.FloatArray;
            public class Plain {
                public static void scale(FloatArray a, float s) {
                    for (int i = 0; i < a.getSize(); i++) a.set(i, a.get(i) * s);
                }
                public static void main(String[] args) {
                    FloatArray a = new FloatArray(16);
                    new TaskGraph("s").task("t", Plain::scale, a, 2f);
                }
            }
            """;

    @Test
    void programWithoutAnnotationsGetsIrWithTheNamedProcessor() {
        assertPlainIr(KernelCompilation.compile("t.Plain", PLAIN));
    }

    @Test
    void programWithoutAnnotationsGetsIrThroughTheServiceFileOnTheProcessorPath() {
        // Only the compiler's classes on the processor path, no -processor: javac finds it through META-INF/services.
        assertPlainIr(KernelCompilation.compile(List.of("-classpath", System.getProperty("java.class.path"),
                "-processorpath", compilerLocation()), "t.Plain", PLAIN));
    }

    @Test
    void programWithoutAnnotationsGetsIrThroughTheServiceFileOnTheClassPath() {
        assertPlainIr(KernelCompilation.compile(List.of("-classpath", System.getProperty("java.class.path"), "-proc:full"),
                "t.Plain", PLAIN));
    }

    private static String compilerLocation() {
        try {
            return Path.of(KernelProcessor.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void assertPlainIr(KernelCompilation.Result result) {
        assertTrue(result.success(), () -> result.diagnostics().toString());
        Function scale = module(result, "t.Plain").function("scale");
        assertTrue(scale.kernel());
        assertEquals("t.Plain#scale(drcn.tornado.api.types.arrays.FloatArray,float)", scale.id());
    }

    // ------------------------------------------------------------------ methods of classes compiled earlier

    @Test
    void annotatedKernelOfAnEarlierCompilation() {
        Path library = library("""
                package lib;
                import drcn.tornado.api.types.arrays.FloatArray;
                public class Lib {
                    @drcn.kernels.api.Kernel public static void fill(FloatArray a) { a.set(0, 1f); }
                }
                """);
        assertTrue(compileAgainst(library, "lib.Lib::fill").success());
    }

    @Test
    void taskKernelOfAnEarlierCompilationHasItsIr() {
        Path library = library("""
                package lib;
                import drcn.tornado.api.TaskGraph;
                import drcn.tornado.api.types.arrays.FloatArray;
                public class Lib {
                    public static void fill(FloatArray a) { a.set(0, 1f); }
                    public static void helper(FloatArray a) { a.set(0, 2f); }
                    static void graph(FloatArray a) { new TaskGraph("g").task("t", Lib::fill, a); }
                }
                """);
        assertTrue(Files.exists(library.resolve("lib/Lib.kernel-ir")));
        var ok = compileAgainst(library, "lib.Lib::fill");
        assertTrue(ok.success(), () -> ok.diagnostics().toString());
        // helper has no IR at all: neither @Kernel nor a task where it was compiled
        var rejected = compileAgainst(library, "lib.Lib::helper");
        assertFalse(rejected.success());
        assertEquals(1, rejected.errors().size(), rejected.diagnostics()::toString);
        String message = rejected.errors().getFirst().getMessage(null);
        assertTrue(message.contains("Lib.helper cannot be a task"), message);
        assertTrue(message.contains("mark it @Kernel"), message);
        assertEquals(4, rejected.errors().getFirst().getLineNumber());
    }

    @Test
    void plainMethodOfAnEarlierCompilationIsRejected() {
        Path library = library("""
                package lib;
                import drcn.tornado.api.types.arrays.FloatArray;
                public class Lib {
                    public static void fill(FloatArray a) { a.set(0, 1f); }
                }
                """);
        assertFalse(Files.exists(library.resolve("lib/Lib.kernel-ir")));
        var result = compileAgainst(library, "lib.Lib::fill");
        assertFalse(result.success());
        assertEquals(1, result.errors().size(), result.diagnostics()::toString);
        assertTrue(result.errors().getFirst().getMessage(null).contains("compile it together with this task graph"));
    }

    private static Path library(String source) {
        var result = KernelCompilation.compile("lib.Lib", source);
        assertTrue(result.success(), () -> result.diagnostics().toString());
        return result.classes();
    }

    private static KernelCompilation.Result compileAgainst(Path library, String reference) {
        String source = """
                package t;
                import drcn.tornado.api.TaskGraph;
                import drcn.tornado.api.types.arrays.FloatArray;
                class Graph { static void graph(FloatArray a) { new TaskGraph("g").task("t", %s, a); } }
                """.formatted(reference);
        return KernelCompilation.compile(List.of("-classpath", System.getProperty("java.class.path") + File.pathSeparator + library,
                "-processor", "drcn.compiler.KernelProcessor"), "t.Graph", source);
    }

    // ------------------------------------------------------------------ helpers

    static KernelModule module(KernelCompilation.Result result, String className) {
        Path file = result.classes().resolve(KernelModule.resourceName(className));
        assertTrue(Files.exists(file), "no kernel IR for " + className + "; diagnostics: " + result.diagnostics());
        try {
            return KernelModule.fromBytes(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Function find(KernelModule module, String id) {
        var ids = new ArrayList<String>();
        for (Function f : module.functions()) {
            if (f.id().equals(id)) return f;
            ids.add(f.id());
        }
        throw new AssertionError("no " + id + " in " + ids);
    }

    private static int lineOf(String source, String marker) {
        String[] lines = source.split("\n", -1);
        for (int i = 0; i < lines.length; i++) if (lines[i].contains(marker)) return i + 1;
        throw new IllegalArgumentException("no marker " + marker);
    }
}
