package drcn.kernels.nn;

import drcn.kernels.api.FloatArray;
import drcn.kernels.api.Kernel;
import drcn.kernels.api.KernelContext;

/**
 * 3x3 convolution, stride 1, zero padding 1 (the output has the input's size), with bias: the only
 * convolution DRCN uses. Tensors are NCHW float32; weights are {@code [outChannels][inChannels][3][3]}
 * (PyTorch layout), bias {@code [outChannels]}.
 *
 * <p>Forward: {@code out[n][co][y][x] = bias[co] + sum_{ci,ky,kx} w[co][ci][ky][kx] * in[n][ci][y+ky-1][x+kx-1]}
 * (taps outside the image read 0), optionally followed by ReLU.
 *
 * <p>The layout ints ({@code batch, inChannels, outChannels, height, width}) are meant to be bound
 * as JIT constants, so the device compiler sees constant trip counts and strides. Every kernel here
 * has a plain-Java twin {@code <kernel>Reference} over {@code float[]}.
 *
 * <p>Batched use in DRCN: the D recursions' activations are laid out contiguously
 * ({@code [D][N][C][H][W]}), so passing {@code batch = D * N} makes ONE launch of the backward
 * kernels cover all D recursions of the shared inference (or reconstruction) weights.
 *
 * <p>Slices: every activation array comes with an element offset ({@code inputOffset},
 * {@code outputOffset}, ...): the kernel reads and writes {@code array[offset + index]}. DRCN keeps
 * H_0..H_D in one buffer and hands recursion d the slices H_{d-1} and H_d this way; an offset is a plain
 * runtime int (not a JIT constant), so all D launches share one compiled kernel. Weights and biases
 * are always whole buffers.
 */
public final class Convolution {
    private Convolution() {
    }

    /** Output channels one work-item of {@link #convForward} computes (private accumulators). */
    public static final int OUT_CHANNEL_BLOCK = 8;
    /** Input channels one work-item of {@link #convBackwardInput} computes. */
    public static final int IN_CHANNEL_BLOCK = 8;
    /** Work-group size of the reduction kernels {@link #convBackwardWeights} and {@link #convBackwardBias} (a power of two). */
    public static final int GROUP_SIZE = 256;
    /** Taps of a 3x3 kernel. */
    public static final int TAPS = 9;

    /** Number of output-channel blocks: the z extent of {@link #convForward}'s range is {@code batch * outChannelBlocks(outChannels)}. */
    public static int outChannelBlocks(int outChannels) {
        return (outChannels + OUT_CHANNEL_BLOCK - 1) / OUT_CHANNEL_BLOCK;
    }

    /** Number of input-channel blocks: the z extent of {@link #convBackwardInput}'s range is {@code batch * inChannelBlocks(inChannels)}. */
    public static int inChannelBlocks(int inChannels) {
        return (inChannels + IN_CHANNEL_BLOCK - 1) / IN_CHANNEL_BLOCK;
    }

    // ------------------------------------------------------------------------------------------
    // forward

    /**
     * {@code output[n][co][y][x] = act(bias[co] + sum_{ci,ky,kx} weights[co][ci][ky][kx] * input[n][ci][y+ky-1][x+kx-1])},
     * zero padding, {@code act} = ReLU when {@code relu != 0}, identity otherwise.
     *
     * <p>Range: 3D {@code (width, height, batch * outChannelBlocks(outChannels))}; any local size
     * (e.g. 16x8x1 on a GPU so a work-group shares the weights it reads; 1D rows on a CPU).
     * The range may be padded: items outside return at once. One work-item computes
     * {@link #OUT_CHANNEL_BLOCK} output channels of one pixel with private accumulators, so each
     * input value is loaded once per block; the last block may be partial (any outChannels works).
     * Sums in the order ci, ky, kx with fused multiply-add, starting from the bias.
     * {@code input} is read from element {@code inputOffset} on, {@code output} written from {@code outputOffset} on.
     */
    @Kernel
    public static void convForward(KernelContext context, FloatArray input, FloatArray weights, FloatArray bias, FloatArray output,
                                   int batch, int inChannels, int outChannels, int height, int width, int relu,
                                   int inputOffset, int outputOffset) {
        int x = context.globalIdx;
        int y = context.globalIdy;
        int z = context.globalIdz;
        int blocks = (outChannels + OUT_CHANNEL_BLOCK - 1) / OUT_CHANNEL_BLOCK;
        if (x >= width || y >= height || z >= batch * blocks) {
            return;
        }
        int n = z / blocks;
        int co0 = (z - n * blocks) * OUT_CHANNEL_BLOCK;
        int count = Math.min(OUT_CHANNEL_BLOCK, outChannels - co0);
        int plane = height * width;
        int weightStride = inChannels * TAPS;
        float[] acc = new float[OUT_CHANNEL_BLOCK];
        for (int j = 0; j < OUT_CHANNEL_BLOCK; j++) {
            acc[j] = bias.get(Math.min(co0 + j, outChannels - 1));
        }
        for (int ci = 0; ci < inChannels; ci++) {
            int inBase = inputOffset + (n * inChannels + ci) * plane;
            int weightBase = co0 * weightStride + ci * TAPS;
            for (int ky = 0; ky < 3; ky++) {
                int iy = y + ky - 1;
                if (iy < 0 || iy >= height) {
                    continue;
                }
                for (int kx = 0; kx < 3; kx++) {
                    int ix = x + kx - 1;
                    if (ix < 0 || ix >= width) {
                        continue;
                    }
                    float v = input.get(inBase + iy * width + ix);
                    int tap = weightBase + ky * 3 + kx;
                    for (int j = 0; j < OUT_CHANNEL_BLOCK; j++) {
                        if (j < count) {
                            acc[j] = Math.fma(v, weights.get(tap + j * weightStride), acc[j]);
                        }
                    }
                }
            }
        }
        int outBase = outputOffset + (n * outChannels + co0) * plane + y * width + x;
        for (int j = 0; j < count; j++) {
            float v = acc[j];
            if (relu != 0) {
                v = Math.max(v, 0.0f);
            }
            output.set(outBase + j * plane, v);
        }
    }

