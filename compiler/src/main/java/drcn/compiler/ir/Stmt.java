package drcn.compiler.ir;

import java.io.Serializable;
import java.util.List;

/** A kernel statement. {@code line} is the Java source line, emitted as a comment in the C output. */
public sealed interface Stmt extends Serializable {
    int line();

    record Block(List<Stmt> statements, int line) implements Stmt {}

    /** {@code type name = init;} for a scalar local ({@code init} may be null). */
    record Declare(String name, Type type, Expr init, int line) implements Stmt {}

    /**
     * {@code target op= value}; {@code op} is null for plain assignment. {@code target} is a scalar
     * {@link Expr.Variable} or an {@link Expr.Load} (array element; {@code FloatArray.set(i, v)}
     * becomes an assignment to {@code Load(array, i)}). {@code i++} is {@code Assign(i, ADD, 1)}.
     */
    record Assign(Expr target, BinaryOp op, Expr value, int line) implements Stmt {}

    /** An expression evaluated for its effect: a call of a void helper. */
    record Evaluate(Expr expression, int line) implements Stmt {}

    record If(Expr condition, Stmt then, Stmt otherwise, int line) implements Stmt {}

    /** {@code for (init; condition; update) body}; condition may be null (forever). */
    record For(List<Stmt> init, Expr condition, List<Stmt> update, Stmt body, int line) implements Stmt {}

    record While(Expr condition, Stmt body, int line) implements Stmt {}

    record DoWhile(Stmt body, Expr condition, int line) implements Stmt {}

    record Break(int line) implements Stmt {}

    record Continue(int line) implements Stmt {}

    /** {@code return;} or {@code return value;}. */
    record Return(Expr value, int line) implements Stmt {}

    /**
     * {@code context.localBarrier()}: all work-items of the group wait; local memory is made consistent.
     * {@code globalFence}: {@code context.globalBarrier()}, which also makes the group's global-memory writes visible.
     */
    record LocalBarrier(int line, boolean globalFence) implements Stmt {
        public LocalBarrier(int line) {
            this(line, false);
        }
    }

