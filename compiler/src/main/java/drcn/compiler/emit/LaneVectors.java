package drcn.compiler.emit;

import drcn.compiler.ir.Expr;
import drcn.compiler.ir.Function;
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
 */
final class LaneVectors {
    private LaneVectors() {}

    private static boolean cuda(DialectTable table) {
        return table == DialectTable.CUDA;
    }

    /** The C type of a vector value: {@code float4} (OpenCL) or {@code drcn_float4} (CUDA). */
    static String typeName(Type vector, DialectTable table) {
        return (cuda(table) ? "drcn_" : "") + baseName(vector);
    }

    /** {@code float4}: the element's C name and the lane count. */
    private static String baseName(Type vector) {
        return element(vector) + vector.lanes();
    }

    /** The element's part of the type's name: OpenCL's {@code char4} for a Byte4. */
    private static String element(Type vector) {
        return switch (vector.elementType()) {
            case FLOAT -> "float";
            case INT -> "int";
            case DOUBLE -> "double";
            case BYTE -> "char";
            default -> throw new IllegalArgumentException("no vector of " + vector.elementType());
        };
    }

    /** OpenCL's lane names: s0..s9, sa..sf. */
    static String lane(int index) {
        return "s" + Integer.toHexString(index);
    }

    /** A vector value from its lanes' C expressions. */
    static String construct(Type vector, List<String> lanes, DialectTable table) {
        return cuda(table)
                ? "drcn_make_" + baseName(vector) + "(" + String.join(", ", lanes) + ")"
                : "(" + baseName(vector) + ")(" + String.join(", ", lanes) + ")";
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
        if (types.isEmpty()) return "";
        var c = new StringBuilder();
        if (cuda(table)) {
            for (Type t : types) {
                String name = typeName(t, table), e = table.scalarType(t.elementType());
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
        String vt = typeName(v, table), e = table.scalarType(v.elementType());
        int n = v.lanes();
        boolean floating = v.elementType().isFloating();
        String min = floating ? math("fmin", v, table) : "min", max = floating ? math("fmax", v, table) : "max";
        String q = table.helperQualifier() + (cuda(table) ? "__forceinline__ " : "");
        String name = functionName(op, v);
        var c = new StringBuilder();
        switch (op) {
            case ADD, SUB, MULT, DIV, MIN, MAX -> {
                c.append(q).append(vt).append(' ').append(name).append('(').append(vt).append(" a, ").append(vt).append(" b) {\n    ").append(vt).append(" r;\n");
                for (int l = 0; l < n; l++) c.append("    r.").append(lane(l)).append(" = ").append(binary(op, "a." + lane(l), "b." + lane(l), min, max)).append(";\n");
                c.append("    return r;\n}\n");
            }
            case ADD_SCALAR, SUB_SCALAR, MULT_SCALAR, DIV_SCALAR -> {
                c.append(q).append(vt).append(' ').append(name).append('(').append(vt).append(" a, ").append(e).append(" b) {\n    ").append(vt).append(" r;\n");
                for (int l = 0; l < n; l++) c.append("    r.").append(lane(l)).append(" = ").append(binary(op, "a." + lane(l), "b", min, max)).append(";\n");
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
                c.append(q).append(vt).append(' ').append(name).append('(').append(table.globalPointer()).append("const ").append(e)
                        .append("* p, int i) {\n    ").append(vt).append(" r;\n");
                for (int l = 0; l < n; l++) c.append("    r.").append(lane(l)).append(" = p[i * ").append(n).append(" + ").append(l).append("];\n");
                c.append("    return r;\n}\n");
            }
            case STORE -> {
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
        return v.elementType() == Type.FLOAT ? table.floatMath(base) : base;
    }

    private static String one(Type v) {
        return v.elementType() == Type.FLOAT ? "1.0f" : "1.0";
    }
}
