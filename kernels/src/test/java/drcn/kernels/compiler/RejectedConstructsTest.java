package drcn.kernels.compiler;

import org.junit.jupiter.api.Test;

import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import java.nio.file.Files;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * One test per construct outside the kernel subset: the build must fail with an ERROR that starts
 * with "kernel subset:", names the construct, and sits on the offending line (marked {@code // ERROR}).
 */
class RejectedConstructsTest {

    private static final String HEADER = """
            package t;
            import drcn.kernels.api.*;
            import drcn.tornado.api.KernelContext;
            import drcn.tornado.api.types.arrays.*;
            public class K {
                static int counter;
                static final double D = 1.0;
                int instanceField;
                int instanceHelper(int x) { return x; }
            """;

    /** Compiles HEADER + members + "}" and checks the first kernel-subset error. */
    private static void assertRejected(String members, String fragment) {
        String source = HEADER + members + "\n}\n";
        int expectedLine = lineOf(source, "// ERROR");
        KernelCompilation.Result result = KernelCompilation.compile("t.K", source);
        assertFalse(result.success(), "compilation should fail:\n" + source);
        List<Diagnostic<? extends JavaFileObject>> subset = result.errors().stream()
                .filter(d -> d.getMessage(null).startsWith("kernel subset:")).toList();
        assertFalse(subset.isEmpty(), "no kernel subset error; diagnostics: " + result.diagnostics());
        Diagnostic<? extends JavaFileObject> first = subset.getFirst();
        assertEquals(Diagnostic.Kind.ERROR, first.getKind());
        assertTrue(first.getMessage(null).contains(fragment), "message '" + first.getMessage(null) + "' lacks '" + fragment + "'");
        assertEquals(expectedLine, first.getLineNumber(), "line of: " + first.getMessage(null));
        assertTrue(first.getColumnNumber() > 0);
    }

    private static int lineOf(String source, String marker) {
        String[] lines = source.split("\n", -1);
        for (int i = 0; i < lines.length; i++) if (lines[i].contains(marker)) return i + 1;
        throw new IllegalArgumentException("no marker");
    }

    private static String kernel(String body) {
        return "    @Kernel public static void k(KernelContext c, FloatArray a, int n) {\n" + body + "\n    }\n";
    }

    @Test void vectorKernelParameter() {
        assertRejected("    @Kernel public static void k(KernelContext c, Vector16 v) { } // ERROR", "Vector16 @Kernel parameter");
    }

    @Test void vectorReferenceComparison() {
        assertRejected(kernel("        Vector16 x = Vector16.zero(), y = Vector16.zero();\n        boolean same = x == y; // ERROR"), "comparing Vector16 values");
    }

    @Test void vectorLaneReadInKernel() {
        assertRejected(kernel("        a.set(0, Vector16.zero().lane(0)); // ERROR"), "Vector16.store");
    }

    @Test void vectorArray() {
        assertRejected(kernel("        Vector16[] vs = new Vector16[2]; // ERROR"), "an array of");
    }

    @Test void vectorLoadOfAnExpression() {
        // the choice between arrays is what is refused first
        assertRejected(kernel("        Vector16 x = Vector16.load(n > 0 ? a : a, 0); // ERROR"), "a conditional expression choosing between arrays");
    }

    @Test void objectAllocation() {
        assertRejected(kernel("        Object o = new Object(); // ERROR"), "object allocation");
    }

    @Test void rowOfA2DArrayAsAValue() {
        assertRejected("    @Kernel public static void k(float[][] g, FloatArray a) {\n        a.set(0, g[1][0] + g[0].length);\n        a.set(1, g[1] == null ? 1f : 0f); // ERROR\n    }\n",
                "a row of the 2D array g as a value");
    }

    @Test void twoDArrayOfCharsOrInAHelper() {
        assertRejected("    @Kernel public static void k(char[][] g) { } // ERROR", "array parameter char[][] is not allowed in a kernel");
        assertRejected("    static float h(float[][] g) { return g[0][0]; }\n    @Kernel public static void k(float[][] g, FloatArray a) { a.set(0, h(g)); } // ERROR",
                "passing g to the array parameter of h");
    }

    @Test void arraySizedByTheWorkGroupSizeInAHelperOrReassigned() {
        assertRejected("""
                    static float h(KernelContext c, float v) {
                        float[] t = c.allocateFloatLocalArray(c.localGroupSizeX); // ERROR
                        t[c.localIdx] = v;
                        return t[0];
                    }
                """ + kernel("        a.set(0, h(c, 1f));"), "array size c.localGroupSizeX must be");
        assertRejected(kernel("        int size = c.localGroupSizeX;\n        size++;\n        float[] t = c.allocateFloatLocalArray(size); // ERROR"), "array size size must be");
    }

    @Test void nonConstantArrayAllocation() {
        assertRejected(kernel("        float[] t = new float[a.getSize()]; // ERROR"), "compile-time constant");
    }

    @Test void parameterSizedArrayReassigned() {
        assertRejected(kernel("        float[] u = new float[n];\n        float[] t = new float[n]; // ERROR\n        t = u;"), "sized by a parameter");
    }

    @Test void localArraySizedByAnAssignedParameter() {
        assertRejected(kernel("        n = n * 2;\n        float[] t = c.allocateFloatLocalArray(n); // ERROR"), "compile-time constant");
    }

    @Test void localArraySizedByALocalVariable() {
        assertRejected(kernel("        int m = (int) a.get(0);\n        float[] t = c.allocateFloatLocalArray(m); // ERROR"), "compile-time constant");
    }

    @Test void arrayAllocationInExpression() {
        assertRejected(kernel("        float x = new float[] {1f, 2f}[1]; // ERROR"), "the array access new float[]");
    }

    @Test void instanceMethodCall() {
        assertRejected(kernel("        a.set(0, a.hashCode()); // ERROR"), "virtual/instance method call");
    }

    @Test void throwStatement() {
        assertRejected(kernel("        if (n < 0) throw new IllegalStateException(); // ERROR"), "exception (throw)");
    }

    @Test void tryStatement() {
        assertRejected(kernel("        try { a.set(0, 1f); } finally { } // ERROR"), "exception handling (try)");
    }

    @Test void stringLiteral() {
        assertRejected(kernel("        boolean b = \"a\" == \"b\"; // ERROR"), "string literal");
    }

    @Test void directRecursion() {
        assertRejected("""
                    static int f(int x) { return x <= 0 ? 0 : f(x - 1); } // ERROR
                """ + kernel("        a.set(0, f(n));"), "recursion");
    }

    @Test void mutualRecursion() {
        assertRejected("""
                    static int f(int x) { return x <= 0 ? 0 : g(x - 1); }
                    static int g(int x) { return f(x); } // ERROR
                """ + kernel("        a.set(0, f(n));"), "recursion");
    }

    @Test void staticFieldRead() {
        assertRejected(kernel("        a.set(0, counter); // ERROR"), "field access");
    }

    /** A private static field reads as a constant only while nothing in its class assigns it. */
    @Test void assignedPrivateStaticFieldRead() {
        assertRejected("""
                    private static float scale = 2f;
                    static void setScale(float s) { scale = s; }
                """ + kernel("        a.set(0, scale); // ERROR"), "field access");
    }

    @Test void staticFieldWrite() {
        assertRejected(kernel("        counter = 1; // ERROR"), "field access");
    }

    /** Java's other primitives are in the subset (issue 12); boxed values stay outside. */
    @Test void numericTypesCompile() {
        String source = HEADER + kernel("""
                        float f = (float) (D * 2f) + (float) (a.get(0) * 0.5);
                        long x = 1L << 40; double d = n; char ch = 'a'; short s = 1; byte b = (byte) 200;
                        a.set(0, f + x + (float) d + ch + s + b + (float) Math.exp(f) + (float) Math.sin(d));
                """) + "\n}\n";
        KernelCompilation.Result result = KernelCompilation.compile("t.K", source);
        assertTrue(result.success(), result.diagnostics()::toString);
    }

    @Test void boxedValue() {
        assertRejected(kernel("        Long x = 1L; // ERROR"), "java.lang.Long");
    }

    @Test void varDeclaration() {
        assertRejected(kernel("        var x = 1; // ERROR"), "var");
    }

    @Test void lambda() {
        assertRejected(kernel("        Runnable r = () -> {}; // ERROR"), "lambda");
    }

    @Test void switchCaseFallingThrough() {
        assertRejected(kernel("        switch (n) {\n            case 1: a.set(0, 1f); // ERROR\n            case 2: a.set(0, 2f); break;\n        }"),
                "a case that falls through");
    }

    @Test void breakBeforeTheEndOfACase() {
        assertRejected(kernel("        switch (n) {\n            case 1: if (n > 0) break; // ERROR\n                a.set(0, 2f); break;\n        }"),
                "a break before the end of a case");
    }

    @Test void labeledBreak() {
        assertRejected(kernel("        outer: // ERROR\n        for (int i = 0; i < n; i++) { for (int j = 0; j < n; j++) { if (j > i) break outer; } }"), "labeled");
    }

    @Test void labeledContinue() {
        assertRejected(kernel("        for (int i = 0; i < n; i++) { if (i > 2) continue; }\n"
                + "        loop: for (int i = 0; i < n; i++) { continue loop; } // ERROR"), "labeled");
    }

    @Test void conditionalChoosingAnArray() {
        assertRejected("    static void h(FloatArray x) { x.set(0, 1f); }\n"
                + kernel("        h(n > 0 ? a : a); // ERROR"), "a conditional expression choosing between arrays");
    }

    @Test void synchronizedBlock() {
        assertRejected(kernel("        synchronized (K.class) { a.set(0, 1f); } // ERROR"), "synchronized");
    }

    @Test void assignmentAsExpression() {
        assertRejected(kernel("        int x; int y = (x = 3) + 1; // ERROR"), "assignment used as an expression");
    }

    @Test void incrementAsExpression() {
        assertRejected(kernel("        int x = 0; a.set(x++, 1f); // ERROR"), "increment");
    }

    @Test void nonStaticKernel() {
        assertRejected("    @Kernel public void k(FloatArray a) { a.set(0, 1f); } // ERROR\n", "non-static @Kernel");
    }

    @Test void nonVoidKernel() {
        assertRejected("    @Kernel public static int k(FloatArray a) { return 1; } // ERROR\n", "must return void");
    }

    @Test void twoContexts() {
        assertRejected("    @Kernel public static void k(KernelContext a, FloatArray x,\n        KernelContext c) { x.set(0, 1f); } // ERROR\n", "a second KernelContext parameter");
    }

    @Test void unsupportedMath() {
        assertRejected(kernel("        a.set(0, (float) Math.round(a.get(0))); // ERROR"), "Math.round");
    }

    @Test void enhancedFor() {
        assertRejected(kernel("        float[] t = new float[4];\n        float[] u = new float[4];\n        u = t;\n        for (float v : u) { a.set(0, v); } // ERROR"),
                "enhanced for loop over u");
    }

    @Test void arrayParameter() {
        assertRejected("    @Kernel public static void k(boolean[] a) { a[0] = true; } // ERROR\n", "array parameter");
    }

    @Test void arrayOfBooleanBoxesOrOfObjects() {
        assertRejected("    @Kernel public static void k(Boolean[] a) { } // ERROR\n", "array parameter java.lang.Boolean[] is not allowed in a kernel");
        assertRejected("    @Kernel public static void k(Object[] a) { } // ERROR\n", "of their boxes (Float[], ...) or of vector values (Float2[], Int4[], ...) only");
    }

    @Test void arrayOfBoxesOrVectorsInAHelper() {
        assertRejected("    static float h(Float[] g) { return g[0]; }\n    @Kernel public static void k(Float[] g, FloatArray a) { a.set(0, h(g)); } // ERROR\n",
                "passing g to the array parameter of h");
        assertRejected("    static float h(drcn.tornado.api.types.vectors.Float2[] g) { return g[0].getX(); }\n"
                + "    @Kernel public static void k(drcn.tornado.api.types.vectors.Float2[] g, FloatArray a) { a.set(0, h(g)); } // ERROR\n",
                "passing g to the array parameter of h");
    }

    @Test void localArrayPassedToAHelpersArrayParameter() {
        assertRejected("""
                    static void h(float[] t) { t[0] = 1f; }
                """ + kernel("        float[] t = c.allocateFloatLocalArray(8);\n        h(t); // ERROR"), "unless the parameter is marked @Local");
    }

    @Test void privateArrayPassedToALocalArrayParameter() {
        assertRejected("""
                    static void h(@drcn.kernels.api.Local float[] t) { t[0] = 1f; }
                """ + kernel("        float[] t = new float[8];\n        h(t); // ERROR"), "takes a local (work-group) array variable");
    }

    @Test void localOnAKernelParameter() {
        assertRejected("    @Kernel public static void k(@drcn.kernels.api.Local float[] t) { t[0] = 1f; } // ERROR\n", "@Local on t is not allowed");
    }

    @Test void localOnAHelpersNumberParameter() {
        assertRejected("""
                    static void h(@drcn.kernels.api.Local int m) { } // ERROR
                """ + kernel("        h(n);"), "@Local on m is not allowed");
    }

    @Test void helperOnInstance() {
        assertRejected(kernel("        a.set(0, new K().instanceHelper(1)); // ERROR"), "virtual/instance method call");
    }

    @Test void privateArraySizedByAHelperParameter() {
        assertRejected("""
                    static float h(int m) { float[] t = new float[m]; return t[0]; } // ERROR
                """ + kernel("        a.set(0, h(n));"), "compile-time constant");
    }

    @Test void problemsInUnusedMethodsAreIgnored() {
        String source = HEADER + """
                    static String notAKernelHelper(long x) { return "x" + x; }
                """ + kernel("        a.set(0, 1f);") + "}\n";
        KernelCompilation.Result result = KernelCompilation.compile("t.K", source);
        assertTrue(result.success(), () -> result.diagnostics().toString());
        assertTrue(Files.exists(result.classes().resolve("t/K.kernel-ir")));
    }
}
