package drcn.runtime.jit;

import drcn.compiler.ir.Expr;
import drcn.compiler.ir.Function;
import drcn.compiler.ir.KernelModule;
import drcn.compiler.ir.Stmt;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.*;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@code @Kernel} method together with its IR and the IR of every helper it calls
 * (transitively; callees listed before callers, as C needs them).
 */
public record KernelRef(Class<?> owner, String methodName, Function function, List<Function> helpers) {

    private static final Map<String, KernelModule> MODULES = new ConcurrentHashMap<>();
    private static final Map<String, KernelRef> REFS = new ConcurrentHashMap<>();

    /** The kernel {@code owner.methodName}; its IR was written by the kernel compiler at build time. */
    public static KernelRef of(Class<?> owner, String methodName) {
        return REFS.computeIfAbsent(owner.getName() + "#" + methodName, key -> load(owner, methodName));
    }

    /** A short display name, e.g. {@code Conv.convForward}. */
    public String displayName() {
        return owner.getSimpleName() + "." + methodName;
    }

    /** The Java method itself (what the JVM backend runs). */
    public Method javaMethod() {
        for (Method m : owner.getDeclaredMethods()) {
            if (m.getName().equals(methodName) && Modifier.isStatic(m.getModifiers())
                    && m.isAnnotationPresent(drcn.kernels.api.Kernel.class)) {
                m.setAccessible(true);
                return m;
            }
        }
        throw new IllegalArgumentException("no static @Kernel method " + methodName + " in " + owner.getName());
    }

    private static KernelRef load(Class<?> owner, String methodName) {
        Function kernel = module(owner.getClassLoader(), owner.getName()).function(methodName);
        var ordered = new LinkedHashMap<String, Function>();
        collectCallees(owner.getClassLoader(), kernel, ordered, new HashSet<>());
        ordered.remove(kernel.id());
        return new KernelRef(owner, methodName, kernel, List.copyOf(ordered.values()));
    }

    /** Depth-first: every callee is added before the function that calls it. */
    private static void collectCallees(ClassLoader loader, Function function, Map<String, Function> out, Set<String> onPath) {
        if (out.containsKey(function.id())) return;
        if (!onPath.add(function.id())) throw new IllegalStateException("recursive kernel call through " + function.id());
        for (String calleeId : calledIds(function)) {
            collectCallees(loader, resolve(loader, calleeId), out, onPath);
        }
        onPath.remove(function.id());
        out.put(function.id(), function);
    }

    private static Function resolve(ClassLoader loader, String functionId) {
        String className = functionId.substring(0, functionId.indexOf('#'));
        return module(loader, className).functions().stream().filter(f -> f.id().equals(functionId)).findFirst()
                .orElseThrow(() -> new IllegalStateException("kernel IR of " + className + " lacks " + functionId));
    }

    static KernelModule module(ClassLoader loader, String className) {
        return MODULES.computeIfAbsent(className, name -> {
            String resource = KernelModule.resourceName(name);
            try (InputStream in = loader.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("no kernel IR for " + name + " (" + resource
                            + "): was it compiled with the drcn kernel compiler (drcn.compiler.KernelProcessor)?");
                }
                return KernelModule.fromBytes(in.readAllBytes());
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + resource + ": " + e.getMessage(), e);
            }
        });
    }

    /** The ids of the functions a function calls directly, in first-call order. */
    static List<String> calledIds(Function function) {
        var ids = new LinkedHashSet<String>();
        visit(function.body(), ids);
        return List.copyOf(ids);
    }

    private static void visit(Stmt stmt, Set<String> ids) {
        if (stmt == null) return;
        switch (stmt) {
            case Stmt.Block b -> b.statements().forEach(s -> visit(s, ids));
            case Stmt.Declare d -> visit(d.init(), ids);
            case Stmt.Assign a -> { visit(a.target(), ids); visit(a.value(), ids); }
            case Stmt.Evaluate e -> visit(e.expression(), ids);
            case Stmt.If i -> { visit(i.condition(), ids); visit(i.then(), ids); visit(i.otherwise(), ids); }
            case Stmt.For f -> { f.init().forEach(s -> visit(s, ids)); visit(f.condition(), ids); f.update().forEach(s -> visit(s, ids)); visit(f.body(), ids); }
            case Stmt.While w -> { visit(w.condition(), ids); visit(w.body(), ids); }
            case Stmt.DoWhile d -> { visit(d.body(), ids); visit(d.condition(), ids); }
            case Stmt.Return r -> visit(r.value(), ids);
            case Stmt.Break b -> { }
            case Stmt.Continue c -> { }
            case Stmt.LocalBarrier b -> { }
            case Stmt.LocalArray a -> { }
            case Stmt.PrivateArray a -> { }
        }
    }

    private static void visit(Expr expr, Set<String> ids) {
        if (expr == null) return;
        switch (expr) {
            case Expr.Call c -> { c.arguments().forEach(a -> visit(a, ids)); ids.add(c.functionId()); }
            case Expr.Binary b -> { visit(b.left(), ids); visit(b.right(), ids); }
            case Expr.Unary u -> visit(u.operand(), ids);
            case Expr.Conditional c -> { visit(c.condition(), ids); visit(c.ifTrue(), ids); visit(c.ifFalse(), ids); }
            case Expr.Cast c -> visit(c.operand(), ids);
            case Expr.Load l -> visit(l.index(), ids);
            case Expr.Intrinsic i -> i.arguments().forEach(a -> visit(a, ids));
            case Expr.VectorCall v -> v.arguments().forEach(a -> visit(a, ids));
            case Expr.IntLiteral l -> { }
            case Expr.FloatLiteral l -> { }
            case Expr.BoolLiteral l -> { }
            case Expr.Variable v -> { }
            case Expr.ArrayLength a -> { }
            case Expr.ContextQuery q -> { }
        }
    }
}
