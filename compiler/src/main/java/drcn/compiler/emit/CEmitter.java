package drcn.compiler.emit;

import drcn.compiler.ir.BinaryOp;
import drcn.compiler.ir.ContextValue;
import drcn.compiler.ir.Expr;
import drcn.compiler.ir.Function;
import drcn.compiler.ir.HelperLocalArrays;
import drcn.compiler.ir.IntrinsicOp;
import drcn.compiler.ir.IrWalk;
import drcn.compiler.ir.Stmt;
import drcn.compiler.ir.Type;
import drcn.compiler.ir.VectorReferences;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static drcn.compiler.ir.IrWalk.forEachExpr;
import static drcn.compiler.ir.IrWalk.forEachStmt;

/**
 * Writes OpenCL C or CUDA C for a kernel and its helpers: one C writer, the differences between
 * the dialects in {@link DialectTable}, expressions in {@link ExpressionWriter}.
 *
 * <p>The output is meant to be read (it is what a user sees in the kernel dump folder and in a
 * driver's build log): one C function per Java method, the Java loops as the same C loops, four
 * spaces per level, and the Java source line as a {@code // File.java:line} comment on every
 * statement line and block start. It is deterministic (no time stamps, constants in parameter
 * order), so it can serve as a cache key.
 */
public final class CEmitter {
    private static final String INDENT = "    ";

    private final DialectTable table;
    private final Map<String, Function> helpersById;
    private final StringBuilder out = new StringBuilder();
    /** The kernel's specialization, consulted while writing its signature. */
    private Map<String, Integer> constants;
    /** State of the function being written: its Java file (for line comments) and expression writer. */
    private String currentFile;
    /** The function being written, and the local arrays its kernel's helpers allocate (hoisted to the kernel). */
    private Function current;
    private HelperLocalArrays helperArrays;
    /** The functions that call a SIMD-group function, directly or through a helper (on OpenCL they need its scratch). */
    private Set<String> simdUsers = Set.of();
    private ExpressionWriter expressions;
    /**
     * The kernel holds a {@code @Reduce} loop and runs as one work-group: outside that loop, stores to global
     * arrays are made by work-item 0 alone (Java makes them once).
     */
    private boolean singleGroup;
    /** Inside a loop of a one-group kernel whose iterations the work-items share (the reduction, or a map before it). */
    private boolean inReduceLoop;
    /**
     * The kernel's {@code @Reduce} loop when it runs over many work-groups ({@link Stmt.ParallelFor#gridReduction}), else
     * null; then its stores before the loop ({@code r[0] = v}) keep v in {@link #initialName} for the last group.
     */
    private Stmt.ParallelFor gridLoop;
    /** The results of {@link #gridLoop} whose {@code r[0] = v} before the loop has been written (its C local declared). */
    private final Set<String> initialised = new HashSet<>();
    private static final String LAST_GROUP = "drcn_last_group", GROUPS = "drcn_groups";
    /**
     * The kernel runs in order ({@link Stmt.ParallelFor#inOrder}): a one-group kernel whose work-items are numbered
     * across all launch dimensions ({@link #IN_ORDER_ID} of {@link #IN_ORDER_SIZE}), each store outside its loops followed
     * by a barrier; its work-groups but the first return at once.
     */
    private boolean inOrder;
    private static final String IN_ORDER_ID = "drcn_item", IN_ORDER_SIZE = "drcn_items";
    /** The private arrays an in-order kernel's iterations share ({@link Stmt.ParallelFor#sharedArrays}): local memory. */
    private java.util.Set<String> sharedArrays = java.util.Set.of();
    /** The kernel's C name in TornadoVM's prebuilt calling convention ({@link #emitPrebuilt}); null for drcn's own. */
    private String prebuiltEntry;
    /** Each function's vector parameters passed by reference ({@link VectorReferences}), by function id. */
    private Map<String, Set<Integer>> vectorReferences = Map.of();
    /**
     * The kernel's by-reference vector parameters: each is a private copy of its lanes, read at the kernel's top from
     * the global buffer {@link #laneBuffer} and stored back lane by lane right after each statement that sets lanes.
     */
    private Set<String> kernelReferences = Set.of();
    /** The calls that set lanes of a kernel's by-reference vector, not yet followed by the stores of its lanes. */
    private final Set<Expr.Call> unstoredCalls = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

    /**
     * Bytes before an array's first element in TornadoVM's prebuilt calling convention: its array header without
     * compressed class pointers, whose first int holds the element count.
     */
    public static final int PREBUILT_ARRAY_HEADER = 24;

    private CEmitter(DialectTable table, Map<String, Function> helpersById) {
        this.table = table;
        this.helpersById = helpersById;
    }

    /**
     * The complete source of one program: every helper (callees first), then the kernel.
     * Int parameters named in {@code constants} are dropped from the kernel's C signature and
     * become {@code #define name value} around the kernel.
     *
     * <p>The kernel's C parameters, which every C backend's launcher relies on: the Java parameters
     * in order, except that the {@code KernelContext} is dropped, a specialized int is dropped, and
     * each {@code FloatArray}/{@code IntArray} becomes two: the pointer, then {@code int <name>_size}
     * (its element count, which {@code getSize()} reads). A {@code boolean} kernel parameter is
     * passed as a 4-byte {@code int} (OpenCL forbids {@code bool} kernel arguments). An
     * {@code AtomicInteger} parameter is an int array of one element; the kernel's AtomicInteger locals
     * ({@link Function#atomics()}) follow the parameters, each as an int array too.
     * {@link #cParameterNames} lists them.
     *
     * <p>Helpers are written in the given order; if one calls a helper given after it, prototypes
     * of all helpers come first. A helper's array parameter also becomes pointer + {@code _size}.
     *
     * @throws IllegalArgumentException for IR this emitter cannot translate, with the reason:
     *         a local array in a helper, a call to a function missing from {@code helpers}, a
     *         constant that names no int parameter, two hoisted local arrays with one name, ...
     */
    public static String emit(Function kernel, List<Function> helpers, Map<String, Integer> constants, Dialect dialect) {
        if (!kernel.kernel()) throw new IllegalArgumentException(kernel.id() + " is not a @Kernel method");
        validateConstants(kernel, constants);
        helpers = clearOfVariables(kernel, helpers);
        Map<String, Function> byId = new LinkedHashMap<>();
        for (Function h : helpers) byId.put(h.id(), h);
        CEmitter emitter = new CEmitter(DialectTable.of(dialect), byId);
        emitter.program(kernel, helpers, constants);
        return emitter.out.toString();
    }

    /**
     * The kernel as OpenCL C in TornadoVM's calling convention for {@code TaskGraph.prebuiltTask}, named
     * {@code entryPoint}: {@code (__global long* _kernel_context, __constant uchar* _constant_region, __local uchar*
     * _local_region, __global int* _atomics, __global uchar* array...)}, one byte pointer per array parameter in order,
     * each array's data {@link #PREBUILT_ARRAY_HEADER} bytes past it and its element count in its first int; the
     * kernel's {@code AtomicInteger} locals are {@code _atomics[0], _atomics[1], ...} in declaration order (their
     * start values come with the task, as in TornadoVM). The body is the one {@link #emit} writes.
     *
     * @throws IllegalArgumentException for a parameter the convention cannot pass (a scalar, a vector, a matrix),
     *         or for IR {@link #emit} rejects
     */
    public static String emitPrebuilt(Function kernel, List<Function> helpers, String entryPoint) {
        if (!kernel.kernel()) throw new IllegalArgumentException(kernel.id() + " is not a @Kernel method");
        for (Function.Parameter p : kernel.parameters()) {
            if (p.type() == Type.CONTEXT || p.type().isArray() && p.type().space() == Type.Space.GLOBAL && p.type().extents() == 0) continue;
            throw new IllegalArgumentException("parameter '" + p.name() + "' of " + kernel.id() + " is a " + p.type()
                    + "; TornadoVM's prebuilt calling convention passes arrays only");
        }
        helpers = clearOfVariables(kernel, helpers);
        Map<String, Function> byId = new LinkedHashMap<>();
        for (Function h : helpers) byId.put(h.id(), h);
        CEmitter emitter = new CEmitter(DialectTable.of(Dialect.OPENCL), byId);
        emitter.prebuiltEntry = entryPoint;
        emitter.program(kernel, helpers, Map.of());
        return emitter.out.toString();
    }

    /**
     * The helpers, each renamed ({@code name_fn}) whose C name is also a variable's of the program: C puts a local in
     * scope in its own initializer, so {@code float interp = interp(...)}, legal Java, would call the float.
     */
    private static List<Function> clearOfVariables(Function kernel, List<Function> helpers) {
        var variables = new HashSet<String>();
        for (Function f : concat(kernel, helpers)) {
            for (Function.Parameter p : f.parameters()) variables.add(p.name());
            IrWalk.forEachStmt(f.body(), st -> {
                switch (st) {
                    case Stmt.Declare d -> variables.add(d.name());
                    case Stmt.ParallelFor pf -> variables.add(pf.index());
                    default -> { }
                }
            });
            IrWalk.forEachExpr(f.body(), e -> {
                if (e instanceof Expr.Variable v) variables.add(v.name());
            });
        }
        var names = new HashSet<String>();
        for (Function f : concat(kernel, helpers)) names.add(f.cName());
        var renamed = new ArrayList<Function>();
        for (Function h : helpers) {
            String name = h.cName();
            if (variables.contains(name)) {
                while (variables.contains(name) || names.contains(name)) name = name + "_fn";
                names.add(name);
                h = new Function(h.id(), h.javaName(), name, h.kernel(), h.returnType(), h.parameters(), h.body(), h.sourceFile(), h.line(), h.atomics());
            }
            renamed.add(h);
        }
        return renamed;
    }

