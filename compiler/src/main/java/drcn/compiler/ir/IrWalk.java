package drcn.compiler.ir;

import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The one traversal of the kernel IR. Every analysis that looks through a function's statements and expressions
 * (called helpers, local-array sizes, vector and double use, {@code @Parallel} loops, barriers, reduce-array reads)
 * walks through here, so a new node kind is taught to the walk in one place: the switches below have no default
 * and stop compiling until it is.
 *
 * <p>Order: each node before what is inside it, the insides in source order ({@code for (init; condition; update)
 * body}; a do-while's body before its condition; an array access's array before its index).
 */
public final class IrWalk {
    private IrWalk() {}

    /** What a walk does at each node. {@code enter} returning false skips what is inside that node. */
    public interface Visitor {
        default boolean enter(Stmt s) { return true; }

        default boolean enter(Expr e) { return true; }

        /** After the expression's operands: a post-order visit (a call after the calls in its arguments). */
        default void leave(Expr e) { }
    }

    /** Walks {@code root} (may be null) and everything inside it. */
    public static void walk(Stmt root, Visitor v) {
        if (root == null || !v.enter(root)) return;
        switch (root) {
            case Stmt.Block b -> b.statements().forEach(s -> walk(s, v));
            case Stmt.Declare d -> walk(d.init(), v);
            case Stmt.Assign a -> { walk(a.target(), v); walk(a.value(), v); }
            case Stmt.Evaluate e -> walk(e.expression(), v);
            case Stmt.If i -> { walk(i.condition(), v); walk(i.then(), v); walk(i.otherwise(), v); }
            case Stmt.For f -> {
                f.init().forEach(s -> walk(s, v));
                walk(f.condition(), v);
                f.update().forEach(s -> walk(s, v));
                walk(f.body(), v);
            }
            case Stmt.While w -> { walk(w.condition(), v); walk(w.body(), v); }
            case Stmt.DoWhile d -> { walk(d.body(), v); walk(d.condition(), v); }
            case Stmt.Return r -> walk(r.value(), v);
            case Stmt.ParallelFor p -> {
                walk(p.start(), v);
                walk(p.bound(), v);
                walk(p.step(), v);
                p.reductions().forEach(r -> walk(r.array(), v));
                walk(p.body(), v);
            }
            case Stmt.AtomicAdd a -> { walk(a.array(), v); walk(a.index(), v); walk(a.value(), v); }
            case Stmt.Print p -> p.arguments().forEach(e -> walk(e, v));
            case Stmt.Matrix m -> { walk(m.target(), v); m.arguments().forEach(e -> walk(e, v)); }
            case Stmt.Break b -> { }
            case Stmt.Continue c -> { }
            case Stmt.LocalBarrier b -> { }
            case Stmt.LocalArray a -> { }
            case Stmt.PrivateArray a -> { }
        }
    }

    /** Walks {@code root} (may be null) and its operands. */
    public static void walk(Expr root, Visitor v) {
        if (root == null || !v.enter(root)) return;
        switch (root) {
            case Expr.Binary b -> { walk(b.left(), v); walk(b.right(), v); }
            case Expr.Unary u -> walk(u.operand(), v);
            case Expr.Conditional c -> { walk(c.condition(), v); walk(c.ifTrue(), v); walk(c.ifFalse(), v); }
            case Expr.Cast c -> walk(c.operand(), v);
            case Expr.Load l -> { walk(l.array(), v); walk(l.index(), v); }
            case Expr.ArrayLength a -> walk(a.array(), v);
            case Expr.Call c -> c.arguments().forEach(e -> walk(e, v));
            case Expr.Intrinsic i -> i.arguments().forEach(e -> walk(e, v));
            case Expr.VectorCall c -> c.arguments().forEach(e -> walk(e, v));
            case Expr.VectorOf o -> o.lanes().forEach(e -> walk(e, v));
            case Expr.Lane l -> walk(l.vector(), v);
            case Expr.LaneCall c -> c.arguments().forEach(e -> walk(e, v));
            case Expr.AtomicFetchAdd a -> { walk(a.array(), v); walk(a.index(), v); walk(a.delta(), v); }
            case Expr.IntLiteral l -> { }
            case Expr.FloatLiteral l -> { }
            case Expr.LongLiteral l -> { }
            case Expr.DoubleLiteral l -> { }
            case Expr.BoolLiteral l -> { }
            case Expr.Variable x -> { }
            case Expr.ContextQuery q -> { }
        }
        v.leave(root);
    }

    /** Every statement in {@code root}, {@code root} included, each before the statements inside it. */
    public static void forEachStmt(Stmt root, Consumer<Stmt> action) {
        walk(root, new Visitor() {
            @Override public boolean enter(Stmt s) { action.accept(s); return true; }
            @Override public boolean enter(Expr e) { return false; }
        });
    }

    /** Every expression in {@code root}'s statements, each before its operands. */
    public static void forEachExpr(Stmt root, Consumer<Expr> action) {
        walk(root, new Visitor() {
            @Override public boolean enter(Expr e) { action.accept(e); return true; }
        });
    }

    /** {@code root} (may be null) and every expression inside it, each before its operands. */
    public static void forEachExpr(Expr root, Consumer<Expr> action) {
        walk(root, new Visitor() {
            @Override public boolean enter(Expr e) { action.accept(e); return true; }
        });
    }

    /** Whether some statement in {@code root} (itself included) matches. */
    public static boolean anyStmt(Stmt root, Predicate<Stmt> test) {
        boolean[] found = {false};
        forEachStmt(root, s -> found[0] |= test.test(s));
        return found[0];
    }

    /** Whether some expression in {@code root}'s statements matches. */
    public static boolean anyExpr(Stmt root, Predicate<Expr> test) {
        boolean[] found = {false};
        forEachExpr(root, e -> found[0] |= test.test(e));
        return found[0];
    }
}
