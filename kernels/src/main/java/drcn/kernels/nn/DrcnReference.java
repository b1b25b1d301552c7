package drcn.kernels.nn;

import java.util.Arrays;

/**
 * The whole DRCN training step on the CPU, written only with the kernels' reference twins, in the
 * order a runtime schedules the kernels (the llm.c habit: a plain reference of the network beside the
 * fast kernels). It is the executable specification of the forward/backward schedule: which buffer
 * each step reads, which gradients overwrite (activations) and which accumulate (parameters), where
 * the D recursions are batched into one launch.
 *
 * <p>Parameters live in one flat array, in this order (see {@link #offsets}):
 * embed1 weights {@code [F][1][3][3]}, bias {@code [F]}; embed2 {@code [F][F][3][3]}, {@code [F]};
 * infer {@code [F][F][3][3]}, {@code [F]}; recon1 {@code [F][F][3][3]}, {@code [F]};
 * recon2 {@code [1][F][3][3]}, {@code [1]}; ensemble weights {@code [D]}.
 * Images: input x and target y are {@code [N][1][H][W]}.
 */
public final class DrcnReference {
    private DrcnReference() {
    }

    /** Parameter tensors in the flat array, in order. */
    public static final int EMBED1_W = 0, EMBED1_B = 1, EMBED2_W = 2, EMBED2_B = 3, INFER_W = 4, INFER_B = 5,
            RECON1_W = 6, RECON1_B = 7, RECON2_W = 8, RECON2_B = 9, ENSEMBLE = 10, TENSORS = 11;

    /** Start of each parameter tensor in the flat array; element {@code TENSORS} is the total count. */
    public static int[] offsets(int features, int depth) {
        int f = features;
        int[] sizes = {f * 9, f, f * f * 9, f, f * f * 9, f, f * f * 9, f, f * 9, 1, depth};
        int[] offsets = new int[TENSORS + 1];
        for (int t = 0; t < TENSORS; t++) offsets[t + 1] = offsets[t] + sizes[t];
        return offsets;
    }

    /** Indices of the five conv weight tensors (what the weight decay term covers). */
    public static final int[] CONV_WEIGHTS = {EMBED1_W, EMBED2_W, INFER_W, RECON1_W, RECON2_W};

