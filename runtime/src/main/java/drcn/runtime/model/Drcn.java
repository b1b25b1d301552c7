package drcn.runtime.model;

import drcn.kernels.nn.Activation;
import drcn.kernels.nn.Elementwise;
import drcn.kernels.nn.Ensemble;
import drcn.kernels.nn.Loss;
import drcn.kernels.nn.Optimizer;
import drcn.kernels.nn.Reduction;
import drcn.runtime.backend.Buffer;
import drcn.runtime.backend.Device;
import drcn.runtime.backend.Range;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * DRCN on a {@link Device}: the forward/backward schedule of kernel launches of
 * {@code drcn.kernels.nn.DrcnReference#step}, over device buffers allocated once for one batch shape
 * (N images of H x W) and reused every step. Names no backend.
 *
 * <p>Buffers (S = N*F*H*W, one hidden state of the batch; P = N*C*H*W, one image batch):
 * <pre>
 *   x, y            [N][C][H][W]                input and target
 *   e1              [N][F][H][W]                embed1's output
 *   states          [D+1][N][F][H][W]           H_0 .. H_D (H_d at offset d*S; H_0 = embed2's output)
 *   r1              [D*N][F][H][W]              recon1 over all D states at once
 *   predictions     [D][N][C][H][W]             recon2 + skip, pred_1 .. pred_D
 *   output          [N][C][H][W]                the ensemble
 *   dOutput, dPredictions, dR1OrDz ([D+1]*S: dR1, later dZ_0..dZ_D), dStates [D+1]*S, dE1 S
 *   per parameter: value, gradient, two optimizer states (SGD velocity or Adam m; Adam v)
 * </pre>
 * Parameter gradients accumulate over the step (the shared inference and reconstruction weights over all
 * D uses); {@link #backward} zeroes them first. Host and device exchange data only in
 * {@link #forward} (the input), {@link #backward} (the target) and the read-back methods.
 *
 * <p>{@link #forInference} builds a forward-only model: parameter values, x, the hidden states forward
 * needs, the D predictions and the output; no gradients, optimizer state, target or backward buffers
 * (2D+4 of a training model's 4D+5 states, and the per-parameter copies). backward, loss and every optimizer call throw
 * IllegalStateException on it. Its reconstruction runs one of two ways, chosen at construction by the
 * size of D*N*F*H*W floats (one copy of every state) against a byte budget:
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
 * <p>Kernels are compiled once per specialization: the shape ints (batch, channels, height, width and the
 * relu/accumulate flags) are JIT constants; element offsets and sizes stay runtime ints so one compiled
 * kernel serves all D recursions. Not thread-safe; one model per thread.
 */
public final class Drcn implements AutoCloseable {
    /** Work-group size of every reduction kernel. */
    private static final int G = Reduction.GROUP_SIZE;
    /**
     * Upper bound on the work-groups of a partials pass. A function of the size only (not of the device),
     * so every backend sums in the same order and their results can be compared closely.
     */
    private static final int MAX_GROUPS = 64;

    private final Device device;
    private final DrcnConfig config;
    private final int n, height, width;
    private final int f, depth, channels;
    /** Elements of one hidden state of the batch (N*F*H*W) and of one image batch (N*C*H*W). */
    private final int state, image;

    private final Map<String, Buffer> values = new LinkedHashMap<>();
    private final Map<String, Buffer> gradients = new LinkedHashMap<>();
    private final Map<String, Buffer> optimizerState1 = new LinkedHashMap<>();
    private final Map<String, Buffer> optimizerState2 = new LinkedHashMap<>();
    private final Map<String, Integer> sizes = new LinkedHashMap<>();

    /**
     * Default budget of {@link #forInference(Device, DrcnConfig, int, int, int)}: the batched reconstruction
     * is kept while one copy of all D states (D*N*F*H*W floats) fits in it. 256 MiB covers F=256, D=16 up to
     * 128x128 windows, where a single state (N*F*H*W) is too small to keep a GPU busy and 2D launches
     * instead of 2 would show; larger windows fill the device per state and get the 3-state schedule.
     */
    public static final long BATCHED_RECONSTRUCTION_BUDGET_BYTES = 256L << 20;

    /** False for a {@link #forInference} model: no gradients, optimizer state or backward buffers exist. */
    private final boolean training;
    /** All of H_0..H_D are kept (H_d at d*S) and reconstructed in one batch; else two slots, per-state recon. */
    private final boolean batchedReconstruction;

    private final Buffer x, e1, states, r1, predictions, output;
    /** Null in an inference model. */
    private final Buffer y, dOutput, dPredictions, dR1OrDz, dStates, dE1, partials, terms, loss, normSquared;
    private final List<Buffer> all = new ArrayList<>();

    /** Every launch but the convolutions', each kernel named by method reference. */
    private final Launcher kernels;
    /** The convolutions' launches, the one place that picks their kernels (and their scratch buffers). */
    private final Convolutions convolutions;
    private final Map<String, String> initMetadata = new TreeMap<>();
    private int adamSteps;
    private boolean forwardDone;
    /** The a and b of the last backward, for the lazily computed loss value; NaN when none is available. */
    private float lossA = Float.NaN, lossB = Float.NaN;
    private boolean lossComputed;

    /** The model for batches of {@code batch} images of {@code height} x {@code width} on {@code device}. */
    public Drcn(Device device, DrcnConfig config, int batch, int height, int width) {
        this(device, config, batch, height, width, true, true);
    }

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
        return new Drcn(device, config, batch, height, width, false, allStatesBytes <= batchedBudgetBytes);
    }

    private Drcn(Device device, DrcnConfig config, int batch, int height, int width, boolean training, boolean batchedReconstruction) {
        if (batch < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("a batch needs at least one image of at least 1x1 pixels, not " + batch + " of " + height + "x" + width);
        }
        this.device = device;
        this.kernels = new Launcher(device);
        this.convolutions = new Convolutions(device);
        this.config = config;
        this.n = batch;
        this.height = height;
        this.width = width;
        this.f = config.filters();
        this.depth = config.recursions();
        this.channels = config.channels();
        this.training = training;
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

        for (String name : DrcnParameters.NAMES) {
            int size = DrcnParameters.size(DrcnParameters.shape(name, config));
            sizes.put(name, size);
            values.put(name, floats(size));
            if (training) {
                gradients.put(name, floats(size));
                optimizerState1.put(name, floats(size));
                optimizerState2.put(name, floats(size));
            }
        }
        x = floats(image);
        predictions = floats(depth * image);
        output = floats(image);
        if (!training) {
            // e1 is dead once embed2 has made H_0, before recon1 first writes r1: it lives at r1's start
            if (batchedReconstruction) {
                states = floats((depth + 1) * state);
                r1 = floats(depth * state);
            } else {
                states = floats(2 * state);   // H_d in slot d % 2: the recursion needs only H_{d-1} and H_d
                r1 = floats(state);
            }
            e1 = r1;
            y = dOutput = dPredictions = dR1OrDz = dStates = dE1 = partials = terms = loss = normSquared = null;
            return;
        }
        y = floats(image);
        e1 = floats(state);
        states = floats((depth + 1) * state);
        r1 = floats(depth * state);
        dOutput = floats(image);
        dPredictions = floats(depth * image);
        // dR1 ([D][N][F][H][W]) is dead once recon1's backward has run, just before the recursions'
        // backward needs dZ_0..dZ_D: one buffer serves both.
        dR1OrDz = floats((depth + 1) * state);
        dStates = floats((depth + 1) * state);
        dE1 = floats(state);
        int maxRows = Math.max(depth, 1);
        int maxSize = Math.max(image, Math.max(f * f * 9, state));
        partials = floats(maxRows * groups(maxSize));
        terms = floats(depth + 2);
        loss = floats(1);
        normSquared = floats(1);
        resetOptimizerState();
    }

    public DrcnConfig config() { return config; }

    public Device device() { return device; }

    public int batch() { return n; }

    public int height() { return height; }

    public int width() { return width; }

    /** False for a model made by {@link #forInference}. */
    public boolean training() { return training; }

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
        for (String name : DrcnParameters.NAMES) upload(values.get(name), parameters.get(name));
        initMetadata.clear();
        initMetadata.putAll(parameters.metadata());
        forwardDone = false;
        lossA = Float.NaN;
    }

    /** Reads the parameters back from the device (with the metadata they were set with). */
    public DrcnParameters parameters() {
        DrcnParameters p = DrcnParameters.zeros(config);
        for (String name : DrcnParameters.NAMES) p.set(name, download(values.get(name), sizes.get(name)));
        p.metadata().putAll(initMetadata);
        return p;
    }

    /** Reads this step's parameter gradients dL/dparam back, by parameter name. */
    public Map<String, float[]> gradients() {
        requireTraining("gradients()");
        Map<String, float[]> g = new LinkedHashMap<>();
        for (String name : DrcnParameters.NAMES) g.put(name, download(gradients.get(name), sizes.get(name)));
        return g;
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
        kernels.launch(Elementwise::addSkip, Range.of(depth * image),
                predictions, x, predictions, depth * image, image);
        kernels.launch(Ensemble::ensembleForward, Range.of(image),
                predictions, values.get("ensemble.weight"), output, depth, image);
        forwardDone = true;
        lossA = Float.NaN;
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

    // -------------------------------------------------------------------------------- backward

    /**
     * Every parameter's gradient dL/dparam of {@code L = a * l1 + (1 - a) * l2 + b * ||W||^2} for the last
     * forward pass against {@code target} (overwriting the previous step's), in the reverse order of the
     * forward schedule. The loss VALUE is not needed for the gradients and costs a dozen reductions, so
     * it is computed only when {@link #loss()} asks for it (before the optimizer step).
     */
    public void backward(float[] target, float a, float b) {
        requireTraining("backward()");
        if (!forwardDone) throw new IllegalStateException("backward needs a forward pass first");
        checkLength("target", target, image);
        upload(y, target);
        for (String name : DrcnParameters.NAMES) zero(gradients.get(name), sizes.get(name));
        lossA = a;
        lossB = b;
        lossComputed = false;

        // the loss's gradient with respect to the predictions: ensemble term, then recursive supervision
        kernels.launch(Loss::squaredErrorGradient, Range.of(image),
                output, y, dOutput, image, 1, 1f - a, 0);
        int groups = groups(image);
        kernels.launch(Ensemble::ensembleBackward, Range.of(groups * G, depth).withLocal(G, 1),
                dOutput, predictions, values.get("ensemble.weight"), dPredictions, partials, image, groups);
        sumPartials(partials, gradients.get("ensemble.weight"), groups, depth, 1f, true, 0);
        kernels.launch(Loss::squaredErrorGradient, Range.of(depth * image),
                predictions, y, dPredictions, image, depth, a, 1);

        // reconstruction net over all D states at once; the skip connection passes dPred on unchanged
        Buffer dR1 = dR1OrDz;
        convBackwardWeightsAndBias(dPredictions, 0, r1, 0, "recon2", depth * n, f, channels);
        convBackwardInput(dPredictions, 0, "recon2", dR1, 0, depth * n, f, channels, false);
        reluBackward(dR1, r1, dR1, depth * state, 0);
        convBackwardWeightsAndBias(dR1, 0, states, state, "recon1", depth * n, f, f);
        convBackwardInput(dR1, 0, "recon1", dStates, state, depth * n, f, f, false);   // dH_1..dH_D

        // the recursions, last first: dZ_d = relu'(H_d) dH_d; dH_{d-1} (+)= infer^T dZ_d
        Buffer dZ = dR1OrDz;
        for (int d = depth; d >= 1; d--) {
            reluBackward(dStates, states, dZ, state, d * state);
            // H_{d-1} for d-1 >= 1 also fed the reconstruction: its gradient is already there, add to it
            convBackwardInput(dZ, d * state, "infer", dStates, (d - 1) * state, n, f, f, d - 1 >= 1);
        }
        // the shared inference weights: ONE pass over dZ_1..dZ_D against H_0..H_{D-1} (batch D*N)
        convBackwardWeightsAndBias(dZ, state, states, 0, "infer", depth * n, f, f);

        // embedding net
        reluBackward(dStates, states, dZ, state, 0);                                     // dZ_0
        convBackwardWeightsAndBias(dZ, 0, e1, 0, "embed2", n, f, f);
        convBackwardInput(dZ, 0, "embed2", dE1, 0, n, f, f, false);
        reluBackward(dE1, e1, dE1, state, 0);
        convBackwardWeightsAndBias(dE1, 0, x, 0, "embed1", n, channels, f);

        // weight decay: d(b ||W||^2)/dW = 2 b W on the five conv weights
        for (String name : DrcnParameters.CONV_WEIGHTS) {
            kernels.launch(Loss::weightDecayGradient, Range.of(sizes.get(name)),
                    values.get(name), gradients.get(name), sizes.get(name), b);
        }
    }

    /** terms = [mse(pred_1) .. mse(pred_D), mse(out), ||W||^2]; loss = lossTotal(terms). All on the device. */
    private void lossValue(float a, float b) {
        int groups = groups(image);
        kernels.launch(Loss::squaredErrorPartials, Range.of(groups * G, depth).withLocal(G, 1),
                predictions, y, partials, image, groups);
        sumPartials(partials, terms, groups, depth, 1f / image, false, 0);
        kernels.launch(Loss::squaredErrorPartials, Range.of(groups * G, 1).withLocal(G, 1),
                output, y, partials, image, groups);
        sumPartials(partials, terms, groups, 1, 1f / image, false, depth);
        boolean first = true;
        for (String name : DrcnParameters.CONV_WEIGHTS) {
            sumOfSquares(values.get(name), sizes.get(name), terms, depth + 1, !first);
            first = false;
        }
        kernels.launch(Loss::lossTotal, Range.of(1), terms, loss, depth, a, b);
    }

    /**
     * The loss of the last {@link #backward}, computed on the device on first call and read back.
     * Call it before the optimizer step: the step changes the weights that ||W||^2 is taken over.
     */
    public LossTerms loss() {
        requireTraining("loss()");
        if (!lossComputed) {
            if (Float.isNaN(lossA)) throw new IllegalStateException("the loss is known between backward() and the optimizer step");
            lossValue(lossA, lossB);
            lossComputed = true;
        }
        float[] t = download(terms, depth + 2);
        float total = download(loss, 1)[0];
        double l1 = 0;
        for (int d = 0; d < depth; d++) l1 += t[d];
        float[] perRecursion = java.util.Arrays.copyOf(t, depth);
        return new LossTerms(total, (float) (l1 / depth), t[depth], t[depth + 1], perRecursion);
    }

    /**
     * A step's loss: {@code total = a * l1 + (1 - a) * l2 + b * decay}, {@code l1} the mean of the
     * per-recursion MSEs, {@code l2} the ensemble's MSE, {@code decay} = ||W||^2 (unscaled by b).
     */
    public record LossTerms(float total, float l1, float l2, float decay, float[] perRecursion) {}

    /** dIn[dInOffset..] (=|+=) the input gradient of the layer's convolution; kernels chosen as in {@link #convForward}. */
    private void convBackwardInput(Buffer dOut, int dOutOffset, String layer, Buffer dIn, int dInOffset,
                                   int batch, int inChannels, int outChannels, boolean accumulate) {
        convolutions.backwardInput(dOut, dOutOffset, values.get(layer + ".weight"), dIn, dInOffset,
                batch, inChannels, outChannels, height, width, accumulate);
    }

    /** dWeights += sum dOut (x) in, dBias += sum dOut, over the batch (all D uses of a shared layer when batch = D*N). */
    private void convBackwardWeightsAndBias(Buffer dOut, int dOutOffset, Buffer in, int inOffset, String layer,
                                            int batch, int inChannels, int outChannels) {
        convolutions.backwardWeights(dOut, dOutOffset, in, inOffset, gradients.get(layer + ".weight"),
                batch, inChannels, outChannels, height, width);
        convolutions.backwardBias(dOut, dOutOffset, gradients.get(layer + ".bias"), batch, outChannels, height, width);
    }

    private void reluBackward(Buffer dOut, Buffer out, Buffer dIn, int size, int offset) {
        kernels.launch(Activation::reluBackward, Range.of(size), dOut, out, dIn, size, offset);
    }

    // ------------------------------------------------------------------------------- optimizer

    /** Zeroes the optimizer state (SGD velocity, Adam moments and step count). */
    public void resetOptimizerState() {
        requireTraining("resetOptimizerState()");
        for (String name : DrcnParameters.NAMES) {
            zero(optimizerState1.get(name), sizes.get(name));
            zero(optimizerState2.get(name), sizes.get(name));
        }
        adamSteps = 0;
    }

    /**
     * Scales all gradients by {@code min(1, maxNorm / (||g|| + 1e-6))}, ||g|| the L2 norm over every
     * parameter (torch.nn.utils.clip_grad_norm_), without a host round trip.
     */
    public void clipGradients(float maxNorm) {
        requireTraining("clipGradients()");
        boolean first = true;
        for (String name : DrcnParameters.NAMES) {
            sumOfSquares(gradients.get(name), sizes.get(name), normSquared, 0, !first);
            first = false;
        }
        for (String name : DrcnParameters.NAMES) {
            kernels.launch(Optimizer::clipByNorm, Range.of(sizes.get(name)),
                    gradients.get(name), normSquared, sizes.get(name), maxNorm);
        }
    }

    /** The global L2 norm of the gradients (reads one float back). */
    public float gradientNorm() {
        requireTraining("gradientNorm()");
        boolean first = true;
        for (String name : DrcnParameters.NAMES) {
            sumOfSquares(gradients.get(name), sizes.get(name), normSquared, 0, !first);
            first = false;
        }
        return (float) Math.sqrt(download(normSquared, 1)[0]);
    }

    /** SGD with momentum (PyTorch's convention): {@code v = momentum v + g; w -= lr v}. */
    public void sgdStep(float learningRate, float momentum) {
        requireTraining("sgdStep()");
        for (String name : DrcnParameters.NAMES) {
            kernels.launch(Optimizer::sgdMomentumStep, Range.of(sizes.get(name)),
                    values.get(name), gradients.get(name), optimizerState1.get(name), sizes.get(name), learningRate, momentum);
        }
        forwardDone = false;
        lossA = Float.NaN;
    }

    /** One Adam step (PyTorch's torch.optim.Adam without weight decay); the step count t is kept here. */
    public void adamStep(float learningRate, float beta1, float beta2, float epsilon) {
        requireTraining("adamStep()");
        adamSteps++;
        float beta1Power = (float) Math.pow(beta1, adamSteps), beta2Power = (float) Math.pow(beta2, adamSteps);
        for (String name : DrcnParameters.NAMES) {
            kernels.launch(Optimizer::adamStep, Range.of(sizes.get(name)),
                    values.get(name), gradients.get(name), optimizerState1.get(name), optimizerState2.get(name),
                    sizes.get(name), learningRate, beta1, beta2, epsilon, beta1Power, beta2Power);
        }
        forwardDone = false;
        lossA = Float.NaN;
    }

    // ------------------------------------------- optimizer state (added by the trainer branch)
    // For an exact --resume the trainer saves and restores everything the optimizer carries between
    // steps: the two state buffers per parameter (SGD: velocity, unused; Adam: m, v) and Adam's step count.

    /** The optimizer state {@code which} (0: SGD velocity or Adam m; 1: Adam v) of every parameter, by name. */
    public Map<String, float[]> optimizerState(int which) {
        requireTraining("optimizerState()");
        Map<String, Buffer> buffers = which == 0 ? optimizerState1 : optimizerState2;
        Map<String, float[]> out = new LinkedHashMap<>();
        for (String name : DrcnParameters.NAMES) out.put(name, download(buffers.get(name), sizes.get(name)));
        return out;
    }

    /** Uploads optimizer state {@code which} (see {@link #optimizerState(int)}); every parameter must be present. */
    public void setOptimizerState(int which, Map<String, float[]> state) {
        requireTraining("setOptimizerState()");
        Map<String, Buffer> buffers = which == 0 ? optimizerState1 : optimizerState2;
        for (String name : DrcnParameters.NAMES) {
            float[] v = state.get(name);
            if (v == null) throw new IllegalArgumentException("optimizer state " + which + " lacks '" + name + "'");
            checkLength("optimizer state of " + name, v, sizes.get(name));
            upload(buffers.get(name), v);
        }
    }

    /** Adam's step count t (the bias corrections use it). */
    public int adamSteps() { return adamSteps; }

    public void setAdamSteps(int steps) {
        requireTraining("setAdamSteps()");
        this.adamSteps = steps;
    }

    // -------------------------------------------------------------------------------- helpers

    private void requireTraining(String call) {
        if (!training) {
            throw new IllegalStateException(call + " needs a training model: this one was made by Drcn.forInference, "
                    + "which allocates no gradients, optimizer state or backward activations (use new Drcn(...) to train)");
        }
    }

    /** Work-groups of a partials pass over {@code size} terms: enough to cover it, at most {@link #MAX_GROUPS}. */
    private static int groups(int size) {
        return Math.max(1, Math.min(MAX_GROUPS, (size + G - 1) / G));
    }

    /** result[offset] (+)= sum of squares of buffer[0..size). */
    private void sumOfSquares(Buffer buffer, int size, Buffer result, int offset, boolean accumulate) {
        int groups = groups(size);
        kernels.launch(Reduction::sumOfSquaresPartials, Range.of(groups * G, 1).withLocal(G, 1),
                buffer, partials, size, groups);
        sumPartials(partials, result, groups, 1, 1f, accumulate, offset);
    }

    private void sumPartials(Buffer parts, Buffer result, int groups, int rows, float scale, boolean accumulate, int resultOffset) {
        kernels.launch(Reduction::sumPartials, Range.of(rows * G).withLocal(G),
                parts, result, groups, rows, scale, accumulate ? 1 : 0, resultOffset);
    }

    private void zero(Buffer buffer, int size) {
        kernels.launch(Elementwise::zero, Range.of(size), buffer, size);
    }

    private Buffer floats(int count) {
        Buffer b = device.allocateFloats(Math.max(count, 1));
        all.add(b);
        return b;
    }

    private void upload(Buffer target, float[] data) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate((long) data.length * Float.BYTES, Float.BYTES);
            MemorySegment.copy(data, 0, s, ValueLayout.JAVA_FLOAT, 0, data.length);
            device.write(target, 0, s);
        }
    }

    /** Reads {@code count} floats; waits for the enqueued work first (read blocks until done). */
    private float[] download(Buffer source, int count) {
        device.finish();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate((long) count * Float.BYTES, Float.BYTES);
            device.read(source, 0, s);
            float[] out = new float[count];
            MemorySegment.copy(s, ValueLayout.JAVA_FLOAT, 0, out, 0, count);
            return out;
        }
    }

    private static void checkLength(String what, float[] data, int expected) {
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
        for (Buffer b : all) b.close();
        all.clear();
        convolutions.close();
    }
}
