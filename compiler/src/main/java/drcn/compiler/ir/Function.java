package drcn.compiler.ir;

import java.io.Serializable;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * One translated Java static method.
 *
 * @param id         a unique, stable name: {@code pkg.Class#method(paramTypes)}, e.g.
 *                   {@code drcn.kernels.Conv#clamp(int,int,int)}; {@link Expr.Call} refers to it
 * @param javaName   the Java method name
 * @param cName      the C identifier (distinct for overloads, never a C reserved word)
 * @param kernel     true for an {@code @Kernel} entry point (returns void), false for a helper
 * @param returnType the return type (VOID for kernels)
 * @param parameters the parameters in Java order, including a CONTEXT parameter if declared
 * @param body       the body
 * @param sourceFile the Java source file name, for comments and error messages
 * @param line       the line of the method declaration
 * @param atomics    the kernel's {@code AtomicInteger} locals ({@code new AtomicInteger(initial)}), each one int in global
 *                   memory that every work-item of a launch shares: C takes each as a trailing global int array (pointer and
 *                   size, after the parameters) that the launcher sets to {@code initial} before every launch
 */
public record Function(String id, String javaName, String cName, boolean kernel, Type returnType,
                       List<Parameter> parameters, Stmt.Block body, String sourceFile, int line, List<Atomic> atomics)
        implements Serializable {

    public Function {
        atomics = atomics == null ? List.of() : atomics; // IR written before atomics existed reads back as null
    }

    public Function(String id, String javaName, String cName, boolean kernel, Type returnType,
                    List<Parameter> parameters, Stmt.Block body, String sourceFile, int line) {
        this(id, javaName, cName, kernel, returnType, parameters, body, sourceFile, line, List.of());
    }

    /**
     * A parameter. {@code receiverField} is null for a Java parameter; for a hidden one it names the field of the
     * kernel's receiver ({@code object::method}) whose value it takes at launch: an instance kernel reads its final
     * fields so, after its Java parameters.
     */
    public record Parameter(String name, Type type, String receiverField) implements Serializable {
        public Parameter(String name, Type type) { this(name, type, null); }
    }

    /** The number of Java parameters (those before the hidden receiver fields). */
    public int javaParameterCount() {
        int n = 0;
        for (Parameter p : parameters) if (p.receiverField() == null) n++;
        return n;
    }

    /** A kernel's {@code AtomicInteger name = new AtomicInteger(initial)}: an INT_GLOBAL_ARRAY of one element in C. */
    public record Atomic(String name, int initial) implements Serializable {
        public Parameter asParameter() {
            return new Parameter(name, Type.INT_GLOBAL_ARRAY);
        }
    }

    /**
     * The int parameters that size local arrays ({@code context.allocateFloatLocalArray(blockDim)}): C needs the size
     * as a constant, so the JIT binds each to its launch value as it binds a {@code @JitConstant}.
     */
    public Set<String> localArraySizeParameters() {
        var out = new TreeSet<String>();
        IrWalk.forEachStmt(body, s -> { if (s instanceof Stmt.LocalArray a && a.sizeParameter() != null) out.add(a.sizeParameter()); });
        return out;
    }
}
