package drcn.compiler.ir;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Vector parameters passed by reference. Java passes a vector (Float4, Int3, ...) as a reference to its object, so a
 * method that sets lanes of its vector parameter ({@code v.setX(x)}, {@code v.set(value)}, {@code Float4.add(a, b, v)}:
 * lane assignments in the IR) changes the caller's object; C passes vectors by value. Such a parameter, written by its
 * function or by a helper it passes the parameter to, is therefore passed by reference: a helper's as a pointer to the
 * caller's vector, a kernel's as a small global buffer of its lanes, which the runtime moves as it moves an array
 * (gathered from the caller's object, scattered back into it by a transfer to the host). A vector parameter that is only
 * read stays a value. Assigning the parameter itself ({@code v = value}) makes it name another object in Java, which the
 * caller does not see: that is no write (the front end refuses a method that does both).
 */
public final class VectorReferences {
    private VectorReferences() {}

    /**
     * The written vector parameters of each function, by function id: indices into its {@link Function#parameters()}.
     * A function with none is absent.
     */
    public static Map<String, Set<Integer>> of(Function kernel, List<Function> helpers) {
        var all = new ArrayList<Function>(helpers);
        all.add(kernel);
        return of(all);
    }

    /** The same for any set of functions (a compilation's): calls to functions outside it write nothing. */
    public static Map<String, Set<Integer>> of(java.util.Collection<Function> all) {
        var written = new HashMap<String, Set<Integer>>();
        // a fixed point over the call graph (no recursion, but the helpers' order need not be callees first)
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Function f : all) {
                Set<Integer> found = direct(f, written);
                if (!found.isEmpty() && !found.equals(written.get(f.id()))) {
                    written.put(f.id(), found);
                    changed = true;
                }
            }
        }
        return written;
    }

    /** The kernel's written vector parameters (indices into its parameters), see {@link #of}. */
    public static Set<Integer> ofKernel(Function kernel, List<Function> helpers) {
        return of(kernel, helpers).getOrDefault(kernel.id(), Set.of());
    }

    /** The global array of a by-reference vector parameter's lanes (a HALF vector's as binary16 storage). */
    public static Type laneArray(Type vector) {
        return Type.arrayOf(vector.elementType(), Type.Space.GLOBAL);
    }

    /**
     * The kernel's parameters as a launch passes them: each written vector parameter as a global array of its lanes
     * (same name), every other one as it is.
     */
    public static List<Function.Parameter> launchParameters(Function kernel, List<Function> helpers) {
        Set<Integer> written = ofKernel(kernel, helpers);
        if (written.isEmpty()) return kernel.parameters();
        var out = new ArrayList<Function.Parameter>();
        for (int i = 0; i < kernel.parameters().size(); i++) {
            Function.Parameter p = kernel.parameters().get(i);
            out.add(written.contains(i) ? new Function.Parameter(p.name(), laneArray(p.type()), p.field(), p.root()) : p);
        }
        return List.copyOf(out);
    }

    /** The vector parameters {@code f} writes itself or passes to a helper at a written position (as {@code written} knows so far). */
    private static Set<Integer> direct(Function f, Map<String, Set<Integer>> written) {
        var names = new HashMap<String, Integer>();
        for (int i = 0; i < f.parameters().size(); i++) if (f.parameters().get(i).type().isVector()) names.put(f.parameters().get(i).name(), i);
        var out = new TreeSet<Integer>();
        if (names.isEmpty()) return out;
        IrWalk.walk(f.body(), new IrWalk.Visitor() {
            @Override public boolean enter(Stmt s) {
                if (s instanceof Stmt.Assign a && a.target() instanceof Expr.Lane l && l.vector() instanceof Expr.Variable v && names.containsKey(v.name())) {
                    out.add(names.get(v.name()));
                }
                return true;
            }

            @Override public boolean enter(Expr e) {
                if (e instanceof Expr.Call c) {
                    for (int k : written.getOrDefault(c.functionId(), Set.of())) {
                        if (c.arguments().get(k) instanceof Expr.Variable v && names.containsKey(v.name())) out.add(names.get(v.name()));
                    }
                }
                return true;
            }
        });
        return out;
    }
}
