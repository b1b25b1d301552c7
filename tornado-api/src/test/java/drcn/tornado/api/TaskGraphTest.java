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
}
