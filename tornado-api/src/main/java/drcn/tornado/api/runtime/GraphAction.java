package drcn.tornado.api.runtime;

import java.io.Serializable;
import java.util.List;

/** One step of a task graph as declared, in order; what an execution engine reads from an {@code ImmutableTaskGraph}. */
public sealed interface GraphAction {

    /** {@code transferToDevice(mode, objects)}. */
    record ToDevice(int mode, List<Object> objects) implements GraphAction {}

    /** {@code transferToHost(mode, objects)}. */
    record ToHost(int mode, List<Object> objects) implements GraphAction {}

    /** {@code persistOnDevice(objects)}. */
    record Persist(List<Object> objects) implements GraphAction {}

    /** {@code consumeFromDevice([graph,] objects)}; {@code graph} is null when not named. */
    record Consume(String graph, List<Object> objects) implements GraphAction {}

    /**
     * {@code task(id, code, arguments)}: {@code code} is the serializable method reference, or a {@link Prebuilt} for a
     * {@code prebuiltTask}. Arguments may be null (a JVM null).
     */
    record Launch(String id, Serializable code, List<Object> arguments) implements GraphAction {}
}