    /**
     * {@code for (@Parallel int index = start; index < bound; index += step) body} (TornadoVM's loop-parallel API):
     * the iterations are independent and spread over dimension {@code dimension} (0 for the outermost
     * {@code @Parallel} loop, then 1, 2) of the launch. C runs it as a grid-stride loop, which also is the
     * bounds guard: {@code for (index = start + global_id * step; index < bound; index += global_size * step)},
     * so every launch size computes every iteration exactly once; the runtime sizes the launch from the bounds.
     *
     * <p>With {@code reductions} (a loop that folds values into element 0 of {@code @Reduce} arrays) the body
     * updates each reduction's private {@code accumulator} instead. A kernel that {@link #gridReduction} accepts
     * runs over many work-groups, the last to finish folding the groups' results (see {@code CEmitter}); any other
     * runs as one work-group: the work-items stride over the iterations, combine their accumulators in a fixed
     * tree in local memory, and work-item 0 folds the result into {@code array[0]}. Code before and after the
     * loop runs on every work-item with its global stores made by work-item 0 only, as Java runs it once.
     *
     * <p>A descending loop ({@code for (@Parallel int i = n - 1; i >= 0; i--)}) counts down from {@code start} by
     * {@code step} while {@code index > bound} (or {@code >=}) in the same way.
     *
     * @param inclusive  whether the condition is {@code index <= bound} ({@code >=} when descending)
     * @param descending whether the index counts down ({@code i--}, {@code i -= step})
     */
    record ParallelFor(int dimension, String index, Expr start, Expr bound, boolean inclusive, boolean descending, Expr step, Stmt body,
                       List<Reduction> reductions, int line) implements Stmt {
        /** Work-items of the one work-group a {@code @Reduce} kernel runs as (a power of two every device offers). */
        public static final int REDUCTION_GROUP = 256;

        /**
         * The hidden global int of a {@link #gridReduction}: how many of its work-groups have stored their partial
         * results. Zero before every launch: the buffer starts zeroed, and the last group sets it back to 0.
         */
        public static final Function.Parameter GROUPS_DONE = new Function.Parameter("drcn_groups_done", Type.INT_GLOBAL_ARRAY);

        /**
         * Whether a kernel without a {@code @Reduce} loop must run in order, as Java does: it stores to a global
         * array (or calls a void helper) outside its {@code @Parallel} loops or between nested ones, or holds
         * several loop nests. Such a kernel runs on its first work-group only: code outside the outermost loops
         * on every work-item with its stores made by work-item 0, each followed by a barrier, and each outermost
         * loop shared by the group's work-items between barriers, its inner {@code @Parallel} loops sequential.
         */
        public static boolean inOrder(Stmt body) {
            var outermost = new java.util.ArrayList<ParallelFor>();
            IrWalk.walk(body, new IrWalk.Visitor() {
                @Override public boolean enter(Stmt s) {
                    if (s instanceof ParallelFor p) outermost.add(p);
                    return !(s instanceof ParallelFor);
                }
            });
            if (outermost.isEmpty() || outermost.stream().anyMatch(p -> !p.reductions().isEmpty())) return false;
            if (outermost.size() > 1 || storesOutsideLoops(body)) return true;
            boolean[] between = {false};
            IrWalk.forEachStmt(body, s -> {
                if (s instanceof ParallelFor p && IrWalk.anyStmt(p.body(), x -> x instanceof ParallelFor) && storesOutsideLoops(p.body())) between[0] = true;
            });
            return between[0];
        }

        /**
         * The {@code @Reduce} loop of {@code kernel} when the kernel may run it over many work-groups (C's "grid
         * reduction", see {@code CEmitter}), or null when it runs as one work-group ({@link #REDUCTION_GROUP}).
         *
         * <p>Many groups are provably the same computation as Java's one run when nothing a group does before or in
         * the loop can be seen by another group, and every global store but the loop's is made by the last group,
         * after the loop: (1) the kernel takes no KernelContext and has no AtomicInteger locals; (2) its body is
         * statements, the loop, which is its only {@code @Parallel} loop, then statements; (3) the loop's body
         * stores nothing to global memory and calls no void helper (so the global memory every group reads does not
         * change during the launch); (4) the statements before the loop make no global store but {@code r[0] = v}
         * (no compound operator) at the top level, r one of the loop's results, read no result array, and hold no
         * return, barrier, atomic, print or void call; (5) neither the loop nor the code before it passes a global array to
         * a helper (which could store to it). Every group then computes the same locals before the loop, and
         * Java's {@code r[0] = v; for (...) r[0] = r[0] op x_i} is {@code r[0] = v op (x_0 op x_1 op ...)} by
         * associativity, which is what the last group stores; without such a store it is {@code r[0] op (...)}. (6) The
         * statements after the loop hold no barrier, atomic or print and pass no global array to a helper: only the last
         * group runs them, after its fold, as the one-group path runs them after its own (every work-item, stores and
         * void calls by work-item 0), so they see the results as Java's code after the loop does.
         */
        public static ParallelFor gridReduction(Function kernel) {
            if (!kernel.kernel() || !kernel.atomics().isEmpty() || kernel.parameters().stream().anyMatch(p -> p.type() == Type.CONTEXT)) return null;
            List<Stmt> top = kernel.body().statements();
            int at = -1;
            for (int k = 0; k < top.size(); k++) if (top.get(k) instanceof ParallelFor p && !p.reductions().isEmpty()) at = k;
            if (at < 0) return null;
            ParallelFor loop = (ParallelFor) top.get(at);
            if (IrWalk.anyStmt(kernel.body(), s -> s instanceof ParallelFor && s != loop)) return null;
            if (IrWalk.anyStmt(loop.body(), s -> s instanceof Assign a && a.target() instanceof Expr.Load l && l.array().type().space() == Type.Space.GLOBAL
                    || s instanceof Evaluate e && e.expression().type() == Type.VOID || s instanceof AtomicAdd || s instanceof LocalBarrier
                    || s instanceof Print || s instanceof LocalArray)) return null;
            var results = new java.util.HashSet<String>();
            for (Reduction r : loop.reductions()) results.add(r.array().name());
            if (readsAny(loop.start(), results) || readsAny(loop.bound(), results) || readsAny(loop.step(), results)) return null;
            if (passesGlobalArray(loop.body())) return null;
            for (Stmt s : top.subList(0, at)) {
                if (s instanceof Assign a && a.target() instanceof Expr.Load l && l.array().type().space() == Type.Space.GLOBAL) {
                    if (a.op() != null || !results.contains(l.array().name()) || !(l.index() instanceof Expr.IntLiteral i && i.value() == 0)) return null;
                    if (readsAny(a.value(), results)) return null;
                    continue;
                }
                boolean[] bad = {false};
                IrWalk.forEachStmt(s, st -> {
                    if (st instanceof Assign a && a.target() instanceof Expr.Load l && l.array().type().space() == Type.Space.GLOBAL
                            || st instanceof Evaluate e && e.expression().type() == Type.VOID || st instanceof AtomicAdd || st instanceof LocalBarrier
                            || st instanceof Print || st instanceof LocalArray || st instanceof Return) bad[0] = true;
                });
                IrWalk.forEachExpr(s, e -> { if (e instanceof Expr.Load l && results.contains(l.array().name())) bad[0] = true; });
                if (bad[0] || passesGlobalArray(s)) return null;
            }
            for (Stmt s : top.subList(at + 1, top.size())) {
                if (IrWalk.anyStmt(s, st -> st instanceof AtomicAdd || st instanceof LocalBarrier || st instanceof Print || st instanceof LocalArray)
                        || passesGlobalArray(s)) return null;
            }
            return loop;
        }

        /** Whether {@code s} calls a helper with a global array: the helper may store to it, which the IR here cannot see. */
        private static boolean passesGlobalArray(Stmt s) {
            return IrWalk.anyExpr(s, e -> e instanceof Expr.Call c && c.arguments().stream()
                    .anyMatch(a -> a.type().isArray() && a.type().space() == Type.Space.GLOBAL));
        }

        private static boolean readsAny(Expr e, java.util.Set<String> arrays) {
            boolean[] found = {false};
            IrWalk.forEachExpr(e, x -> { if (x instanceof Expr.Load l && arrays.contains(l.array().name())) found[0] = true; });
            return found[0];
        }

        /**
         * The private arrays of an in-order kernel that its iterations share: declared outside every {@code @Parallel}
         * loop and written inside one. Java has one such array; C makes it one local-memory array of the work-group.
         */
        public static java.util.Set<String> sharedArrays(Stmt body) {
            var outside = new java.util.HashSet<String>();
            IrWalk.walk(body, new IrWalk.Visitor() {
                @Override public boolean enter(Stmt s) {
                    if (s instanceof PrivateArray a) outside.add(a.name());
                    return !(s instanceof ParallelFor);
                }
            });
            var shared = new java.util.TreeSet<String>();
            IrWalk.forEachStmt(body, s -> {
                if (s instanceof ParallelFor p) IrWalk.forEachStmt(p.body(), st -> {
                    if (st instanceof Assign a && a.target() instanceof Expr.Load l && outside.contains(l.array().name())) shared.add(l.array().name());
                });
            });
            return shared;
        }

        /** Whether {@code s} stores to a global array, or calls a void helper, outside the {@code @Parallel} loops in it. */
        public static boolean storesOutsideLoops(Stmt s) {
            boolean[] found = {false};
            IrWalk.walk(s, new IrWalk.Visitor() {
                @Override public boolean enter(Stmt st) {
                    if (st instanceof Assign a && a.target() instanceof Expr.Load l && l.array().type().space() == Type.Space.GLOBAL
                            || st instanceof Evaluate e && e.expression().type() == Type.VOID) found[0] = true;
                    return !(st instanceof ParallelFor);
                }
            });
            return found[0];
        }
    }