    /**
     * One forward and backward pass: returns the loss
     * {@code L = a * (1/D) sum_d mse(pred_d, y) + (1 - a) * mse(out, y) + b * ||W||^2} and ADDS dL/dparams
     * to {@code gradients}. {@code output}, when not null, receives the ensemble output {@code [N][1][H][W]}.
     */
    public static float step(float[] parameters, float[] gradients, float[] x, float[] y, float[] output,
                             int batch, int features, int depth, int height, int width, float a, float b) {
        int n = batch, f = features, dd = depth, h = height, w = width;
        int[] o = offsets(f, dd);
        int image = h * w;          // one channel of one image
        int size = n * image;       // N*H*W: one prediction
        int state = n * f * image;  // one N x F activation
        float[] embed1W = slice(parameters, o, EMBED1_W), embed1B = slice(parameters, o, EMBED1_B);
        float[] embed2W = slice(parameters, o, EMBED2_W), embed2B = slice(parameters, o, EMBED2_B);
        float[] inferW = slice(parameters, o, INFER_W), inferB = slice(parameters, o, INFER_B);
        float[] recon1W = slice(parameters, o, RECON1_W), recon1B = slice(parameters, o, RECON1_B);
        float[] recon2W = slice(parameters, o, RECON2_W), recon2B = slice(parameters, o, RECON2_B);
        float[] ensembleW = slice(parameters, o, ENSEMBLE);

        // ---- forward
        float[] e1 = new float[state];
        Convolution.convForwardReference(x, embed1W, embed1B, e1, n, 1, f, h, w, 1, 0, 0);
        float[] states = new float[(dd + 1) * state];          // H_0 .. H_D, contiguous: H_d starts at d * state
        Convolution.convForwardReference(e1, embed2W, embed2B, states, n, f, f, h, w, 1, 0, 0);
        for (int d = 1; d <= dd; d++) {                         // H_d = relu(infer(H_{d-1})): slices by offset
            Convolution.convForwardReference(states, inferW, inferB, states, n, f, f, h, w, 1, (d - 1) * state, d * state);
        }
        // H_1 .. H_D as ONE batch of D*N images (they are contiguous from offset `state`)
        float[] r1 = new float[dd * state];
        Convolution.convForwardReference(states, recon1W, recon1B, r1, dd * n, f, f, h, w, 1, state, 0);
        float[] r2 = new float[dd * size];
        Convolution.convForwardReference(r1, recon2W, recon2B, r2, dd * n, f, 1, h, w, 0, 0, 0);
        float[] pred = new float[dd * size];
        Elementwise.addSkipReference(r2, x, pred, dd * size, size);
        float[] out = new float[size];
        Ensemble.ensembleForwardReference(pred, ensembleW, out, dd, size);
        if (output != null) System.arraycopy(out, 0, output, 0, size);

        // ---- loss value
        float[] terms = new float[dd + 2];
        float[] partials = new float[dd];
        Loss.squaredErrorPartialsReference(pred, y, partials, size, dd, 1);
        Reduction.sumPartialsReference(partials, terms, 1, dd, 1f / size, 0, 0);           // terms[0..D): per-recursion MSEs
        Loss.squaredErrorPartialsReference(out, y, partials, size, 1, 1);
        Reduction.sumPartialsReference(partials, terms, 1, 1, 1f / size, 0, dd);           // terms[D]: ensemble MSE
        for (int t : CONV_WEIGHTS) {                                                        // terms[D+1]: ||W||^2
            float[] weights = slice(parameters, o, t);
            Reduction.sumOfSquaresPartialsReference(weights, partials, weights.length, 1, 1);
            Reduction.sumPartialsReference(partials, terms, 1, 1, 1f, t == CONV_WEIGHTS[0] ? 0 : 1, dd + 1);
        }
        float[] loss = new float[1];
        Loss.lossTotalReference(terms, loss, dd, a, b);

        // ---- backward (activation gradients overwrite, parameter gradients accumulate)
        float[] g = new float[o[TENSORS]];                      // this step's parameter gradients, added at the end
        float[] dOut = new float[size];
        Loss.squaredErrorGradientReference(out, y, dOut, size, 1, 1f - a, 0);
        float[] dPred = new float[dd * size];
        float[] ensemblePartials = new float[dd];
        Ensemble.ensembleBackwardReference(dOut, pred, ensembleW, dPred, ensemblePartials, size, dd, 1);
        float[] dEnsemble = new float[dd];
        Reduction.sumPartialsReference(ensemblePartials, dEnsemble, 1, dd, 1f, 1, 0);
        Loss.squaredErrorGradientReference(pred, y, dPred, size, dd, a, 1);
        // the skip connection passes dPred through unchanged: dR2 = dPred
        float[] dRecon2W = new float[f * 9], dRecon2B = new float[1];
        Convolution.convBackwardWeightsReference(dPred, r1, dRecon2W, dd * n, f, 1, h, w, 0, 0);
        Convolution.convBackwardBiasReference(dPred, dRecon2B, dd * n, 1, h, w, 0);
        float[] dR1 = new float[dd * state];
        Convolution.convBackwardInputReference(dPred, recon2W, dR1, dd * n, f, 1, h, w, 0, 0, 0);
        Activation.reluBackwardReference(dR1, r1, dR1, dd * state, 0);
        float[] dRecon1W = new float[f * f * 9], dRecon1B = new float[f];
        Convolution.convBackwardWeightsReference(dR1, states, dRecon1W, dd * n, f, f, h, w, 0, state);
        Convolution.convBackwardBiasReference(dR1, dRecon1B, dd * n, f, h, w, 0);
        // dH_0 .. dH_D and dZ_0 .. dZ_D (pre-ReLU gradients) laid out like H: slot d at d * state
        float[] dStates = new float[(dd + 1) * state];
        float[] dZ = new float[(dd + 1) * state];
        Convolution.convBackwardInputReference(dR1, recon1W, dStates, dd * n, f, f, h, w, 0, 0, state);
        for (int d = dd; d >= 1; d--) {
            Activation.reluBackwardReference(dStates, states, dZ, state, d * state);
            // H_{d-1} feeds recursion d and (for d-1 >= 1) the reconstruction net: accumulate there
            Convolution.convBackwardInputReference(dZ, inferW, dStates, n, f, f, h, w, d - 1 >= 1 ? 1 : 0, d * state, (d - 1) * state);
        }
        // the shared inference weights: ONE batched pass over all D recursions (dZ_1..dZ_D against H_0..H_{D-1})
        float[] dInferW = new float[f * f * 9], dInferB = new float[f];
        Convolution.convBackwardWeightsReference(dZ, states, dInferW, dd * n, f, f, h, w, state, 0);
        Convolution.convBackwardBiasReference(dZ, dInferB, dd * n, f, h, w, state);
        Activation.reluBackwardReference(dStates, states, dZ, state, 0);  // dZ_0: H_0 = relu(embed2(...))
        float[] dEmbed2W = new float[f * f * 9], dEmbed2B = new float[f];
        Convolution.convBackwardWeightsReference(dZ, e1, dEmbed2W, n, f, f, h, w, 0, 0);
        Convolution.convBackwardBiasReference(dZ, dEmbed2B, n, f, h, w, 0);
        float[] dE1 = new float[state];
        Convolution.convBackwardInputReference(dZ, embed2W, dE1, n, f, f, h, w, 0, 0, 0);
        Activation.reluBackwardReference(dE1, e1, dE1, state, 0);
        float[] dEmbed1W = new float[f * 9], dEmbed1B = new float[f];
        Convolution.convBackwardWeightsReference(dE1, x, dEmbed1W, n, 1, f, h, w, 0, 0);
        Convolution.convBackwardBiasReference(dE1, dEmbed1B, n, f, h, w, 0);

        put(g, o, EMBED1_W, dEmbed1W);
        put(g, o, EMBED1_B, dEmbed1B);
        put(g, o, EMBED2_W, dEmbed2W);
        put(g, o, EMBED2_B, dEmbed2B);
        put(g, o, INFER_W, dInferW);
        put(g, o, INFER_B, dInferB);
        put(g, o, RECON1_W, dRecon1W);
        put(g, o, RECON1_B, dRecon1B);
        put(g, o, RECON2_W, dRecon2W);
        put(g, o, RECON2_B, dRecon2B);
        put(g, o, ENSEMBLE, dEnsemble);
        for (int t : CONV_WEIGHTS) {
            float[] weights = slice(parameters, o, t), dWeights = slice(g, o, t);
            Loss.weightDecayGradientReference(weights, dWeights, weights.length, b);
            put(g, o, t, dWeights);
        }
        for (int i = 0; i < g.length; i++) gradients[i] += g[i];
        return loss[0];
    }

    private static float[] slice(float[] flat, int[] offsets, int tensor) {
        return Arrays.copyOfRange(flat, offsets[tensor], offsets[tensor + 1]);
    }

    private static void put(float[] flat, int[] offsets, int tensor, float[] values) {
        System.arraycopy(values, 0, flat, offsets[tensor], values.length);
    }
}
