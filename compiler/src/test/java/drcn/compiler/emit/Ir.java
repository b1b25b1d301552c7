package drcn.compiler.emit;

import drcn.compiler.ir.*;

import java.util.Arrays;
import java.util.List;

/** A terse way to build kernel IR by hand in tests: what the front end would produce for a small Java method. */
final class Ir {
    private Ir() {}

    static Expr.IntLiteral i(int v) { return new Expr.IntLiteral(v); }
    static Expr.FloatLiteral f(float v) { return new Expr.FloatLiteral(v); }
    static Expr.BoolLiteral b(boolean v) { return new Expr.BoolLiteral(v); }
    static Expr.Variable var(String name, Type type) { return new Expr.Variable(name, type); }
    static Expr.Variable vi(String name) { return var(name, Type.INT); }
    static Expr.Variable vf(String name) { return var(name, Type.FLOAT); }
    static Expr.Variable vb(String name) { return var(name, Type.BOOLEAN); }
    static Expr.Variable gf(String name) { return var(name, Type.FLOAT_GLOBAL_ARRAY); }
    static Expr.Variable gi(String name) { return var(name, Type.INT_GLOBAL_ARRAY); }

    /** A binary expression with Java's result type: boolean for comparisons and logic, int for shifts, else promoted. */
    static Expr.Binary bin(BinaryOp op, Expr l, Expr r) {
        Type t;
        if (op.isComparison() || op == BinaryOp.LOGICAL_AND || op == BinaryOp.LOGICAL_OR) t = Type.BOOLEAN;
        else if (op == BinaryOp.SHL || op == BinaryOp.SHR || op == BinaryOp.USHR) t = Type.INT;
        else if (l.type() == Type.BOOLEAN) t = Type.BOOLEAN;
        else t = l.type() == Type.FLOAT || r.type() == Type.FLOAT ? Type.FLOAT : Type.INT;
        return new Expr.Binary(op, l, r, t);
    }
    static Expr.Unary un(UnaryOp op, Expr x) { return new Expr.Unary(op, x, op == UnaryOp.NOT ? Type.BOOLEAN : x.type()); }
    static Expr.Conditional cond(Expr c, Expr a, Expr b) {
        return new Expr.Conditional(c, a, b, a.type() == Type.FLOAT || b.type() == Type.FLOAT ? Type.FLOAT : a.type());
    }
    static Expr.Cast cast(Type t, Expr x) { return new Expr.Cast(t, x); }
    static Expr.Load load(Expr.Variable array, Expr index) { return new Expr.Load(array, index, array.type().elementType()); }
    static Expr.ArrayLength size(Expr.Variable array) { return new Expr.ArrayLength(array); }
    static Expr.Call call(Function callee, Expr... args) { return new Expr.Call(callee.id(), List.of(args), callee.returnType()); }
    static Expr.Intrinsic math(IntrinsicOp op, Type t, Expr... args) { return new Expr.Intrinsic(op, List.of(args), t); }
    static Expr.VectorCall vec(VectorOp op, Expr... args) {
        return new Expr.VectorCall(op, List.of(args), op == VectorOp.STORE ? Type.VOID : Type.VECTOR16);
    }
    static Expr.ContextQuery ctx(ContextValue v) { return new Expr.ContextQuery(v); }

    static Stmt.Block block(int line, Stmt... s) { return new Stmt.Block(List.of(s), line); }
    static Stmt.Declare decl(int line, String name, Type t, Expr init) { return new Stmt.Declare(name, t, init, line); }
    static Stmt.Assign set(int line, Expr target, Expr value) { return new Stmt.Assign(target, null, value, line); }
    static Stmt.Assign op(int line, Expr target, BinaryOp op, Expr value) { return new Stmt.Assign(target, op, value, line); }
    static Stmt.Evaluate eval(int line, Expr e) { return new Stmt.Evaluate(e, line); }
    static Stmt.If when(int line, Expr c, Stmt then, Stmt otherwise) { return new Stmt.If(c, then, otherwise, line); }
    static Stmt.For loop(int line, List<Stmt> init, Expr c, List<Stmt> update, Stmt body) { return new Stmt.For(init, c, update, body, line); }
    static Stmt.While whileLoop(int line, Expr c, Stmt body) { return new Stmt.While(c, body, line); }
    static Stmt.DoWhile doWhile(int line, Stmt body, Expr c) { return new Stmt.DoWhile(body, c, line); }
    static Stmt.Return ret(int line, Expr v) { return new Stmt.Return(v, line); }
    static Stmt.Break brk(int line) { return new Stmt.Break(line); }
    static Stmt.Continue cont(int line) { return new Stmt.Continue(line); }
    static Stmt.LocalBarrier barrier(int line) { return new Stmt.LocalBarrier(line); }
    static Stmt.LocalArray localArray(int line, String name, Type t, int size) { return new Stmt.LocalArray(name, t, size, line); }
    static Stmt.PrivateArray privateArray(int line, String name, Type t, int size) { return new Stmt.PrivateArray(name, t, size, true, line); }
    static Stmt.PrivateArray scratchArray(int line, String name, Type t, int size) { return new Stmt.PrivateArray(name, t, size, false, line); }

    static Function.Parameter p(String name, Type t) { return new Function.Parameter(name, t); }

    static Function kernel(String cls, String name, int line, List<Function.Parameter> params, Stmt... body) {
        return new Function(id(cls, name, params), name, name, true, Type.VOID, params,
                new Stmt.Block(Arrays.asList(body), line), cls.substring(cls.lastIndexOf('.') + 1) + ".java", line);
    }

    static Function helper(String cls, String name, Type returnType, int line, List<Function.Parameter> params, Stmt... body) {
        return new Function(id(cls, name, params), name, name, false, returnType, params,
                new Stmt.Block(Arrays.asList(body), line), "src/main/java/" + cls.replace('.', '/') + ".java", line);
    }

    private static String id(String cls, String name, List<Function.Parameter> params) {
        return cls + "#" + name + "(" + String.join(",", params.stream().map(p -> javaType(p.type())).toList()) + ")";
    }

    private static String javaType(Type t) {
        return switch (t) {
            case INT -> "int";
            case FLOAT -> "float";
            case BOOLEAN -> "boolean";
            case FLOAT_GLOBAL_ARRAY -> "FloatArray";
            case INT_GLOBAL_ARRAY -> "IntArray";
            case FLOAT_LOCAL_ARRAY, FLOAT_PRIVATE_ARRAY -> "float[]";
            case INT_LOCAL_ARRAY, INT_PRIVATE_ARRAY -> "int[]";
            case CONTEXT -> "KernelContext";
            case VECTOR16 -> "Vector16";
            case VOID -> "void";
            default -> t.isArray() ? t.elementType().name().toLowerCase(java.util.Locale.ROOT) + "[]" : t.name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