    private static List<Function> concat(Function kernel, List<Function> helpers) {
        var all = new ArrayList<Function>(helpers);
        all.add(kernel);
        return all;
    }

    /**
     * The kernel's C parameter names in launch order (see {@link #emit}): e.g. for
     * {@code saxpy(KernelContext c, FloatArray x, FloatArray y, float a, int n)} with {@code n}
     * specialized: {@code [x, x_size, y, y_size, a]}. A kernel that calls helpers needs {@link #cParameterNames(Function,
     * List, Map)}: a vector parameter a helper sets lanes of is a buffer.
     */
    public static List<String> cParameterNames(Function kernel, Map<String, Integer> constants) {
        return cParameterNames(kernel, List.of(), constants);
    }

    /** The same for a kernel with the helpers it calls: a vector parameter set by reference is {@code v_lanes, v_lanes_size}. */
    public static List<String> cParameterNames(Function kernel, List<Function> helpers, Map<String, Integer> constants) {
        validateConstants(kernel, constants);
        Set<Integer> references = VectorReferences.ofKernel(kernel, helpers);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < cParameters(kernel).size(); i++) {
            Function.Parameter p = cParameters(kernel).get(i);
            if (p.type() == Type.CONTEXT || p.type() == Type.OBJECT || constants.containsKey(p.name())) continue;
            if (references.contains(i)) {
                names.add(laneBuffer(p.name()));
                names.add(sizeName(laneBuffer(p.name())));
                continue;
            }
            if (p.type().isVector()) {
                for (int l = 0; l < p.type().lanes(); l++) names.add(laneParameter(p.name(), l));
                continue;
            }
            names.add(p.name());
            if (p.type().isArray()) names.add(sizeName(p.name()));
            for (int x = 0; x < p.type().extents(); x++) names.add(extentName(p.name(), x));
        }
        return names;
    }

    /** A function's C parameters before expansion ({@link Function#launchParameters}). */
    private static List<Function.Parameter> cParameters(Function f) {
        return f.launchParameters();
    }

    private static void validateConstants(Function kernel, Map<String, Integer> constants) {
        checkConstants(kernel.id(), kernel.parameters(), constants);
    }

    /**
     * The one check of a specialization (the JIT's, the C backends' for kernels built from C text): every constant
     * names an int parameter of {@code kernelName} and has a value.
     *
     * @throws IllegalArgumentException naming the first constant that does not
     */
    public static void checkConstants(String kernelName, List<Function.Parameter> parameters, Map<String, Integer> constants) {
        for (var entry : constants.entrySet()) {
            if (parameters.stream().anyMatch(q -> q.type().isArray() && Function.lengthConstant(q.name()).equals(entry.getKey()))) continue;
            if (java.util.stream.IntStream.range(0, 3).mapToObj(Function::localSizeConstant).anyMatch(entry.getKey()::equals)) continue;
            if (entry.getKey().equals(Function.CONTIGUOUS_SLICES)) continue;
            Function.Parameter p = parameters.stream().filter(q -> q.name().equals(entry.getKey()))
                    .findFirst().orElseThrow(() -> new IllegalArgumentException(
                            "constant '" + entry.getKey() + "' names no parameter of " + kernelName));
            if (p.type() != Type.INT)
                throw new IllegalArgumentException("constant '" + entry.getKey() + "' names a " + p.type()
                        + " parameter of " + kernelName + "; only int parameters can be specialized");
            if (entry.getValue() == null)
                throw new IllegalArgumentException("constant '" + entry.getKey() + "' has no value");
        }
    }

    private static String sizeName(String arrayName) {
        return arrayName + "_size";
    }

    /** The C name of a matrix's extent {@code x}: {@code m_columns}, then {@code m_depth}. */
    public static String extentName(String matrixName, int x) {
        return matrixName + (x == 0 ? "_columns" : "_depth");
    }

    /**
     * A kernel's vector parameter travels as its lanes, one scalar argument each ({@code a_s0, a_s1, ...}), and is
     * assembled at the kernel's top: every backend then passes only scalars and buffers.
     */
    private static String laneParameter(String vectorName, int lane) {
        return vectorName + "_" + LaneVectors.lane(lane);
    }

    // ---------------------------------------------------------------- program and functions

    private void program(Function kernel, List<Function> helpers, Map<String, Integer> constants) {
        this.constants = constants;
        this.helperArrays = HelperLocalArrays.of(kernel, helpers);
        this.vectorReferences = VectorReferences.of(kernel, helpers);
        out.append("// ").append(table.displayName()).append(" generated by drcn CEmitter from ").append(kernel.id())
                .append(" (").append(fileName(kernel)).append(':').append(kernel.line()).append(")\n");
        List<String> specialized = new ArrayList<>();
        for (Function.Parameter p : kernel.parameters())
            if (constants.containsKey(p.name())) specialized.add(p.name() + " = " + constants.get(p.name()));
        out.append("// specialization: ").append(specialized.isEmpty() ? "none" : String.join(", ", specialized)).append('\n');
        if (prebuiltEntry != null) out.append("// calling convention: TornadoVM's prebuiltTask, array data ").append(PREBUILT_ARRAY_HEADER).append(" bytes in\n");
        out.append('\n');
        out.append(table.prologue());
        if (usesDoubles(kernel, helpers)) out.append(table.fp64Prologue());
        if (usesVectors(kernel, helpers)) out.append(table.vectorPrelude());
        List<Function> all = new ArrayList<>(helpers);
        all.add(kernel);
        if (usesHalves(all) || usesMatrixOps(all)) out.append(table.halfPrelude()); // MmaPrelude's swizzled load converts to half
        if (usesIntrinsic(all, op -> op == IntrinsicOp.BF16_TO_FLOAT || op == IntrinsicOp.BF16_FROM_FLOAT)) out.append(table.bf16Prelude());
        if (usesIntrinsic(all, IntrinsicOp::isFp8)) out.append(Fp8Prelude.of(table));
        if (usesIntrinsic(all, op -> op == IntrinsicOp.BYTES_LOAD_HALF || op == IntrinsicOp.BYTES_STORE_HALF)) out.append(BytesHalfPrelude.of(table));
        if (usesIntrinsic(all, op -> op == IntrinsicOp.HALF_BITS)) out.append(MmaPrelude.halfBits(table));
        if (usesIntrinsic(all, op -> op == IntrinsicOp.TF32_ROUND) || usesMatrixOps(all)) out.append(MmaPrelude.tf32Round(table));
        if (usesMatrixOps(all)) out.append(MmaPrelude.of(table));
        simdUsers = simdUsers(all);
        if (!simdUsers.isEmpty()) out.append(SimdPrelude.of(table));
        out.append(LaneVectors.prelude(all, table));
        out.append(atomicPrelude(all));

        if (needsPrototypes(helpers)) {
            for (Function h : helpers) out.append(signature(h)).append(";\n");
            out.append('\n');
        }
        for (Function h : helpers) {
            if (h.kernel()) throw new IllegalArgumentException(h.id() + " is a @Kernel method, not a helper");
            function(h);
            out.append('\n');
        }
        for (Function.Parameter p : kernel.parameters())
            if (constants.containsKey(p.name()))
                out.append("#define ").append(p.name()).append(' ').append(defineValue(constants.get(p.name()))).append('\n');
        for (String array : kernel.lengthConstantArrays()) {
            Integer length = constants.get(Function.lengthConstant(array));
            if (length == null) throw new IllegalArgumentException(kernel.id() + " sizes a private array by the length of '" + array + "', which must be bound as a JIT constant");
            out.append("#define ").append(Function.lengthConstant(array)).append(' ').append(defineValue(length)).append('\n');
        }
        for (int dimension : kernel.localSizeDimensions()) {
            Integer size = constants.get(Function.localSizeConstant(dimension));
            if (size == null) throw new IllegalArgumentException(kernel.id() + " sizes an array by the work-group size (localGroupSize" + "XYZ".charAt(dimension)
                    + "), which must be bound as a JIT constant: launch it with a WorkerGrid whose local work is set");
            out.append("#define ").append(Function.localSizeConstant(dimension)).append(' ').append(defineValue(size)).append('\n');
        }
        function(kernel);
        for (Function.Parameter p : kernel.parameters())
            if (constants.containsKey(p.name())) out.append("#undef ").append(p.name()).append('\n');
        for (String array : kernel.lengthConstantArrays()) out.append("#undef ").append(Function.lengthConstant(array)).append('\n');
        for (int dimension : kernel.localSizeDimensions()) out.append("#undef ").append(Function.localSizeConstant(dimension)).append('\n');
    }

    private static String defineValue(int value) {
        return value < 0 ? "(" + ExpressionWriter.intLiteral(value) + ")" : ExpressionWriter.intLiteral(value);
    }

    /**
     * Whether the kernel or one of its helpers has a {@code Vector16} value: the dialect may need definitions for
     * it, and a backend may launch such kernels differently (PoCL: one work-item per group).
     */
    public static boolean usesVectors(Function kernel, List<Function> helpers) {
        List<Function> all = new ArrayList<>(helpers);
        all.add(kernel);
        boolean[] found = {false};
        for (Function f : all) {
            if (f.returnType() == Type.VECTOR16 || f.parameters().stream().anyMatch(p -> p.type() == Type.VECTOR16)) return true;
            forEachStmt(f.body(), s -> { if (s instanceof Stmt.Declare d && d.type() == Type.VECTOR16) found[0] = true; });
            forEachExpr(f.body(), e -> { if (e.type() == Type.VECTOR16) found[0] = true; });
        }
        return found[0];
    }

    /**
     * Whether the kernel or one of its helpers computes with or stores a double: OpenCL C needs the fp64 extension
     * enabled, and a device without double support cannot run it.
     */
    public static boolean usesDoubles(Function kernel, List<Function> helpers) {
        List<Function> all = new ArrayList<>(helpers);
        all.add(kernel);
        return usesType(all, CEmitter::isDouble);
    }

    /** Whether a HalfFloat value or array appears anywhere (the dialect's half functions are then written first). */
    private static boolean usesHalves(List<Function> all) {
        return usesType(all, CEmitter::isHalf);
    }

    /** Whether a return, parameter, declaration, local or private array, or any expression of the functions has such a type. */
    private static boolean usesType(List<Function> all, java.util.function.Predicate<Type> is) {
        boolean[] found = {false};
        for (Function f : all) {
            if (is.test(f.returnType()) || f.parameters().stream().anyMatch(p -> is.test(p.type()))) return true;
            forEachStmt(f.body(), s -> {
                if (s instanceof Stmt.Declare d && is.test(d.type())) found[0] = true;
                if (s instanceof Stmt.LocalArray a && is.test(a.type())) found[0] = true;
                if (s instanceof Stmt.PrivateArray a && is.test(a.type())) found[0] = true;
            });
            forEachExpr(f.body(), e -> { if (is.test(e.type())) found[0] = true; });
        }
        return found[0];
    }

    /**
     * The local arrays helper {@code id} takes after its parameters: its helpers' hoisted ones ({@link HelperLocalArrays}),
     * then on OpenCL the SIMD scratch if it calls a SIMD-group function ({@link SimdPrelude}).
     */
    private List<HelperLocalArrays.Hoisted> localArraysTaken(String id) {
        List<HelperLocalArrays.Hoisted> taken = helperArrays.takenBy(id);
        if (!needsSimdScratch(id)) return taken;
        List<HelperLocalArrays.Hoisted> all = new ArrayList<>(taken);
        all.add(new HelperLocalArrays.Hoisted(SimdPrelude.SCRATCH, Type.FLOAT, Integer.toString(SimdPrelude.OPENCL_SCRATCH)));
        return all;
    }

    private boolean needsSimdScratch(String id) {
        return table != DialectTable.CUDA && simdUsers.contains(id);
    }

    /** The ids of the functions that call a SIMD-group function, directly or through helpers. */
    private static Set<String> simdUsers(List<Function> all) {
        Set<String> users = new HashSet<>();
        for (Function f : all) if (usesIntrinsic(List.of(f), IntrinsicOp::isSimd)) users.add(f.id());
        for (boolean grew = !users.isEmpty(); grew; ) {
            grew = false;
            for (Function f : all) {
                if (users.contains(f.id())) continue;
                boolean[] calls = {false};
                forEachExpr(f.body(), e -> { if (e instanceof Expr.Call c && users.contains(c.functionId())) calls[0] = true; });
                if (calls[0]) grew = users.add(f.id());
            }
        }
        return users;
    }

    /** Whether the kernel or one of its helpers calls a SIMD-group function (its launch must suit {@code KernelContext.simdWidth}). */
    public static boolean usesSimd(Function kernel, List<Function> helpers) {
        List<Function> all = new ArrayList<>(helpers);
        all.add(kernel);
        return usesIntrinsic(all, IntrinsicOp::isSimd);
    }

    /** Whether an intrinsic that {@code ops} accepts appears (its C functions, e.g. BFloat16's, are then written first). */
    /** Whether a function calls KernelContext's tensor-core functions ({@link Stmt.Matrix}). */
    public static boolean usesMatrixOps(List<Function> all) {
        for (Function f : all) if (IrWalk.anyStmt(f.body(), s -> s instanceof Stmt.Matrix)) return true;
        return false;
    }

    private static boolean usesIntrinsic(List<Function> all, java.util.function.Predicate<IntrinsicOp> ops) {
        boolean[] found = {false};
        for (Function f : all) {
            forEachExpr(f.body(), e -> {
                if (e instanceof Expr.Intrinsic in && ops.test(in.op())) found[0] = true;
            });
        }
        return found[0];
    }

    private static boolean isHalf(Type type) {
        return type == Type.HALF || (type.isArray() || type.isVector()) && type.elementType() == Type.HALF;
    }

    private static boolean isDouble(Type type) {
        return type == Type.DOUBLE || (type.isArray() || type.isVector()) && type.elementType() == Type.DOUBLE;
    }

    /** True when some helper calls a helper that is written after it (C needs a prototype then). */
    private boolean needsPrototypes(List<Function> helpers) {
        Set<String> seen = new HashSet<>();
        for (Function h : helpers) {
            seen.add(h.id());
            List<String> callees = new ArrayList<>();
            forEachExpr(h.body(), e -> { if (e instanceof Expr.Call c) callees.add(c.functionId()); });
            for (String callee : callees) if (helpersById.containsKey(callee) && !seen.contains(callee)) return true;
        }
        return false;
    }

    private String signature(Function f) {
        List<String> params = new ArrayList<>();
        for (Function.Parameter p : cParameters(f)) {
            if (p.type() == Type.CONTEXT || p.type() == Type.OBJECT) continue; // an object's fields are parameters of their own
            if (f.kernel() && constants != null && constants.containsKey(p.name())) continue;
            Type type = p.type();
            if (type.isArray()) {
                params.add(pointer(switch (type.space()) {
                    case GLOBAL -> table.globalPointer();
                    case LOCAL -> table.localPointer();
                    case PRIVATE -> "";
                }, p));
            } else {
                switch (type) {
                    // OpenCL forbids bool kernel arguments and launchers pass 4 bytes: int there. Byte, short and
                    // char kernel arguments travel as int too (the launcher passes the exact value).
                    case BOOLEAN, BYTE, SHORT, CHAR -> params.add((f.kernel() ? "int" : scalarType(type)) + " " + p.name());
                    case INT, LONG, FLOAT, DOUBLE, HALF -> params.add(scalarType(type) + " " + p.name());
                    case VECTOR16 -> params.add(table.vectorType() + " " + p.name());
                    default -> {
                        if (!type.isVector()) throw new IllegalArgumentException("parameter '" + p.name() + "' of " + f.id() + " has type " + type);
                        if (byReference(f).contains(p.name())) {
                            // a kernel's: the global buffer of its lanes; a helper's: a pointer to the caller's vector
                            params.add(f.kernel() ? pointer(table.globalPointer(), new Function.Parameter(laneBuffer(p.name()), VectorReferences.laneArray(type)))
                                    : valueType(type) + "* " + p.name());
                        } else if (f.kernel()) {
                            // byte and short lanes travel as int, as byte and short kernel arguments do
                            String lane = type.elementType().isIntegral() ? "int" : scalarType(type.elementType());
                            for (int l = 0; l < type.lanes(); l++) params.add(lane + " " + laneParameter(p.name(), l));
                        } else {
                            params.add(valueType(type) + " " + p.name());
                        }
                    }
                }
            }
            if (f.kernel() && type.isArray() && type.space() != Type.Space.GLOBAL)
                throw new IllegalArgumentException("kernel parameter '" + p.name() + "' of " + f.id() + " must be a global array, is " + p.type());
        }
        if (!f.kernel()) {
            for (HelperLocalArrays.Hoisted a : localArraysTaken(f.id())) params.add(table.localPointer() + scalarType(a.elementType()) + "* " + a.cName());
        }
        String qualifier = f.kernel() ? table.kernelQualifier() + " " : table.helperQualifier();
        String returnType = f.returnType() == Type.VOID ? "void" : valueType(f.returnType());
        return qualifier + returnType + " " + f.cName() + "(" + String.join(", ", params) + ")";
    }

    /** TornadoVM's prebuilt signature (see {@link #emitPrebuilt}): the array {@code a} arrives as the bytes {@code a_bytes}. */
    private String prebuiltSignature(Function f, Set<String> names) {
        List<String> params = new ArrayList<>(List.of("__global long* _kernel_context", "__constant uchar* _constant_region",
                "__local uchar* _local_region", "__global int* _atomics"));
        List<String> taken = new ArrayList<>(List.of("_kernel_context", "_constant_region", "_local_region", "_atomics"));
        for (Function.Parameter p : f.parameters()) {
            if (p.type() == Type.CONTEXT) continue;
            taken.add(prebuiltBytesName(p.name()));
            params.add("__global uchar* " + prebuiltBytesName(p.name()));
        }
        for (String name : taken)
            if (names.contains(name)) throw new IllegalArgumentException("'" + name + "' in " + f.id() + " clashes with a parameter of TornadoVM's prebuilt calling convention");
        return table.kernelQualifier() + " void " + prebuiltEntry + "(" + String.join(", ", params) + ")";
    }

    /** The names {@link #emit}'s body reads, bound from TornadoVM's prebuilt arguments: each array, its size, each AtomicInteger local. */
    private void bindPrebuiltParameters(Function f) {
        for (Function.Parameter p : f.parameters()) {
            if (p.type() == Type.CONTEXT) continue;
            String element = p.type() == Type.HALF_GLOBAL_ARRAY ? table.halfStorage() : scalarType(p.type().elementType());
            String bytes = prebuiltBytesName(p.name());
            line(1, table.globalPointer() + element + "* " + p.name() + " = (" + table.globalPointer() + element + "*) (" + bytes + " + "
                    + PREBUILT_ARRAY_HEADER + ");", f.line());
            line(1, "int " + sizeName(p.name()) + " = *((" + table.globalPointer() + "int*) " + bytes + ");", f.line());
        }
        for (int k = 0; k < f.atomics().size(); k++)
            line(1, table.globalPointer() + "int* " + f.atomics().get(k).name() + " = _atomics + " + k + ";", f.line());
    }

    private static String prebuiltBytesName(String arrayName) {
        return arrayName + "_bytes";
    }

    private String pointer(String addressSpace, Function.Parameter p) {
        String element = p.type() == Type.HALF_GLOBAL_ARRAY ? table.halfStorage() : scalarType(p.type().elementType());
        String c = addressSpace + element + "* " + p.name() + ", int " + sizeName(p.name());
        for (int x = 0; x < p.type().extents(); x++) c += ", int " + extentName(p.name(), x);
        return c;
    }

    /** The C type of a local, parameter or return value: a scalar or the dialect's vector type. */
    private String valueType(Type type) {
        if (type.isVector()) return LaneVectors.typeName(type, table);
        return type == Type.VECTOR16 ? table.vectorType() : scalarType(type);
    }

    private String scalarType(Type type) {
        return table.scalarType(type);
    }

    /** The Java file name without directories, for line comments. */
    private static String fileName(Function f) {
        String file = f.sourceFile() == null ? "?" : f.sourceFile();
        return file.substring(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
    }

    /** An array sized by parameters ({@link Stmt#sizeText}) needs each bound as a JIT constant: C needs the size constant. */
    private void checkSizeBound(Function f, String array, Expr size) {
        forEachExpr(size, e -> {
            if (e instanceof Expr.Variable v && (constants == null || !constants.containsKey(v.name())))
                throw new IllegalArgumentException("array '" + array + "' in " + f.id() + " is sized by the parameter '"
                        + v.name() + "', which must be bound as a JIT constant (its launch value)");
        });
    }

    private void function(Function f) {
        currentFile = fileName(f);
        Map<String, String> sizes = new HashMap<>();
        Set<String> names = new HashSet<>();
        Set<String> references = byReference(f);
        for (Function.Parameter p : cParameters(f)) {
            names.add(p.name());
            if (p.type().isArray()) sizes.put(p.name(), sizeName(p.name()));
            if (f.kernel() && references.contains(p.name())) {
                names.add(laneBuffer(p.name()));
                sizes.put(laneBuffer(p.name()), sizeName(laneBuffer(p.name())));
            }
        }
        List<Stmt.LocalArray> hoisted = new ArrayList<>();
        forEachStmt(f.body(), s -> {
            switch (s) {
                // a helper's local array is a pointer to one hoisted to the kernel (HelperLocalArrays), sized by its parameters
                case Stmt.LocalArray a when !f.kernel() -> {
                    sizes.put(a.name(), a.sizeText());
                    names.add(a.name());
                }
                case Stmt.LocalArray a -> {
                    if (sizes.containsKey(a.name()))
                        throw new IllegalArgumentException("two arrays named '" + a.name() + "' in " + f.id()
                                + "; local arrays are hoisted to the kernel's top and need distinct names");
                    checkSizeBound(f, a.name(), a.symbolicSize());
                    hoisted.add(a);
                    sizes.put(a.name(), a.sizeText());
                    names.add(a.name());
                }
                // Private arrays are declared in place; Java forbids shadowing, so names are unique
                // unless two sibling scopes reuse one, and then the sizes are per declaration anyway.
                case Stmt.PrivateArray a -> {
                    String previous = sizes.put(a.name(), privateArraySize(a));
                    if (previous != null && !previous.equals(privateArraySize(a)))
                        throw new IllegalArgumentException("two arrays named '" + a.name() + "' of different sizes in " + f.id());
                    names.add(a.name());
                }
                case Stmt.Declare d -> names.add(d.name());
                default -> { }
            }
        });
        for (Function.Parameter p : f.parameters())
            if (p.type().isArray() && names.contains(sizeName(p.name())))
                throw new IllegalArgumentException("'" + sizeName(p.name()) + "' in " + f.id()
                        + " clashes with the hidden size parameter of array '" + p.name() + "'");
        expressions = new ExpressionWriter(table, helpersById, sizes, this::localArraysTaken);
        expressions.vectorReferences(vectorReferences, f.kernel() ? Set.of() : references);
        kernelReferences = f.kernel() ? references : Set.of();
        unstoredCalls.clear();
        if (f.kernel() && !references.isEmpty()) forEachExpr(f.body(), e -> { if (e instanceof Expr.Call c && !setsKernelReferences(c).isEmpty()) unstoredCalls.add(c); });
        current = f;

        singleGroup = false;
        gridLoop = f.kernel() && prebuiltEntry == null ? Stmt.ParallelFor.gridReduction(f) : null;
        initialised.clear();
        inOrder = f.kernel() && Stmt.ParallelFor.inOrder(f.body());
        if (inOrder) singleGroup = true;
        sharedArrays = inOrder ? Stmt.ParallelFor.sharedArrays(f.body()) : java.util.Set.of();
        for (Stmt s : f.body().statements()) {
            if (s instanceof Stmt.ParallelFor loop && !loop.reductions().isEmpty()) {
                if (loop != gridLoop) singleGroup = true;
                for (Stmt.Reduction r : loop.reductions()) {
                    String tree = treeName(r);
                    if (!names.add(tree) || !names.add(r.accumulator()) || loop == gridLoop && !names.add(initialName(r)))
                        throw new IllegalArgumentException("'" + tree + "' or '" + r.accumulator() + "' in " + f.id() + " clashes with the reduction's own names");
                    hoisted.add(new Stmt.LocalArray(tree, Type.arrayOf(r.type(), Type.Space.LOCAL), Stmt.ParallelFor.REDUCTION_GROUP, loop.line()));
                }
                if (loop == gridLoop) {
                    if (!names.add(LAST_GROUP) || !names.add(GROUPS))
                        throw new IllegalArgumentException("'" + LAST_GROUP + "' or '" + GROUPS + "' in " + f.id() + " clashes with the reduction's own names");
                    hoisted.add(new Stmt.LocalArray(LAST_GROUP, Type.arrayOf(Type.INT, Type.Space.LOCAL), 1, loop.line()));
                }
            }
        }

        out.append("// ").append(f.kernel() ? "kernel " : "helper ").append(f.id()).append('\n');
        boolean prebuilt = f.kernel() && prebuiltEntry != null;
        out.append(prebuilt ? prebuiltSignature(f, names) : signature(f)).append(" {").append(lineComment(f.line())).append('\n');
        for (Stmt.LocalArray a : hoisted)
            line(1, table.localDeclaration() + scalarType(a.type().elementType()) + " " + a.name() + "[" + a.sizeText() + "];", a.line());
        if (!sharedArrays.isEmpty()) {
            IrWalk.forEachStmt(f.body(), st -> {
                if (st instanceof Stmt.PrivateArray a && sharedArrays.contains(a.name()))
                    line(1, table.localDeclaration() + scalarType(a.type().elementType()) + " " + a.name() + "[" + privateArraySize(a) + "];", a.line());
            });
        }
        if (f.kernel()) {
            for (HelperLocalArrays.Hoisted a : helperArrays.hoisted())
                line(1, table.localDeclaration() + scalarType(a.elementType()) + " " + a.cName() + "[" + a.sizeText() + "];", f.line());
            if (needsSimdScratch(f.id())) line(1, table.localDeclaration() + "float " + SimdPrelude.SCRATCH + "[" + SimdPrelude.OPENCL_SCRATCH + "];", f.line());
        }
        if (prebuilt) bindPrebuiltParameters(f);
        if (f.kernel()) {
            for (Function.Parameter p : f.parameters()) {
                if (!p.type().isVector()) continue;
                List<String> lanes = new ArrayList<>();
                for (int l = 0; l < p.type().lanes(); l++) {
                    lanes.add(kernelReferences.contains(p.name()) ? expressions.top(new Expr.Load(laneBufferVariable(p), new Expr.IntLiteral(l), p.type().elementType()))
                            : laneParameter(p.name(), l));
                }
                line(1, valueType(p.type()) + " " + p.name() + " = " + LaneVectors.construct(p.type(), lanes, table) + ";", f.line());
            }
        }
        if (inOrder) inOrderPrologue(f.line());
        for (Stmt s : f.body().statements()) statement(s, 1);
        if (!unstoredCalls.isEmpty()) {
            Expr.Call c = unstoredCalls.iterator().next();
            throw new IllegalArgumentException(f.id() + " passes its vector parameter '" + setsKernelReferences(c).iterator().next() + "' to "
                    + c.functionId() + ", which sets its lanes, in a condition or a for clause; call it in a statement of its own");
        }
        out.append("}\n");
    }

    /**
     * An in-order kernel's first lines: work-groups other than the first return (a barrier holds one group only, and
     * the launch may have several), and the group's work-items get one number across the launch's dimensions.
     */
    private void inOrderPrologue(int javaLine) {
        line(1, "if (" + query("group_id", 0) + " != 0 || " + query("group_id", 1) + " != 0 || " + query("group_id", 2) + " != 0) return;", javaLine);
        line(1, "const int " + IN_ORDER_ID + " = " + query("local_id", 0) + " + " + query("local_size", 0) + " * (" + query("local_id", 1)
                + " + " + query("local_size", 1) + " * " + query("local_id", 2) + ");", javaLine);
        line(1, "const int " + IN_ORDER_SIZE + " = " + query("local_size", 0) + " * " + query("local_size", 1) + " * " + query("local_size", 2) + ";", javaLine);
    }

    /** The work-item's number in a one-group kernel, and their count. */
    private String groupItem() {
        return inOrder ? IN_ORDER_ID : query("local_id", 0);
    }

    private String groupItems() {
        return inOrder ? IN_ORDER_SIZE : query("local_size", 0);
    }

    // ---------------------------------------------------------------- statements

    private String lineComment(int line) {
        return line > 0 ? " // " + currentFile + ":" + line : "";
    }

    private void line(int depth, String text, int javaLine) {
        out.append(INDENT.repeat(depth)).append(text).append(lineComment(javaLine)).append('\n');
    }

    private void closing(int depth, String text) {
        out.append(INDENT.repeat(depth)).append(text).append('\n');
    }

    private void statement(Stmt s, int depth) {
        switch (s) {
            case Stmt.Block b -> {
                line(depth, "{", b.line());
                for (Stmt inner : b.statements()) statement(inner, depth + 1);
                closing(depth, "}");
            }
            case Stmt.Declare d -> {
                line(depth, declaration(d) + ";", d.line());
                storeReferences(s, depth);
            }
            case Stmt.Assign a when gridLoop != null && !singleGroup && !inReduceLoop && a.target() instanceof Expr.Load l && l.array().type().space() == Type.Space.GLOBAL -> {
                // r[0] = v before a grid reduction's loop (the only global store gridReduction lets through): kept for the
                // last group, which folds the groups' results into it (see gridReductionLoop)
                Stmt.Reduction r = gridLoop.reductions().stream().filter(x -> x.array().name().equals(l.array().name())).findFirst().orElseThrow();
                String declare = initialised.add(r.array().name()) ? scalarType(r.type()) + " " : "";
                line(depth, declare + initialName(r) + " = " + expressions.top(a.value()) + ";", a.line());
            }
            case Stmt.Assign a -> {
                boolean store = a.target() instanceof Expr.Load l && (l.array().type().space() == Type.Space.GLOBAL || sharedArrays.contains(l.array().name()));
                line(depth, onceIfSingleGroup(store) + assignment(a) + ";", a.line());
                seenByAll(store, depth, a.line());
                storeReferences(s, depth);
            }
            case Stmt.Evaluate e -> {
                boolean store = e.expression().type() == Type.VOID;
                line(depth, onceIfSingleGroup(store) + expressions.top(e.expression()) + ";", e.line());
                seenByAll(store, depth, e.line());
                storeReferences(s, depth);
            }
            case Stmt.ParallelFor f -> parallelLoop(f, depth);
            case Stmt.If i -> ifChain(i, depth);
            case Stmt.For f -> forLoop(f, depth);
            case Stmt.While w -> {
                line(depth, "while (" + expressions.top(w.condition()) + ") {", w.line());
                body(w.body(), depth + 1);
                closing(depth, "}");
            }
            case Stmt.DoWhile d -> {
                line(depth, "do {", d.line());
                body(d.body(), depth + 1);
                closing(depth, "} while (" + expressions.top(d.condition()) + ");");
            }
            case Stmt.Break b -> line(depth, "break;", b.line());
            case Stmt.Continue c -> line(depth, "continue;", c.line());
            case Stmt.Return r -> line(depth, r.value() == null ? "return;" : "return " + expressions.top(r.value()) + ";", r.line());
            case Stmt.LocalBarrier b -> line(depth, b.globalFence() ? table.globalBarrier() : table.barrier(), b.line());
            case Stmt.LocalArray a when !current.kernel() -> line(depth, table.localPointer() + scalarType(a.type().elementType()) + "* " + a.name()
                    + " = " + HelperLocalArrays.cName(current, a) + ";", a.line());
            case Stmt.LocalArray a -> { } // declared at the kernel's top (OpenCL requires it there)
            case Stmt.AtomicAdd a -> line(depth, atomicAdd(a) + ";", a.line());
            case Stmt.Matrix m -> {
                if (table != DialectTable.CUDA) {
                    throw new IllegalArgumentException(current.id() + " calls " + m.op().callName() + ", a tensor-core function that only CUDA C has");
                }
                var call = new StringBuilder(m.op().cName).append('(');
                if (m.target() != null) call.append(m.target().name());
                for (Expr a : m.arguments()) {
                    // arrays (tiles, fragments, the output) travel as their pointers
                    String text = a instanceof Expr.Variable v && v.type().isArray() ? v.name() : expressions.top(a);
                    call.append(call.charAt(call.length() - 1) == '(' ? "" : ", ").append(text);
                }
                line(depth, call.append(");").toString(), m.line());
            }
            case Stmt.Print p -> {
                var call = new StringBuilder("printf(").append(cString(p.format()));
                for (Expr a : p.arguments()) call.append(", ").append(expressions.top(a));
                line(depth, call.append(");").toString(), p.line());
            }
            // Java zero-fills new arrays; C leaves them undefined. @Scratch arrays (written before read) are not zeroed.
            case Stmt.PrivateArray a when sharedArrays.contains(a.name()) -> {
                // declared at the kernel's top in local memory; zero-filled here by work-item 0, as Java does at each new
                if (a.zeroed()) {
                    line(depth, "if (" + groupItem() + " == 0) for (int drcn_k = 0; drcn_k < " + privateArraySize(a) + "; drcn_k++) " + a.name() + "[drcn_k] = 0;", a.line());
                    line(depth, table.globalBarrier(), a.line());
                }
            }
            case Stmt.PrivateArray a when a.reassigned() -> {
                String element = scalarType(a.type().elementType());
                line(depth, element + " " + a.name() + "_storage[" + privateArraySize(a) + "]" + (a.zeroed() ? " = {0};" : ";"), a.line());
                line(depth, element + " *" + a.name() + " = " + a.name() + "_storage;", a.line());
            }
            case Stmt.PrivateArray a -> line(depth, scalarType(a.type().elementType()) + " " + a.name() + "[" + privateArraySize(a) + "]"
                    + (a.zeroed() ? " = {0};" : ";"), a.line());
        }
    }

    /** The names of {@code f}'s vector parameters passed by reference ({@link VectorReferences}). */
    private Set<String> byReference(Function f) {
        Set<Integer> indices = vectorReferences.getOrDefault(f.id(), Set.of());
        if (indices.isEmpty()) return Set.of();
        var out = new HashSet<String>();
        for (int i : indices) out.add(f.parameters().get(i).name());
        return out;
    }

    /** The C name of the global buffer that holds a kernel's by-reference vector parameter {@code vector}. */
    private static String laneBuffer(String vector) {
        return vector + "_lanes";
    }

    private static Expr.Variable laneBufferVariable(Function.Parameter vector) {
        return new Expr.Variable(laneBuffer(vector.name()), VectorReferences.laneArray(vector.type()));
    }

    /** The kernel's by-reference vectors whose lanes {@code call} sets (passing them where its callee writes). */
    private Set<String> setsKernelReferences(Expr.Call call) {
        var out = new java.util.TreeSet<String>();
        for (int k : vectorReferences.getOrDefault(call.functionId(), Set.of())) {
            if (call.arguments().get(k) instanceof Expr.Variable v && kernelReferences.contains(v.name())) out.add(v.name());
        }
        return out;
    }

    /**
     * After a statement of the kernel that sets lanes of a by-reference vector parameter (or calls a helper that does):
     * the lanes it may have set, stored from the private copy into the parameter's global buffer.
     */
    private void storeReferences(Stmt s, int depth) {
        if (kernelReferences.isEmpty()) return;
        var lanes = new java.util.TreeMap<String, java.util.TreeSet<Integer>>();
        if (s instanceof Stmt.Assign a && a.target() instanceof Expr.Lane l && l.vector() instanceof Expr.Variable v && kernelReferences.contains(v.name())) {
            lanes.computeIfAbsent(v.name(), k -> new java.util.TreeSet<>()).add(l.index());
        }
        IrWalk.walk(s, new IrWalk.Visitor() {
            @Override public boolean enter(Stmt inner) { return inner == s; }
            @Override public boolean enter(Expr e) {
                if (e instanceof Expr.Call c && unstoredCalls.remove(c)) {
                    for (String name : setsKernelReferences(c)) {
                        var all = lanes.computeIfAbsent(name, k -> new java.util.TreeSet<>());
                        for (int l = 0; l < vectorParameter(name).type().lanes(); l++) all.add(l);
                    }
                }
                return true;
            }
        });
        for (var entry : lanes.entrySet()) {
            Function.Parameter p = vectorParameter(entry.getKey());
            Type element = p.type().elementType();
            for (int l : entry.getValue()) {
                statement(new Stmt.Assign(new Expr.Load(laneBufferVariable(p), new Expr.IntLiteral(l), element), null,
                        new Expr.Lane(new Expr.Variable(p.name(), p.type()), l, element), s.line()), depth);
            }
        }
        boolean once = s instanceof Stmt.Evaluate e && e.expression().type() == Type.VOID && !onceIfSingleGroup(true).isEmpty();
        if (once && !lanes.isEmpty()) {
            // work-item 0 alone made the call (Java makes it once): the others take its lanes, after a barrier
            if (!inOrder) line(depth, table.globalBarrier(), s.line());
            for (String name : lanes.keySet()) {
                Function.Parameter p = vectorParameter(name);
                List<String> values = new ArrayList<>();
                for (int l = 0; l < p.type().lanes(); l++) values.add(expressions.top(new Expr.Load(laneBufferVariable(p), new Expr.IntLiteral(l), p.type().elementType())));
                line(depth, p.name() + " = " + LaneVectors.construct(p.type(), values, table) + ";", s.line());
            }
        }
    }

    private Function.Parameter vectorParameter(String name) {
        for (Function.Parameter p : current.parameters()) if (p.name().equals(name)) return p;
        throw new IllegalStateException("no parameter " + name + " in " + current.id());
    }

    /** A private array's size as C reads it: the constant, or its size expression over the JIT's {@code #define}s. */
    private String privateArraySize(Stmt.PrivateArray a) {
        if (a.sizeExpression() == null) return Integer.toString(a.size());
        return "(" + new ExpressionWriter(table, helpersById, Map.of()).top(a.sizeExpression()) + ")";
    }

    /** {@code if (local id == 0) } before a global store (or a void call) outside the reduce loop of a one-group kernel. */
    private String onceIfSingleGroup(boolean store) {
        return singleGroup && !inReduceLoop && store ? "if (" + groupItem() + " == 0) " : "";
    }

    /**
     * In an in-order kernel, a barrier after what work-item 0 stored outside the loops, so that every work-item reads
     * it next, as Java would: all then see the same memory, so branches around such stores go the same way for all
     * and the barrier is reached by every work-item.
     */
    private void seenByAll(boolean store, int depth, int javaLine) {
        if (inOrder && !inReduceLoop && store) line(depth, table.globalBarrier(), javaLine);
    }

    private String query(String family, int dimension) {
        for (ContextValue v : ContextValue.values())
            if (v.query.equals(family) && v.dimension == dimension) return table.query(v);
        throw new IllegalArgumentException("no " + family + "(" + dimension + ")");
    }

    private static String treeName(Stmt.Reduction r) {
        return r.accumulator() + "_tree";
    }

    /**
     * A {@code @Parallel} loop as a grid-stride loop over its launch dimension; a {@code @Reduce} loop as a
     * block-stride loop of the one work-group, then a fixed tree over the work-items' partial results
     * (see {@link Stmt.ParallelFor}): the same order on every run, so the same result.
     */
    private void parallelLoop(Stmt.ParallelFor f, int depth) {
        if (f == gridLoop) {
            gridReductionLoop(f, depth);
            return;
        }
        if (f.reductions().isEmpty() && singleGroup && inReduceLoop) {
            // an inner @Parallel loop of an in-order kernel: the work-item that runs the outer iteration runs it all
            strideLoop(f, "0", "1", depth);
            return;
        }
        if (f.reductions().isEmpty() && singleGroup) {
            // another loop of a one-group kernel (a map before its reduction): a block-stride loop between barriers,
            // so that it sees what came before and what comes after sees all of it, as Java runs them in turn
            line(depth, table.globalBarrier(), f.line());
            inReduceLoop = true;
            strideLoop(f, groupItem(), groupItems(), depth);
            inReduceLoop = false;
            line(depth, table.globalBarrier(), f.line());
            return;
        }
        if (f.reductions().isEmpty()) {
            strideLoop(f, query("global_id", f.dimension()), query("global_size", f.dimension()), depth);
            return;
        }
        String lid = query("local_id", 0);
        for (Stmt.Reduction r : f.reductions()) line(depth, scalarType(r.type()) + " " + r.accumulator() + " = " + identity(r) + ";", f.line());
        line(depth, table.globalBarrier(), f.line()); // what work-item 0 stored before the loop is seen by all
        inReduceLoop = true;
        strideLoop(f, lid, query("local_size", 0), depth);
        inReduceLoop = false;
        groupTree(f, lid, false, depth);
        line(depth, "if (" + lid + " == 0) {", f.line());
        for (Stmt.Reduction r : f.reductions()) {
            String a = r.array().name() + "[0]";
            line(depth + 1, a + " = " + combine(r, a, treeName(r) + "[0]") + ";", f.line());
        }
        closing(depth, "}");
        line(depth, table.globalBarrier(), f.line()); // code after the loop reads the result
    }

    /**
     * Each work-item's accumulators into the reductions' local trees, then the fixed tree over them: the work-group's
     * result in {@code tree[0]} for every work-item after the last barrier. {@code partial}: the group may have fewer than
     * {@link Stmt.ParallelFor#REDUCTION_GROUP} work-items (any count up to it: a step of the tree with half h folds
     * item i + h into item i for every i + h below the count, and every later step reads only items below h).
     */
    private void groupTree(Stmt.ParallelFor f, String lid, boolean partial, int depth) {
        for (Stmt.Reduction r : f.reductions()) line(depth, treeName(r) + "[" + lid + "] = " + r.accumulator() + ";", f.line());
        line(depth, table.barrier(), f.line());
        line(depth, "for (int drcn_half = " + Stmt.ParallelFor.REDUCTION_GROUP / 2 + "; drcn_half > 0; drcn_half >>= 1) {", f.line());
        line(depth + 1, "if (" + lid + " < drcn_half" + (partial ? " && " + lid + " + drcn_half < " + query("local_size", 0) : "") + ") {", f.line());
        for (Stmt.Reduction r : f.reductions()) {
            String t = treeName(r);
            line(depth + 2, t + "[" + lid + "] = " + combine(r, t + "[" + lid + "]", t + "[" + lid + " + drcn_half]") + ";", f.line());
        }
        closing(depth + 1, "}");
        line(depth + 1, table.barrier(), f.line());
        closing(depth, "}");
    }

    /**
     * A {@code @Reduce} loop over all the launch's work-groups ({@link Stmt.ParallelFor#gridReduction}), in one launch:
     * the threadFenceReduction pattern of CUDA's samples, which OpenCL 1.2 can write too.
     *
     * <ol>
     * <li>Each work-item folds its share of the iterations into its private accumulator: a grid-stride share (work-item
     * g of W = G*L takes g, g + W, ...: on a GPU neighbours read neighbours), or with {@link Function#CONTIGUOUS_SLICES}
     * one contiguous slice ({@link #sliceLoop}: a CPU core streams through it); the group folds its L accumulators in
     * the fixed tree.
     * <li>Work-item 0 stores the group's result at its group's index in the partials array, fences global memory (the
     * store is visible device-wide before anything it does next), and takes a ticket from the group counter with an
     * atomic add. The group that draws ticket G - 1 knows that all G partials were stored before their groups' atomic
     * adds, which come before its own in the counter's order. It fences again (the reads that follow are not served
     * from before the ticket), and tells its work-items through local memory and a barrier.
     * <li>That last group folds the G partials: item l the partials l, l + L, ... through a volatile pointer (read from
     * global memory, not from a cache filled before), then the same tree; work-item 0 stores {@code r[0] = v op total}
     * (v from {@code r[0] = v} before the loop, else r[0] as the host left it) and sets the counter back to 0 for the
     * next launch (no group of this launch touches it after its ticket). The other groups return; the last one runs
     * the code after the loop, its stores made by work-item 0.
     * </ol>
     * Why not a second launch: it would need a second kernel and launch per task (and per recorded graph); here the
     * partials cost one store per group and the extra fold runs on one group, while the launch count stays one. The
     * ordering rests on what the two dialects give: CUDA's {@code __threadfence()} orders a thread's global accesses
     * device-wide (the PTX memory model's fence.sc.gpu) and atomicAdd is a device-scope atomic; OpenCL 1.2 has no
     * formal inter-group ordering, and the pattern relies on {@code mem_fence(CLK_GLOBAL_MEM_FENCE)} before and after
     * the core {@code atomic_inc}, as vendors' OpenCL ports of the same sample do. On PoCL a work-group runs on one
     * core's thread and global memory is the host's, coherent across cores.
     * Every step's order depends only on G and L, never on which group finishes first: the same launch size gives
     * the same bits on every run. The sums of int and long are exact in any order (two's complement addition is
     * associative); float and double sums and products round differently from Java's one order (within the size's
     * rounding bound); max and min are exact. The barriers inside {@code if (last group)} are uniform: every work-item
     * of a group reads the same flag after the barrier that published it.
     */
    private void gridReductionLoop(Stmt.ParallelFor f, int depth) {
        String lid = query("local_id", 0), size = query("local_size", 0);
        for (Stmt.Reduction r : f.reductions()) line(depth, scalarType(r.type()) + " " + r.accumulator() + " = " + identity(r) + ";", f.line());
        inReduceLoop = true;
        if (constants != null && Integer.valueOf(1).equals(constants.get(Function.CONTIGUOUS_SLICES))) sliceLoop(f, depth);
        else strideLoop(f, query("global_id", 0), query("global_size", 0), depth);
        inReduceLoop = false;
        groupTree(f, lid, true, depth);
        line(depth, "const int " + GROUPS + " = " + query("global_size", 0) + " / " + size + ";", f.line());
        String counter = Stmt.ParallelFor.GROUPS_DONE.name();
        line(depth, "if (" + lid + " == 0) {", f.line());
        for (Stmt.Reduction r : f.reductions())
            line(depth + 1, r.groupPartials().name() + "[" + query("group_id", 0) + "] = " + treeName(r) + "[0];", f.line());
        line(depth + 1, table.globalFence(), f.line());
        line(depth + 1, LAST_GROUP + "[0] = " + String.format(table.groupTicketFormat(), counter) + " == " + GROUPS + " - 1;", f.line());
        line(depth + 1, table.globalFence(), f.line());
        closing(depth, "}");
        line(depth, table.globalBarrier(), f.line());
        line(depth, "if (" + LAST_GROUP + "[0]) {", f.line());
        for (Stmt.Reduction r : f.reductions()) {
            String partials = "((volatile " + table.globalPointer() + scalarType(r.type()) + "*) " + r.groupPartials().name() + ")";
            line(depth + 1, r.accumulator() + " = " + identity(r) + ";", f.line());
            line(depth + 1, "for (int drcn_g = " + lid + "; drcn_g < " + GROUPS + "; drcn_g += " + size + ") " + r.accumulator() + " = "
                    + combine(r, r.accumulator(), partials + "[drcn_g]") + ";", f.line());
        }
        groupTree(f, lid, true, depth + 1);
        line(depth + 1, "if (" + lid + " == 0) {", f.line());
        for (Stmt.Reduction r : f.reductions()) {
            String a = r.array().name() + "[0]";
            String start = initialised.contains(r.array().name()) ? initialName(r) : a;
            line(depth + 2, a + " = " + combine(r, start, treeName(r) + "[0]") + ";", f.line());
        }
        line(depth + 2, counter + "[0] = 0;", f.line());
        closing(depth + 1, "}");
        line(depth + 1, table.globalBarrier(), f.line()); // the code after the loop reads the results
        closing(depth, "}");
        // the code after the loop is the last group's, run as the one-group path runs it: stores by work-item 0
        line(depth, "if (!" + LAST_GROUP + "[0]) return;", f.line());
        singleGroup = true;
    }

    /**
     * The loop of {@code f} cut into one contiguous slice per work-item of the launch ({@link Function#CONTIGUOUS_SLICES}):
     * iterations are numbered t = 0 .. trips - 1 (index = start + t * step, or minus when descending), and work-item g
     * of W runs t from g * s to min((g + 1) * s, trips), s = ceil(trips / W). Counted in 64 bits: trips * step and the
     * span between start and bound may pass the int range when the index does not.
     */
    private void sliceLoop(Stmt.ParallelFor f, int depth) {
        String lng = scalarType(Type.LONG);
        String start = "(" + lng + ") " + expressions.operand(f.start()), bound = "(" + lng + ") " + expressions.operand(f.bound());
        String step = "(" + lng + ") " + expressions.operand(f.step());
        String span = (f.descending() ? start + " - " + bound : bound + " - " + start) + (f.inclusive() ? " + 1" : "");
        String items = "(" + lng + ") " + query("global_size", 0);
        line(depth, "{", f.line());
        line(depth + 1, "const " + lng + " drcn_span = " + span + ", drcn_step = " + step + ";", f.line());
        line(depth + 1, "const " + lng + " drcn_trips = drcn_span > 0 ? (drcn_span + drcn_step - 1) / drcn_step : 0;", f.line());
        line(depth + 1, "const " + lng + " drcn_slice = (drcn_trips + " + items + " - 1) / " + items + ";", f.line());
        line(depth + 1, "const " + lng + " drcn_first = (" + lng + ") " + query("global_id", 0) + " * drcn_slice;", f.line());
        line(depth + 1, "const " + lng + " drcn_end = drcn_first + drcn_slice < drcn_trips ? drcn_first + drcn_slice : drcn_trips;", f.line());
        line(depth + 1, "for (" + lng + " drcn_t = drcn_first; drcn_t < drcn_end; drcn_t++) {", f.line());
        line(depth + 2, "int " + f.index() + " = (int) (" + start + (f.descending() ? " - " : " + ") + "drcn_t * drcn_step);", f.line());
        body(f.body(), depth + 2);
        closing(depth + 1, "}");
        closing(depth, "}");
    }

    /** The C local of a grid reduction that holds {@code r[0] = v}'s v before the loop. */
    private static String initialName(Stmt.Reduction r) {
        return r.accumulator() + "_initial";
    }

    /**
     * The loop of {@code f} shared out among work-items: the one with id {@code first} runs iterations start + first * step,
     * then every {@code stride} * step after it, while the loop's condition holds (descending: minus).
     */
    private void strideLoop(Stmt.ParallelFor f, String first, String stride, int depth) {
        String i = f.index();
        boolean unit = f.step() instanceof Expr.IntLiteral l && l.value() == 1;
        String step = expressions.operand(f.step());
        String condition = i + (f.descending() ? (f.inclusive() ? " >= " : " > ") : (f.inclusive() ? " <= " : " < ")) + expressions.operand(f.bound());
        String start = expressions.operand(f.start());
        String sign = f.descending() ? " - " : " + ", assign = f.descending() ? " -= " : " += ";
        line(depth, "for (int " + i + " = " + start + sign + (unit ? first : first + " * " + step) + "; " + condition + "; "
                + i + assign + (unit ? stride : stride + " * " + step) + ") {", f.line());
        body(f.body(), depth + 1);
        closing(depth, "}");
    }

    private String identity(Stmt.Reduction r) {
        Type t = r.type();
        Expr e = switch (r.op()) {
            case SUM, PRODUCT -> {
                int one = r.op() == Stmt.ReduceOp.SUM ? 0 : 1;
                yield switch (t) {
                    case FLOAT -> new Expr.FloatLiteral(one);
                    case DOUBLE -> new Expr.DoubleLiteral(one);
                    case LONG -> new Expr.LongLiteral(one);
                    default -> new Expr.IntLiteral(one);
                };
            }
            case MAX -> switch (t) {
                case FLOAT -> new Expr.FloatLiteral(Float.NEGATIVE_INFINITY);
                case DOUBLE -> new Expr.DoubleLiteral(Double.NEGATIVE_INFINITY);
                case LONG -> new Expr.LongLiteral(Long.MIN_VALUE);
                default -> new Expr.IntLiteral(Integer.MIN_VALUE);
            };
            case MIN -> switch (t) {
                case FLOAT -> new Expr.FloatLiteral(Float.POSITIVE_INFINITY);
                case DOUBLE -> new Expr.DoubleLiteral(Double.POSITIVE_INFINITY);
                case LONG -> new Expr.LongLiteral(Long.MAX_VALUE);
                default -> new Expr.IntLiteral(Integer.MAX_VALUE);
            };
        };
        return expressions.top(e);
    }

    private String combine(Stmt.Reduction r, String a, String b) {
        return switch (r.op()) {
            case SUM -> a + " + " + b;
            case PRODUCT -> a + " * " + b;
            case MAX, MIN -> {
                String base = r.op() == Stmt.ReduceOp.MAX ? "max" : "min";
                String name = r.type() == Type.FLOAT ? table.floatMath("f" + base) : r.type() == Type.DOUBLE ? "f" + base : base;
                yield name + "(" + a + ", " + b + ")";
            }
        };
    }

    /** Statements of a loop or branch body, without the extra braces a {@link Stmt.Block} would add. */
    private void body(Stmt s, int depth) {
        if (s instanceof Stmt.Block b) for (Stmt inner : b.statements()) statement(inner, depth);
        else if (s != null) statement(s, depth);
    }

    private void ifChain(Stmt.If first, int depth) {
        line(depth, "if (" + expressions.top(first.condition()) + ") {", first.line());
        Stmt.If current = first;
        while (true) {
            body(current.then(), depth + 1);
            Stmt otherwise = current.otherwise();
            if (otherwise == null) break;
            if (otherwise instanceof Stmt.If next) {
                line(depth, "} else if (" + expressions.top(next.condition()) + ") {", next.line());
                current = next;
            } else {
                closing(depth, "} else {");
                body(otherwise, depth + 1);
                break;
            }
        }
        closing(depth, "}");
    }

    private void forLoop(Stmt.For f, int depth) {
        String init = forInit(f.init());
        int loopDepth = depth;
        if (init == null) {
            // Java's init list mixes statement kinds C's cannot hold in one clause: scope them in a block.
            line(depth, "{", f.line());
            for (Stmt s : f.init()) statement(s, depth + 1);
            init = "";
            loopDepth = depth + 1;
        }
        List<String> updates = new ArrayList<>();
        for (Stmt u : f.update()) {
            switch (u) {
                case Stmt.Assign a -> updates.add(assignment(a));
                case Stmt.Evaluate e -> updates.add(expressions.top(e.expression()));
                default -> throw new IllegalArgumentException("unsupported for-update statement " + u);
            }
        }
        String condition = f.condition() == null ? "" : " " + expressions.top(f.condition());
        String update = updates.isEmpty() ? "" : " " + String.join(", ", updates);
        line(loopDepth, "for (" + init + ";" + condition + ";" + update + ") {", f.line());
        body(f.body(), loopDepth + 1);
        closing(loopDepth, "}");
        if (loopDepth != depth) closing(depth, "}");
    }

    /** The for-init clause, or null when C cannot write the init list as one clause. */
    private String forInit(List<Stmt> init) {
        if (init.isEmpty()) return "";
        if (init.stream().allMatch(s -> s instanceof Stmt.Declare)) {
            Type type = ((Stmt.Declare) init.getFirst()).type();
            if (init.stream().allMatch(s -> ((Stmt.Declare) s).type() == type)) {
                List<String> parts = new ArrayList<>();
                for (Stmt s : init) {
                    Stmt.Declare d = (Stmt.Declare) s;
                    parts.add(d.init() == null ? d.name() : d.name() + " = " + expressions.top(d.init()));
                }
                return valueType(type) + " " + String.join(", ", parts);
            }
            return null;
        }
        if (init.stream().allMatch(s -> s instanceof Stmt.Assign || s instanceof Stmt.Evaluate)) {
            List<String> parts = new ArrayList<>();
            for (Stmt s : init)
                parts.add(s instanceof Stmt.Assign a ? assignment(a) : expressions.top(((Stmt.Evaluate) s).expression()));
            return String.join(", ", parts);
        }
        return null;
    }

    private String declaration(Stmt.Declare d) {
        String type = valueType(d.type());
        return d.init() == null ? type + " " + d.name() : type + " " + d.name() + " = " + expressions.top(d.init());
    }

    /** An assignment as a C expression (no semicolon), usable in a for-update too. */
    private String assignment(Stmt.Assign a) {
        Expr target = a.target();
        if (!(target instanceof Expr.Variable || target instanceof Expr.Load || target instanceof Expr.Lane l && l.vector() instanceof Expr.Variable))
            throw new IllegalArgumentException("cannot assign to " + target);
        if (target instanceof Expr.Variable v && v.type().isVector() && byReference(current).contains(v.name()))
            throw new IllegalArgumentException(current.id() + " assigns its vector parameter '" + v.name() + "', whose lanes a helper it calls sets;"
                    + " Java would then set another object's lanes than the caller's: assign a local instead");
        // a private array declared as a pointer (Stmt.PrivateArray.reassigned) may be made to name another one
        if (target instanceof Expr.Variable v && v.type().isArray() && (v.type().space() != Type.Space.PRIVATE || a.op() != null))
            throw new IllegalArgumentException("cannot assign to array '" + v.name() + "'");
        if (target instanceof Expr.Variable v && v.type().isArray()) {
            if (!(a.value() instanceof Expr.Variable source) || !source.type().equals(v.type()))
                throw new IllegalArgumentException("array '" + v.name() + "' can only be made to name another private array of its type");
            return v.name() + " = " + source.name();
        }
        if (target instanceof Expr.Load l && l.array().type() == Type.HALF_GLOBAL_ARRAY) {
            if (a.op() != null) throw new IllegalArgumentException("compound assignment to half array '" + l.array().name() + "'");
            return expressions.halfStore(l, a.value());
        }
        String lhs = expressions.top(target);
        if (a.op() == null) return lhs + " = " + expressions.top(a.value());
        if (a.value() instanceof Expr.IntLiteral one && one.value() == 1 && (target.type() == Type.INT || target.type() == Type.LONG)) {
            if (a.op() == BinaryOp.ADD) return lhs + "++";
            if (a.op() == BinaryOp.SUB) return lhs + "--";
        }
        // Compound operators whose C meaning differs from Java's are spelled out as t = t op v:
        // shifts (masking, unsigned), float %, and Java's implicit narrowing in `int += float`.
        Type t = target.type(), v = a.value().type();
        boolean narrowing = t.isIntegral() && v.isFloating();
        boolean floatRem = a.op() == BinaryOp.REM && (t.isFloating() || v.isFloating());
        boolean shift = a.op() == BinaryOp.SHL || a.op() == BinaryOp.USHR
                // x >>= c is the same in C and Java when c is a literal in 0..31 (arithmetic shift assumed)
                || a.op() == BinaryOp.SHR && !(a.value() instanceof Expr.IntLiteral c && c.value() >= 0 && c.value() < 32);
        if (narrowing || floatRem || shift) {
            // Java: t = (T) (t op v), computed in the promoted type (a shift: in the left operand's promoted type)
            Type opType = shift ? (t == Type.LONG ? Type.LONG : Type.INT) : Type.promote(t, v);
            Expr combined = new Expr.Binary(a.op(), target, a.value(), opType);
            Expr value = opType == target.type() ? combined : new Expr.Cast(target.type(), combined);
            return lhs + " = " + expressions.top(value);
        }
        return lhs + " " + a.op().javaSymbol + "= " + expressions.top(a.value());
    }

    // ---------------------------------------------------------------- atomics

    /** The element types of the shared (global or local) arrays that atomicAdd updates. */
    private static Set<Type> atomicElements(List<Function> all) {
        Set<Type> found = new HashSet<>();
        for (Function f : all) {
            forEachStmt(f.body(), s -> {
                if (s instanceof Stmt.AtomicAdd a && a.array().type().space() != Type.Space.PRIVATE) found.add(a.array().type().elementType());
            });
        }
        return found;
    }

    /** Whether some function reads an AtomicInteger's value after its add ({@code incrementAndGet}, ...). */
    private static boolean addsAndGets(List<Function> all) {
        return all.stream().anyMatch(f -> IrWalk.anyExpr(f.body(), e -> e instanceof Expr.AtomicFetchAdd a && a.newValue()));
    }

    /**
     * OpenCL 1.2 has no float or double atomic add: a compare-and-swap loop on the value's bits does it (retrying while
     * another work-item changed the value in between); 64-bit atomics need their extension. CUDA has both natively
     * (double from sm_60). {@code drcn_atomic_add_get}: the value after an atomic int add, old + delta.
     */
    private String atomicPrelude(List<Function> all) {
        Set<Type> elements = atomicElements(all);
        String addGet = !addsAndGets(all) ? ""
                : table == DialectTable.CUDA ? "__device__ int drcn_atomic_add_get(int* p, int d) {\n    return atomicAdd(p, d) + d;\n}\n\n"
                : "int drcn_atomic_add_get(volatile __global int* p, int d) {\n    return atomic_add(p, d) + d;\n}\n\n";
        if (table == DialectTable.CUDA || elements.isEmpty()) return addGet;
        String c = elements.contains(Type.LONG) || elements.contains(Type.DOUBLE) ? "#pragma OPENCL EXTENSION cl_khr_int64_base_atomics : enable\n\n" : "";
        c += addGet;
        if (elements.contains(Type.FLOAT)) {
            c += casAdd("drcn_atomic_add_float", "__global", "float", "unsigned int", "atomic_cmpxchg")
                    + casAdd("drcn_atomic_add_float_local", "__local", "float", "unsigned int", "atomic_cmpxchg") + "\n";
        }
        if (elements.contains(Type.DOUBLE)) {
            c += casAdd("drcn_atomic_add_double", "__global", "double", "unsigned long", "atom_cmpxchg")
                    + casAdd("drcn_atomic_add_double_local", "__local", "double", "unsigned long", "atom_cmpxchg") + "\n";
        }
        return c;
    }

    /** OpenCL C: {@code *p += v} on a float or double in {@code space} as a compare-and-swap loop on its {@code bits}. */
    private static String casAdd(String name, String space, String type, String bits, String cmpxchg) {
        return """
                void %1$s(volatile %2$s %3$s* p, %3$s v) {
                    union { %4$s u; %3$s f; } seen, next;
                    do {
                        seen.f = *p;
                        next.f = seen.f + v;
                    } while (%5$s((volatile %2$s %4$s*) p, seen.u, next.u) != seen.u);
                }
                """.formatted(name, space, type, bits, cmpxchg);
    }

    /** A Java string as a C string literal: backslash, quote and control characters escaped. */
    static String cString(String s) {
        var out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 32 || c > 126) out.append(String.format("\\%03o", (int) c & 0xff));
                    else out.append(c);
                }
            }
        }
        return out.append('"').toString();
    }

    /**
     * {@code array[index] += value} in one step. Private arrays are the work-item's own: a plain add. OpenCL: atomic_add
     * on int, atom_add on long (cl_khr_int64_base_atomics), the CAS loops on float and double; CUDA: atomicAdd (long through
     * unsigned long long, the same bits in two's complement).
     */
    private String atomicAdd(Stmt.AtomicAdd a) {
        Type array = a.array().type();
        Type element = array.elementType();
        String address = "&" + a.array().name() + "[" + expressions.top(a.index()) + "]";
        String value = expressions.top(a.value());
        if (array.space() == Type.Space.PRIVATE) return a.array().name() + "[" + expressions.top(a.index()) + "] += " + value;
        if (table == DialectTable.CUDA) {
            if (element == Type.LONG) return "atomicAdd((unsigned long long*) " + address + ", (unsigned long long) (" + value + "))";
            return "atomicAdd(" + address + ", " + value + ")";
        }
        return switch (element) {
            case INT -> "atomic_add(" + address + ", " + value + ")";
            case LONG -> "atom_add(" + address + ", " + value + ")";
            case FLOAT -> (array.space() == Type.Space.LOCAL ? "drcn_atomic_add_float_local(" : "drcn_atomic_add_float(") + address + ", " + value + ")";
            case DOUBLE -> (array.space() == Type.Space.LOCAL ? "drcn_atomic_add_double_local(" : "drcn_atomic_add_double(") + address + ", " + value + ")";
            default -> throw new IllegalArgumentException("no atomic add on " + element);
        };
    }
}
