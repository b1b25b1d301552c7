package drcn.runtime.model;

import drcn.kernels.Index;
import drcn.kernels.nn.Activation;
import drcn.kernels.nn.Elementwise;
import drcn.kernels.nn.Ensemble;
import drcn.kernels.nn.Loss;
import drcn.kernels.nn.Optimizer;
import drcn.kernels.nn.Reduction;
import drcn.runtime.backend.Device;
import drcn.runtime.backend.Range;
import drcn.runtime.graph.FloatCell;
import drcn.tornado.api.TaskGraph;
import drcn.tornado.api.enums.DataTransferMode;
import drcn.tornado.api.types.arrays.FloatArray;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Training a DRCN on a {@link Device}: a {@link Drcn} that keeps every activation backward reads, plus what only
 * training needs, owned here so that an inference model ({@link Drcn#forInference}) allocates none of it:
 * <pre>
 *   y                 [N][C][H][W]            the target
 *   dOutput           [N][C][H][W]            dL/d(ensemble output)
 *   dPredictions      [D][N][C][H][W]
 *   dR1OrDz           [D+1][N][F][H][W]       dR1, later dZ_0..dZ_D (dR1 is dead before the recursions' backward)
 *   dStates           [D+1][N][F][H][W]       dH_0..dH_D
 *   dE1               [N][F][H][W]
 *   partials, terms, loss, normSquared        the reductions' scratch and results
 *   parameterGradients, optimizerState1, optimizerState2
 *                     each ONE flat array laid out as the values are ({@link Drcn#deviceLayout}): the gradients
 *                     (one view per tensor for backward's tasks), SGD velocity or Adam m, Adam v
 * </pre>
 * Each of backward, the loss, the gradient norm, clipping, the SGD and Adam steps and the optimizer state's reset is a
 * task graph of the model's plan, built once with the model; the values that change between steps (the loss weights
 * a and b, the learning rate, Adam's bias corrections, the clipping norm) are {@link FloatCell}s, read at every
 * execution, so every graph is replayed every step.
 * llm.c's layout: zeroing the gradients, their norm (one reduction chain), clipping, weight decay's gradient and
 * ||W||^2 (the conv weights are the layout's prefix {@code [0, decayed)}), and the SGD and Adam steps are each ONE
 * launch (chain) over a whole flat buffer, not one per tensor. The padding between tensors is zero in all four buffers
 * and stays zero: a zero gradient, velocity and value give {@code v = momentum * 0 + 0 = 0, w = 0 - lr * 0 = 0} (SGD);
 * {@code m = v = 0}, {@code w = 0 - step * 0 / (sqrt(0) / c + epsilon) = 0} for epsilon &gt; 0 (Adam); clipping scales 0;
 * weight decay adds {@code 2 b * 0}; the norms add 0.
 * One step: {@link #forward}, {@link #backward} (zeroes the gradients first; the shared inference and
 * reconstruction weights accumulate over all D uses), optionally {@link #loss} and {@link #clipGradients}, then
 * {@link #sgdStep} or {@link #adamStep}. Host and device exchange data only in forward (the input), backward (the
 * target) and the read-back methods. The plan, the kernels and the convolutions' scratch are the model's. Not
 * thread-safe.
 */
public final class DrcnTraining implements AutoCloseable {
    /** Work-group size of every reduction kernel. */
    private static final int G = Reduction.GROUP_SIZE;
    /**
     * Upper bound on the work-groups of a partials pass. A function of the size only (not of the device),
     * so every backend sums in the same order and their results can be compared closely.
     */
    private static final int MAX_GROUPS = 64;

    private final Drcn model;
    private final Device device;
    private final int n, f, depth, channels, height, width, state, image;
    /** The model's arrays (its parameter values and forward activations), which backward reads. */
    private final Map<String, FloatArray> values;
    private final FloatArray x, e1, states, r1, predictions, output;
    private final Launches.Graph launches;
    private final Convolutions convolutions;

    /** Every parameter's gradient, SGD velocity or Adam m, Adam v: each one flat array laid out as {@link #deviceLayout} says. */
    private final FloatArray parameterGradients, optimizerState1, optimizerState2;
    /** The model's flat parameter values (laid out as {@link #deviceLayout} says). */
    private final FloatArray parameterValues;
    /** The gradients, one view of {@link #parameterGradients} per tensor. */
    private final Map<String, FloatArray> gradients;
    private final DrcnParameters.Layout layout, deviceLayout;
    private final FloatArray y, dOutput, dPredictions, dR1OrDz, dStates, dE1, partials, terms, loss, normSquared;
    private final List<FloatArray> all = new ArrayList<>();
    /** The graphs' values that change between steps. */
    private final FloatCell a = new FloatCell(1), oneMinusA = new FloatCell(0), b = new FloatCell(0),
            maxNorm = new FloatCell(1), learningRate = new FloatCell(0), momentum = new FloatCell(0),
            beta1 = new FloatCell(0.9f), beta2 = new FloatCell(0.999f), epsilon = new FloatCell(1e-8f),
            beta1Power = new FloatCell(0.9f), beta2Power = new FloatCell(0.999f);

    private int adamSteps;
    /** The a and b of the last backward, for the lazily computed loss value; NaN when none is available. */
    private float lossA = Float.NaN, lossB = Float.NaN;
    private boolean lossComputed;
    /** The model's {@link Drcn#generation} the last backward saw: a forward or a step since then voids the loss. */
    private long lossGeneration = -1;

    /** Training on batches of {@code batch} images of {@code height} x {@code width} on {@code device}. */
    public DrcnTraining(Device device, DrcnConfig config, int batch, int height, int width) {
        this.model = new Drcn(device, config, batch, height, width, true, true);
        try {
            this.device = model.device;
            this.n = model.n;
            this.height = model.height;
            this.width = model.width;
            this.f = model.f;
            this.depth = model.depth;
            this.channels = model.channels;
            this.state = model.state;
            this.image = model.image;
            this.values = model.values;
            this.x = model.x;
            this.e1 = model.e1;
            this.states = model.states;
            this.r1 = model.r1;
            this.predictions = model.predictions;
            this.output = model.output;
            this.launches = model.launches;
            this.convolutions = model.convolutions;
            this.layout = model.layout;
            this.deviceLayout = model.deviceLayout;
            this.parameterValues = model.parameterValues;
            parameterGradients = floats(deviceLayout.total());
            optimizerState1 = floats(deviceLayout.total());
            optimizerState2 = floats(deviceLayout.total());
            gradients = model.views(parameterGradients);   // zero, padding included, until the first backward
            y = floats(image);
            dOutput = floats(image);
            dPredictions = floats(depth * image);
            // dR1 ([D][N][F][H][W]) is dead once recon1's backward has run, just before the recursions'
            // backward needs dZ_0..dZ_D: one buffer serves both.
            dR1OrDz = floats((depth + 1) * state);
            dStates = floats((depth + 1) * state);
            dE1 = floats(state);
            int maxRows = Math.max(depth, 1);
            int maxSize = Math.max(Math.max(image, deviceLayout.total()), Math.max(f * f * 9, state));
            partials = floats(maxRows * groups(maxSize));
            terms = floats(depth + 2);
            loss = floats(1);
            normSquared = floats(1);
            buildGraphs();
            resetOptimizerState();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The model being trained: its parameters, forward pass and outputs. */
    public Drcn model() { return model; }

    public DrcnConfig config() { return model.config(); }

    /** Uploads parameters (they must have this model's configuration); the optimizer state stays as it is. */
    public void setParameters(DrcnParameters parameters) {
        model.setParameters(parameters);
    }

    /** Reads the parameters back from the device (with the metadata they were set with). */
    public DrcnParameters parameters() {
        return model.parameters();
    }

    /** The model's forward pass ({@link Drcn#forward}); backward needs it. */
    public void forward(float[] input) {
        model.forward(input);
    }

    /** Reads this step's parameter gradients dL/dparam back, by parameter name. */
    public Map<String, float[]> gradients() {
        return layout.split(model.downloadFlat(parameterGradients, "readGradients"));
    }

    /**
     * Brings the flat gradient buffer (laid out as {@link #deviceLayout} says, padding zero) to its host memory, lets
     * {@code reduce} change it there in place, and sends it back: one copy each way, between {@link #backward} and the
     * clipping and optimizer step (data-parallel training sums it over processes here).
     */
    public void reduceGradients(java.util.function.Consumer<FloatArray> reduce) {
        model.run("readGradients");
        reduce.accept(parameterGradients);
        model.run("setGradients");
    }

    // -------------------------------------------------------------------------------- backward

    /**
     * Every parameter's gradient dL/dparam of {@code L = a * l1 + (1 - a) * l2 + b * ||W||^2} for the last
     * forward pass against {@code target} (overwriting the previous step's), in the reverse order of the
     * forward schedule. The loss VALUE is not needed for the gradients and costs a dozen reductions, so
     * it is computed only when {@link #loss()} asks for it (before the optimizer step).
     */
    public void backward(float[] target, float a, float b) {
        if (!model.forwardDone()) throw new IllegalStateException("backward needs a forward pass first (since the parameters last changed)");
        checkLength("target", target, image);
        y.copyFrom(target);
        this.a.set(a);
        this.oneMinusA.set(1f - a);
        this.b.set(b);
        model.run("backward");
        lossA = a;
        lossB = b;
        lossComputed = false;
        lossGeneration = model.generation();
    }

    /** Every graph training runs, each added to the model's plan. */
    private void buildGraphs() {
        TaskGraph g = launches.begin("backward").transferToDevice(DataTransferMode.EVERY_EXECUTION, y);
        backwardLaunches();
        model.addGraph(g);

        g = launches.begin("loss");
        lossValue();
        model.addGraph(g);
        model.addReadGraph("readLoss", terms, loss);

        g = launches.begin("norm");
        sumOfSquares(parameterGradients, deviceLayout.total(), normSquared, 0, false);
        model.addGraph(g);
        model.addReadGraph("readNorm", normSquared);

        g = launches.begin("clip");
        sumOfSquares(parameterGradients, deviceLayout.total(), normSquared, 0, false);
        launches.launch(Optimizer::clipByNorm, Range.of(deviceLayout.total()),
                parameterGradients, normSquared, deviceLayout.total(), maxNorm);
        model.addGraph(g);

        g = launches.begin("sgd");
        launches.launch(Optimizer::sgdMomentumStep, Range.of(deviceLayout.total()),
                parameterValues, parameterGradients, optimizerState1, deviceLayout.total(), learningRate, momentum);
        model.addGraph(g);

        g = launches.begin("adam");
        launches.launch(Optimizer::adamStep, Range.of(deviceLayout.total()),
                parameterValues, parameterGradients, optimizerState1, optimizerState2,
                deviceLayout.total(), learningRate, beta1, beta2, epsilon, beta1Power, beta2Power);
        model.addGraph(g);

        g = launches.begin("resetOptimizer");
        zero(optimizerState1, deviceLayout.total());
        zero(optimizerState2, deviceLayout.total());
        model.addGraph(g);

        model.addReadGraph("readGradients", parameterGradients);
        model.addReadGraph("readState1", optimizerState1);
        model.addReadGraph("readState2", optimizerState2);
        model.addGraph(new TaskGraph("setGradients").transferToDevice(DataTransferMode.EVERY_EXECUTION, parameterGradients));
        model.addGraph(new TaskGraph("setState1").transferToDevice(DataTransferMode.EVERY_EXECUTION, optimizerState1));
        model.addGraph(new TaskGraph("setState2").transferToDevice(DataTransferMode.EVERY_EXECUTION, optimizerState2));
    }

    /** The backward graph's tasks: the same kernels over the same arrays every time, a and b read from their cells. */
    private void backwardLaunches() {
        zero(parameterGradients, deviceLayout.total());

        // the loss's gradient with respect to the predictions: ensemble term, then recursive supervision
        launches.launch(Loss::squaredErrorGradient, Range.of(image),
                output, y, dOutput, image, 1, oneMinusA, 0);
        int groups = groups(image);
        launches.launch(Ensemble::ensembleBackward, Range.of(groups * G, depth).withLocal(G, 1),
                dOutput, predictions, values.get("ensemble.weight"), dPredictions, partials, image, groups);
        sumPartials(partials, gradients.get("ensemble.weight"), groups, depth, 1f, true, 0);
        launches.launch(Loss::squaredErrorGradient, Range.of(depth * image),
                predictions, y, dPredictions, image, depth, a, 1);

        // reconstruction net over all D states at once; the skip connection passes dPred on unchanged
        FloatArray dR1 = dR1OrDz;
        convBackwardWeightsAndBias(dPredictions, 0, r1, 0, "recon2", depth * n, f, channels);
        convBackwardInput(dPredictions, 0, "recon2", dR1, 0, depth * n, f, channels, false);
        reluBackward(dR1, r1, dR1, depth * state, 0);
        convBackwardWeightsAndBias(dR1, 0, states, state, "recon1", depth * n, f, f);
        convBackwardInput(dR1, 0, "recon1", dStates, state, depth * n, f, f, false);   // dH_1..dH_D

        // the recursions, last first: dZ_d = relu'(H_d) dH_d; dH_{d-1} (+)= infer^T dZ_d
        FloatArray dZ = dR1OrDz;
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

        // weight decay: d(b ||W||^2)/dW = 2 b W on the five conv weights, the layout's prefix
        launches.launch(Loss::weightDecayGradient, Range.of(deviceLayout.decayed()),
                parameterValues, parameterGradients, deviceLayout.decayed(), b);
    }

    /** terms = [mse(pred_1) .. mse(pred_D), mse(out), ||W||^2]; loss = lossTotal(terms). All on the device. */
    private void lossValue() {
        int groups = groups(image);
        launches.launch(Loss::squaredErrorPartials, Range.of(groups * G, depth).withLocal(G, 1),
                predictions, y, partials, image, groups);
        sumPartials(partials, terms, groups, depth, 1f / image, false, 0);
        launches.launch(Loss::squaredErrorPartials, Range.of(groups * G, 1).withLocal(G, 1),
                output, y, partials, image, groups);
        sumPartials(partials, terms, groups, 1, 1f / image, false, depth);
        sumOfSquares(parameterValues, deviceLayout.decayed(), terms, depth + 1, false);   // the conv weights: the prefix
        launches.launch(Loss::lossTotal, Range.of(1), terms, loss, depth, a, b);
    }

    /**
     * The loss of the last {@link #backward}, computed on the device on first call and read back.
     * Call it before the optimizer step: the step changes the weights that ||W||^2 is taken over.
     */
    public LossTerms loss() {
        if (!lossComputed) {
            if (Float.isNaN(lossA) || lossGeneration != model.generation()) {
                throw new IllegalStateException("the loss is known between backward() and the optimizer step");
            }
            a.set(lossA);
            b.set(lossB);
            model.run("loss");
            lossComputed = true;
        }
        model.run("readLoss");
        float[] t = terms.toHeapArray();
        float total = loss.get(0);
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
    private void convBackwardInput(FloatArray dOut, int dOutOffset, String layer, FloatArray dIn, int dInOffset,
                                   int batch, int inChannels, int outChannels, boolean accumulate) {
        convolutions.backwardInput(dOut, dOutOffset, values.get(layer + ".weight"), dIn, dInOffset,
                batch, inChannels, outChannels, height, width, accumulate);
    }

    /** dWeights += sum dOut (x) in, dBias += sum dOut, over the batch (all D uses of a shared layer when batch = D*N). */
    private void convBackwardWeightsAndBias(FloatArray dOut, int dOutOffset, FloatArray in, int inOffset, String layer,
                                            int batch, int inChannels, int outChannels) {
        convolutions.backwardWeights(dOut, dOutOffset, in, inOffset, gradients.get(layer + ".weight"),
                batch, inChannels, outChannels, height, width);
        convolutions.backwardBias(dOut, dOutOffset, gradients.get(layer + ".bias"), batch, outChannels, height, width);
    }

    private void reluBackward(FloatArray dOut, FloatArray out, FloatArray dIn, int size, int offset) {
        launches.launch(Activation::reluBackward, Range.of(size), dOut, out, dIn, size, offset);
    }

    // ------------------------------------------------------------------------------- optimizer

    /** Zeroes the optimizer state (SGD velocity, Adam moments and step count). */
    public void resetOptimizerState() {
        model.run("resetOptimizer");
        adamSteps = 0;
    }

    /**
     * Scales all gradients by {@code min(1, maxNorm / (||g|| + 1e-6))}, ||g|| the L2 norm over every
     * parameter (torch.nn.utils.clip_grad_norm_), without a host round trip.
     */
    public void clipGradients(float maxNorm) {
        this.maxNorm.set(maxNorm);
        model.run("clip");
    }

    /** The global L2 norm of the gradients (one reduction chain over the flat gradients; reads one float back). */
    public float gradientNorm() {
        model.run("norm");
        model.run("readNorm");
        return (float) Math.sqrt(normSquared.get(0));
    }

    /** SGD with momentum (PyTorch's convention): {@code v = momentum v + g; w -= lr v}. One launch over every parameter. */
    public void sgdStep(float learningRate, float momentum) {
        this.learningRate.set(learningRate);
        this.momentum.set(momentum);
        model.run("sgd");
        model.parametersChanged();
    }

    /**
     * One Adam step (PyTorch's torch.optim.Adam without weight decay); the step count t is kept here. One launch over
     * every parameter. {@code epsilon} must be positive: the padding between tensors (and any parameter whose gradient
     * was always 0) would get 0 / 0.
     */
    public void adamStep(float learningRate, float beta1, float beta2, float epsilon) {
        if (!(epsilon > 0)) throw new IllegalArgumentException("Adam's epsilon must be positive, not " + epsilon);
        adamSteps++;
        this.learningRate.set(learningRate);
        this.beta1.set(beta1);
        this.beta2.set(beta2);
        this.epsilon.set(epsilon);
        this.beta1Power.set((float) Math.pow(beta1, adamSteps));
        this.beta2Power.set((float) Math.pow(beta2, adamSteps));
        model.run("adam");
        model.parametersChanged();
    }

    // ------------------------------------------------------------------------- optimizer state
    // For an exact --resume the trainer saves and restores everything the optimizer carries between
    // steps: the two flat state buffers (SGD: velocity, unused; Adam: m, v) and Adam's step count. Each is read or
    // written as one copy of the whole buffer, then one array copy per tensor between the device's padded layout and
    // the host's packed one.

    /**
     * The optimizer state {@code which} (0: SGD velocity or Adam m; 1: Adam v) of every parameter, one flat array laid
     * out as {@link DrcnParameters#layout} says.
     */
    public float[] optimizerState(int which) {
        return model.downloadFlat(which == 0 ? optimizerState1 : optimizerState2, which == 0 ? "readState1" : "readState2");
    }

    /** Uploads optimizer state {@code which} (see {@link #optimizerState(int)}): a flat array of every parameter's. */
    public void setOptimizerState(int which, float[] state) {
        model.uploadFlat(which == 0 ? optimizerState1 : optimizerState2, state, which == 0 ? "setState1" : "setState2");
    }

    /** Adam's step count t (the bias corrections use it). */
    public int adamSteps() { return adamSteps; }

    public void setAdamSteps(int steps) {
        this.adamSteps = steps;
    }

    // -------------------------------------------------------------------------------- helpers

    /** Work-groups of a partials pass over {@code size} terms: enough to cover it, at most {@link #MAX_GROUPS}. */
    private static int groups(int size) {
        return Math.max(1, Math.min(MAX_GROUPS, Index.ceilDiv(size, G)));
    }

    /** result[offset] (+)= sum of squares of array[0..size). */
    private void sumOfSquares(FloatArray array, int size, FloatArray result, int offset, boolean accumulate) {
        int groups = groups(size);
        launches.launch(Reduction::sumOfSquaresPartials, Range.of(groups * G, 1).withLocal(G, 1),
                array, partials, size, groups);
        sumPartials(partials, result, groups, 1, 1f, accumulate, offset);
    }

    private void sumPartials(FloatArray parts, FloatArray result, int groups, int rows, float scale, boolean accumulate, int resultOffset) {
        launches.launch(Reduction::sumPartials, Range.of(rows * G).withLocal(G),
                parts, result, groups, rows, scale, accumulate ? 1 : 0, resultOffset);
    }

    private void zero(FloatArray array, int size) {
        launches.launch(Elementwise::zero, Range.of(size), array, size);
    }

    /** A device array of {@code count} floats (no host memory until the host reads or writes it). */
    private FloatArray floats(int count) {
        var array = new FloatArray(Math.max(count, 1));
        all.add(array);
        return array;
    }

    private static void checkLength(String what, float[] data, int expected) {
        Drcn.checkLength(what, data, expected);
    }

    /**
     * Bytes of device memory held: the model's buffers and training's own (0 once closed), not counting the
     * convolutions' scratch ({@link Drcn#scratchBytes}).
     */
    public long deviceBytes() {
        long bytes = model.deviceBytes();
        if (bytes == 0) return 0;   // closed
        for (FloatArray f : all) bytes += f.getNumBytesOfSegment();
        return bytes;
    }

    /** Frees training's device buffers and the model's (the device stays open). */
    @Override
    public void close() {
        model.close();   // the plan holds every device buffer, training's too
    }
}
