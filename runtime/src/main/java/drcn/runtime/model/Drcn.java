package drcn.runtime.model;

import drcn.kernels.nn.Elementwise;
import drcn.kernels.nn.Ensemble;
import drcn.runtime.backend.BackendException;
import drcn.runtime.backend.Device;
import drcn.runtime.backend.Range;
import drcn.runtime.config.Settings;
import drcn.runtime.graph.Engine;
import drcn.tornado.api.ImmutableTaskGraph;
import drcn.tornado.api.TaskGraph;
import drcn.tornado.api.TornadoExecutionPlan;
import drcn.tornado.api.enums.DataTransferMode;
import drcn.tornado.api.exceptions.TornadoExecutionPlanException;
import drcn.tornado.api.types.arrays.FloatArray;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * DRCN's forward pass on a {@link Device}: the forward half of {@code drcn.kernels.nn.DrcnReference#step} as a
 * task graph (tornado-api's {@link TaskGraph}), built once for one batch shape (N images of H x W) and run by one
 * {@link TornadoExecutionPlan} on the device every step: embed, D recursion tasks over the same shared-weight
 * arrays, the reconstruction, the ensemble. Names no backend. It holds the parameter values and the activations forward writes,
 * nothing else: gradients, optimizer state, the target and the backward buffers belong to a
 * {@link DrcnTraining}, which builds its own Drcn (with every activation backward reads kept) and runs the
 * backward and the optimizer over it.
 *
 * <p>Buffers (S = N*F*H*W, one hidden state of the batch; P = N*C*H*W, one image batch):
 * <pre>
 *   x               [N][C][H][W]                the input
 *   e1              [N][F][H][W]                embed1's output
 *   states          [D+1][N][F][H][W]           H_0 .. H_D (H_d at offset d*S; H_0 = embed2's output)
 *   r1              [D*N][F][H][W]              recon1 over all D states at once
 *   predictions     [D][N][C][H][W]             recon2 + skip, pred_1 .. pred_D
 *   output          [N][C][H][W]                the ensemble
 *   parameterValues one flat array of every parameter tensor, laid out as {@link #deviceLayout} says (llm.c's
 *                   layout, each tensor's offset padded to the device's slice alignment), and one VIEW of it
 *                   per tensor in {@link #values} ({@code FloatArray.sliceView}: a view of the flat device buffer;
 *                   the convolutions read each weight and bias from the start of an array)
 * </pre>
 * Every array lives on the device for the plan's life. Host and device exchange data only in {@link #forward} (the
 * input, transferred on every execution), {@link #setParameters} and the read-back methods (small graphs of one
 * transfer each); the activations never get host memory (FloatArrays allocate it on first host access).
 *
 * <p>{@link #forInference} builds the model an evaluation or upscale needs (2D+4 of a training run's 4D+5
 * states, no per-parameter copies beyond the values). Its reconstruction runs one of two ways, chosen at
 * construction by the size of D*N*F*H*W floats (one copy of every state) against a byte budget:
 * <ul>
 * <li>batched (within the budget): H_0..H_D all kept and recon2 (and, but on the Winograd chain, recon1)
 *     launched once over all D states, as in training: fewer launches, which matters when one state is too small
 *     to fill the device; about 2D+1 states of memory (e1 lives in r1, dead before recon1 writes it);
 * <li>per state (over it): H_d is reconstructed right after its recursion into one recon1 map, and the
 *     recursion ping-pongs between two state buffers: 3 states of memory whatever D is.
 * </ul>
 * On the Winograd chain (CPUs) recon1 of H_d runs in the same launches as the recursion that makes H_{d+1}
 * ({@link Convolutions#forwardPair}): both convolve H_d, so H_d is transformed once (D+1 input transforms
 * instead of 2D).
 * Each output pixel is summed in the same order either way (the batch size only sets how many pixels a
 * launch covers), so both give the training model's forward bit for bit (DrcnInferenceTest, jvm and opencl).
 * Measured at F=256, D=16, one 168x168 window (a 128 tile): training 2.03 GB, batched 0.96 GB, per state 96 MB (decimal).
 *
 * <p>Kernels are compiled once per specialization: the convolutions' shape ints are JIT constants; element
 * offsets and sizes stay runtime ints so one compiled kernel serves all D recursions. With {@code drcn.replay} (the
 * default) the plan runs with {@code withCUDAGraph()}: each graph's launches are recorded on its first execution and
 * replayed afterwards. Not thread-safe; one model per thread.
 */
public final class Drcn implements AutoCloseable {
    final Device device;
    final DrcnConfig config;
    final int n, height, width;
    final int f, depth, channels;
    /** Elements of one hidden state of the batch (N*F*H*W) and of one image batch (N*C*H*W). */
    final int state, image;

    /** Where each parameter tensor sits in a flat parameter array on the host (DrcnParameters' one table). */
    final DrcnParameters.Layout layout;
    /**
     * The same table on the device: each tensor's offset padded to the device's {@code sliceAlignment()}, so that each
     * tensor can be a view of one flat buffer; the padding is zero (in the values, and in a DrcnTraining's gradients and
     * optimizer state, which use this layout too).
     */
    final DrcnParameters.Layout deviceLayout;
    /** Every parameter value in one array, laid out as {@link #deviceLayout} says. */
    final FloatArray parameterValues;
    /** The parameter values, one view of {@link #parameterValues} per tensor (in {@link DrcnParameters#NAMES} order). */
    final Map<String, FloatArray> values;

    /**
     * Default budget of {@link #forInference(Device, DrcnConfig, int, int, int)}: the batched reconstruction
     * is kept while one copy of all D states (D*N*F*H*W floats) fits in it. 256 MiB covers F=256, D=16 up to
     * 128x128 windows, where a single state (N*F*H*W) is too small to keep a GPU busy and 2D launches
     * instead of 2 would show; larger windows fill the device per state and get the 3-state schedule.
     */
    public static final long BATCHED_RECONSTRUCTION_BUDGET_BYTES = 256L << 20;

    /** All of H_0..H_D are kept (H_d at d*S) and reconstructed in one batch; else two slots, per-state recon. */
    private final boolean batchedReconstruction;

    final FloatArray x, e1, states, r1, predictions, output;
    /** The model's own arrays (not the views, not the convolutions' scratch): what {@link #deviceBytes} sums. */
    private final List<FloatArray> all = new ArrayList<>();

    /** Every launch (the convolutions', this model's and a DrcnTraining's) becomes a task of the graph being built. */
    final Launches.Graph launches;
    /** The convolutions' launches, the one place that picks their kernels (and their scratch arrays). */
    final Convolutions convolutions;
    /** The graphs, in the plan's order, and their indices by name. */
    private final List<ImmutableTaskGraph> graphs = new ArrayList<>();
    private final Map<String, Integer> graphIndex = new HashMap<>();
    /** Runs every graph of this model (and of its DrcnTraining) on the device; built on the first execution. */
    private TornadoExecutionPlan plan;
    private boolean closed;
    private final Map<String, String> initMetadata = new TreeMap<>();
    private boolean forwardDone;
    /** Counts forwards and parameter changes: a DrcnTraining's loss belongs to the generation its backward saw. */
    private long generation;

    /**
     * A forward-only model (see the class comment) with the default budget
     * {@link #BATCHED_RECONSTRUCTION_BUDGET_BYTES} for the batched reconstruction.
     */
    public static Drcn forInference(Device device, DrcnConfig config, int batch, int height, int width) {
        return forInference(device, config, batch, height, width, BATCHED_RECONSTRUCTION_BUDGET_BYTES);
    }

    /**
     * A forward-only model that reconstructs all D states in one batch when D*N*F*H*W floats fit in
     * {@code batchedBudgetBytes} and state by state otherwise (0 forces per state).
     */
    public static Drcn forInference(Device device, DrcnConfig config, int batch, int height, int width, long batchedBudgetBytes) {
        long allStatesBytes = (long) config.recursions() * batch * config.filters() * height * width * Float.BYTES;
        return new Drcn(device, config, batch, height, width, allStatesBytes <= batchedBudgetBytes, false);
    }

    /**
     * {@code keepActivations}: every activation backward reads stays readable after forward (e1 gets a buffer of
     * its own instead of living in r1); only a {@link DrcnTraining} asks for it, with the batched reconstruction.
     */
    Drcn(Device device, DrcnConfig config, int batch, int height, int width, boolean batchedReconstruction, boolean keepActivations) {
        if (batch < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("a batch needs at least one image of at least 1x1 pixels, not " + batch + " of " + height + "x" + width);
        }
        if (keepActivations && !batchedReconstruction) throw new IllegalArgumentException("backward needs every state kept");
        this.device = device;
        this.launches = new Launches.Graph(device.info());
        this.convolutions = new Convolutions(launches);
        this.config = config;
        this.n = batch;
        this.height = height;
        this.width = width;
        this.f = config.filters();
        this.depth = config.recursions();
        this.channels = config.channels();
        this.batchedReconstruction = batchedReconstruction;
        long stateLong = (long) n * f * height * width;
        // element offsets are ints: the largest buffer must stay below 2^31 elements
        long largest = Math.max(batchedReconstruction ? (depth + 1) * stateLong : 2 * stateLong,
                (long) depth * n * channels * height * width);
        if (largest > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("the activations of " + batch + " images of " + height + "x" + width
                    + " with " + config + " exceed 2^31 elements: use a smaller batch or patch");
        }
        this.state = (int) stateLong;
        this.image = n * channels * height * width;

        this.layout = DrcnParameters.layout(config);
        this.deviceLayout = DrcnParameters.layout(config, Math.toIntExact(device.info().sliceAlignment() / Float.BYTES));
        parameterValues = floats(deviceLayout.total());   // zero, padding included, until setParameters
        values = views(parameterValues);
        x = floats(image);
        predictions = floats(depth * image);
        output = floats(image);
        if (batchedReconstruction) {
            states = floats((depth + 1) * state);
            r1 = floats(depth * state);
        } else {
            states = floats(2 * state);   // H_d in slot d % 2: the recursion needs only H_{d-1} and H_d
            r1 = floats(state);
        }
        // e1 is dead once embed2 has made H_0, before recon1 first writes r1: unless backward needs it, it lives at r1's start
        e1 = keepActivations ? floats(state) : r1;

        TaskGraph forward = launches.begin("forward").transferToDevice(DataTransferMode.EVERY_EXECUTION, x);
        forwardLaunches();
        addGraph(forward);
        addGraph(new TaskGraph("setValues").transferToDevice(DataTransferMode.EVERY_EXECUTION, parameterValues));
        addReadGraph("readValues", parameterValues);
        addReadGraph("readOutput", output);
        addReadGraph("readPredictions", predictions);
    }

    /** Adds a graph to the plan (before its first execution). */
    void addGraph(TaskGraph graph) {
        if (plan != null) throw new IllegalStateException("the plan already runs: add graphs before the first execution");
        graphIndex.put(graph.getTaskGraphName(), graphs.size());
        graphs.add(graph.snapshot());
    }

    /** Adds a graph that copies {@code arrays} from the device to the host (when the device has newer contents). */
    void addReadGraph(String name, FloatArray... arrays) {
        addGraph(new TaskGraph(name).transferToHost(DataTransferMode.EVERY_EXECUTION, (Object[]) arrays));
    }

    /**
     * Runs the graph {@code name} once: its copies have completed when it returns, its tasks may still be running
     * (a later graph runs after them, and every result comes back through a read graph, whose copy waits). A
     * device's failure (out of memory, a driver error) is a {@link BackendException} with the backend's own words,
     * as when the model launched on the device itself.
     */
    void run(String name) {
        if (closed) throw new IllegalStateException("the model is closed");
        if (plan == null) {
            plan = new TornadoExecutionPlan(graphs.toArray(ImmutableTaskGraph[]::new))
                    .withDevice(Engine.deviceOf(device))
                    .withGridScheduler(launches.grid())
                    .withoutWaitingForTasks();
            if (Settings.current().replay()) plan.withCUDAGraph();
        }
        try {
            plan.withGraph(graphIndex.get(name)).execute();
        } catch (RuntimeException e) {
            for (Throwable c = e; c != null; c = c.getCause()) {
                if (c instanceof BackendException b) throw new BackendException(b.getMessage(), e);
            }
            throw e;
        }
    }

    public DrcnConfig config() { return config; }

    public Device device() { return device; }

    public int batch() { return n; }

    public int height() { return height; }

    public int width() { return width; }

    /** Whether forward reconstructs all D states in one batch (always in training; see the class comment). */
    public boolean batchedReconstruction() { return batchedReconstruction; }

    /**
     * Bytes of device memory this model holds: the sum of its buffers' sizes (0 once closed), not counting the
     * convolutions' scratch ({@link #scratchBytes}).
     */
    public long deviceBytes() {
        long bytes = 0;
        if (closed) return 0;
        for (FloatArray a : all) bytes += a.getNumBytesOfSegment();
        return bytes;
    }

    /** Bytes of the convolutions' scratch buffers (the CPU Winograd chain's U, V, M; allocated on first use, bounded by chunking). */
    public long scratchBytes() {
        return convolutions.scratchBytes();
    }

    // ------------------------------------------------------------------------------ parameters

    /** Uploads parameters (they must have this model's configuration). */
    public void setParameters(DrcnParameters parameters) {
        DrcnConfig c = parameters.config();
        if (c.filters() != f || c.recursions() != depth || c.channels() != channels) {
            throw new IllegalArgumentException("parameters of " + c + " do not fit a model of " + config);
        }
        uploadFlat(parameterValues, parameters.flat(), "setValues");
        initMetadata.clear();
        initMetadata.putAll(parameters.metadata());
        parametersChanged();
    }

    /** Reads the parameters back from the device (with the metadata they were set with). */
    public DrcnParameters parameters() {
        DrcnParameters p = DrcnParameters.fromFlat(config, downloadFlat(parameterValues, "readValues"));
        p.metadata().putAll(initMetadata);
        return p;
    }

    /** The forward pass is stale: a {@link DrcnTraining}'s optimizer step (or setParameters) changed the values. */
    void parametersChanged() {
        forwardDone = false;
        generation++;
    }

    /** Whether a forward has run since the parameters last changed (backward needs its activations). */
    boolean forwardDone() { return forwardDone; }

    /** Changes with every forward and parameter change (see {@link DrcnTraining#loss}). */
    long generation() { return generation; }

    /**
     * A flat array laid out as {@link #layout} says from a flat array laid out as {@link #deviceLayout} says (the
     * values, the gradients or an optimizer state), brought to the host by the graph {@code read}: one copy, then one
     * per tensor.
     */
    float[] downloadFlat(FloatArray flat, String read) {
        run(read);
        return deviceLayout.repack(flat.toHeapArray(), layout);
    }

    /**
     * Sets a flat array laid out as {@link #deviceLayout} says from one laid out as {@link #layout} says (padding zero)
     * and sends it to the device with the graph {@code write}.
     */
    void uploadFlat(FloatArray flat, float[] values, String write) {
        if (values.length != layout.total()) {
            throw new IllegalArgumentException("a flat parameter array of " + config + " holds " + layout.total() + " values, not " + values.length);
        }
        flat.copyFrom(layout.repack(values, deviceLayout));
        run(write);
    }

    /** One view of {@code flat} (laid out as {@link #deviceLayout} says) per tensor, by name in {@link DrcnParameters#NAMES} order. */
    Map<String, FloatArray> views(FloatArray flat) {
        Map<String, FloatArray> tensors = new LinkedHashMap<>();
        for (String name : DrcnParameters.NAMES) tensors.put(name, flat.sliceView(deviceLayout.offset(name), deviceLayout.size(name)));
        return java.util.Collections.unmodifiableMap(tensors);
    }

    // --------------------------------------------------------------------------------- forward

    /**
     * The forward pass on {@code input} ({@code [N][C][H][W]}, the bicubic-upscaled images):
     * <pre>
     *   e1  = relu(embed1(x));  H_0 = relu(embed2(e1))
     *   H_d = relu(infer(H_{d-1}))                       d = 1..D, the SAME weights
     *   pred_d = recon2(relu(recon1(H_d))) + x           recon2 as ONE batch of D*N images
     *   out = sum_d ensemble[d] * pred_d
     * </pre>
     * Nothing is read back: see {@link #output()} and {@link #predictions()}.
     */
    public void forward(float[] input) {
        checkLength("input", input, image);
        x.copyFrom(input);
        run("forward");
        forwardDone = true;
        generation++;
    }

    /** The forward graph's tasks: the same kernels over the same arrays every time, so they can be replayed. */
    private void forwardLaunches() {
        convForward(x, 0, "embed1", e1, 0, n, channels, f, true);
        convForward(e1, 0, "embed2", states, 0, n, f, f, true);
        boolean pairs = convolutions.pairSharesInput(f, f);
        if (batchedReconstruction && !pairs) {
            // every state first, then recon1 and recon2 each as ONE launch over all D states
            for (int d = 1; d <= depth; d++) {
                convForward(states, (d - 1) * state, "infer", states, d * state, n, f, f, true);
            }
            convForward(states, state, "recon1", r1, 0, depth * n, f, f, true);
            convForward(r1, 0, "recon2", predictions, 0, depth * n, f, channels, false);
        } else {
            // H_d goes through recon1 as soon as it is made; with pairs (the Winograd chain) in the same launches as the
            // recursion that makes H_{d+1}, so that one transform of H_d serves both convolutions
            convForward(states, 0, "infer", states, stateAt(1), n, f, f, true);
            for (int d = 1; d <= depth; d++) {
                int r1At = batchedReconstruction ? (d - 1) * state : 0;
                if (d < depth) {
                    // two forwards where the device does not share the transform
                    convolutions.forwardPair(states, stateAt(d),
                            values.get("infer.weight"), values.get("infer.bias"), states, stateAt(d + 1),
                            values.get("recon1.weight"), values.get("recon1.bias"), r1, r1At,
                            n, f, f, height, width, true);
                } else {
                    convForward(states, stateAt(d), "recon1", r1, r1At, n, f, f, true);
                }
                if (!batchedReconstruction) convForward(r1, 0, "recon2", predictions, (d - 1) * image, n, f, channels, false);
            }
            if (batchedReconstruction) convForward(r1, 0, "recon2", predictions, 0, depth * n, f, channels, false);
        }
        launches.launch(Elementwise::addSkip, Range.of(depth * image),
                predictions, x, predictions, depth * image, image);
        launches.launch(Ensemble::ensembleForward, Range.of(image),
                predictions, values.get("ensemble.weight"), output, depth, image);
    }

    /** Where H_d lives in {@code states}: its own slot when all are kept, else slot d % 2 (H_{d-1} is in the other). */
    private int stateAt(int d) {
        return (batchedReconstruction ? d : d % 2) * state;
    }

    /** The ensemble output of the last forward pass, {@code [N][C][H][W]}. */
    public float[] output() {
        run("readOutput");
        return output.toHeapArray();
    }

    /** The D predictions of the last forward pass, {@code [D][N][C][H][W]}. */
    public float[] predictions() {
        run("readPredictions");
        return predictions.toHeapArray();
    }

    /**
     * out = act(conv(in[inOffset..]) + bias) into out[outOffset..], for the layer {@code layer}; the kernels are
     * {@link Convolutions#algorithm}'s choice (GPUs: one pixel per work-item; CPUs: Winograd F(4x4, 3x3), or 16-pixel
     * row tiles for the 1-channel layers).
     */
    private void convForward(FloatArray in, int inOffset, String layer, FloatArray out, int outOffset,
                             int batch, int inChannels, int outChannels, boolean relu) {
        convolutions.forward(in, inOffset, values.get(layer + ".weight"), values.get(layer + ".bias"), out, outOffset,
                batch, inChannels, outChannels, height, width, relu);
    }

    // -------------------------------------------------------------------------------- helpers

    /** A device array of {@code count} floats (no host memory until the host reads or writes it). */
    private FloatArray floats(int count) {
        var array = new FloatArray(Math.max(count, 1));
        all.add(array);
        return array;
    }

    static void checkLength(String what, float[] data, int expected) {
        if (data.length != expected) {
            throw new IllegalArgumentException("the " + what + " holds " + data.length + " values where the model's batch shape needs " + expected);
        }
    }

    /** Frees every device buffer of this model (the device stays open). */
    @Override
    public void close() {
        closed = true;
        if (plan == null) return;
        try {
            plan.close();
        } catch (TornadoExecutionPlanException e) {
            throw new BackendException("could not free the model's device memory: " + e.getMessage(), e);
        } finally {
            plan = null;
        }
    }
}
