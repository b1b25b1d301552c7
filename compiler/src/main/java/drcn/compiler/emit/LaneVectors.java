package drcn.compiler.emit;

import drcn.compiler.ir.Expr;
import drcn.compiler.ir.Function;
import drcn.compiler.ir.IntrinsicOp;
import drcn.compiler.ir.IrWalk;
import drcn.compiler.ir.LaneOp;
import drcn.compiler.ir.Stmt;
import drcn.compiler.ir.Type;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * TornadoVM's vector values in C. OpenCL C has them built in ({@code float4}, {@code int8}, ...); CUDA C gets a
 * struct per type with OpenCL's lane names ({@code struct drcn_float4 { float s0, s1, s2, s3; }}), so a lane reads
 * {@code v.s2} in both dialects. Each {@link LaneOp} used becomes one small function per vector type
 * ({@code drcn_add_float4}), written lane by lane in the order Java computes (the reductions add from lane 0 up),
 * identical in both dialects but for the float math names ({@code fminf} in CUDA).
 *
 * <p>Half vectors ({@code Half4}) are float vectors holding binary16 values (see {@link Type#HALF}): C's
 * {@code float4} (OpenCL) or {@code struct drcn_half4} of floats (CUDA), their functions named {@code drcn_add_half4};
 * each lane of a result is rounded to half ({@code drcn_round_half}), so a lane is computed exactly as
 * {@code HalfFloat.add} computes it. Their collections are global half arrays, read and written through the
 * dialect's half load and store.
 */
final class LaneVectors {
    private LaneVectors() {}

    private static boolean cuda(DialectTable table) {
        return table == DialectTable.CUDA;
    }

    /** The C type of a vector value: {@code float4}, {@code char3} (OpenCL) or {@code drcn_float4}, {@code drcn_char3} (CUDA). */
    static String typeName(Type vector, DialectTable table) {
        return cuda(table) ? "drcn_" + baseName(vector) : element(vector, table) + vector.lanes();
    }

    /**
     * {@code float4}, {@code char3}, {@code half4}: OpenCL's name of the vector (a half vector's own, though OpenCL
     * stores it as {@code float4}) for CUDA's struct and every function's suffix.
     */
    private static String baseName(Type vector) {
        String element = switch (vector.elementType()) {
            case BYTE -> "char";
            default -> vector.elementType().name().toLowerCase(Locale.ROOT);
        };
        return element + vector.lanes();
    }

    /** The C type of one lane (a half lane is a float). */
    private static String element(Type vector, DialectTable table) {
        return table.scalarType(vector.elementType());
    }

    private static boolean half(Type vector) {
        return vector.elementType() == Type.HALF;
    }

    /** OpenCL's lane names: s0..s9, sa..sf. */
    static String lane(int index) {
        return "s" + Integer.toHexString(index);
    }

    /** A vector value from its lanes' C expressions. */
    static String construct(Type vector, List<String> lanes, DialectTable table) {
        return cuda(table)
                ? "drcn_make_" + baseName(vector) + "(" + String.join(", ", lanes) + ")"
                : "(" + typeName(vector, table) + ")(" + String.join(", ", lanes) + ")";
    }

    /** A call of {@code op}'s function for vector type {@code vector} (the type of its vector operand). */
    static String call(LaneOp op, Type vector, List<String> arguments) {
        return functionName(op, vector) + "(" + String.join(", ", arguments) + ")";
    }

    private static String functionName(LaneOp op, Type vector) {
        return "drcn_" + op.name().toLowerCase(Locale.ROOT) + "_" + baseName(vector);
    }

    /** The vector type an op's function is written for: that of its vector operand. */
    static Type operandType(Expr.LaneCall call) {
        return switch (call.op()) {
            case LOAD -> call.type();
            case STORE -> call.arguments().get(2).type();
            default -> call.arguments().get(0).type();
        };
    }

    /** Everything the functions in {@code all} need before them: CUDA's structs, then each op's function. */
    static String prelude(List<Function> all, DialectTable table) {
        Set<Type> types = new LinkedHashSet<>();
        Map<Type, Set<LaneOp>> ops = new LinkedHashMap<>();
        for (Function f : all) {
            if (f.returnType().isVector()) types.add(f.returnType());
            for (Function.Parameter p : f.parameters()) if (p.type().isVector()) types.add(p.type());
            IrWalk.forEachStmt(f.body(), s -> { if (s instanceof Stmt.Declare d && d.type().isVector()) types.add(d.type()); });
            IrWalk.forEachExpr(f.body(), e -> {
                if (e.type().isVector()) types.add(e.type());
                if (e instanceof Expr.LaneCall c) {
                    Type v = operandType(c);
                    types.add(v);
                    ops.computeIfAbsent(v, k -> EnumSet.noneOf(LaneOp.class)).add(c.op());
                }
            });
        }
        var c = new StringBuilder();
        if (usesHalfArrayDot(all)) c.append(halfArrayDot(table));
        if (types.isEmpty()) return c.toString();
        if (cuda(table)) {
            for (Type t : types) {
                String name = typeName(t, table), e = element(t, table);
                List<String> lanes = new ArrayList<>();
                for (int l = 0; l < t.lanes(); l++) lanes.add(lane(l));
                c.append("struct ").append(name).append(" { ").append(e).append(' ').append(String.join(", ", lanes)).append("; };\n");
                c.append("static __device__ __forceinline__ ").append(name).append(" drcn_make_").append(baseName(t)).append('(');
                c.append(String.join(", ", lanes.stream().map(l -> e + " " + l).toList())).append(") {\n    ").append(name).append(" r;\n");
                for (String l : lanes) c.append("    r.").append(l).append(" = ").append(l).append(";\n");
                c.append("    return r;\n}\n");
            }
        }
        for (var entry : ops.entrySet()) {
            Set<LaneOp> needed = EnumSet.copyOf(entry.getValue());
            if (needed.contains(LaneOp.NORMALISE)) needed.add(LaneOp.LENGTH);
            if (needed.contains(LaneOp.LENGTH)) needed.add(LaneOp.DOT);
            for (LaneOp op : needed) c.append(function(op, entry.getKey(), table));
        }
        return c.append('\n').toString();
    }

    /** The C function of {@code op} on vector type {@code v}. */
    private static String function(LaneOp op, Type v, DialectTable table) {
        String vt = typeName(v, table), e = element(v, table);
        int n = v.lanes();
        boolean floating = v.elementType().isFloating() || half(v);
        String min = floating ? math("fmin", v, table) : "min", max = floating ? math("fmax", v, table) : "max";
        String q = table.helperQualifier() + (cuda(table) ? "__forceinline__ " : "");
        String name = functionName(op, v);
        var c = new StringBuilder();
        switch (op) {
            case ADD, SUB, MULT, DIV, MIN, MAX -> {
                c.append(q).append(vt).append(' ').append(name).append('(').append(vt).append(" a, ").append(vt).append(" b) {\n    ").append(vt).append(" r;\n");
                for (int l = 0; l < n; l++) c.append("    r.").append(lane(l)).append(" = ").append(rounded(v, binary(op, "a." + lane(l), "b." + lane(l), min, max))).append(";\n");
                c.append("    return r;\n}\n");
            }
            case ADD_SCALAR, SUB_SCALAR, MULT_SCALAR, DIV_SCALAR -> {
                c.append(q).append(vt).append(' ').append(name).append('(').append(vt).append(" a, ").append(e).append(" b) {\n    ").append(vt).append(" r;\n");
                for (int l = 0; l < n; l++) c.append("    r.").append(lane(l)).append(" = ").append(rounded(v, binary(op, "a." + lane(l), "b", min, max))).append(";\n");
                c.append("    return r;\n}\n");
            }
            case SQRT, FLOOR, FRACT -> {
                c.append(q).append(vt).append(' ').append(name).append('(').append(vt).append(" a) {\n    ").append(vt).append(" r;\n");
                for (int l = 0; l < n; l++) {
                    String a = "a." + lane(l);
                    String value = switch (op) {
                        case SQRT -> math("sqrt", v, table) + "(" + a + ")";
                        case FLOOR -> math("floor", v, table) + "(" + a + ")";
                        default -> a + " - " + math("floor", v, table) + "(" + a + ")";
                    };
                    c.append("    r.").append(lane(l)).append(" = ").append(value).append(";\n");
                }
                c.append("    return r;\n}\n");
            }
            case NORMALISE -> {
                // TornadoVM: scaleByInverse(v, length(v)) = v * (1 / length(v))
                c.append(q).append(vt).append(' ').append(name).append('(').append(vt).append(" a) {\n    ").append(vt).append(" r;\n");
                c.append("    ").append(e).append(" s = ").append(one(v)).append(" / ").append(functionName(LaneOp.LENGTH, v)).append("(a);\n");
                for (int l = 0; l < n; l++) c.append("    r.").append(lane(l)).append(" = a.").append(lane(l)).append(" * s;\n");
                c.append("    return r;\n}\n");
            }
            case CLAMP -> {
                c.append(q).append(vt).append(' ').append(name).append('(').append(vt).append(" a, ").append(e).append(" lo, ").append(e).append(" hi) {\n    ").append(vt).append(" r;\n");
                for (int l = 0; l < n; l++) c.append("    r.").append(lane(l)).append(" = ").append(max).append("(lo, ").append(min).append("(hi, a.").append(lane(l)).append("));\n");
                c.append("    return r;\n}\n");
            }
            case CROSS -> c.append(q).append(vt).append(' ').append(name).append('(').append(vt).append(" a, ").append(vt).append(" b) {\n")
                    .append("    ").append(vt).append(" r;\n")
                    .append("    r.s0 = a.s1 * b.s2 - a.s2 * b.s1;\n")
                    .append("    r.s1 = a.s2 * b.s0 - a.s0 * b.s2;\n")
                    .append("    r.s2 = a.s0 * b.s1 - a.s1 * b.s0;\n")
                    .append("    return r;\n}\n");
            case DOT -> {
                if (half(v)) {
                    c.append(q).append(e).append(' ').append(name).append('(').append(vt).append(" a, ").append(vt).append(" b) {\n");
                    c.append("    return ").append(halfDot(0, n)).append(";\n}\n");
                    break;
                }
                c.append(q).append(e).append(' ').append(name).append('(').append(vt).append(" a, ").append(vt).append(" b) {\n");
                c.append("    ").append(e).append(" r = a.s0 * b.s0;\n");
                for (int l = 1; l < n; l++) c.append("    r = r + a.").append(lane(l)).append(" * b.").append(lane(l)).append(";\n");
                c.append("    return r;\n}\n");
            }
            case LENGTH -> c.append(q).append(e).append(' ').append(name).append('(').append(vt).append(" a) {\n")
                    .append("    return ").append(math("sqrt", v, table)).append('(').append(functionName(LaneOp.DOT, v)).append("(a, a));\n}\n");
            case SUM, MIN_LANE, MAX_LANE -> {
                c.append(q).append(e).append(' ').append(name).append('(').append(vt).append(" a) {\n");
                c.append("    ").append(e).append(" r = a.s0;\n");
                for (int l = 1; l < n; l++) {
                    String a = "a." + lane(l);
                    c.append("    r = ").append(switch (op) {
                        case SUM -> "r + " + a;
                        case MIN_LANE -> min + "(r, " + a + ")";
                        default -> max + "(r, " + a + ")";
                    }).append(";\n");
                }
                c.append("    return r;\n}\n");
            }
            case LOAD -> {
                if (half(v)) {
                    c.append(q).append(vt).append(' ').append(name).append('(').append(table.globalPointer()).append("const ").append(table.halfStorage())
                            .append("* p, int i) {\n    ").append(vt).append(" r;\n");
                    for (int l = 0; l < n; l++) c.append("    r.").append(lane(l)).append(" = ").append(table.halfLoadFormat().formatted("p", "i * " + n + " + " + l)).append(";\n");
                    c.append("    return r;\n}\n");
                    break;
                }
                c.append(q).append(vt).append(' ').append(name).append('(').append(table.globalPointer()).append("const ").append(e)
                        .append("* p, int i) {\n    ").append(vt).append(" r;\n");
                for (int l = 0; l < n; l++) c.append("    r.").append(lane(l)).append(" = p[i * ").append(n).append(" + ").append(l).append("];\n");
                c.append("    return r;\n}\n");
            }
            case STORE -> {
                if (half(v)) {
                    c.append(q).append("void ").append(name).append('(').append(table.globalPointer()).append(table.halfStorage())
                            .append("* p, int i, ").append(vt).append(" v) {\n");
                    for (int l = 0; l < n; l++) c.append("    ").append(table.halfStoreFormat().formatted("p", "i * " + n + " + " + l, "v." + lane(l))).append(";\n");
                    c.append("}\n");
                    break;
                }
                c.append(q).append("void ").append(name).append('(').append(table.globalPointer()).append(e)
                        .append("* p, int i, ").append(vt).append(" v) {\n");
                for (int l = 0; l < n; l++) c.append("    p[i * ").append(n).append(" + ").append(l).append("] = v.").append(lane(l)).append(";\n");
                c.append("}\n");
            }
        }
        return c.toString();
    }

    private static String binary(LaneOp op, String a, String b, String min, String max) {
        return switch (op) {
            case ADD, ADD_SCALAR -> a + " + " + b;
            case SUB, SUB_SCALAR -> a + " - " + b;
            case MULT, MULT_SCALAR -> a + " * " + b;
            case DIV, DIV_SCALAR -> a + " / " + b;
            case MIN -> min + "(" + a + ", " + b + ")";
            case MAX -> max + "(" + a + ", " + b + ")";
            default -> throw new IllegalArgumentException(op + " is not a binary lane op");
        };
    }

    /** A C math function for the vector's element: {@code sqrtf} for float in CUDA, else the plain name. */
    private static String math(String base, Type v, DialectTable table) {
        return v.elementType() == Type.FLOAT || half(v) ? table.floatMath(base) : base;
    }

    private static String one(Type v) {
        return v.elementType() == Type.DOUBLE ? "1.0" : "1.0f";
    }

    /** A lane of a result: a half lane rounded to the nearest binary16 value, as each HalfFloat operation rounds. */
    private static String rounded(Type v, String lane) {
        return half(v) ? "drcn_round_half(" + lane + ")" : lane;
    }

    /**
     * TornadoVM's {@code HalfN.dot}: the lane products (each rounded) added as a tree of halves, every sum rounded:
     * Half3 {@code (m0 + m1) + m2}, Half4 {@code (m0 + m1) + (m2 + m3)}, Half8 and Half16 likewise.
     */
    private static boolean usesHalfArrayDot(List<Function> all) {
        boolean[] found = {false};
        for (Function f : all) IrWalk.forEachExpr(f.body(), e -> { if (e instanceof Expr.Intrinsic in && in.op() == IntrinsicOp.HALF_ARRAY_DOT) found[0] = true; });
        return found[0];
    }

    /** {@link IntrinsicOp#HALF_ARRAY_DOT}: after the dialect's half prelude, whose rounding it uses. */
    private static String halfArrayDot(DialectTable table) {
        String pointer = table.globalPointer() + "const " + table.halfStorage() + "*";
        return table.helperQualifier() + "float " + IntrinsicOp.HALF_ARRAY_DOT.cName + "(" + pointer + " a, " + pointer + " b, int n) {\n"
                + "    float s = 0.0f;\n"
                + "    for (int i = 0; i < n; i++) s = drcn_round_half(s + drcn_round_half(" + table.halfLoadFormat().formatted("a", "i")
                + " * " + table.halfLoadFormat().formatted("b", "i") + "));\n"
                + "    return s;\n}\n";
    }

    private static String halfDot(int lo, int hi) {
        if (hi - lo == 1) return "drcn_round_half(a." + lane(lo) + " * b." + lane(lo) + ")";
        int mid = lo + 1;
        while (2 * mid - lo < hi) mid = lo + 2 * (mid - lo);
        return "drcn_round_half(" + halfDot(lo, mid) + " + " + halfDot(mid, hi) + ")";
    }
}
