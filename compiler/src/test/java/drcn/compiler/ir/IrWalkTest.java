package drcn.compiler.ir;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IrWalkTest {
    private static final Expr.Variable A = new Expr.Variable("a", Type.FLOAT_GLOBAL_ARRAY);
    private static final Expr.Variable I = new Expr.Variable("i", Type.INT);

    private static Expr call(String id, Expr... arguments) {
        return new Expr.Call(id, List.of(arguments), Type.INT);
    }

    private static Expr lit(int v) {
        return new Expr.IntLiteral(v);
    }

    /** {@code for (int i = f(); i < g(); i = h(i)) a[k(i)] = 0; do { p(); } while (q());} */
    private static Stmt.Block program() {
        var loop = new Stmt.For(List.of(new Stmt.Declare("i", Type.INT, call("f"), 1)),
                new Expr.Binary(BinaryOp.LT, I, call("g"), Type.BOOLEAN),
                List.of(new Stmt.Assign(I, null, call("h", I), 1)),
                new Stmt.Assign(new Expr.Load(A, call("k", I), Type.FLOAT), null, new Expr.FloatLiteral(0), 2), 1);
        var doWhile = new Stmt.DoWhile(new Stmt.Evaluate(call("p"), 3), new Expr.Binary(BinaryOp.NE, call("q"), lit(0), Type.BOOLEAN), 4);
        return new Stmt.Block(List.of(loop, doWhile), 1);
    }

    @Test
    void visitsInSourceOrderWithCallsAfterTheirArguments() {
        List<String> entered = new ArrayList<>(), left = new ArrayList<>();
        IrWalk.walk(program(), new IrWalk.Visitor() {
            @Override public boolean enter(Expr e) {
                if (e instanceof Expr.Call c) entered.add(c.functionId());
                return true;
            }
            @Override public void leave(Expr e) {
                if (e instanceof Expr.Call c) left.add(c.functionId());
            }
        });
        // for: init, condition, update, body; do-while: body before condition
        assertEquals(List.of("f", "g", "h", "k", "p", "q"), entered);
        Stmt nested = new Stmt.Evaluate(call("outer", call("inner")), 1);
        IrWalk.walk(nested, new IrWalk.Visitor() {
            @Override public void leave(Expr e) {
                if (e instanceof Expr.Call c) left.add(c.functionId());
            }
        });
        assertEquals(List.of("f", "g", "h", "k", "p", "q", "inner", "outer"), left);
    }

    @Test
    void statementsBeforeWhatIsInsideThem() {
        List<String> kinds = new ArrayList<>();
        IrWalk.forEachStmt(program(), s -> kinds.add(s.getClass().getSimpleName()));
        assertEquals(List.of("Block", "For", "Declare", "Assign", "Assign", "DoWhile", "Evaluate"), kinds);
    }

    @Test
    void everyOperandIsReached() {
        var lane = new Expr.Lane(new Expr.VectorOf(List.of(new Expr.FloatLiteral(1), new Expr.FloatLiteral(2)), Type.FLOAT2), 1, Type.FLOAT);
        var atomic = new Stmt.AtomicAdd(A, new Expr.ArrayLength(A), lane, 5);
        var print = new Stmt.Print("%d", List.of(new Expr.ContextQuery(ContextValue.GLOBAL_ID_X)), 6);
        List<Expr> seen = new ArrayList<>();
        IrWalk.forEachExpr(new Stmt.Block(List.of(atomic, print), 5), seen::add);
        assertEquals(List.of(A, new Expr.ArrayLength(A), A, lane, lane.vector(), new Expr.FloatLiteral(1), new Expr.FloatLiteral(2),
                new Expr.ContextQuery(ContextValue.GLOBAL_ID_X)), seen);
    }

    @Test
    void enterFalseSkipsTheInside() {
        var barrierInLoop = new Stmt.ParallelFor(0, "i", lit(0), lit(8), false, false, lit(1),
                new Stmt.LocalBarrier(2), List.of(), 1);
        assertTrue(IrWalk.anyStmt(barrierInLoop, s -> s instanceof Stmt.LocalBarrier));
        boolean[] found = {false};
        IrWalk.walk(barrierInLoop, new IrWalk.Visitor() {
            @Override public boolean enter(Stmt s) {
                found[0] |= s instanceof Stmt.LocalBarrier;
                return !(s instanceof Stmt.ParallelFor);
            }
        });
        assertFalse(found[0]);
        assertFalse(IrWalk.anyExpr(barrierInLoop, e -> e instanceof Expr.Call));
    }
}
