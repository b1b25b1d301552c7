package drcn.compiler.emit;

import drcn.compiler.ir.Expr;
import drcn.compiler.ir.Function;
import drcn.compiler.ir.Type;

import java.util.List;
import java.util.Map;

import static drcn.compiler.emit.Ir.*;
import static drcn.compiler.ir.BinaryOp.*;
import static drcn.compiler.ir.ContextValue.*;
import static drcn.compiler.ir.IntrinsicOp.*;
import static drcn.compiler.ir.Type.*;
import static drcn.compiler.ir.UnaryOp.*;

/**
 * Hand-built IR for small kernels, each as the front end would translate the Java shown in its
 * comment (line numbers are the Java lines).
 */
final class TestKernels {
    private TestKernels() {}

    /** One program for the emitter: a kernel, its helpers (callees first) and its specialization. */
    record Program(String name, Function kernel, List<Function> helpers, Map<String, Integer> constants) {
        String emit(Dialect dialect) { return CEmitter.emit(kernel, helpers, constants, dialect); }
        @Override public String toString() { return name; }
    }

    static List<Program> all() {
        return List.of(saxpy(), smooth(), reduce(), tone(), conv1dSpecialized(), halfAxpy());
    }

    /*
     * 10 static void halfAxpy(KernelContext ctx, HalfFloatArray x, HalfFloatArray y, HalfFloat a, FloatArray sum) {
     * 11     int i = ctx.globalIdx;
     * 12     HalfFloat p = HalfFloat.mult(a, x.get(i));
     * 13     y.set(i, HalfFloat.add(p, y.get(i)));
     * 14     sum.set(i, p.getFloat32() + new HalfFloat(i).getFloat32());
     *    }
     */
    static Program halfAxpy() {
        Expr.Variable x = var("x", HALF_GLOBAL_ARRAY), y = var("y", HALF_GLOBAL_ARRAY), a = var("a", HALF), pv = var("p", HALF);
        Function k = kernel("drcn.kernels.HalfAxpy", "halfAxpy", 10,
                List.of(p("ctx", CONTEXT), p("x", HALF_GLOBAL_ARRAY), p("y", HALF_GLOBAL_ARRAY), p("a", HALF), p("sum", FLOAT_GLOBAL_ARRAY)),
                decl(11, "i", INT, ctx(GLOBAL_ID_X)),
                decl(12, "p", HALF, cast(HALF, new Expr.Binary(MUL, cast(FLOAT, a), cast(FLOAT, load(x, vi("i"))), FLOAT))),
                set(13, load(y, vi("i")), cast(HALF, new Expr.Binary(ADD, cast(FLOAT, pv), cast(FLOAT, load(y, vi("i"))), FLOAT))),
                set(14, load(gf("sum"), vi("i")), new Expr.Binary(ADD, cast(FLOAT, pv), cast(FLOAT, cast(HALF, cast(FLOAT, vi("i")))), FLOAT)));
        return new Program("halfAxpy", k, List.of(), Map.of());
    }

    /*
     * 10 static void saxpy(KernelContext ctx, FloatArray x, FloatArray y, float a, int n) {
     * 11     int i = ctx.globalIdx;
     * 12     if (i < n) {
     * 13         y.set(i, a * x.get(i) + y.get(i));
     *        }
     *    }
     */
    static Program saxpy() {
        Function k = kernel("drcn.kernels.Saxpy", "saxpy", 10,
                List.of(p("ctx", CONTEXT), p("x", FLOAT_GLOBAL_ARRAY), p("y", FLOAT_GLOBAL_ARRAY), p("a", FLOAT), p("n", INT)),
                decl(11, "i", INT, ctx(GLOBAL_ID_X)),
                when(12, bin(LT, vi("i"), vi("n")),
                        block(12, set(13, load(gf("y"), vi("i")),
                                bin(ADD, bin(MUL, vf("a"), load(gf("x"), vi("i"))), load(gf("y"), vi("i"))))),
                        null));
        return new Program("saxpy", k, List.of(), Map.of());
    }

