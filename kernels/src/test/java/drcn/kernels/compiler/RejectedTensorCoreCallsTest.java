package drcn.kernels.compiler;

import org.junit.jupiter.api.Test;

import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The misuses of KernelContext's tensor-core and SIMD-group matrix calls that C could not run as the JVM does: a
 * compile error that starts with "kernel subset:", names the construct, on the offending line (marked {@code // ERROR}).
 */
class RejectedTensorCoreCallsTest {
    private static final String HEADER = """
            package t;
            import drcn.kernels.api.*;
            import drcn.tornado.api.KernelContext;
            import drcn.tornado.api.enums.MMAShape;
            import drcn.tornado.api.types.HalfFloat;
            import drcn.tornado.api.types.arrays.*;
            import drcn.tornado.api.types.matrix.Matrix8x8Float;
            import drcn.kernels.api.TensorCores;
            public class K {
                @Kernel public static void k(KernelContext c, FloatArray out, int n) {
                    int[] tile = c.allocateIntLocalArray(128);
                    HalfFloat[] fa = c.mmaLoadA(tile, 16);
                    HalfFloat[] fb = c.mmaLoadB(tile, 16);
                    float[] acc = c.mmaFragment(0f);
            """;

    private static void assertRejected(String body, String fragment) {
        String source = HEADER + body + "\n        c.mmaStore(acc, out, 0, 0, n);\n    }\n}\n";
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

    @Test
    void theTensorCoreCallsCompile() {
        KernelCompilation.Result result = KernelCompilation.compile("t.K", HEADER
                + "        acc = c.mma(fa, fb, acc, MMAShape.M16N8K16);\n        acc[1] = acc[0];\n        c.mmaStore(acc, out, 0, 0, n);\n    }\n}\n");
        assertTrue(result.success(), result.diagnostics().toString());
    }

    @Test
    void anOperandFragmentsElementsAreNotJavaValuesInC() {
        assertRejected("        HalfFloat h = fa[0]; // ERROR", "an element of the tensor-core operand fragment fa");
    }

    @Test
    void theShapeMustBeTheCallsOwn() {
        assertRejected("        acc = c.mma(fa, fb, acc, MMAShape.M16N8K32); // ERROR", "with MMAShape.M16N8K32");
    }

    @Test
    void aConstantKMustBeTheTilesOwn() {
        assertRejected("        HalfFloat[] f2 = c.mmaLoadA(tile, 32); // ERROR", "with K = 32");
    }

    @Test
    void fragmentsComeFromTheContext() {
        assertRejected("        HalfFloat[] f2 = new HalfFloat[8];\n        acc = c.mma(f2, fb, acc, MMAShape.M16N8K16); // ERROR", "the fragment argument f2");
    }

    @Test
    void tilesAreLocalArrays() {
        assertRejected("        int[] p = new int[128];\n        HalfFloat[] f2 = c.mmaLoadA(p, 16); // ERROR", "pass a local array");
    }

    @Test
    void operandFragmentsStayOutOfHelpers() {
        String source = HEADER.replace("public class K {", "public class K {\n    static void h(HalfFloat[] f) { }")
                + "        h(fa); // ERROR\n        c.mmaStore(acc, out, 0, 0, n);\n    }\n}\n";
        KernelCompilation.Result result = KernelCompilation.compile("t.K", source);
        assertFalse(result.success());
        assertTrue(result.errors().stream().anyMatch(d -> d.getMessage(null).contains("passing the tensor-core operand fragment fa to h")), result.diagnostics().toString());
    }

    @Test
    void aSimdgroupTilesValuesArrayIsNotAKernelValue() {
        assertRejected("        Matrix8x8Float x = c.simdgroupMatrixZero();\n        float v = x.values[0]; // ERROR", "x.values");
    }

    @Test
    void tf32TilesAreFloatLocalArrays() {
        assertRejected("        float[] p = new float[128];\n        float[] f2 = TensorCores.loadATf32(c, p, 0, 8); // ERROR", "pass a float local array");
    }

    @Test
    void anMmaResultIsAssigned() {
        assertRejected("        c.mma(fa, fb, acc, MMAShape.M16N8K16); // ERROR", "as a statement");
    }

    @Test
    void aSimdgroupProductCannotOverwriteItsOperand() {
        assertRejected("        Matrix8x8Float x = c.simdgroupMatrixZero();\n        Matrix8x8Float y = c.simdgroupMatrixZero();\n"
                + "        x = c.simdgroupMatrixMultiplyAccumulate(x, y, y); // ERROR", "into its own a or b");
    }
}