    /** Reference twin of {@link #convForward}: the definition, as loops. */
    public static void convForwardReference(float[] input, float[] weights, float[] bias, float[] output,
                                            int batch, int inChannels, int outChannels, int height, int width, int relu,
                                            int inputOffset, int outputOffset) {
        for (int n = 0; n < batch; n++) {
            for (int co = 0; co < outChannels; co++) {
                for (int y = 0; y < height; y++) {
                    for (int x = 0; x < width; x++) {
                        float sum = bias[co];
                        for (int ci = 0; ci < inChannels; ci++) {
                            for (int ky = 0; ky < 3; ky++) {
                                for (int kx = 0; kx < 3; kx++) {
                                    int iy = y + ky - 1;
                                    int ix = x + kx - 1;
                                    if (iy < 0 || iy >= height || ix < 0 || ix >= width) continue;
                                    sum += weights[((co * inChannels + ci) * 3 + ky) * 3 + kx]
                                            * input[inputOffset + ((n * inChannels + ci) * height + iy) * width + ix];
                                }
                            }
                        }
                        output[outputOffset + ((n * outChannels + co) * height + y) * width + x] = relu != 0 ? Math.max(sum, 0f) : sum;
                    }
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // backward

    /**
     * Gradient with respect to the input (a convolution with the flipped kernel and transposed channels):
     * {@code dInput[n][ci][y][x] (=|+=) sum_{co,ky,kx} weights[co][ci][ky][kx] * dOutput[n][co][y-ky+1][x-kx+1]}
     * (out-of-image taps read 0). Overwrites when {@code accumulate == 0} (the llm.c rule for
     * activation gradients); {@code accumulate != 0} adds to {@code dInput}, for an activation with two
     * consumers (DRCN's H_d feeds both the next recursion and the reconstruction net).
     * {@code dOutput} is the gradient before the convolution's own ReLU: apply
     * {@link Activation#reluBackward} first.
     *
     * <p>Range: 3D {@code (width, height, batch * inChannelBlocks(inChannels))}, any local size, may be
     * padded. One work-item computes {@link #IN_CHANNEL_BLOCK} input channels of one pixel.
     * Sums in the order co, ky, kx with fused multiply-add. {@code dOutput} is read from element
     * {@code dOutputOffset} on, {@code dInput} written from {@code dInputOffset} on.
     */
    @Kernel
    public static void convBackwardInput(KernelContext context, FloatArray dOutput, FloatArray weights, FloatArray dInput,
                                         int batch, int inChannels, int outChannels, int height, int width, int accumulate,
                                         int dOutputOffset, int dInputOffset) {
        int x = context.globalIdx;
        int y = context.globalIdy;
        int z = context.globalIdz;
        int blocks = (inChannels + IN_CHANNEL_BLOCK - 1) / IN_CHANNEL_BLOCK;
        if (x >= width || y >= height || z >= batch * blocks) {
            return;
        }
        int n = z / blocks;
        int ci0 = (z - n * blocks) * IN_CHANNEL_BLOCK;
        int count = Math.min(IN_CHANNEL_BLOCK, inChannels - ci0);
        int plane = height * width;
        float[] acc = new float[IN_CHANNEL_BLOCK];
        for (int j = 0; j < IN_CHANNEL_BLOCK; j++) {
            acc[j] = 0.0f;
        }
        for (int co = 0; co < outChannels; co++) {
            int outBase = dOutputOffset + (n * outChannels + co) * plane;
            int weightBase = (co * inChannels + ci0) * TAPS;
            for (int ky = 0; ky < 3; ky++) {
                int oy = y - ky + 1;
                if (oy < 0 || oy >= height) {
                    continue;
                }
                for (int kx = 0; kx < 3; kx++) {
                    int ox = x - kx + 1;
                    if (ox < 0 || ox >= width) {
                        continue;
                    }
                    float g = dOutput.get(outBase + oy * width + ox);
                    int tap = weightBase + ky * 3 + kx;
                    for (int j = 0; j < IN_CHANNEL_BLOCK; j++) {
                        if (j < count) {
                            acc[j] = Math.fma(g, weights.get(tap + j * TAPS), acc[j]);
                        }
                    }
                }
            }
        }
        int inBase = dInputOffset + (n * inChannels + ci0) * plane + y * width + x;
        for (int j = 0; j < count; j++) {
            int index = inBase + j * plane;
            if (accumulate != 0) {
                dInput.set(index, dInput.get(index) + acc[j]);
            } else {
                dInput.set(index, acc[j]);
            }
        }
    }

    /** Reference twin of {@link #convBackwardInput}: scatters every output gradient back through the taps. */
    public static void convBackwardInputReference(float[] dOutput, float[] weights, float[] dInput,
                                                  int batch, int inChannels, int outChannels, int height, int width, int accumulate,
                                                  int dOutputOffset, int dInputOffset) {
        float[] sum = new float[batch * inChannels * height * width];
        for (int n = 0; n < batch; n++) {
            for (int co = 0; co < outChannels; co++) {
                for (int y = 0; y < height; y++) {
                    for (int x = 0; x < width; x++) {
                        float g = dOutput[dOutputOffset + ((n * outChannels + co) * height + y) * width + x];
                        for (int ci = 0; ci < inChannels; ci++) {
                            for (int ky = 0; ky < 3; ky++) {
                                for (int kx = 0; kx < 3; kx++) {
                                    int iy = y + ky - 1;
                                    int ix = x + kx - 1;
                                    if (iy < 0 || iy >= height || ix < 0 || ix >= width) continue;
                                    sum[((n * inChannels + ci) * height + iy) * width + ix] +=
                                            g * weights[((co * inChannels + ci) * 3 + ky) * 3 + kx];
                                }
                            }
                        }
                    }
                }
            }
        }
        for (int i = 0; i < sum.length; i++) {
            dInput[dInputOffset + i] = accumulate != 0 ? dInput[dInputOffset + i] + sum[i] : sum[i];
        }
    }

    /**
     * Gradient with respect to the weights, ACCUMULATED (llm.c rule for parameters):
     * {@code dWeights[co][ci][ky][kx] += sum_{n,y,x} dOutput[n][co][y][x] * input[n][ci][y+ky-1][x+kx-1]}.
     * With {@code batch = D * N} over contiguous {@code [D][N][C][H][W]} activations one launch sums all D
     * recursions of a shared weight.
     *
     * <p>Range: 1D {@code outChannels * inChannels * GROUP_SIZE}, local size exactly {@link #GROUP_SIZE}.
     * Work-group {@code g = co * inChannels + ci} owns the 9 weights of the pair (co, ci): its items
     * stride over the {@code batch * height * width} pixels (coalesced reads), each keeping 9 private
     * sums, then a local-memory tree reduction (9 x GROUP_SIZE floats) and one add per weight.
     * {@code dOutput} and {@code input} are read from elements {@code dOutputOffset} and {@code inputOffset} on.
     */
    @Kernel
    public static void convBackwardWeights(KernelContext context, FloatArray dOutput, FloatArray input, FloatArray dWeights,
                                           int batch, int inChannels, int outChannels, int height, int width,
                                           int dOutputOffset, int inputOffset) {
        float[] scratch = context.allocateFloatLocalArray(TAPS * GROUP_SIZE);
        int pair = context.groupIdx;
        int lid = context.localIdx;
        if (pair >= outChannels * inChannels) {
            return;
        }
        int co = pair / inChannels;
        int ci = pair - co * inChannels;
        int plane = height * width;
        int total = batch * plane;
        float[] acc = new float[TAPS];
        for (int k = 0; k < TAPS; k++) {
            acc[k] = 0.0f;
        }
        for (int p = lid; p < total; p += GROUP_SIZE) {
            int n = p / plane;
            int r = p - n * plane;
            int y = r / width;
            int x = r - y * width;
            float g = dOutput.get(dOutputOffset + (n * outChannels + co) * plane + r);
            int inBase = inputOffset + (n * inChannels + ci) * plane;
            for (int ky = 0; ky < 3; ky++) {
                int iy = y + ky - 1;
                if (iy < 0 || iy >= height) {
                    continue;
                }
                for (int kx = 0; kx < 3; kx++) {
                    int ix = x + kx - 1;
                    if (ix < 0 || ix >= width) {
                        continue;
                    }
                    acc[ky * 3 + kx] = Math.fma(g, input.get(inBase + iy * width + ix), acc[ky * 3 + kx]);
                }
            }
        }
        for (int k = 0; k < TAPS; k++) {
            scratch[k * GROUP_SIZE + lid] = acc[k];
        }
        context.localBarrier();
        for (int stride = GROUP_SIZE / 2; stride > 0; stride = stride / 2) {
            if (lid < stride) {
                for (int k = 0; k < TAPS; k++) {
                    scratch[k * GROUP_SIZE + lid] += scratch[k * GROUP_SIZE + lid + stride];
                }
            }
            context.localBarrier();
        }
        if (lid < TAPS) {
            int index = pair * TAPS + lid;
            dWeights.set(index, dWeights.get(index) + scratch[lid * GROUP_SIZE]);
        }
    }

    /** Reference twin of {@link #convBackwardWeights}. */
    public static void convBackwardWeightsReference(float[] dOutput, float[] input, float[] dWeights,
                                                    int batch, int inChannels, int outChannels, int height, int width,
                                                    int dOutputOffset, int inputOffset) {
        for (int co = 0; co < outChannels; co++) {
            for (int ci = 0; ci < inChannels; ci++) {
                for (int ky = 0; ky < 3; ky++) {
                    for (int kx = 0; kx < 3; kx++) {
                        float sum = 0f;
                        for (int n = 0; n < batch; n++) {
                            for (int y = 0; y < height; y++) {
                                for (int x = 0; x < width; x++) {
                                    int iy = y + ky - 1;
                                    int ix = x + kx - 1;
                                    if (iy < 0 || iy >= height || ix < 0 || ix >= width) continue;
                                    sum += dOutput[dOutputOffset + ((n * outChannels + co) * height + y) * width + x]
                                            * input[inputOffset + ((n * inChannels + ci) * height + iy) * width + ix];
                                }
                            }
                        }
                        dWeights[((co * inChannels + ci) * 3 + ky) * 3 + kx] += sum;
                    }
                }
            }
        }
    }

    /**
     * Gradient with respect to the bias, ACCUMULATED: {@code dBias[co] += sum_{n,y,x} dOutput[n][co][y][x]}
     * ({@code batch = D * N} sums all recursions at once).
     *
     * <p>Range: 1D {@code outChannels * GROUP_SIZE}, local size exactly {@link #GROUP_SIZE}; work-group
     * {@code co} strides over the channel's pixels, then a local-memory tree reduction.
     * {@code dOutput} is read from element {@code dOutputOffset} on.
     */
    @Kernel
    public static void convBackwardBias(KernelContext context, FloatArray dOutput, FloatArray dBias,
                                        int batch, int outChannels, int height, int width, int dOutputOffset) {
        float[] scratch = context.allocateFloatLocalArray(GROUP_SIZE);
        int co = context.groupIdx;
        int lid = context.localIdx;
        if (co >= outChannels) {
            return;
        }
        int plane = height * width;
        int total = batch * plane;
        float sum = 0.0f;
        for (int p = lid; p < total; p += GROUP_SIZE) {
            int n = p / plane;
            int r = p - n * plane;
            sum += dOutput.get(dOutputOffset + (n * outChannels + co) * plane + r);
        }
        scratch[lid] = sum;
        context.localBarrier();
        for (int stride = GROUP_SIZE / 2; stride > 0; stride = stride / 2) {
            if (lid < stride) {
                scratch[lid] += scratch[lid + stride];
            }
            context.localBarrier();
        }
        if (lid == 0) {
            dBias.set(co, dBias.get(co) + scratch[0]);
        }
    }

    /** Reference twin of {@link #convBackwardBias}. */
    public static void convBackwardBiasReference(float[] dOutput, float[] dBias, int batch, int outChannels, int height, int width,
                                                 int dOutputOffset) {
        for (int co = 0; co < outChannels; co++) {
            float sum = 0f;
            for (int n = 0; n < batch; n++) {
                for (int i = 0; i < height * width; i++) {
                    sum += dOutput[dOutputOffset + (n * outChannels + co) * height * width + i];
                }
            }
            dBias[co] += sum;
        }
    }
}
