package drcn.kernels.compiler;

import org.junit.jupiter.api.Test;

import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * What stays outside TornadoVM's loop-parallel API as we compile it: each a compile error naming the construct at
 * its line (TornadoVM would fall back to Java silently, or compute a wrong answer).
 */
class ParallelRejectedTest {
    private static final String HEADER = """
            package t;
            import drcn.kernels.api.*;
            import drcn.tornado.api.KernelContext;
            import drcn.tornado.api.annotations.*;
            import drcn.tornado.api.types.arrays.*;
            public class K {
            """;

    private static void assertRejected(String members, String fragment) {
        String source = HEADER + members + "\n}\n";
        int expectedLine = lineOf(source);
        KernelCompilation.Result result = KernelCompilation.compile("t.K", source);
        assertFalse(result.success(), "compilation should fail:\n" + source);
        List<Diagnostic<? extends JavaFileObject>> subset = result.errors().stream()
                .filter(d -> d.getMessage(null).startsWith("kernel subset:")).toList();
        assertFalse(subset.isEmpty(), "no kernel subset error; diagnostics: " + result.diagnostics());
        Diagnostic<? extends JavaFileObject> first = subset.getFirst();
        assertTrue(first.getMessage(null).contains(fragment), "message '" + first.getMessage(null) + "' lacks '" + fragment + "'");
        assertEquals(expectedLine, first.getLineNumber(), "line of: " + first.getMessage(null));
    }

    private static int lineOf(String source) {
        String[] lines = source.split("\n", -1);
        for (int i = 0; i < lines.length; i++) if (lines[i].contains("// ERROR")) return i + 1;
        throw new IllegalArgumentException("no marker");
    }

    private static String kernel(String body) {
        return "    @Kernel public static void k(FloatArray a, @Reduce FloatArray r, int n) {\n" + body + "\n    }\n";
    }

    @Test void accepted() {
        String source = HEADER + kernel("""
                        float s = 2f;
                        r.set(0, 0f);
                        for (@Parallel int i = 0; i < a.getSize(); i++) { if (a.get(i) > s) r.set(0, r.get(0) + a.get(i)); }
                """) + "\n}\n";
        var result = KernelCompilation.compile("t.K", source);
        assertTrue(result.success(), result.diagnostics()::toString);
    }

    @Test void breakInAParallelLoop() {
        assertRejected(kernel("        for (@Parallel int i = 0; i < n; i++) { if (a.get(i) > 0) break; // ERROR\n a.set(i, 1f); }"), "break in a @Parallel loop");
    }

    @Test void returnInAParallelLoop() {
        assertRejected(kernel("        for (@Parallel int i = 0; i < n; i++) { if (a.get(i) > 0) return; // ERROR\n a.set(i, 1f); }"), "return in a @Parallel loop");
    }

    @Test void parallelLoopInsideASequentialLoop() {
        assertRejected(kernel("        for (int t = 0; t < 3; t++) {\n for (@Parallel int i = 0; i < n; i++) a.set(i, 1f); // ERROR\n }"),
                "a @Parallel loop inside a sequential loop");
    }

    /** A kernel that takes a KernelContext beside its loops may not run in order (its ids tell the work-items apart). */
    private static String contextKernel(String body) {
        return "    @Kernel public static void k(KernelContext context, FloatArray a, int n) {\n" + body + "\n    }\n";
    }

    @Test void inOrderKernelsCompile() {
        String source = HEADER + kernel("""
                        a.set(0, 5f);
                        for (@Parallel int i = 1; i < n; i++) { a.set(i, 1f); for (@Parallel int j = 0; j < n; j++) a.set(i * n + j, 2f); }
                        for (@Parallel int i = 0; i < n; i++) { if (n > 3) return; a.set(i, 3f); }
                        a.set(1, a.get(2));
                """) + "\n}\n";
        var result = KernelCompilation.compile("t.K", source);
        assertTrue(result.success(), result.diagnostics()::toString);
    }

    @Test void aReturnWhoseConditionTheLoopWrites() {
        assertRejected(kernel("        for (@Parallel int i = 0; i < n; i++) { if (a.get(0) > 0) return; // ERROR\n a.set(i, 1f); }"), "return in a @Parallel loop");
    }

    @Test void aReturnAfterAStoreInTheLoop() {
        assertRejected(kernel("        for (@Parallel int i = 0; i < n; i++) { a.set(i, 1f); if (n > 0) return; // ERROR\n }"), "return in a @Parallel loop");
    }

    @Test void aLocalOfTheKernelWrittenInTheLoopOfAnInOrderKernel() {
        assertRejected(kernel("        float last = 0f;\n        for (@Parallel int i = 0; i < n; i++) { last = a.get(i); // ERROR\n }\n        a.set(0, last);"),
                "writing last, declared before the @Parallel loop");
    }

    @Test void aSharedPrivateArrayPassedToAHelper() {
        assertRejected("    static float first(float[] t) { return t[0]; }\n" + kernel("        float[] t = new float[4];\n"
                + "        for (@Parallel int i = 0; i < 4; i++) t[i] = a.get(i);\n        a.set(0, first(t)); // ERROR"), "passing an array that the @Parallel loop's iterations share");
    }

