/**
 * Every DRCN kernel as a {@code @Kernel} Java method, each with a plain-Java twin {@code <kernel>Reference}
 * beside it, and {@link drcn.kernels.nn.DrcnReference}: the whole training step written with the twins in
 * the order the runtime schedules the kernels (its executable specification).
 *
 * <p>Layout: NCHW float32, zero padding 1, conv weights {@code [Cout][Cin][3][3]}, bias {@code [Cout]};
 * the D recursions' states contiguous ({@code [D+1][N][F][H][W]} for H_0..H_D), the predictions
 * {@code [D][N][1][H][W]}. Slices of such a buffer (H_{d-1} and H_d for recursion d) are passed as the
 * whole buffer plus an int element offset: the conv kernels and {@code reluBackward} take one per activation
 * array (runtime ints, never JIT constants, so the D launches share one compiled kernel). The backward keeps
 * dH_0..dH_D and the pre-ReLU dZ_0..dZ_D in the same {@code [D+1]} layout, so slot d is at the same offset in
 * all three buffers. {@code Reduction.sumPartials} takes a {@code resultOffset}, so the D + 2 loss terms
 * (D MSEs, the ensemble MSE, ||W||^2) land in one buffer for {@code Loss.lossTotal}. Rule (llm.c): parameter gradients accumulate ({@code +=}), activation gradients
 * overwrite ({@code =}); the two activation kernels that may add ({@code convBackwardInput},
 * {@code squaredErrorGradient}) take a JIT-constant {@code accumulate} flag for the two places DRCN needs it.
 *
 * <p>Launches ({@code G} = {@link drcn.kernels.nn.Reduction#GROUP_SIZE} = 256; "any" local size means the
 * runtime picks it and may pad the range, the kernel guards):
 * <table>
 * <caption>ranges and local sizes</caption>
 * <tr><th>kernel</th><th>global range</th><th>local size</th></tr>
 * <tr><td>Convolution.convForward (GPUs)</td><td>(W, H, batch * outChannelBlocks(Cout))</td><td>any</td></tr>
 * <tr><td>Convolution.convForwardRowTiles (CPUs)</td><td>(pixelTiles(W), H, batch * rowTileOutChannelBlocks(Cout))</td><td>any</td></tr>
 * <tr><td>Convolution.convBackwardInput (GPUs)</td><td>(W, H, batch * inChannelBlocks(Cin))</td><td>any</td></tr>
 * <tr><td>Convolution.convBackwardInputRowTiles (CPUs)</td><td>(pixelTiles(W), H, batch * rowTileInChannelBlocks(Cin))</td><td>any</td></tr>
 * <tr><td>Convolution.convBackwardWeights (GPUs)</td><td>Cout * Cin * G</td><td>G exactly</td></tr>
 * <tr><td>Convolution.convBackwardWeightsRowTiles (CPUs)</td><td>(weightInChannelBlocks(Cin), outChannelBlocks(Cout))</td><td>any (the model uses 1x1)</td></tr>
 * <tr><td>Convolution.convBackwardBias</td><td>Cout * G</td><td>G exactly</td></tr>
 * <tr><td>Convolution.convBackwardBiasRowTiles (CPUs)</td><td>Cout</td><td>any (the model uses 1)</td></tr>
 * <tr><td>Reduction.sumOfSquaresPartials, Loss.squaredErrorPartials, Ensemble.ensembleBackward</td>
 *     <td>(groups * G, rows)</td><td>(G, 1) exactly</td></tr>
 * <tr><td>Reduction.sumPartials</td><td>rows * G</td><td>G exactly</td></tr>
 * <tr><td>Loss.lossTotal</td><td>1</td><td>any</td></tr>
 * <tr><td>all others (elementwise, optimizers)</td><td>size</td><td>any</td></tr>
 * </table>
 *
 * <p>Training step (see {@link drcn.kernels.nn.DrcnReference#step} for the exact calls):
 * forward: embed1 (convForward relu), embed2 (relu), D x infer (relu, same weights), recon1 over H_1..H_D as
 * one batch of D*N images (relu), recon2 (no relu, Cout = 1), addSkip, ensembleForward.
 * Backward: squaredErrorGradient on the output (weight 1-a, =), ensembleBackward (dPred =, dWeights partials)
 * + sumPartials(+=), squaredErrorGradient on the predictions (weight a, rows D, +=), recon2 and recon1
 * backward with batch D*N (recon1's dInput = dH_1..dH_D, offset N*F*H*W), then for d = D..1: reluBackward
 * into dZ_d and convBackwardInput from dZ_d into dH_{d-1} (+= for d-1 >= 1, where the reconstruction's gradient
 * already is; = for H_0); then ONE convBackwardWeights/Bias of the inference conv with batch D*N over
 * dZ_1..dZ_D (offset N*F*H*W) and H_0..H_{D-1} (offset 0); reluBackward into dZ_0; embed2 and embed1 backward; weightDecayGradient on the five conv weights; optional clipByNorm; optimizer step.
 */
package drcn.kernels.nn;
