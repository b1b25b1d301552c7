package drcn.kernels.compiler;

import org.junit.jupiter.api.Test;

import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The limits of private arrays in kernels ({@code int[] t = {1, 2}}, {@code b = a}): a compile error that starts with
 * "kernel subset:", names the construct, on the offending line (marked {@code // ERROR}); and what is accepted.
 */
class RejectedPrivateArraysTest {
    private static final String HEADER = """
            package t;
            import drcn.kernels.api.*;
            import drcn.tornado.api.KernelContext;
            import drcn.tornado.api.types.arrays.*;
            public class K {
            """;

    private static String source(String body) {
        return HEADER + "    @Kernel public static void k(KernelContext c, FloatArray a, int n) {\n" + body + "\n    }\n}\n";
    }

    private static void assertRejected(String body, String fragment) {
        String source = source(body);
        int expectedLine = -1;
        String[] lines = source.split("\n", -1);
        for (int i = 0; i < lines.length; i++) if (lines[i].contains("// ERROR")) expectedLine = i + 1;
        KernelCompilation.Result result = KernelCompilation.compile("t.K", source);
        assertFalse(result.success(), "compilation should fail:\n" + source);
        List<Diagnostic<? extends JavaFileObject>> subset = result.errors().stream()
                .filter(d -> d.getMessage(null).startsWith("kernel subset:")).toList();
        assertFalse(subset.isEmpty(), "no kernel subset error; diagnostics: " + result.diagnostics());
        var first = subset.getFirst();
        assertTrue(first.getMessage(null).contains(fragment), "message '" + first.getMessage(null) + "' lacks '" + fragment + "'");
        assertEquals(expectedLine, first.getLineNumber(), "line of: " + first.getMessage(null));
    }

    @Test void assigningAnArrayOfAnotherSize() {
        assertRejected("""
                        float[] p = new float[4];
                        float[] q = new float[8];
                        q = p; // ERROR""", "assigning p to the array variable q");
    }

    @Test void assigningALocalArrayToAPrivateOne() {
        assertRejected("""
                        float[] l = c.allocateFloatLocalArray(4);
                        float[] q = new float[4];
                        q = l; // ERROR""", "assigning l to the array variable q");
    }

    @Test void assigningToALocalArray() {
        assertRejected("""
                        float[] l = c.allocateFloatLocalArray(4);
                        float[] q = new float[4];
                        l = q; // ERROR""", "assignment to the array variable l");
    }

    @Test void arrayInitializerOfArrays() {
        assertRejected("        int[][] t = {{1}, {2}}; // ERROR", "an array of int[]");
    }

    @Test void initializersAndAliasesOfOneSizeCompile() {
        String source = source("""
                        int[] t = {1, n, 3};
                        int[] u = new int[] {n, 2, 1};
                        if (n > 0) u = t;
                        u[0] += t.length;
                        a.set(c.globalIdx, u[0] + t[1]);""");
        KernelCompilation.Result result = KernelCompilation.compile("t.K", source);
        assertTrue(result.success(), result.diagnostics().toString());
    }
}