    /*
     * 20 static float clampf(float v, float lo, float hi) {
     * 21     return Math.min(Math.max(v, lo), hi);
     *    }
     * 24 static float sum3(FloatArray a, int i) {
     * 25     int lo = Math.max(i - 1, 0);
     * 26     int hi = Math.min(i + 1, a.getSize() - 1);
     * 27     float s = 0f;
     * 28     for (int k = lo; k <= hi; k++)
     * 29         s += a.get(k);
     * 30     return s;
     *    }
     * 10 static void smooth(KernelContext ctx, FloatArray in, FloatArray out) {
     * 11     int i = ctx.globalIdx;
     * 12     if (i >= out.getSize()) return;
     * 13     out.set(i, clampf(sum3(in, i) / 3f, 0f, 1f));
     *    }
     */
    static Program smooth() {
        String cls = "drcn.kernels.Smooth";
        Function clampf = helper(cls, "clampf", FLOAT, 20, List.of(p("v", FLOAT), p("lo", FLOAT), p("hi", FLOAT)),
                ret(21, math(MIN, FLOAT, math(MAX, FLOAT, vf("v"), vf("lo")), vf("hi"))));
        Function sum3 = helper(cls, "sum3", FLOAT, 24, List.of(p("a", FLOAT_GLOBAL_ARRAY), p("i", INT)),
                decl(25, "lo", INT, math(MAX, INT, bin(SUB, vi("i"), i(1)), i(0))),
                decl(26, "hi", INT, math(MIN, INT, bin(ADD, vi("i"), i(1)), bin(SUB, size(gf("a")), i(1)))),
                decl(27, "s", FLOAT, f(0f)),
                loop(28, List.of(decl(28, "k", INT, vi("lo"))), bin(LE, vi("k"), vi("hi")), List.of(op(28, vi("k"), ADD, i(1))),
                        op(29, vf("s"), ADD, load(gf("a"), vi("k")))),
                ret(30, vf("s")));
        Function k = kernel(cls, "smooth", 10, List.of(p("ctx", CONTEXT), p("in", FLOAT_GLOBAL_ARRAY), p("out", FLOAT_GLOBAL_ARRAY)),
                decl(11, "i", INT, ctx(GLOBAL_ID_X)),
                when(12, bin(GE, vi("i"), size(gf("out"))), ret(12, null), null),
                set(13, load(gf("out"), vi("i")), call(clampf, bin(DIV, call(sum3, gf("in"), vi("i")), f(3f)), f(0f), f(1f))));
        return new Program("smooth", k, List.of(clampf, sum3), Map.of());
    }

    /*
     * 10 static void sum(KernelContext ctx, FloatArray in, FloatArray partial) {
     * 11     float[] tile = ctx.allocateFloatLocalArray(256);
     * 12     int l = ctx.localIdx;
     * 13     int g = ctx.globalIdx;
     * 14     tile[l] = g < in.getSize() ? in.get(g) : 0f;
     * 15     ctx.localBarrier();
     * 16     for (int s = ctx.localGroupSizeX / 2; s > 0; s >>= 1) {
     * 17         if (l < s) tile[l] += tile[l + s];
     * 18         ctx.localBarrier();
     *        }
     * 20     if (l == 0) partial.set(ctx.groupIdx, tile[0]);
     *    }
     */
    static Program reduce() {
        var tile = var("tile", FLOAT_LOCAL_ARRAY);
        Function k = kernel("drcn.kernels.Reduce", "sum", 10,
                List.of(p("ctx", CONTEXT), p("in", FLOAT_GLOBAL_ARRAY), p("partial", FLOAT_GLOBAL_ARRAY)),
                localArray(11, "tile", FLOAT_LOCAL_ARRAY, 256),
                decl(12, "l", INT, ctx(LOCAL_ID_X)),
                decl(13, "g", INT, ctx(GLOBAL_ID_X)),
                set(14, load(tile, vi("l")), cond(bin(LT, vi("g"), size(gf("in"))), load(gf("in"), vi("g")), f(0f))),
                barrier(15),
                loop(16, List.of(decl(16, "s", INT, bin(DIV, ctx(LOCAL_SIZE_X), i(2)))), bin(GT, vi("s"), i(0)),
                        List.of(op(16, vi("s"), SHR, i(1))),
                        block(16,
                                when(17, bin(LT, vi("l"), vi("s")), op(17, load(tile, vi("l")), ADD, load(tile, bin(ADD, vi("l"), vi("s")))), null),
                                barrier(18))),
                when(20, bin(EQ, vi("l"), i(0)), set(20, load(gf("partial"), ctx(GROUP_ID_X)), load(tile, i(0))), null));
        return new Program("reduce", k, List.of(), Map.of());
    }

