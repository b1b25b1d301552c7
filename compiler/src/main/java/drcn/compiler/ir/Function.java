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
     * A parameter. {@code field} is null for a Java parameter. A hidden one (after the Java parameters) takes at launch
     * the value of a field that the kernel reads: {@code field} is its path ("output", "b.someArray": a.b.someArray)
     * from {@code root}, the kernel's receiver ({@link #RECEIVER}, object::method) or the Java parameter of that index
     * (an {@link Type#OBJECT}). Its type is the field's, except for a number field that the kernel writes or that is
     * not final: a global array of one element, which moves with the object's transfers.
     */
    public record Parameter(String name, Type type, String field, int root) implements Serializable {
        public Parameter(String name, Type type) { this(name, type, null, RECEIVER); }

        /** The root of a field of the kernel's receiver. */
        public static final int RECEIVER = -1;
    }

    /** The number of Java parameters (those before the hidden fields). */
    public int javaParameterCount() {
        int n = 0;
        for (Parameter p : parameters) if (p.field() == null) n++;
        return n;
    }

    /**
     * What a launch of this kernel passes in C, before the C backends expand arrays (pointer, size) and vectors (lanes):
     * the parameters (Java's, then hidden fields), then one one-int array per {@link #atomics() AtomicInteger local},
     * then for a {@link Stmt.ParallelFor#gridReduction grid reduction} each result's
     * {@link Stmt.Reduction#groupPartials() group partials} and {@link Stmt.ParallelFor#GROUPS_DONE the group counter}.
     * A helper's are its parameters.
     */
    public List<Parameter> launchParameters() {
        if (!kernel) return parameters;
        Stmt.ParallelFor grid = Stmt.ParallelFor.gridReduction(this);
        if (atomics.isEmpty() && grid == null) return parameters;
        var all = new java.util.ArrayList<>(parameters);
        for (Atomic a : atomics) all.add(a.asParameter());
        if (grid != null) {
            for (Stmt.Reduction r : grid.reductions()) all.add(r.groupPartials());
            all.add(Stmt.ParallelFor.GROUPS_DONE);
        }
        return List.copyOf(all);
    }

    /** A kernel's {@code AtomicInteger name = new AtomicInteger(initial)}: an INT_GLOBAL_ARRAY of one element in C. */
    public record Atomic(String name, int initial) implements Serializable {
        public Parameter asParameter() {
            return new Parameter(name, Type.INT_GLOBAL_ARRAY);
        }
    }

    /**
     * The int parameters that size local or private arrays ({@code context.allocateFloatLocalArray(blockDim)},
     * {@code new float[2 * headSize]}): C needs the size as a constant, so the JIT binds each to its launch value as it
     * binds a {@code @JitConstant}.
     */
    public Set<String> arraySizeParameters() {
        var out = new TreeSet<String>();
        for (String name : arraySizeNames()) if (!isLaunchConstant(name)) out.add(name);
        return out;
    }

    private static final String LENGTH_CONSTANT = "drcn_length_";
    private static final String LOCAL_SIZE_CONSTANT = "drcn_local_size_";

    /**
     * The JIT constant holding the element count of global array parameter {@code array} (its buffer's length) where
     * a private array's size needs it as a constant ({@code new VectorFloat2(output.getLength())}).
     */
    public static String lengthConstant(String array) {
        return LENGTH_CONSTANT + array;
    }

    /**
     * The JIT constant holding the launch's work-group size in {@code dimension} (0: x) where an array's size needs it
     * as a constant ({@code context.allocateFloatLocalArray(context.localGroupSizeX)}).
     */
    public static String localSizeConstant(int dimension) {
        return LOCAL_SIZE_CONSTANT + "xyz".charAt(dimension);
    }

    /**
     * The JIT constant that, set to 1, makes a {@link Stmt.ParallelFor#gridReduction grid reduction} give each work-item
     * one contiguous slice of the iterations (a CPU device: each work-item streams through its slice), instead of a
     * grid-stride share (a GPU: neighbouring work-items read neighbouring elements). Only the emitter reads it.
     */
    public static final String CONTIGUOUS_SLICES = "drcn_contiguous_slices";

    /** Whether {@code name} is a {@link #lengthConstant}, a {@link #localSizeConstant} or {@link #CONTIGUOUS_SLICES}: bound from the launch, not an argument. */
    public static boolean isLaunchConstant(String name) {
        return name.startsWith(LENGTH_CONSTANT) || name.startsWith(LOCAL_SIZE_CONSTANT) || name.equals(CONTIGUOUS_SLICES);
    }

    /** The array parameters whose {@link #lengthConstant} sizes a private array: the JIT binds each to its launch length. */
    public Set<String> lengthConstantArrays() {
        var out = new TreeSet<String>();
        for (String name : arraySizeNames()) if (name.startsWith(LENGTH_CONSTANT)) out.add(name.substring(LENGTH_CONSTANT.length()));
        return out;
    }

    /** The dimensions whose {@link #localSizeConstant} sizes an array: the JIT binds each to the launch's work-group size. */
    public Set<Integer> localSizeDimensions() {
        var out = new TreeSet<Integer>();
        for (String name : arraySizeNames()) if (name.startsWith(LOCAL_SIZE_CONSTANT)) out.add("xyz".indexOf(name.charAt(LOCAL_SIZE_CONSTANT.length())));
        return out;
    }

    /** The names that local and private arrays' size expressions read (int parameters and launch constants). */
    private Set<String> arraySizeNames() {
        var out = new TreeSet<String>();
        IrWalk.forEachStmt(body, s -> {
            Expr size = s instanceof Stmt.LocalArray a ? a.symbolicSize() : s instanceof Stmt.PrivateArray a ? a.sizeExpression() : null;
            if (size != null) IrWalk.forEachExpr(size, e -> { if (e instanceof Expr.Variable v) out.add(v.name()); });
        });
        return out;
    }
}