    /** One {@code @Reduce} array folded by a {@link ParallelFor}: {@code array[0] = array[0] op value} per iteration. */
    record Reduction(String accumulator, Expr.Variable array, ReduceOp op) implements Serializable {
        public Type type() {
            return array.type().elementType();
        }

        /**
         * The hidden global array of a {@link ParallelFor#gridReduction}, one element per work-group: each group's
         * partial result, which the last group folds.
         */
        public Function.Parameter groupPartials() {
            return new Function.Parameter(accumulator + "_groups", Type.arrayOf(type(), Type.Space.GLOBAL));
        }
    }

    /** The associative folds a {@code @Reduce} loop may do (Java's {@code +}, {@code *}, {@code Math.max}, {@code Math.min}). */
    enum ReduceOp { SUM, PRODUCT, MAX, MIN }

    /**
     * {@code context.atomicAdd(array, index, value)}: one indivisible {@code array[index] += value} (a global
     * IntArray, LongArray or FloatArray, or a local/private int[]); float adds by compare-and-swap where C has no
     * float atomic.
     */
    record AtomicAdd(Expr.Variable array, Expr index, Expr value, int line) implements Stmt {}

    /**
     * A tensor-core call of KernelContext ({@link MatrixOp}): {@code target} is the fragment (a private array) it
     * writes, null for the stores; {@code arguments} its operands as {@link MatrixOp} lists them.
     */
    record Matrix(MatrixOp op, Expr.Variable target, List<Expr> arguments, int line) implements Stmt {}