    /*
     * A 2D kernel that exercises the Java-vs-C corners: ternary, Math intrinsics, (int) casts,
     * >>> and shifts, float %, special float literals, Integer.MIN_VALUE, while/do-while, a
     * private array, an else-if chain, a for loop with two variables, continue.
     * 10 static void tone(KernelContext ctx, FloatArray img, IntArray out, int w, int h, float gamma) {
     * 11     int x = ctx.globalIdx;
     * 12     int y = ctx.globalIdy;
     * 13     if (x >= w || y >= h) { return; }
     * 14     float v = img.get(y * w + x);
     * 15     float e = (float) Math.exp(-v * v);
     * 16     float s = (float) Math.sqrt(Math.abs(v));
     * 17     float t = v > 0f ? Math.fma(e, s, 0.5f) : (float) Math.log(1f + Math.abs(v)) % gamma;
     * 18     int q = (int) (t * 255f);
     * 19     q = Math.max(0, Math.min(255, q));
     * 20     float[] hist = new float[4];
     * 21     int k = 0;
     * 22     while (k < 4) {
     * 23         hist[k] = k == 3 ? Float.NaN : (float) (q >>> k);
     * 24         k++;
     *        }
     * 26     do {
     * 27         k -= 1;
     * 28         q ^= ~(q << k);
     * 29     } while (k > 0 && hist[k] != Float.NEGATIVE_INFINITY);
     * 30     int m = Integer.MIN_VALUE + -q;
     * 31     m >>>= y;
     * 32     m = Math.abs(m) % 7 - (-m >> 2);
     * 33     boolean odd = (m & 1) != 0;
     * 34     if (odd) out.set(y * w + x, m);
     * 35     else if (!odd && x == 0) out.set(y * w + x, -(-m));
     * 36     else { out.set(y * w + x, (int) (gamma * 1.0E-4f) + (int) Float.POSITIVE_INFINITY); }
     * 37     for (int j = 0, jj = 3; j < jj; j++, jj--) {
     * 38         if (j == 1) continue;
     * 39         out.set(j, out.get(j) + j);
     *        }
     *    }
     */
    static Program tone() {
        var hist = var("hist", FLOAT_PRIVATE_ARRAY);
        Expr pixel = bin(ADD, bin(MUL, vi("y"), vi("w")), vi("x"));
        Function k = kernel("drcn.kernels.Tone", "tone", 10,
                List.of(p("ctx", CONTEXT), p("img", FLOAT_GLOBAL_ARRAY), p("out", INT_GLOBAL_ARRAY), p("w", INT), p("h", INT), p("gamma", FLOAT)),
                decl(11, "x", INT, ctx(GLOBAL_ID_X)),
                decl(12, "y", INT, ctx(GLOBAL_ID_Y)),
                when(13, bin(LOGICAL_OR, bin(GE, vi("x"), vi("w")), bin(GE, vi("y"), vi("h"))), block(13, ret(13, null)), null),
                decl(14, "v", FLOAT, load(gf("img"), pixel)),
                decl(15, "e", FLOAT, math(EXP, FLOAT, bin(MUL, un(NEGATE, vf("v")), vf("v")))),
                decl(16, "s", FLOAT, math(SQRT, FLOAT, math(ABS, FLOAT, vf("v")))),
                decl(17, "t", FLOAT, cond(bin(GT, vf("v"), f(0f)), math(FMA, FLOAT, vf("e"), vf("s"), f(0.5f)),
                        bin(REM, math(LOG, FLOAT, bin(ADD, f(1f), math(ABS, FLOAT, vf("v")))), vf("gamma")))),
                decl(18, "q", INT, cast(INT, bin(MUL, vf("t"), f(255f)))),
                set(19, vi("q"), math(MAX, INT, i(0), math(MIN, INT, i(255), vi("q")))),
                privateArray(20, "hist", FLOAT_PRIVATE_ARRAY, 4),
                decl(21, "k", INT, i(0)),
                whileLoop(22, bin(LT, vi("k"), i(4)), block(22,
                        set(23, load(hist, vi("k")), cond(bin(EQ, vi("k"), i(3)), f(Float.NaN), cast(FLOAT, bin(USHR, vi("q"), vi("k"))))),
                        op(24, vi("k"), ADD, i(1)))),
                doWhile(26, block(26,
                                op(27, vi("k"), SUB, i(1)),
                                op(28, vi("q"), XOR, un(BITWISE_NOT, bin(SHL, vi("q"), vi("k"))))),
                        bin(LOGICAL_AND, bin(GT, vi("k"), i(0)), bin(NE, load(hist, vi("k")), f(Float.NEGATIVE_INFINITY)))),
                decl(30, "m", INT, bin(ADD, i(Integer.MIN_VALUE), un(NEGATE, vi("q")))),
                op(31, vi("m"), USHR, vi("y")),
                set(32, vi("m"), bin(SUB, bin(REM, math(ABS, INT, vi("m")), i(7)), bin(SHR, un(NEGATE, vi("m")), i(2)))),
                decl(33, "odd", BOOLEAN, bin(NE, bin(AND, vi("m"), i(1)), i(0))),
                when(34, vb("odd"), set(34, load(gi("out"), pixel), vi("m")),
                        when(35, bin(LOGICAL_AND, un(NOT, vb("odd")), bin(EQ, vi("x"), i(0))),
                                set(35, load(gi("out"), pixel), un(NEGATE, un(NEGATE, vi("m")))),
                                block(36, set(36, load(gi("out"), pixel),
                                        bin(ADD, cast(INT, bin(MUL, vf("gamma"), f(1.0E-4f))), cast(INT, f(Float.POSITIVE_INFINITY))))))),
                loop(37, List.of(decl(37, "j", INT, i(0)), decl(37, "jj", INT, i(3))), bin(LT, vi("j"), vi("jj")),
                        List.of(op(37, vi("j"), ADD, i(1)), op(37, vi("jj"), SUB, i(1))),
                        block(37,
                                when(38, bin(EQ, vi("j"), i(1)), cont(38), null),
                                set(39, load(gi("out"), vi("j")), bin(ADD, load(gi("out"), vi("j")), vi("j"))))));
        return new Program("tone", k, List.of(), Map.of());
    }

