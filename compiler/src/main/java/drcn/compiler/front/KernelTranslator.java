package drcn.compiler.front;

import com.sun.source.tree.*;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.TreeScanner;
import com.sun.source.util.Trees;
import drcn.compiler.ir.*;

import javax.lang.model.element.*;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;
import java.io.IOException;
import java.util.*;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Translates the attributed javac tree of one static method into a {@link Function}. All typing
 * comes from javac ({@link Trees#getTypeMirror}, {@link Trees#getElement}): overloads, constants
 * and implicit widenings are already resolved, so this class only maps and checks the subset.
 *
 * <p>Problems do not stop the translation: every rejected construct is recorded with its tree so
 * the processor can report all of them at their exact positions (only when the method is actually
 * needed by a kernel: the processor translates every static method of a class speculatively).
 */
public final class KernelTranslator {
    /** Every rejection message starts with this, so users and tests can recognise them. */
    public static final String PREFIX = "kernel subset: ";

    public static final String API = "drcn.kernels.api.";
    public static final String KERNEL = API + "Kernel";
    /** tornado-api's own kernels (ImageFloat.fill, passed to tasks as image::fill): instance methods, unlike {@link #KERNEL}'s. */
    public static final String API_KERNEL = "drcn.tornado.api.internal.annotations.ApiKernel";
    /** Marks a static method of tornado-api that kernels may call (its IR is written when tornado-api is compiled). */
    public static final String API_HELPER = "drcn.tornado.api.internal.annotations.ApiHelper";
    /** TornadoVM's API, ours: the kernel-side types a TornadoVM program ports with. */
    public static final String TORNADO_API = "drcn.tornado.api.";
    public static final String FLOAT_ARRAY = TORNADO_API + "types.arrays.FloatArray";
    public static final String INT_ARRAY = TORNADO_API + "types.arrays.IntArray";
    /** Every TornadoVM native array class a kernel may take, to its element type. */
    public static final Map<String, Type> NATIVE_ARRAYS = Map.ofEntries(
            Map.entry(FLOAT_ARRAY, Type.FLOAT),
            Map.entry(INT_ARRAY, Type.INT),
            Map.entry(TORNADO_API + "types.arrays.DoubleArray", Type.DOUBLE),
            Map.entry(TORNADO_API + "types.arrays.LongArray", Type.LONG),
            Map.entry(TORNADO_API + "types.arrays.ShortArray", Type.SHORT),
            Map.entry(TORNADO_API + "types.arrays.ByteArray", Type.BYTE),
            Map.entry(TORNADO_API + "types.arrays.CharArray", Type.CHAR),
            Map.entry(TORNADO_API + "types.arrays.HalfFloatArray", Type.HALF),
            Map.entry(TORNADO_API + "types.arrays.BFloat16Array", Type.SHORT),
            Map.entry(TORNADO_API + "types.arrays.Int8Array", Type.BYTE),
            Map.entry(TORNADO_API + "types.arrays.FP8Array", Type.BYTE));
    /** TornadoVM's bfloat16 codec (static methods on the 16 bits as a short). */
    public static final String BFLOAT16 = TORNADO_API + "types.BFloat16";
    /** TornadoVM's 8-bit float codec (static methods between float and the 8 bits as a byte). */
    public static final String FP8 = TORNADO_API + "types.FP8";
    /** TornadoVM's binary16 value class ({@link Type#HALF}). */
    public static final String HALF_FLOAT = TORNADO_API + "types.HalfFloat";
    private static final String HALF_FLOAT_ARRAY = TORNADO_API + "types.arrays.HalfFloatArray";
    private static final String BYTE_ARRAY = TORNADO_API + "types.arrays.ByteArray";
    /** The arrays' base class, where getSize() is declared. */
    public static final String NATIVE_ARRAY = TORNADO_API + "types.arrays.TornadoNativeArray";
    public static final String CONTEXT = TORNADO_API + "KernelContext";
    public static final String VECTOR = API + "Vector16";
    public static final String SCRATCH = API + "Scratch";
    /** On a helper's array parameter: it takes a work-group local array (see drcn.kernels.api.Local). */
    public static final String LOCAL = API + "Local";
    public static final String PARALLEL = TORNADO_API + "annotations.Parallel";
    public static final String REDUCE = TORNADO_API + "annotations.Reduce";
    private static final String MATH = "java.lang.Math";
    /** A kernel's shared counter (TornadoVM's atomics): a global int array of one element in C. */
    public static final String ATOMIC_INTEGER = "java.util.concurrent.atomic.AtomicInteger";

    public record Problem(Tree tree, String message) {}

    /** A call of a translated static method, kept with its tree for recursion diagnostics. */
    public record CallSite(String calleeId, Tree tree) {}

    /** The outcome for one method: a function (only meaningful when {@code problems} is empty). */
    public record Translation(String id, String className, boolean kernel, Function function,
                              List<Problem> problems, List<CallSite> calls, CompilationUnitTree unit,
                              ExecutableElement element) {}

    private final Trees trees;
    private final Elements elements;
    private final Types types;
    private final SourcePositions positions;
    private final CompilationUnitTree unit;
    private final TreePath methodPath;
    private final ExecutableElement method;
    /** Translated as a kernel entry point: annotated {@code @Kernel}, or passed to {@code TaskGraph.task}. */
    private final boolean kernel;
    /** How messages name a kernel: "@Kernel" for an annotated one, "kernel" for a task's method. */
    private final String kernelWord;

    private final List<Problem> problems = new ArrayList<>();
    private final List<CallSite> calls = new ArrayList<>();
    /** Java variable (parameter or local) to its IR variable; javac forbids shadowing inside a method. */
    private final Map<Element, Expr.Variable> variables = new HashMap<>();
    /** Constant sizes of local and private arrays, for {@code a.length}. */
    private final Map<Element, Integer> arraySizes = new HashMap<>();
    /** Int locals declared with a constant initializer ({@code int n = 32;}), for array sizes. */
    private final Map<Element, Integer> constantInitializers = new HashMap<>();
    /** Int locals' initializers ({@code int localSize = context.localGroupSizeX;}), for array sizes when never assigned. */
    private final Map<Element, TreePath> sizeInitializers = new HashMap<>();
    /** The helper methods this method calls, by function id. */
    private final Map<String, ExecutableElement> helperMethods = new HashMap<>();
    /** Arrays sized by an expression of the kernel's int parameters (bound at launch), for {@code a.length}. */
    private final Map<Element, Expr> symbolicSizes = new HashMap<>();
    /** Local array variables the method assigns another array ({@code b = a}): declared as pointers in C. */
    private final Set<Element> reassignedArrays = new HashSet<>();
    /** Statements a declaration adds after itself in its block (the element stores of {@code int[] a = {1, 2}}). */
    private final List<Stmt> pendingStatements = new ArrayList<>();
    /** C name to Java name within this method, so that renaming (half to half_) never merges two variables. */
    private final Map<String, String> cNames = new HashMap<>();
    /** Lanes per element of each vector collection parameter ({@code VectorFloat4}: 4, {@code VectorFloat}: 1). */
    private final Map<Element, Integer> collectionLanes = new HashMap<>();

    /**
     * Whether a function id whose tree javac no longer holds is still callable: translated earlier in this compilation,
     * or a helper in the kernel IR on the class path (of a module compiled earlier).
     */
    private final Predicate<String> compiledHelper;

    private KernelTranslator(Trees trees, Elements elements, Types types, CompilationUnitTree unit, TreePath methodPath, Boolean asKernel,
                             Predicate<String> compiledHelper) {
        this.compiledHelper = compiledHelper;
        this.trees = trees;
        this.elements = elements;
        this.types = types;
        this.positions = trees.getSourcePositions();
        this.unit = unit;
        this.methodPath = methodPath;
        this.method = (ExecutableElement) trees.getElement(enclosingMethod(methodPath));
        boolean annotated = isKernel(method);
        this.kernel = asKernel == null ? annotated : asKernel;
        this.kernelWord = annotated ? "@Kernel" : "kernel";
    }

    /** Translates a method as a kernel if it is annotated {@code @Kernel}, as a helper otherwise. */
    public static Translation translate(Trees trees, Elements elements, Types types, CompilationUnitTree unit, TreePath methodPath,
                                        Predicate<String> compiledHelper) {
        return new KernelTranslator(trees, elements, types, unit, methodPath, null, compiledHelper).translate();
    }

    /**
     * Translates a method as a kernel entry point ({@code asKernel}: void, FloatArray / IntArray /
     * KernelContext parameters, local memory allowed) or as a helper, whatever its annotations: a
     * method without {@code @Kernel} becomes a kernel by being passed to {@code TaskGraph.task}.
     */
    public static Translation translate(Trees trees, Elements elements, Types types, CompilationUnitTree unit, TreePath methodPath,
                                        boolean asKernel, Predicate<String> compiledHelper) {
        return new KernelTranslator(trees, elements, types, unit, methodPath, asKernel, compiledHelper).translate();
    }

    /**
     * Translates a lambda passed to {@code TaskGraph.task} as a kernel. Its parameters are, as javac compiles the lambda
     * to a synthetic method, the variables it captures (effectively final locals of the enclosing method, read at the
     * moment the lambda is created: TornadoVM passes them as leading task arguments), then its own parameters. The id
     * is provisional ({@code Class#lambda@POSITION(types)}): the processor renames the function and puts the captured
     * parameters in javac's order once javac has named the synthetic method. {@link LambdaKernel#captured} lists the
     * captured variables by name with their erased types, for that.
     */
    public static LambdaKernel translateLambda(Trees trees, Elements elements, Types types, CompilationUnitTree unit, TreePath lambdaPath,
                                               Predicate<String> compiledHelper) {
        var translator = new KernelTranslator(trees, elements, types, unit, lambdaPath, true, compiledHelper);
        return translator.translateLambda();
    }

    /** A lambda's kernel translation, with its parameters' erased types by name (captured variables first). */
    public record LambdaKernel(Translation translation, Map<String, String> parameterTypes, boolean capturesThis) {}

    /** The method a tree is in: the path itself for a method, the innermost enclosing method for a lambda. */
    private static TreePath enclosingMethod(TreePath p) {
        for (TreePath q = p; q != null; q = q.getParentPath()) {
            if (q.getLeaf() instanceof MethodTree) return q;
            if (q.getLeaf() instanceof ClassTree) break;
        }
        return p;
    }

    private LambdaKernel translateLambda() {
        var lambda = (LambdaExpressionTree) methodPath.getLeaf();
        String className = binaryName((TypeElement) method.getEnclosingElement(), elements);
        // Variables declared inside the lambda; every other local it names is captured.
        var declaredInside = new HashSet<Element>();
        var captured = new LinkedHashMap<VariableElement, Tree>();
        boolean[] capturesThis = {false};
        new TreePathScanner<Void, Void>() {
            @Override
            public Void visitVariable(VariableTree v, Void unused) {
                declaredInside.add(trees.getElement(getCurrentPath()));
                return super.visitVariable(v, unused);
            }

            @Override
            public Void visitIdentifier(IdentifierTree id, Void unused) {
                Element e = trees.getElement(getCurrentPath());
                if (e instanceof VariableElement ve && ve.getConstantValue() == null && !declaredInside.contains(ve)
                        && switch (ve.getKind()) { case LOCAL_VARIABLE, PARAMETER, EXCEPTION_PARAMETER, RESOURCE_VARIABLE, BINDING_VARIABLE -> true; default -> false; }) {
                    captured.putIfAbsent(ve, id);
                }
                if (e != null && !e.getModifiers().contains(Modifier.STATIC)
                        && (e.getKind() == ElementKind.FIELD || e.getKind() == ElementKind.METHOD || id.getName().contentEquals("this"))) {
                    capturesThis[0] = true;
                }
                return super.visitIdentifier(id, unused);
            }
        }.scan(methodPath, null);

        var parameters = new ArrayList<Function.Parameter>();
        var parameterTypes = new LinkedHashMap<String, String>();
        int index = 0;
        for (var entry : captured.entrySet()) {
            VariableElement ve = entry.getKey();
            Type type = parameterType(ve.asType(), entry.getValue(), index++);
            var v = new Expr.Variable(cName(ve.getSimpleName().toString()), type);
            variables.put(ve, v);
            parameters.add(new Function.Parameter(v.name(), type));
            parameterTypes.put(ve.getSimpleName().toString(), types.erasure(ve.asType()).toString());
        }
        for (VariableTree pt : lambda.getParameters()) {
            var pe = (VariableElement) trees.getElement(sub(methodPath, pt));
            Expr.Variable v = declareParameter(pe, pt, index++);
            parameters.add(new Function.Parameter(v.name(), v.type()));
            parameterTypes.put(pe.getSimpleName().toString(), types.erasure(pe.asType()).toString());
        }
        noteReassignedArrays(lambda.getBody());
        TreePath bodyPath = sub(methodPath, lambda.getBody());
        Stmt.Block body = lambda.getBody() instanceof BlockTree ? (Stmt.Block) stmt(bodyPath)
                : new Stmt.Block(List.of(expressionStatement(bodyPath, line(lambda.getBody()))), line(lambda.getBody()));
        checkParallelStructure(body, parameters);
        checkVectorRebinds(body, parameters);
        long position = positions.getStartPosition(unit, lambda.getBody());
        String javaName = "lambda@" + position;
        String id = className + "#" + javaName + "(" + String.join(",", parameterTypes.values()) + ")";
        var function = new Function(id, javaName, "lambda", true, Type.VOID, List.copyOf(parameters), body, fileName(), line(lambda));
        var translation = new Translation(id, className, true, function, List.copyOf(problems), List.copyOf(calls), unit, method);
        return new LambdaKernel(translation, parameterTypes, capturesThis[0]);
    }

    public static boolean isKernel(ExecutableElement m) {
        return hasAnnotation(m, KERNEL) || hasAnnotation(m, API_KERNEL);
    }

    private static boolean hasAnnotation(Element element, String annotation) {
        for (AnnotationMirror a : element.getAnnotationMirrors()) {
            if (((TypeElement) a.getAnnotationType().asElement()).getQualifiedName().contentEquals(annotation)) return true;
        }
        return false;
    }

    /** {@code pkg.Outer$Inner#name(int,float,drcn.tornado.api.types.arrays.FloatArray)}: binary class name, erased parameter types. */
    public static String functionId(ExecutableElement m, Elements elements, Types types) {
        var params = new StringJoiner(",");
        for (VariableElement p : m.getParameters()) params.add(types.erasure(p.asType()).toString());
        return binaryName((TypeElement) m.getEnclosingElement(), elements) + "#" + m.getSimpleName() + "(" + params + ")";
    }

    public static String binaryName(TypeElement type, Elements elements) {
        return elements.getBinaryName(type).toString();
    }

    // ------------------------------------------------------------------ the method

    private Translation translate() {
        MethodTree tree = (MethodTree) methodPath.getLeaf();
        String id = functionId(method, elements, types);
        Set<Modifier> modifiers = method.getModifiers();
        // A task may name an instance method (TornadoVM's obj::method): it is translated like a static one, since the
        // subset has no fields and no instance calls, so the body cannot read its receiver. @Kernel stays static.
        if (kernel && !modifiers.contains(Modifier.STATIC) && hasAnnotation(method, KERNEL)) {
            reject(tree, "a non-static " + kernelWord + " method (" + method.getSimpleName() + ")", "; declare it static");
        }
        if (modifiers.contains(Modifier.SYNCHRONIZED)) reject(tree, "a synchronized method", "");
        if (!method.getTypeParameters().isEmpty()) reject(tree, "a generic method", "");
        if (method.isVarArgs()) reject(tree, "a varargs method", "");

        Type returnType = Type.VOID;
        TypeMirror rt = method.getReturnType();
        if (kernel && rt.getKind() != TypeKind.VOID) {
            problem(tree.getReturnType(), PREFIX + "a " + kernelWord + " method must return void, not " + rt);
        } else if (!kernel) {
            returnType = switch (rt.getKind()) {
                case VOID -> Type.VOID;
                case INT, FLOAT, BOOLEAN, LONG, DOUBLE, SHORT, BYTE, CHAR -> scalar(rt);
                case DECLARED -> {
                    if (qualifiedName(rt).equals(VECTOR)) yield Type.VECTOR16;
                    if (vectorType(qualifiedName(rt)) != null) yield vectorType(qualifiedName(rt));
                    if (qualifiedName(rt).equals(HALF_FLOAT)) yield Type.HALF;
                    problem(tree.getReturnType(), PREFIX + "helper return type " + rt + " is not allowed in a kernel (a primitive, Vector16 or void)");
                    yield Type.VOID;
                }
                default -> {
                    problem(tree.getReturnType(), PREFIX + "helper return type " + rt + " is not allowed in a kernel (a primitive, Vector16 or void)");
                    yield Type.VOID;
                }
            };
        }

        var parameters = new ArrayList<Function.Parameter>();
        objectParametersAllowed = kernel;
        List<? extends VariableTree> paramTrees = tree.getParameters();
        for (int i = 0; i < paramTrees.size(); i++) {
            VariableTree pt = paramTrees.get(i);
            VariableElement pe = method.getParameters().get(i);
            Expr.Variable v = declareParameter(pe, pt, i);
            if (v.type() == Type.OBJECT) objectParameters.put(pe, i);
            parameters.add(new Function.Parameter(v.name(), v.type()));
        }

        if (kernel && tree.getBody() != null) fieldParameters(sub(methodPath, tree.getBody()), parameters);

        if (tree.getBody() != null) noteReassignedArrays(tree.getBody());
        Stmt.Block body = tree.getBody() == null ? new Stmt.Block(List.of(), line(tree))
                : (Stmt.Block) stmt(sub(methodPath, tree.getBody()));
        checkParallelStructure(body, parameters);
        checkFieldWrites(body);
        checkVectorRebinds(body, parameters);
        String javaName = method.getSimpleName().toString();
        // cName is provisional here: the processor assigns the final, collision-free name once it knows every function.
        var function = new Function(id, javaName, Naming.identifier(javaName), kernel, returnType, List.copyOf(parameters),
                body, fileName(), line(tree), List.copyOf(atomics));
        return new Translation(id, binaryName((TypeElement) method.getEnclosingElement(), elements), kernel, function,
                List.copyOf(problems), List.copyOf(calls), unit, method);
    }

    /**
     * The IR variable of a kernel's or a lambda's parameter {@code index}, registered with its {@code @Reduce} mark and
     * its collection's lanes; a {@code @Reduce} on anything but a global array is a problem at {@code tree}.
     */
    private Expr.Variable declareParameter(VariableElement pe, VariableTree tree, int index) {
        Type type = localParameter(pe, tree, parameterType(pe.asType(), tree, index));
        var v = new Expr.Variable(cName(pe.getSimpleName().toString()), type);
        variables.put(pe, v);
        if (hasAnnotation(pe, REDUCE)) {
            if (type.isArray() && type.space() == Type.Space.GLOBAL) reduceArrays.add(v);
            else problem(tree, PREFIX + "@Reduce on " + pe.getSimpleName() + " (a " + pe.asType() + ") is not allowed in a kernel; it marks a result array (FloatArray, IntArray, DoubleArray, LongArray or a Java array)");
        }
        Collection collection = collection(qualifiedName(pe.asType()));
        if (collection != null) collectionLanes.put(pe, collection.lanes());
        if (pe.asType() instanceof ArrayType at && at.getComponentType().getKind() == TypeKind.DECLARED && objectArrayType(at.getComponentType()) != null) {
            Type vector = vectorType(qualifiedName(at.getComponentType()));
            if (vector != null) vectorArrays.put(pe, vector); // a Float2[]: element i is lanes 2 * i and 2 * i + 1
        }
        return v;
    }

    /** Adds to {@link #reassignedArrays} every array variable that {@code body} assigns a new array to. */
    private void noteReassignedArrays(Tree body) {
        new TreeScanner<Void, Void>() {
            @Override
            public Void visitAssignment(AssignmentTree a, Void unused) {
                // a tensor-core call writes into the fragment's own array (see fragmentAssignment)
                boolean fragment = a.getExpression() instanceof MethodInvocationTree mit && matrixOp(TreePath.getPath(methodPath, mit)) != null;
                if (a.getVariable() instanceof IdentifierTree id && !fragment) {
                    Element e = trees.getElement(new TreePath(methodPath, id));
                    if (e != null && e.asType().getKind() == TypeKind.ARRAY) reassignedArrays.add(e);
                }
                return super.visitAssignment(a, unused);
            }
        }.scan(body, null);
    }

    /** Calls {@link #written} with the path of every variable that an assignment, a compound assignment, ++ or -- writes. */
    private abstract static class WriteScanner extends TreePathScanner<Void, Void> {
        abstract void written(TreePath target);

        @Override
        public Void visitAssignment(AssignmentTree a, Void unused) {
            written(new TreePath(getCurrentPath(), a.getVariable()));
            return super.visitAssignment(a, unused);
        }

        @Override
        public Void visitCompoundAssignment(CompoundAssignmentTree a, Void unused) {
            written(new TreePath(getCurrentPath(), a.getVariable()));
            return super.visitCompoundAssignment(a, unused);
        }

        @Override
        public Void visitUnary(UnaryTree u, Void unused) {
            switch (u.getKind()) {
                case PREFIX_INCREMENT, POSTFIX_INCREMENT, PREFIX_DECREMENT, POSTFIX_DECREMENT -> written(new TreePath(getCurrentPath(), u.getExpression()));
                default -> { }
            }
            return super.visitUnary(u, unused);
        }
    }

    // ------------------------------------------------------------------ fields of objects

    /**
     * A chain of instance fields that a kernel reads from its receiver ({@code output}, {@code this.b.c}: an instance
     * kernel, object::method) or from one of its object parameters ({@code a.b.someArray}).
     *
     * @param root     {@link Function.Parameter#RECEIVER} or the Java parameter's index
     * @param rootName "this" or the parameter's name
     */
    private record FieldPath(int root, String rootName, List<VariableElement> fields) {
        FieldPath then(VariableElement field) {
            var more = new ArrayList<>(fields);
            more.add(field);
            return new FieldPath(root, rootName, List.copyOf(more));
        }

        /** The fields' names joined by dots ("b.someArray"): {@link Function.Parameter#field}. */
        String names() {
            var out = new StringJoiner(".");
            for (VariableElement f : fields) out.add(f.getSimpleName());
            return out.toString();
        }

        String key() {
            return root + ":" + names();
        }

        /** As Java writes it: "a.b.someArray"; a receiver's field without "this.". */
        String text() {
            return fields.isEmpty() ? rootName : root == Function.Parameter.RECEIVER ? names() : rootName + "." + names();
        }
    }

    /** The kernel's object parameters ({@link Type#OBJECT}), to their Java parameter index. */
    private final Map<Element, Integer> objectParameters = new HashMap<>();
    /**
     * What each field path the kernel reads stands for, by {@link FieldPath#key}: its hidden parameter, or element 0 of
     * it for a number field that travels as a one-element array.
     */
    private final Map<String, Expr> fieldValues = new HashMap<>();
    /** Assignments to number fields; only a kernel that runs as one work-item may make them (see {@link #checkFieldWrites}). */
    private final List<Tree> fieldWrites = new ArrayList<>();

    /** A class of the program (not the JDK's, not TornadoVM's API types): a kernel moves the fields of its objects. */
    private static boolean isProgramObject(TypeMirror t) {
        if (t.getKind() != TypeKind.DECLARED) return false;
        String name = qualifiedName(t);
        ElementKind kind = ((DeclaredType) t).asElement().getKind();
        return (kind == ElementKind.CLASS || kind == ElementKind.RECORD) && !name.startsWith("java.") && !name.startsWith("javax.")
                && !name.startsWith("jdk.") && !name.startsWith(TORNADO_API) && !name.startsWith(API);
    }

    /** A field of this instance kernel's receiver, named without a qualifier or after {@code this}. */
    private boolean isReceiverField(Element e) {
        if (!kernel || method.getModifiers().contains(Modifier.STATIC) || !(e instanceof VariableElement ve) || ve.getKind() != ElementKind.FIELD
                || ve.getModifiers().contains(Modifier.STATIC) || ve.getConstantValue() != null) return false;
        var owner = (TypeElement) method.getEnclosingElement();
        return types.isSubtype(types.erasure(owner.asType()), types.erasure(ve.getEnclosingElement().asType()));
    }

    /** The field path an expression names, or null when it names none. */
    private FieldPath fieldPath(TreePath p) {
        Tree leaf = p.getLeaf();
        if (leaf instanceof IdentifierTree id) {
            Element e = trees.getElement(p);
            Integer index = objectParameters.get(e);
            if (index != null) return new FieldPath(index, id.getName().toString(), List.of());
            return isReceiverField(e) ? new FieldPath(Function.Parameter.RECEIVER, "this", List.of((VariableElement) e)) : null;
        }
        if (!(leaf instanceof MemberSelectTree ms) || !(trees.getElement(p) instanceof VariableElement ve) || ve.getKind() != ElementKind.FIELD
                || ve.getModifiers().contains(Modifier.STATIC)) return null;
        TreePath qualifier = sub(p, ms.getExpression());
        if (ms.getExpression() instanceof IdentifierTree r && r.getName().contentEquals("this")) {
            return isReceiverField(ve) ? new FieldPath(Function.Parameter.RECEIVER, "this", List.of(ve)) : null;
        }
        TypeMirror qualifierType = typeOf(qualifier);
        if (qualifierType == null || !isProgramObject(qualifierType)) return null; // a.values.length is no field of an object
        FieldPath base = fieldPath(qualifier);
        return base == null ? null : base.then(ve);
    }

    /**
     * The field paths a kernel reads (from its receiver, for an instance kernel, and from its object parameters), each
     * a hidden parameter after the Java ones, which the runtime fills from the task's objects when it resolves the task.
     * Objects and arrays on a path must be final fields (the kernel takes what they refer to when the task is first
     * run); a number field is passed by value when it is final and the kernel does not write it, else as a global array
     * of one element that moves with the object's transfers, which lets a kernel that runs as one work-item write it.
     */
    private void fieldParameters(TreePath bodyPath, List<Function.Parameter> parameters) {
        var paths = new LinkedHashMap<String, FieldPath>();
        var firstUse = new HashMap<String, Tree>();
        var written = new HashSet<String>();
        new WriteScanner() {
            @Override
            void written(TreePath target) {
                FieldPath f = fieldPath(target);
                if (f != null) written.add(f.key());
            }

            private void found(FieldPath f, Tree tree) {
                if (f.fields().isEmpty() || paths.containsKey(f.key())) return;
                paths.put(f.key(), f);
                firstUse.put(f.key(), tree);
            }

            @Override
            public Void visitIdentifier(IdentifierTree id, Void unused) {
                FieldPath f = fieldPath(getCurrentPath());
                if (f != null) found(f, id);
                return null;
            }

            @Override
            public Void visitMemberSelect(MemberSelectTree ms, Void unused) {
                FieldPath f = fieldPath(getCurrentPath());
                if (f == null) return super.visitMemberSelect(ms, unused);
                found(f, ms);
                return null;
            }
        }.scan(bodyPath, null);
        for (FieldPath f : paths.values()) {
            Tree tree = firstUse.get(f.key());
            List<VariableElement> fields = f.fields();
            VariableElement field = fields.getLast();
            for (VariableElement object : fields.subList(0, fields.size() - 1)) {
                if (!object.getModifiers().contains(Modifier.FINAL)) {
                    problem(tree, PREFIX + "reading through the non-final field " + object.getSimpleName() + " is not allowed in a kernel; declare it "
                            + "final (the kernel takes the object it refers to when the task is first run)");
                }
            }
            TypeMirror t = field.asType();
            if (isProgramObject(t)) continue; // an object used as a value: rejected where it is used
            boolean number = t.getKind().isPrimitive() && t.getKind() != TypeKind.BOOLEAN;
            boolean array = t.getKind() == TypeKind.ARRAY && ((ArrayType) t).getComponentType().getKind().isPrimitive()
                    && ((ArrayType) t).getComponentType().getKind() != TypeKind.BOOLEAN
                    || t.getKind() == TypeKind.DECLARED && NATIVE_ARRAYS.containsKey(qualifiedName(t));
            if (!number && !array) {
                problem(tree, PREFIX + "the field " + f.text() + " of type " + t + " is not allowed in a kernel; a kernel reads fields "
                        + "of numbers, of TornadoVM's arrays, of Java arrays of numbers and of objects that hold them");
                continue;
            }
            if (array && !field.getModifiers().contains(Modifier.FINAL)) {
                problem(tree, PREFIX + "reading the non-final field " + field.getSimpleName() + " is not allowed in a kernel; declare it final "
                        + "(the kernel takes the array it refers to when the task is first run) or pass the array as a task argument");
            }
            boolean cell = number && (written.contains(f.key()) || !field.getModifiers().contains(Modifier.FINAL));
            Type type = cell ? Type.arrayOf(scalar(t), Type.Space.GLOBAL) : parameterType(t, tree, parameters.size());
            String base = f.root() == Function.Parameter.RECEIVER ? "this" : f.rootName();
            var v = new Expr.Variable(cName(base + "_" + f.names().replace('.', '_')), type);
            parameters.add(new Function.Parameter(v.name(), type, f.names(), f.root()));
            fieldValues.put(f.key(), cell ? new Expr.Load(v, new Expr.IntLiteral(0), type.elementType()) : v);
        }
    }

    /** What a field path stands for in the kernel (see {@link #fieldValues}), or null when the expression names none. */
    private Expr fieldValue(TreePath p) {
        FieldPath f = fieldPath(p);
        return f == null ? null : fieldValues.get(f.key());
    }

    /** A variable the expression names: a local or parameter by its name, or the hidden parameter of a field path. */
    private Expr.Variable namedVariable(TreePath p) {
        if (fieldValue(p) instanceof Expr.Variable v) return v;
        return variables.get(trees.getElement(p));
    }

    /** The target of an assignment to a field: a number field's one-element array, else an error; null for no field. */
    private Expr fieldTarget(TreePath p) {
        FieldPath f = fieldPath(p);
        if (f == null) return null;
        Expr value = fieldValues.get(f.key());
        if (value instanceof Expr.Load cell) {
            fieldWrites.add(p.getLeaf());
            return cell;
        }
        return reject(p.getLeaf(), "assigning the field " + f.text(), "; a kernel writes the elements of array fields, and number fields when "
                + "it runs as one work-item (no @Parallel loop, no KernelContext)");
    }

    /** Number fields are one value for all work-items: only a kernel that runs as one work-item may write them. */
    /** The first {@code v = value} of each vector variable, by C name (see {@link #checkVectorRebinds}). */
    private final Map<String, Tree> vectorRebinds = new HashMap<>();

    /**
     * A vector parameter that the method both sets lanes of and assigns ({@code c = value}): in Java the lanes set after
     * the assignment change another object than the caller's, which a by-reference parameter in C cannot follow.
     */
    private void checkVectorRebinds(Stmt.Block body, List<Function.Parameter> parameters) {
        if (vectorRebinds.isEmpty()) return;
        var laneWritten = new HashSet<String>();
        IrWalk.forEachStmt(body, s -> {
            if (s instanceof Stmt.Assign a && a.target() instanceof Expr.Lane l && l.vector() instanceof Expr.Variable v) laneWritten.add(v.name());
        });
        for (Function.Parameter p : parameters) {
            Tree rebind = vectorRebinds.get(p.name());
            if (p.type().isVector() && rebind != null && laneWritten.contains(p.name())) {
                problem(rebind, PREFIX + "assigning the vector parameter " + p.name() + " (" + rebind + ") in a method that also sets its lanes is not allowed;"
                        + " Java would set the lanes of the new object, not the caller's: set the lanes (" + p.name() + ".set(value)) or assign a local");
            }
        }
    }

    private void checkFieldWrites(Stmt.Block body) {
        if (fieldWrites.isEmpty() || !contextSeen && !IrWalk.anyStmt(body, s -> s instanceof Stmt.ParallelFor)) return;
        for (Tree t : fieldWrites) {
            problem(t, PREFIX + "writing the field " + t + " in a kernel with @Parallel loops or a KernelContext is not allowed; its work-items "
                    + "would race on one value (write the elements of an array field instead)");
        }
    }

    /** TornadoVM lets the KernelContext be any parameter (its reductions take it last); one per kernel. */
    private boolean contextSeen;
    /** Parameters of the program's own classes are objects whose fields the kernel reads: only a method's, as a kernel. */
    private boolean objectParametersAllowed;

    /** {@code type}, or the local array of its elements where {@code @Local} marks a helper's array parameter. */
    private Type localParameter(VariableElement parameter, Tree tree, Type type) {
        if (!hasAnnotation(parameter, LOCAL)) return type;
        if (!kernel && type.isArray() && type.space() == Type.Space.PRIVATE) return Type.arrayOf(type.elementType(), Type.Space.LOCAL);
        problem(tree, PREFIX + "@Local on " + parameter.getSimpleName() + " is not allowed; it marks an array parameter (float[], int[], ...) of a helper,"
                + " not of a " + kernelWord);
        return type;
    }

    private Type parameterType(TypeMirror t, Tree tree, int index) {
        switch (t.getKind()) {
            case INT: case FLOAT: case LONG: case DOUBLE: case SHORT: case BYTE: case CHAR: return scalar(t);
            case BOOLEAN:
                // OpenCL forbids bool kernel arguments; helpers may take them.
                if (kernel) problem(tree, PREFIX + "a boolean " + kernelWord + " parameter is not allowed (OpenCL has no bool kernel arguments); pass an int");
                return Type.BOOLEAN;
            case ARRAY: {
                TypeMirror component = ((ArrayType) t).getComponentType();
                Type grid = javaGridType(t, tree);
                if (grid != null) return grid;
                Type objects = objectArrayType(component);
                if (objects != null) {
                    // TornadoVM's Float[] and Float2[] task arguments: the host gathers the objects into one flat array
                    // (a Float2 is two consecutive floats) before a copy to a device and scatters it back after one
                    if (!kernel) problem(tree, PREFIX + "the array parameter " + t + " of a helper is not allowed; a kernel may take it, a helper takes its elements");
                    return objects;
                }
                if (!component.getKind().isPrimitive() || component.getKind() == TypeKind.BOOLEAN) {
                    problem(tree, PREFIX + "array parameter " + t + " is not allowed in a kernel; arrays of byte, short, char, int, long, float or double, "
                            + "of their boxes (Float[], ...) or of vector values (Float2[], Int4[], ...) only");
                    return Type.FLOAT_GLOBAL_ARRAY;
                }
                // A kernel's float[] is a task argument in device memory, like a FloatArray (TornadoVM copies Java
                // arrays too). A helper's float[] parameter takes a private array (new float[CONSTANT]) of its
                // caller: a private pointer plus its element count in C, the array itself on the JVM backend.
                return Type.arrayOf(scalar(component), kernel ? Type.Space.GLOBAL : Type.Space.PRIVATE);
            }
            case DECLARED: {
                String name = qualifiedName(t);
                Type element = NATIVE_ARRAYS.get(name);
                if (element != null) return Type.arrayOf(element, Type.Space.GLOBAL);
                if (name.equals(VECTOR)) {
                    if (kernel) problem(tree, PREFIX + "a Vector16 " + kernelWord + " parameter is not allowed; pass a FloatArray and load the lanes with Vector16.load");
                    return Type.VECTOR16;
                }
                if (name.equals(ATOMIC_INTEGER)) return Type.INT_GLOBAL_ARRAY;
                if (name.equals(HALF_FLOAT)) return Type.HALF;
                if (name.equals(CONTEXT)) {
                    if (contextSeen) problem(tree, PREFIX + "a second KernelContext parameter");
                    contextSeen = true;
                    return Type.CONTEXT;
                }
                Type tornado = tornadoParameterType(name);
                if (tornado != null) return tornado;
                // A lambda's parameter is boxed when javac infers it from a number argument ((x, n) -> ..., a, 0): the
                // kernel takes the number by value, as TornadoVM unboxes it.
                TypeMirror primitive = unboxed(t);
                if (primitive != null && primitive.getKind() != TypeKind.BOOLEAN) return parameterType(primitive, tree, index);
                break;
            }
            default:
        }
        if (objectParametersAllowed && isProgramObject(t)) {
            // an object of the program's own class: TornadoVM moves its fields, the kernel reads them as hidden parameters
            if (((DeclaredType) t).asElement().getModifiers().contains(Modifier.ABSTRACT)) {
                problem(tree, PREFIX + "the abstract parameter type " + t + " is not allowed in a kernel; declare the parameter with the concrete class whose fields it reads");
            }
            return Type.OBJECT;
        }
        if (t.getKind() == TypeKind.DECLARED && !qualifiedName(t).startsWith("java.") && !qualifiedName(t).startsWith(TORNADO_API)) {
            // an object of the program's own class in a helper or a lambda: the subset moves arrays and numbers there
            problem(tree, PREFIX + "parameter type " + t + " is not allowed " + (kernel ? "in a lambda kernel" : "in a helper") + "; pass the arrays "
                    + "and numbers of its fields" + (kernel ? ", or make the lambda's body a method that takes " + simpleName(t) : ""));
            return Type.INT;
        }
        problem(tree, PREFIX + typeMessage(t, "parameter type"));
        return Type.INT;
    }

    // ------------------------------------------------------------------ statements

    private Stmt stmt(TreePath p) {
        Stmt s = statement(p);
        stmtTrees.put(s, p.getLeaf());
        return s;
    }

    private Stmt statement(TreePath p) {
        Tree t = p.getLeaf();
        int line = line(t);
        switch (t.getKind()) {
            case BLOCK: {
                var out = new ArrayList<Stmt>();
                for (StatementTree s : ((BlockTree) t).getStatements()) {
                    out.add(stmt(sub(p, s)));
                    out.addAll(pendingStatements);
                    pendingStatements.clear();
                }
                return new Stmt.Block(out, line);
            }
            case VARIABLE: return declaration(p, (VariableTree) t, line);
            case EXPRESSION_STATEMENT: return expressionStatement(sub(p, ((ExpressionStatementTree) t).getExpression()), line);
            case IF: {
                var s = (IfTree) t;
                return new Stmt.If(condition(sub(p, s.getCondition())), stmt(sub(p, s.getThenStatement())),
                        s.getElseStatement() == null ? null : stmt(sub(p, s.getElseStatement())), line);
            }
            case FOR_LOOP: {
                var s = (ForLoopTree) t;
                if (isParallelLoop(p, s)) return parallelFor(p, s, line);
                return sequentialLoop(() -> {
                    var init = new ArrayList<Stmt>();
                    for (StatementTree i : s.getInitializer()) init.add(stmt(sub(p, i)));
                    Expr condition = s.getCondition() == null ? null : condition(sub(p, s.getCondition()));
                    var update = new ArrayList<Stmt>();
                    for (ExpressionStatementTree u : s.getUpdate()) update.add(stmt(sub(p, u)));
                    return new Stmt.For(init, condition, update, stmt(sub(p, s.getStatement())), line);
                });
            }
            case WHILE_LOOP: {
                var s = (WhileLoopTree) t;
                return sequentialLoop(() -> new Stmt.While(condition(sub(p, s.getCondition())), stmt(sub(p, s.getStatement())), line));
            }
            case DO_WHILE_LOOP: {
                var s = (DoWhileLoopTree) t;
                return sequentialLoop(() -> {
                    Stmt body = stmt(sub(p, s.getStatement()));
                    return new Stmt.DoWhile(body, condition(sub(p, s.getCondition())), line);
                });
            }
            case BREAK:
                if (((BreakTree) t).getLabel() == null && breaksOutOfSwitch(p)) {
                    return rejectStmt(t, "a break before the end of a case", "; end the case with it, or use if / else inside the case");
                }
                if (!loops.isEmpty() && loops.peek() && ((BreakTree) t).getLabel() == null) {
                    return rejectStmt(t, "break in a @Parallel loop", "; its iterations run in parallel, so none can stop the others");
                }
                if (((BreakTree) t).getLabel() != null) reject(t, "a labeled break (break " + ((BreakTree) t).getLabel() + ")", "");
                return new Stmt.Break(line);
            case CONTINUE:
                if (((ContinueTree) t).getLabel() != null) reject(t, "a labeled continue (continue " + ((ContinueTree) t).getLabel() + ")", "");
                return new Stmt.Continue(line);
            case RETURN: {
                if (!parallel.isEmpty()) {
                    // allowed only where it can leave before the loop (see hoistReturn); parallelFor reports the others
                    var r = new Stmt.Return(null, line);
                    parallelReturns.put(r, t);
                    return r;
                }
                ExpressionTree value = ((ReturnTree) t).getExpression();
                if (value == null) return new Stmt.Return(null, line);
                Type rt = scalar(method.getReturnType());
                return new Stmt.Return(coerce(expr(sub(p, value)), rt), line);
            }
            case EMPTY_STATEMENT: return new Stmt.Block(List.of(), line);
            case LABELED_STATEMENT: {
                var s = (LabeledStatementTree) t;
                reject(t, "a labeled statement (" + s.getLabel() + ":)", "");
                return stmt(sub(p, s.getStatement()));
            }
            case ENHANCED_FOR_LOOP: return enhancedFor(p, (EnhancedForLoopTree) t, line);
            case SWITCH: return switchStatement(p, (SwitchTree) t, line);
            case TRY: return rejectStmt(t, "exception handling (try)", "");
            case THROW: return rejectStmt(t, "an exception (throw)", "");
            case SYNCHRONIZED: return rejectStmt(t, "a synchronized block", "");
            // Java runs without -ea unless asked, and TornadoVM's own examples assert in kernels: an assert is
            // dropped (its condition is not evaluated), as a JVM without -ea does.
            case ASSERT: return new Stmt.Block(List.of(), line);
            case YIELD: return rejectStmt(t, "yield", "");
            case CLASS: case INTERFACE: case ENUM: case RECORD: return rejectStmt(t, "a local class declaration", "");
            default: return rejectStmt(t, "the statement " + t.getKind(), "");
        }
    }

    /** Switch statements and enhanced for loops translated so far in this method: names their temporaries. */
    private int switches, eachLoops;

    /** A C name for a variable that Java does not have; a later Java local of that name gets another C name. */
    private String temporary(String base) {
        String name = base;
        while (cNames.containsKey(name)) name = name + "_";
        cNames.put(name, "#" + name);
        return name;
    }

    /**
     * {@code for (T x : a) body} over an array variable: {@code for (int i = 0; i < a.length; i++) { T x = a[i]; body }}
     * (Java reads the array variable once; the loop may not assign it).
     */
    private Stmt enhancedFor(TreePath p, EnhancedForLoopTree s, int line) {
        TreePath arrayPath = sub(p, s.getExpression());
        Element arrayElement = arrayPath.getLeaf().getKind() == Tree.Kind.IDENTIFIER ? trees.getElement(arrayPath) : null;
        Expr.Variable array = arrayElement == null ? null : variables.get(arrayElement);
        if (array == null || !array.type().isArray() || reassignedArrays.contains(arrayElement)) {
            return rejectStmt(s.getExpression(), "an enhanced for loop over " + s.getExpression(),
                    "; only over an array parameter or an array variable that is never reassigned (or use an indexed for loop)");
        }
        TreePath variablePath = sub(p, s.getVariable());
        var ve = (VariableElement) trees.getElement(variablePath);
        TypeKind kind = ve.asType().getKind();
        if (!kind.isPrimitive() || kind == TypeKind.BOOLEAN) return rejectStmt(s.getVariable(), "local variable type " + ve.asType(), "");
        Integer size = arraySizes.get(arrayElement);
        Expr length = size != null ? new Expr.IntLiteral(size)
                : symbolicSizes.containsKey(arrayElement) ? symbolicSizes.get(arrayElement) : new Expr.ArrayLength(array);
        var index = new Expr.Variable(temporary("each_" + eachLoops++), Type.INT);
        Type type = scalar(ve.asType());
        var x = new Expr.Variable(cName(s.getVariable().getName().toString()), type);
        variables.put(ve, x);
        return sequentialLoop(() -> {
            Stmt body = stmt(sub(p, s.getStatement()));
            Stmt element = new Stmt.Declare(x.name(), type, coerce(new Expr.Load(array, index, array.type().elementType()), type), line);
            return new Stmt.For(List.of(new Stmt.Declare(index.name(), Type.INT, new Expr.IntLiteral(0), line)),
                    new Expr.Binary(BinaryOp.LT, index, length, Type.BOOLEAN),
                    List.of(new Stmt.Assign(index, BinaryOp.ADD, new Expr.IntLiteral(1), line)),
                    new Stmt.Block(List.of(element, body), line), line);
        });
    }

    /** Translates a sequential loop: inside it, {@code break} and {@code continue} are ordinary ones (see {@link #loops}). */
    private Stmt sequentialLoop(Supplier<Stmt> translate) {
        loops.push(false);
        try {
            return translate.get();
        } finally {
            loops.pop();
        }
    }

    /**
     * A switch on an int, char, short or byte without fall-through from a non-empty case: an if / else-if chain over
     * the selector, evaluated once, with the default last (without fall-through the order of the cases does not matter).
     */
    private Stmt switchStatement(TreePath p, SwitchTree s, int line) {
        Expr selector = expr(sub(p, s.getExpression()));
        if (!selector.type().isIntegral() || selector.type() == Type.LONG) {
            return rejectStmt(s.getExpression(), "a switch on " + typeOf(sub(p, s.getExpression())), "; switch on an int, char, short or byte");
        }
        var temp = new Expr.Variable(temporary("switch_" + switches++), Type.INT);
        var groups = new ArrayList<List<Expr>>();
        var bodies = new ArrayList<List<Stmt>>();
        List<Stmt> fallback = null;
        var labels = new ArrayList<Expr>();
        boolean isDefault = false;
        List<? extends CaseTree> cases = s.getCases();
        for (int c = 0; c < cases.size(); c++) {
            CaseTree k = cases.get(c);
            TreePath casePath = sub(p, k);
            for (CaseLabelTree label : k.getLabels()) {
                if (label instanceof DefaultCaseLabelTree) {
                    isDefault = true;
                } else if (label instanceof ConstantCaseLabelTree constant) {
                    Expr value = expr(sub(casePath, constant.getConstantExpression()));
                    labels.add(new Expr.Binary(BinaryOp.EQ, temp, coerce(value, Type.INT), Type.BOOLEAN));
                } else {
                    return rejectStmt(label, "a pattern case label (" + label + ")", "");
                }
            }
            var body = new ArrayList<Stmt>();
            if (k.getCaseKind() == CaseTree.CaseKind.RULE) {
                Tree rule = k.getBody();
                if (rule instanceof ExpressionTree e) body.add(expressionStatement(sub(casePath, e), line(e)));
                else body.addAll(caseStatements(casePath, List.of((StatementTree) rule)));
            } else {
                List<? extends StatementTree> statements = k.getStatements();
                if (statements.isEmpty() && c < cases.size() - 1) continue; // case 1: case 2: ... shares the next body
                int end = statements.size();
                StatementTree last = end == 0 ? null : statements.get(end - 1);
                if (last instanceof BreakTree b && b.getLabel() == null) {
                    end--;
                } else if (c < cases.size() - 1 && !(last instanceof ReturnTree || last instanceof ContinueTree)) {
                    return rejectStmt(k, "a case that falls through into the next", "; end it with break");
                }
                body.addAll(caseStatements(casePath, statements.subList(0, end)));
            }
            if (isDefault) {
                fallback = body;
            } else {
                groups.add(List.copyOf(labels));
                bodies.add(body);
            }
            labels.clear();
            isDefault = false;
        }
        Stmt chain = fallback == null ? null : new Stmt.Block(fallback, line);
        for (int g = groups.size() - 1; g >= 0; g--) {
            Expr test = null;
            for (Expr e : groups.get(g)) test = test == null ? e : new Expr.Binary(BinaryOp.LOGICAL_OR, test, e, Type.BOOLEAN);
            chain = new Stmt.If(test, new Stmt.Block(bodies.get(g), line), chain, line);
        }
        var out = new ArrayList<Stmt>();
        out.add(new Stmt.Declare(temp.name(), Type.INT, coerce(selector, Type.INT), line));
        if (chain != null) out.add(chain);
        return new Stmt.Block(out, line);
    }

    private List<Stmt> caseStatements(TreePath casePath, List<? extends StatementTree> statements) {
        var out = new ArrayList<Stmt>();
        for (StatementTree st : statements) {
            out.add(stmt(sub(casePath, st)));
            out.addAll(pendingStatements);
            pendingStatements.clear();
        }
        return out;
    }

    /** Whether an unlabeled break leaves a switch (not a loop): the nearest enclosing loop or switch is a switch. */
    private static boolean breaksOutOfSwitch(TreePath p) {
        for (TreePath q = p.getParentPath(); q != null; q = q.getParentPath()) {
            switch (q.getLeaf().getKind()) {
                case SWITCH: return true;
                case FOR_LOOP: case ENHANCED_FOR_LOOP: case WHILE_LOOP: case DO_WHILE_LOOP: case METHOD: case LAMBDA_EXPRESSION: return false;
                default: break;
            }
        }
        return false;
    }

    private Stmt declaration(TreePath p, VariableTree t, int line) {
        var ve = (VariableElement) trees.getElement(p);
        if (isVar(t)) {
            return rejectStmt(t, "var (local variable type inference)", "; write the type (int, float, boolean)");
        }
        TypeMirror type = ve.asType();
        String name = cName(t.getName().toString());
        switch (type.getKind()) {
            case INT: case FLOAT: case BOOLEAN: case LONG: case DOUBLE: case SHORT: case BYTE: case CHAR: {
                Type ty = scalar(type);
                var v = new Expr.Variable(name, ty);
                Expr init = t.getInitializer() == null ? null : coerce(expr(sub(p, t.getInitializer())), ty);
                variables.put(ve, v);
                if (init instanceof Expr.IntLiteral literal) constantInitializers.put(ve, literal.value());
                if (ty == Type.INT && t.getInitializer() != null) sizeInitializers.put(ve, sub(p, t.getInitializer()));
                return new Stmt.Declare(name, ty, init, line);
            }
            case ARRAY: return arrayDeclaration(p, t, ve, (ArrayType) type, name, line);
            case DECLARED:
                if (qualifiedName(type).equals(VECTOR)) {
                    var v = new Expr.Variable(name, Type.VECTOR16);
                    Expr init = t.getInitializer() == null ? null : expr(sub(p, t.getInitializer()));
                    variables.put(ve, v);
                    return new Stmt.Declare(name, Type.VECTOR16, init, line);
                }
                if (vectorType(qualifiedName(type)) != null) {
                    Type vt = vectorType(qualifiedName(type));
                    var v = new Expr.Variable(name, vt);
                    // Byte3 pixel = null; (assigned on every path before its use, as TornadoVM's Renderer writes it): all
                    // lanes zero until then, where Java would throw at a read
                    Expr init = t.getInitializer() == null ? null
                            : t.getInitializer().getKind() == Tree.Kind.NULL_LITERAL ? zeroVector(vt) : expr(sub(p, t.getInitializer()));
                    variables.put(ve, v);
                    return new Stmt.Declare(name, vt, init, line);
                }
                if (qualifiedName(type).equals(ATOMIC_INTEGER)) return atomicDeclaration(p, t, ve, name, line);
                if (qualifiedName(type).equals(MATRIX_8X8)) return matrix8x8Declaration(p, t, ve, name, line);
                if (qualifiedName(type).equals(HALF_FLOAT)) {
                    var v = new Expr.Variable(name, Type.HALF);
                    Expr init = t.getInitializer() == null ? null : expr(sub(p, t.getInitializer()));
                    variables.put(ve, v);
                    return new Stmt.Declare(name, Type.HALF, init, line);
                }
                if (collection(qualifiedName(type)) != null) return collectionDeclaration(p, t, ve, name, line);
                if (NATIVE_ARRAYS.containsKey(qualifiedName(type)) || qualifiedName(type).equals(CONTEXT)) {
                    return rejectStmt(t, "a local variable of type " + simpleName(type) + " (an alias of a kernel argument)", "; use the parameter directly");
                }
                // fall through
            default: {
                // The initializer usually names the real culprit (new Foo(), a lambda, a string literal).
                int before = problems.size();
                if (t.getInitializer() != null) expr(sub(p, t.getInitializer()));
                if (problems.size() == before) problem(t, PREFIX + typeMessage(type, "local variable type"));
                return new Stmt.Block(List.of(), line);
            }
        }
    }

    /** The kernel's AtomicInteger locals, in declaration order (see {@link Function#atomics()}). */
    private final List<Function.Atomic> atomics = new ArrayList<>();

    /**
     * {@code AtomicInteger a = new AtomicInteger(N)} in a kernel, outside every loop, N a constant (TornadoVM's atomics):
     * one int in global memory that all work-items of a launch share, N again at every launch. C gets it as a trailing
     * kernel argument ({@link Function#atomics()}); Java runs the declaration once per launch, as a loop-parallel task
     * on the JVM does.
     */
    private Stmt atomicDeclaration(TreePath p, VariableTree t, VariableElement ve, String name, int line) {
        ExpressionTree init = t.getInitializer();
        if (!kernel) return rejectStmt(t, "an AtomicInteger local in a helper", "; declare it in the kernel, or pass the AtomicInteger as an argument");
        if (!loops.isEmpty() || !parallel.isEmpty()) {
            return rejectStmt(t, "an AtomicInteger declared inside a loop", "; declare it at the kernel's top: all work-items share one");
        }
        if (!(init instanceof NewClassTree nc) || nc.getClassBody() != null || nc.getArguments().size() > 1) {
            return rejectStmt(init == null ? t : init, "this AtomicInteger declaration", "; write AtomicInteger " + name + " = new AtomicInteger(CONSTANT)");
        }
        int initial = 0;
        if (nc.getArguments().size() == 1) {
            Expr value = expr(sub(sub(p, init), nc.getArguments().get(0)));
            if (!(value instanceof Expr.IntLiteral literal)) {
                return rejectStmt(nc.getArguments().get(0), "an AtomicInteger with a start value that is not a constant (" + nc.getArguments().get(0) + ")", "");
            }
            initial = literal.value();
        }
        variables.put(ve, new Expr.Variable(name, Type.INT_GLOBAL_ARRAY));
        atomics.add(new Function.Atomic(name, initial));
        return new Stmt.Block(List.of(), line);
    }

    /**
     * {@code AtomicInteger} calls in a kernel: the read-modify-writes as one atomic add each, {@code get()} as an atomic
     * add of 0 (a read no cache serves stale); {@code set} is a statement (see invocationStatement).
     */
    private Expr atomicIntegerCall(TreePath p, MethodInvocationTree t, String name) {
        Expr.Variable counter = receiverVariable(p, t);
        Expr zero = new Expr.IntLiteral(0);
        List<? extends ExpressionTree> args = t.getArguments();
        return switch (name) {
            case "get", "intValue" -> new Expr.AtomicFetchAdd(counter, zero, zero, false);
            case "incrementAndGet" -> new Expr.AtomicFetchAdd(counter, zero, new Expr.IntLiteral(1), true);
            case "decrementAndGet" -> new Expr.AtomicFetchAdd(counter, zero, new Expr.IntLiteral(-1), true);
            case "getAndIncrement" -> new Expr.AtomicFetchAdd(counter, zero, new Expr.IntLiteral(1), false);
            case "getAndDecrement" -> new Expr.AtomicFetchAdd(counter, zero, new Expr.IntLiteral(-1), false);
            case "addAndGet" -> new Expr.AtomicFetchAdd(counter, zero, coerce(expr(sub(p, args.get(0))), Type.INT), true);
            case "getAndAdd" -> new Expr.AtomicFetchAdd(counter, zero, coerce(expr(sub(p, args.get(0))), Type.INT), false);
            default -> reject(t, "the call AtomicInteger." + name + "()",
                    "; a kernel may call get, set, incrementAndGet, decrementAndGet, getAndIncrement, getAndDecrement, addAndGet and getAndAdd");
        };
    }

    /**
     * Arrays exist only as {@code float[] t = context.allocateFloatLocalArray(N)} (work-group local
     * memory) or {@code float[] r = new float[N]} (private), N a compile-time constant: C needs
     * the size statically and the address space from the declaration.
     */
    private Stmt arrayDeclaration(TreePath p, VariableTree t, VariableElement ve, ArrayType type, String name, int line) {
        TypeKind component = type.getComponentType().getKind();
        MatrixOp fragment = t.getInitializer() == null ? null : matrixOp(sub(p, t.getInitializer()));
        if (fragment != null) return fragmentDeclaration(p, t, ve, name, fragment, line);
        if (component == TypeKind.DECLARED && vectorType(qualifiedName(type.getComponentType())) == Type.HALF2) return half2LocalArray(p, t, ve, name, line);
        boolean half = component == TypeKind.DECLARED && qualifiedName(type.getComponentType()).equals(HALF_FLOAT);
        if (!half && (!component.isPrimitive() || component == TypeKind.BOOLEAN)) {
            return rejectStmt(t, "an array of " + type.getComponentType(), "; only arrays of byte, short, char, int, long, float, double and HalfFloat");
        }
        Type element = half ? Type.HALF : scalar(type.getComponentType());
        String elem = half ? "halfFloat" : type.getComponentType().toString();
        String allocator = "allocate" + Character.toUpperCase(elem.charAt(0)) + elem.substring(1) + "LocalArray";
        ExpressionTree init = t.getInitializer();
        boolean reassigned = reassignedArrays.contains(ve);
        if (init != null && init.getKind() == Tree.Kind.NEW_ARRAY) {
            var na = (NewArrayTree) init;
            if (na.getDimensions().size() == 1 && na.getInitializers() == null) {
                Expr size = arraySize(sub(sub(p, init), na.getDimensions().get(0)), false);
                var v = new Expr.Variable(name, Type.arrayOf(element, Type.Space.PRIVATE));
                variables.put(ve, v);
                if (size instanceof Expr.IntLiteral constant) {
                    arraySizes.put(ve, constant.value());
                    return new Stmt.PrivateArray(name, v.type(), constant.value(), !hasAnnotation(ve, SCRATCH), reassigned, line);
                }
                if (reassigned) problem(t, PREFIX + "the private array " + name + " is sized by a parameter (" + na.getDimensions().get(0)
                        + ") and assigned another array; only arrays of a constant size may be");
                symbolicSizes.put(ve, size);
                return new Stmt.PrivateArray(name, v.type(), 0, !hasAnnotation(ve, SCRATCH), false, line, size);
            }
            if (na.getDimensions().isEmpty() && na.getInitializers() != null && !na.getInitializers().isEmpty()) {
                // int[] a = {x, y, ...} (or new int[] {...}): a private array of that many elements, stored in order
                if (p.getParentPath().getLeaf().getKind() != Tree.Kind.BLOCK) {
                    return rejectStmt(init, "an array initializer outside a block", "; declare the array in its own statement");
                }
                var v = new Expr.Variable(name, Type.arrayOf(element, Type.Space.PRIVATE));
                int size = na.getInitializers().size();
                for (int k = 0; k < size; k++) {
                    Expr value = coerce(expr(sub(sub(p, init), na.getInitializers().get(k))), element);
                    pendingStatements.add(new Stmt.Assign(new Expr.Load(v, new Expr.IntLiteral(k), element), null, value, line));
                }
                variables.put(ve, v);
                arraySizes.put(ve, size);
                return new Stmt.PrivateArray(name, v.type(), size, false, reassigned, line);
            }
        }
        if (init != null && init.getKind() == Tree.Kind.METHOD_INVOCATION
                && trees.getElement(sub(p, init)) instanceof ExecutableElement m
                && ownerName(m).equals(CONTEXT)
                && m.getSimpleName().contentEquals(allocator)) {
            var mi = (MethodInvocationTree) init;
            Expr size = arraySize(sub(sub(p, init), mi.getArguments().get(0)), true);
            var v = new Expr.Variable(name, Type.arrayOf(element, Type.Space.LOCAL));
            variables.put(ve, v);
            if (size instanceof Expr.IntLiteral constant) {
                arraySizes.put(ve, constant.value());
                return new Stmt.LocalArray(name, v.type(), constant.value(), line);
            }
            symbolicSizes.put(ve, size);
            return new Stmt.LocalArray(name, v.type(), 0, size, line);
        }
        return rejectStmt(init == null ? t : init, "this array declaration",
                "; arrays must be declared as " + elem + "[] a = new " + elem + "[CONSTANT] or " + elem
                        + "[] a = context." + allocator + "(CONSTANT)");
    }

    /**
     * An array's size (see {@link Stmt#sizeText}): a positive constant (a literal, a static final int, an int local
     * initialised to a constant and never assigned, or such values combined), or in a kernel an int expression that
     * also names int parameters the kernel never assigns ({@code context.allocateFloatLocalArray(BLOCK * headSize)},
     * {@code new float[headSize]}) and, in a kernel, the work-group size ({@code context.localGroupSizeX}, also through an
     * int local initialised to it), which the JIT binds to their launch values; a helper's local array may name the
     * helper's int parameters (see {@code HelperLocalArrays}). Anything else is reported here.
     */
    private Expr arraySize(TreePath p, boolean local) {
        Expr size = sizeExpression(p, kernel || local);
        if (size instanceof Expr.IntLiteral l ? l.value() > 0 : size != null) return size;
        problem(p.getLeaf(), PREFIX + "array size " + p.getLeaf() + " must be a positive compile-time constant (a literal, a static final int or an int local"
                + " initialised to one and never assigned) or, in a kernel (or for a local array), an int expression of such constants, int parameters"
                + " the method never assigns and, in a kernel, the work-group size (context.localGroupSizeX)");
        return new Expr.IntLiteral(1);
    }

    /** A size that must be a positive constant (a literal, a static final int, an int local never assigned, or such values combined). */
    private int constantSize(TreePath p) {
        if (sizeExpression(p, false) instanceof Expr.IntLiteral l && l.value() > 0) return l.value();
        problem(p.getLeaf(), PREFIX + "array size " + p.getLeaf() + " must be a positive compile-time constant (a literal, a static final int or an int local"
                + " initialised to one and never assigned)");
        return 1;
    }

    /** {@link #arraySize}'s expression, folded where it is constant; null where it is not one. */
    private Expr sizeExpression(TreePath p, boolean parameters) {
        Tree leaf = p.getLeaf();
        if (leaf instanceof ParenthesizedTree parens) return sizeExpression(sub(p, parens.getExpression()), parameters);
        if (leaf instanceof BinaryTree b) {
            BinaryOp op = switch (b.getKind()) {
                case PLUS -> BinaryOp.ADD; case MINUS -> BinaryOp.SUB; case MULTIPLY -> BinaryOp.MUL;
                case DIVIDE -> BinaryOp.DIV; case REMAINDER -> BinaryOp.REM;
                case LEFT_SHIFT -> BinaryOp.SHL; case RIGHT_SHIFT -> BinaryOp.SHR;
                default -> null;
            };
            Expr left = op == null ? null : sizeExpression(sub(p, b.getLeftOperand()), parameters);
            Expr right = left == null ? null : sizeExpression(sub(p, b.getRightOperand()), parameters);
            if (right == null) return null;
            if (left instanceof Expr.IntLiteral l && right instanceof Expr.IntLiteral r) {
                if ((op == BinaryOp.DIV || op == BinaryOp.REM) && r.value() == 0) return null;
                return new Expr.IntLiteral(switch (op) {
                    case ADD -> l.value() + r.value(); case SUB -> l.value() - r.value(); case MUL -> l.value() * r.value();
                    case DIV -> l.value() / r.value(); case REM -> l.value() % r.value();
                    case SHL -> l.value() << r.value(); default -> l.value() >> r.value();
                });
            }
            return new Expr.Binary(op, left, right, Type.INT);
        }
        if (leaf instanceof IdentifierTree && trees.getElement(p) instanceof VariableElement ve && ve.asType().getKind() == TypeKind.INT) {
            // int n = 32; never assigned again: a constant (javac folds only final ones)
            if (constantInitializers.containsKey(ve) && !isAssigned(ve)) return new Expr.IntLiteral(constantInitializers.get(ve));
            if (ve.getKind() == ElementKind.PARAMETER && parameters && method.getParameters().contains(ve) && !isAssigned(ve)
                    && variables.get(ve) instanceof Expr.Variable v && v.type() == Type.INT) return v;
            if (parameters && sizeInitializers.containsKey(ve) && !isAssigned(ve)) return sizeExpression(sizeInitializers.get(ve), true);
            if (ve.getConstantValue() == null) return null;
        }
        if (parameters && kernel && leaf instanceof MemberSelectTree && trees.getElement(p) instanceof VariableElement field
                && ownerName(field).equals(CONTEXT) && ContextValue.ofJavaField(field.getSimpleName().toString()) instanceof ContextValue value
                && value.query.equals("local_size")) {
            // context.localGroupSizeX: the launch's work-group size, which the JIT binds as it binds int parameters
            return new Expr.Variable(drcn.compiler.ir.Function.localSizeConstant(value.dimension), Type.INT);
        }
        return expr(p) instanceof Expr.IntLiteral l ? l : null;
    }

    /** Whether the method's body assigns {@code variable} anywhere ({@code =}, compound assignment, {@code ++}, {@code --}). */
    private boolean isAssigned(VariableElement variable) {
        MethodTree tree = (MethodTree) methodPath.getLeaf();
        boolean[] assigned = {false};
        new TreePathScanner<Void, Void>() {
            private void target(ExpressionTree t) {
                if (t instanceof IdentifierTree && variable.equals(trees.getElement(new TreePath(getCurrentPath(), t)))) assigned[0] = true;
            }
            @Override public Void visitAssignment(AssignmentTree node, Void v) { target(node.getVariable()); return super.visitAssignment(node, v); }
            @Override public Void visitCompoundAssignment(CompoundAssignmentTree node, Void v) { target(node.getVariable()); return super.visitCompoundAssignment(node, v); }
            @Override public Void visitUnary(UnaryTree node, Void v) {
                switch (node.getKind()) {
                    case PREFIX_INCREMENT, PREFIX_DECREMENT, POSTFIX_INCREMENT, POSTFIX_DECREMENT -> target(node.getExpression());
                    default -> { }
                }
                return super.visitUnary(node, v);
            }
        }.scan(new TreePath(methodPath, tree.getBody()), null);
        return assigned[0];
    }

    /**
     * {@code b = a} of two private arrays of one constant size: Java makes {@code b} name {@code a}'s elements, C
     * copies the pointer ({@code b} is declared as one, see {@link Stmt.PrivateArray#reassigned}).
     */
    private Stmt arrayAssignment(TreePath targetPath, TreePath valuePath, Expr target, int line) {
        Element source = valuePath.getLeaf().getKind() == Tree.Kind.IDENTIFIER ? trees.getElement(valuePath) : null;
        Expr.Variable value = source == null ? null : variables.get(source);
        Integer size = arraySizes.get(trees.getElement(targetPath));
        if (value == null || size == null || !value.type().equals(target.type()) || !size.equals(arraySizes.get(source))) {
            return rejectStmt(valuePath.getLeaf(), "assigning " + valuePath.getLeaf() + " to the array variable " + targetPath.getLeaf(),
                    "; only another private array (new T[" + size + "]) of the same type and size may be assigned");
        }
        return new Stmt.Assign(target, null, value, line);
    }

    private Stmt expressionStatement(TreePath p, int line) {
        ExpressionTree t = (ExpressionTree) p.getLeaf();
        switch (t.getKind()) {
            case PARENTHESIZED: return expressionStatement(sub(p, ((ParenthesizedTree) t).getExpression()), line);
            case ASSIGNMENT: {
                var a = (AssignmentTree) t;
                if (matrixOp(sub(p, a.getExpression())) != null) return fragmentAssignment(sub(p, a.getVariable()), sub(p, a.getExpression()), line);
                if (typeOf(sub(p, a.getVariable())) instanceof DeclaredType dt && qualifiedName(dt).equals(MATRIX_8X8)) {
                    return matrix8x8Assignment(sub(p, a.getVariable()), sub(p, a.getExpression()), line);
                }
                Stmt vectorStore = vectorArrayStore(p, a, line);
                if (vectorStore != null) return vectorStore;
                Expr target = target(sub(p, a.getVariable()));
                if (target.type().isArray()) return arrayAssignment(sub(p, a.getVariable()), sub(p, a.getExpression()), target, line);
                if (target instanceof Expr.Variable v && v.type().isVector()) vectorRebinds.putIfAbsent(v.name(), t);
                return new Stmt.Assign(target, null, coerce(expr(sub(p, a.getExpression())), target.type()), line);
            }
            case PREFIX_INCREMENT: case POSTFIX_INCREMENT: case PREFIX_DECREMENT: case POSTFIX_DECREMENT: {
                Expr target = target(sub(p, ((UnaryTree) t).getExpression()));
                boolean up = t.getKind() == Tree.Kind.PREFIX_INCREMENT || t.getKind() == Tree.Kind.POSTFIX_INCREMENT;
                Expr one = target.type() == Type.FLOAT ? new Expr.FloatLiteral(1f) : new Expr.IntLiteral(1);
                return new Stmt.Assign(target, up ? BinaryOp.ADD : BinaryOp.SUB, one, line);
            }
            case METHOD_INVOCATION: return invocationStatement(p, line);
            default:
                BinaryOp op = compoundOp(t.getKind());
                if (op != null) {
                    var a = (CompoundAssignmentTree) t;
                    Expr target = target(sub(p, a.getVariable()));
                    Expr value = expr(sub(p, a.getExpression()));
                    // Java's t op= v is t = (T) (t op v); the emitter spells out what C computes differently.
                    // An integral value added to a floating target is widened explicitly.
                    if (op.ordinal() <= BinaryOp.REM.ordinal() && target.type().isFloating() && value.type().isIntegral()) {
                        value = coerce(value, target.type());
                    }
                    return new Stmt.Assign(target, op, value, line);
                }
                return rejectStmt(t, "the expression statement " + t.getKind(), "");
        }
    }

    private Stmt invocationStatement(TreePath p, int line) {
        var mi = (MethodInvocationTree) p.getLeaf();
        Stmt tornado = tornadoStatement(p, mi, line);
        if (tornado != null) return tornado;
        if (trees.getElement(p) instanceof ExecutableElement d && ownerName(d).equals(DEBUG) && d.getSimpleName().contentEquals("printf")) {
            return printf(p, mi, line);
        }
        if (trees.getElement(p) instanceof ExecutableElement m && !m.getModifiers().contains(Modifier.STATIC)) {
            String owner = ownerName(m);
            String name = m.getSimpleName().toString();
            if (owner.equals(CONTEXT) && name.startsWith("swizzleStore")) {
                Expr element = swizzledElement(p, mi, name);
                if (!(element instanceof Expr.Load target)) return new Stmt.Block(List.of(), line);
                Expr value = coerce(expr(sub(p, mi.getArguments().get(4))), target.type());
                return new Stmt.Assign(target, null, value, line);
            }
            if (owner.equals(CONTEXT)) {
                Stmt matrix = matrixStatement(p, mi, name, line);
                if (matrix != null) return matrix;
            }
            if (owner.equals(MATRIX_8X8) && name.equals("set")) {
                Expr element = matrix8x8Element(p, mi);
                if (element == null) return rejectStmt(mi, "the call " + mi, "; set elements of a Matrix8x8Float local");
                return new Stmt.Assign(element, null, coerce(expr(sub(p, mi.getArguments().get(2))), Type.FLOAT), line);
            }
            if (owner.equals(CONTEXT) && (name.equals("localBarrier") || name.equals("globalBarrier"))) {
                receiverVariable(p, mi); // checks the receiver is the context parameter
                return new Stmt.LocalBarrier(line, name.equals("globalBarrier"));
            }
            if (owner.equals(ATOMIC_INTEGER) && name.equals("set")) {
                Expr.Variable counter = receiverVariable(p, mi);
                globalStore(counter, mi);
                Expr value = coerce(expr(sub(p, mi.getArguments().get(0))), Type.INT);
                return new Stmt.Assign(new Expr.Load(counter, new Expr.IntLiteral(0), Type.INT), null, value, line);
            }
            if (owner.equals(BYTE_ARRAY) && name.equals("setHalfFloat")) {
                Expr.Variable array = receiverVariable(p, mi);
                Expr byteIndex = coerce(expr(sub(p, mi.getArguments().get(0))), Type.INT);
                Expr value = coerce(expr(sub(p, mi.getArguments().get(1))), Type.HALF);
                globalStore(array, mi);
                return new Stmt.Evaluate(new Expr.Intrinsic(IntrinsicOp.BYTES_STORE_HALF, List.of(array, byteIndex, value), Type.VOID), line);
            }
            if (NATIVE_ARRAYS.containsKey(owner) && name.equals("set")) {
                Expr.Variable array = receiverVariable(p, mi);
                Expr index = coerce(expr(sub(p, mi.getArguments().get(0))), Type.INT);
                Type element = array.type().isArray() ? array.type().elementType() : Type.FLOAT;
                Expr value = coerce(expr(sub(p, mi.getArguments().get(1))), element);
                globalStore(array, mi);
                return new Stmt.Assign(new Expr.Load(array, index, element), null, value, line);
            }
        }
        return new Stmt.Evaluate(invocation(p, false), line);
    }

    private Expr target(TreePath p) {
        Tree t = p.getLeaf();
        switch (t.getKind()) {
            case PARENTHESIZED: return target(sub(p, ((ParenthesizedTree) t).getExpression()));
            case ARRAY_ACCESS: {
                Expr target = arrayAccess(p);
                if (target instanceof Expr.Load l) globalStore(l.array(), t);
                return target;
            }
            case IDENTIFIER: {
                Expr field = fieldTarget(p);
                if (field != null) return field;
                Element e = trees.getElement(p);
                Expr.Variable v = variables.get(e);
                if (parallelIndices.contains(e)) return reject(t, "assignment to the @Parallel loop index " + t, "");
                if (v != null) {
                    if (v.type().isArray() && v.type().space() == Type.Space.PRIVATE && arraySizes.containsKey(e)) return v; // checked by arrayAssignment
                    if (v.type().isArray() || v.type() == Type.CONTEXT) return reject(t, "assignment to the array variable " + t, "");
                    return v;
                }
                return reject(t, "field access (assignment to " + t + ")", "; kernels may only write locals and array elements");
            }
            case MEMBER_SELECT: {
                Expr field = fieldTarget(p);
                if (field != null) return field;
                return reject(t, "field access (assignment to " + t + ")", "; kernels may only write locals and array elements");
            }
            default: return reject(t, "assignment to " + t, "");
        }
    }

    // ------------------------------------------------------------------ expressions

    private Expr condition(TreePath p) {
        return expr(p);
    }

    private Expr expr(TreePath p) {
        ExpressionTree t = (ExpressionTree) p.getLeaf();
        if (t.getKind() == Tree.Kind.STRING_LITERAL) return reject(t, "a string literal (" + t + ")", "");
        if (t.getKind() == Tree.Kind.NULL_LITERAL) return reject(t, "null", "");
        if (t.getKind() == Tree.Kind.LAMBDA_EXPRESSION) return reject(t, "a lambda expression", "");
        if (t.getKind() == Tree.Kind.MEMBER_REFERENCE) return reject(t, "a method reference", "");
        TypeMirror type = typeOf(p);
        if (type != null) {
            Expr bad = checkValueType(p, t, type);
            if (bad != null) return bad;
        }
        switch (t.getKind()) {
            case INT_LITERAL: return new Expr.IntLiteral((Integer) ((LiteralTree) t).getValue());
            case FLOAT_LITERAL: return new Expr.FloatLiteral((Float) ((LiteralTree) t).getValue());
            case LONG_LITERAL: return new Expr.LongLiteral((Long) ((LiteralTree) t).getValue());
            case DOUBLE_LITERAL: return new Expr.DoubleLiteral((Double) ((LiteralTree) t).getValue());
            case CHAR_LITERAL: return new Expr.Cast(Type.CHAR, new Expr.IntLiteral((Character) ((LiteralTree) t).getValue()));
            case BOOLEAN_LITERAL: return new Expr.BoolLiteral((Boolean) ((LiteralTree) t).getValue());
            case PARENTHESIZED: return expr(sub(p, ((ParenthesizedTree) t).getExpression()));
            case IDENTIFIER: return identifier(p, t);
            case MEMBER_SELECT: return memberSelect(p, (MemberSelectTree) t);
            case ARRAY_ACCESS: return arrayAccess(p);
            case METHOD_INVOCATION: return invocation(p, false);
            case CONDITIONAL_EXPRESSION: {
                var c = (ConditionalExpressionTree) t;
                if (type.getKind() == TypeKind.ARRAY || (type.getKind() == TypeKind.DECLARED && scalar(type) == Type.INT && unboxed(type) == null)) {
                    // an array travels as a pointer and its length; a choice between two would be made twice in C
                    return reject(t, "a conditional expression choosing between arrays or objects (" + type + ")",
                            "; choose with if/else, passing each array directly");
                }
                Type rt = scalar(type);
                return new Expr.Conditional(condition(sub(p, c.getCondition())), coerce(expr(sub(p, c.getTrueExpression())), rt),
                        coerce(expr(sub(p, c.getFalseExpression())), rt), rt);
            }
            case TYPE_CAST: return cast(p, (TypeCastTree) t, type);
            case UNARY_MINUS: {
                Expr o = coerce(expr(sub(p, ((UnaryTree) t).getExpression())), scalar(type));
                if (o instanceof Expr.IntLiteral l) return new Expr.IntLiteral(-l.value());
                if (o instanceof Expr.FloatLiteral l) return new Expr.FloatLiteral(-l.value());
                if (o instanceof Expr.LongLiteral l) return new Expr.LongLiteral(-l.value());
                if (o instanceof Expr.DoubleLiteral l) return new Expr.DoubleLiteral(-l.value());
                return new Expr.Unary(UnaryOp.NEGATE, o, scalar(type));
            }
            case UNARY_PLUS: return coerce(expr(sub(p, ((UnaryTree) t).getExpression())), scalar(type));
            case LOGICAL_COMPLEMENT: return new Expr.Unary(UnaryOp.NOT, expr(sub(p, ((UnaryTree) t).getExpression())), Type.BOOLEAN);
            case BITWISE_COMPLEMENT: {
                Expr o = coerce(expr(sub(p, ((UnaryTree) t).getExpression())), scalar(type));
                if (o instanceof Expr.IntLiteral l) return new Expr.IntLiteral(~l.value());
                if (o instanceof Expr.LongLiteral l) return new Expr.LongLiteral(~l.value());
                return new Expr.Unary(UnaryOp.BITWISE_NOT, o, scalar(type));
            }
            case PREFIX_INCREMENT: case POSTFIX_INCREMENT: case PREFIX_DECREMENT: case POSTFIX_DECREMENT:
                return reject(t, "an increment or decrement used as an expression (" + t + ")", "; write it as its own statement");
            case ASSIGNMENT:
                return reject(t, "an assignment used as an expression (" + t + ")", "; write it as its own statement");
            case NEW_CLASS: {
                Type vt = vectorType(qualifiedName(type));
                if (vt != null) return newVector(p, (NewClassTree) t, vt);
                if (qualifiedName(type).equals(HALF_FLOAT)) return newHalf(p, (NewClassTree) t);
                return reject(t, "object allocation (" + t + ")", "");
            }
            case NEW_ARRAY: return reject(t, "array allocation (" + t + ")",
                    "; only a declaration float[] a = new float[CONSTANT] is allowed");
            case SWITCH_EXPRESSION: return reject(t, "a switch expression", "");
            case INSTANCE_OF: return reject(t, "instanceof", "");
            default:
                if (compoundOp(t.getKind()) != null) {
                    return reject(t, "an assignment used as an expression (" + t + ")", "; write it as its own statement");
                }
                BinaryOp op = binaryOp(t.getKind());
                if (op != null) return binary(p, (BinaryTree) t, op, scalar(type));
                return reject(t, "the expression " + t.getKind(), "");
        }
    }

    /**
     * Rejects values of types outside the subset (double, long, char, String, objects) at the
     * outermost such expression, with the most helpful message: a double literal is pointed at
     * directly, with its float spelling.
     */
    private Expr checkValueType(TreePath p, ExpressionTree t, TypeMirror type) {
        switch (type.getKind()) {
            case INT: case FLOAT: case BOOLEAN: case VOID: case ARRAY: case EXECUTABLE:
            case LONG: case DOUBLE: case SHORT: case BYTE: case CHAR:
                return null;
            case DECLARED: {
                String name = qualifiedName(type);
                if (name.equals("java.lang.String")) return reject(t, "strings (" + t + ")", "");
                if (NATIVE_ARRAYS.containsKey(name) || List.of(CONTEXT, VECTOR, ATOMIC_INTEGER, HALF_FLOAT).contains(name)) return null; // arguments, receivers, vector and half values
                if (vectorType(name) != null || collection(name) != null || matrixType(name) != null || image(name) != null || name.equals(VOLUME_SHORT2)) return null;
                if (t.getKind() == Tree.Kind.NEW_CLASS) return null; // reported as object allocation
                if (isProgramObject(type) && fieldPath(p) != null) {
                    return reject(t, "using the object " + t + " as a value", "; a kernel reads its fields (" + t + ".field)");
                }
                if (t instanceof IdentifierTree && variables.get(trees.getElement(p)) instanceof Expr.Variable v && !v.type().isArray()
                        && unboxed(type) != null) return null; // a boxed parameter of a lambda kernel, a number by value
                if (t instanceof ArrayAccessTree && unboxed(type) != null) return null; // an element of a kernel's Float[]: a number
                return reject(t, "a value of type " + type, "");
            }
            default:
                return reject(t, "a value of type " + type, "");
        }
    }


    private Expr identifier(TreePath p, ExpressionTree t) {
        Element e = trees.getElement(p);
        if (e instanceof VariableElement ve) {
            Expr constant = constant(ve);
            if (constant != null) return constant;
            Expr field = fieldValue(p);
            if (field != null) return field;
            Expr.Variable v = variables.get(ve);
            if (v != null) return v;
            if (ve.getKind() == ElementKind.FIELD) {
                return reject(t, "field access (" + t + ")", "; only compile-time constants and private static fields that nothing assigns may be read");
            }
        }
        return reject(t, "the name " + t, "");
    }

    private Expr memberSelect(TreePath p, MemberSelectTree t) {
        Element e = trees.getElement(p);
        TreePath receiver = sub(p, t.getExpression());
        if (e instanceof VariableElement ve) {
            Expr constant = constant(ve);
            if (constant != null) return constant;
            Expr field = fieldValue(p);
            if (field != null) return field;
            TypeMirror receiverType = typeOf(receiver);
            if (receiverType != null && receiverType.getKind() == TypeKind.ARRAY && t.getIdentifier().contentEquals("length")) {
                Integer size = arraySizes.get(trees.getElement(receiver));
                if (size != null) return new Expr.IntLiteral(size);
                Expr symbolic = symbolicSizes.get(trees.getElement(receiver));
                if (symbolic != null) return symbolic;
                Type vector = vectorArrays.get(trees.getElement(receiver));
                if (vector != null && namedVariable(receiver) instanceof Expr.Variable lanes) {
                    // an array of vectors holds each vector's lanes: its length in vectors is its numbers / lanes
                    return new Expr.Binary(BinaryOp.DIV, new Expr.ArrayLength(lanes), new Expr.IntLiteral(vector.lanes()), Type.INT);
                }
                // a Java 2D array: a.length is its rows, a[i].length its columns
                Expr.Variable grid = gridOfRow(receiver);
                if (grid != null) return new Expr.Variable(drcn.compiler.emit.CEmitter.extentName(grid.name(), 0), Type.INT);
                // a helper's array parameter: its length travels beside the pointer (name_size in C)
                Expr.Variable array = namedVariable(receiver);
                if (array != null && array.type().isMatrix() && array.type().extents() == 1) {
                    return new Expr.Binary(BinaryOp.DIV, new Expr.ArrayLength(array),
                            new Expr.Variable(drcn.compiler.emit.CEmitter.extentName(array.name(), 0), Type.INT), Type.INT);
                }
                if (array != null && array.type().isArray()) return new Expr.ArrayLength(array);
            }
            if (ownerName(ve).equals(CONTEXT)) {
                ContextValue value = ContextValue.ofJavaField(t.getIdentifier().toString());
                if (value != null && variables.get(trees.getElement(receiver)) != null) return new Expr.ContextQuery(value);
            }
            return reject(t, "field access (" + t + ")", "; only compile-time constants and private static fields that nothing assigns may be read");
        }
        return reject(t, "the member access " + t, "");
    }

    /**
     * Compile-time constants (static final fields, final locals) are inlined, as javac does; so is a private static
     * field that is never assigned after its constant initializer (TornadoVM's examples declare
     * {@code private static float DELT = 0.005f;}): only its own top-level class could assign it.
     */
    private Expr constant(VariableElement ve) {
        Object value = ve.getConstantValue();
        if (value == null) value = unassignedStaticValue(ve);
        if (value instanceof Integer i) return new Expr.IntLiteral(i);
        if (value instanceof Float f) return new Expr.FloatLiteral(f);
        if (value instanceof Boolean b) return new Expr.BoolLiteral(b);
        if (value instanceof Long l) return new Expr.LongLiteral(l);
        if (value instanceof Double d) return new Expr.DoubleLiteral(d);
        if (value instanceof Short v) return new Expr.Cast(Type.SHORT, new Expr.IntLiteral(v));
        if (value instanceof Byte v) return new Expr.Cast(Type.BYTE, new Expr.IntLiteral(v));
        if (value instanceof Character c) return new Expr.Cast(Type.CHAR, new Expr.IntLiteral(c));
        return null; // non-constant, or a constant of a type the value check rejects
    }

    /**
     * The value of a private static non-final field whose initializer is a constant expression and which nothing in
     * its compilation unit assigns, converted to the field's type; null otherwise.
     */
    private Object unassignedStaticValue(VariableElement ve) {
        Set<Modifier> modifiers = ve.getModifiers();
        if (ve.getKind() != ElementKind.FIELD || !modifiers.contains(Modifier.STATIC) || !modifiers.contains(Modifier.PRIVATE)
                || modifiers.contains(Modifier.FINAL) || !ve.asType().getKind().isPrimitive()) return null;
        TreePath declaration = trees.getPath(ve);
        if (declaration == null || !(declaration.getLeaf() instanceof VariableTree vt) || vt.getInitializer() == null) return null;
        Object value = constantValue(new TreePath(declaration, vt.getInitializer()));
        if (value == null) return null;
        boolean[] assigned = {false};
        new WriteScanner() {
            @Override
            void written(TreePath target) {
                if (trees.getElement(target) == ve) assigned[0] = true;
            }
        }.scan(declaration.getCompilationUnit(), null);
        if (assigned[0]) return null;
        return convert(value, ve.asType().getKind());
    }

    /** A constant initializer: literals, constants, and arithmetic, casts and parentheses over them. */
    private Object constantValue(TreePath p) {
        Tree t = p.getLeaf();
        return switch (t) {
            case LiteralTree l -> l.getValue() instanceof String ? null : l.getValue();
            case ParenthesizedTree pt -> constantValue(new TreePath(p, pt.getExpression()));
            case TypeCastTree c -> {
                Object inner = constantValue(new TreePath(p, c.getExpression()));
                TypeMirror target = trees.getTypeMirror(new TreePath(p, c.getType()));
                yield inner == null || target == null ? null : convert(inner, target.getKind());
            }
            case UnaryTree u when u.getKind() == Tree.Kind.UNARY_MINUS || u.getKind() == Tree.Kind.UNARY_PLUS -> {
                Object inner = constantValue(new TreePath(p, u.getExpression()));
                if (inner == null || u.getKind() == Tree.Kind.UNARY_PLUS) yield inner;
                yield switch (inner) {
                    case Integer i -> -i;
                    case Long l -> -l;
                    case Float f -> -f;
                    case Double d -> -d;
                    default -> null;
                };
            }
            case BinaryTree b -> {
                Object left = constantValue(new TreePath(p, b.getLeftOperand()));
                Object right = constantValue(new TreePath(p, b.getRightOperand()));
                yield left == null || right == null ? null : binaryConstant(b.getKind(), left, right);
            }
            case IdentifierTree id when trees.getElement(p) instanceof VariableElement v -> v.getConstantValue();
            case MemberSelectTree ms when trees.getElement(p) instanceof VariableElement v -> v.getConstantValue();
            default -> null;
        };
    }

    /** A binary operator on two numeric constants, with Java's promotion; null for other operands or x / 0. */
    private static Object binaryConstant(Tree.Kind op, Object left, Object right) {
        if (left instanceof Character c) left = (int) c;
        if (right instanceof Character c) right = (int) c;
        if (!(left instanceof Number a) || !(right instanceof Number b)) return null;
        boolean shift = op == Tree.Kind.LEFT_SHIFT || op == Tree.Kind.RIGHT_SHIFT || op == Tree.Kind.UNSIGNED_RIGHT_SHIFT;
        if (shift) {
            if (a instanceof Double || a instanceof Float || b instanceof Double || b instanceof Float) return null;
            long count = b.longValue();
            if (a instanceof Long) {
                long x = a.longValue();
                int n = (int) (count & 63);
                return op == Tree.Kind.LEFT_SHIFT ? x << n : op == Tree.Kind.RIGHT_SHIFT ? x >> n : x >>> n;
            }
            int x = a.intValue();
            int n = (int) (count & 31);
            return op == Tree.Kind.LEFT_SHIFT ? x << n : op == Tree.Kind.RIGHT_SHIFT ? x >> n : x >>> n;
        }
        if (a instanceof Double || b instanceof Double) {
            double x = a.doubleValue(), y = b.doubleValue();
            return switch (op) {
                case PLUS -> x + y; case MINUS -> x - y; case MULTIPLY -> x * y; case DIVIDE -> x / y; case REMAINDER -> x % y;
                default -> null;
            };
        }
        if (a instanceof Float || b instanceof Float) {
            float x = a instanceof Long l ? (float) l : a.floatValue(), y = b instanceof Long l ? (float) l : b.floatValue();
            return switch (op) {
                case PLUS -> x + y; case MINUS -> x - y; case MULTIPLY -> x * y; case DIVIDE -> x / y; case REMAINDER -> x % y;
                default -> null;
            };
        }
        if (a instanceof Long || b instanceof Long) {
            long x = a.longValue(), y = b.longValue();
            if ((op == Tree.Kind.DIVIDE || op == Tree.Kind.REMAINDER) && y == 0) return null;
            return switch (op) {
                case PLUS -> x + y; case MINUS -> x - y; case MULTIPLY -> x * y; case DIVIDE -> x / y; case REMAINDER -> x % y;
                case AND -> x & y; case OR -> x | y; case XOR -> x ^ y;
                default -> null;
            };
        }
        int x = a.intValue(), y = b.intValue();
        if ((op == Tree.Kind.DIVIDE || op == Tree.Kind.REMAINDER) && y == 0) return null;
        return switch (op) {
            case PLUS -> x + y; case MINUS -> x - y; case MULTIPLY -> x * y; case DIVIDE -> x / y; case REMAINDER -> x % y;
            case AND -> x & y; case OR -> x | y; case XOR -> x ^ y;
            default -> null;
        };
    }

    /** Java's widening or narrowing of a constant to a primitive type. */
    private static Object convert(Object value, TypeKind kind) {
        if (value instanceof Boolean b) return kind == TypeKind.BOOLEAN ? b : null;
        if (kind == TypeKind.BOOLEAN) return null;
        if (value instanceof Character c) value = (int) c;
        if (!(value instanceof Number n)) return null;
        boolean integral = value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte;
        return switch (kind) {
            case INT -> integral ? n.intValue() : (int) n.doubleValue();
            case LONG -> integral ? n.longValue() : (long) n.doubleValue();
            case FLOAT -> value instanceof Long l ? (float) l : n.floatValue();
            case DOUBLE -> value instanceof Long l ? (double) l : n.doubleValue();
            case SHORT -> (short) (integral ? n.longValue() : (long) (int) n.doubleValue());
            case BYTE -> (byte) (integral ? n.longValue() : (long) (int) n.doubleValue());
            case CHAR -> (char) (integral ? n.longValue() : (long) (int) n.doubleValue());
            default -> null;
        };
    }

    // ------------------------------------------------------------------ Java 2D arrays

    /**
     * A kernel's Java 2D array parameter ({@code float[][] a}, rectangular: TornadoVM copies such arrays too) is a
     * row-major matrix: {@code a[i][j]} is element {@code i * a_columns + j}, {@code a.length} the rows,
     * {@code a[i].length} the columns. Null for every other type.
     */
    private Type javaGridType(TypeMirror t, Tree tree) {
        if (!(t instanceof ArrayType outer) || !(outer.getComponentType() instanceof ArrayType inner)) return null;
        TypeKind kind = inner.getComponentType().getKind();
        Type matrix = kind.isPrimitive() && kind != TypeKind.BOOLEAN && kind != TypeKind.CHAR ? Type.matrixOf(scalar(inner.getComponentType()), 1) : null;
        if (!kernel || matrix == null) {
            problem(tree, PREFIX + "array parameter " + t + " is not allowed " + (kernel ? "in a kernel" : "in a helper")
                    + "; a kernel may take 2D arrays of byte, short, int, long, float or double (rectangular), a helper none");
            return Type.FLOAT_MATRIX2D;
        }
        return matrix;
    }

    /**
     * A kernel's array of boxed numbers ({@code Float[]}) or of vector values ({@code Float2[]}, lanes of float, int or
     * double): the global array of their numbers, a vector's lanes consecutive; null for other element types.
     */
    private Type objectArrayType(TypeMirror component) {
        if (component.getKind() != TypeKind.DECLARED) return null;
        TypeMirror box = unboxed(component);
        if (box != null) return box.getKind() == TypeKind.BOOLEAN ? null : Type.arrayOf(scalar(box), Type.Space.GLOBAL);
        Type vector = vectorType(qualifiedName(component));
        if (vector == null || vector.elementType() == Type.HALF) return null;
        return Type.arrayOf(vector.elementType(), Type.Space.GLOBAL);
    }

    /** {@code a[i]} where {@code a} is a Java 2D array parameter: the row's tree, else null. */
    private Expr.Variable gridOfRow(TreePath row) {
        if (!(row.getLeaf() instanceof ArrayAccessTree r)) return null;
        Expr.Variable grid = namedVariable(sub(row, r.getExpression()));
        return grid != null && grid.type().isMatrix() && grid.type().extents() == 1 ? grid : null;
    }

    /** Loop variables of the loops {@link #arraysFill} writes: {@code fill__0}, {@code fill__1}, ... */
    private int fills;

    /**
     * {@code java.util.Arrays.fill(array, value)} on a row {@code a[i]} of a Java 2D array parameter, a Java array
     * parameter or a private array: the value once, then a sequential loop storing it into every element.
     */
    private Stmt arraysFill(TreePath p, MethodInvocationTree t, int line) {
        TreePath arrayPath = sub(p, t.getArguments().get(0));
        Expr.Variable grid = gridOfRow(arrayPath);
        Expr.Variable array;
        Expr first, length;
        if (grid != null) {
            var row = (ArrayAccessTree) arrayPath.getLeaf();
            length = new Expr.Variable(drcn.compiler.emit.CEmitter.extentName(grid.name(), 0), Type.INT);
            first = new Expr.Binary(BinaryOp.MUL, coerce(expr(sub(arrayPath, row.getIndex())), Type.INT), length, Type.INT);
            array = grid;
        } else {
            array = arrayPath.getLeaf().getKind() == Tree.Kind.IDENTIFIER ? namedVariable(arrayPath) : null;
            if (array == null || !array.type().isArray() || array.type().isMatrix() || array.type().space() == Type.Space.LOCAL) {
                return rejectStmt(t.getArguments().get(0), "Arrays.fill of " + t.getArguments().get(0),
                        "; fill a kernel's Java array parameter, a private array or a row a[i] of a 2D array parameter");
            }
            Integer size = arraySizes.get(trees.getElement(arrayPath));
            length = size != null ? new Expr.IntLiteral(size) : new Expr.ArrayLength(array);
            first = new Expr.IntLiteral(0);
        }
        if (array.type().space() == Type.Space.GLOBAL) globalStore(array, t);
        return fillLoop(array, first, length, expr(sub(p, t.getArguments().get(1))), line);
    }

    /** {@code a[first + j] = value} for j from 0 to length - 1, the value computed once: Arrays.fill, a matrix's fill. */
    private Stmt fillLoop(Expr.Variable array, Expr first, Expr length, Expr fill, int line) {
        String j = "fill__" + fills, v = "fill__value" + fills++;
        Type element = array.type().elementType();
        Expr value = coerce(fill, element);
        var index = new Expr.Variable(j, Type.INT);
        Stmt store = new Stmt.Assign(new Expr.Load(array, new Expr.Binary(BinaryOp.ADD, first, index, Type.INT), element), null,
                new Expr.Variable(v, element), line);
        Stmt loop = new Stmt.For(List.of(new Stmt.Declare(j, Type.INT, new Expr.IntLiteral(0), line)),
                new Expr.Binary(BinaryOp.LT, index, length, Type.BOOLEAN), List.of(new Stmt.Assign(index, BinaryOp.ADD, new Expr.IntLiteral(1), line)),
                store, line);
        return new Stmt.Block(List.of(new Stmt.Declare(v, element, value, line), loop), line);
    }

    private Expr gridElement(TreePath p, ArrayAccessTree t, TreePath rowPath, Expr.Variable grid) {
        var row = (ArrayAccessTree) rowPath.getLeaf();
        Expr columns = new Expr.Variable(drcn.compiler.emit.CEmitter.extentName(grid.name(), 0), Type.INT);
        Expr i = coerce(expr(sub(rowPath, row.getIndex())), Type.INT), j = coerce(expr(sub(p, t.getIndex())), Type.INT);
        Expr index = new Expr.Binary(BinaryOp.ADD, new Expr.Binary(BinaryOp.MUL, i, columns, Type.INT), j, Type.INT);
        return new Expr.Load(grid, index, grid.type().elementType());
    }

    private Expr arrayAccess(TreePath p) {
        var t = (ArrayAccessTree) p.getLeaf();
        TreePath arrayPath = sub(p, t.getExpression());
        Expr.Variable grid = gridOfRow(arrayPath);
        if (grid != null) return gridElement(p, t, arrayPath, grid);
        Expr.Variable array = arrayPath.getLeaf().getKind() == Tree.Kind.IDENTIFIER || fieldValue(arrayPath) != null ? namedVariable(arrayPath) : null;
        if (array == null || !array.type().isArray()) return reject(t, "the array access " + t, "; only local and private arrays can be indexed");
        if (array.type().isMatrix()) return reject(t, "a row of the 2D array " + arrayPath.getLeaf() + " as a value (" + t + ")", "; index both dimensions: " + t + "[j]");
        if (fragments.contains(trees.getElement(arrayPath)) && typeOf(arrayPath) instanceof ArrayType at
                && at.getComponentType().getKind() != TypeKind.FLOAT && at.getComponentType().getKind() != TypeKind.INT) {
            // C holds an A or B fragment as packed 32-bit registers, not as its Java elements
            return reject(t, "an element of the tensor-core operand fragment " + arrayPath.getLeaf() + " (" + t + ")",
                    "; only the accumulators (float[] and int[] fragments) can be indexed");
        }
        Expr index = coerce(expr(sub(p, t.getIndex())), Type.INT);
        Type vector = vectorArrays.get(trees.getElement(arrayPath));
        if (vector != null) return laneLoads(array, index, vector.lanes(), t);
        return new Expr.Load(array, index, array.type().elementType());
    }

    private Expr binary(TreePath p, BinaryTree t, BinaryOp op, Type type) {
        Expr left = expr(sub(p, t.getLeftOperand()));
        Expr right = expr(sub(p, t.getRightOperand()));
        if (left.type().isVector() || right.type().isVector()) {
            return reject(t, "comparing vector values (" + t + ")", "; == on objects compares references in Java; compare lanes");
        }
        if (left.type() == Type.VECTOR16 || right.type() == Type.VECTOR16) {
            return reject(t, "comparing Vector16 values (" + t + ")", "; == on objects compares references in Java");
        }
        if (op == BinaryOp.SHL || op == BinaryOp.SHR || op == BinaryOp.USHR) {
            // Unary promotion of each operand apart; the result has the left operand's promoted type.
            left = coerce(left, type);
            right = coerce(right, right.type() == Type.LONG ? Type.LONG : Type.INT);
        } else if (op.ordinal() <= BinaryOp.REM.ordinal() || type.isNumeric()) {
            // Binary numeric promotion (arithmetic and bitwise operators), made explicit so that every emitter
            // sees matching operand types.
            left = coerce(left, type);
            right = coerce(right, type);
        } else if (op.isComparison() && left.type().isNumeric() && right.type().isNumeric()) {
            Type promoted = Type.promote(left.type(), right.type());
            left = coerce(left, promoted);
            right = coerce(right, promoted);
        }
        if (left instanceof Expr.IntLiteral a && right instanceof Expr.IntLiteral b && type == Type.INT) {
            Integer folded = fold(op, a.value(), b.value());
            if (folded != null) return new Expr.IntLiteral(folded);
        }
        return new Expr.Binary(op, left, right, type);
    }

    /** Java int semantics (wrap-around, truncating division); division by zero is left to run time. */
    private static Integer fold(BinaryOp op, int a, int b) {
        return switch (op) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> b == 0 ? null : a / b;
            case REM -> b == 0 ? null : a % b;
            case SHL -> a << b;
            case SHR -> a >> b;
            case USHR -> a >>> b;
            case AND -> a & b;
            case OR -> a | b;
            case XOR -> a ^ b;
            default -> null;
        };
    }

    private Expr cast(TreePath p, TypeCastTree t, TypeMirror target) {
        TreePath operand = sub(p, t.getExpression());
        while (operand.getLeaf().getKind() == Tree.Kind.PARENTHESIZED) {
            operand = sub(operand, ((ParenthesizedTree) operand.getLeaf()).getExpression());
        }
        if (target.getKind() == TypeKind.FLOAT && operand.getLeaf().getKind() == Tree.Kind.METHOD_INVOCATION
                && trees.getElement(operand) instanceof ExecutableElement m && ownerName(m).equals(MATH)
                && m.getReturnType().getKind() == TypeKind.DOUBLE) {
            // (float) Math.exp(x): the float built-in, never a round trip through double (unless x is a double).
            return coerceCast(invocation(operand, true), Type.FLOAT);
        }
        Type to = scalar(target);
        Expr value = expr(operand);
        if (value.type() == to) return value;
        if (to.isNumeric() && value.type().isNumeric()) return convert(value, to);
        return reject(t, "the cast " + t, "; only casts between primitive numeric types are allowed");
    }

    private static Expr coerceCast(Expr e, Type to) {
        return e.type() == to || !e.type().isNumeric() ? e : convert(e, to);
    }

    /** A method call in expression position (or a void call as a statement). */
    private Expr invocation(TreePath p, boolean underFloatCast) {
        var t = (MethodInvocationTree) p.getLeaf();
        if (!(trees.getElement(p) instanceof ExecutableElement m)) return reject(t, "the call " + t, "");
        String owner = ownerName(m);
        String name = m.getSimpleName().toString();
        Expr tornado = tornadoCall(p, t, m, owner, name);
        if (tornado != null) return tornado;
        if (owner.equals(ATOMIC_INTEGER) && !m.getModifiers().contains(Modifier.STATIC)) return atomicIntegerCall(p, t, name);
        if (!m.getModifiers().contains(Modifier.STATIC)) {
            if (owner.equals(NATIVE_ARRAY) && name.equals("getSize")) return new Expr.ArrayLength(receiverVariable(p, t));
            if (NATIVE_ARRAYS.containsKey(owner) || owner.equals(NATIVE_ARRAY)) {
                Expr.Variable array = receiverVariable(p, t);
                if (name.equals("get")) {
                    Type element = NATIVE_ARRAYS.getOrDefault(owner, Type.FLOAT);
                    return new Expr.Load(array, coerce(expr(sub(p, t.getArguments().get(0))), Type.INT), element);
                }
                if (name.equals("getSize")) return new Expr.ArrayLength(array);
                if (owner.equals(BYTE_ARRAY) && name.equals("getHalfFloat")) {
                    Expr byteIndex = coerce(expr(sub(p, t.getArguments().get(0))), Type.INT);
                    return new Expr.Intrinsic(IntrinsicOp.BYTES_LOAD_HALF, List.of(array, byteIndex), Type.HALF);
                }
                return reject(t, "the call " + simpleOwner(m) + "." + name + "()", owner.equals(BYTE_ARRAY)
                        ? "; only get, set, getSize, getHalfFloat and setHalfFloat are available in a kernel"
                        : "; only get, set and getSize are available in a kernel");
            }
            if (owner.equals(VECTOR)) {
                return reject(t, "the call " + t, "; a Vector16's lanes can be read in a kernel only by storing it (Vector16.store)");
            }
            if (owner.equals(CONTEXT) && name.startsWith("swizzleLoad")) return swizzledElement(p, t, name);
            if (owner.equals(MATRIX_8X8) && name.equals("get")) {
                Expr element = matrix8x8Element(p, t);
                return element != null ? element : reject(t, "the call " + t, "; read elements of a Matrix8x8Float local");
            }
            if (owner.equals(CONTEXT)) {
                if (name.startsWith("allocate")) {
                    return reject(t, "context." + name + " outside a local array declaration",
                            "; write float[] t = context.allocateFloatLocalArray(CONSTANT)");
                }
                IntrinsicOp simd = switch (name) {
                    case "simdSum" -> IntrinsicOp.SIMD_SUM;
                    case "simdShuffleDown" -> IntrinsicOp.SIMD_SHUFFLE_DOWN;
                    case "simdBroadcastFirst" -> IntrinsicOp.SIMD_BROADCAST_FIRST;
                    default -> null;
                };
                if (simd != null) {
                    receiverVariable(p, t); // checks the receiver is the context parameter
                    List<Expr> args = new ArrayList<>();
                    args.add(coerce(expr(sub(p, t.getArguments().get(0))), Type.FLOAT));
                    if (simd == IntrinsicOp.SIMD_SHUFFLE_DOWN) args.add(coerce(expr(sub(p, t.getArguments().get(1))), Type.INT));
                    return new Expr.Intrinsic(simd, args, Type.FLOAT);
                }
                return reject(t, "the call context." + name + "()", "; only localBarrier(), globalBarrier(), the SIMD-group functions"
                        + " (simdSum, simdShuffleDown, simdBroadcastFirst) and the local array allocations are available");
            }
            // callee(x) or this.callee(x) from an instance method: translated like a static call of the method javac
            // resolved (the receiver is never read; an override in a subclass of the receiver is not seen).
            boolean onThis = t.getMethodSelect() instanceof IdentifierTree
                    || t.getMethodSelect() instanceof MemberSelectTree s && s.getExpression() instanceof IdentifierTree r && r.getName().contentEquals("this");
            if (!onThis || method.getModifiers().contains(Modifier.STATIC) || m.getModifiers().contains(Modifier.ABSTRACT)) {
                return reject(t, "a virtual/instance method call (" + t + ")", "; only static methods, and an instance kernel's own methods, can be called from a kernel");
            }
        }
        if (owner.equals(MATH)) return math(p, t, m, name, underFloatCast);
        if (owner.equals(TENSOR_CORES) && name.equals("roundTf32")) {
            return new Expr.Intrinsic(IntrinsicOp.TF32_ROUND, List.of(coerce(expr(sub(p, t.getArguments().get(0))), Type.FLOAT)), Type.FLOAT);
        }
        if (owner.equals(TENSOR_CORES)) {
            return reject(t, "TensorCores." + name + " here", "; declare or assign its fragment (float[] d = TensorCores." + name + "(...))");
        }
        if (owner.equals(VECTOR)) return vector(p, t, name);
        // tornado-api's own methods are kernel code only where marked @ApiHelper (or, inside tornado-api, called by one)
        boolean apiCode = owner.startsWith(TORNADO_API) && (hasAnnotation(m, API_HELPER) || trees.getPath(m) != null);
        if ((owner.startsWith(API) || owner.startsWith(TORNADO_API)) && !apiCode) {
            return reject(t, "the call " + simpleOwner(m) + "." + name + "()", "");
        }
        if (isKernel(m)) {
            return reject(t, "a call of the @Kernel method " + name, "; move the shared code into a static helper");
        }
        String id = functionId(m, elements, types);
        // a helper compiled earlier (another module) is linked by id when its IR is on the class path: a kernel of its own module calls it
        if (trees.getPath(m) == null && !compiledHelper.test(id)) { // a class file of the class path, without kernel IR
            return reject(t, "a call of " + simpleOwner(m) + "." + name + " (its source is not part of this compilation, and no kernel IR on the class path has it)",
                    "; a helper of another module can be called when its class is @KernelLibrary or a kernel of that module calls it (either writes its IR there),"
                            + " else compile it together with the kernels that call it");
        }
        var arguments = new ArrayList<Expr>();
        for (int i = 0; i < t.getArguments().size(); i++) {
            TypeMirror pt = m.getParameters().get(i).asType();
            Expr arg = expr(sub(p, t.getArguments().get(i)));
            if (fragments.contains(trees.getElement(sub(p, t.getArguments().get(i)))) && pt instanceof ArrayType at
                    && at.getComponentType().getKind() != TypeKind.FLOAT && at.getComponentType().getKind() != TypeKind.INT) {
                // C holds an A or B fragment as packed 32-bit registers, which a helper's HalfFloat[] or byte[] cannot take
                return reject(t.getArguments().get(i), "passing the tensor-core operand fragment " + t.getArguments().get(i) + " to " + name,
                        "; pass it only to the context's mma calls (accumulators, float[] and int[], may go to helpers)");
            }
            if (pt.getKind().isPrimitive()) arg = coerce(arg, scalar(pt));
            if (pt.getKind() == TypeKind.ARRAY) {
                // a helper's array parameter is a pointer into one address space: private, or local where @Local marks it
                boolean local = hasAnnotation(m.getParameters().get(i), LOCAL);
                Type.Space space = local ? Type.Space.LOCAL : Type.Space.PRIVATE;
                if (!(arg instanceof Expr.Variable v && v.type().isArray() && !v.type().isMatrix() && v.type().space() == space)) {
                    return reject(t.getArguments().get(i), "passing " + t.getArguments().get(i) + " to the " + (local ? "@Local " : "") + "array parameter of " + name,
                            local ? "; a @Local array parameter takes a local (work-group) array variable (context.allocateFloatLocalArray(n))"
                                    : "; a helper's array parameter (float[], int[], ...) takes a private array variable (new float[CONSTANT]),"
                                    + " not an expression, nor a local (work-group) array unless the parameter is marked @Local");
                }
            }
            arguments.add(arg);
        }
        calls.add(new CallSite(id, t));
        helperMethods.put(id, m);
        TypeMirror rt = m.getReturnType();
        Type returnType = rt.getKind() == TypeKind.VOID ? Type.VOID : scalar(rt);
        return new Expr.Call(id, arguments, returnType);
    }

    /**
     * A {@code Math} call: max, min and abs keep javac's overload (int, long, float or double); the functions Java
     * defines on double only run in double, or, under a {@code (float)} cast with float or int arguments, as the
     * float built-in (what the Java program rounds to anyway, up to the last bit of the function's accuracy).
     */
    private Expr math(TreePath p, MethodInvocationTree t, ExecutableElement m, String name, boolean underFloatCast) {
        if (name.equals("signum")) return signum(coerce(expr(sub(p, t.getArguments().get(0))), scalar(m.getReturnType())), scalar(m.getReturnType()));
        IntrinsicOp op = IntrinsicOp.ofJavaName(name);
        if (op == null || op.arity != t.getArguments().size()) {
            return reject(t, "Math." + name, "; supported: Math." + String.join(", ", java.util.Arrays.stream(IntrinsicOp.values()).filter(IntrinsicOp::isMath)
                    .map(o -> o.name().toLowerCase(java.util.Locale.ROOT)).toList()) + ", signum");
        }
        var arguments = new ArrayList<Expr>();
        for (ExpressionTree a : t.getArguments()) arguments.add(expr(sub(p, a)));
        Type type = scalar(m.getReturnType());
        if (underFloatCast && type == Type.DOUBLE && arguments.stream().allMatch(a -> a.type() == Type.FLOAT || a.type().isIntegral() && a.type() != Type.LONG)) {
            type = Type.FLOAT;
        }
        if (op == IntrinsicOp.FMA && !type.isFloating()) return reject(t, "Math.fma of " + type, "");
        var coerced = new ArrayList<Expr>();
        for (Expr a : arguments) coerced.add(coerce(a, type));
        return new Expr.Intrinsic(op, coerced, type);
    }

    /** A static {@code Vector16} method: javac has resolved the overload (global or private array for load/store). */
    private Expr vector(TreePath p, MethodInvocationTree t, String name) {
        VectorOp op = switch (name) {
            case "zero" -> VectorOp.ZERO;
            case "broadcast" -> VectorOp.BROADCAST;
            case "load" -> VectorOp.LOAD;
            case "store" -> VectorOp.STORE;
            case "fma" -> VectorOp.FMA;
            case "add" -> VectorOp.ADD;
            case "subtract" -> VectorOp.SUBTRACT;
            case "multiply" -> VectorOp.MULTIPLY;
            case "max" -> VectorOp.MAX;
            case "min" -> VectorOp.MIN;
            default -> null;
        };
        if (op == null) return reject(t, "Vector16." + name, "");
        var arguments = new ArrayList<Expr>();
        List<? extends ExpressionTree> args = t.getArguments();
        for (int i = 0; i < args.size(); i++) {
            Expr a = expr(sub(p, args.get(i)));
            if ((op == VectorOp.LOAD || op == VectorOp.STORE) && i == 0) {
                boolean array = a instanceof Expr.Variable v && (v.type() == Type.FLOAT_GLOBAL_ARRAY || v.type() == Type.FLOAT_PRIVATE_ARRAY
                        || v.type() == Type.FLOAT_LOCAL_ARRAY);
                if (!array) return reject(args.get(i), "Vector16." + name + " of " + args.get(i), "; name a FloatArray parameter or a float[] array variable");
            } else if (op == VectorOp.BROADCAST || (op == VectorOp.LOAD || op == VectorOp.STORE) && i == 1) {
                a = coerce(a, op == VectorOp.BROADCAST ? Type.FLOAT : Type.INT);
            }
            arguments.add(a);
        }
        return new Expr.VectorCall(op, arguments, op == VectorOp.STORE ? Type.VOID : Type.VECTOR16);
    }

    /** The receiver of an API instance call must be a parameter (global array or the context). */
    private Expr.Variable receiverVariable(TreePath p, MethodInvocationTree t) {
        if (t.getMethodSelect() instanceof MemberSelectTree ms) {
            TreePath receiver = sub(sub(p, ms), ms.getExpression());
            Expr.Variable v = namedVariable(receiver);
            if (v != null) return v;
        }
        reject(t, "the call " + t, "; the receiver must be a kernel parameter");
        return new Expr.Variable("invalid", Type.FLOAT_GLOBAL_ARRAY);
    }

    // ------------------------------------------------------------------ @Parallel loops and @Reduce

    /** {@code @Reduce} arrays among the parameters. */
    private final List<Expr.Variable> reduceArrays = new ArrayList<>();
    /** The tree each statement was translated from, for errors found on the IR. */
    private final Map<Stmt, Tree> stmtTrees = new IdentityHashMap<>();
    /** Enclosing loops, innermost first: true for a {@code @Parallel} one. */
    private final Deque<Boolean> loops = new ArrayDeque<>();
    /** Enclosing {@code @Parallel} loops, innermost first. */
    private final Deque<ParallelFrame> parallel = new ArrayDeque<>();
    private final Set<Element> parallelIndices = new HashSet<>();
    /** Stores to global arrays outside every {@code @Parallel} loop, and between nested ones. */
    private final List<Tree> outerStores = new ArrayList<>();
    private final List<Tree> betweenStores = new ArrayList<>();
    /** {@code return} statements inside {@code @Parallel} loops not yet moved before their loop or reported. */
    private final Map<Stmt.Return, Tree> parallelReturns = new IdentityHashMap<>();
    /** The outermost {@code @Parallel} loops, with their trees. */
    private final Map<Stmt.ParallelFor, Tree> outermostLoops = new LinkedHashMap<>();

    /** A {@code @Parallel} loop being translated: the global stores directly in it, and whether it holds another. */
    private static final class ParallelFrame {
        final List<Tree> stores = new ArrayList<>();
        boolean nested;
    }

    private void globalStore(Expr.Variable array, Tree tree) {
        if (!array.type().isArray() || array.type().space() != Type.Space.GLOBAL) return;
        if (parallel.isEmpty()) outerStores.add(tree);
        else parallel.peek().stores.add(tree);
    }

    private boolean isParallelLoop(TreePath p, ForLoopTree s) {
        if (s.getInitializer().size() != 1 || !(s.getInitializer().getFirst() instanceof VariableTree v)) return false;
        TreePath vp = sub(p, v);
        if (trees.getElement(vp) instanceof VariableElement ve && hasAnnotation(ve, PARALLEL)) return true;
        TreePath modifiers = sub(vp, v.getModifiers());
        for (AnnotationTree a : v.getModifiers().getAnnotations()) {
            if (trees.getElement(sub(sub(modifiers, a), a.getAnnotationType())) instanceof TypeElement te
                    && te.getQualifiedName().contentEquals(PARALLEL)) return true;
        }
        return false;
    }

    /** Whether {@code tree} (parentheses aside) names the variable {@code variable}. */
    private boolean names(TreePath path, Element variable) {
        while (path.getLeaf() instanceof ParenthesizedTree pt) path = sub(path, pt.getExpression());
        return path.getLeaf() instanceof IdentifierTree && trees.getElement(path) == variable;
    }

    /** {@code for (@Parallel int i = start; i < bound; i += step) body}: see {@link Stmt.ParallelFor}. */
    private Stmt parallelFor(TreePath p, ForLoopTree s, int line) {
        var v = (VariableTree) s.getInitializer().getFirst();
        TreePath vp = sub(p, v);
        var ve = (VariableElement) trees.getElement(vp);
        int dimension = parallel.size();
        if (!kernel) return rejectStmt(s, "a @Parallel loop in a helper (" + method.getSimpleName() + ")", "; put @Parallel loops in the kernel itself");
        // A KernelContext beside @Parallel loops (TornadoVM's tests, for its atomics) changes nothing: the loops still
        // cover every iteration once, over the grid the plan gives or the range their bounds give.
        if (loops.contains(false)) return rejectStmt(s, "a @Parallel loop inside a sequential loop", "; each pass of the outer loop would need all work-items to finish: make it a task of its own");
        if (dimension >= 3) return rejectStmt(s, "a fourth nested @Parallel loop", "; a launch has at most three dimensions");
        if (ve.asType().getKind() != TypeKind.INT) return rejectStmt(v, "a @Parallel loop index of type " + ve.asType(), "; declare it int");
        if (v.getInitializer() == null) return rejectStmt(v, "a @Parallel loop index without a start value", "");
        String name = cName(v.getName().toString());
        variables.put(ve, new Expr.Variable(name, Type.INT));
        parallelIndices.add(ve);
        Expr start = coerce(expr(sub(vp, v.getInitializer())), Type.INT);

        Expr bound = null;
        boolean inclusive = false, descending = false;
        TreePath cp = s.getCondition() == null ? null : sub(p, s.getCondition());
        while (cp != null && cp.getLeaf() instanceof ParenthesizedTree pt) cp = sub(cp, pt.getExpression());
        if (cp != null && cp.getLeaf() instanceof BinaryTree b) {
            TreePath left = sub(cp, b.getLeftOperand()), right = sub(cp, b.getRightOperand());
            Tree.Kind k = b.getKind();
            boolean less = k == Tree.Kind.LESS_THAN || k == Tree.Kind.LESS_THAN_EQUAL;
            boolean greater = k == Tree.Kind.GREATER_THAN || k == Tree.Kind.GREATER_THAN_EQUAL;
            inclusive = k == Tree.Kind.LESS_THAN_EQUAL || k == Tree.Kind.GREATER_THAN_EQUAL;
            if (names(left, ve) && (less || greater)) {
                bound = expr(right);
                descending = greater;
            } else if (names(right, ve) && (less || greater)) {
                bound = expr(left);
                descending = less;
            }
        }
        if (bound == null) {
            return rejectStmt(s.getCondition() == null ? s : s.getCondition(), "the @Parallel loop condition " + s.getCondition(),
                    "; write " + v.getName() + " < bound, " + v.getName() + " <= bound (counting up) or " + v.getName() + " > bound, >= bound (counting down)");
        }
        if (bound.type() != Type.INT && !(bound.type().isIntegral() && bound.type() != Type.LONG)) {
            return rejectStmt(s.getCondition(), "a @Parallel loop bound of type " + bound.type().name().toLowerCase(Locale.ROOT), "; the bound must be an int");
        }
        bound = coerce(bound, Type.INT);

        Expr step = null;
        boolean down = false;
        if (s.getUpdate().size() == 1) {
            TreePath up = sub(sub(p, s.getUpdate().getFirst()), s.getUpdate().getFirst().getExpression());
            ExpressionTree u = (ExpressionTree) up.getLeaf();
            switch (u.getKind()) {
                case POSTFIX_INCREMENT, PREFIX_INCREMENT, POSTFIX_DECREMENT, PREFIX_DECREMENT -> {
                    if (names(sub(up, ((UnaryTree) u).getExpression()), ve)) step = new Expr.IntLiteral(1);
                    down = u.getKind() == Tree.Kind.POSTFIX_DECREMENT || u.getKind() == Tree.Kind.PREFIX_DECREMENT;
                }
                case PLUS_ASSIGNMENT, MINUS_ASSIGNMENT -> {
                    var c = (CompoundAssignmentTree) u;
                    if (names(sub(up, c.getVariable()), ve)) step = expr(sub(up, c.getExpression()));
                    down = u.getKind() == Tree.Kind.MINUS_ASSIGNMENT;
                }
                case ASSIGNMENT -> {
                    var a = (AssignmentTree) u;
                    TreePath vp2 = sub(up, a.getExpression());
                    while (vp2.getLeaf() instanceof ParenthesizedTree pt) vp2 = sub(vp2, pt.getExpression());
                    if (names(sub(up, a.getVariable()), ve) && vp2.getLeaf() instanceof BinaryTree b && b.getKind() == Tree.Kind.PLUS) {
                        if (names(sub(vp2, b.getLeftOperand()), ve)) step = expr(sub(vp2, b.getRightOperand()));
                        else if (names(sub(vp2, b.getRightOperand()), ve)) step = expr(sub(vp2, b.getLeftOperand()));
                    } else if (names(sub(up, a.getVariable()), ve) && vp2.getLeaf() instanceof BinaryTree b && b.getKind() == Tree.Kind.MINUS
                            && names(sub(vp2, b.getLeftOperand()), ve)) {
                        step = expr(sub(vp2, b.getRightOperand()));
                        down = true;
                    }
                }
                default -> { }
            }
        }
        if (step == null || step.type() != Type.INT && !(step.type().isIntegral() && step.type() != Type.LONG)) {
            return rejectStmt(s.getUpdate().isEmpty() ? s : s.getUpdate().getFirst(), "this @Parallel loop update",
                    "; write " + v.getName() + "++, " + v.getName() + " += step or " + v.getName() + " = " + v.getName() + " + step (an int step > 0)");
        }
        if (down != descending) {
            return rejectStmt(s.getUpdate().getFirst(), "a @Parallel loop that counts " + (down ? "down" : "up") + " towards a bound it has passed",
                    "; count up to an upper bound (i < n, i++) or down to a lower one (i >= 0, i--)");
        }
        step = coerce(step, Type.INT);
        if (step instanceof Expr.IntLiteral l && l.value() <= 0) {
            return rejectStmt(s.getUpdate().getFirst(), "a @Parallel loop step of " + l.value(), "; the step must be positive");
        }

        var frame = new ParallelFrame();
        if (!parallel.isEmpty()) parallel.peek().nested = true;
        parallel.push(frame);
        loops.push(true);
        Stmt body;
        try {
            body = stmt(sub(p, s.getStatement()));
        } finally {
            parallel.pop();
            loops.pop();
        }
        if (frame.nested) betweenStores.addAll(frame.stores);
        List<Stmt.Reduction> reductions = List.of();
        if (dimension == 0 && !reduceArrays.isEmpty()) {
            var found = new LinkedHashMap<Expr.Variable, Stmt.ReduceOp>();
            findReductions(body, found);
            if (found.isEmpty()) {
                // a @Reduce array written in a form not recognised would be a race between work-items
                IrWalk.forEachStmt(body, st -> {
                    if (st instanceof Stmt.Assign a && a.target() instanceof Expr.Load l && reduceArrays.contains(l.array())) {
                        problem(stmtTrees.getOrDefault(st, s), PREFIX + "using the @Reduce array " + l.array().name() + " otherwise than "
                                + l.array().name() + ".set(0, " + l.array().name() + ".get(0) + x) (or *, Math.max, Math.min) inside its loop"
                                + " is not allowed in a kernel; the loop's iterations fold into private partial results");
                    }
                });
            } else {
                if (frame.nested) {
                    problem(s, PREFIX + "a @Reduce loop with nested @Parallel loops is not allowed in a kernel; reduce over one @Parallel loop");
                }
                var list = new ArrayList<Stmt.Reduction>();
                for (var e : found.entrySet()) {
                    Type element = e.getKey().type().elementType();
                    if (element != Type.FLOAT && element != Type.DOUBLE && element != Type.INT && element != Type.LONG) {
                        problem(s, PREFIX + "a @Reduce over " + element.name().toLowerCase(Locale.ROOT) + " is not allowed in a kernel; reduce float, double, int or long");
                    }
                    list.add(new Stmt.Reduction(cName(e.getKey().name() + "_partial"), e.getKey(), e.getValue()));
                }
                reductions = List.copyOf(list);
                body = rewriteReductions(body, reductions);
            }
        }
        Stmt.If exit = reductions.isEmpty() ? leadingExit(body, ve) : null;
        if (exit != null) {
            body = withoutLeadingExit(body);
            // an inner loop's exit goes before the loop around it too, or is reported there
            if (dimension == 0) IrWalk.forEachStmt(exit, st -> { if (st instanceof Stmt.Return r) parallelReturns.remove(r); });
        }
        IrWalk.forEachStmt(body, st -> {
            Tree r = st instanceof Stmt.Return ret ? parallelReturns.remove(ret) : null;
            if (r != null) problem(r, PREFIX + "return in a @Parallel loop is not allowed in a kernel; its iterations run in parallel"
                    + " (use continue to skip one; only a first statement if (c) return; with c the same for every iteration may leave the loop)");
        });
        var loop = new Stmt.ParallelFor(dimension, name, start, bound, inclusive, descending, step, body, reductions, line);
        if (dimension == 0) outermostLoops.put(loop, s);
        if (exit == null) return loop;
        // Java takes the return at the first iteration or never: so does every work-item, before the loop
        BinaryOp runs = descending ? (inclusive ? BinaryOp.GE : BinaryOp.GT) : (inclusive ? BinaryOp.LE : BinaryOp.LT);
        Expr guard = new Expr.Binary(BinaryOp.LOGICAL_AND, new Expr.Binary(runs, start, bound, Type.BOOLEAN), exit.condition(), Type.BOOLEAN);
        return new Stmt.Block(List.of(new Stmt.If(guard, exit.then(), null, exit.line()), loop), line);
    }

    /**
     * The kernel-wide rules of the loop-parallel model. Java runs a {@code @Parallel} loop nest to completion
     * before what follows. A kernel with stores to global arrays outside its nest or between nested loops, or
     * with several nests, runs in order on one work-group ({@link Stmt.ParallelFor#inOrder}), as a kernel with a
     * {@code @Reduce} loop does; one that also takes a {@code KernelContext} (whose ids would tell the work-items
     * apart) may not.
     */
    private void checkParallelStructure(Stmt.Block body, List<Function.Parameter> parameters) {
        if (outermostLoops.isEmpty()) return;
        var loops = new ArrayList<>(outermostLoops.entrySet());
        boolean reduces = loops.stream().anyMatch(l -> !l.getKey().reductions().isEmpty());
        boolean context = parameters.stream().anyMatch(p -> p.type() == Type.CONTEXT);
        if (!reduces && !context) {
            checkInOrderLocals(body);
            return;
        }
        for (Tree store : betweenStores) {
            problem(store, PREFIX + "a store to an array between nested @Parallel loops is not allowed in a kernel"
                    + (context ? " that takes a KernelContext" : " with a @Reduce loop") + "; every work-item of the inner loop would repeat it"
                    + " (move it into the innermost loop)");
        }
        if (!reduces) {
            for (int i = 1; i < loops.size(); i++) {
                problem(loops.get(i).getValue(), PREFIX + "a second @Parallel loop nest in a kernel that takes a KernelContext is not allowed;"
                        + " Java finishes the first before the second starts: make each loop nest a task");
            }
            for (Tree store : outerStores) {
                problem(store, PREFIX + "a store to an array outside the @Parallel loop is not allowed in a kernel that takes a KernelContext;"
                        + " Java makes it once, every work-item of a launch would repeat it (move it into the loop, or into a task of its own)");
            }
            return;
        }
        // A kernel with a @Reduce loop runs as one work-group: its loops run one after the other, a barrier between
        // them (so a map loop may feed the reduction), and work-item 0 makes the stores outside them.
        for (var loop : loops) {
            if (body.statements().stream().noneMatch(st -> st == loop.getKey())) {
                problem(loop.getValue(), PREFIX + "a @Parallel loop inside another statement of a kernel with a @Reduce loop is not allowed;"
                        + " write it at the top level of the kernel's body");
            } else if (loops.size() > 1 && containsParallelLoop(loop.getKey().body())) {
                problem(loop.getValue(), PREFIX + "nested @Parallel loops in a kernel with a @Reduce loop are not allowed; it runs as one"
                        + " work-group over one dimension");
            }
        }
    }

    /**
     * The first statement of a {@code @Parallel} loop's body when it is {@code if (c) return;} (or such a statement
     * moved before a first nested loop), with {@code c} the same in every iteration: it reads neither the loop's
     * index nor what the body declares or writes, and calls nothing. Null otherwise.
     */
    private Stmt.If leadingExit(Stmt body, Element index) {
        Stmt first = body instanceof Stmt.Block b && !b.statements().isEmpty() ? b.statements().getFirst() : body;
        if (first instanceof Stmt.Block inner && !inner.statements().isEmpty() && inner.statements().getLast() instanceof Stmt.ParallelFor) {
            first = inner.statements().getFirst();
        }
        if (!(first instanceof Stmt.If i) || i.otherwise() != null) return null;
        Stmt then = i.then() instanceof Stmt.Block b && b.statements().size() == 1 ? b.statements().getFirst() : i.then();
        if (!(then instanceof Stmt.Return r) || !parallelReturns.containsKey(r)) return null;
        var changing = new HashSet<String>();
        changing.add(((Expr.Variable) variables.get(index)).name());
        IrWalk.forEachStmt(body, st -> {
            switch (st) {
                case Stmt.Declare d -> changing.add(d.name());
                case Stmt.PrivateArray a -> changing.add(a.name());
                case Stmt.ParallelFor f -> changing.add(f.index());
                case Stmt.Assign a when a.target() instanceof Expr.Load l -> changing.add(l.array().name());
                case Stmt.Assign a when a.target() instanceof Expr.Variable v -> changing.add(v.name());
                case Stmt.AtomicAdd a -> changing.add(a.array().name());
                default -> { }
            }
        });
        boolean[] varies = {false};
        IrWalk.walk(i.condition(), new IrWalk.Visitor() {
            @Override public boolean enter(Expr e) {
                if (e instanceof Expr.Call || e instanceof Expr.AtomicFetchAdd || e instanceof Expr.Variable v && changing.contains(v.name())) varies[0] = true;
                return true;
            }
        });
        return varies[0] ? null : i;
    }

    /** {@code body} without the statement {@link #leadingExit} found. */
    private static Stmt withoutLeadingExit(Stmt body) {
        if (!(body instanceof Stmt.Block b)) return new Stmt.Block(List.of(), body.line());
        var rest = new ArrayList<>(b.statements());
        if (rest.getFirst() instanceof Stmt.Block inner && !inner.statements().isEmpty() && inner.statements().getLast() instanceof Stmt.ParallelFor
                && inner.statements().getFirst() instanceof Stmt.If) {
            rest.set(0, new Stmt.Block(List.copyOf(inner.statements().subList(1, inner.statements().size())), inner.line()));
        } else {
            rest.removeFirst();
        }
        return new Stmt.Block(List.copyOf(rest), b.line());
    }

    /**
     * In a kernel that runs in order, a scalar declared outside its {@code @Parallel} loops must not be written inside
     * one: Java's iterations share that one variable, the work-items would each write a copy of their own. (A private
     * array written so is shared: see {@link Stmt.ParallelFor#sharedArrays}.)
     */
    private void checkInOrderLocals(Stmt.Block body) {
        if (!Stmt.ParallelFor.inOrder(body)) return;
        // a private array the iterations share becomes one local-memory array (C): it cannot go to a helper's private
        // pointer parameter, nor be made another array
        var shared = Stmt.ParallelFor.sharedArrays(body);
        IrWalk.forEachStmt(body, st -> {
            if (st instanceof Stmt.PrivateArray a && shared.contains(a.name()) && a.reassigned()) {
                problem(stmtTrees.getOrDefault(st, outermostLoops.values().iterator().next()), PREFIX + "assigning another array to "
                        + a.name() + ", which the @Parallel loop's iterations share, is not allowed in a kernel");
            }
        });
        IrWalk.walk(body, new IrWalk.Visitor() {
            Stmt current = body;

            @Override public boolean enter(Stmt st) {
                current = st;
                return true;
            }

            @Override public boolean enter(Expr e) {
                if (e instanceof Expr.Call c && c.arguments().stream().anyMatch(x -> x instanceof Expr.Variable v && shared.contains(v.name()))) {
                    problem(stmtTrees.getOrDefault(current, outermostLoops.values().iterator().next()), PREFIX + "passing an array that the @Parallel loop's iterations share"
                            + " (declared before the loop, written in it) to a helper is not allowed in a kernel; it lives in local memory");
                }
                return true;
            }
        });
        for (var loop : outermostLoops.entrySet()) {
            var inside = new HashSet<String>();
            IrWalk.forEachStmt(loop.getKey(), st -> {
                switch (st) {
                    case Stmt.Declare d -> inside.add(d.name());
                    case Stmt.PrivateArray a -> inside.add(a.name());
                    case Stmt.ParallelFor f -> inside.add(f.index());
                    default -> { }
                }
            });
            IrWalk.forEachStmt(loop.getKey().body(), st -> {
                if (!(st instanceof Stmt.Assign a)) return;
                Expr.Variable local = a.target() instanceof Expr.Variable v ? v : null;
                if (local != null && !inside.contains(local.name())) {
                    problem(stmtTrees.getOrDefault(st, loop.getValue()), PREFIX + "writing " + local.name() + ", declared before the @Parallel loop,"
                            + " inside it is not allowed in a kernel that stores outside its loops; Java's iterations share one "
                            + local.name() + ", the work-items would each write their own (declare it inside the loop)");
                }
            });
        }
    }

    private boolean containsParallelLoop(Stmt s) {
        return IrWalk.anyStmt(s, st -> st instanceof Stmt.ParallelFor);
    }

    /** The reduce array an accumulation {@code a[0] = a[0] op x} updates, with its op; null if {@code s} is none. */
    private Map.Entry<Expr.Variable, Map.Entry<Stmt.ReduceOp, Expr>> accumulation(Stmt s) {
        if (!(s instanceof Stmt.Assign a) || !(a.target() instanceof Expr.Load target) || !reduceArrays.contains(target.array())
                || !(target.index() instanceof Expr.IntLiteral zero) || zero.value() != 0) return null;
        Expr.Variable array = target.array();
        Stmt.ReduceOp op = null;
        Expr x = null;
        if (a.op() == BinaryOp.ADD || a.op() == BinaryOp.MUL) {
            op = a.op() == BinaryOp.ADD ? Stmt.ReduceOp.SUM : Stmt.ReduceOp.PRODUCT;
            x = a.value();
        } else if (a.op() == null) {
            Expr left = null, right = null;
            Expr value = a.value() instanceof Expr.Call call ? inlineOperator(call) : a.value();
            if (value instanceof Expr.Binary b && (b.op() == BinaryOp.ADD || b.op() == BinaryOp.MUL)) {
                op = b.op() == BinaryOp.ADD ? Stmt.ReduceOp.SUM : Stmt.ReduceOp.PRODUCT;
                left = b.left();
                right = b.right();
            } else if (value instanceof Expr.Intrinsic in && (in.op() == IntrinsicOp.MAX || in.op() == IntrinsicOp.MIN)) {
                op = in.op() == IntrinsicOp.MAX ? Stmt.ReduceOp.MAX : Stmt.ReduceOp.MIN;
                left = in.arguments().get(0);
                right = in.arguments().get(1);
            }
            if (op != null) {
                if (isFirstElement(left, array)) x = right;
                else if (isFirstElement(right, array)) x = left;
                else if (value instanceof Expr.Binary b) x = withoutFirstElement(b, array); // (r + a) + b
            }
        }
        if (x == null || mentions(x, array)) return null;
        return Map.entry(array, Map.entry(op, x));
    }

    /**
     * A call of a helper whose body is {@code return a + b;} (or {@code *}, {@code Math.max}, {@code Math.min}) over its two
     * parameters, as that operation on the call's arguments ({@code r.set(0, add(r.get(0), x))} folds like
     * {@code r.get(0) + x}); null for any other call.
     */
    private Expr inlineOperator(Expr.Call call) {
        ExecutableElement helper = helperMethods.get(call.functionId());
        if (helper == null || helper.getParameters().size() != 2 || call.arguments().size() != 2) return null;
        if (!(trees.getTree(helper) instanceof MethodTree tree) || tree.getBody() == null || tree.getBody().getStatements().size() != 1
                || !(tree.getBody().getStatements().getFirst() instanceof ReturnTree ret) || ret.getExpression() == null) return null;
        ExpressionTree e = ret.getExpression();
        while (e instanceof ParenthesizedTree parens) e = parens.getExpression();
        List<? extends ExpressionTree> operands;
        BinaryOp op = null;
        IntrinsicOp intrinsic = null;
        if (e instanceof BinaryTree b && (b.getKind() == Tree.Kind.PLUS || b.getKind() == Tree.Kind.MULTIPLY)) {
            op = b.getKind() == Tree.Kind.PLUS ? BinaryOp.ADD : BinaryOp.MUL;
            operands = List.of(b.getLeftOperand(), b.getRightOperand());
        } else if (e instanceof MethodInvocationTree mi && mi.getArguments().size() == 2
                && mi.getMethodSelect() instanceof MemberSelectTree ms
                && (ms.getIdentifier().contentEquals("max") || ms.getIdentifier().contentEquals("min"))
                && trees.getElement(TreePath.getPath(trees.getPath(helper).getCompilationUnit(), mi)) instanceof ExecutableElement called
                && called.getEnclosingElement().toString().equals("java.lang.Math")) {
            intrinsic = ms.getIdentifier().contentEquals("max") ? IntrinsicOp.MAX : IntrinsicOp.MIN;
            operands = mi.getArguments();
        } else {
            return null;
        }
        // the operands must be the two parameters themselves, each once, of the call's result type
        var arguments = new ArrayList<Expr>();
        for (ExpressionTree operand : operands) {
            if (!(operand instanceof IdentifierTree id)) return null;
            int index = -1;
            for (int i = 0; i < 2; i++) if (helper.getParameters().get(i).getSimpleName().contentEquals(id.getName())) index = i;
            if (index < 0) return null;
            Expr argument = call.arguments().get(index);
            if (argument.type() != call.type() || scalar(helper.getParameters().get(index).asType()) != call.type()) return null;
            arguments.add(argument);
        }
        if (operands.get(0) instanceof IdentifierTree l && operands.get(1) instanceof IdentifierTree r && l.getName().contentEquals(r.getName())) return null;
        return op != null ? new Expr.Binary(op, arguments.get(0), arguments.get(1), call.type())
                : new Expr.Intrinsic(intrinsic, List.copyOf(arguments), call.type());
    }

    /**
     * {@code x} when {@code e} is a chain of one associative operator ({@code (r[0] + a) + b}) holding {@code r[0]} once:
     * the chain without it ({@code a + b}), as a reduction reassociates anyway; null otherwise.
     */
    private static Expr withoutFirstElement(Expr.Binary e, Expr.Variable array) {
        for (int side = 0; side < 2; side++) {
            Expr here = side == 0 ? e.left() : e.right(), other = side == 0 ? e.right() : e.left();
            if (isFirstElement(here, array)) return other;
            if (here instanceof Expr.Binary b && b.op() == e.op() && b.type() == e.type()) {
                Expr rest = withoutFirstElement(b, array);
                if (rest != null) return side == 0 ? new Expr.Binary(e.op(), rest, other, e.type()) : new Expr.Binary(e.op(), other, rest, e.type());
            }
        }
        return null;
    }

    private static boolean isFirstElement(Expr e, Expr.Variable array) {
        while (e instanceof Expr.Cast c && c.type() == c.operand().type()) e = c.operand();
        return e instanceof Expr.Load l && l.array().equals(array) && l.index() instanceof Expr.IntLiteral i && i.value() == 0;
    }

    /** Whether {@code e} reads the array (an element, or the array passed to a helper; its size is no read). */
    private static boolean mentions(Expr e, Expr.Variable array) {
        boolean[] found = {false};
        IrWalk.walk(e, new IrWalk.Visitor() {
            @Override public boolean enter(Expr x) {
                found[0] |= x.equals(array);
                return !(x instanceof Expr.ArrayLength);
            }
        });
        return found[0];
    }

    private void findReductions(Stmt s, Map<Expr.Variable, Stmt.ReduceOp> found) {
        IrWalk.forEachStmt(s, st -> {
            var acc = accumulation(st);
            if (acc == null) return;
            Stmt.ReduceOp before = found.putIfAbsent(acc.getKey(), acc.getValue().getKey());
            if (before != null && before != acc.getValue().getKey()) {
                problem(stmtTrees.getOrDefault(st, methodPath.getLeaf()), PREFIX + "folding " + acc.getKey().name() + " with both "
                        + before.name().toLowerCase(Locale.ROOT) + " and " + acc.getValue().getKey().name().toLowerCase(Locale.ROOT)
                        + " is not allowed in a kernel; a @Reduce array takes one operation");
            }
        });
    }

    /** The loop body with each accumulation into a reduce array turned into one into its private accumulator. */
    private Stmt rewriteReductions(Stmt s, List<Stmt.Reduction> reductions) {
        if (s == null) return null;
        Tree at = stmtTrees.getOrDefault(s, methodPath.getLeaf());
        var acc = accumulation(s);
        if (acc != null) {
            Stmt.Reduction r = reductions.stream().filter(x -> x.array().equals(acc.getKey())).findFirst().orElseThrow();
            Type type = r.type();
            var accumulator = new Expr.Variable(r.accumulator(), type);
            Expr x = coerce(acc.getValue().getValue(), type);
            Expr value = switch (r.op()) {
                case SUM -> new Expr.Binary(BinaryOp.ADD, accumulator, x, type);
                case PRODUCT -> new Expr.Binary(BinaryOp.MUL, accumulator, x, type);
                case MAX -> new Expr.Intrinsic(IntrinsicOp.MAX, List.of(accumulator, x), type);
                case MIN -> new Expr.Intrinsic(IntrinsicOp.MIN, List.of(accumulator, x), type);
            };
            return new Stmt.Assign(accumulator, null, value, s.line());
        }
        for (Stmt.Reduction r : reductions) {
            if (readsOutsideChildren(s, r.array())) {
                problem(at, PREFIX + "using the @Reduce array " + r.array().name() + " otherwise than " + r.array().name() + ".set(0, "
                        + r.array().name() + ".get(0) + x) (or *, Math.max, Math.min) inside its loop is not allowed in a kernel;"
                        + " the loop's iterations fold into private partial results");
            }
        }
        return switch (s) {
            case Stmt.Block b -> new Stmt.Block(b.statements().stream().map(x -> rewriteReductions(x, reductions)).toList(), b.line());
            case Stmt.If i -> new Stmt.If(i.condition(), rewriteReductions(i.then(), reductions), rewriteReductions(i.otherwise(), reductions), i.line());
            case Stmt.For f -> new Stmt.For(f.init(), f.condition(), f.update(), rewriteReductions(f.body(), reductions), f.line());
            case Stmt.While w -> new Stmt.While(w.condition(), rewriteReductions(w.body(), reductions), w.line());
            case Stmt.DoWhile d -> new Stmt.DoWhile(rewriteReductions(d.body(), reductions), d.condition(), d.line());
            default -> s;
        };
    }

    /** Whether the statement's own expressions (a for loop's init and update included, not nested statements) read the array. */
    private static boolean readsOutsideChildren(Stmt s, Expr.Variable array) {
        List<Stmt> own = s instanceof Stmt.For f ? java.util.stream.Stream.concat(f.init().stream(), f.update().stream()).toList() : List.of();
        boolean[] found = {false};
        IrWalk.walk(s, new IrWalk.Visitor() {
            @Override public boolean enter(Stmt st) { return st == s || own.stream().anyMatch(o -> o == st); }
            @Override public boolean enter(Expr e) { found[0] |= mentions(e, array); return false; }
        });
        return found[0];
    }

    // ------------------------------------------------------------------ TornadoVM's matrices, vectors, collections, math, atomics

    private static final String VECTORS = TORNADO_API + "types.vectors.";
    private static final String COLLECTIONS = TORNADO_API + "types.collections.";
    private static final String MATRICES = TORNADO_API + "types.matrix.";
    private static final String TORNADO_MATH = TORNADO_API + "math.TornadoMath";
    private static final String DEBUG = TORNADO_API + "exceptions.Debug";
    private static final Map<String, Type> ELEMENT_PREFIXES = Map.of("Float", Type.FLOAT, "Int", Type.INT, "Double", Type.DOUBLE,
            "Half", Type.HALF, "Byte", Type.BYTE, "Short", Type.SHORT);

    /** A vector collection class: its element type and lanes per element (1 for VectorFloat). */
    private record Collection(Type element, int lanes) {}

    /** {@code Float4} -> FLOAT4; null for other classes. */
    private static Type vectorType(String qualified) {
        if (!qualified.startsWith(VECTORS)) return null;
        String[] parts = splitElement(qualified.substring(VECTORS.length()));
        return parts == null || parts[1].isEmpty() ? null : Type.vectorOf(ELEMENT_PREFIXES.get(parts[0]), Integer.parseInt(parts[1]));
    }

    /** {@code VectorFloat4} -> (FLOAT, 4), {@code VectorInt} -> (INT, 1); null for other classes. */
    private static Collection collection(String qualified) {
        if (!qualified.startsWith(COLLECTIONS + "Vector")) return null;
        String[] parts = splitElement(qualified.substring(COLLECTIONS.length() + "Vector".length()));
        if (parts == null) return null;
        int lanes = parts[1].isEmpty() ? 1 : Integer.parseInt(parts[1]);
        return lanes == 1 || Type.vectorOf(ELEMENT_PREFIXES.get(parts[0]), lanes) != null ? new Collection(ELEMENT_PREFIXES.get(parts[0]), lanes) : null;
    }

    /** Lanes per element of a matrix class: 4 for Matrix2DFloat4 and Matrix3DFloat4, else 1. */
    private static int matrixLanes(String qualified) {
        return qualified.endsWith("Float4") ? 4 : 1;
    }

    /** {@code Matrix2DFloat} -> FLOAT_MATRIX2D, {@code Matrix2DFloat4} -> FLOAT_MATRIX2D (see matrixLanes); null for other classes. */
    private static Type matrixType(String qualified) {
        return switch (qualified.startsWith(MATRICES) ? qualified.substring(MATRICES.length()) : "") {
            case "Matrix2DFloat", "Matrix2DFloat4", "Matrix4x4Float" -> Type.FLOAT_MATRIX2D;
            case "Matrix3DFloat4" -> Type.FLOAT_MATRIX3D;
            case "Matrix3DLong" -> Type.LONG_MATRIX3D;
            case "Matrix3DShort" -> Type.SHORT_MATRIX3D;
            case "Matrix2DInt" -> Type.INT_MATRIX2D;
            case "Matrix2DDouble" -> Type.DOUBLE_MATRIX2D;
            case "Matrix3DFloat" -> Type.FLOAT_MATRIX3D;
            case "Matrix3DInt" -> Type.INT_MATRIX3D;
            case "Matrix3DDouble" -> Type.DOUBLE_MATRIX3D;
            default -> null;
        };
    }

    /** "Float16" -> ["Float", "16"], "Int" -> ["Int", ""]; null if the name has no known element prefix. */
    private static String[] splitElement(String simple) {
        for (String prefix : ELEMENT_PREFIXES.keySet()) {
            if (simple.startsWith(prefix) && simple.substring(prefix.length()).chars().allMatch(Character::isDigit)) {
                return new String[] {prefix, simple.substring(prefix.length())};
            }
        }
        return null;
    }

    /** A kernel or helper parameter of one of these classes: a vector value, or a global array (matrix: with extents). */
    private Type tornadoParameterType(String qualified) {
        Type vector = vectorType(qualified);
        if (vector != null) return vector;
        Collection collection = collection(qualified);
        if (collection != null) return Type.arrayOf(collection.element(), Type.Space.GLOBAL);
        Image image = image(qualified);
        if (image != null) return image.matrix();
        if (qualified.equals(VOLUME_SHORT2)) return Type.SHORT_MATRIX3D;
        return matrixType(qualified);
    }

    /** A vector of the given type with every lane zero. */
    private Expr zeroVector(Type vector) {
        // a half lane is a float holding a binary16 value: +0
        Expr zero = vector.elementType() == Type.HALF ? new Expr.FloatLiteral(0) : coerce(new Expr.IntLiteral(0), vector.elementType());
        var lanes = new ArrayList<Expr>();
        for (int l = 0; l < vector.lanes(); l++) lanes.add(zero);
        return new Expr.VectorOf(lanes, vector);
    }

    /** {@code new Float4(x, y, z, w)} or {@code new Float4()} (all lanes zero). */
    private Expr newVector(TreePath p, NewClassTree t, Type vector) {
        var lanes = new ArrayList<Expr>();
        if (t.getArguments().isEmpty()) {
            return zeroVector(vector);
        } else if (t.getArguments().size() == vector.lanes()) {
            for (ExpressionTree a : t.getArguments()) lanes.add(coerce(expr(sub(p, a)), vector.elementType()));
        } else {
            return reject(t, "this " + simpleName(trees.getTypeMirror(p)) + " constructor", "; give every lane or none");
        }
        return new Expr.VectorOf(lanes, vector);
    }

    /** The receiver of an instance call, or null for a static call. */
    private TreePath receiver(TreePath p, MethodInvocationTree t) {
        return t.getMethodSelect() instanceof MemberSelectTree ms ? sub(sub(p, ms), ms.getExpression()) : null;
    }

    /** A constant lane index (getX, getS3, get(2)) for a vector of {@code lanes}; -1 if {@code name} is no lane accessor. */
    private static int laneOfAccessor(String name, int lanes) {
        String lane = name.substring(3);
        int index = switch (lane) {
            case "X" -> 0;
            case "Y" -> 1;
            case "Z" -> 2;
            case "W" -> 3;
            default -> lane.startsWith("S") && lane.length() > 1 && lane.substring(1).chars().allMatch(Character::isDigit)
                    ? Integer.parseInt(lane.substring(1)) : -1;
        };
        return index < lanes ? index : -1;
    }

    /** A constant lane index argument. */
    private int laneIndex(TreePath p, ExpressionTree index, Type vector) {
        Expr e = expr(sub(p, index));
        if (e instanceof Expr.IntLiteral l && l.value() >= 0 && l.value() < vector.lanes()) return l.value();
        problem(index, PREFIX + "a lane index that is not a constant from 0 to " + (vector.lanes() - 1) + " (" + index
                + ") is not allowed in a kernel; C selects lanes by name (v.s0 .. v.s" + Integer.toHexString(vector.lanes() - 1) + ")");
        return 0;
    }

    /** Calls of these classes that are statements: setters, collection and matrix stores, in-place vector ops, atomics. */
    /** {@code Debug.printf("format", x, ...)}: the format must be a string literal; the values numbers. */
    private Stmt printf(TreePath p, MethodInvocationTree t, int line) {
        List<? extends ExpressionTree> args = t.getArguments();
        if (args.isEmpty() || !(args.get(0) instanceof LiteralTree format) || !(format.getValue() instanceof String text)) {
            return rejectStmt(t, "Debug.printf without a string literal as its format", "");
        }
        var values = new ArrayList<Expr>();
        for (ExpressionTree a : args.subList(1, args.size())) {
            Expr e = expr(sub(p, a));
            if (e.type() == null || !e.type().isNumeric()) return rejectStmt(a, "the Debug.printf argument " + a + " (not a number)", "");
            values.add(e);
        }
        return new Stmt.Print(text, values, line);
    }

    /**
     * {@code v.set(value)} and the in-place statics ({@code Float4.add(a, b, v)}): Java changes the lanes of the object
     * {@code v} names, so the IR assigns each lane ({@code value} computed once), never the variable. An assignment to the
     * variable itself ({@code v = value}) makes it name another object, which the caller of a method does not see: a
     * vector parameter is written (by reference, see {@code VectorReferences}) only through its lanes.
     */
    private Stmt setLanes(Expr.Variable target, Expr value, int line) {
        var out = new ArrayList<Stmt>();
        Expr source = value;
        if (!(value instanceof Expr.Variable)) {
            source = new Expr.Variable(temporary("set_" + target.name()), target.type());
            out.add(new Stmt.Declare(((Expr.Variable) source).name(), target.type(), value, line));
        }
        for (int l = 0; l < target.type().lanes(); l++) {
            out.add(new Stmt.Assign(new Expr.Lane(target, l, target.type().elementType()), null,
                    new Expr.Lane(source, l, target.type().elementType()), line));
        }
        return new Stmt.Block(out, line);
    }

    private Stmt tornadoStatement(TreePath p, MethodInvocationTree t, int line) {
        if (!(trees.getElement(p) instanceof ExecutableElement m)) return null;
        String name = m.getSimpleName().toString();
        List<? extends ExpressionTree> args = t.getArguments();
        if (ownerName(m).equals("java.util.Arrays") && name.equals("fill") && args.size() == 2) return arraysFill(p, t, line);
        TreePath receiver = receiver(p, t);
        if (m.getModifiers().contains(Modifier.STATIC)) {
            Type vector = vectorType(ownerName(m));
            if (vector == null || m.getReturnType().getKind() != TypeKind.VOID) return null;
            // TornadoVM's in-place forms: clamp(x, lo, hi) and normalise(x) on 2-lane values, op(a, b, c) writing c.
            int target = args.size() == 3 && !name.equals("clamp") ? 2 : 0;
            Expr out = expr(sub(p, args.get(target)));
            if (!(out instanceof Expr.Variable v && v.type().isVector())) {
                return rejectStmt(args.get(target), "writing the result of " + simpleOwner(m) + "." + name + " into " + args.get(target), "; it must be a local variable");
            }
            var operands = new ArrayList<ExpressionTree>(args);
            if (target == 2) operands.remove(2);
            return setLanes((Expr.Variable) out, vectorStatic(p, t, m, name, operands, vector), line);
        }
        if (receiver == null) return null;
        TypeMirror receiverType = typeOf(receiver);
        String receiverName = receiverType == null ? "" : qualifiedName(receiverType);
        if (receiverName.equals(HALF_FLOAT_ARRAY) && name.equals("setHalf2")) return half2Store(p, t, line);
        Type vector = vectorType(receiverName);
        if (vector != null && name.startsWith("set")) {
            Expr target = expr(receiver);
            if (!(target instanceof Expr.Variable)) return rejectStmt(t, "setting a lane of " + receiver.getLeaf(), "; set lanes of a local vector variable");
            if (name.equals("set") && args.size() == 1) return setLanes((Expr.Variable) target, expr(sub(p, args.get(0))), line);
            int lane = name.equals("set") ? laneIndex(p, args.get(0), vector) : laneOfAccessor(name, vector.lanes());
            if (lane < 0) return null;
            Expr value = coerce(expr(sub(p, args.get(args.size() - 1))), vector.elementType());
            return new Stmt.Assign(new Expr.Lane(target, lane, vector.elementType()), null, value, line);
        }
        Collection collection = collection(receiverName);
        if (collection != null && name.equals("set") && args.size() == 2) {
            Expr.Variable array = receiverVariable(p, t);
            globalStore(array, t);
            Expr index = coerce(expr(sub(p, args.get(0))), Type.INT);
            if (collection.lanes() == 1) {
                return new Stmt.Assign(new Expr.Load(array, index, collection.element()), null, coerce(expr(sub(p, args.get(1))), collection.element()), line);
            }
            Expr value = expr(sub(p, args.get(1)));
            if (array.type().space() == Type.Space.PRIVATE) return laneStores(array, index, collection.lanes(), value, t, line);
            return new Stmt.Evaluate(new Expr.LaneCall(LaneOp.STORE, List.of(array, index, value), Type.VOID), line);
        }
        Image image = image(receiverName);
        if (image != null) return imageStore(p, t, image, line);
        if (receiverName.equals(VOLUME_SHORT2) && name.equals("set") && args.size() == 4) {
            Expr.Variable array = receiverVariable(p, t);
            globalStore(array, t);
            Expr value = expr(sub(p, args.get(3)));
            return new Stmt.Evaluate(new Expr.LaneCall(LaneOp.STORE, List.of(array, voxelIndex(p, array, args), value), Type.VOID), line);
        }
        if (receiverName.equals(MATRICES + "Matrix4x4Float") && name.equals("set") && args.size() == 2) {
            // set(index, value): element index of the 16, row-major
            Expr.Variable array = receiverVariable(p, t);
            globalStore(array, t);
            return new Stmt.Assign(new Expr.Load(array, coerce(expr(sub(p, args.get(0))), Type.INT), Type.FLOAT), null, coerce(expr(sub(p, args.get(1))), Type.FLOAT), line);
        }
        Type matrix = matrixType(receiverName);
        if (matrix != null && name.equals("fill") && args.size() == 1) {
            // every number of the backing array (each lane of a Float4 matrix too, as its fill(float) does)
            Expr.Variable array = receiverVariable(p, t);
            globalStore(array, t);
            return fillLoop(array, new Expr.IntLiteral(0), new Expr.ArrayLength(array), expr(sub(p, args.get(0))), line);
        }
        if (matrix != null && name.equals("set") && args.size() == matrix.extents() + 2) {
            Expr.Variable array = receiverVariable(p, t);
            globalStore(array, t);
            if (matrixLanes(receiverName) > 1) {
                Expr value = expr(sub(p, args.get(args.size() - 1)));
                return new Stmt.Evaluate(new Expr.LaneCall(LaneOp.STORE, List.of(array, matrixIndex(p, array, args), value), Type.VOID), line);
            }
            Expr value = coerce(expr(sub(p, args.get(args.size() - 1))), matrix.elementType());
            return new Stmt.Assign(new Expr.Load(array, matrixIndex(p, array, args), matrix.elementType()), null, value, line);
        }
        if (ownerName(m).equals(CONTEXT) && name.equals("atomicAdd")) {
            receiverVariable(p, t); // the receiver is the context parameter
            Expr a = expr(sub(p, args.get(0)));
            boolean shared = a instanceof Expr.Variable v && v.type().isArray() && !v.type().isMatrix();
            if (!shared) return rejectStmt(args.get(0), "atomicAdd on " + args.get(0), "; name an IntArray, LongArray, FloatArray or DoubleArray parameter or an int[] array variable");
            Expr.Variable array = (Expr.Variable) a;
            globalStore(array, t);
            Type element = array.type().elementType();
            Expr index = coerce(expr(sub(p, args.get(1))), Type.INT);
            Expr value = coerce(expr(sub(p, args.get(2))), element);
            return new Stmt.AtomicAdd(array, index, value, line);
        }
        return null;
    }

    /**
     * Matrix4x4Float's calls beyond a 2D matrix's: {@code get(index)} (element index of the 16, row-major), {@code row(i)}
     * (one 4-float load), {@code column(j)} and {@code diag()}; null for the calls every matrix has.
     */
    private Expr matrix4x4Call(TreePath p, MethodInvocationTree t, String name) {
        List<? extends ExpressionTree> args = t.getArguments();
        if (!(name.equals("get") && args.size() == 1) && !List.of("row", "column", "diag").contains(name)) return null;
        Expr.Variable array = receiverVariable(p, t);
        Expr index = args.isEmpty() ? null : coerce(expr(sub(p, args.get(0))), Type.INT);
        if (index != null && callsHelper(index)) return reject(t, "Matrix4x4Float." + name + " at an index a helper computes", "; assign it to a local first");
        return switch (name) {
            case "get" -> new Expr.Load(array, index, Type.FLOAT);
            case "row" -> new Expr.LaneCall(LaneOp.LOAD, List.of(array, index), Type.FLOAT4);
            default -> {
                // column j: elements j, j + 4, j + 8, j + 12; the diagonal: 0, 5, 10, 15
                var lanes = new ArrayList<Expr>();
                for (int l = 0; l < 4; l++) {
                    Expr at = name.equals("diag") ? new Expr.IntLiteral(5 * l)
                            : new Expr.Binary(BinaryOp.ADD, index, new Expr.IntLiteral(4 * l), Type.INT);
                    lanes.add(new Expr.Load(array, at, Type.FLOAT));
                }
                yield new Expr.VectorOf(List.copyOf(lanes), Type.FLOAT4);
            }
        };
    }

    /** Row-major index of matrix element (i, j) or (i, j, k): {@code i * columns + j}, {@code (i * columns + j) * depth + k}. */
    private Expr matrixIndex(TreePath p, Expr.Variable matrix, List<? extends ExpressionTree> args) {
        Expr columns = new Expr.Variable(drcn.compiler.emit.CEmitter.extentName(matrix.name(), 0), Type.INT);
        Expr i = coerce(expr(sub(p, args.get(0))), Type.INT), j = coerce(expr(sub(p, args.get(1))), Type.INT);
        Expr index = new Expr.Binary(BinaryOp.ADD, new Expr.Binary(BinaryOp.MUL, i, columns, Type.INT), j, Type.INT);
        if (matrix.type().extents() == 2) {
            Expr depth = new Expr.Variable(drcn.compiler.emit.CEmitter.extentName(matrix.name(), 1), Type.INT);
            Expr k = coerce(expr(sub(p, args.get(2))), Type.INT);
            index = new Expr.Binary(BinaryOp.ADD, new Expr.Binary(BinaryOp.MUL, index, depth, Type.INT), k, Type.INT);
        }
        return index;
    }

    // ------------------------------------------------------------------ TornadoVM's images

    private static final String IMAGES = TORNADO_API + "types.images.";

    /**
     * An image class as a kernel sees it: a 2D matrix of Y rows and X columns ({@code matrix}, whose one extent is X),
     * each element {@code lanes} numbers (a vector value when more than one). TornadoVM's pixel (x, y) is the matrix's
     * (row y, column x), so the element index is {@code y * X + x} and the numbers start at {@code lanes} times it.
     */
    private record Image(Type matrix, int lanes) {}

    /** {@code ImageFloat} -> (FLOAT_MATRIX2D, 1), {@code ImageByte4} -> (BYTE_MATRIX2D, 4); null for other classes. */
    private static Image image(String qualified) {
        if (!qualified.startsWith(IMAGES + "Image")) return null;
        String[] parts = splitElement(qualified.substring(IMAGES.length() + "Image".length()));
        if (parts == null) return null;
        int lanes = parts[1].isEmpty() ? 1 : Integer.parseInt(parts[1]);
        Type matrix = switch (ELEMENT_PREFIXES.get(parts[0])) {
            case FLOAT -> Type.FLOAT_MATRIX2D;
            case BYTE -> Type.BYTE_MATRIX2D;
            default -> null;
        };
        return matrix == null || lanes > 1 && Type.vectorOf(matrix.elementType(), lanes) == null ? null : new Image(matrix, lanes);
    }

    /** The element index of pixel {@code (x, y)} ({@code y * X + x}), or of {@code x} alone ({@code get(i)}, {@code get(x)}: row 0). */
    private Expr pixelIndex(TreePath p, Expr.Variable image, List<? extends ExpressionTree> coordinates) {
        Expr x = coerce(expr(sub(p, coordinates.get(0))), Type.INT);
        if (coordinates.size() == 1) return x;
        Expr columns = new Expr.Variable(drcn.compiler.emit.CEmitter.extentName(image.name(), 0), Type.INT);
        Expr y = coerce(expr(sub(p, coordinates.get(1))), Type.INT);
        return new Expr.Binary(BinaryOp.ADD, new Expr.Binary(BinaryOp.MUL, y, columns, Type.INT), x, Type.INT);
    }

    /** {@code image.set(x, y, v)} and {@code image.set(i, v)}; null for other calls (then rejected as values). */
    private Stmt imageStore(TreePath p, MethodInvocationTree t, Image image, int line) {
        List<? extends ExpressionTree> args = t.getArguments();
        if (!(trees.getElement(p) instanceof ExecutableElement m) || !m.getSimpleName().contentEquals("set") || args.size() < 2 || args.size() > 3
                || m.getParameters().getFirst().asType().getKind() != TypeKind.INT) return null;
        Expr.Variable array = receiverVariable(p, t);
        globalStore(array, t);
        Expr index = pixelIndex(p, array, args.subList(0, args.size() - 1));
        if (image.lanes() > 1) {
            Expr value = expr(sub(p, args.getLast()));
            return new Stmt.Evaluate(new Expr.LaneCall(LaneOp.STORE, List.of(array, index, value), Type.VOID), line);
        }
        Type element = image.matrix().elementType();
        return new Stmt.Assign(new Expr.Load(array, index, element), null, coerce(expr(sub(p, args.getLast())), element), line);
    }

    /** {@code image.get(x, y)}, {@code get(i)}, {@code X()}, {@code Y()}, {@code size()}. */
    private Expr imageCall(TreePath p, MethodInvocationTree t, Image image, TypeMirror receiverType, String name) {
        List<? extends ExpressionTree> args = t.getArguments();
        Expr.Variable array = receiverVariable(p, t);
        Expr width = new Expr.Variable(drcn.compiler.emit.CEmitter.extentName(array.name(), 0), Type.INT);
        Type element = image.matrix().elementType();
        switch (name) {
            case "get":
                if (args.size() != 1 && args.size() != 2) break;
                Expr index = pixelIndex(p, array, args);
                return image.lanes() > 1 ? new Expr.LaneCall(LaneOp.LOAD, List.of(array, index), Type.vectorOf(element, image.lanes()))
                        : new Expr.Load(array, index, element);
            case "X":
                return width;
            case "Y": {
                // numbers / (X * lanes): the backing array holds exactly the image (Wrappers rebuilds it so on the JVM)
                Expr row = image.lanes() == 1 ? width : new Expr.Binary(BinaryOp.MUL, width, new Expr.IntLiteral(image.lanes()), Type.INT);
                return new Expr.Binary(BinaryOp.DIV, new Expr.ArrayLength(array), row, Type.INT);
            }
            case "size":
                return new Expr.ArrayLength(array);
            default:
                break;
        }
        return reject(t, "the call " + simpleName(receiverType) + "." + name + "()", "; in a kernel an image offers get, set, X, Y and size");
    }

    // ------------------------------------------------------------------ TornadoVM's volumes

    private static final String VOLUME_SHORT2 = TORNADO_API + "types.volumes.VolumeShort2";

    /**
     * A VolumeShort2 as a kernel sees it: a 3D matrix of shorts of Z rows, Y columns and depth X (extents 0 and 1 are Y
     * and X), two shorts per element: voxel (x, y, z) is element {@code (z * Y + y) * X + x}, a Short2 value.
     */
    private Expr voxelIndex(TreePath p, Expr.Variable volume, List<? extends ExpressionTree> coordinates) {
        Expr x = coerce(expr(sub(p, coordinates.get(0))), Type.INT);
        Expr y = coerce(expr(sub(p, coordinates.get(1))), Type.INT);
        Expr z = coerce(expr(sub(p, coordinates.get(2))), Type.INT);
        Expr height = new Expr.Variable(drcn.compiler.emit.CEmitter.extentName(volume.name(), 0), Type.INT);
        Expr width = new Expr.Variable(drcn.compiler.emit.CEmitter.extentName(volume.name(), 1), Type.INT);
        Expr row = new Expr.Binary(BinaryOp.ADD, new Expr.Binary(BinaryOp.MUL, z, height, Type.INT), y, Type.INT);
        return new Expr.Binary(BinaryOp.ADD, new Expr.Binary(BinaryOp.MUL, row, width, Type.INT), x, Type.INT);
    }

    /** {@code volume.get(x, y, z)}, {@code X()}, {@code Y()}, {@code Z()}, {@code size()} (shorts: two per voxel). */
    private Expr volumeCall(TreePath p, MethodInvocationTree t, String name) {
        List<? extends ExpressionTree> args = t.getArguments();
        Expr.Variable array = receiverVariable(p, t);
        Expr height = new Expr.Variable(drcn.compiler.emit.CEmitter.extentName(array.name(), 0), Type.INT);
        Expr width = new Expr.Variable(drcn.compiler.emit.CEmitter.extentName(array.name(), 1), Type.INT);
        switch (name) {
            case "get":
                if (args.size() == 3) return new Expr.LaneCall(LaneOp.LOAD, List.of(array, voxelIndex(p, array, args)), Type.SHORT2);
                break;
            case "X":
                return width;
            case "Y":
                return height;
            case "Z": {
                // shorts / (X * Y * 2): the backing array holds exactly the volume (Wrappers rebuilds it so on the JVM)
                Expr plane = new Expr.Binary(BinaryOp.MUL, new Expr.Binary(BinaryOp.MUL, width, height, Type.INT), new Expr.IntLiteral(2), Type.INT);
                return new Expr.Binary(BinaryOp.DIV, new Expr.ArrayLength(array), plane, Type.INT);
            }
            case "size":
                return new Expr.ArrayLength(array);
            default:
                break;
        }
        return reject(t, "the call VolumeShort2." + name + "()", "; in a kernel a volume offers get, set, X, Y, Z and size");
    }

    // ------------------------------------------------------------------ TornadoVM's QuantizationUtils

    private static final String QUANTIZATION_UTILS = TORNADO_API + "utils.QuantizationUtils";

    /**
     * QuantizationUtils' int8 operators, expanded in place as its Java methods compute them (TornadoVM emits PTX's dp4a
     * on NVIDIA; the sums are exact in int either way): {@code dp4a(a, i, b, j, c) = c + sum_k a[i + k] * b[j + k]}
     * (k = 0..3; b a global Int8Array or a local or private byte[]), {@code dp4a_packed(a, b, c) = c + sum_k
     * byte_k(a) * byte_k(b)} (byte_k: the signed byte in bits 8k..8k+7), {@code dequantizeFusedResult(d, w, x) =
     * (float) d * w * x}. The bounds check of dp4a runs on the JVM backend only.
     */
    private Expr quantization(TreePath p, MethodInvocationTree t, String name) {
        var args = new ArrayList<Expr>();
        for (ExpressionTree a : t.getArguments()) args.add(expr(sub(p, a)));
        switch (name) {
            case "dp4a" -> {
                if (args.size() != 5 || !(args.get(0) instanceof Expr.Variable a && a.type().isArray())
                        || !(args.get(2) instanceof Expr.Variable b && b.type().isArray())) break;
                Expr offsetA = narrowToInt(args.get(1)), offsetB = narrowToInt(args.get(3));
                if (!repeatable(t.getArguments().get(1), offsetA) || !repeatable(t.getArguments().get(3), offsetB)) return new Expr.IntLiteral(0);
                Expr dot = null;
                for (int k = 0; k < 4; k++) {
                    Expr x = coerce(new Expr.Load(a, plus(offsetA, k), a.type().elementType()), Type.INT);
                    Expr y = coerce(new Expr.Load(b, plus(offsetB, k), b.type().elementType()), Type.INT);
                    Expr product = new Expr.Binary(BinaryOp.MUL, x, y, Type.INT);
                    dot = dot == null ? product : new Expr.Binary(BinaryOp.ADD, dot, product, Type.INT);
                }
                return new Expr.Binary(BinaryOp.ADD, coerce(args.get(4), Type.INT), dot, Type.INT);
            }
            case "dp4a_packed" -> {
                if (args.size() != 3) break;
                Expr a = coerce(args.get(0), Type.INT), b = coerce(args.get(1), Type.INT);
                if (!repeatable(t.getArguments().get(0), a) || !repeatable(t.getArguments().get(1), b)) return new Expr.IntLiteral(0);
                Expr sum = coerce(args.get(2), Type.INT);
                for (int k = 0; k < 4; k++) {
                    Expr product = new Expr.Binary(BinaryOp.MUL, packedByte(a, k), packedByte(b, k), Type.INT);
                    sum = new Expr.Binary(BinaryOp.ADD, sum, product, Type.INT);
                }
                return sum;
            }
            case "dequantizeFusedResult" -> {
                if (args.size() != 3) break;
                Expr d = new Expr.Cast(Type.FLOAT, coerce(args.get(0), Type.INT));
                Expr scaled = new Expr.Binary(BinaryOp.MUL, d, coerce(args.get(1), Type.FLOAT), Type.FLOAT);
                return new Expr.Binary(BinaryOp.MUL, scaled, coerce(args.get(2), Type.FLOAT), Type.FLOAT);
            }
            default -> { }
        }
        return reject(t, "the call QuantizationUtils." + name + "()", "; a kernel may call dp4a(array, offset, array, offset, c), dp4a_packed and dequantizeFusedResult");
    }

    /** A long offset as Java's {@code (int) offset} takes it. */
    private static Expr narrowToInt(Expr e) {
        return e.type() == Type.INT ? e : new Expr.Cast(Type.INT, e);
    }

    private static Expr plus(Expr e, int k) {
        return k == 0 ? e : new Expr.Binary(BinaryOp.ADD, e, new Expr.IntLiteral(k), Type.INT);
    }

    /** {@code (int) (byte) ((x >> 8k) & 0xFF)}: the signed byte k of a packed int. */
    private Expr packedByte(Expr x, int k) {
        Expr shifted = k == 0 ? x : new Expr.Binary(BinaryOp.SHR, x, new Expr.IntLiteral(8 * k), Type.INT);
        return coerce(new Expr.Cast(Type.BYTE, new Expr.Binary(BinaryOp.AND, shifted, new Expr.IntLiteral(0xFF), Type.INT)), Type.INT);
    }

    /** Whether an argument that the expansion reads several times has no side effects (no calls, no atomics); else an error. */
    private boolean repeatable(Tree tree, Expr e) {
        boolean[] effects = {false};
        IrWalk.forEachExpr(e, x -> effects[0] |= x instanceof Expr.Call || x instanceof Expr.AtomicFetchAdd);
        if (effects[0]) problem(tree, PREFIX + "the argument " + tree + " of a QuantizationUtils call is read once per byte; compute it into a local variable first");
        return !effects[0];
    }

    /**
     * {@code new HalfFloat(x)}: x (a float, or an int or long javac widened to float) rounded to the nearest binary16
     * value. {@code new HalfFloat(short bits)} is not translated: C would need the bits reinterpreted.
     */
    private Expr newHalf(TreePath p, NewClassTree t) {
        if (!(trees.getElement(p) instanceof ExecutableElement constructor) || constructor.getParameters().size() != 1
                || constructor.getParameters().get(0).asType().getKind() != TypeKind.FLOAT) {
            return reject(t, "this HalfFloat constructor (" + t + ")", "; in a kernel write new HalfFloat(floatValue)");
        }
        return new Expr.Cast(Type.HALF, coerce(expr(sub(p, t.getArguments().get(0))), Type.FLOAT));
    }

    /**
     * HalfFloat's operations as TornadoVM's class defines them: {@code add/sub/mult/div} compute in float and round the
     * result to binary16; {@code getFloat32} is the value as a float. {@code getHalfFloatValue} is, on TornadoVM's
     * devices, the half value itself (its OpenCL and PTX code generation keeps it a half and converts it where a float
     * is needed), not the 16 bits the Java method returns: TornadoVM programs rely on that (they accumulate it into
     * float arrays), so a kernel gets the value here too; the JVM backend runs the Java method and gets the bits.
     */
    private Expr halfCall(TreePath p, MethodInvocationTree t, ExecutableElement m, String name) {
        List<? extends ExpressionTree> args = t.getArguments();
        if (m.getModifiers().contains(Modifier.STATIC)) {
            BinaryOp op = switch (name) {
                case "add" -> BinaryOp.ADD;
                case "sub" -> BinaryOp.SUB;
                case "mult" -> BinaryOp.MUL;
                case "div" -> BinaryOp.DIV;
                default -> null;
            };
            if (op == null || args.size() != 2) return reject(t, "HalfFloat." + name, "; a kernel may call HalfFloat.add, sub, mult and div");
            Expr a = new Expr.Cast(Type.FLOAT, expr(sub(p, args.get(0))));
            Expr b = new Expr.Cast(Type.FLOAT, expr(sub(p, args.get(1))));
            return new Expr.Cast(Type.HALF, new Expr.Binary(op, a, b, Type.FLOAT));
        }
        TreePath receiver = receiver(p, t);
        if (receiver != null && name.equals("getHalfFloatValue") && underBitwiseOperator(p)) {
            return new Expr.Intrinsic(IntrinsicOp.HALF_BITS, List.of(expr(receiver)), Type.SHORT);
        }
        if (receiver != null && (name.equals("getFloat32") || name.equals("getHalfFloatValue"))) return new Expr.Cast(Type.FLOAT, expr(receiver));
        return reject(t, "the call HalfFloat." + name + "()", "; a kernel may call getFloat32() and getHalfFloatValue() on a HalfFloat");
    }

    /** Whether the value at {@code p} is an operand of {@code & | ^ << >> >>>}: bits, not a number, are meant. */
    private static boolean underBitwiseOperator(TreePath p) {
        TreePath parent = p.getParentPath();
        while (parent != null && parent.getLeaf().getKind() == Tree.Kind.PARENTHESIZED) parent = parent.getParentPath();
        if (parent == null) return false;
        return switch (parent.getLeaf().getKind()) {
            case AND, OR, XOR, LEFT_SHIFT, RIGHT_SHIFT, UNSIGNED_RIGHT_SHIFT -> true;
            default -> false;
        };
    }

    /** {@code FP8.e4m3ToFloat(byte)} and its three siblings: the codec's C functions (see {@link IntrinsicOp#isFp8}). */
    private Expr fp8Call(TreePath p, MethodInvocationTree t, String name) {
        IntrinsicOp op = switch (name) {
            case "e4m3ToFloat" -> IntrinsicOp.FP8_E4M3_TO_FLOAT;
            case "e4m3FromFloat" -> IntrinsicOp.FP8_E4M3_FROM_FLOAT;
            case "e5m2ToFloat" -> IntrinsicOp.FP8_E5M2_TO_FLOAT;
            case "e5m2FromFloat" -> IntrinsicOp.FP8_E5M2_FROM_FLOAT;
            default -> null;
        };
        if (op == null) return reject(t, "the call FP8." + name + "()", "; a kernel may call e4m3ToFloat, e4m3FromFloat, e5m2ToFloat and e5m2FromFloat");
        boolean decode = name.endsWith("ToFloat");
        Expr x = coerce(expr(sub(p, t.getArguments().get(0))), decode ? Type.BYTE : Type.FLOAT);
        return new Expr.Intrinsic(op, List.of(x), decode ? Type.FLOAT : Type.BYTE);
    }

    /** Calls of these classes that are values; null for calls of other classes. */
    private Expr tornadoCall(TreePath p, MethodInvocationTree t, ExecutableElement m, String owner, String name) {
        List<? extends ExpressionTree> args = t.getArguments();
        if (owner.equals(HALF_FLOAT)) return halfCall(p, t, m, name);
        if (owner.equals(BFLOAT16) && args.size() == 1 && (name.equals("bf16ToFloat") || name.equals("bf16FromFloat"))) {
            boolean decode = name.equals("bf16ToFloat");
            Expr x = coerce(expr(sub(p, args.get(0))), decode ? Type.SHORT : Type.FLOAT);
            return new Expr.Intrinsic(decode ? IntrinsicOp.BF16_TO_FLOAT : IntrinsicOp.BF16_FROM_FLOAT, List.of(x), decode ? Type.FLOAT : Type.SHORT);
        }
        if (owner.equals(HALF_FLOAT_ARRAY) && name.equals("getHalf2")) return half2Load(p, t);
        if (owner.equals(COLLECTIONS + "VectorHalf") && name.equals("dot")) return halfArrayDot(p, t);
        if (owner.equals(FP8)) return fp8Call(p, t, name);
        if (m.getModifiers().contains(Modifier.STATIC)) {
            // TornadoMath's built-ins map to C; its @ApiHelper methods (rotate) are compiled from their bodies as helpers
            if (owner.equals(TORNADO_MATH) && !hasAnnotation(m, API_HELPER)) return tornadoMath(p, t, m, name);
            if (owner.equals(QUANTIZATION_UTILS)) return quantization(p, t, name);
            Type vector = vectorType(owner);
            return vector == null ? null : vectorStatic(p, t, m, name, args, vector);
        }
        TreePath receiver = receiver(p, t);
        if (receiver == null) return null;
        TypeMirror receiverType = typeOf(receiver);
        String receiverName = receiverType == null ? "" : qualifiedName(receiverType);
        Type vector = vectorType(receiverName);
        if (vector != null) {
            if (name.equals("get") && args.size() == 1) return new Expr.Lane(expr(receiver), laneIndex(p, args.get(0), vector), vector.elementType());
            if (name.startsWith("get") && laneOfAccessor(name, vector.lanes()) >= 0) {
                return new Expr.Lane(expr(receiver), laneOfAccessor(name, vector.lanes()), vector.elementType());
            }
            if (name.equals("size")) return new Expr.IntLiteral(vector.lanes());
            if (name.equals("duplicate")) return expr(receiver); // C copies values on assignment
            Type part = vectorType(qualifiedName(m.getReturnType()));
            if (part != null && (name.equals("getLow") || name.equals("getHigh") || name.startsWith("as"))) {
                // the low or high half, or the first lanes (asFloat2, asFloat3)
                Expr value = expr(receiver);
                int first = name.equals("getHigh") ? vector.lanes() - part.lanes() : 0;
                var lanes = new ArrayList<Expr>();
                for (int l = 0; l < part.lanes(); l++) lanes.add(new Expr.Lane(value, first + l, vector.elementType()));
                return new Expr.VectorOf(lanes, part);
            }
            return reject(t, "the call " + simpleName(receiverType) + "." + name + "()", "; vector values offer get/set of lanes (getX, getS3, get(CONSTANT)) and their static operations");
        }
        Collection collection = collection(receiverName);
        if (collection != null) {
            Expr.Variable array = receiverVariable(p, t);
            if (name.equals("get") && args.size() == 1) {
                Expr index = coerce(expr(sub(p, args.get(0))), Type.INT);
                if (collection.lanes() == 1) return new Expr.Load(array, index, collection.element());
                if (array.type().space() == Type.Space.PRIVATE) return laneLoads(array, index, collection.lanes(), t);
                return new Expr.LaneCall(LaneOp.LOAD, List.of(array, index), Type.vectorOf(collection.element(), collection.lanes()));
            }
            if (name.equals("getLength")) {
                Expr size = new Expr.ArrayLength(array);
                return collection.lanes() == 1 ? size : new Expr.Binary(BinaryOp.DIV, size, new Expr.IntLiteral(collection.lanes()), Type.INT);
            }
            if (name.equals("size")) return new Expr.ArrayLength(array);
            if (name.equals("vectorWidth")) return new Expr.IntLiteral(collection.lanes());
            return reject(t, "the call " + simpleName(receiverType) + "." + name + "()", "; in a kernel a collection offers get, set, getLength and size");
        }
        Image image = image(receiverName);
        if (image != null) return imageCall(p, t, image, receiverType, name);
        if (receiverName.equals(VOLUME_SHORT2)) return volumeCall(p, t, name);
        Type matrix = matrixType(receiverName);
        if (receiverName.equals(MATRICES + "Matrix4x4Float")) {
            Expr small = matrix4x4Call(p, t, name);
            if (small != null) return small;
        }
        if (matrix != null) {
            Expr.Variable array = receiverVariable(p, t);
            int lanes = matrixLanes(receiverName);
            if (name.equals("get") && args.size() == matrix.extents() + 1) {
                if (lanes > 1) return new Expr.LaneCall(LaneOp.LOAD, List.of(array, matrixIndex(p, array, args)), Type.vectorOf(matrix.elementType(), lanes));
                return new Expr.Load(array, matrixIndex(p, array, args), matrix.elementType());
            }
            Expr columns = new Expr.Variable(drcn.compiler.emit.CEmitter.extentName(array.name(), 0), Type.INT);
            switch (name) {
                case "getNumColumns": return columns;
                case "getNumDepth": if (matrix.extents() == 2) return new Expr.Variable(drcn.compiler.emit.CEmitter.extentName(array.name(), 1), Type.INT); break;
                case "getNumRows": {
                    Expr plane = matrix.extents() == 1 ? columns : new Expr.Binary(BinaryOp.MUL, columns,
                            new Expr.Variable(drcn.compiler.emit.CEmitter.extentName(array.name(), 1), Type.INT), Type.INT);
                    if (lanes > 1) plane = new Expr.Binary(BinaryOp.MUL, plane, new Expr.IntLiteral(lanes), Type.INT);
                    return new Expr.Binary(BinaryOp.DIV, new Expr.ArrayLength(array), plane, Type.INT);
                }
                case "size": return new Expr.ArrayLength(array);
                default: break;
            }
            return reject(t, "the call " + simpleName(receiverType) + "." + name + "()", "; in a kernel a matrix offers get, set, getNumRows, getNumColumns" + (matrix.extents() == 2 ? ", getNumDepth" : ""));
        }
        return null;
    }

    /** A static operation of a vector class (Float4.add, Int3.min, Float3.cross, ...). */
    private Expr vectorStatic(TreePath p, MethodInvocationTree t, ExecutableElement m, String name, List<? extends ExpressionTree> args, Type vector) {
        if (vector.elementType() == Type.HALF) return halfVectorStatic(p, t, m, name, args, vector);
        var operands = new ArrayList<Expr>();
        for (ExpressionTree a : args) operands.add(expr(sub(p, a)));
        for (int i = 0; i < operands.size(); i++) {
            Type type = operands.get(i).type();
            if (type.isVector() && type != vector) {
                boolean widening = type.elementType() == Type.INT && vector.elementType().isFloating() && type.lanes() == vector.lanes()
                        && List.of("add", "sub", "mult", "div", "min", "max").contains(name);
                if (!widening) {
                    return reject(t, simpleOwner(m) + "." + name + " on a " + type.name().toLowerCase(Locale.ROOT), "; convert the lanes explicitly (mixed int/float vector operations are not supported)");
                }
                // Float4.mult(Float4, Int4) and the like: Java converts each int lane to the float type, then computes
                var lanes = new ArrayList<Expr>();
                for (int k = 0; k < type.lanes(); k++) lanes.add(convert(new Expr.Lane(operands.get(i), k, Type.INT), vector.elementType()));
                operands.set(i, new Expr.VectorOf(List.copyOf(lanes), vector));
            }
        }
        boolean vectorSecond = operands.size() > 1 && operands.get(1).type().isVector();
        boolean floating = vector.elementType().isFloating();
        LaneOp op = switch (name) {
            case "add", "inc" -> vectorSecond ? LaneOp.ADD : LaneOp.ADD_SCALAR;
            case "sub", "dec" -> vectorSecond ? LaneOp.SUB : LaneOp.SUB_SCALAR;
            case "mult", "scale" -> vectorSecond ? LaneOp.MULT : LaneOp.MULT_SCALAR;
            case "div" -> vectorSecond ? LaneOp.DIV : LaneOp.DIV_SCALAR;
            case "min" -> operands.size() == 1 ? LaneOp.MIN_LANE : LaneOp.MIN;
            case "max" -> operands.size() == 1 ? LaneOp.MAX_LANE : LaneOp.MAX;
            case "sqrt" -> floating ? LaneOp.SQRT : null;
            case "floor" -> floating ? LaneOp.FLOOR : null;
            case "fract" -> floating ? LaneOp.FRACT : null;
            case "normalise" -> floating ? LaneOp.NORMALISE : null;
            case "length" -> floating ? LaneOp.LENGTH : null;
            case "clamp" -> LaneOp.CLAMP;
            case "cross" -> vector.lanes() == 3 ? LaneOp.CROSS : null;
            case "dot" -> LaneOp.DOT;
            case "sum" -> LaneOp.SUM;
            default -> null;
        };
        if (name.equals("scaleByInverse")) {
            // TornadoVM: a * (1 / value)
            Expr one = coerce(new Expr.IntLiteral(1), vector.elementType());
            Expr inverse = new Expr.Binary(BinaryOp.DIV, one, coerce(operands.get(1), vector.elementType()), vector.elementType());
            return new Expr.LaneCall(LaneOp.MULT_SCALAR, List.of(operands.get(0), inverse), vector);
        }
        if (op == null) return reject(t, simpleOwner(m) + "." + name, "; see the README's list of supported vector operations");
        for (int i = 1; i < operands.size(); i++) {
            if (!operands.get(i).type().isVector()) operands.set(i, coerce(operands.get(i), vector.elementType()));
        }
        Type result = switch (op) {
            case DOT, LENGTH, SUM, MIN_LANE, MAX_LANE -> vector.elementType();
            default -> vector;
        };
        return new Expr.LaneCall(op, List.copyOf(operands), result);
    }

    // ------------------------------------------------------------------ half vectors and collections allocated in kernels

    /**
     * The static operations of TornadoVM's {@code Half2..Half16}, each lane computed in float and rounded to half as
     * {@code HalfFloat} does: {@code add, sub, mult, div} (a vector or a HalfFloat second operand), their in-place
     * three-operand forms, {@code dot} (TornadoVM's order of adds, see {@code LaneVectors}), and Half2's {@code fma}
     * (the product rounded, then the sum), {@code lowFloat}, {@code highFloat}, {@code fromFloats}.
     */
    private Expr halfVectorStatic(TreePath p, MethodInvocationTree t, ExecutableElement m, String name, List<? extends ExpressionTree> args, Type vector) {
        var operands = new ArrayList<Expr>();
        for (ExpressionTree a : args) operands.add(expr(sub(p, a)));
        switch (name) {
            case "lowFloat", "highFloat" -> {
                return new Expr.Cast(Type.FLOAT, new Expr.Lane(operands.get(0), name.equals("lowFloat") ? 0 : 1, Type.HALF));
            }
            case "fromFloats" -> {
                var lanes = new ArrayList<Expr>();
                for (Expr x : operands) lanes.add(new Expr.Cast(Type.HALF, coerce(x, Type.FLOAT)));
                return new Expr.VectorOf(List.copyOf(lanes), vector);
            }
            case "fma" -> {
                Expr product = new Expr.LaneCall(LaneOp.MULT, List.of(operands.get(0), operands.get(1)), vector);
                return new Expr.LaneCall(LaneOp.ADD, List.of(product, operands.get(2)), vector);
            }
            case "dot" -> {
                return new Expr.LaneCall(LaneOp.DOT, List.copyOf(operands), Type.HALF);
            }
            default -> { }
        }
        boolean vectorSecond = operands.size() > 1 && operands.get(1).type().isVector();
        LaneOp op = switch (name) {
            case "add" -> vectorSecond ? LaneOp.ADD : LaneOp.ADD_SCALAR;
            case "sub" -> vectorSecond ? LaneOp.SUB : LaneOp.SUB_SCALAR;
            case "mult" -> vectorSecond ? LaneOp.MULT : LaneOp.MULT_SCALAR;
            case "div" -> vectorSecond ? LaneOp.DIV : LaneOp.DIV_SCALAR;
            default -> null;
        };
        if (op == null || operands.size() != 2) {
            return reject(t, simpleOwner(m) + "." + name, "; a kernel may call add, sub, mult, div, dot (and Half2's fma, lowFloat, highFloat, fromFloats) on half vectors");
        }
        if (!vectorSecond) operands.set(1, coerce(operands.get(1), Type.HALF));
        return new Expr.LaneCall(op, List.copyOf(operands), vector);
    }

    /** {@code VectorHalf.dot(a, b)} of two VectorHalf parameters (see {@link IntrinsicOp#HALF_ARRAY_DOT}). */
    private Expr halfArrayDot(TreePath p, MethodInvocationTree t) {
        var arrays = new ArrayList<Expr>();
        for (ExpressionTree a : t.getArguments()) {
            Expr e = expr(sub(p, a));
            if (!(e instanceof Expr.Variable v && v.type() == Type.HALF_GLOBAL_ARRAY)) return reject(a, "VectorHalf.dot of " + a, "; name VectorHalf parameters of the kernel");
            arrays.add(e);
        }
        arrays.add(new Expr.ArrayLength((Expr.Variable) arrays.get(0)));
        return new Expr.Intrinsic(IntrinsicOp.HALF_ARRAY_DOT, List.copyOf(arrays), Type.HALF);
    }

    /**
     * Arrays of vectors, to their vector type: local ones ({@code context.allocateHalf2LocalArray(n)}) and a kernel's
     * {@code Float2[]} parameters; element i is lanes {@code i * N + l}.
     */
    private final Map<Element, Type> vectorArrays = new HashMap<>();

    /** {@code Half2[] tile = context.allocateHalf2LocalArray(N)}: a local half array of {@code 2 * N} elements. */
    private Stmt half2LocalArray(TreePath p, VariableTree t, VariableElement ve, String name, int line) {
        if (!(t.getInitializer() instanceof MethodInvocationTree mi) || !(trees.getElement(sub(p, t.getInitializer())) instanceof ExecutableElement m)
                || !ownerName(m).equals(CONTEXT) || !m.getSimpleName().contentEquals("allocateHalf2LocalArray")) {
            return rejectStmt(t, "this Half2 array", "; a kernel may declare Half2[] a = context.allocateHalf2LocalArray(CONSTANT)");
        }
        if (!kernel) return rejectStmt(t, "local memory allocation in a helper (" + method.getSimpleName() + ")", "; allocate it in the kernel itself");
        int size = constantSize(sub(sub(p, mi), mi.getArguments().get(0)));
        var v = new Expr.Variable(name, Type.HALF_LOCAL_ARRAY);
        variables.put(ve, v);
        vectorArrays.put(ve, Type.HALF2);
        return new Stmt.LocalArray(name, v.type(), size * 2, line);
    }

    /** {@code tile[i] = value} on a local array of vectors: the value's lanes into elements {@code i * N + l}; null for other assignments. */
    private Stmt vectorArrayStore(TreePath p, AssignmentTree a, int line) {
        if (!(a.getVariable() instanceof ArrayAccessTree access)) return null;
        TreePath arrayPath = sub(sub(p, access), access.getExpression());
        Type vector = vectorArrays.get(trees.getElement(arrayPath));
        if (vector == null) return null;
        Expr.Variable array = variables.get(trees.getElement(arrayPath));
        globalStore(array, a);
        Expr index = coerce(expr(sub(sub(p, access), access.getIndex())), Type.INT);
        return elementStores(array, index, vector.lanes(), expr(sub(p, a.getExpression())), a, line);
    }

    /** {@code halfArray.getHalf2(i)}: elements {@code i} and {@code i + 1} as one Half2. */
    private Expr half2Load(TreePath p, MethodInvocationTree t) {
        Expr.Variable array = receiverVariable(p, t);
        Expr index = coerce(expr(sub(p, t.getArguments().get(0))), Type.INT);
        if (callsHelper(index)) return reject(t, "getHalf2 at an index a helper computes", "; assign the index to a local first");
        Expr next = new Expr.Binary(BinaryOp.ADD, index, new Expr.IntLiteral(1), Type.INT);
        return new Expr.VectorOf(List.of(new Expr.Load(array, index, Type.HALF), new Expr.Load(array, next, Type.HALF)), Type.HALF2);
    }

    /** {@code halfArray.setHalf2(i, v)}: v's lanes into elements {@code i} and {@code i + 1}. */
    private Stmt half2Store(TreePath p, MethodInvocationTree t, int line) {
        Expr.Variable array = receiverVariable(p, t);
        globalStore(array, t);
        Expr index = coerce(expr(sub(p, t.getArguments().get(0))), Type.INT);
        Expr value = expr(sub(p, t.getArguments().get(1)));
        return elementStores(array, index, 1, value, t, line);
    }

    /** The name of the value a multi-lane store holds while its lanes are written (a block of its own, so never clashing). */
    private static final String STORED_VALUE = "drcn_stored";

    /** Lanes of {@code value} into {@code array[index * stride + l]}: the value held once, then one store per lane. */
    private Stmt elementStores(Expr.Variable array, Expr index, int stride, Expr value, Tree t, int line) {
        if (callsHelper(index)) return rejectStmt(t, "a store at an index a helper computes", "; assign the index to a local first");
        var held = new Expr.Variable(STORED_VALUE, value.type());
        var statements = new ArrayList<Stmt>();
        statements.add(new Stmt.Declare(STORED_VALUE, value.type(), value, line));
        for (int l = 0; l < value.type().lanes(); l++) {
            Expr at = new Expr.Binary(BinaryOp.ADD, stride == 1 ? index : new Expr.Binary(BinaryOp.MUL, index, new Expr.IntLiteral(stride), Type.INT),
                    new Expr.IntLiteral(l), Type.INT);
            statements.add(new Stmt.Assign(new Expr.Load(array, at, array.type().elementType()), null, new Expr.Lane(held, l, array.type().elementType()), line));
        }
        return new Stmt.Block(List.copyOf(statements), line);
    }

    /** {@code collection.set(i, v)} on a collection allocated in the kernel (a private array): lanes at {@code i * N + l}. */
    private Stmt laneStores(Expr.Variable array, Expr index, int lanes, Expr value, Tree t, int line) {
        return elementStores(array, index, lanes, value, t, line);
    }

    /** {@code collection.get(i)} on a collection allocated in the kernel: the vector of elements {@code i * N + l}. */
    private Expr laneLoads(Expr.Variable array, Expr index, int lanes, Tree t) {
        if (callsHelper(index)) return reject(t, "a load at an index a helper computes", "; assign the index to a local first");
        var loaded = new ArrayList<Expr>();
        for (int l = 0; l < lanes; l++) {
            Expr at = new Expr.Binary(BinaryOp.ADD, new Expr.Binary(BinaryOp.MUL, index, new Expr.IntLiteral(lanes), Type.INT), new Expr.IntLiteral(l), Type.INT);
            loaded.add(new Expr.Load(array, at, array.type().elementType()));
        }
        return new Expr.VectorOf(List.copyOf(loaded), Type.vectorOf(array.type().elementType(), lanes));
    }

    /**
     * {@code VectorFloat4 v = new VectorFloat4(n)} in a kernel: TornadoVM allocates it on the device, per work-item; here a
     * private array of {@code n * 4} elements, zero-filled as in Java. C needs its size as a constant: {@code n} is
     * a constant, an int parameter of the kernel never assigned, or a kernel parameter's length ({@code output.getLength()},
     * {@code a.getSize()}), or arithmetic of those; the JIT binds the parameters and lengths to their launch values.
     */
    private Stmt collectionDeclaration(TreePath p, VariableTree t, VariableElement ve, String name, int line) {
        Collection collection = collection(qualifiedName(ve.asType()));
        Type arrayType = Type.arrayOf(collection.element(), Type.Space.PRIVATE);
        if (!(t.getInitializer() instanceof NewClassTree init) || init.getArguments().size() != 1
                || init.getArguments().get(0) instanceof ExpressionTree a && typeOf(sub(sub(p, init), a)) != null && typeOf(sub(sub(p, init), a)).getKind() != TypeKind.INT) {
            return rejectStmt(t, "a local " + simpleName(ve.asType()) + " that is not new " + simpleName(ve.asType()) + "(size)",
                    "; allocate it with its number of elements, or take it as a parameter");
        }
        if (!kernel) return rejectStmt(t, "a collection allocated in a helper", "; allocate it in the kernel, whose launch binds its size");
        Expr elements = boundSize(expr(sub(sub(p, init), init.getArguments().get(0))));
        if (elements == null) {
            return rejectStmt(init, "the collection size " + init.getArguments().get(0),
                    "; C needs the size at compile time: a constant, an int parameter of the kernel, a parameter's getLength() or getSize(), or arithmetic of those");
        }
        variables.put(ve, new Expr.Variable(name, arrayType));
        if (elements instanceof Expr.IntLiteral n) {
            if (n.value() < 0) return rejectStmt(init, "a negative collection size " + n.value(), "");
            arraySizes.put(ve, n.value() * collection.lanes());
            return new Stmt.PrivateArray(name, arrayType, n.value() * collection.lanes(), true, line);
        }
        Expr size = collection.lanes() == 1 ? elements : new Expr.Binary(BinaryOp.MUL, elements, new Expr.IntLiteral(collection.lanes()), Type.INT);
        return new Stmt.PrivateArray(name, arrayType, 0, true, false, line, size);
    }

    /**
     * {@code e} over the JIT's {@code #define}s, or null if the JIT cannot bind it: int literals, int parameters of the
     * kernel never assigned, a kernel parameter's length ({@link Function#lengthConstant}), and arithmetic of those.
     */
    private Expr boundSize(Expr e) {
        return switch (e) {
            case Expr.IntLiteral literal -> literal;
            case Expr.Variable v when v.type() == Type.INT -> method.getParameters().stream()
                    .anyMatch(q -> v.equals(variables.get(q)) && !isAssigned(q)) ? v : null;
            case Expr.ArrayLength length when length.array().type().space() == Type.Space.GLOBAL
                    && method.getParameters().stream().anyMatch(q -> length.array().equals(variables.get(q)))
                    -> new Expr.Variable(Function.lengthConstant(length.array().name()), Type.INT);
            case Expr.Binary b when b.type() == Type.INT && List.of(BinaryOp.ADD, BinaryOp.SUB, BinaryOp.MUL, BinaryOp.DIV).contains(b.op()) -> {
                Expr left = boundSize(b.left()), right = boundSize(b.right());
                if (left == null || right == null) yield null;
                if (left instanceof Expr.IntLiteral x && right instanceof Expr.IntLiteral y && (b.op() != BinaryOp.DIV || y.value() != 0)) {
                    yield new Expr.IntLiteral(switch (b.op()) {
                        case ADD -> x.value() + y.value();
                        case SUB -> x.value() - y.value();
                        case MUL -> x.value() * y.value();
                        default -> x.value() / y.value();
                    });
                }
                yield new Expr.Binary(b.op(), left, right, Type.INT);
            }
            default -> null;
        };
    }

    /** Whether an expression calls a helper method: the only expression that may have effects, so not to repeat. */
    private static boolean callsHelper(Expr e) {
        if (e instanceof Expr.Call) return true;
        for (var component : e.getClass().getRecordComponents()) {
            Object value;
            try {
                value = component.getAccessor().invoke(e);
            } catch (ReflectiveOperationException ex) {
                throw new IllegalStateException(ex);
            }
            if (value instanceof Expr inner && callsHelper(inner)) return true;
            if (value instanceof List<?> list) for (Object item : list) if (item instanceof Expr inner && callsHelper(inner)) return true;
        }
        return false;
    }

    /** TornadoMath in a kernel: the C built-in of the overload javac chose (float built-ins for float arguments). */
    private Expr tornadoMath(TreePath p, MethodInvocationTree t, ExecutableElement m, String name) {
        Type type = scalar(m.getReturnType());
        if (type == Type.HALF && (name.equals("min") || name.equals("max")) && t.getArguments().size() == 2) {
            // the values compared, as on TornadoVM's devices (see TornadoMath.min(HalfFloat, HalfFloat))
            var args = new ArrayList<Expr>();
            for (ExpressionTree a : t.getArguments()) args.add(new Expr.Cast(Type.FLOAT, expr(sub(p, a))));
            return new Expr.Cast(Type.HALF, new Expr.Intrinsic(IntrinsicOp.ofJavaName(name), List.copyOf(args), Type.FLOAT));
        }
        if (!m.getParameters().isEmpty() && !m.getParameters().get(0).asType().getKind().isPrimitive()) {
            Type vector = vectorType(qualifiedName(m.getParameters().get(0).asType()));
            if (vector != null && vector.elementType().isFloating() && m.getParameters().size() == 1 && List.of("sin", "cos").contains(name)) {
                // TornadoMath.sin(Float4) and friends: the scalar built-in on each lane, as its Java body computes
                Expr x = expr(sub(p, t.getArguments().get(0)));
                if (callsHelper(x)) return reject(t, "TornadoMath." + name + " on a vector a helper returns", "; assign the vector to a local first");
                var lanes = new ArrayList<Expr>();
                for (int k = 0; k < vector.lanes(); k++) {
                    lanes.add(new Expr.Intrinsic(IntrinsicOp.ofJavaName(name), List.of(new Expr.Lane(x, k, vector.elementType())), vector.elementType()));
                }
                return new Expr.VectorOf(List.copyOf(lanes), vector);
            }
            return reject(t, "TornadoMath." + name + " on " + m.getParameters().get(0).asType(), "; of TornadoMath's vector overloads, kernels support sin and cos; use the lanes");
        }
        if (type == Type.SHORT || type == Type.BYTE) {
            // TornadoMath's byte and short min, max and abs: the int operation narrowed back, as their Java bodies compute
            if (!List.of("min", "max", "abs").contains(name)) {
                return reject(t, "TornadoMath." + name + " on " + type.name().toLowerCase(Locale.ROOT), "; widen to int");
            }
            var wide = new ArrayList<Expr>();
            for (ExpressionTree a : t.getArguments()) wide.add(coerce(expr(sub(p, a)), Type.INT));
            return convert(new Expr.Intrinsic(IntrinsicOp.ofJavaName(name), List.copyOf(wide), Type.INT), type);
        }
        var args = new ArrayList<Expr>();
        for (ExpressionTree a : t.getArguments()) args.add(coerce(expr(sub(p, a)), type == Type.BOOLEAN ? Type.FLOAT : type));
        Expr x = args.isEmpty() ? null : args.get(0);
        return switch (name) {
            case "floatPI" -> new Expr.FloatLiteral((float) Math.PI);
            case "PI" -> new Expr.DoubleLiteral(Math.PI);
            case "min", "max", "abs", "exp", "sqrt", "log", "pow", "sin", "cos", "tan", "tanh", "atan", "atan2", "acos", "asin", "floor", "ceil" -> {
                IntrinsicOp op = IntrinsicOp.ofJavaName(name);
                if (!type.isFloating() && !List.of("min", "max", "abs").contains(name)) yield reject(t, "TornadoMath." + name + " on " + type, "");
                yield new Expr.Intrinsic(op, List.copyOf(args), type);
            }
            // max(lo, min(hi, x)), as TornadoMath computes
            case "clamp" -> new Expr.Intrinsic(IntrinsicOp.MAX, List.of(args.get(1),
                    new Expr.Intrinsic(IntrinsicOp.MIN, List.of(args.get(2), x), type)), type);
            case "fract" -> new Expr.Binary(BinaryOp.SUB, x, new Expr.Intrinsic(IntrinsicOp.FLOOR, List.of(x), type), type);
            case "log2" -> new Expr.Binary(BinaryOp.DIV, new Expr.Intrinsic(IntrinsicOp.LOG, List.of(x), type), constant(type, Math.log(2)), type);
            case "toRadians" -> new Expr.Binary(BinaryOp.MUL, x, constant(type, Math.PI / 180), type);
            // log(x + sqrt(x * x + 1)) and log(x + sqrt(x * x - 1)), as TornadoMath computes them
            case "asinh", "acosh" -> new Expr.Intrinsic(IntrinsicOp.LOG, List.of(new Expr.Binary(BinaryOp.ADD, x,
                    new Expr.Intrinsic(IntrinsicOp.SQRT, List.of(new Expr.Binary(name.equals("asinh") ? BinaryOp.ADD : BinaryOp.SUB,
                            new Expr.Binary(BinaryOp.MUL, x, x, type), constant(type, 1), type)), type), type)), type);
            case "sinpi" -> new Expr.Intrinsic(IntrinsicOp.SIN, List.of(new Expr.Binary(BinaryOp.MUL, x, constant(type, Math.PI), type)), type);
            case "cospi" -> new Expr.Intrinsic(IntrinsicOp.COS, List.of(new Expr.Binary(BinaryOp.MUL, x, constant(type, Math.PI), type)), type);
            case "signum" -> signum(x, type);
            default -> reject(t, "TornadoMath." + name, "; supported in kernels: min, max, abs, clamp, exp, sqrt, log, log2, pow, sin, cos, tan, tanh, atan, atan2, "
                    + "acos, asin, asinh, acosh, floor, ceil, fract, toRadians, sinpi, cospi, signum, floatPI, PI");
        };
    }

    /** {@code x > 0 ? 1 : x < 0 ? -1 : x}: keeps +-0 and NaN, as {@code Math.signum}. */
    private static Expr signum(Expr x, Type type) {
        return new Expr.Conditional(new Expr.Binary(BinaryOp.GT, x, constant(type, 0), Type.BOOLEAN), constant(type, 1),
                new Expr.Conditional(new Expr.Binary(BinaryOp.LT, x, constant(type, 0), Type.BOOLEAN), constant(type, -1), x, type), type);
    }

    /** A float or double constant of {@code value}. */
    private static Expr constant(Type type, double value) {
        return type == Type.DOUBLE ? new Expr.DoubleLiteral(value) : new Expr.FloatLiteral((float) value);
    }

    // ------------------------------------------------------------------ helpers

    /** Java's implicit conversions (widening, and a constant narrowed on assignment), made explicit. */
    private Expr coerce(Expr e, Type to) {
        if (e.type() == to || !e.type().isNumeric() || !to.isNumeric()) return e; // other mismatches: rejected by javac or the subset checks
        return convert(e, to);
    }

    /** A numeric conversion with Java's semantics; literals are converted here, as javac folds them. */
    private static Expr convert(Expr e, Type to) {
        if (e.type() == to) return e;
        Number value = switch (e) {
            case Expr.IntLiteral l -> l.value();
            case Expr.LongLiteral l -> l.value();
            case Expr.FloatLiteral l -> l.value();
            case Expr.DoubleLiteral l -> l.value();
            default -> null;
        };
        if (value != null) {
            switch (to) {
                case INT: return new Expr.IntLiteral(value instanceof Float || value instanceof Double ? (int) value.doubleValue() : value.intValue());
                case LONG: return new Expr.LongLiteral(value instanceof Float f ? (long) f.floatValue() : value instanceof Double d ? (long) d.doubleValue() : value.longValue());
                case FLOAT: return new Expr.FloatLiteral(value instanceof Long l ? (float) l.longValue() : value.floatValue());
                case DOUBLE: return new Expr.DoubleLiteral(value instanceof Float f ? (double) f.floatValue() : value instanceof Long l ? (double) l.longValue() : value.doubleValue());
                default: break; // byte, short, char: a cast of the (folded) int keeps the C readable
            }
        }
        if (e instanceof Expr.Cast c && c.operand() instanceof Expr.IntLiteral l && !c.type().isFloating() && c.type() != Type.LONG) {
            // a byte, short or char constant ('a', a static final short) read as a wider type: fold it
            int v = switch (c.type()) {
                case BYTE -> (byte) l.value();
                case SHORT -> (short) l.value();
                case CHAR -> (char) l.value();
                default -> l.value();
            };
            return convert(new Expr.IntLiteral(v), to);
        }
        return new Expr.Cast(to, e);
    }

    /** The primitive type of a box ({@code Integer}: int), or null. */
    private TypeMirror unboxed(TypeMirror t) {
        try {
            return types.unboxedType(t);
        } catch (IllegalArgumentException notABox) {
            return null;
        }
    }

    private Type scalar(TypeMirror t) {
        return switch (t.getKind()) {
            case INT -> Type.INT;
            case FLOAT -> Type.FLOAT;
            case BOOLEAN -> Type.BOOLEAN;
            case LONG -> Type.LONG;
            case DOUBLE -> Type.DOUBLE;
            case SHORT -> Type.SHORT;
            case BYTE -> Type.BYTE;
            case CHAR -> Type.CHAR;
            case VOID -> Type.VOID;
            case DECLARED -> unboxed(t) != null ? scalar(unboxed(t)) : qualifiedName(t).equals(HALF_FLOAT) ? Type.HALF : qualifiedName(t).equals(VECTOR) ? Type.VECTOR16
                    : vectorType(qualifiedName(t)) != null ? vectorType(qualifiedName(t)) : Type.INT;
            default -> Type.INT; // rejected elsewhere (checkValueType)
        };
    }

    private TypeMirror typeOf(TreePath p) {
        if (p.getLeaf().getKind() == Tree.Kind.METHOD_INVOCATION) {
            // getTypeMirror of a call is the method's type; the value's type is its return type.
            return trees.getElement(p) instanceof ExecutableElement m ? m.getReturnType() : null;
        }
        return trees.getTypeMirror(p);
    }

    /**
     * TornadoVM's swizzled accessors of local arrays ({@code context.swizzleLoadFp16Stride32(tile, row, col, stride)},
     * the stores likewise): the element at byte offset {@code b = (row * stride + col) * e} (e = 2 for HalfFloat, 1 for
     * byte) moved to {@code b ^ (((b >> 7) & 7) << 4)} ({@code >> 6} and {@code << 3} for stride 16), as KernelContext
     * computes it: an XOR swizzle that spreads a column's elements over the banks.
     */
    private Expr swizzledElement(TreePath p, MethodInvocationTree t, String name) {
        List<? extends ExpressionTree> args = t.getArguments();
        Expr array = expr(sub(p, args.get(0)));
        if (!(array instanceof Expr.Variable v && v.type().isArray())) {
            return reject(args.get(0), "context." + name + " on " + args.get(0), "; pass a local array (context.allocate...LocalArray)");
        }
        Expr row = coerce(expr(sub(p, args.get(1))), Type.INT), col = coerce(expr(sub(p, args.get(2))), Type.INT);
        Expr stride = coerce(expr(sub(p, args.get(3))), Type.INT);
        boolean bytes = name.endsWith("Int8");
        boolean stride16 = name.endsWith("Stride16");
        Expr offset = new Expr.Binary(BinaryOp.ADD, new Expr.Binary(BinaryOp.MUL, row, stride, Type.INT), col, Type.INT);
        if (!bytes) offset = new Expr.Binary(BinaryOp.MUL, offset, new Expr.IntLiteral(2), Type.INT);
        Expr bank = new Expr.Binary(BinaryOp.AND, new Expr.Binary(BinaryOp.SHR, offset, new Expr.IntLiteral(stride16 ? 6 : 7), Type.INT),
                new Expr.IntLiteral(7), Type.INT);
        Expr swizzled = new Expr.Binary(BinaryOp.XOR, offset, new Expr.Binary(BinaryOp.SHL, bank, new Expr.IntLiteral(stride16 ? 3 : 4), Type.INT), Type.INT);
        Expr index = bytes ? swizzled : new Expr.Binary(BinaryOp.DIV, swizzled, new Expr.IntLiteral(2), Type.INT);
        return new Expr.Load((Expr.Variable) array, index, array.type().elementType());
    }


    // ------------------------------------------------------------------ tensor-core fragments and SIMD-group matrices

    /** The fragments of this method: the variables a tensor-core call of the context declared (see {@link MatrixOp}). */
    private final Set<Element> fragments = new HashSet<>();
    private static final String MATRIX_8X8 = TORNADO_API + "types.matrix.Matrix8x8Float";
    private static final String TENSOR_CORES = API + "TensorCores";
    private static final String MMA_SHAPE = TORNADO_API + "enums.MMAShape";
    private static final String FP8_ARRAY = TORNADO_API + "types.arrays.FP8Array";

    /** The tensor-core op that the context call at {@code p} is, or null when {@code p} is no such call. */
    private MatrixOp matrixOp(TreePath p) {
        if (p == null || p.getLeaf().getKind() != Tree.Kind.METHOD_INVOCATION) return null;
        if (!(trees.getElement(p) instanceof ExecutableElement m)) return null;
        MatrixOp op = MatrixOp.ofMethod(m.getSimpleName().toString());
        return op != null && ownerName(m).equals(op.ours() ? TENSOR_CORES : CONTEXT) ? op : null;
    }

    /** {@code T[] name = context.mmaXxx(...)}: a private array of the fragment's size, then the call that fills it. */
    private Stmt fragmentDeclaration(TreePath p, VariableTree t, VariableElement ve, String name, MatrixOp op, int line) {
        if (op.size == 0) return rejectStmt(t, "the result of context." + op.name(), "; the stores return nothing");
        var v = new Expr.Variable(name, Type.arrayOf(op.element, Type.Space.PRIVATE));
        Stmt call = matrixCall(sub(p, t.getInitializer()), v, line);
        variables.put(ve, v);
        fragments.add(ve);
        pendingStatements.add(call);
        return new Stmt.PrivateArray(name, v.type(), op.size, false, false, line);
    }

    /** {@code fragment = context.mmaXxx(...)}: the call writing into the fragment's array. */
    private Stmt fragmentAssignment(TreePath target, TreePath call, int line) {
        Element e = trees.getElement(target);
        if (target.getLeaf().getKind() != Tree.Kind.IDENTIFIER || !fragments.contains(e)) {
            return rejectStmt(target.getLeaf(), "assigning a tensor-core fragment to " + target.getLeaf(),
                    "; assign it to a local declared by a tensor-core call (float[] c = context.mmaFragment(0f))");
        }
        Expr.Variable v = variables.get(e);
        MatrixOp op = matrixOp(call);
        if (op.size == 0 || op.element != v.type().elementType()) {
            return rejectStmt(call.getLeaf(), "assigning the result of " + call.getLeaf() + " to " + target.getLeaf(), "; the fragments' kinds differ");
        }
        return matrixCall(call, v, line);
    }

    /** A tensor-core call of the context (the loads, the mma variants, the stores), writing {@code target}. */
    private Stmt matrixCall(TreePath p, Expr.Variable target, int line) {
        var mi = (MethodInvocationTree) p.getLeaf();
        MatrixOp op = matrixOp(p);
        String name = ((ExecutableElement) trees.getElement(p)).getSimpleName().toString();
        List<? extends ExpressionTree> a = mi.getArguments();
        if (op.ours()) { // TensorCores.x(context, ...): the context first
            if (!(expr(sub(p, a.get(0))).type() == Type.CONTEXT)) return rejectStmt(a.get(0), "TensorCores." + name + " on " + a.get(0), "; pass the kernel's KernelContext");
            a = a.subList(1, a.size());
        } else {
            receiverVariable(p, mi);
        }
        var args = new ArrayList<Expr>();
        switch (op) {
            case LOAD_A_TF32, LOAD_B_TF32 -> {
                Expr tile = expr(sub(p, a.get(0)));
                if (!(tile instanceof Expr.Variable tv && tv.type().isArray() && tv.type().space() == Type.Space.LOCAL && tv.type().elementType() == Type.FLOAT)) {
                    return rejectStmt(a.get(0), "TensorCores." + name + " of " + a.get(0), "; pass a float local array (context.allocateFloatLocalArray(n))");
                }
                args.add(tile);
                args.add(coerce(expr(sub(p, a.get(1))), Type.INT));
                args.add(coerce(expr(sub(p, a.get(2))), Type.INT));
            }
            case MMA_TF32 -> {
                for (int i = 0; i < 3; i++) args.add(fragmentArgument(sub(p, a.get(i))));
            }
            case FRAGMENT_F32 -> args.add(coerce(expr(sub(p, a.get(0))), Type.FLOAT));
            case FRAGMENT_S32 -> args.add(coerce(expr(sub(p, a.get(0))), Type.INT));
            case LOAD_A_F16, LOAD_B_F16, LOAD_B_F16_SWIZZLED, LOAD_A_8, LOAD_B_8 -> {
                Expr tile = expr(sub(p, a.get(0)));
                if (!(tile instanceof Expr.Variable tv && tv.type().isArray() && tv.type().space() == Type.Space.LOCAL)) {
                    return rejectStmt(a.get(0), "context." + name + " of " + a.get(0), "; pass a local array (context.allocateIntLocalArray(n))");
                }
                int k = op == MatrixOp.LOAD_A_8 || op == MatrixOp.LOAD_B_8 ? 32 : 16;
                if (expr(sub(p, a.get(1))) instanceof Expr.IntLiteral l && l.value() != k) {
                    return rejectStmt(a.get(1), "context." + name + " with K = " + l.value(), "; it reads tiles of K = " + k);
                }
                args.add(tile);
                args.add(a.size() > 2 ? coerce(expr(sub(p, a.get(2))), Type.INT) : new Expr.IntLiteral(0));
            }
            case MMA_F16, MMA_BF16, MMA_S8, MMA_E4M3, MMA_E5M2 -> {
                for (int i = 0; i < 3; i++) args.add(fragmentArgument(sub(p, a.get(i))));
                String shape = op == MatrixOp.MMA_F16 || op == MatrixOp.MMA_BF16 ? "M16N8K16" : "M16N8K32";
                Element s = trees.getElement(sub(p, a.get(3)));
                if (!(s instanceof VariableElement c && c.getKind() == ElementKind.ENUM_CONSTANT && ownerName(c).equals(MMA_SHAPE))) {
                    return rejectStmt(a.get(3), "the shape " + a.get(3), "; write MMAShape." + shape);
                }
                if (!s.getSimpleName().contentEquals(shape)) {
                    return rejectStmt(a.get(3), "context." + name + " with MMAShape." + s.getSimpleName(), "; it computes MMAShape." + shape);
                }
            }
            case STORE_F32, STORE_S32 -> {
                args.add(fragmentArgument(sub(p, a.get(0))));
                Expr out = expr(sub(p, a.get(1)));
                if (!(out instanceof Expr.Variable ov && ov.type().isArray() && ov.type().space() == Type.Space.GLOBAL)) {
                    return rejectStmt(a.get(1), "context." + name + " into " + a.get(1), "; pass the kernel's " + (op == MatrixOp.STORE_F32 ? "FloatArray" : "IntArray") + " parameter");
                }
                globalStore(ov, mi);
                args.add(out);
                for (int i = 2; i < 5; i++) args.add(coerce(expr(sub(p, a.get(i))), Type.INT));
            }
        }
        return new Stmt.Matrix(op, target, args, line);
    }

    private Expr fragmentArgument(TreePath p) {
        Element e = trees.getElement(p);
        if (p.getLeaf().getKind() != Tree.Kind.IDENTIFIER || !fragments.contains(e)) {
            return reject(p.getLeaf(), "the fragment argument " + p.getLeaf(), "; pass a local that a tensor-core call of the context declared");
        }
        return variables.get(e);
    }

    /**
     * The context's statement-only tensor-core and SIMD-group matrix calls: the stores, the async copies (ordinary copies:
     * {@code dst[i] = lo | hi << 16}, bytes likewise, complete at once, so commit and wait do nothing) and
     * {@code matrixMultiply8x8}; null for any other call.
     */
    private Stmt matrixStatement(TreePath p, MethodInvocationTree mi, String name, int line) {
        MatrixOp op = MatrixOp.ofMethod(name);
        if (op != null && op.size == 0) return matrixCall(p, null, line);
        if (op != null) return rejectStmt(mi, "context." + name + " as a statement", "; assign its fragment (c = context." + name + "(...))");
        List<? extends ExpressionTree> a = mi.getArguments();
        switch (name) {
            case "asyncCopyCommit", "asyncCopyWaitGroup" -> {
                receiverVariable(p, mi);
                return new Stmt.Block(List.of(), line);
            }
            case "asyncCopyToLocal" -> {
                receiverVariable(p, mi);
                Expr dst = expr(sub(p, a.get(0)));
                Expr src = expr(sub(p, a.get(2)));
                if (!(dst instanceof Expr.Variable dv && dv.type().isArray() && dv.type().elementType() == Type.INT)
                        || !(src instanceof Expr.Variable sv && sv.type().isArray())) {
                    return rejectStmt(mi, "context.asyncCopyToLocal(" + a.get(0) + ", .., " + a.get(2) + ", ..)", "; copy from a kernel array into an int local array");
                }
                Expr index = coerce(expr(sub(p, a.get(1))), Type.INT);
                Expr from = coerce(expr(sub(p, a.get(3))), Type.INT);
                boolean halves = sv.type().elementType() == Type.HALF;
                int n = halves ? 2 : 4;
                Expr packed = null;
                for (int i = 0; i < n; i++) {
                    Expr at = i == 0 ? from : new Expr.Binary(BinaryOp.ADD, from, new Expr.IntLiteral(i), Type.INT);
                    Expr element = new Expr.Load(sv, at, sv.type().elementType());
                    Expr bits = halves ? new Expr.Intrinsic(IntrinsicOp.HALF_BITS, List.of(element), Type.INT)
                            : new Expr.Binary(BinaryOp.AND, coerce(element, Type.INT), new Expr.IntLiteral(0xFF), Type.INT);
                    Expr shifted = i == 0 ? bits : new Expr.Binary(BinaryOp.SHL, bits, new Expr.IntLiteral(i * (halves ? 16 : 8)), Type.INT);
                    packed = packed == null ? shifted : new Expr.Binary(BinaryOp.OR, packed, shifted, Type.INT);
                }
                return new Stmt.Assign(new Expr.Load(dv, index, Type.INT), null, packed, line);
            }
            case "mmaStoreBSwizzled" -> {
                receiverVariable(p, mi);
                Expr element = swizzledElement(p, mi, "swizzleStoreFp16Stride32");
                if (!(element instanceof Expr.Load target)) return new Stmt.Block(List.of(), line);
                // (byteOffset + swizzled byte) / 2: the byte offset is even, so it adds byteOffset / 2 elements
                Expr offset = coerce(expr(sub(p, a.get(5))), Type.INT);
                Expr index = new Expr.Binary(BinaryOp.ADD, target.index(), new Expr.Binary(BinaryOp.DIV, offset, new Expr.IntLiteral(2), Type.INT), Type.INT);
                return new Stmt.Assign(new Expr.Load(target.array(), index, target.type()), null, coerce(expr(sub(p, a.get(4))), target.type()), line);
            }
            case "matrixMultiply8x8" -> {
                receiverVariable(p, mi);
                var e = new ArrayList<Expr>();
                for (int i = 0; i < 10; i++) e.add(i % 3 == 0 && i < 9 ? expr(sub(p, a.get(i))) : coerce(expr(sub(p, a.get(i))), Type.INT));
                for (int i = 0; i < 9; i += 3) {
                    if (!(e.get(i) instanceof Expr.Variable v && v.type().isArray() && v.type().elementType() == Type.FLOAT)) {
                        return rejectStmt(a.get(i), "context.matrixMultiply8x8 on " + a.get(i), "; pass FloatArray parameters");
                    }
                }
                globalStore((Expr.Variable) e.get(6), mi);
                return matrixMultiply8x8(e, line);
            }
            case "simdgroupMatrixStore" -> {
                receiverVariable(p, mi);
                Expr.Variable m = tileArgument(sub(p, a.get(0)));
                Expr out = expr(sub(p, a.get(1)));
                if (m == null || !(out instanceof Expr.Variable ov && ov.type().isArray() && ov.type().elementType() == Type.FLOAT)) {
                    return rejectStmt(mi, "this simdgroupMatrixStore", "; store a Matrix8x8Float local into a FloatArray parameter");
                }
                globalStore(ov, mi);
                Expr base = coerce(expr(sub(p, a.get(2))), Type.INT), stride = coerce(expr(sub(p, a.get(3))), Type.INT);
                String i = fresh("i"), j = fresh("j");
                return loops8x8(i, j, new Stmt.Assign(new Expr.Load(ov, rowMajor(base, i, stride, j), Type.FLOAT), null,
                        new Expr.Load(m, tileIndex(i, j), Type.FLOAT), line), line);
            }
            default -> { return null; }
        }
    }

    /** A fresh C name for a loop index of the SIMD-group matrix loops. */
    private String fresh(String base) {
        return "drcn_m" + base + (matrixTemporaries++);
    }

    private int matrixTemporaries;

    private static Expr.Variable intVar(String name) {
        return new Expr.Variable(name, Type.INT);
    }

    private static Expr tileIndex(String i, String j) {
        return new Expr.Binary(BinaryOp.ADD, new Expr.Binary(BinaryOp.MUL, intVar(i), new Expr.IntLiteral(8), Type.INT), intVar(j), Type.INT);
    }

    /** {@code base + i * stride + j}. */
    private static Expr rowMajor(Expr base, String i, Expr stride, String j) {
        return new Expr.Binary(BinaryOp.ADD, new Expr.Binary(BinaryOp.ADD, base, new Expr.Binary(BinaryOp.MUL, intVar(i), stride, Type.INT), Type.INT),
                intVar(j), Type.INT);
    }

    private static Stmt.For loop(String index, Expr bound, Expr step, Stmt body, int line) {
        return new Stmt.For(List.of(new Stmt.Declare(index, Type.INT, new Expr.IntLiteral(0), line)),
                new Expr.Binary(BinaryOp.LT, intVar(index), bound, Type.BOOLEAN),
                List.of(new Stmt.Assign(intVar(index), BinaryOp.ADD, step, line)), body, line);
    }

    private static Stmt loops8x8(String i, String j, Stmt body, int line) {
        Expr eight = new Expr.IntLiteral(8), one = new Expr.IntLiteral(1);
        return loop(i, eight, one, loop(j, eight, one, body, line), line);
    }

    /**
     * {@code matrixMultiply8x8(a, aBase, lda, b, bBase, ldb, c, cBase, ldc, k)} as KernelContext computes it, each
     * element summed over p = 0 .. k - 1 from 0 in that order:
     * {@code for i, j < 8: s = 0; for p < k: s += a[aBase + i lda + p] * b[bBase + p ldb + j]; c[cBase + i ldc + j] = s}.
     */
    private Stmt matrixMultiply8x8(List<Expr> e, int line) {
        String i = fresh("i"), j = fresh("j"), q = fresh("p"), s = fresh("s");
        var a = (Expr.Variable) e.get(0);
        var b = (Expr.Variable) e.get(3);
        var c = (Expr.Variable) e.get(6);
        Expr product = new Expr.Binary(BinaryOp.MUL, new Expr.Load(a, rowMajor(e.get(1), i, e.get(2), q), Type.FLOAT),
                new Expr.Load(b, rowMajor(e.get(4), q, e.get(5), j), Type.FLOAT), Type.FLOAT);
        Stmt body = new Stmt.Block(List.of(
                new Stmt.Declare(s, Type.FLOAT, new Expr.FloatLiteral(0f), line),
                loop(q, e.get(9), new Expr.IntLiteral(1), new Stmt.Assign(new Expr.Variable(s, Type.FLOAT), BinaryOp.ADD, product, line), line),
                new Stmt.Assign(new Expr.Load(c, rowMajor(e.get(7), i, e.get(8), j), Type.FLOAT), null, new Expr.Variable(s, Type.FLOAT), line)), line);
        return loops8x8(i, j, body, line);
    }

    /** {@code m.get(row, col)} / {@code m.set(row, col, v)}: element {@code 8 row + col} of the local's float[64], or null. */
    private Expr matrix8x8Element(TreePath p, MethodInvocationTree t) {
        TreePath receiver = receiver(p, t);
        Expr.Variable m = receiver == null ? null : tileArgument(receiver);
        if (m == null) return null;
        Expr row = coerce(expr(sub(p, t.getArguments().get(0))), Type.INT), col = coerce(expr(sub(p, t.getArguments().get(1))), Type.INT);
        Expr index = new Expr.Binary(BinaryOp.ADD, new Expr.Binary(BinaryOp.MUL, row, new Expr.IntLiteral(8), Type.INT), col, Type.INT);
        return new Expr.Load(m, index, Type.FLOAT);
    }

    /** The private float[64] of a Matrix8x8Float local, or null. */
    private Expr.Variable tileArgument(TreePath p) {
        Element e = trees.getElement(p);
        return p.getLeaf().getKind() == Tree.Kind.IDENTIFIER && fragments.contains(e) && variables.get(e).type().elementType() == Type.FLOAT
                && arraySizes.getOrDefault(e, 0) == 64 ? variables.get(e) : null;
    }

    /**
     * {@code Matrix8x8Float m = context.simdgroupMatrixZero() / Load(...) / MultiplyAccumulate(a, b, c)}: a private
     * float[64] (row-major), then the loops that fill it.
     */
    private Stmt matrix8x8Declaration(TreePath p, VariableTree t, VariableElement ve, String name, int line) {
        TreePath init = t.getInitializer() == null ? null : sub(p, t.getInitializer());
        var v = new Expr.Variable(name, Type.arrayOf(Type.FLOAT, Type.Space.PRIVATE));
        Stmt fill = init == null ? null : matrix8x8Value(init, v, line);
        if (fill == null) return rejectStmt(t, "this Matrix8x8Float", "; declare it from context.simdgroupMatrixZero(), simdgroupMatrixLoad(...) or simdgroupMatrixMultiplyAccumulate(...)");
        variables.put(ve, v);
        fragments.add(ve);
        arraySizes.put(ve, 64);
        pendingStatements.add(fill);
        return new Stmt.PrivateArray(name, v.type(), 64, true, false, line);
    }

    /** {@code m = context.simdgroupMatrix...(...)} for a Matrix8x8Float local {@code m}. */
    private Stmt matrix8x8Assignment(TreePath target, TreePath value, int line) {
        Expr.Variable v = tileArgument(target);
        Stmt fill = v == null ? null : matrix8x8Value(value, v, line);
        return fill != null ? fill : rejectStmt(target.getParentPath().getLeaf(), "this Matrix8x8Float assignment",
                "; assign a Matrix8x8Float local the result of context.simdgroupMatrixZero(), simdgroupMatrixLoad(...) or simdgroupMatrixMultiplyAccumulate(...)");
    }

    /** The loops that write the 8x8 tile {@code value} computes into {@code v}, or null if it is none of the context's. */
    private Stmt matrix8x8Value(TreePath p, Expr.Variable v, int line) {
        if (p.getLeaf().getKind() != Tree.Kind.METHOD_INVOCATION || !(trees.getElement(p) instanceof ExecutableElement m) || !ownerName(m).equals(CONTEXT)) return null;
        var mi = (MethodInvocationTree) p.getLeaf();
        List<? extends ExpressionTree> a = mi.getArguments();
        String i = fresh("i"), j = fresh("j");
        switch (m.getSimpleName().toString()) {
            case "simdgroupMatrixZero" -> {
                receiverVariable(p, mi);
                return loops8x8(i, j, new Stmt.Assign(new Expr.Load(v, tileIndex(i, j), Type.FLOAT), null, new Expr.FloatLiteral(0f), line), line);
            }
            case "simdgroupMatrixLoad" -> {
                receiverVariable(p, mi);
                Expr src = expr(sub(p, a.get(0)));
                if (!(src instanceof Expr.Variable sv && sv.type().isArray() && sv.type().elementType() == Type.FLOAT)) {
                    return rejectStmt(a.get(0), "simdgroupMatrixLoad from " + a.get(0), "; load from a FloatArray parameter or a float local array");
                }
                Expr base = coerce(expr(sub(p, a.get(1))), Type.INT), stride = coerce(expr(sub(p, a.get(2))), Type.INT);
                return loops8x8(i, j, new Stmt.Assign(new Expr.Load(v, tileIndex(i, j), Type.FLOAT), null,
                        new Expr.Load(sv, rowMajor(base, i, stride, j), Type.FLOAT), line), line);
            }
            case "simdgroupMatrixMultiplyAccumulate" -> {
                receiverVariable(p, mi);
                Expr.Variable x = tileArgument(sub(p, a.get(0))), y = tileArgument(sub(p, a.get(1))), c = tileArgument(sub(p, a.get(2)));
                if (x == null || y == null || c == null) {
                    return rejectStmt(mi, "this simdgroupMatrixMultiplyAccumulate", "; its arguments must be Matrix8x8Float locals");
                }
                if (x.name().equals(v.name()) || y.name().equals(v.name())) {
                    return rejectStmt(mi, "a simdgroupMatrixMultiplyAccumulate into its own a or b", "; assign it to the accumulator or a new local");
                }
                // element (i, j) depends on c's element (i, j) only, so d may be c
                String q = fresh("p"), s = fresh("s");
                Expr product = new Expr.Binary(BinaryOp.MUL, new Expr.Load(x, tileIndex(i, q), Type.FLOAT), new Expr.Load(y, tileIndex(q, j), Type.FLOAT), Type.FLOAT);
                Stmt body = new Stmt.Block(List.of(
                        new Stmt.Declare(s, Type.FLOAT, new Expr.Load(c, tileIndex(i, j), Type.FLOAT), line),
                        loop(q, new Expr.IntLiteral(8), new Expr.IntLiteral(1), new Stmt.Assign(new Expr.Variable(s, Type.FLOAT), BinaryOp.ADD, product, line), line),
                        new Stmt.Assign(new Expr.Load(v, tileIndex(i, j), Type.FLOAT), null, new Expr.Variable(s, Type.FLOAT), line)), line);
                return loops8x8(i, j, body, line);
            }
            default -> { return null; }
        }
    }

    /** Every primitive type is a kernel type, so what reaches here is an object, an array of one, or a deeper array. */
    private static String typeMessage(TypeMirror type, String what) {
        return what + " " + type + " is not allowed in a kernel";
    }

    private static String qualifiedName(TypeMirror t) {
        return t instanceof DeclaredType d ? ((TypeElement) d.asElement()).getQualifiedName().toString() : t.toString();
    }

    private static String simpleName(TypeMirror t) {
        return t instanceof DeclaredType d ? d.asElement().getSimpleName().toString() : t.toString();
    }

    private static String ownerName(Element member) {
        Element owner = member.getEnclosingElement();
        return owner instanceof TypeElement te ? te.getQualifiedName().toString() : "";
    }

    private static String simpleOwner(Element member) {
        return member.getEnclosingElement().getSimpleName().toString();
    }

    private static BinaryOp binaryOp(Tree.Kind kind) {
        return switch (kind) {
            case PLUS -> BinaryOp.ADD;
            case MINUS -> BinaryOp.SUB;
            case MULTIPLY -> BinaryOp.MUL;
            case DIVIDE -> BinaryOp.DIV;
            case REMAINDER -> BinaryOp.REM;
            case LEFT_SHIFT -> BinaryOp.SHL;
            case RIGHT_SHIFT -> BinaryOp.SHR;
            case UNSIGNED_RIGHT_SHIFT -> BinaryOp.USHR;
            case AND -> BinaryOp.AND;
            case OR -> BinaryOp.OR;
            case XOR -> BinaryOp.XOR;
            case LESS_THAN -> BinaryOp.LT;
            case LESS_THAN_EQUAL -> BinaryOp.LE;
            case GREATER_THAN -> BinaryOp.GT;
            case GREATER_THAN_EQUAL -> BinaryOp.GE;
            case EQUAL_TO -> BinaryOp.EQ;
            case NOT_EQUAL_TO -> BinaryOp.NE;
            case CONDITIONAL_AND -> BinaryOp.LOGICAL_AND;
            case CONDITIONAL_OR -> BinaryOp.LOGICAL_OR;
            default -> null;
        };
    }

    private static BinaryOp compoundOp(Tree.Kind kind) {
        return switch (kind) {
            case PLUS_ASSIGNMENT -> BinaryOp.ADD;
            case MINUS_ASSIGNMENT -> BinaryOp.SUB;
            case MULTIPLY_ASSIGNMENT -> BinaryOp.MUL;
            case DIVIDE_ASSIGNMENT -> BinaryOp.DIV;
            case REMAINDER_ASSIGNMENT -> BinaryOp.REM;
            case LEFT_SHIFT_ASSIGNMENT -> BinaryOp.SHL;
            case RIGHT_SHIFT_ASSIGNMENT -> BinaryOp.SHR;
            case UNSIGNED_RIGHT_SHIFT_ASSIGNMENT -> BinaryOp.USHR;
            case AND_ASSIGNMENT -> BinaryOp.AND;
            case OR_ASSIGNMENT -> BinaryOp.OR;
            case XOR_ASSIGNMENT -> BinaryOp.XOR;
            default -> null;
        };
    }

    /**
     * Whether a local was declared with {@code var}. javac has no public flag for it, but it gives an
     * inferred declaration a synthetic type tree positioned at the {@code var} keyword (or, in some
     * javac versions, at the variable's name), whereas a written type starts with the type's own text.
     */
    private boolean isVar(VariableTree t) {
        long start = positions.getStartPosition(unit, t.getType());
        if (start < 0) return false;
        try {
            CharSequence source = unit.getSourceFile().getCharContent(true);
            // Since Java 10 no type may be named var, so "var" there is the keyword.
            return startsWithWord(source, (int) start, "var") || startsWithWord(source, (int) start, t.getName().toString());
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean startsWithWord(CharSequence source, int start, String word) {
        int end = start + word.length();
        return end <= source.length() && source.subSequence(start, end).toString().equals(word)
                && (end == source.length() || !Character.isJavaIdentifierPart(source.charAt(end)));
    }

    /** A C name for a Java local or parameter; distinct Java names never map to the same C name. */
    private String cName(String javaName) {
        String name = Naming.identifier(javaName);
        while (cNames.containsKey(name) && !cNames.get(name).equals(javaName)) name = name + "_";
        cNames.put(name, javaName);
        return name;
    }

    private int line(Tree t) {
        long pos = positions.getStartPosition(unit, t);
        return pos < 0 ? 0 : (int) unit.getLineMap().getLineNumber(pos);
    }

    private String fileName() {
        String path = unit.getSourceFile().toUri().getPath();
        if (path == null) path = unit.getSourceFile().getName();
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static TreePath sub(TreePath parent, Tree child) {
        return new TreePath(parent, child);
    }

    private void problem(Tree tree, String message) {
        problems.add(new Problem(tree, message));
    }

    /** Records "kernel subset: CONSTRUCT is not allowed in a kernel HINT" and returns a placeholder. */
    private Expr reject(Tree tree, String construct, String hint) {
        problem(tree, PREFIX + construct + " is not allowed in a kernel" + hint);
        return new Expr.IntLiteral(0);
    }

    private Stmt rejectStmt(Tree tree, String construct, String hint) {
        reject(tree, construct, hint);
        return new Stmt.Block(List.of(), line(tree));
    }
}
