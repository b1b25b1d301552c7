package drcn.compiler.emit;

import drcn.compiler.ir.Function;
import drcn.compiler.ir.HelperLocalArrays;
import drcn.compiler.ir.Stmt;
import drcn.compiler.ir.Type;
import drcn.compiler.ir.VectorOp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static drcn.compiler.emit.Ir.*;
import static drcn.compiler.ir.BinaryOp.*;
import static drcn.compiler.ir.ContextValue.*;
import static drcn.compiler.ir.Type.*;
import static org.junit.jupiter.api.Assertions.*;

/** The emitter's rules one at a time: literals, Java semantics, the parameter contract, and what it rejects. */
class CEmitterTest {

    /** A kernel {@code k(FloatArray out, int n)} whose body is {@code statements}. */
    private static Function kernelWith(Stmt... statements) {
        return kernel("t.T", "k", 1, List.of(p("ctx", CONTEXT), p("out", FLOAT_GLOBAL_ARRAY), p("n", INT)), statements);
    }

    private static String emitBody(Dialect dialect, Stmt... statements) {
        return CEmitter.emit(kernelWith(statements), List.of(), Map.of(), dialect);
    }

    @Test
    void floatLiteralsRoundTripExactly() {
        var writer = new ExpressionWriter(DialectTable.OPENCL, Map.of(), Map.of());
        var random = new SplittableRandom(42);
        for (int n = 0; n < 100_000; n++) {
            float v = Float.intBitsToFloat(random.nextInt());
            if (Float.isNaN(v) || Float.isInfinite(v)) continue;
            String literal = writer.floatLiteral(v);
            assertTrue(literal.endsWith("f"), literal);
            assertEquals(Float.floatToRawIntBits(v), Float.floatToRawIntBits(Float.parseFloat(literal)), literal);
        }
        assertEquals("0.1f", writer.floatLiteral(0.1f));
        assertEquals("-0.0f", writer.floatLiteral(-0.0f));
        assertEquals("1.4E-45f", writer.floatLiteral(Float.MIN_VALUE));
        assertEquals("3.4028235E38f", writer.floatLiteral(Float.MAX_VALUE));
    }

    @Test
    void specialFloatsAndIntMinValue() {
        String cl = emitBody(Dialect.OPENCL, set(2, load(gf("out"), i(0)), bin(ADD, f(Float.NaN), f(Float.NEGATIVE_INFINITY))),
                decl(3, "m", INT, i(Integer.MIN_VALUE)), decl(4, "z", INT, bin(MUL, i(Integer.MIN_VALUE), i(-3))));
        assertTrue(cl.contains("out[0] = NAN + -INFINITY;"), cl);
        assertTrue(cl.contains("int m = -2147483647 - 1;"), cl);
        assertTrue(cl.contains("int z = (-2147483647 - 1) * -3;"), cl);
        String cu = emitBody(Dialect.CUDA, set(2, load(gf("out"), i(0)), f(Float.POSITIVE_INFINITY)));
        assertTrue(cu.contains("out[0] = __int_as_float(0x7f800000);"), cu);
    }

    @Test
    void vectorsAreFloat16InOpenClAndAStructInCuda() {
        Stmt[] body = {
                decl(2, "x", VECTOR16, vec(VectorOp.LOAD, gf("out"), bin(MUL, vi("n"), i(16)))),
                decl(3, "acc", VECTOR16, vec(VectorOp.ZERO)),
                set(4, var("acc", VECTOR16), vec(VectorOp.FMA, vec(VectorOp.BROADCAST, i(2)), var("x", VECTOR16), var("acc", VECTOR16))),
                eval(5, vec(VectorOp.STORE, gf("out"), i(0), vec(VectorOp.MAX, var("acc", VECTOR16), vec(VectorOp.ADD, var("x", VECTOR16), var("x", VECTOR16)))))};
        String cl = emitBody(Dialect.OPENCL, body);
        assertTrue(cl.contains("float16 x = vload16(0, out + (n * 16));"), cl);
        assertTrue(cl.contains("float16 acc = (float16)(0.0f);"), cl);
        assertTrue(cl.contains("acc = fma((float16)(2.0f), x, acc);"), cl);
        assertTrue(cl.contains("vstore16(fmax(acc, (x + x)), 0, out + 0);"), cl);
        String cu = emitBody(Dialect.CUDA, body);
        assertTrue(cu.contains("struct drcn_vector16 { float lane[16]; };"), cu);
        assertTrue(cu.contains("drcn_vector16 x = drcn_load16(out + (n * 16));"), cu);
        assertTrue(cu.contains("drcn_store16(out + 0, drcn_max16(acc, drcn_add16(x, x)));"), cu);
        // a program without vectors carries no vector definitions
        assertFalse(emitBody(Dialect.CUDA, set(2, load(gf("out"), i(0)), f(1f))).contains("drcn_vector16"));
    }

