package drcn.runtime.model;

import drcn.runtime.backend.Buffer;
import drcn.runtime.backend.Device;
import drcn.runtime.backend.DeviceInfo;
import drcn.runtime.backend.Range;
import drcn.runtime.graph.RangeGrid;
import drcn.runtime.graph.Tasks;
import drcn.runtime.backend.KernelLauncher;
import drcn.runtime.jit.KernelRef;
import drcn.tornado.api.GridScheduler;
import drcn.tornado.api.KernelContext;
import drcn.tornado.api.TaskGraph;
import drcn.tornado.api.common.TornadoFunctions.*;
import drcn.tornado.api.types.arrays.FloatArray;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the model's and the convolutions' kernel launches go, each named by method reference with its range and its
 * arguments (the kernel's parameters in order, without the {@code KernelContext}):
 * <ul>
 * <li>{@link Graph}: tasks of a {@link TaskGraph}, arrays being {@code FloatArray}s (the model: its forward, backward
 *     and optimizer step are graphs built once per shape and run by one execution plan);</li>
 * <li>{@link OnDevice}: launched on a device now, arrays being {@link Buffer}s (the benchmarks and ladders that time
 *     one convolution as the model runs it).</li>
 * </ul>
 * Scratch arrays (the Winograd chain's U, V, M, the tiled weight gradient's partials) come from here too, of the kind
 * the launches take.
 */
public abstract sealed class Launches permits Launches.Graph, Launches.OnDevice {

    /** The device the launches run on. */
    public abstract DeviceInfo info();

    /** One launch of {@code kernel} (a method reference) over {@code range}. */
    abstract void add(Serializable kernel, Range range, Object... arguments);

    /** {@code current} when it holds at least {@code floats} floats, else a fresh scratch array of that size. */
    abstract Object scratch(Object current, long floats);

    /** Bytes of the scratch arrays handed out so far. */
    abstract long scratchBytes();

    /**
     * The unit that launches added now run in, in order and with nothing else between them: a scratch array that an
     * earlier launch of the same unit filled still holds it (no one else writes it). The graph being built; -1 when
     * launches run at once (between two calls the caller may change any array).
     */
    abstract long unit();

    public final <A> void launch(Task1<A> kernel, Range range, Object... arguments) { add(kernel, range, arguments); }
    public final <A,B> void launch(Task2<A,B> kernel, Range range, Object... arguments) { add(kernel, range, arguments); }
    public final <A,B,C> void launch(Task3<A,B,C> kernel, Range range, Object... arguments) { add(kernel, range, arguments); }
    public final <A,B,C,D> void launch(Task4<A,B,C,D> kernel, Range range, Object... arguments) { add(kernel, range, arguments); }
    public final <A,B,C,D,E> void launch(Task5<A,B,C,D,E> kernel, Range range, Object... arguments) { add(kernel, range, arguments); }
    public final <A,B,C,D,E,F> void launch(Task6<A,B,C,D,E,F> kernel, Range range, Object... arguments) { add(kernel, range, arguments); }
    public final <A,B,C,D,E,F,G> void launch(Task7<A,B,C,D,E,F,G> kernel, Range range, Object... arguments) { add(kernel, range, arguments); }
    public final <A,B,C,D,E,F,G,H> void launch(Task8<A,B,C,D,E,F,G,H> kernel, Range range, Object... arguments) { add(kernel, range, arguments); }
    public final <A,B,C,D,E,F,G,H,I> void launch(Task9<A,B,C,D,E,F,G,H,I> kernel, Range range, Object... arguments) { add(kernel, range, arguments); }
    public final <A,B,C,D,E,F,G,H,I,J> void launch(Task10<A,B,C,D,E,F,G,H,I,J> kernel, Range range, Object... arguments) { add(kernel, range, arguments); }
    public final <A,B,C,D,E,F,G,H,I,J,K> void launch(Task11<A,B,C,D,E,F,G,H,I,J,K> kernel, Range range, Object... arguments) { add(kernel, range, arguments); }
    public final <A,B,C,D,E,F,G,H,I,J,K,L> void launch(Task12<A,B,C,D,E,F,G,H,I,J,K,L> kernel, Range range, Object... arguments) { add(kernel, range, arguments); }
    public final <A,B,C,D,E,F,G,H,I,J,K,L,M> void launch(Task13<A,B,C,D,E,F,G,H,I,J,K,L,M> kernel, Range range, Object... arguments) { add(kernel, range, arguments); }
    public final <A,B,C,D,E,F,G,H,I,J,K,L,M,N> void launch(Task14<A,B,C,D,E,F,G,H,I,J,K,L,M,N> kernel, Range range, Object... arguments) { add(kernel, range, arguments); }
    public final <A,B,C,D,E,F,G,H,I,J,K,L,M,N,O> void launch(Task15<A,B,C,D,E,F,G,H,I,J,K,L,M,N,O> kernel, Range range, Object... arguments) { add(kernel, range, arguments); }
    public final <A,B,C,D,E,F,G,H,I,J,K,L,M,N,O,P> void launch(Task16<A,B,C,D,E,F,G,H,I,J,K,L,M,N,O,P> kernel, Range range, Object... arguments) { add(kernel, range, arguments); }
    public final <A,B,C,D,E,F,G,H,I,J,K,L,M,N,O,P,Q> void launch(Task17<A,B,C,D,E,F,G,H,I,J,K,L,M,N,O,P,Q> kernel, Range range, Object... arguments) { add(kernel, range, arguments); }
    public final <A,B,C,D,E,F,G,H,I,J,K,L,M,N,O,P,Q,R> void launch(Task18<A,B,C,D,E,F,G,H,I,J,K,L,M,N,O,P,Q,R> kernel, Range range, Object... arguments) { add(kernel, range, arguments); }
    public final <A,B,C,D,E,F,G,H,I,J,K,L,M,N,O,P,Q,R,S> void launch(Task19<A,B,C,D,E,F,G,H,I,J,K,L,M,N,O,P,Q,R,S> kernel, Range range, Object... arguments) { add(kernel, range, arguments); }
    public final <A,B,C,D,E,F,G,H,I,J,K,L,M,N,O,P,Q,R,S,T> void launch(Task20<A,B,C,D,E,F,G,H,I,J,K,L,M,N,O,P,Q,R,S,T> kernel, Range range, Object... arguments) { add(kernel, range, arguments); }

    /** Launches as tasks of task graphs; {@link #begin} starts each graph. */
    public static final class Graph extends Launches {
        private final DeviceInfo info;
        private final GridScheduler grid = new GridScheduler();
        private final Map<KernelRef, Integer> contextIndex = new IdentityHashMap<>();
        private final List<FloatArray> scratch = new ArrayList<>();
        private TaskGraph graph;
        private int tasks;
        private long graphsBegun;

        public Graph(DeviceInfo info) {
            this.info = info;
        }

        /** Starts a graph: the launches that follow are its tasks, in order. */
        public TaskGraph begin(String name) {
            graph = new TaskGraph(name);
            tasks = 0;
            graphsBegun++;
            return graph;
        }

        @Override
        long unit() {
            return graphsBegun;
        }

        /** Every graph's grids (RangeGrids keyed graph.task). */
        public GridScheduler grid() {
            return grid;
        }

        @Override
        public DeviceInfo info() {
            return info;
        }

        @Override
        void add(Serializable kernel, Range range, Object... arguments) {
            if (graph == null) throw new IllegalStateException("no graph begun");
            KernelRef ref = KernelRef.forMethod(kernel);
            int context = contextIndex.computeIfAbsent(ref, Graph::contextIndexOf);
            Object[] all = arguments;
            if (context >= 0) {
                all = new Object[arguments.length + 1];
                System.arraycopy(arguments, 0, all, 0, context);
                all[context] = CONTEXT;
                System.arraycopy(arguments, context, all, context + 1, arguments.length - context);
            }
            String id = "t" + tasks++;
            grid.addWorkerGrid(graph.getTaskGraphName() + "." + id, new RangeGrid(range));
            Tasks.add(graph, id, kernel, all);
        }

        /** A placeholder: the engine gives each work-item its own context. */
        private static final KernelContext CONTEXT = new KernelContext();

        private static int contextIndexOf(KernelRef ref) {
            Class<?>[] types = ref.javaMethod().getParameterTypes();
            for (int i = 0; i < types.length; i++) if (types[i] == KernelContext.class) return i;
            return -1;
        }

        @Override
        Object scratch(Object current, long floats) {
            if (current instanceof FloatArray f && f.getSize() >= floats) return f;
            var fresh = new FloatArray(Math.toIntExact(floats));   // device-only: no host memory
            scratch.add(fresh);
            return fresh;
        }

        @Override
        long scratchBytes() {
            long bytes = 0;
            for (FloatArray f : scratch) bytes += f.getNumBytesOfSegment();
            return bytes;
        }
    }

    /** Launches on a device now, each kernel compiled once per specialization. */
    public static final class OnDevice extends Launches implements AutoCloseable {
        private final Device device;
        private final KernelLauncher launcher;
        private final List<Buffer> scratch = new ArrayList<>();

        public OnDevice(Device device) {
            this.device = device;
            this.launcher = new KernelLauncher(device);
        }

        @Override
        public DeviceInfo info() {
            return device.info();
        }

        @Override
        void add(Serializable kernel, Range range, Object... arguments) {
            launcher.launch(KernelRef.forMethod(kernel), range, arguments);
        }

        @Override
        long unit() {
            return -1;
        }

        @Override
        Object scratch(Object current, long floats) {
            if (current instanceof Buffer b && b.byteSize() >= floats * Float.BYTES) return b;
            Buffer fresh = device.allocateFloats(floats);   // a smaller one stays until close: launches in flight may read it
            scratch.add(fresh);
            return fresh;
        }

        @Override
        long scratchBytes() {
            long bytes = 0;
            for (Buffer b : scratch) bytes += b.byteSize();
            return bytes;
        }

        /** Frees the scratch buffers (the device stays open). */
        @Override
        public void close() {
            device.finish();
            scratch.forEach(Buffer::close);
            scratch.clear();
        }
    }
}