    /** {@code Debug.printf(format, arguments...)}: C's printf on the device, once per work-item that reaches it. */
    record Print(String format, List<Expr> arguments, int line) implements Stmt {}

    /** {@code float[] name = context.allocateFloatLocalArray(size)}; C hoists it to the kernel's top. */
    record LocalArray(String name, Type type, int size, Expr symbolicSize, int line) implements Stmt {
        /** A local array of a constant size. */
        public LocalArray(String name, Type type, int size, int line) {
            this(name, type, size, null, line);
        }

        /** The size as C reads it (see {@link Stmt#sizeText}). */
        public String sizeText() {
            return Stmt.sizeText(size, symbolicSize);
        }
    }

    /**
     * {@code float[] name = new float[size]} with a constant size: a per-work-item (register) array, zero-filled as
     * in Java unless {@code zeroed} is false (the declaration carries {@code @Scratch}: every element is written
     * before it is read). {@code reassigned}: the kernel assigns the variable another private array of its size
     * ({@code b = a}, which makes them one array in Java), so C declares the storage apart and the name as a pointer.
     * {@code sizeExpression}, when not null, is the size instead of {@code size}: arithmetic over int literals, int
     * parameters and {@link Function#lengthConstant array lengths}, all of which the JIT binds as {@code #define}s
     * (a vector collection allocated in a kernel, {@code new VectorFloat4(output.getLength())}).
     */
    record PrivateArray(String name, Type type, int size, boolean zeroed, boolean reassigned, int line, Expr sizeExpression) implements Stmt {
        public PrivateArray(String name, Type type, int size, boolean zeroed, boolean reassigned, int line) {
            this(name, type, size, zeroed, reassigned, line, null);
        }

        public PrivateArray(String name, Type type, int size, boolean zeroed, int line) {
            this(name, type, size, zeroed, false, line, null);
        }
    }

    /**
     * An array's size as C reads it: the constant {@code size}, or {@code symbolicSize}, an int expression of literals
     * and int parameters of the kernel that it never assigns, combined by + - * / % << >> ({@code BLOCK * headSize}): the
     * JIT binds those parameters to their launch values as {@code #define}s (see {@link Function#arraySizeParameters}),
     * so C still sees a constant. Java's int operators on these operands mean what C's do.
     */
    static String sizeText(int size, Expr symbolicSize) {
        return switch (symbolicSize) {
            case null -> Integer.toString(size);
            case Expr.IntLiteral l -> Integer.toString(l.value());
            case Expr.Variable v -> v.name();
            case Expr.Binary b -> "(" + sizeText(0, b.left()) + " " + b.op().javaSymbol + " " + sizeText(0, b.right()) + ")";
            default -> throw new IllegalArgumentException("an array size may not be " + symbolicSize);
        };
    }
}
