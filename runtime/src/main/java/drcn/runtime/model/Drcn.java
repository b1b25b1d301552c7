package drcn.runtime.model;

import static drcn.runtime.jit.Kernels.ref;

import drcn.kernels.nn.Elementwise;
import drcn.kernels.nn.Ensemble;
import drcn.runtime.backend.Buffer;
import drcn.runtime.backend.Device;
import drcn.runtime.backend.Range;
import drcn.runtime.jit.KernelLauncher;
import drcn.runtime.config.Settings;
import drcn.runtime.graph.LaunchRecorder;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * DRCN's forward pass on a {@link Device}: the forward half of {@code drcn.kernels.nn.DrcnReference#step} as a
 * schedule of kernel launches, over device buffers allocated once for one batch shape (N images of H x W) and
 * reused every step. Names no backend. It holds the parameter values and the activations forward writes,
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
 *   parameterValues one flat buffer of every parameter tensor, laid out as {@link #deviceLayout} says (llm.c's
 *                   layout, each tensor's offset padded to the device's slice alignment), and one VIEW of it
 *                   per tensor in {@link #values} (the convolutions read each weight and bias from the start of a buffer)
 * </pre>
 * Host and device exchange data only in {@link #forward} (the input) and the read-back methods.
 *
 * <p>{@link #forInference} builds the model an evaluation or upscale needs (2D+4 of a training run's 4D+5
 * states, no per-parameter copies beyond the values). Its reconstruction runs one of two ways, chosen at
 * construction by the size of D*N*F*H*W floats (one copy of every state) against a byte budget:
 * <ul>
 * <li>batched (within the budget): H_0..H_D all kept and recon1/recon2 launched once over all D states,
 *     as in training: 2 launches instead of 2D, which matters when one state is too small to fill the
 *     device; about 2D+1 states of memory (e1 lives in r1, dead before recon1 writes it);
 * <li>per state (over it): H_d is reconstructed right after its recursion into one recon1 map, and the
 *     recursion ping-pongs between two state buffers: 3 states of memory whatever D is.
 * </ul>
 * Each output pixel is summed in the same order either way (the batch size only sets how many pixels a
 * launch covers), so both give the training model's forward bit for bit (DrcnInferenceTest, jvm and opencl).
 * Measured at F=256, D=16, one 168x168 window (a 128 tile): training 2.03 GB, batched 0.96 GB, per state 96 MB (decimal).
 *
 * <p>Kernels are compiled once per specialization: the convolutions' shape ints are JIT constants; element
 * offsets and sizes stay runtime ints so one compiled kernel serves all D recursions. Not thread-safe; one
 * model per thread.
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
    /** Every parameter value in one buffer, laid out as {@link #deviceLayout} says. */
    final Buffer parameterValues;
    /** The parameter values, one view of {@link #parameterValues} per tensor (in {@link DrcnParameters#NAMES} order). */
    final Map<String, Buffer> values;
    /** Views of this model's buffers (and a DrcnTraining's): closed before the buffers they are views of. */
    private final List<Buffer> views = new ArrayList<>();

    /**
     * Default budget of {@link #forInference(Device, DrcnConfig, int, int, int)}: the batched reconstruction
     * is kept while one copy of all D states (D*N*F*H*W floats) fits in it. 256 MiB covers F=256, D=16 up to
     * 128x128 windows, where a single state (N*F*H*W) is too small to keep a GPU busy and 2D launches
     * instead of 2 would show; larger windows fill the device per state and get the 3-state schedule.
     */
    public static final long BATCHED_RECONSTRUCTION_BUDGET_BYTES = 256L << 20;

    /** All of H_0..H_D are kept (H_d at d*S) and reconstructed in one batch; else two slots, per-state recon. */
    private final boolean batchedReconstruction;

    final Buffer x, e1, states, r1, predictions, output;
    private final List<Buffer> all = new ArrayList<>();

    /**
     * Every launch (the convolutions', this model's and a DrcnTraining's) goes through here, so that forward and
     * backward can be recorded once and replayed ({@code drcn.replay}): no kernel lookup, no argument conversion
     * and on OpenCL no clSetKernelArg per launch after the first pass.
     */
    final LaunchRecorder recorder;
    /** The forward's launches, recorded on the first forward when {@code drcn.replay} is on; null before. */
    private LaunchRecorder.Schedule forwardLaunches;

    /** Every launch but the convolutions', each kernel named by method reference (a DrcnTraining's too). */
    final KernelLauncher kernels;
    /** The convolutions' launches, the one place that picks their kernels (and their scratch buffers). */
    final Convolutions convolutions;
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
        this.recorder = new LaunchRecorder(device);
        this.kernels = new KernelLauncher(recorder);
        this.convolutions = new Convolutions(recorder);
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
        parameterValues = floats(deviceLayout.total());
        upload(parameterValues, new float[deviceLayout.total()]);   // the padding between tensors is zero from the start
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
        for (Buffer b : all) bytes += b.byteSize();
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
        uploadFlat(parameterValues, parameters.flat());
        initMetadata.clear();
        initMetadata.putAll(parameters.metadata());
        parametersChanged();
    }

    /** Reads the parameters back from the device (with the metadata they were set with). */
    public DrcnParameters parameters() {
        DrcnParameters p = DrcnParameters.fromFlat(config, downloadFlat(parameterValues));
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
     * A flat array laid out as {@link #layout} says from a device buffer laid out as {@link #deviceLayout} says (the
     * values, the gradients or an optimizer state): one read, then one copy per tensor.
     */
    float[] downloadFlat(Buffer flat) {
        return deviceLayout.repack(download(flat, deviceLayout.total()), layout);
    }

    /** Uploads a flat array laid out as {@link #layout} says into a device buffer laid out as {@link #deviceLayout} says (padding zero). */
    void uploadFlat(Buffer flat, float[] values) {
        if (values.length != layout.total()) {
            throw new IllegalArgumentException("a flat parameter array of " + config + " holds " + layout.total() + " values, not " + values.length);
        }
        upload(flat, layout.repack(values, deviceLayout));
    }

    /** One view of {@code flat} (laid out as {@link #deviceLayout} says) per tensor, by name in {@link DrcnParameters#NAMES} order. */
    Map<String, Buffer> views(Buffer flat) {
        Map<String, Buffer> tensors = new LinkedHashMap<>();
        for (String name : DrcnParameters.NAMES) {
            Buffer view = flat.sliceFloats(deviceLayout.offset(name), deviceLayout.size(name));
            views.add(view);
            tensors.put(name, view);
        }
        return java.util.Collections.unmodifiableMap(tensors);
    }

    // --------------------------------------------------------------------------------- forward

    /**
     * The forward pass on {@code input} ({@code [N][C][H][W]}, the bicubic-upscaled images):
     * <pre>
     *   e1  = relu(embed1(x));  H_0 = relu(embed2(e1))
     *   H_d = relu(infer(H_{d-1}))                       d = 1..D, the SAME weights
     *   pred_d = recon2(relu(recon1(H_d))) + x           all D states as ONE batch of D*N images
     *   out = sum_d ensemble[d] * pred_d
     * </pre>
     * Nothing is read back: see {@link #output()} and {@link #predictions()}.
     */
    public void forward(float[] input) {
        checkLength("input", input, image);
        upload(x, input);
        if (forwardLaunches != null) {
            forwardLaunches.replay();
        } else if (Settings.current().replay()) {
            forwardLaunches = recorder.record(this::forwardLaunches);
        } else {
            forwardLaunches();
        }
        forwardDone = true;
        generation++;
    }

    /** The forward's launches: the same kernels over the same buffers every time, so they can be replayed. */
    private void forwardLaunches() {
        convForward(x, 0, "embed1", e1, 0, n, channels, f, true);
        convForward(e1, 0, "embed2", states, 0, n, f, f, true);
        if (batchedReconstruction) {
            for (int d = 1; d <= depth; d++) {
                convForward(states, (d - 1) * state, "infer", states, d * state, n, f, f, true);
            }
            convForward(states, state, "recon1", r1, 0, depth * n, f, f, true);
            convForward(r1, 0, "recon2", predictions, 0, depth * n, f, channels, false);
        } else {
            // H_d into slot d % 2 (H_{d-1} is in the other), reconstructed before H_{d+1} overwrites H_{d-1}'s slot
            for (int d = 1; d <= depth; d++) {
                convForward(states, ((d - 1) % 2) * state, "infer", states, (d % 2) * state, n, f, f, true);
                convForward(states, (d % 2) * state, "recon1", r1, 0, n, f, f, true);
                convForward(r1, 0, "recon2", predictions, (d - 1) * image, n, f, channels, false);
            }
        }
        kernels.launch(ref(Elementwise::addSkip), Range.of(depth * image),
                predictions, x, predictions, depth * image, image);
        kernels.launch(ref(Ensemble::ensembleForward), Range.of(image),
                predictions, values.get("ensemble.weight"), output, depth, image);
    }

    /** The ensemble output of the last forward pass, {@code [N][C][H][W]}. */
    public float[] output() {
        return download(output, image);
    }

    /** The D predictions of the last forward pass, {@code [D][N][C][H][W]}. */
    public float[] predictions() {
        return download(predictions, depth * image);
    }

    /**
     * out = act(conv(in[inOffset..]) + bias) into out[outOffset..], for the layer {@code layer}; the kernels are
     * {@link Convolutions#algorithm}'s choice (GPUs: one pixel per work-item; CPUs: Winograd F(4x4, 3x3), or 16-pixel
     * row tiles for the 1-channel layers).
     */
    private void convForward(Buffer in, int inOffset, String layer, Buffer out, int outOffset,
                             int batch, int inChannels, int outChannels, boolean relu) {
        convolutions.forward(in, inOffset, values.get(layer + ".weight"), values.get(layer + ".bias"), out, outOffset,
                batch, inChannels, outChannels, height, width, relu);
    }

    // -------------------------------------------------------------------------------- helpers

    private Buffer floats(int count) {
        Buffer b = device.allocateFloats(Math.max(count, 1));
        all.add(b);
        return b;
    }

    void upload(Buffer target, float[] data) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate((long) data.length * Float.BYTES, Float.BYTES);
            MemorySegment.copy(data, 0, s, ValueLayout.JAVA_FLOAT, 0, data.length);
            device.write(target, 0, s);
        }
    }

    /** Reads {@code count} floats; waits for the enqueued work first (read blocks until done). */
    float[] download(Buffer source, int count) {
        device.finish();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate((long) count * Float.BYTES, Float.BYTES);
            device.read(source, 0, s);
            float[] out = new float[count];
            MemorySegment.copy(s, ValueLayout.JAVA_FLOAT, 0, out, 0, count);
            return out;
        }
    }

    static void checkLength(String what, float[] data, int expected) {
        if (data.length != expected) {
            throw new IllegalArgumentException("the " + what + " holds " + data.length + " values where the model's batch shape needs " + expected);
        }
    }

    /** Number of kernel specializations compiled so far, the convolutions' included (for tests and logs). */
    public int compiledKernels() {
        return kernels.size() + convolutions.compiledKernels();
    }

    /** Frees every device buffer of this model (the device stays open). */
    @Override
    public void close() {
        if (forwardLaunches != null) forwardLaunches.close();
        forwardLaunches = null;
        device.finish();
        for (Buffer b : views) b.close();
        views.clear();
        for (Buffer b : all) b.close();
        all.clear();
        convolutions.close();
    }
}