    /*
     * 10 static void conv1d(KernelContext ctx, FloatArray in, FloatArray weights, FloatArray out, int K, int n) {
     * 11     int i = ctx.globalIdx;
     * 12     if (i >= n) return;
     * 13     float acc = 0f;
     * 14     for (int k = 0; k < K; k++) {
     * 15         acc += weights.get(k) * in.get(i + k);
     *        }
     * 17     out.set(i, Math.max(acc, 0f));
     *    }
     * specialized with K = 3.
     */
    static Program conv1dSpecialized() {
        Function k = kernel("drcn.kernels.Conv", "conv1d", 10,
                List.of(p("ctx", CONTEXT), p("in", FLOAT_GLOBAL_ARRAY), p("weights", FLOAT_GLOBAL_ARRAY), p("out", FLOAT_GLOBAL_ARRAY),
                        p("K", INT), p("n", INT)),
                decl(11, "i", INT, ctx(GLOBAL_ID_X)),
                when(12, bin(GE, vi("i"), vi("n")), ret(12, null), null),
                decl(13, "acc", FLOAT, f(0f)),
                loop(14, List.of(decl(14, "k", INT, i(0))), bin(LT, vi("k"), vi("K")), List.of(op(14, vi("k"), ADD, i(1))),
                        block(14, op(15, vf("acc"), ADD, bin(MUL, load(gf("weights"), vi("k")), load(gf("in"), bin(ADD, vi("i"), vi("k"))))))),
                set(17, load(gf("out"), vi("i")), math(MAX, FLOAT, vf("acc"), f(0f))));
        return new Program("conv1d_K3", k, List.of(), Map.of("K", 3));
    }
}
