package drcn.compiler.ir;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Work-group local arrays that helpers allocate (TornadoVM's {@code context.allocateFloatLocalArray(localSize)} in a
 * method the kernel calls). OpenCL C declares {@code __local} arrays only at a kernel's top, so each one is hoisted
 * there, once per kernel under the name {@code <helper's C name>_<array>}, and reaches its helper as a trailing pointer
 * argument, passed down through every helper on the way. Java allocates afresh at each call; sharing one array between
 * the calls changes nothing C can observe, since local memory starts undefined at every launch either way.
 *
 * <p>A helper's array is sized by an expression of its int parameters ({@link Stmt#sizeText}); substituted through the
 * arguments of each call on the way from the kernel, it must become an expression of literals and int parameters of
 * the kernel, which the JIT then binds to their launch values ({@link #boundParameters}); the hoisted size is the
 * largest over the calls.
 */
public final class HelperLocalArrays {
    /** A hoisted array: its C name, element type, and its size as C reads it at the kernel's top. */
    public record Hoisted(String cName, Type elementType, String sizeText) {}

    private final Map<String, List<Hoisted>> taken = new HashMap<>();
    private final Map<String, Hoisted> hoisted = new LinkedHashMap<>();
    private final Set<String> boundParameters = new TreeSet<>();
    private final Map<String, Function> helpersById = new HashMap<>();
    private final Map<String, List<String>> sizes = new LinkedHashMap<>();
    private final Function kernel;

    private HelperLocalArrays(Function kernel, List<Function> helpers) {
        this.kernel = kernel;
        for (Function h : helpers) helpersById.put(h.id(), h);
        visit(kernel, null, kernel.cName());
        for (var e : sizes.entrySet()) {
            String size = null;
            for (String s : e.getValue().stream().distinct().toList()) size = size == null ? s : "((" + size + ") > (" + s + ") ? (" + size + ") : (" + s + "))";
            Hoisted any = hoisted.get(e.getKey());
            hoisted.put(e.getKey(), new Hoisted(any.cName(), any.elementType(), size));
        }
    }

    /** The helper local arrays of {@code kernel} with {@code helpers}, every function it calls directly or not. */
    public static HelperLocalArrays of(Function kernel, List<Function> helpers) {
        return new HelperLocalArrays(kernel, helpers);
    }

    /** The arrays to declare at the kernel's top. */
    public List<Hoisted> hoisted() {
        return List.copyOf(hoisted.values());
    }

    /** The arrays {@code helperId} takes after its parameters, in order: its own and those of the helpers it calls. */
    public List<Hoisted> takenBy(String id) {
        List<Hoisted> known = taken.get(id);
        if (known != null) return known;
        Function h = helpersById.get(id);
        if (h == null) return List.of();
        var out = new LinkedHashMap<String, Hoisted>();
        IrWalk.walk(h.body(), new IrWalk.Visitor() {
            @Override public boolean enter(Stmt s) {
                if (s instanceof Stmt.LocalArray a) out.putIfAbsent(cName(h, a), new Hoisted(cName(h, a), a.type().elementType(), null));
                return true;
            }
            @Override public void leave(Expr e) {
                if (e instanceof Expr.Call c && !c.functionId().equals(id)) for (Hoisted x : takenBy(c.functionId())) out.putIfAbsent(x.cName(), x);
            }
        });
        List<Hoisted> result = List.copyOf(out.values());
        taken.put(id, result);
        return result;
    }

    /** The C name of helper {@code h}'s local array {@code a}, hoisted. */
    public static String cName(Function h, Stmt.LocalArray a) {
        return h.cName() + "_" + a.name();
    }

    /** The kernel's int parameters that size hoisted arrays: the JIT binds them as it binds a {@code @JitConstant}. */
    public Set<String> boundParameters() {
        return boundParameters;
    }

    /**
     * Walks {@code f}'s calls; {@code arguments} gives {@code f}'s int parameters as expressions of the kernel's (null
     * for the kernel itself, and a null value for an argument that is no such expression).
     */
    private void visit(Function f, Map<String, Expr> arguments, String path) {
        if (f != kernel) {
            IrWalk.forEachStmt(f.body(), s -> {
                if (!(s instanceof Stmt.LocalArray a)) return;
                Expr size = substitute(a.symbolicSize() == null ? new Expr.IntLiteral(a.size()) : a.symbolicSize(), arguments, f, a, path);
                IrWalk.forEachExpr(size, e -> { if (e instanceof Expr.Variable v) boundParameters.add(v.name()); });
                String name = cName(f, a);
                hoisted.putIfAbsent(name, new Hoisted(name, a.type().elementType(), null));
                sizes.computeIfAbsent(name, k -> new ArrayList<>()).add(Stmt.sizeText(0, size));
            });
        }
        IrWalk.forEachExpr(f.body(), e -> {
            if (!(e instanceof Expr.Call c) || takenBy(c.functionId()).isEmpty()) return;
            Function callee = helpersById.get(c.functionId());
            var calleeArguments = new HashMap<String, Expr>();
            for (int i = 0; i < callee.parameters().size(); i++) {
                Function.Parameter p = callee.parameters().get(i);
                if (p.type() == Type.INT) calleeArguments.put(p.name(), sizeOperand(c.arguments().get(i), arguments, f));
            }
            visit(callee, calleeArguments, path + " -> " + callee.cName());
        });
    }

    /** {@code e} (an argument in {@code f}) as an expression of the kernel's parameters and literals, or null. */
    private Expr sizeOperand(Expr e, Map<String, Expr> arguments, Function f) {
        return switch (e) {
            case Expr.IntLiteral l -> l;
            case Expr.Variable v -> {
                Expr init = constantLocal(f, v.name());
                if (init != null) yield sizeOperand(init, arguments, f);
                if (arguments != null) yield arguments.get(v.name());
                yield isUnassignedIntParameter(f, v.name()) ? v : null;
            }
            case Expr.Binary b when b.type() == Type.INT && switch (b.op()) {
                case ADD, SUB, MUL, DIV, REM, SHL, SHR -> true;
                default -> false;
            } -> {
                Expr l = sizeOperand(b.left(), arguments, f), r = sizeOperand(b.right(), arguments, f);
                yield l == null || r == null ? null : new Expr.Binary(b.op(), l, r, Type.INT);
            }
            default -> null;
        };
    }

    private Expr substitute(Expr size, Map<String, Expr> arguments, Function f, Stmt.LocalArray a, String path) {
        return switch (size) {
            case Expr.IntLiteral l -> l;
            case Expr.Variable v -> {
                Expr value = arguments.get(v.name());
                if (value == null) throw new IllegalArgumentException("local array '" + a.name() + "' of " + f.id() + " is sized by its parameter '" + v.name()
                        + "', which the calls " + path + " give a value that is neither a constant nor an int parameter of the kernel that it never assigns");
                yield value;
            }
            case Expr.Binary b -> new Expr.Binary(b.op(), substitute(b.left(), arguments, f, a, path), substitute(b.right(), arguments, f, a, path), Type.INT);
            default -> throw new IllegalArgumentException("local array '" + a.name() + "' of " + f.id() + " has the size " + size);
        };
    }

    /** The initializer of {@code f}'s int local {@code name} when it is declared once, with one, and never assigned; else null. */
    private static Expr constantLocal(Function f, String name) {
        var inits = new ArrayList<Expr>();
        IrWalk.forEachStmt(f.body(), s -> {
            if (s instanceof Stmt.Declare d && d.name().equals(name)) inits.add(d.type() == Type.INT ? d.init() : null);
        });
        if (inits.size() != 1 || inits.get(0) == null || assigned(f, name)) return null;
        return inits.get(0);
    }

    private static boolean assigned(Function f, String name) {
        return IrWalk.anyStmt(f.body(), s -> s instanceof Stmt.Assign as && as.target() instanceof Expr.Variable v && v.name().equals(name));
    }

    private static boolean isUnassignedIntParameter(Function f, String name) {
        boolean parameter = f.parameters().stream().anyMatch(p -> p.name().equals(name) && p.type() == Type.INT);
        return parameter && !assigned(f, name);
    }
}
