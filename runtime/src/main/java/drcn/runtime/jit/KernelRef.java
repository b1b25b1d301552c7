package drcn.runtime.jit;

import drcn.compiler.ir.Expr;
import drcn.compiler.ir.Function;
import drcn.compiler.ir.IrWalk;
import drcn.compiler.ir.KernelModule;

import drcn.kernels.api.JitConstant;
import drcn.tornado.api.KernelContext;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.lang.invoke.MethodHandleInfo;
import java.lang.invoke.SerializedLambda;
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

    private static final Map<Class<?>, KernelRef> BY_LAMBDA_CLASS = new ConcurrentHashMap<>();
    /**
     * A receiver for each instance-method kernel (object::method), the first one seen. Any receiver does: the fields
     * a kernel reads reach it as hidden arguments taken from each task's own receiver ({@link #receiverOf}), so the
     * JVM backend needs this one only to call the Java method (on a stand-in holding the launch's fields).
     */
    private static final Map<String, Object> RECEIVERS = new ConcurrentHashMap<>();

    /**
     * The kernel a method reference names ({@code Convolution::convForward} passed as any of TornadoVM's
     * {@code TornadoFunctions.TaskN}): the reference is serializable, so its {@link SerializedLambda} names the
     * class, method and descriptor, and overloads are told apart by their parameter types.
     */
    public static KernelRef forMethod(Serializable methodReference) {
        Class<?> lambdaClass = methodReference.getClass();
        KernelRef cached = BY_LAMBDA_CLASS.get(lambdaClass);
        if (cached != null) return cached;
        SerializedLambda lambda = serializedLambda(methodReference);
        boolean isLambda = lambda.getImplMethodName().startsWith("lambda$");
        boolean instance = lambda.getImplMethodKind() == MethodHandleInfo.REF_invokeVirtual
                || lambda.getImplMethodKind() == MethodHandleInfo.REF_invokeSpecial;
        // object::method captures its receiver only; a lambda that uses `this` captures it first, then its locals
        boolean bound = instance && (isLambda ? lambda.getCapturedArgCount() >= 1 : lambda.getCapturedArgCount() == 1);
        if (!(lambda.getImplMethodKind() == MethodHandleInfo.REF_invokeStatic || bound)) {
            throw new IllegalArgumentException("a task's code must be a lambda, a method reference to a static method (Class::method) or a bound one "
                    + "(object::method), not an unbound instance method reference (" + lambda.getImplClass().replace('/', '.') + "." + lambda.getImplMethodName() + ")");
        }
        Class<?> owner;
        try {
            owner = Class.forName(lambda.getImplClass().replace('/', '.'), false, lambdaClass.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("cannot load " + lambda.getImplClass() + ": " + e.getMessage(), e);
        }
        String id = owner.getName() + "#" + lambda.getImplMethodName() + "(" + javaParameters(lambda.getImplMethodSignature()) + ")";
        KernelRef ref = REFS.computeIfAbsent(id, key -> loadById(owner, lambda.getImplMethodName(), key));
        if (bound) RECEIVERS.putIfAbsent(id, lambda.getCapturedArg(0));
        BY_LAMBDA_CLASS.put(lambdaClass, ref);
        return ref;
    }

    /**
     * The values a lambda captured (its effectively final locals, as they were when it was created, without a captured
     * {@code this}): the leading arguments of its kernel, as javac's synthetic method and TornadoVM take them. Empty for
     * a method reference.
     */
    public static List<Object> capturedArguments(Serializable code) {
        SerializedLambda lambda = serializedLambda(code);
        if (!lambda.getImplMethodName().startsWith("lambda$")) return List.of();
        boolean instance = lambda.getImplMethodKind() != MethodHandleInfo.REF_invokeStatic;
        var out = new ArrayList<Object>();
        for (int i = instance ? 1 : 0; i < lambda.getCapturedArgCount(); i++) out.add(lambda.getCapturedArg(i));
        return out;
    }

    /** The receiver of a bound method reference (object::method) or of a lambda that uses {@code this}; null otherwise. */
    public static Object receiverOf(Serializable code) {
        SerializedLambda lambda = serializedLambda(code);
        boolean instance = lambda.getImplMethodKind() != MethodHandleInfo.REF_invokeStatic;
        return instance && lambda.getCapturedArgCount() > 0 ? lambda.getCapturedArg(0) : null;
    }

    /**
     * A field a kernel reads through its receiver or an object parameter (a hidden parameter, see
     * {@link Function.Parameter#field}), resolved as javac resolved it: each name in the static type of what precedes it.
     *
     * @param root {@link Function.Parameter#RECEIVER} or the index of the Java parameter it is read through
     * @param path the fields from the root, the field itself last
     * @param cell a number field that travels as a one-element array (the kernel writes it, or it is not final)
     */
    public record ObjectField(int root, List<java.lang.reflect.Field> path, boolean cell) {
        public java.lang.reflect.Field field() {
            return path.getLast();
        }

        /** As Java writes it, from "this" or the parameter's name: "a.b.someArray". */
        public String text(String rootName) {
            var out = new StringJoiner(".");
            out.add(rootName);
            for (var f : path) out.add(f.getName());
            return out.toString();
        }
    }

    /**
     * A number field of one object that a kernel writes or reads while the program may change it: the runtime moves it
     * as an array of one element (see {@link ObjectField#cell}).
     */
    public record FieldSlot(Object holder, java.lang.reflect.Field field) {}

    /** The fields the kernel reads through its receiver and its object parameters, in the order of its hidden parameters. */
    public List<ObjectField> objectFields() {
        if (function == null || function.javaParameterCount() == function.parameters().size()) return List.of();
        return OBJECT_FIELDS.computeIfAbsent(function.id(), k -> {
            Class<?>[] parameterTypes = javaMethod().getParameterTypes();
            var out = new ArrayList<ObjectField>();
            for (Function.Parameter p : function.parameters()) {
                if (p.field() == null) continue;
                Class<?> type = p.root() == Function.Parameter.RECEIVER ? owner : parameterTypes[p.root()];
                var path = new ArrayList<java.lang.reflect.Field>();
                for (String name : p.field().split("\\.")) {
                    java.lang.reflect.Field found = null;
                    for (Class<?> c = type; c != null && found == null; c = c.getSuperclass()) {
                        try {
                            found = c.getDeclaredField(name);
                        } catch (NoSuchFieldException e) {
                            // declared in a superclass
                        }
                    }
                    if (found == null) throw new IllegalStateException(displayName() + " reads the field " + name + ", which " + type.getName() + " lacks");
                    found.setAccessible(true);
                    path.add(found);
                    type = found.getType();
                }
                out.add(new ObjectField(p.root(), List.copyOf(path), path.getLast().getType().isPrimitive() && p.type().isArray()));
            }
            return List.copyOf(out);
        });
    }

    private static final Map<String, List<ObjectField>> OBJECT_FIELDS = new ConcurrentHashMap<>();

    /**
     * The values of {@link #objectFields()} for one task, the hidden arguments of its launches: an array, a number, or
     * for a {@link ObjectField#cell} the {@link FieldSlot} of the object that holds it.
     *
     * @param receiver  the task's receiver (object::method), or null
     * @param arguments the task's Java arguments, in the method's order
     */
    public List<Object> objectFieldValues(Object receiver, List<Object> arguments) {
        List<ObjectField> fields = objectFields();
        if (fields.isEmpty()) return List.of();
        var out = new ArrayList<Object>();
        for (ObjectField f : fields) {
            Object holder = f.root() == Function.Parameter.RECEIVER ? receiver : arguments.get(f.root());
            String rootName = f.root() == Function.Parameter.RECEIVER ? "this" : function.parameters().get(f.root()).name();
            if (f.root() == Function.Parameter.RECEIVER && (receiver == null || !owner.isInstance(receiver))) {
                throw new IllegalArgumentException(displayName() + " reads fields of its receiver: pass it as object::" + methodName);
            }
            try {
                for (int i = 0; i < f.path().size() - 1 && holder != null; i++) holder = f.path().get(i).get(holder);
                if (holder == null) {
                    throw new IllegalArgumentException(displayName() + " reads " + f.text(rootName) + ", but an object on the way is null");
                }
                out.add(f.cell() ? new FieldSlot(holder, f.field()) : f.field().get(holder));
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("cannot read " + f.field() + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    private static SerializedLambda serializedLambda(Serializable methodReference) {
        try {
            Method writeReplace = methodReference.getClass().getDeclaredMethod("writeReplace");
            writeReplace.setAccessible(true);
            if (writeReplace.invoke(methodReference) instanceof SerializedLambda lambda) return lambda;
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalArgumentException("a task's code must be a method reference (Class::method); "
                    + methodReference.getClass().getName() + " is not one", e);
        }
        throw new IllegalArgumentException("a task's code must be a method reference (Class::method); "
                + methodReference.getClass().getName() + " is not one");
    }

    /** {@code (Ldrcn/tornado/api/KernelContext;[FI)V} to {@code drcn.tornado.api.KernelContext,float[],int}, as the kernel compiler writes ids. */
    static String javaParameters(String descriptor) {
        var out = new StringJoiner(",");
        int i = 1;
        while (descriptor.charAt(i) != ')') {
            int dims = 0;
            while (descriptor.charAt(i) == '[') { dims++; i++; }
            String type;
            char c = descriptor.charAt(i);
            if (c == 'L') {
                int end = descriptor.indexOf(';', i);
                type = descriptor.substring(i + 1, end).replace('/', '.').replace('$', '.');
                i = end + 1;
            } else {
                type = switch (c) {
                    case 'I' -> "int"; case 'F' -> "float"; case 'D' -> "double"; case 'J' -> "long"; case 'Z' -> "boolean";
                    case 'B' -> "byte"; case 'S' -> "short"; case 'C' -> "char";
                    default -> throw new IllegalArgumentException("bad descriptor " + descriptor);
                };
                i++;
            }
            out.add(type + "[]".repeat(dims));
        }
        return out.toString();
    }

    private static KernelRef loadById(Class<?> owner, String methodName, String id) {
        KernelModule module;
        try {
            module = module(owner.getClassLoader(), owner.getName());
        } catch (IllegalStateException e) {
            throw new IllegalStateException("no kernel IR for " + owner.getName() + "." + methodName
                    + ": compile it with the drcn kernel compiler on the annotation processor path (drcn.compiler.KernelProcessor)", e);
        }
        Function kernel = module.functions().stream().filter(f -> f.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalStateException("the kernel IR of " + owner.getName() + " lacks " + methodName
                        + " (" + id + "): was it passed to TaskGraph.task or marked @Kernel when its class was compiled?"));
        var ordered = new LinkedHashMap<String, Function>();
        collectCallees(owner.getClassLoader(), kernel, ordered, new HashSet<>());
        ordered.remove(kernel.id());
        return new KernelRef(owner, methodName, kernel, List.copyOf(ordered.values()));
    }

    /**
     * The JIT constants of one launch: each {@link JitConstant} int parameter's name bound to its argument.
     * {@code arguments} follow the Java parameters without the {@code KernelContext}, as {@code Device.launch} takes them.
     */
    public Map<String, Integer> constantsOf(Object... arguments) {
        int[] indices = jitConstantIndices();
        if (indices.length == 0) return Map.of();
        var names = parameterNames();
        var constants = new HashMap<String, Integer>();
        for (int i : indices) {
            if (!(arguments[i] instanceof Integer value)) {
                throw new IllegalArgumentException(displayName() + ": @JitConstant parameter " + names.get(i) + " got " + arguments[i]);
            }
            constants.put(names.get(i), value);
        }
        return constants;
    }

    /** Indices (among the parameters other than a KernelContext) of the {@link JitConstant} parameters. */
    public int[] jitConstantIndices() {
        if (function == null) return new int[0];
        return JIT_CONSTANTS.computeIfAbsent(function.id(), k -> {
            var params = javaMethod().getParameters();
            Set<String> sizes = new java.util.HashSet<>(function.arraySizeParameters());
            sizes.addAll(drcn.compiler.ir.HelperLocalArrays.of(function, helpers).boundParameters());
            var found = new ArrayList<Integer>();
            int at = 0; // index among the launch arguments, which leave out the KernelContext wherever it is
            for (int i = 0; i < params.length; i++) {
                if (params[i].getType() == KernelContext.class) continue;
                // an array's size must be a constant in C: a parameter that sizes one is bound like a @JitConstant
                if (params[i].isAnnotationPresent(JitConstant.class) || sizes.contains(function.parameters().get(i).name())) found.add(at);
                at++;
            }
            return found.stream().mapToInt(Integer::intValue).toArray();
        });
    }

    /** By function id: a KernelRef is a record over its whole IR, whose hash would walk the IR on every lookup. */
    private static final Map<String, int[]> JIT_CONSTANTS = new ConcurrentHashMap<>();

    /**
     * The kernel's parameters as launches pass them ({@link drcn.compiler.ir.VectorReferences#launchParameters}: a vector
     * that the kernel or a helper sets lanes of as the buffer of its lanes), worked out once per kernel.
     */
    public List<Function.Parameter> launchParameters() {
        if (function == null) return List.of();
        return LAUNCH_PARAMETERS.computeIfAbsent(function.id(), k -> drcn.compiler.ir.VectorReferences.launchParameters(function, helpers));
    }

    /** Indices (into the function's parameters) of the vector parameters passed by reference, see {@link #launchParameters}. */
    public Set<Integer> vectorReferences() {
        if (function == null) return Set.of();
        var out = new TreeSet<Integer>();
        List<Function.Parameter> launched = launchParameters();
        for (int i = 0; i < launched.size(); i++) if (function.parameters().get(i).type().isVector() && launched.get(i).type().isArray()) out.add(i);
        return out;
    }

    private static final Map<String, List<Function.Parameter>> LAUNCH_PARAMETERS = new ConcurrentHashMap<>();

    /** Parameter names other than a KernelContext's, from the IR. */
    private List<String> parameterNames() {
        var names = new ArrayList<String>();
        for (Function.Parameter p : function.parameters()) {
            if (p.type() != drcn.compiler.ir.Type.CONTEXT) names.add(p.name());
        }
        return names;
    }

    /** Equal when they name the same method: the IR is the method's, and hashing it would walk the whole tree. */
    @Override
    public boolean equals(Object o) {
        return o instanceof KernelRef k && owner == k.owner && methodName.equals(k.methodName)
                && (function == null ? k.function == null : k.function != null && function.id().equals(k.function.id()));
    }

    @Override
    public int hashCode() {
        return owner.hashCode() * 31 + (function == null ? methodName.hashCode() : function.id().hashCode());
    }

    /** A short display name, e.g. {@code Conv.convForward}. */
    public String displayName() {
        return owner.getSimpleName() + "." + methodName;
    }

    /** The Java method itself (what the JVM backend runs). */
    /** The receiver of an instance-method kernel (see {@link #RECEIVERS}); null for a static kernel. */
    public Object receiver() {
        return function == null ? null : RECEIVERS.get(function.id());
    }

    public Method javaMethod() {
        for (Method m : owner.getDeclaredMethods()) {
            if (m.getName().equals(methodName) && (Modifier.isStatic(m.getModifiers()) || function != null)
                    && (function == null ? m.isAnnotationPresent(drcn.kernels.api.Kernel.class)
                                         : function.id().equals(owner.getName() + "#" + methodName + "(" + javaParameters(descriptor(m)) + ")"))) {
                m.setAccessible(true);
                return m;
            }
        }
        throw new IllegalArgumentException("no static @Kernel method " + methodName + " in " + owner.getName());
    }

    private static String descriptor(Method m) {
        return java.lang.invoke.MethodType.methodType(m.getReturnType(), m.getParameterTypes()).toMethodDescriptorString();
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

    /** The ids of the functions a function calls directly, in first-call order (a call's arguments are evaluated before it). */
    static List<String> calledIds(Function function) {
        var ids = new LinkedHashSet<String>();
        IrWalk.walk(function.body(), new IrWalk.Visitor() {
            @Override public void leave(Expr e) { if (e instanceof Expr.Call c) ids.add(c.functionId()); }
        });
        return List.copyOf(ids);
    }
}
