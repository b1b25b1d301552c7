package drcn.tornado.api;

import drcn.tornado.api.common.TornadoFunctions.*;
import drcn.tornado.api.enums.DataTransferMode;
import drcn.tornado.api.exceptions.TornadoRuntimeException;
import drcn.tornado.api.exceptions.TornadoTaskRuntimeException;
import drcn.tornado.api.common.Access;
import drcn.tornado.api.runtime.GraphAction;
import drcn.tornado.api.runtime.Prebuilt;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A graph of tasks and the data they move, as in TornadoVM: declare what goes to the device
 * ({@link #transferToDevice}), the tasks in order ({@link #task}: a method reference and its arguments,
 * checked by javac), and what comes back ({@link #transferToHost}); then {@link #snapshot()} it and run
 * the snapshot with a {@link TornadoExecutionPlan}.
 *
 * <p>A task's method is a kernel: a static method that the kernel compiler (our annotation processor)
 * found through this very call and translated at build time; a method outside the kernel subset is a
 * compile error here and at its offending line. Arguments are captured when the task is added: arrays
 * by reference (their contents move per the transfer modes), scalars by value.
 */
public class TaskGraph {
    private final String name;
    private final List<GraphAction> actions = new ArrayList<>();
    private final Set<String> taskIds = new HashSet<>();

    public TaskGraph(String name) {
        this.name = checkName(name, "task graph");
    }

    public String getTaskGraphName() {
        return name;
    }

    /** Copies {@code objects} from the host to the device: on the first execution only, or on every one. */
    public TaskGraph transferToDevice(final int mode, Object... objects) {
        actions.add(new GraphAction.ToDevice(checkMode(mode), objects(objects, "transferToDevice")));
        return this;
    }

    /**
     * Copies {@code objects} back after the tasks: after every execution, after the first only, or
     * {@link DataTransferMode#UNDER_DEMAND} when the result's {@code transferToHost} asks.
     */
    public TaskGraph transferToHost(final int mode, Object... objects) {
        List<Object> moved = objects(objects, "transferToHost");
        for (Object o : moved) {
            // Java passed the task a copy of the value: nothing could come back into the caller's variable
            boolean scalar = (o instanceof Number && !(o instanceof AtomicInteger) && !(o instanceof AtomicLong))
                    || o instanceof Boolean || o instanceof Character;
            if (scalar) {
                throw new TornadoRuntimeException("transferToHost in task graph " + name + " got the scalar " + o
                        + " (a " + o.getClass().getSimpleName() + "), which Java passes by value; copy results back in an array or a vector type");
            }
        }
        actions.add(new GraphAction.ToHost(checkMode(mode), moved));
        return this;
    }

    /** Keeps {@code objects}' device buffers after this graph runs, for a later graph that consumes them. */
    public TaskGraph persistOnDevice(Object... objects) {
        actions.add(new GraphAction.Persist(objects(objects, "persistOnDevice")));
        return this;
    }

    /** Uses the device buffers another graph of the plan left with {@link #persistOnDevice}, without copying from the host. */
    public TaskGraph consumeFromDevice(Object... objects) {
        actions.add(new GraphAction.Consume(null, objects(objects, "consumeFromDevice")));
        return this;
    }

    /** As {@link #consumeFromDevice(Object...)}, naming the graph that persisted them. */
    public TaskGraph consumeFromDevice(String uniqueTaskGraphName, Object... objects) {
        actions.add(new GraphAction.Consume(uniqueTaskGraphName, objects(objects, "consumeFromDevice")));
        return this;
    }

    /** An immutable copy of this graph, what a {@link TornadoExecutionPlan} runs. */
    public ImmutableTaskGraph snapshot() {
        return new ImmutableTaskGraph(name, List.copyOf(actions));
    }

    /** Every object passed to this graph's tasks so far (scalars included), as TornadoVM's lookup set. */
    public Set<Object> getArgumentsLookup() {
        Set<Object> arguments = new java.util.LinkedHashSet<>();
        for (GraphAction action : actions) {
            if (action instanceof GraphAction.Launch launch) arguments.addAll(launch.arguments());
        }
        return arguments;
    }

    /** The objects this graph copies back to the host ({@link #transferToHost}), in declaration order. */
    public java.util.Collection<?> getOutputs() {
        List<Object> outputs = new ArrayList<>();
        for (GraphAction action : actions) {
            if (action instanceof GraphAction.ToHost toHost) outputs.addAll(toHost.objects());
        }
        return outputs;
    }

    /** @deprecated as in TornadoVM: use {@link TornadoExecutionPlan#withIntraPlanConcurrency()} (one queue per device here). */
    @Deprecated
    public TaskGraph withCUDAStreams() {
        return this;
    }

    /** @deprecated as in TornadoVM: use {@link TornadoExecutionPlan#withoutIntraPlanConcurrency()}. */
    @Deprecated
    public TaskGraph withoutCUDAStreams() {
        return this;
    }

    /** A task of no arguments: {@code code} is a method reference such as {@code MyKernels::run}. */
    public TaskGraph task(String id, Task code) {
        return addTask(id, code);
    }

    public <T1> TaskGraph task(String id, Task1<T1> code, T1 arg1) {
        return addTask(id, code, arg1);
    }

    public <T1, T2> TaskGraph task(String id, Task2<T1, T2> code, T1 arg1, T2 arg2) {
        return addTask(id, code, arg1, arg2);
    }

    public <T1, T2, T3> TaskGraph task(String id, Task3<T1, T2, T3> code, T1 arg1, T2 arg2, T3 arg3) {
        return addTask(id, code, arg1, arg2, arg3);
    }

    public <T1, T2, T3, T4> TaskGraph task(String id, Task4<T1, T2, T3, T4> code, T1 arg1, T2 arg2, T3 arg3, T4 arg4) {
        return addTask(id, code, arg1, arg2, arg3, arg4);
    }

    public <T1, T2, T3, T4, T5> TaskGraph task(String id, Task5<T1, T2, T3, T4, T5> code, T1 arg1, T2 arg2, T3 arg3, T4 arg4, T5 arg5) {
        return addTask(id, code, arg1, arg2, arg3, arg4, arg5);
    }

    public <T1, T2, T3, T4, T5, T6> TaskGraph task(String id, Task6<T1, T2, T3, T4, T5, T6> code, T1 arg1, T2 arg2, T3 arg3, T4 arg4, T5 arg5, T6 arg6) {
        return addTask(id, code, arg1, arg2, arg3, arg4, arg5, arg6);
    }

    public <T1, T2, T3, T4, T5, T6, T7> TaskGraph task(String id, Task7<T1, T2, T3, T4, T5, T6, T7> code, T1 arg1, T2 arg2, T3 arg3, T4 arg4, T5 arg5, T6 arg6, T7 arg7) {
        return addTask(id, code, arg1, arg2, arg3, arg4, arg5, arg6, arg7);
    }

    public <T1, T2, T3, T4, T5, T6, T7, T8> TaskGraph task(String id, Task8<T1, T2, T3, T4, T5, T6, T7, T8> code, T1 arg1, T2 arg2, T3 arg3, T4 arg4, T5 arg5, T6 arg6, T7 arg7, T8 arg8) {
        return addTask(id, code, arg1, arg2, arg3, arg4, arg5, arg6, arg7, arg8);
    }

    public <T1, T2, T3, T4, T5, T6, T7, T8, T9> TaskGraph task(String id, Task9<T1, T2, T3, T4, T5, T6, T7, T8, T9> code, T1 arg1, T2 arg2, T3 arg3, T4 arg4, T5 arg5, T6 arg6, T7 arg7, T8 arg8, T9 arg9) {
        return addTask(id, code, arg1, arg2, arg3, arg4, arg5, arg6, arg7, arg8, arg9);
    }

    public <T1, T2, T3, T4, T5, T6, T7, T8, T9, T10> TaskGraph task(String id, Task10<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10> code, T1 arg1, T2 arg2, T3 arg3, T4 arg4, T5 arg5, T6 arg6, T7 arg7, T8 arg8, T9 arg9, T10 arg10) {
        return addTask(id, code, arg1, arg2, arg3, arg4, arg5, arg6, arg7, arg8, arg9, arg10);
    }

    public <T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11> TaskGraph task(String id, Task11<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11> code, T1 arg1, T2 arg2, T3 arg3, T4 arg4, T5 arg5, T6 arg6, T7 arg7, T8 arg8, T9 arg9, T10 arg10, T11 arg11) {
        return addTask(id, code, arg1, arg2, arg3, arg4, arg5, arg6, arg7, arg8, arg9, arg10, arg11);
    }

    public <T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12> TaskGraph task(String id, Task12<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12> code, T1 arg1, T2 arg2, T3 arg3, T4 arg4, T5 arg5, T6 arg6, T7 arg7, T8 arg8, T9 arg9, T10 arg10, T11 arg11, T12 arg12) {
        return addTask(id, code, arg1, arg2, arg3, arg4, arg5, arg6, arg7, arg8, arg9, arg10, arg11, arg12);
    }

    public <T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13> TaskGraph task(String id, Task13<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13> code, T1 arg1, T2 arg2, T3 arg3, T4 arg4, T5 arg5, T6 arg6, T7 arg7, T8 arg8, T9 arg9, T10 arg10, T11 arg11, T12 arg12, T13 arg13) {
        return addTask(id, code, arg1, arg2, arg3, arg4, arg5, arg6, arg7, arg8, arg9, arg10, arg11, arg12, arg13);
    }

    public <T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14> TaskGraph task(String id, Task14<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14> code, T1 arg1, T2 arg2, T3 arg3, T4 arg4, T5 arg5, T6 arg6, T7 arg7, T8 arg8, T9 arg9, T10 arg10, T11 arg11, T12 arg12, T13 arg13, T14 arg14) {
        return addTask(id, code, arg1, arg2, arg3, arg4, arg5, arg6, arg7, arg8, arg9, arg10, arg11, arg12, arg13, arg14);
    }

    public <T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15> TaskGraph task(String id, Task15<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15> code, T1 arg1, T2 arg2, T3 arg3, T4 arg4, T5 arg5, T6 arg6, T7 arg7, T8 arg8, T9 arg9, T10 arg10, T11 arg11, T12 arg12, T13 arg13, T14 arg14, T15 arg15) {
        return addTask(id, code, arg1, arg2, arg3, arg4, arg5, arg6, arg7, arg8, arg9, arg10, arg11, arg12, arg13, arg14, arg15);
    }

    public <T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15, T16> TaskGraph task(String id, Task16<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15, T16> code, T1 arg1, T2 arg2, T3 arg3, T4 arg4, T5 arg5, T6 arg6, T7 arg7, T8 arg8, T9 arg9, T10 arg10, T11 arg11, T12 arg12, T13 arg13, T14 arg14, T15 arg15, T16 arg16) {
        return addTask(id, code, arg1, arg2, arg3, arg4, arg5, arg6, arg7, arg8, arg9, arg10, arg11, arg12, arg13, arg14, arg15, arg16);
    }

    public <T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15, T16, T17> TaskGraph task(String id, Task17<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15, T16, T17> code, T1 arg1, T2 arg2, T3 arg3, T4 arg4, T5 arg5, T6 arg6, T7 arg7, T8 arg8, T9 arg9, T10 arg10, T11 arg11, T12 arg12, T13 arg13, T14 arg14, T15 arg15, T16 arg16, T17 arg17) {
        return addTask(id, code, arg1, arg2, arg3, arg4, arg5, arg6, arg7, arg8, arg9, arg10, arg11, arg12, arg13, arg14, arg15, arg16, arg17);
    }

    public <T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15, T16, T17, T18> TaskGraph task(String id, Task18<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15, T16, T17, T18> code, T1 arg1, T2 arg2, T3 arg3, T4 arg4, T5 arg5, T6 arg6, T7 arg7, T8 arg8, T9 arg9, T10 arg10, T11 arg11, T12 arg12, T13 arg13, T14 arg14, T15 arg15, T16 arg16, T17 arg17, T18 arg18) {
        return addTask(id, code, arg1, arg2, arg3, arg4, arg5, arg6, arg7, arg8, arg9, arg10, arg11, arg12, arg13, arg14, arg15, arg16, arg17, arg18);
    }

    public <T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15, T16, T17, T18, T19> TaskGraph task(String id, Task19<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15, T16, T17, T18, T19> code, T1 arg1, T2 arg2, T3 arg3, T4 arg4, T5 arg5, T6 arg6, T7 arg7, T8 arg8, T9 arg9, T10 arg10, T11 arg11, T12 arg12, T13 arg13, T14 arg14, T15 arg15, T16 arg16, T17 arg17, T18 arg18, T19 arg19) {
        return addTask(id, code, arg1, arg2, arg3, arg4, arg5, arg6, arg7, arg8, arg9, arg10, arg11, arg12, arg13, arg14, arg15, arg16, arg17, arg18, arg19);
    }

    public <T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15, T16, T17, T18, T19, T20> TaskGraph task(String id, Task20<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15, T16, T17, T18, T19, T20> code, T1 arg1, T2 arg2, T3 arg3, T4 arg4, T5 arg5, T6 arg6, T7 arg7, T8 arg8, T9 arg9, T10 arg10, T11 arg11, T12 arg12, T13 arg13, T14 arg14, T15 arg15, T16 arg16, T17 arg17, T18 arg18, T19 arg19, T20 arg20) {
        return addTask(id, code, arg1, arg2, arg3, arg4, arg5, arg6, arg7, arg8, arg9, arg10, arg11, arg12, arg13, arg14, arg15, arg16, arg17, arg18, arg19, arg20);
    }

    /**
     * A task that runs the kernel {@code entryPoint} of a hand-written OpenCL C file ({@code filename}) on its arguments,
     * {@code accessorParameters} in the kernel's order. The kernel follows TornadoVM's calling convention (see
     * {@code Prebuilt} in the runtime); such tasks run on OpenCL devices only.
     */
    public TaskGraph prebuiltTask(String id, String entryPoint, String filename, AccessorParameters accessorParameters) {
        return prebuiltTask(id, entryPoint, filename, accessorParameters, new int[0]);
    }

    /** As {@link #prebuiltTask(String, String, String, AccessorParameters)}, with an atomics region of these initial values. */
    public TaskGraph prebuiltTask(String id, String entryPoint, String filename, AccessorParameters accessorParameters, int[] atomics) {
        if (entryPoint == null || filename == null || accessorParameters == null || atomics == null) {
            throw new TornadoTaskRuntimeException("prebuiltTask " + name + "." + id + " needs an entry point, a file, its accessor parameters and an atomics array (not null)");
        }
        var objects = new Object[accessorParameters.numAccessors()];
        var accesses = new ArrayList<Access>();
        for (int i = 0; i < objects.length; i++) {
            AccessorParameters.PairAccessor pair = accessorParameters.getAccessor(i);
            if (pair == null || pair.object() == null) {
                throw new TornadoTaskRuntimeException("prebuiltTask " + name + "." + id + ": accessor parameter " + i + " is not set");
            }
            objects[i] = pair.object();
            accesses.add(pair.access() == null ? Access.NONE : pair.access());
        }
        return addTask(id, new Prebuilt(entryPoint, filename, List.copyOf(accesses), atomics.clone()), objects);
    }

    private TaskGraph addTask(String id, Serializable code, Object... arguments) {
        checkName(id, "task");
        if (!taskIds.add(id)) throw new TornadoTaskRuntimeException("task graph " + name + " already has a task named " + id);
        if (code == null) throw new TornadoTaskRuntimeException("task " + name + "." + id + " has no method");
        actions.add(new GraphAction.Launch(id, code, Arrays.asList(arguments.clone())));
        return this;
    }

    private static String checkName(String name, String what) {
        if (name == null || name.isEmpty() || name.contains(".") || name.chars().anyMatch(Character::isWhitespace)) {
            throw new TornadoTaskRuntimeException("a " + what + " name must be non-empty, without dots or spaces (the plan's keys are graph.task): '" + name + "'");
        }
        return name;
    }

    private static int checkMode(int mode) {
        if (mode != DataTransferMode.FIRST_EXECUTION && mode != DataTransferMode.EVERY_EXECUTION && mode != DataTransferMode.UNDER_DEMAND) {
            throw new TornadoTaskRuntimeException("unknown data transfer mode " + mode + ": use DataTransferMode.FIRST_EXECUTION, EVERY_EXECUTION or UNDER_DEMAND");
        }
        return mode;
    }

    private List<Object> objects(Object[] objects, String what) {
        Class<?> component = objects.getClass().getComponentType();
        if (component != Object.class && (Number.class.isAssignableFrom(component) && component.getPackageName().equals("java.lang")
                || drcn.tornado.api.types.vectors.TornadoVectorsInterface.class.isAssignableFrom(component))) {
            // transferToHost(mode, output) with a Float[] or Float2[] output: javac passes that array itself as the
            // varargs, whose elements may still be null; the program means the array, which moves as one object
            return List.of((Object) objects);
        }
        for (Object o : objects) {
            if (o == null) throw new TornadoTaskRuntimeException(what + " in task graph " + name + " got a null object");
        }
        return List.of(objects);
    }
}