    @Test
    void privateArraysAreZeroedUnlessScratch() {
        String cl = emitBody(Dialect.OPENCL, privateArray(2, "kept", FLOAT_PRIVATE_ARRAY, 8), scratchArray(3, "scratch", FLOAT_PRIVATE_ARRAY, 8));
        assertTrue(cl.contains("float kept[8] = {0};"), cl);
        assertTrue(cl.contains("float scratch[8];"), cl);
    }

    @Test
    void shiftsFollowJava() {
        String cl = emitBody(Dialect.OPENCL,
                decl(2, "a", INT, bin(USHR, vi("n"), i(3))),
                decl(3, "b", INT, bin(SHL, vi("n"), vi("a"))),
                decl(4, "c", INT, bin(SHR, vi("n"), i(33))),
                op(5, vi("c"), SHR, i(2)),
                op(6, vi("c"), SHL, i(2)));
        assertTrue(cl.contains("int a = (int)((unsigned int)n >> 3);"), cl);
        assertTrue(cl.contains("int b = (int)((unsigned int)n << (a & 31));"), cl);
        assertTrue(cl.contains("int c = n >> (33 & 31);"), cl);
        assertTrue(cl.contains("c >>= 2;"), cl);
        assertTrue(cl.contains("c = (int)((unsigned int)c << 2);"), cl);
    }

