package drcn.runtime.backend;

import drcn.kernels.Index;
import drcn.compiler.ir.Expr;
import drcn.compiler.ir.Function;
import drcn.compiler.ir.IrWalk;
import drcn.compiler.ir.Stmt;
import drcn.compiler.ir.Type;
import drcn.runtime.jit.Wrappers;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * The launch of a kernel written with TornadoVM's loop-parallel API ({@code @Parallel} loops, {@link Stmt.ParallelFor}).
 * Each loop runs as a grid-stride loop over its dimension, so any launch computes every iteration once; the launch
 * size only decides how many work-items share them. By default a dimension gets one work-item per iteration, the
 * trip count of its loop evaluated from the launch's arguments (scalars and array sizes); a loop whose bounds depend
 * on anything else gets {@link #UNKNOWN_TRIPS} work-items. A {@code GridScheduler}'s grid replaces that. A kernel
 * with a {@code @Reduce} loop that {@link Stmt.ParallelFor#gridReduction} lets run over many work-groups runs as
 * {@link #reductionGroups} groups; any other runs as exactly one work-group of {@link Stmt.ParallelFor#REDUCTION_GROUP}
 * work-items.
 */
public final class ParallelLaunch {
    /** Work-items of a dimension whose trip count cannot be known before the launch. */
    static final int UNKNOWN_TRIPS = 4096;

    /**
     * Work-groups of a grid reduction per compute unit: 8 groups of 256 fill an SM of 2048 threads (NVIDIA since
     * sm_50), and on a CPU device they let the work-groups balance over cores that other work shares.
     */
    static final int GROUPS_PER_UNIT = 8;

    private ParallelLaunch() {}

    /**
     * The work-groups of a grid reduction over {@code trips} iterations (null: not known before the launch) on a device
     * with {@code computeUnits}: enough to fill the device, never more than there are iterations for
     * ({@link Stmt.ParallelFor#REDUCTION_GROUP} per group), at least 1. A function of its arguments only, so one launch
     * size gives one fold order on every run.
     */
    public static int reductionGroups(Long trips, int computeUnits) {
        long groups = (long) Math.max(1, computeUnits) * GROUPS_PER_UNIT;
        if (trips != null) groups = Math.min(groups, Index.ceilDiv(Math.max(1, trips), Stmt.ParallelFor.REDUCTION_GROUP));
        return (int) Math.max(1, groups);
    }

    /**
     * Whether a grid reduction gives each work-item one contiguous slice of the iterations
     * ({@code Function.CONTIGUOUS_SLICES}) for {@code setting} ({@code drcn.reduction}: auto, contiguous or strided) on
     * {@code device}. auto: on a CPU device, where a work-group's work-items run one after another on a core, a slice is
     * one stream through memory, while a grid-stride share steps by W * 4 bytes (measured on PoCL, 3 M floats:
     * 4 to 10 times slower); on a GPU the grid-stride share lets a warp read 32 neighbouring elements at once.
     */
    public static boolean contiguousSlices(String setting, DeviceInfo device) {
        return switch (setting) {
            case "contiguous" -> true;
            case "strided" -> false;
            default -> device.cpu();
        };
    }

    /**
     * The range of a launch of {@code kernel}, or null when it has no {@code @Parallel} loop.
     *
     * @param arguments the launch arguments in the order of the kernel's parameters without the KernelContext
     * @param byteSize  the size in bytes of an array argument
     * @param grid      the range a GridScheduler gives the task, or null
     * @param computeUnits the device's compute units (they size a grid reduction)
     */
    public static Range range(Function kernel, Object[] arguments, ToLongFunction<Object> byteSize, Range grid, int computeUnits) {
        var loops = new java.util.ArrayList<Stmt.ParallelFor>();
        IrWalk.forEachStmt(kernel.body(), s -> { if (s instanceof Stmt.ParallelFor loop) loops.add(loop); });
        if (loops.isEmpty()) return null;
        Stmt.ParallelFor gridLoop = Stmt.ParallelFor.gridReduction(kernel);
        if (gridLoop != null) {
            int most = Stmt.ParallelFor.REDUCTION_GROUP;
            if (grid != null) {
                // the grid's work-items, in groups of its local size where the tree holds them (else of the tree's size)
                int local = grid.local(0) >= 1 && grid.local(0) <= most ? grid.local(0) : most;
                return Range.of(Index.ceilDiv(grid.global(0), local) * local).withLocal(local);
            }
            return Range.of(reductionGroups(knownTrips(gridLoop, values(kernel, arguments, byteSize)), computeUnits) * most).withLocal(most);
        }
        if (loops.stream().anyMatch(l -> !l.reductions().isEmpty())) {
            return Range.of(Stmt.ParallelFor.REDUCTION_GROUP).withLocal(Stmt.ParallelFor.REDUCTION_GROUP);
        }
        if (grid != null) return grid;
        var values = values(kernel, arguments, byteSize);
        int dimensions = loops.stream().mapToInt(Stmt.ParallelFor::dimension).max().orElse(0) + 1;
        int[] global = new int[dimensions];
        for (int d = 0; d < dimensions; d++) {
            final int dimension = d;
            Stmt.ParallelFor loop = loops.stream().filter(l -> l.dimension() == dimension).findFirst().orElse(null);
            global[d] = loop == null ? 1 : trips(loop, values);
        }
        return new Range(global, null);
    }

    /** The kernel's int parameters' values and its array parameters' element counts (and matrices' extents). */
    private static Map<String, Object> values(Function kernel, Object[] arguments, ToLongFunction<Object> byteSize) {
        var values = new HashMap<String, Object>();
        List<Function.Parameter> parameters = kernel.parameters().stream().filter(p -> p.type() != Type.CONTEXT).toList();
        for (int i = 0; i < parameters.size() && i < arguments.length; i++) {
            Function.Parameter p = parameters.get(i);
            Object argument = arguments[i];
            if (argument instanceof Wrappers.Shaped shaped) {
                // a matrix: its extents are known too (m.getNumColumns() in a loop bound)
                for (int x = 0; x < shaped.shape().length; x++) values.put(drcn.compiler.emit.CEmitter.extentName(p.name(), x), (long) shaped.shape()[x]);
                argument = shaped.array();
            }
            values.put(p.name(), p.type().isArray() ? (Object) (byteSize.applyAsLong(argument) / p.type().elementType().byteSize()) : argument);
        }
        return values;
    }

    /** The loop's trip count from the arguments, at least 1; {@link #UNKNOWN_TRIPS} if its bounds are not known. */
    private static int trips(Stmt.ParallelFor loop, Map<String, Object> values) {
        Long trips = knownTrips(loop, values);
        return trips == null ? UNKNOWN_TRIPS : (int) Math.min(Integer.MAX_VALUE, trips);
    }

    /** The loop's trip count from the arguments, at least 1; null if its bounds are not known. */
    private static Long knownTrips(Stmt.ParallelFor loop, Map<String, Object> values) {
        Long start = evaluate(loop.start(), values), bound = evaluate(loop.bound(), values), step = evaluate(loop.step(), values);
        if (bound == null || step == null || step <= 0) return null;
        if (start == null) start = 0L; // e.g. a triangular nest: as many work-items as the longest pass needs
        long span = (loop.descending() ? start - bound : bound - start) + (loop.inclusive() ? 1 : 0);
        return Math.max(1, Index.ceilDiv(span, step));
    }

    /** The value of an int expression over the kernel's parameters, with Java's int semantics; null if not known. */
    static Long evaluate(Expr e, Map<String, Object> values) {
        Long v = switch (e) {
            case Expr.IntLiteral l -> (long) l.value();
            case Expr.LongLiteral l -> l.value();
            case Expr.Variable variable -> known(values.get(variable.name()));
            case Expr.ArrayLength a -> values.get(a.array().name()) instanceof Long n ? n : null;
            case Expr.Cast c -> c.type().isIntegral() ? evaluate(c.operand(), values) : null;
            case Expr.Unary u when u.op() == drcn.compiler.ir.UnaryOp.NEGATE -> {
                Long x = evaluate(u.operand(), values);
                yield x == null ? null : -x;
            }
            case Expr.Binary b -> {
                Long x = evaluate(b.left(), values), y = evaluate(b.right(), values);
                if (x == null || y == null) yield null;
                if ((b.op() == drcn.compiler.ir.BinaryOp.DIV || b.op() == drcn.compiler.ir.BinaryOp.REM) && y == 0) yield null;
                yield switch (b.op()) {
                    case ADD -> x + y;
                    case SUB -> x - y;
                    case MUL -> x * y;
                    case DIV -> x / y;
                    case REM -> x % y;
                    case SHL -> x << y;
                    case SHR -> x >> y;
                    case AND -> x & y;
                    case OR -> x | y;
                    case XOR -> x ^ y;
                    default -> (Long) null;
                };
            }
            case Expr.Intrinsic in when in.arguments().size() == 2 && (in.op() == drcn.compiler.ir.IntrinsicOp.MAX || in.op() == drcn.compiler.ir.IntrinsicOp.MIN) -> {
                Long x = evaluate(in.arguments().get(0), values), y = evaluate(in.arguments().get(1), values);
                yield x == null || y == null ? null : in.op() == drcn.compiler.ir.IntrinsicOp.MAX ? Math.max(x, y) : Math.min(x, y);
            }
            default -> null;
        };
        // an int expression wraps as Java's int arithmetic does
        if (v == null) return null;
        return e.type() == Type.INT ? (long) v.intValue() : v;
    }

    /** An integral argument's value; null for anything else (a local variable, a float). */
    private static Long known(Object value) {
        if (value instanceof Character c) return (long) c;
        if (value instanceof Number n && !(n instanceof Float) && !(n instanceof Double)) return n.longValue();
        return null;
    }
}
