package drcn.runtime.backend.jvm;

import drcn.compiler.ir.Function;
import drcn.tornado.api.types.arrays.FloatArray;
import drcn.tornado.api.types.arrays.IntArray;
import drcn.tornado.api.KernelContext;
import drcn.runtime.backend.*;
import drcn.runtime.config.Settings;
import drcn.runtime.jit.JavaGrids;
import drcn.runtime.jit.KernelRef;
import drcn.runtime.jit.Wrappers;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.util.*;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The JVM as a device. Buffers are native memory; a launch calls the kernel's Java method once per
 * work-item with the same NDRange semantics as OpenCL (see {@link NdRangeRunner}). Launches are
 * synchronous: when {@link #launch} returns, the kernel has finished.
 */
public final class JvmDevice implements Device {
    static final int MAX_WORK_GROUP_SIZE = 1024;
    static final long LOCAL_MEMORY_BYTES = 64 * 1024;
    /**
     * Bytes a view's offset must be a multiple of: a memory segment can be sliced anywhere, but 64 (the allocations'
     * alignment, a cache line) keeps views as aligned as buffers are, and makes a layout padded for views pad on the
     * JVM too, so the tests here exercise the padding that GPUs need.
     */
    static final long SLICE_ALIGNMENT = 64;

    private final DeviceInfo info;
    private final Settings settings;
    private final Set<JvmBuffer> buffers = ConcurrentHashMap.newKeySet();
    private final Map<List<Object>, JvmCompiledKernel> compiled = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public JvmDevice(Settings settings) {
        this.settings = settings;
        int cores = Runtime.getRuntime().availableProcessors();
        String java = "Java " + Runtime.version() + " " + System.getProperty("java.vm.vendor", "");
        this.info = new DeviceInfo("jvm", 0, "jvm", "JVM (" + cores + " cores, " + java.strip() + ")",
                Runtime.version().toString(), cores, Runtime.getRuntime().maxMemory(), MAX_WORK_GROUP_SIZE, LOCAL_MEMORY_BYTES,
                true, SLICE_ALIGNMENT);
    }

    @Override
    public DeviceInfo info() { return info; }

    Settings settings() { return settings; }

    @Override
    public Buffer allocate(long bytes) {
        checkOpen();
        if (bytes < 0) throw new IllegalArgumentException("cannot allocate " + bytes + " bytes");
        JvmBuffer buffer;
        try {
            buffer = new JvmBuffer(this, bytes);
        } catch (OutOfMemoryError e) {
            throw new BackendException("out of memory on " + info.id() + ": cannot allocate " + bytes + " bytes", e);
        }
        buffers.add(buffer);
        return buffer;
    }

    void forget(JvmBuffer buffer) { buffers.remove(buffer); }

    @Override
    public void write(Buffer target, long targetOffset, MemorySegment source) {
        MemorySegment memory = own(target, "target").segment();
        checkSpan(targetOffset, source.byteSize(), memory.byteSize(), "write");
        MemorySegment.copy(source, 0, memory, targetOffset, source.byteSize());
    }

    @Override
    public void zero(Buffer target, long offset, long bytes) {
        MemorySegment memory = own(target, "target").segment();
        checkSpan(offset, bytes, memory.byteSize(), "zero");
        memory.asSlice(offset, bytes).fill((byte) 0);
    }

    @Override
    public void read(Buffer source, long sourceOffset, MemorySegment target) {
        MemorySegment memory = own(source, "source").segment();
        checkSpan(sourceOffset, target.byteSize(), memory.byteSize(), "read");
        MemorySegment.copy(memory, sourceOffset, target, 0, target.byteSize());
    }

    private static void checkSpan(long offset, long length, long size, String what) {
        if (offset < 0 || offset > size || length > size - offset) {
            throw new IllegalArgumentException("cannot " + what + " " + length + " bytes at offset " + offset + " of a buffer of " + size + " bytes");
        }
    }

    private JvmBuffer own(Buffer buffer, String role) {
        if (!(buffer instanceof JvmBuffer b) || b.owner() != this) {
            throw new IllegalArgumentException("the " + role + " buffer does not belong to " + info.id());
        }
        return b;
    }

    @Override
    public void forgetBuiltKernels() {
        compiled.clear();
    }

    @Override
    public CompiledKernel compile(KernelRef kernel, Map<String, Integer> constants) {
        checkOpen();
        // the function id names the overload (Class#method(parameter types)): overloads are different kernels
        var key = List.<Object>of(kernel.owner(), kernel.function() == null ? kernel.methodName() : kernel.function().id(), new TreeMap<>(constants));
        return compiled.computeIfAbsent(key, k -> prepare(kernel, Map.copyOf(constants)));
    }

    private JvmCompiledKernel prepare(KernelRef kernel, Map<String, Integer> constants) {
        Method method = kernel.javaMethod();
        Class<?>[] types = method.getParameterTypes();
        int contextIndex = -1;
        for (int i = 0; i < types.length; i++) if (types[i] == KernelContext.class) contextIndex = i;
        List<String> names = parameterNames(kernel, method);

        var parameters = new ArrayList<JvmCompiledKernel.Parameter>();
        for (int i = 0; i < types.length; i++) {
            if (i == contextIndex) continue;
            boolean known = VIEWS.containsKey(types[i]) || LAYOUTS.containsKey(types[i])
                    || types[i].isPrimitive() && types[i] != boolean.class && types[i] != void.class
                    || Wrappers.isWrapper(types[i]) || Wrappers.isVector(types[i]) || JavaGrids.isGridType(types[i]) || JavaGrids.isObjectArrayType(types[i]) || types[i] == AtomicInteger.class
                    || types[i] == drcn.tornado.api.types.HalfFloat.class
                    || Number.class.isAssignableFrom(types[i]) && types[i].getPackageName().equals("java.lang") || types[i] == Character.class // a lambda's boxed number
                    || isObjectParameter(kernel, i); // an object: the kernel gets a stand-in holding the launch's fields
            if (!known) throw new IllegalArgumentException(kernel.displayName() + ": parameter '" + names.get(i) + "' has type "
                        + types[i].getSimpleName() + "; kernels take TornadoVM's arrays, Java 1D and 2D arrays of numbers, arrays of boxed numbers and vector values, numbers and HalfFloats (and a KernelContext)");
            parameters.add(new JvmCompiledKernel.Parameter(names.get(i), types[i]));
        }

        var constantIndices = new HashMap<String, Integer>();
        for (String name : constants.keySet()) {
            // element counts and work-group sizes bound for C's array sizes: the JVM runs the Java method, which allocates as Java does
            if (drcn.compiler.ir.Function.isLaunchConstant(name)) continue;
            int index = -1;
            for (int i = 0; i < parameters.size(); i++) {
                if (parameters.get(i).name().equals(name) && parameters.get(i).type() == int.class) index = i;
            }
            if (index < 0) throw new IllegalArgumentException(kernel.displayName() + " has no int parameter '" + name + "' to specialize");
            constantIndices.put(name, index);
        }

        MethodHandle invoker;
        MethodHandle unbound = null;
        try {
            MethodHandle direct = MethodHandles.lookup().unreflect(method);
            if (kernel.objectFields().stream().anyMatch(f -> f.root() == Function.Parameter.RECEIVER)) unbound = direct;
            if (!java.lang.reflect.Modifier.isStatic(method.getModifiers())) direct = direct.bindTo(kernel.receiver()); // object::method
            invoker = direct
                    .asSpreader(Object[].class, types.length)
                    .asType(MethodType.methodType(void.class, Object[].class));
        } catch (IllegalAccessException e) {
            throw new IllegalArgumentException("cannot call " + kernel.displayName() + ": " + e.getMessage(), e);
        }
        return new JvmCompiledKernel(kernel, constants, invoker, unbound, contextIndex, List.copyOf(parameters),
                Map.copyOf(constantIndices), BarrierScan.usesBarriers(kernel));
    }

    /** The IR's names when present (always, for product kernels); else the class file's (needs javac -parameters). */
    private static List<String> parameterNames(KernelRef kernel, Method method) {
        Function function = kernel.function();
        if (function != null && function.javaParameterCount() == method.getParameterCount()) {
            return function.parameters().subList(0, function.javaParameterCount()).stream().map(Function.Parameter::name).toList();
        }
        return Arrays.stream(method.getParameters()).map(java.lang.reflect.Parameter::getName).toList();
    }

    @Override
    public Event launch(CompiledKernel kernel, Range range, Object... arguments) {
        checkOpen();
        if (!(kernel instanceof JvmCompiledKernel k)) {
            throw new IllegalArgumentException(kernel.kernel().displayName() + " was compiled for another backend, not " + info.id());
        }
        List<Runnable> copyBackFields = List.of();
        if (!k.kernel().objectFields().isEmpty()) {
            // the fields read through the receiver and object parameters follow the Java arguments: the kernel reads them
            // from stand-in objects of its own, made for this launch
            int n = k.parameters().size();
            int count = k.kernel().objectFields().size();
            if (arguments.length < n + count) {
                throw new IllegalArgumentException(k.kernel().displayName() + " takes " + n + " arguments and " + count + " fields of objects");
            }
            var standIns = standIns(k, Arrays.copyOfRange(arguments, n, n + count)); // atomics' buffers trail
            arguments = Arrays.copyOf(arguments, n);
            for (var root : standIns.roots().entrySet()) {
                if (root.getKey() == Function.Parameter.RECEIVER) k = bound(k, root.getValue());
                else arguments[launchIndex(k, root.getKey())] = root.getValue();
            }
            copyBackFields = standIns.copyBack();
        }
        Object[] values = kernelArguments(k, arguments);
        long start = System.nanoTime();
        if (k.hasContext() && hasParallelLoops(k)) {
            // TornadoVM's loop-parallel API with a KernelContext (for its atomics): the Java method's @Parallel loops
            // already cover every iteration, so it runs once, as one work-item, as a task without a context does
            var one = Range.of(1).withLocal(1);
            new NdRangeRunner(k, one, NdRangeRunner.localSize(k, one, settings), values).run();
        } else if (k.hasContext()) {
            new NdRangeRunner(k, range, NdRangeRunner.localSize(k, range, settings), values).run();
        } else {
            // Without a KernelContext a kernel is plain Java (TornadoVM's loop-parallel API): its @Parallel loops
            // mean "may run in parallel", and the JVM, the reference, runs the method once, as Java does.
            try {
                k.invoker().invokeExact(values);
            } catch (Throwable t) {
                throw new BackendException("kernel " + k.kernel().displayName() + " failed: " + t, t);
            }
        }
        copyBack(k, arguments, values);
        for (Runnable r : copyBackFields) r.run();
        return new JvmEvent(System.nanoTime() - start);
    }

    private static boolean hasParallelLoops(JvmCompiledKernel kernel) {
        Function f = kernel.kernel().function();
        return f != null && drcn.compiler.ir.IrWalk.anyStmt(f.body(), s -> s instanceof drcn.compiler.ir.Stmt.ParallelFor);
    }

    /** Whether the Java parameter {@code index} of the kernel is an object whose fields it reads ({@code Type.OBJECT}). */
    private static boolean isObjectParameter(KernelRef kernel, int index) {
        Function f = kernel.function();
        return f != null && index < f.parameters().size() && f.parameters().get(index).type() == drcn.compiler.ir.Type.OBJECT;
    }

    /** The index among the launch arguments (which leave out the KernelContext) of the Java parameter {@code index}. */
    private static int launchIndex(JvmCompiledKernel k, int index) {
        return k.hasContext() && k.contextIndex() < index ? index - 1 : index;
    }

    /**
     * Stand-ins for one launch of the receiver and the object parameters (allocated without a constructor: the kernel
     * reads no other field), by Java parameter index ({@code RECEIVER} for the receiver), and what to copy back to
     * the buffers after it.
     */
    private record StandIns(Map<Integer, Object> roots, List<Runnable> copyBack) {}

    /**
     * Each field the kernel reads holds the launch's value in its stand-in (through stand-ins of the objects on its
     * path): a TornadoVM array field a view of its buffer; a Java array a copy of it, and a one-element array's number
     * its value, both copied back after the launch; a number the value itself.
     */
    private StandIns standIns(JvmCompiledKernel k, Object[] hidden) {
        KernelRef kernel = k.kernel();
        List<KernelRef.ObjectField> fields = kernel.objectFields();
        Class<?>[] types = kernel.javaMethod().getParameterTypes();
        var roots = new HashMap<Integer, Object>();
        var copyBack = new ArrayList<Runnable>();
        try {
            for (int i = 0; i < types.length; i++) if (isObjectParameter(kernel, i)) roots.put(i, unsafe().allocateInstance(types[i]));
            var objects = new HashMap<List<Object>, Object>(); // stand-ins of the objects on the paths, by root and fields
            for (int j = 0; j < fields.size(); j++) {
                KernelRef.ObjectField f = fields.get(j);
                Object holder = f.root() == Function.Parameter.RECEIVER
                        ? roots.computeIfAbsent(f.root(), r -> allocate(kernel.owner())) : roots.get(f.root());
                var key = new ArrayList<Object>(List.of(f.root()));
                for (java.lang.reflect.Field step : f.path().subList(0, f.path().size() - 1)) {
                    key.add(step);
                    Object next = objects.get(key);
                    if (next == null) {
                        next = allocate(step.getType());
                        objects.put(List.copyOf(key), next);
                        step.set(holder, next);
                    }
                    holder = next;
                }
                java.lang.reflect.Field field = f.field();
                var p = new JvmCompiledKernel.Parameter(field.getName(), field.getType());
                var view = VIEWS.get(field.getType());
                ValueLayout layout = f.cell() ? CELLS.get(field.getType()) : LAYOUTS.get(field.getType());
                Object target = holder;
                if (view != null) {
                    field.set(holder, view.apply(bufferArgument(kernel.displayName(), j, p, hidden[j]).segment()));
                } else if (layout != null) {
                    MemorySegment buffer = bufferArgument(kernel.displayName(), j, p, hidden[j]).segment();
                    if (f.cell()) {
                        field.set(holder, cellValue(buffer, layout));
                    } else {
                        field.set(holder, toArray(buffer, layout));
                    }
                    copyBack.add(() -> copyFieldBack(field, target, layout, f.cell(), buffer));
                } else {
                    field.set(holder, hidden[j]);
                }
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("cannot make the objects " + kernel.displayName() + " reads: " + e, e);
        }
        return new StandIns(roots, copyBack);
    }

    /** A field's contents back into its buffer: a Java array's elements, or a one-element array's number. */
    private static void copyFieldBack(java.lang.reflect.Field field, Object holder, ValueLayout layout, boolean cell, MemorySegment buffer) {
        try {
            Object value = field.get(holder);
            if (!cell) {
                MemorySegment.copy(JavaGrids.heapSegment(value), 0, buffer, 0, buffer.byteSize());
                return;
            }
            switch (layout) {
                case ValueLayout.OfInt l -> buffer.set(l, 0, (Integer) value);
                case ValueLayout.OfFloat l -> buffer.set(l, 0, (Float) value);
                case ValueLayout.OfDouble l -> buffer.set(l, 0, (Double) value);
                case ValueLayout.OfLong l -> buffer.set(l, 0, (Long) value);
                case ValueLayout.OfShort l -> buffer.set(l, 0, (Short) value);
                case ValueLayout.OfByte l -> buffer.set(l, 0, (Byte) value);
                case ValueLayout.OfChar l -> buffer.set(l, 0, (Character) value);
                default -> throw new IllegalStateException("no number field of " + layout);
            }
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read " + field + ": " + e.getMessage(), e);
        }
    }

    /** The number in a one-element array's buffer, boxed. */
    private static Object cellValue(MemorySegment buffer, ValueLayout layout) {
        return switch (layout) {
            case ValueLayout.OfInt l -> buffer.get(l, 0);
            case ValueLayout.OfFloat l -> buffer.get(l, 0);
            case ValueLayout.OfDouble l -> buffer.get(l, 0);
            case ValueLayout.OfLong l -> buffer.get(l, 0);
            case ValueLayout.OfShort l -> buffer.get(l, 0);
            case ValueLayout.OfByte l -> buffer.get(l, 0);
            case ValueLayout.OfChar l -> buffer.get(l, 0);
            default -> throw new IllegalStateException("no number field of " + layout);
        };
    }

    /** The number types a field may have, to the layout of its one-element array. */
    private static final Map<Class<?>, ValueLayout> CELLS = Map.of(
            float.class, ValueLayout.JAVA_FLOAT, int.class, ValueLayout.JAVA_INT, double.class, ValueLayout.JAVA_DOUBLE,
            long.class, ValueLayout.JAVA_LONG, short.class, ValueLayout.JAVA_SHORT, byte.class, ValueLayout.JAVA_BYTE,
            char.class, ValueLayout.JAVA_CHAR);

    private static Object allocate(Class<?> type) {
        try {
            return unsafe().allocateInstance(type);
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("cannot make a stand-in " + type.getName() + ": " + e, e);
        }
    }

    /** The kernel with its method bound to {@code receiver}. */
    private static JvmCompiledKernel bound(JvmCompiledKernel k, Object receiver) {
        MethodHandle invoker = k.unbound().bindTo(receiver).asSpreader(Object[].class, k.kernel().javaMethod().getParameterCount())
                .asType(MethodType.methodType(void.class, Object[].class));
        return new JvmCompiledKernel(k.kernel(), k.constants(), invoker, k.unbound(), k.contextIndex(), k.parameters(),
                k.constantIndices(), k.usesBarriers());
    }

    private static sun.misc.Unsafe unsafe() throws ReflectiveOperationException {
        var f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
        f.setAccessible(true);
        return (sun.misc.Unsafe) f.get(null);
    }


    /**
     * Checks the launch arguments against the Java parameters and turns buffers into array views. Trailing buffers that
     * only C takes ({@code Function.launchParameters}: the kernel's AtomicInteger locals, a grid reduction's partials
     * and counter) are ignored: here the Java method makes its own atomics and runs its loop in Java's order.
     */
    private Object[] kernelArguments(JvmCompiledKernel kernel, Object[] arguments) {
        var parameters = kernel.parameters();
        String name = kernel.kernel().displayName();
        Function function = kernel.kernel().function();
        int hidden = function == null ? 0 : function.launchParameters().size() - function.parameters().size();
        if (hidden > 0 && arguments.length == parameters.size() + hidden) arguments = Arrays.copyOf(arguments, parameters.size());
        if (arguments.length != parameters.size()) {
            throw new IllegalArgumentException(name + " takes " + parameters.size() + " arguments ("
                    + String.join(", ", parameters.stream().map(JvmCompiledKernel.Parameter::name).toList())
                    + ") but got " + arguments.length);
        }
        Object[] values = new Object[parameters.size()];
        for (int i = 0; i < values.length; i++) {
            var p = parameters.get(i);
            Object a = arguments[i];
            var view = VIEWS.get(p.type());
            ValueLayout layout = LAYOUTS.get(p.type());
            if (p.type() == AtomicInteger.class) {
                // a copy of the buffer's int that all work-items share, copied back after the launch
                values[i] = new AtomicInteger(bufferArgument(name, i, p, a).segment().get(ValueLayout.JAVA_INT, 0));
            } else if (JavaGrids.isGridType(p.type())) {
                // a Java 2D array: a copy of the buffer in rows, copied back after the launch
                if (!(a instanceof ShapedBuffer shaped)) throw wrongType(name, i, p, "a ShapedBuffer", a);
                values[i] = JavaGrids.rebuild(p.type(), bufferArgument(name, i, p, shaped.buffer()).segment(), shaped.shape()[0]);
            } else if (JavaGrids.isObjectArrayType(p.type())) {
                // a Float[] or Float2[]: new objects from the buffer's numbers, gathered back after the launch
                values[i] = JavaGrids.rebuildElements(p.type(), bufferArgument(name, i, p, a).segment());
            } else if (Wrappers.isWrapper(p.type())) {
                // a matrix or collection: the Java object again, over a view of the buffer
                if (!(a instanceof ShapedBuffer shaped)) throw wrongType(name, i, p, "a ShapedBuffer", a);
                values[i] = Wrappers.rebuild(p.type(), bufferArgument(name, i, p, shaped.buffer()).segment(), shaped.shape());
            } else if (Wrappers.isVector(p.type()) && a instanceof JvmBuffer) {
                // by reference (the kernel sets its lanes): a vector of the buffer's lanes that all work-items share,
                // gathered back after the launch, as the C kernel writes them through to its buffer
                values[i] = JavaGrids.rebuildVector(p.type(), bufferArgument(name, i, p, a).segment());
            } else if (Wrappers.isVector(p.type())) {
                // a private copy per launch, as a C kernel gets the value (the kernel may change its lanes)
                if (!p.type().isInstance(a)) throw wrongType(name, i, p, "a " + p.type().getSimpleName(), a);
                values[i] = copyOf(a);
            } else if (view != null) {
                values[i] = view.apply(bufferArgument(name, i, p, a).segment());
            } else if (layout != null) {
                // a Java array argument: the kernel gets a copy of the buffer, copied back after the launch
                values[i] = toArray(bufferArgument(name, i, p, a).segment(), layout);
            } else {
                Class<?> boxed = MethodType.methodType(p.type()).wrap().returnType();
                if (!boxed.isInstance(a)) throw wrongType(name, i, p, "a " + boxed.getSimpleName(), a);
                values[i] = a;
            }
        }
        for (var constant : kernel.constantIndices().entrySet()) {
            int given = (Integer) values[constant.getValue()];
            int bound = kernel.constants().get(constant.getKey());
            if (given != bound) {
                throw new IllegalArgumentException(name + ": argument '" + constant.getKey() + "' is " + given
                        + " but the kernel was compiled with " + constant.getKey() + " = " + bound);
            }
        }
        return values;
    }

    /** The TornadoVM array classes, each as a view of a buffer's memory. */
    private static final Map<Class<?>, java.util.function.Function<MemorySegment, Object>> VIEWS = Map.ofEntries(
            Map.entry(FloatArray.class, FloatArray::view),
            Map.entry(IntArray.class, IntArray::view),
            Map.entry(drcn.tornado.api.types.arrays.DoubleArray.class, drcn.tornado.api.types.arrays.DoubleArray::view),
            Map.entry(drcn.tornado.api.types.arrays.LongArray.class, drcn.tornado.api.types.arrays.LongArray::view),
            Map.entry(drcn.tornado.api.types.arrays.ShortArray.class, drcn.tornado.api.types.arrays.ShortArray::view),
            Map.entry(drcn.tornado.api.types.arrays.ByteArray.class, drcn.tornado.api.types.arrays.ByteArray::view),
            Map.entry(drcn.tornado.api.types.arrays.CharArray.class, drcn.tornado.api.types.arrays.CharArray::view),
            Map.entry(drcn.tornado.api.types.arrays.HalfFloatArray.class, drcn.tornado.api.types.arrays.HalfFloatArray::view),
            Map.entry(drcn.tornado.api.types.arrays.BFloat16Array.class, drcn.tornado.api.types.arrays.BFloat16Array::view),
            Map.entry(drcn.tornado.api.types.arrays.Int8Array.class, drcn.tornado.api.types.arrays.Int8Array::view),
            Map.entry(drcn.tornado.api.types.arrays.FP8Array.class, drcn.tornado.api.types.arrays.FP8Array::view));

    /** The Java array classes a kernel may take, to their element layout. */
    private static final Map<Class<?>, ValueLayout> LAYOUTS = Map.of(
            float[].class, ValueLayout.JAVA_FLOAT, int[].class, ValueLayout.JAVA_INT, double[].class, ValueLayout.JAVA_DOUBLE,
            long[].class, ValueLayout.JAVA_LONG, short[].class, ValueLayout.JAVA_SHORT, byte[].class, ValueLayout.JAVA_BYTE,
            char[].class, ValueLayout.JAVA_CHAR);

    private static Object toArray(MemorySegment segment, ValueLayout layout) {
        return switch (layout) {
            case ValueLayout.OfFloat f -> segment.toArray(f);
            case ValueLayout.OfInt v -> segment.toArray(v);
            case ValueLayout.OfDouble v -> segment.toArray(v);
            case ValueLayout.OfLong v -> segment.toArray(v);
            case ValueLayout.OfShort v -> segment.toArray(v);
            case ValueLayout.OfByte v -> segment.toArray(v);
            case ValueLayout.OfChar v -> segment.toArray(v);
            default -> throw new IllegalArgumentException("no Java array of " + layout);
        };
    }

    /** Java array arguments were copies: their contents go back to the buffers. */
    private static void copyBack(JvmCompiledKernel kernel, Object[] arguments, Object[] values) {
        var parameters = kernel.parameters();
        for (int i = 0; i < values.length; i++) {
            if (values[i] instanceof AtomicInteger counter) {
                ((JvmBuffer) arguments[i]).segment().set(ValueLayout.JAVA_INT, 0, counter.get());
                continue;
            }
            if (JavaGrids.isGridType(parameters.get(i).type())) {
                JavaGrids.gather(values[i], ((JvmBuffer) ((ShapedBuffer) arguments[i]).buffer()).segment());
                continue;
            }
            if (JavaGrids.isObjectArrayType(parameters.get(i).type()) || Wrappers.isVector(parameters.get(i).type()) && arguments[i] instanceof JvmBuffer) {
                JavaGrids.gather(values[i], ((JvmBuffer) arguments[i]).segment());
                continue;
            }
            ValueLayout layout = LAYOUTS.get(parameters.get(i).type());
            if (layout == null) continue;
            MemorySegment target = ((JvmBuffer) arguments[i]).segment();
            MemorySegment.copy(JavaGrids.heapSegment(values[i]), 0, target, 0, target.byteSize());
        }
    }

    private static Object copyOf(Object vector) {
        try {
            return vector.getClass().getMethod("duplicate").invoke(vector);
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("cannot copy a " + vector.getClass().getSimpleName() + ": " + e, e);
        }
    }

    private JvmBuffer bufferArgument(String kernel, int index, JvmCompiledKernel.Parameter p, Object a) {
        if (!(a instanceof JvmBuffer b)) throw wrongType(kernel, index, p, "a Buffer", a);
        if (b.owner() != this) throw new IllegalArgumentException(kernel + ": argument " + index + " '" + p.name() + "' is a buffer of another device");
        if (b.isClosed()) throw new IllegalArgumentException(kernel + ": argument " + index + " '" + p.name() + "' is a closed buffer");
        return b;
    }

    private static IllegalArgumentException wrongType(String kernel, int index, JvmCompiledKernel.Parameter p, String expected, Object got) {
        return new IllegalArgumentException(kernel + ": argument " + index + " '" + p.name() + "' (" + p.type().getSimpleName()
                + ") must be " + expected + ", not " + (got == null ? "null" : got.getClass().getSimpleName()));
    }

    @Override
    public void finish() {}

    @Override
    public void close() {
        closed = true;
        for (JvmBuffer b : List.copyOf(buffers)) b.close();
        compiled.clear();
    }

    private void checkOpen() {
        if (closed) throw new IllegalStateException(info.id() + " is closed");
    }
}