    @Test void twoLoopNests() {
        assertRejected(contextKernel("        for (@Parallel int i = 0; i < n; i++) a.set(i, 1f);\n        for (@Parallel int i = 0; i < n; i++) a.set(i, 2f); // ERROR"),
                "a second @Parallel loop nest");
    }

    @Test void storeOutsideTheLoop() {
        assertRejected(contextKernel("        a.set(0, 5f); // ERROR\n        for (@Parallel int i = 1; i < n; i++) a.set(i, 1f);"), "a store to an array outside the @Parallel loop");
    }

    @Test void storeBetweenNestedLoops() {
        assertRejected(contextKernel("        for (@Parallel int i = 0; i < n; i++) {\n a.set(i, 0f); // ERROR\n for (@Parallel int j = 0; j < n; j++) a.set(i * n + j, 1f); }"),
                "between nested @Parallel loops");
    }

    @Test void nestedLoopsBesideAReduction() {
        assertRejected(kernel("        for (@Parallel int i = 0; i < n; i++) // ERROR\n for (@Parallel int j = 0; j < n; j++) a.set(i * n + j, 1f);\n"
                + "        for (@Parallel int i = 0; i < n; i++) r.set(0, r.get(0) + a.get(i));"), "nested @Parallel loops in a kernel with a @Reduce loop");
    }

    @Test void loopBesideAReductionInsideAnIf() {
        assertRejected(kernel("        if (n > 2) { for (@Parallel int i = 0; i < n; i++) a.set(i, 1f); } // ERROR\n"
                + "        for (@Parallel int i = 0; i < n; i++) r.set(0, r.get(0) + a.get(i));"), "inside another statement");
    }

    @Test void reductionThroughAHelperOfAnotherOperation() {
        assertRejected("    static float sub(float x, float y) { return x - y; }\n" + kernel("        for (@Parallel int i = 0; i < n; i++)\n"
                + " r.set(0, sub(r.get(0), a.get(i))); // ERROR"), "using the @Reduce array r otherwise than");
    }

    @Test void conditionThatIsNoBound() {
        assertRejected(kernel("        for (@Parallel int i = 0; i != n; i++) a.set(i, 1f); // ERROR"), "the @Parallel loop condition");
    }

    @Test void decreasingStep() {
        assertRejected(kernel("        for (@Parallel int i = 0; i < n; i += -1) a.set(i, 1f); // ERROR"), "a @Parallel loop step of -1");
    }

    @Test void assignmentToTheIndex() {
        assertRejected(kernel("        for (@Parallel int i = 0; i < n; i++) { i = i + 1; // ERROR\n a.set(i, 1f); }"), "assignment to the @Parallel loop index");
    }

    @Test void parallelLoopInAHelper() {
        assertRejected("    static void h(FloatArray a) { for (@Parallel int i = 0; i < 4; i++) a.set(i, 1f); } // ERROR\n"
                + kernel("        h(a);"), "a @Parallel loop in a helper");
    }

    @Test void fourNestedLoops() {
        assertRejected(kernel("        for (@Parallel int i = 0; i < 2; i++) for (@Parallel int j = 0; j < 2; j++) for (@Parallel int k = 0; k < 2; k++)\n"
                + " for (@Parallel int l = 0; l < 2; l++) a.set(((i * 2 + j) * 2 + k) * 2 + l, 1f); // ERROR"), "a fourth nested @Parallel loop");
    }

    @Test void unknownReductionOperation() {
        assertRejected(kernel("        r.set(0, 0f);\n        for (@Parallel int i = 0; i < n; i++) {\n r.set(0, r.get(0) - a.get(i)); // ERROR\n r.set(0, r.get(0) + 1f); }"),
                "using the @Reduce array r otherwise than");
    }

    @Test void readingTheResultInAPrintInsideItsLoop() {
        assertRejected(kernel("        for (@Parallel int i = 0; i < n; i++) {\n r.set(0, r.get(0) + a.get(i));\n"
                + " drcn.tornado.api.exceptions.Debug.printf(\"%f\", r.get(0)); // ERROR\n }"), "using the @Reduce array r otherwise than");
    }

    @Test void theResultsSizeInsideItsLoopIsNoRead() {
        String source = HEADER + kernel("        for (@Parallel int i = 0; i < n; i++) r.set(0, r.get(0) + a.get(i % r.getSize()));") + "\n}\n";
        var result = KernelCompilation.compile("t.K", source);
        assertTrue(result.success(), result.diagnostics()::toString);
    }

    @Test void twoOperationsOnOneResult() {
        assertRejected(kernel("        for (@Parallel int i = 0; i < n; i++) {\n r.set(0, r.get(0) + a.get(i));\n r.set(0, Math.max(r.get(0), a.get(i))); // ERROR\n }"),
                "with both sum and max");
    }

    @Test void reduceOnAScalar() {
        assertRejected("    @Kernel public static void k(FloatArray a, @Reduce int n) { } // ERROR", "@Reduce on n");
    }

    @Test void reduceOverShorts() {
        assertRejected("    @Kernel public static void k(ShortArray a, @Reduce ShortArray r) {\n"
                + " for (@Parallel int i = 0; i < a.getSize(); i++) r.set(0, (short) (r.get(0) + a.get(i))); // ERROR\n }", "otherwise than");
    }
}
