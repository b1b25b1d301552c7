package drcn.kernels.compiler;

import org.junit.jupiter.api.Test;

import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * What stays outside the kernel subset of TornadoVM's vectors, collections, matrices and TornadoMath: a compile
 * error that starts with "kernel subset:", names the construct, on the offending line (marked {@code // ERROR}).
 */
class RejectedTornadoTypesTest {
    private static final String HEADER = """
            package t;
            import drcn.kernels.api.*;
            import drcn.tornado.api.KernelContext;
            import drcn.tornado.api.math.TornadoMath;
            import drcn.tornado.api.types.arrays.*;
            import drcn.tornado.api.types.collections.*;
            import drcn.tornado.api.types.matrix.*;
            import drcn.tornado.api.types.vectors.*;
            import drcn.tornado.api.types.images.*;
            import drcn.tornado.api.types.utils.*;
            import drcn.tornado.api.types.volumes.*;
            import drcn.tornado.api.utils.QuantizationUtils;
            public class K {
            """;

    private static void assertRejected(String body, String fragment) {
        assertRejected("", body, fragment);
    }

    /** With {@code members} (helpers) declared before the kernel. */
    private static void assertRejected(String members, String body, String fragment) {
        assertRejectedSource(HEADER + members + "    @Kernel public static void k(KernelContext c, VectorFloat4 v, Matrix2DFloat m, FloatArray a, int n) {\n"
                + body + "\n    }\n}\n", fragment);
    }

    /** A whole class after {@link #HEADER}'s imports, its offending line marked {@code // ERROR}. */
    private static void assertRejectedSource(String source, String fragment) {
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

    /**
     * A vector parameter whose lanes the method sets is passed by reference; assigning the parameter too would make
     * Java set another object's lanes than the caller's.
     */
    @Test void assigningAVectorParameterWhoseLanesAreSet() {
        assertRejected("    static void h(Float4 p) {\n        p = new Float4(1, 2, 3, 4); // ERROR\n        p.setX(5);\n    }\n",
                "        Float4 t = new Float4();\n        h(t);\n        a.set(0, t.getX());", "assigning the vector parameter p");
    }

    private static final String SETS_LANES = "    static void fill(Float4 p, float x) {\n        p.setY(x);\n    }\n";

    /** C passes the caller's vector to a helper that sets its lanes by pointer: a variable. */
    @Test void anExpressionPassedToAHelperThatSetsItsLanes() {
        assertRejected(SETS_LANES, "        fill(new Float4(), 1f); // ERROR", "passing new Float4() to K.fill, which sets the lanes of its vector parameter p");
    }

    /** The kernel stores its by-reference vector's lanes after the statement that sets them: not inside a condition. */
    @Test void aKernelsVectorPassedToAHelperThatSetsItsLanesInACondition() {
        assertRejectedSource(HEADER + SETS_LANES + "    static boolean grow(Float4 p) {\n        fill(p, 2f);\n        return true;\n    }\n"
                + "    @Kernel public static void k(Float4 v, FloatArray a) {\n        while (grow(v)) { // ERROR\n            a.set(0, v.getY());\n        }\n    }\n}\n",
                "passing the kernel's vector parameter v to K.grow, which sets its lanes, in a condition");
    }

    @Test void laneIndexThatIsNotAConstant() {
        assertRejected("        a.set(0, v.get(0).get(n)); // ERROR", "lane index that is not a constant");
    }

    /** C needs a private array's size at compile time: the JIT binds parameters and lengths, never a local. */
    @Test void collectionSizedByALocal() {
        assertRejected("        int k = n + 1;\n        VectorFloat2 p = new VectorFloat2(k); // ERROR", "the collection size k");
    }

    @Test void collectionSizedByAnAssignedParameter() {
        assertRejected("        n = n * 2;\n        VectorFloat2 p = new VectorFloat2(n); // ERROR", "the collection size n");
    }

    @Test void half2ArrayOtherThanALocalTile() {
        assertRejected("        Half2[] h = new Half2[4]; // ERROR", "this Half2 array");
    }

    @Test void halfVectorOperationOutsideTheSubset() {
        assertRejected("        Half4 x = new Half4();\n        Half4 y = Half4.add(x, x);\n        boolean same = x.equals(y); // ERROR", "the call Half4.equals()");
    }

    @Test void comparingVectorValues() {
        assertRejected("        boolean same = v.get(0) == v.get(1); // ERROR", "comparing vector values");
    }

    /** TornadoMath.sin(Float4) computes lane by lane, so an operand that calls a helper would run once per lane. */
    @Test void tornadoMathOnAVectorAHelperReturns() {
        assertRejected("    static Float4 twice(Float4 x) { return Float4.add(x, x); }\n",
                "        Float4 s = TornadoMath.sin(twice(v.get(0))); // ERROR", "a vector a helper returns");
    }

    @Test void vectorOperationOutsideTheSubset() {
        assertRejected("        boolean same = Float4.isEqual(v.get(0), v.get(1)); // ERROR", "Float4.isEqual");
    }

    @Test void matrixMethodOutsideTheSubset() {
        assertRejected("        Matrix2DFloat.transpose(m); // ERROR", "Matrix2DFloat.transpose");
    }

    @Test void imageMethodOutsideTheSubset() {
        assertRejected("    @Kernel public static void i(ImageFloat image) {\n        image.fill(1f); // ERROR\n    }\n", "", "ImageFloat.fill");
    }

    /** dp4a reads its offsets once per byte, so an offset a helper computes would run four times. */
    @Test void quantizationOffsetWithACall() {
        assertRejected("    static int offset(int x) { return x * 4; }\n    @Kernel public static void q(Int8Array x, IntArray out, int n) {\n"
                + "        out.set(0, QuantizationUtils.dp4a(x, offset(n), x, 0, 0)); // ERROR\n    }\n", "", "read once per byte");
    }

    /** An array operand chosen by a conditional: refused as such (ba2ce2e), before atomicAdd looks at it. */
    @Test void atomicAddOnAnExpression() {
        assertRejected("        c.atomicAdd(n > 0 ? a : a, 0, 1f); // ERROR", "a conditional expression choosing between arrays");
    }

    /** Only a vector local's initializer may be null (all lanes zero until assigned); a later null would be a read of nothing. */
    @Test void nullAssignedToAVector() {
        assertRejected("        Float4 q = null;\n        q = null; // ERROR", "null");
    }

    /** Of tornado-api's utils, only the methods marked as kernel helpers (FloatOps.sq, compare, VolumeOps.grad, ...) run in kernels. */
    @Test void utilsMethodOutsideTheSubset() {
        assertRejected("        boolean near = FloatOps.compareULP(a.get(0), 1f, 2f); // ERROR", "the call FloatOps.compareULP()");
    }

    @Test void volumeMethodOutsideTheSubset() {
        assertRejected("    @Kernel public static void w(VolumeShort2 volume) {\n        VolumeShort2 copy = volume.duplicate(); // ERROR\n    }\n", "", "VolumeShort2.duplicate");
    }
}