    @Test
    void castsRemainderAndNarrowingCompoundAssignment() {
        String cl = emitBody(Dialect.OPENCL,
                decl(2, "x", FLOAT, cast(FLOAT, vi("n"))),
                decl(3, "q", INT, cast(INT, vf("x"))),
                op(4, vi("q"), ADD, vf("x")),
                op(5, vf("x"), REM, f(2f)),
                decl(6, "r", INT, bin(REM, vi("q"), i(3))));
        assertTrue(cl.contains("float x = (float)n;"), cl);
        assertTrue(cl.contains("int q = convert_int_sat_rtz(x);"), cl);
        assertTrue(cl.contains("q = convert_int_sat_rtz(q + x);"), cl);
        assertTrue(cl.contains("x = fmod(x, 2.0f);"), cl);
        assertTrue(cl.contains("int r = q % 3;"), cl);
        String cu = emitBody(Dialect.CUDA, decl(3, "q", INT, cast(INT, f(1.5f))), op(5, load(gf("out"), i(0)), REM, f(2f)));
        assertTrue(cu.contains("int q = __float2int_rz(1.5f);"), cu);
        assertTrue(cu.contains("out[0] = fmodf(out[0], 2.0f);"), cu);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void intArgumentsOfFloatBuiltinsAreConverted(Dialect dialect) {
        String c = emitBody(dialect, set(2, load(gf("out"), i(0)),
                math(drcn.compiler.ir.IntrinsicOp.MAX, FLOAT, i(0), bin(ADD, vi("n"), i(1)))));
        String fmax = dialect == Dialect.CUDA ? "fmaxf" : "fmax";
        assertTrue(c.contains("out[0] = " + fmax + "(0.0f, (float)(n + 1));"), c);
    }

    @Test
    void intAbsIsCastBackToIntInOpenCl() {
        String cl = emitBody(Dialect.OPENCL, decl(2, "a", INT, math(drcn.compiler.ir.IntrinsicOp.ABS, INT, vi("n"))));
        assertTrue(cl.contains("int a = (int)abs((long)(n));"), cl);
    }

    @Test
    void specializedIntsBecomeDefinesAndLeaveTheSignature() {
        var program = TestKernels.conv1dSpecialized();
        String cl = program.emit(Dialect.OPENCL);
        assertTrue(cl.contains("#define K 3\n"), cl);
        assertTrue(cl.endsWith("}\n#undef K\n"), cl);
        assertFalse(cl.contains("int K"), cl);
        assertEquals(List.of("in", "in_size", "weights", "weights_size", "out", "out_size", "n"),
                CEmitter.cParameterNames(program.kernel(), program.constants()));
        String negative = CEmitter.emit(program.kernel(), List.of(), Map.of("K", -2), Dialect.CUDA);
        assertTrue(negative.contains("#define K (-2)\n"), negative);
    }

    /**
     * A vector parameter whose lanes a helper sets (VectorReferences): the kernel's is a buffer of its lanes, read into a
     * private copy and stored after the call; the helper's a pointer; a vector only read stays lanes by value.
     */
    @Test
    void vectorParametersSetByAHelperArePassedByReference() {
        var v = var("v", FLOAT2);
        Function setY = helper("t.T", "setY", VOID, 2, List.of(p("v", FLOAT2), p("y", FLOAT)),
                set(3, new drcn.compiler.ir.Expr.Lane(v, 1, FLOAT), vf("y")));
        Function k = kernel("t.T", "k", 5, List.of(p("v", FLOAT2), p("r", HALF2), p("out", FLOAT_GLOBAL_ARRAY)),
                eval(6, call(setY, v, new drcn.compiler.ir.Expr.Lane(var("r", HALF2), 0, HALF))),
                set(7, load(gf("out"), i(0)), new drcn.compiler.ir.Expr.Lane(v, 1, FLOAT)));
        assertEquals(List.of("v_lanes", "v_lanes_size", "r_s0", "r_s1", "out", "out_size"), CEmitter.cParameterNames(k, List.of(setY), Map.of()));
        String cl = CEmitter.emit(k, List.of(setY), Map.of(), Dialect.OPENCL);
        assertTrue(cl.contains("void setY(float2* v, float y) {"), cl);
        assertTrue(cl.contains("(*v).s1 = y;"), cl);
        assertTrue(cl.contains("__kernel void k(__global float* v_lanes, int v_lanes_size, float r_s0, float r_s1, __global float* out, int out_size) {"), cl);
        assertTrue(cl.contains("float2 v = (float2)(v_lanes[0], v_lanes[1]);"), cl);
        assertTrue(cl.contains("setY(&v, r.s0);\n") || cl.contains("setY(&v, r.s0); //"), cl);
        int call = cl.indexOf("setY(&v"), store = cl.indexOf("v_lanes[1] = v.s1;");
        assertTrue(call > 0 && store > call && cl.indexOf("v_lanes[0] = v.s0;") > call, cl);
        String cu = CEmitter.emit(k, List.of(setY), Map.of(), Dialect.CUDA);
        assertTrue(cu.contains("float* v_lanes, int v_lanes_size"), cu);
    }

    @Test
    void parameterLayoutDropsContextAndAddsSizes() {
        var saxpy = TestKernels.saxpy();
        assertEquals(List.of("x", "x_size", "y", "y_size", "a", "n"), CEmitter.cParameterNames(saxpy.kernel(), Map.of()));
        assertTrue(saxpy.emit(Dialect.OPENCL).contains(
                "__kernel void saxpy(__global float* x, int x_size, __global float* y, int y_size, float a, int n) {"));
        assertTrue(saxpy.emit(Dialect.CUDA).contains(
                "extern \"C\" __global__ void saxpy(float* x, int x_size, float* y, int y_size, float a, int n) {"));
    }

    @Test
    void helpersWrittenBeforeTheirCallersGetPrototypes() {
        var smooth = TestKernels.smooth();
        String inOrder = smooth.emit(Dialect.CUDA);
        assertFalse(inOrder.contains(");\n"), "no prototypes expected:\n" + inOrder);
        // A helper that calls one given after it: prototypes first.
        Function callee = helper("t.T", "g", FLOAT, 5, List.of(p("v", FLOAT)), ret(6, vf("v")));
        Function caller = helper("t.T", "f", FLOAT, 2, List.of(p("v", FLOAT)), ret(3, call(callee, vf("v"))));
        Function k = kernelWith(set(2, load(gf("out"), i(0)), call(caller, f(1f))));
        String cu = CEmitter.emit(k, List.of(caller, callee), Map.of(), Dialect.CUDA);
        assertTrue(cu.contains("__device__ float f(float v);\n__device__ float g(float v);\n"), cu);
    }

    @Test
    void localArraysAreHoistedToTheKernelTop() {
        String cl = emitBody(Dialect.OPENCL,
                when(2, bin(LT, ctx(LOCAL_ID_X), i(4)), block(2,
                        localArray(3, "tile", INT_LOCAL_ARRAY, 64),
                        set(4, load(var("tile", INT_LOCAL_ARRAY), i(0)), i(1))), null));
        assertTrue(cl.contains("{ // T.java:1\n    __local int tile[64]; // T.java:3\n    if ("), cl);
    }

    @Test
    void loopFormsStayStructured() {
        String cl = emitBody(Dialect.OPENCL,
                decl(2, "j", INT, i(0)),
                // for (j = 1, n--; ; ) { break; }   (expression init list, no condition)
                loop(3, List.of(set(3, vi("j"), i(1)), op(3, vi("n"), SUB, i(1))), null, List.of(), block(3, brk(4))),
                // for (int a = 0; a < n; a += 2) with an init list C cannot hold in one clause (int then float)
                loop(5, List.of(decl(5, "a", INT, i(0)), decl(5, "x", FLOAT, f(0f))), bin(LT, vi("a"), vi("n")),
                        List.of(op(5, vi("a"), ADD, i(2))), set(6, load(gf("out"), vi("a")), vf("x"))),
                block(7, decl(8, "inner", INT, i(3))));
        assertTrue(cl.contains("    for (j = 1, n--;;) { // T.java:3\n        break; // T.java:4\n    }\n"), cl);
        assertTrue(cl.contains("    { // T.java:5\n        int a = 0; // T.java:5\n        float x = 0.0f; // T.java:5\n"
                + "        for (; a < n; a += 2) { // T.java:5\n            out[a] = x; // T.java:6\n        }\n    }\n"), cl);
        assertTrue(cl.contains("    { // T.java:7\n        int inner = 3; // T.java:8\n    }\n"), cl);
    }

    // ------------------------------------------------------------------ rejected input

    @Test
    void hoistsHelperLocalArraysToTheKernel() {
        // h(int m) allocates tile[2 * m] and calls g, which allocates buf[8]; the kernel calls h(n) and h(4)
        Function g = helper("t.T", "g", VOID, 9, List.of(), localArray(10, "buf", FLOAT_LOCAL_ARRAY, 8));
        Function h = helper("t.T", "h", VOID, 5, List.of(p("m", INT)),
                new Stmt.LocalArray("tile", FLOAT_LOCAL_ARRAY, 0, bin(MUL, i(2), vi("m")), 6), eval(7, call(g)));
        Function k = kernelWith(eval(2, call(h, vi("n"))), eval(3, call(h, i(4))));
        assertEquals(java.util.Set.of("n"), HelperLocalArrays.of(k, List.of(h, g)).boundParameters());
        String cl = CEmitter.emit(k, List.of(h, g), Map.of("n", 16), Dialect.OPENCL);
        assertTrue(cl.contains("__local float h_tile[(((2 * n)) > ((2 * 4)) ? ((2 * n)) : ((2 * 4)))];"), cl);
        assertTrue(cl.contains("__local float g_buf[8];"), cl);
        assertTrue(cl.contains("void h(int m, __local float* h_tile, __local float* g_buf)"), cl);
        assertTrue(cl.contains("__local float* tile = h_tile;"), cl);
        assertTrue(cl.contains("g(g_buf);") && cl.contains("h(n, h_tile, g_buf);") && cl.contains("h(4, h_tile, g_buf);"), cl);
    }

    @Test
    void helperLocalArraySizedThroughAKernelLocalThatCopiesAParameter() {
        // int x = n + 1; h(x): x is declared once and never assigned, so the size is n + 1 (n bound at launch)
        Function h = helper("t.T", "h", VOID, 5, List.of(p("m", INT)), new Stmt.LocalArray("tile", FLOAT_LOCAL_ARRAY, 0, vi("m"), 6));
        Function k = kernelWith(decl(2, "x", INT, bin(ADD, vi("n"), i(1))), eval(3, call(h, vi("x"))));
        assertEquals(java.util.Set.of("n"), HelperLocalArrays.of(k, List.of(h)).boundParameters());
        String cl = CEmitter.emit(k, List.of(h), Map.of("n", 16), Dialect.OPENCL);
        assertTrue(cl.contains("__local float h_tile[(n + 1)];"), cl);
    }

    @Test
    void rejectsHelperLocalArraySizedByAnAssignedKernelLocal() {
        Function h = helper("t.T", "h", VOID, 5, List.of(p("m", INT)), new Stmt.LocalArray("tile", FLOAT_LOCAL_ARRAY, 0, vi("m"), 6));
        Function k = kernelWith(decl(2, "x", INT, i(3)), set(3, vi("x"), i(4)), eval(4, call(h, vi("x"))));
        var e = assertThrows(IllegalArgumentException.class, () -> CEmitter.emit(k, List.of(h), Map.of(), Dialect.OPENCL));
        assertTrue(e.getMessage().contains("local array 'tile' of t.T#h(int) is sized by its parameter 'm'"), e.getMessage());
    }

    @Test
    void rejectsCallToMissingHelper() {
        Function h = helper("t.T", "h", FLOAT, 5, List.of(), ret(6, f(1f)));
        Function k = kernelWith(set(2, load(gf("out"), i(0)), call(h)));
        var e = assertThrows(IllegalArgumentException.class, () -> CEmitter.emit(k, List.of(), Map.of(), Dialect.CUDA));
        assertTrue(e.getMessage().contains("'t.T#h()'"), e.getMessage());
    }

    @Test
    void rejectsConstantsThatNameNoIntParameter() {
        Function k = kernelWith();
        var unknown = assertThrows(IllegalArgumentException.class, () -> CEmitter.emit(k, List.of(), Map.of("m", 1), Dialect.CUDA));
        assertTrue(unknown.getMessage().contains("'m' names no parameter"), unknown.getMessage());
        var array = assertThrows(IllegalArgumentException.class, () -> CEmitter.emit(k, List.of(), Map.of("out", 1), Dialect.CUDA));
        assertTrue(array.getMessage().contains("only int parameters"), array.getMessage());
    }

    @Test
    void rejectsDuplicateHoistedLocalArrayNames() {
        Function k = kernelWith(block(2, localArray(3, "t", FLOAT_LOCAL_ARRAY, 8)), block(4, localArray(5, "t", FLOAT_LOCAL_ARRAY, 8)));
        assertThrows(IllegalArgumentException.class, () -> CEmitter.emit(k, List.of(), Map.of(), Dialect.OPENCL));
    }

    @Test
    void rejectsNameThatClashesWithHiddenSizeParameter() {
        Function k = kernelWith(decl(2, "out_size", INT, i(0)));
        var e = assertThrows(IllegalArgumentException.class, () -> CEmitter.emit(k, List.of(), Map.of(), Dialect.OPENCL));
        assertTrue(e.getMessage().contains("out_size"), e.getMessage());
    }

    @Test
    void helperLocalArrayParameterIsALocalPointer() {
        // float h(@Local float[] a) { return a[0]; } called with the kernel's local array t[8]
        Function h = helper("t.T", "h", FLOAT, 5, List.of(p("a", FLOAT_LOCAL_ARRAY)), ret(6, load(var("a", FLOAT_LOCAL_ARRAY), i(0))));
        Function k = kernelWith(localArray(2, "t", FLOAT_LOCAL_ARRAY, 8), set(3, load(gf("out"), i(0)), call(h, var("t", FLOAT_LOCAL_ARRAY))));
        String cl = CEmitter.emit(k, List.of(h), Map.of(), Dialect.OPENCL);
        assertTrue(cl.contains("float h(__local float* a, int a_size) {") && cl.contains("out[0] = h(t, 8);"), cl);
        String cu = CEmitter.emit(k, List.of(h), Map.of(), Dialect.CUDA);
        assertTrue(cu.contains("__device__ float h(float* a, int a_size) {") && cu.contains("__shared__ float t[8];"), cu);
    }

    @Test
    void rejectsHelperArrayOfTheWrongAddressSpace() {
        Function h = helper("t.T", "h", FLOAT, 5, List.of(p("a", FLOAT_LOCAL_ARRAY)), ret(6, load(var("a", FLOAT_LOCAL_ARRAY), i(0))));
        Function k = kernelWith(set(2, load(gf("out"), i(0)), call(h, gf("out"))));
        assertThrows(IllegalArgumentException.class, () -> CEmitter.emit(k, List.of(h), Map.of(), Dialect.OPENCL));
    }

    @Test
    void rejectsNonKernelEntry() {
        Function h = helper("t.T", "h", VOID, 5, List.of());
        assertThrows(IllegalArgumentException.class, () -> CEmitter.emit(h, List.of(), Map.of(), Dialect.OPENCL));
    }

}
