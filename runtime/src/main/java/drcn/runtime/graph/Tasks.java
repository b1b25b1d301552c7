package drcn.runtime.graph;

import drcn.tornado.api.TaskGraph;
import drcn.tornado.api.common.TornadoFunctions.*;
import drcn.tornado.api.exceptions.TornadoTaskRuntimeException;

import java.io.Serializable;

/**
 * Adds a task to a {@link TaskGraph} from a method reference and an argument list that javac did not type against
 * each other: for runtime code that builds graphs from a schedule (the DRCN model's convolutions, whose arrays and
 * scalars come from one generic launch site) or passes a {@link FloatCell} where the kernel takes a float. The engine
 * checks the arguments against the kernel's parameters when it resolves the task, as it does for every task.
 */
public final class Tasks {
    private Tasks() {}

    /**
     * {@code graph.task(id, code, arguments...)}; {@code code} is a method reference of a {@code TornadoFunctions.TaskN}
     * with N = {@code arguments.length} (a {@code KernelContext} parameter included).
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static TaskGraph add(TaskGraph graph, String id, Serializable code, Object... a) {
        try {
            return switch (a.length) {
                case 0 -> graph.task(id, (Task) code);
                case 1 -> graph.task(id, (Task1) code, a[0]);
                case 2 -> graph.task(id, (Task2) code, a[0], a[1]);
                case 3 -> graph.task(id, (Task3) code, a[0], a[1], a[2]);
                case 4 -> graph.task(id, (Task4) code, a[0], a[1], a[2], a[3]);
                case 5 -> graph.task(id, (Task5) code, a[0], a[1], a[2], a[3], a[4]);
                case 6 -> graph.task(id, (Task6) code, a[0], a[1], a[2], a[3], a[4], a[5]);
                case 7 -> graph.task(id, (Task7) code, a[0], a[1], a[2], a[3], a[4], a[5], a[6]);
                case 8 -> graph.task(id, (Task8) code, a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7]);
                case 9 -> graph.task(id, (Task9) code, a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8]);
                case 10 -> graph.task(id, (Task10) code, a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9]);
                case 11 -> graph.task(id, (Task11) code, a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10]);
                case 12 -> graph.task(id, (Task12) code, a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11]);
                case 13 -> graph.task(id, (Task13) code, a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11], a[12]);
                case 14 -> graph.task(id, (Task14) code, a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11], a[12], a[13]);
                case 15 -> graph.task(id, (Task15) code, a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11], a[12], a[13], a[14]);
                case 16 -> graph.task(id, (Task16) code, a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11], a[12], a[13], a[14], a[15]);
                case 17 -> graph.task(id, (Task17) code, a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11], a[12], a[13], a[14], a[15], a[16]);
                case 18 -> graph.task(id, (Task18) code, a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11], a[12], a[13], a[14], a[15], a[16], a[17]);
                case 19 -> graph.task(id, (Task19) code, a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11], a[12], a[13], a[14], a[15], a[16], a[17], a[18]);
                case 20 -> graph.task(id, (Task20) code, a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11], a[12], a[13], a[14], a[15], a[16], a[17], a[18], a[19]);
                default -> throw new TornadoTaskRuntimeException("task " + id + " has " + a.length + " arguments; tasks take at most 20");
            };
        } catch (ClassCastException e) {
            throw new TornadoTaskRuntimeException("task " + id + ": " + a.length + " arguments for a method reference of another arity (" + code + ")", e);
        }
    }
}
