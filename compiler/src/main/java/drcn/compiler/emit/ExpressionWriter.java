package drcn.compiler.emit;

import drcn.compiler.ir.BinaryOp;
import drcn.compiler.ir.Expr;
import drcn.compiler.ir.Function;
import drcn.compiler.ir.HelperLocalArrays;
import drcn.compiler.ir.Type;
import drcn.compiler.ir.VectorOp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes one function's expressions as C. Java semantics are kept where C differs:
 * <ul>
 *   <li>{@code >>>} becomes a shift of the value reinterpreted as unsigned, and {@code <<} shifts an
 *       unsigned value too (a signed left shift that overflows is undefined in C, wraps in Java);</li>
 *   <li>shift counts are masked {@code & 31} ({@code & 63} for long), as Java does (C: undefined beyond the width);</li>
 *   <li>byte, short and char operands arrive widened to int by the front end (Java's promotion), char as the
 *       unsigned 16-bit type, so C's own promotions agree with Java's;</li>
 *   <li>{@code (int) f}, {@code (long) d} saturate and map NaN to 0 (see {@link DialectTable#floatToIntFormat()});
 *       a floating value cast to byte, short or char goes through int first, as in Java;</li>
 *   <li>{@code %} on floats is {@code fmod} (C has no float {@code %});</li>
 *   <li>float literals are printed as Java's shortest round-tripping decimal, so they are exact;
 *       {@code Integer.MIN_VALUE} as {@code (-2147483647 - 1)} (2147483648 is no int literal in C).</li>
 * </ul>
 * Not preserved (documented, as every GPU Java compiler does): int overflow of {@code + - *} wraps in
 * Java and is undefined in C; {@code x / 0} throws in Java; {@code Math.max/min} on floats follow C's
 * {@code fmax/fmin} (a NaN operand yields the other operand, Java yields NaN).
 *
 * <p>Parenthesization: every binary or conditional sub-expression is parenthesized, nothing else; a
 * top-level expression (a statement's right-hand side, a condition, an index, an argument) is not.
 */
final class ExpressionWriter {
    private final DialectTable table;
    private final Map<String, Function> helpersById;
    /** Array variable name -> C expression for its element count ({@code name_size} or the constant size). */
    private final Map<String, String> arraySizes;

    /** Helper id -> the hoisted local arrays it takes after its parameters (see {@link HelperLocalArrays}). */
    private final java.util.function.Function<String, List<HelperLocalArrays.Hoisted>> localArraysTaken;

    /** Each function's vector parameters passed by reference ({@link drcn.compiler.ir.VectorReferences}), by function id. */
    private Map<String, java.util.Set<Integer>> vectorReferences = Map.of();
    /** The current helper's by-reference vector parameters: pointers in C, read and written as {@code (*v)}. */
    private java.util.Set<String> pointers = java.util.Set.of();

    /** Sets what {@link #call} and {@link #variable} need to pass and read vectors by reference. */
    void vectorReferences(Map<String, java.util.Set<Integer>> byFunction, java.util.Set<String> pointers) {
        this.vectorReferences = byFunction;
        this.pointers = pointers;
    }

    ExpressionWriter(DialectTable table, Map<String, Function> helpersById, Map<String, String> arraySizes) {
        this(table, helpersById, arraySizes, id -> List.of());
    }

    ExpressionWriter(DialectTable table, Map<String, Function> helpersById, Map<String, String> arraySizes,
                     java.util.function.Function<String, List<HelperLocalArrays.Hoisted>> localArraysTaken) {
        this.table = table;
        this.helpersById = helpersById;
        this.arraySizes = arraySizes;
        this.localArraysTaken = localArraysTaken;
    }

    /** The expression in a position that needs no parentheses (statement, condition, index, argument). */
    String top(Expr e) {
        e = stripIdentityCasts(e);
        return switch (e) {
            case Expr.IntLiteral lit -> intLiteral(lit.value());
            case Expr.FloatLiteral lit -> floatLiteral(lit.value());
            case Expr.LongLiteral lit -> longLiteral(lit.value());
            case Expr.DoubleLiteral lit -> doubleLiteral(lit.value());
            case Expr.BoolLiteral lit -> lit.value() ? "true" : "false";
            case Expr.Variable v -> variable(v);
            case Expr.Binary b -> binary(b);
            case Expr.Unary u -> unary(u);
            case Expr.Conditional c -> operand(c.condition()) + " ? " + operand(c.ifTrue()) + " : " + operand(c.ifFalse());
            case Expr.Cast c -> cast(c);
            case Expr.Load l -> l.array().type() == Type.HALF_GLOBAL_ARRAY ? table.halfLoadFormat().formatted(arrayName(l.array()), top(l.index()))
                    : arrayName(l.array()) + "[" + top(l.index()) + "]";
            case Expr.ArrayLength len -> arraySize(len.array());
            case Expr.Call call -> call(call);
            case Expr.Intrinsic in -> intrinsic(in);
            case Expr.VectorCall v -> vector(v);
            case Expr.ContextQuery q -> table.query(q.value());
            case Expr.AtomicFetchAdd a -> (a.newValue() ? "drcn_atomic_add_get(" : table == DialectTable.CUDA ? "atomicAdd(" : "atomic_add(")
                    + "&" + arrayName(a.array()) + "[" + top(a.index()) + "], " + top(a.delta()) + ")";
            case Expr.VectorOf v -> LaneVectors.construct(v.type(), v.lanes().stream().map(this::top).toList(), table);
            case Expr.Lane l -> (l.vector() instanceof Expr.Variable ? top(l.vector()) : "(" + top(l.vector()) + ")") + "." + LaneVectors.lane(l.index());
            case Expr.LaneCall c -> LaneVectors.call(c.op(), LaneVectors.operandType(c), c.arguments().stream()
                    .map(a -> a instanceof Expr.Variable v && v.type().isArray() ? arrayName(v) : top(a)).toList());
        };
    }

    /** The expression as an operand of an operator: parenthesized when it is itself an infix expression. */
    String operand(Expr e) {
        e = stripIdentityCasts(e);
        String text = top(e);
        return isInfix(e) ? "(" + text + ")" : text;
    }

    /** Whether {@link #top} writes {@code e} as an infix expression (binary operator or {@code ?:}). */
    private static boolean isInfix(Expr e) {
        return switch (e) {
            case Expr.Binary b -> !(b.op() == BinaryOp.SHL || b.op() == BinaryOp.USHR || isFloatRemainder(b));
            case Expr.Conditional c -> true;
            case Expr.IntLiteral lit -> lit.value() == Integer.MIN_VALUE;
            case Expr.LongLiteral lit -> lit.value() == Long.MIN_VALUE;
            default -> false;
        };
    }

    /** Casts that C does not see: to the operand's own type, and HalfFloat to float (a half value is a float in C). */
    private static Expr stripIdentityCasts(Expr e) {
        while (e instanceof Expr.Cast c && (c.type() == c.operand().type() || c.type() == Type.FLOAT && c.operand().type() == Type.HALF)) e = c.operand();
        return e;
    }

    /** {@code array.set(index, value)} on a global HalfFloatArray: the value rounded to binary16 and stored as such. */
    String halfStore(Expr.Load target, Expr value) {
        // the store rounds to binary16 itself: a value just rounded (new HalfFloat(x), HalfFloat.add) is stored from x
        if (value instanceof Expr.Cast c && c.type() == Type.HALF && c.operand().type() == Type.FLOAT) value = c.operand();
        return table.halfStoreFormat().formatted(arrayName(target.array()), top(target.index()), top(value));
    }

    static String intLiteral(int value) {
        // -2147483648 would be unary minus applied to 2147483648, which is not an int in C.
        return value == Integer.MIN_VALUE ? "-2147483647 - 1" : Integer.toString(value);
    }

    String longLiteral(long value) {
        String suffix = table.longSuffix();
        return value == Long.MIN_VALUE ? "-9223372036854775807" + suffix + " - 1" : value + suffix;
    }

    String doubleLiteral(double value) {
        if (Double.isNaN(value)) return table.doubleNan();
        if (Double.isInfinite(value)) return value > 0 ? table.doubleInfinity() : "-" + table.doubleInfinity();
        // Double.toString is the shortest round-tripping decimal and always has a '.' or an exponent: a C double literal.
        return Double.toString(value);
    }

    String floatLiteral(float value) {
        if (Float.isNaN(value)) return table.nan();
        if (Float.isInfinite(value)) return value > 0 ? table.infinity() : "-" + table.infinity();
        // Since JDK 19 Float.toString is the shortest decimal that rounds back to the same float,
        // and C compilers round an f-suffixed decimal literal correctly: exact and readable.
        // Its forms ("0.5", "1.0E-4", "-0.0") are all valid C floating literals once suffixed.
        return Float.toString(value) + "f";
    }

    private String variable(Expr.Variable v) {
        if (v.type() == Type.CONTEXT)
            throw new IllegalArgumentException("the KernelContext '" + v.name() + "' can only be passed to a helper, not used as a value");
        if (v.type().isArray())
            throw new IllegalArgumentException("array '" + v.name() + "' used as a value; only element access, getSize() and passing to a helper are supported");
        return pointers.contains(v.name()) ? "(*" + v.name() + ")" : v.name();
    }

    private String arrayName(Expr.Variable array) {
        if (!array.type().isArray()) throw new IllegalArgumentException("'" + array.name() + "' is indexed but is not an array");
        return array.name();
    }

    private String arraySize(Expr.Variable array) {
        String size = arraySizes.get(arrayName(array));
        if (size == null) throw new IllegalArgumentException("no size known for array '" + array.name() + "'");
        return size;
    }

    private String binary(Expr.Binary b) {
        return switch (b.op()) {
            // Shift the bits as unsigned: logical shift for >>>, no signed-overflow UB for <<.
            case USHR -> "(" + cType(b.type()) + ")((unsigned " + cType(b.type()) + ")" + operand(b.left()) + " >> " + shiftCount(b.right(), b.type()) + ")";
            case SHL -> "(" + cType(b.type()) + ")((unsigned " + cType(b.type()) + ")" + operand(b.left()) + " << " + shiftCount(b.right(), b.type()) + ")";
            // >> on a negative int is implementation-defined in C; every GPU compiler shifts arithmetically.
            case SHR -> operand(b.left()) + " >> " + shiftCount(b.right(), b.type());
            case REM -> isFloatRemainder(b)
                    ? mathName("fmod", b.type()) + "(" + floatArgument(b.left(), b.type()) + ", " + floatArgument(b.right(), b.type()) + ")"
                    : operand(b.left()) + " % " + operand(b.right());
            default -> operand(b.left()) + " " + b.op().javaSymbol + " " + operand(b.right());
        };
    }

    private static boolean isFloatRemainder(Expr.Binary b) {
        return b.op() == BinaryOp.REM && b.type().isFloating();
    }

    private String cType(Type type) {
        return table.scalarType(type);
    }

    /** A C math function for float ({@link DialectTable#floatMath}) or double (C's unsuffixed name) operands. */
    private String mathName(String base, Type type) {
        return type == Type.DOUBLE ? base : table.floatMath(base);
    }

    /**
     * Java uses only the low five bits of an int shift count (six of a long's); a literal already in range
     * stays as is. The count may be a long: its low bits are what counts, so C's own conversion does.
     */
    private String shiftCount(Expr count, Type shifted) {
        int bits = shifted == Type.LONG ? 64 : 32;
        count = stripIdentityCasts(count);
        if (count instanceof Expr.IntLiteral lit && lit.value() >= 0 && lit.value() < bits) return top(lit);
        if (count instanceof Expr.LongLiteral lit) return Long.toString(lit.value() & (bits - 1));
        String masked = "(" + operand(count) + " & " + (bits - 1) + ")";
        return count.type() == Type.LONG ? "(int)" + masked : masked;
    }

    private String unary(Expr.Unary u) {
        String symbol = switch (u.op()) {
            case NEGATE -> "-";
            case NOT -> "!";
            case BITWISE_NOT -> "~";
        };
        String x = operand(u.operand());
        // "- -x" must not become "--x".
        return x.startsWith("-") ? symbol + "(" + x + ")" : symbol + x;
    }

    private String cast(Expr.Cast c) {
        Type from = c.operand().type(), to = c.type();
        if (to == Type.HALF) {
            // new HalfFloat(x) and the HalfFloat operations: the float rounded to the nearest binary16 value
            Expr value = from == Type.FLOAT || from == Type.HALF ? c.operand() : new Expr.Cast(Type.FLOAT, c.operand());
            return "drcn_round_half(" + top(value) + ")";
        }
        if (from == Type.HALF) return cast(new Expr.Cast(to, new Expr.Cast(Type.FLOAT, c.operand())));
        if (!from.isNumeric() || !to.isNumeric())
            throw new IllegalArgumentException("unsupported cast from " + from + " to " + to);
        if (from.isFloating() && to == Type.INT) {
            String format = from == Type.FLOAT ? table.floatToIntFormat() : table.doubleToIntFormat();
            return format.formatted(top(c.operand()));
        }
        if (from.isFloating() && to == Type.LONG) {
            String format = from == Type.FLOAT ? table.floatToLongFormat() : table.doubleToLongFormat();
            return format.formatted(top(c.operand()));
        }
        if (from.isFloating() && to.isIntegral()) {
            // Java narrows a floating value to byte, short or char through int (JLS 5.1.3).
            return "(" + cType(to) + ")" + cast(new Expr.Cast(Type.INT, c.operand()));
        }
        // Widening, integral narrowing (the low bits, which is what every C compiler does for signed
        // targets too) and floating conversions (round to nearest) are C's plain casts.
        return "(" + cType(to) + ")" + operand(c.operand());
    }

    private String call(Expr.Call call) {
        Function callee = helpersById.get(call.functionId());
        if (callee == null)
            throw new IllegalArgumentException("call to '" + call.functionId() + "', which is not among the helpers given to the emitter");
        List<Function.Parameter> params = callee.parameters();
        if (params.size() != call.arguments().size())
            throw new IllegalArgumentException("call to " + call.functionId() + " passes " + call.arguments().size()
                    + " arguments, it takes " + params.size());
        List<String> args = new ArrayList<>();
        java.util.Set<Integer> byReference = vectorReferences.getOrDefault(callee.id(), java.util.Set.of());
        for (int i = 0; i < params.size(); i++) {
            Function.Parameter p = params.get(i);
            Expr arg = call.arguments().get(i);
            if (p.type() == Type.CONTEXT) continue; // the context has no C counterpart
            if (byReference.contains(i)) {
                // the callee sets lanes of this vector: it gets a pointer to the caller's variable, as Java shares the object
                if (!(arg instanceof Expr.Variable v))
                    throw new IllegalArgumentException("call to " + call.functionId() + " passes an expression to its vector parameter '" + p.name()
                            + "', whose lanes it sets; pass a variable");
                args.add(pointers.contains(v.name()) ? v.name() : "&" + v.name());
                continue;
            }
            if (p.type().isArray()) {
                if (!(arg instanceof Expr.Variable array) || array.type() != p.type())
                    throw new IllegalArgumentException("call to " + call.functionId() + ": parameter '" + p.name()
                            + "' needs a " + p.type() + " variable, got " + arg);
                // Arrays travel as pointer + element count (+ a matrix's extents), the same convention as kernel parameters.
                args.add(array.name());
                args.add(arraySize(array));
                for (int x = 0; x < p.type().extents(); x++) args.add(CEmitter.extentName(array.name(), x));
            } else {
                args.add(top(arg));
            }
        }
        for (HelperLocalArrays.Hoisted a : localArraysTaken.apply(callee.id())) args.add(a.cName());
        return callee.cName() + "(" + String.join(", ", args) + ")";
    }

    private String intrinsic(Expr.Intrinsic in) {
        List<Expr> a = in.arguments();
        Type type = in.type();
        boolean floating = type.isFloating();
        return switch (in.op()) {
            case MAX -> floating ? floatCall("fmax", a, type) : "max(" + top(a.get(0)) + ", " + top(a.get(1)) + ")";
            case MIN -> floating ? floatCall("fmin", a, type) : "min(" + top(a.get(0)) + ", " + top(a.get(1)) + ")";
            case ABS -> floating ? floatCall("fabs", a, type)
                    : (type == Type.LONG ? table.longAbsFormat() : table.intAbsFormat()).formatted(top(a.get(0)));
            case HALF_BITS, TF32_ROUND, BF16_TO_FLOAT, BF16_FROM_FLOAT, FP8_E4M3_TO_FLOAT, FP8_E4M3_FROM_FLOAT, FP8_E5M2_TO_FLOAT, FP8_E5M2_FROM_FLOAT -> in.op().cName + "(" + top(a.get(0)) + ")";
            case BYTES_LOAD_HALF -> in.op().cName + "(" + arrayName((Expr.Variable) a.get(0)) + ", " + top(a.get(1)) + ")";
            case BYTES_STORE_HALF -> in.op().cName + "(" + arrayName((Expr.Variable) a.get(0)) + ", " + top(a.get(1)) + ", " + top(a.get(2)) + ")";
            // OpenCL's versions exchange through the kernel's local scratch (SimdPrelude)
            case SIMD_SUM, SIMD_SHUFFLE_DOWN, SIMD_BROADCAST_FIRST -> in.op().cName + "(" + String.join(", ", a.stream().map(this::top).toList())
                    + (table == DialectTable.CUDA ? "" : ", " + SimdPrelude.SCRATCH) + ")";
            case HALF_ARRAY_DOT -> in.op().cName + "(" + arrayName((Expr.Variable) a.get(0)) + ", " + arrayName((Expr.Variable) a.get(1)) + ", " + top(a.get(2)) + ")";
            default -> floatCall(in.op().cName, a, type);
        };
    }

    private String vector(Expr.VectorCall v) {
        List<String> args = new ArrayList<>();
        List<Expr> a = v.arguments();
        int first = 0;
        if (v.op() == VectorOp.LOAD || v.op() == VectorOp.STORE) {
            // the address of the first of the 16 elements
            args.add(arrayName((Expr.Variable) a.get(0)) + " + " + operand(a.get(1)));
            first = 2;
        }
        for (int i = first; i < a.size(); i++) args.add(v.op() == VectorOp.BROADCAST ? floatArgument(a.get(i), Type.FLOAT) : top(a.get(i)));
        return table.vector(v.op(), args);
    }

    private String floatCall(String base, List<Expr> args, Type type) {
        List<String> texts = new ArrayList<>();
        for (Expr arg : args) texts.add(floatArgument(arg, type));
        return mathName(base, type) + "(" + String.join(", ", texts) + ")";
    }

    /**
     * An argument of a float (double) built-in, converted first when it has another type: OpenCL's overloads
     * make fmax(float, int) ambiguous.
     */
    private String floatArgument(Expr arg, Type type) {
        Expr plain = stripIdentityCasts(arg);
        if (type == Type.FLOAT && plain instanceof Expr.IntLiteral lit) return floatLiteral((float) lit.value());
        if (type == Type.DOUBLE && plain instanceof Expr.IntLiteral lit) return doubleLiteral(lit.value());
        return arg.type() != type ? "(" + cType(type) + ")" + operand(arg) : top(arg);
    }
}
