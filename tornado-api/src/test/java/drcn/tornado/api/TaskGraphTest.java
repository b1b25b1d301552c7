package drcn.tornado.api;

import drcn.tornado.api.enums.DataTransferMode;
import drcn.tornado.api.types.arrays.FloatArray;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** TaskGraph's queries: the objects its tasks take and the objects it copies back. */
class TaskGraphTest {

    static void scale(FloatArray in, FloatArray out, float factor) {
        for (int i = 0; i < in.getSize(); i++) out.set(i, in.get(i) * factor);
    }

    @Test
    void argumentsAndOutputs() {
        var in = new FloatArray(4);
        var out = new FloatArray(4);
        var other = new FloatArray(4);
        TaskGraph graph = new TaskGraph("g")
                .transferToDevice(DataTransferMode.FIRST_EXECUTION, in)
                .task("t0", TaskGraphTest::scale, in, out, 2.0f)
                .task("t1", TaskGraphTest::scale, out, other, 3.0f)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, out, other);
        assertEquals(List.of(in, out, 2.0f, other, 3.0f), List.copyOf(graph.getArgumentsLookup()));
        assertEquals(List.of(out, other), List.copyOf(graph.getOutputs()));
        assertSame(graph, graph.withCUDAStreams().withoutCUDAStreams());
    }

    /** As in TornadoVM: a scalar cannot be an output (the task got a copy); atomics can. */
    @Test
    void aScalarCannotComeBack() {
        var graph = new TaskGraph("g");
        var e = assertThrows(drcn.tornado.api.exceptions.TornadoRuntimeException.class,
                () -> graph.transferToHost(DataTransferMode.EVERY_EXECUTION, new FloatArray(2), 7));
        assertTrue(e.getMessage().contains("the scalar 7 (a Integer)"), e.getMessage());
        assertThrows(drcn.tornado.api.exceptions.TornadoRuntimeException.class, () -> graph.transferToHost(DataTransferMode.EVERY_EXECUTION, 1.5f));
        assertSame(graph, graph.transferToHost(DataTransferMode.EVERY_EXECUTION, new java.util.concurrent.atomic.AtomicInteger(1)));
    }
}
