package drcn.kernels.nn;

import drcn.kernels.Index;
import drcn.kernels.api.JitConstant;
import drcn.kernels.api.Kernel;
import drcn.kernels.api.Scratch;
import drcn.kernels.api.Vector16;
import drcn.tornado.api.KernelContext;
import drcn.tornado.api.types.arrays.FloatArray;

/**
 * The 3x3 convolution of {@link Convolution} with ONE output channel (DRCN's recon2, F -> 1), for CPUs:
 * <pre>
 *   output[n][0][y][x] = act(bias[0] + sum_{ci,ky,kx} weights[0][ci][ky][kx] * input[n][ci][y+ky-1][x+kx-1])
 * </pre>
 * (zero padding, {@code act} = ReLU when {@code relu != 0}), the same sums in the same order as
 * {@link Convolution#convForwardReference} (ci, ky, kx, fused multiply-add from the bias).
 *
 * <p>Why a kernel of its own: {@link Convolution#convForwardRowTiles} shares each staged input row among up to 32
 * output channels; with one channel it stages 3 x 3 x 16 masked scalars per input channel for 144 FMAs, and ran at
 * 1-2 GFLOP/s on PoCL (a quarter of an upscale's kernel time). Here one work-item computes {@link #ROWS} rows of
 * {@link #PIXEL_BLOCK} pixels in {@link Vector16} accumulators: per input channel it loads each of the
 * {@code ROWS + 2} input rows it needs once, as three 16-lane vectors shifted by -1, 0, +1 pixels (one unaligned
 * vector load each where the 18 columns lie inside the image, else a masked scalar staging), and spends
 * {@code 9 * ROWS} vector FMAs on them, the 9 weights as scalars broadcast.
 *
 * <p>Range: 3D {@code (Convolution.pixelTiles(width), rowBlocks(height), batch)}, any local size; items past the
 * tiles return at once.
 */
public final class ConvolutionSingleOutput {
    private ConvolutionSingleOutput() {
    }

    /** Consecutive pixels of a row one work-item computes: the lanes of a {@link Vector16}. */
    public static final int PIXEL_BLOCK = Vector16.LANES;
    /** Output rows one work-item computes (its {@link Vector16} accumulators). */
    public static final int ROWS = 4;

    /** Row blocks of an image: the y extent of the range. */
    public static int rowBlocks(int height) {
        return Index.ceilDiv(height, ROWS);
    }

    /**
     * {@code output[outputOffset + n*H*W + y*W + x] = act(bias[0] + sum_{ci,ky,kx} weights[ci*9 + ky*3 + kx] *
     * input[inputOffset + ((n*Cin + ci)*H + y+ky-1)*W + x+kx-1])}, zero padding.
     */
    @Kernel
    public static void convForwardSingleOutput(KernelContext context, FloatArray input, FloatArray weights, FloatArray bias,
                                               FloatArray output, @JitConstant int batch, @JitConstant int inChannels,
                                               @JitConstant int height, @JitConstant int width, @JitConstant int relu,
                                               int inputOffset, int outputOffset) {
        int tx = context.globalIdx;
        int ty = context.globalIdy;
        int n = context.globalIdz;
        if (tx >= Index.ceilDiv(width, PIXEL_BLOCK) || ty >= Index.ceilDiv(height, ROWS) || n >= batch) {
            return;
        }
        int x0 = tx * PIXEL_BLOCK;
        int y0 = ty * ROWS;
        int plane = height * width;
        // columns x0-1 .. x0+16 all inside the image: every shifted row is one plain vector load
        int inside = x0 >= 1 && x0 + PIXEL_BLOCK + 1 <= width ? 1 : 0;
        @Scratch float[] staged = new float[PIXEL_BLOCK];
        float b = bias.get(0);
        Vector16 a0 = Vector16.broadcast(b);
        Vector16 a1 = Vector16.broadcast(b);
        Vector16 a2 = Vector16.broadcast(b);
        Vector16 a3 = Vector16.broadcast(b);
        if (x0 + PIXEL_BLOCK <= width && y0 >= 1 && y0 + ROWS + 1 < height) {
            // a whole tile whose 6 input rows lie inside the image (most tiles): plain vector loads, written out in the
            // kernel itself (a helper called 18 times per channel is not inlined by PoCL, its vectors go through
            // memory). The shifted loads of a tile at the left or right edge read one pixel of the row before or after
            // (inside the buffer: rows y0 - 1 >= 3 and y0 + 5 < H exist), which the edge masks (0 there, else 1)
            // multiply by 0: exactly the reference's zero padding for finite inputs.
            for (int l = 0; l < PIXEL_BLOCK; l++) {
                staged[l] = x0 + l >= 1 ? 1.0f : 0.0f;
            }
            Vector16 maskLeft = Vector16.load(staged, 0);
            for (int l = 0; l < PIXEL_BLOCK; l++) {
                staged[l] = x0 + l + 1 < width ? 1.0f : 0.0f;
            }
            Vector16 maskRight = Vector16.load(staged, 0);
            for (int ci = 0; ci < inChannels; ci++) {
                int p = inputOffset + (n * inChannels + ci) * plane + (y0 - 1) * width + x0;
                int wb = ci * Convolution.TAPS;
                Vector16 v0 = Vector16.broadcast(weights.get(wb + 0));
                Vector16 v1 = Vector16.broadcast(weights.get(wb + 1));
                Vector16 v2 = Vector16.broadcast(weights.get(wb + 2));
                Vector16 v3 = Vector16.broadcast(weights.get(wb + 3));
                Vector16 v4 = Vector16.broadcast(weights.get(wb + 4));
                Vector16 v5 = Vector16.broadcast(weights.get(wb + 5));
                Vector16 v6 = Vector16.broadcast(weights.get(wb + 6));
                Vector16 v7 = Vector16.broadcast(weights.get(wb + 7));
                Vector16 v8 = Vector16.broadcast(weights.get(wb + 8));
                Vector16 lf0 = Vector16.multiply(Vector16.load(input, p - 1), maskLeft);
                Vector16 cf0 = Vector16.load(input, p);
                Vector16 rf0 = Vector16.multiply(Vector16.load(input, p + 1), maskRight);
                a0 = Vector16.fma(lf0, v0, a0);
                a0 = Vector16.fma(cf0, v1, a0);
                a0 = Vector16.fma(rf0, v2, a0);
                Vector16 lf1 = Vector16.multiply(Vector16.load(input, p + 1 * width - 1), maskLeft);
                Vector16 cf1 = Vector16.load(input, p + 1 * width);
                Vector16 rf1 = Vector16.multiply(Vector16.load(input, p + 1 * width + 1), maskRight);
                a0 = Vector16.fma(lf1, v3, a0);
                a0 = Vector16.fma(cf1, v4, a0);
                a0 = Vector16.fma(rf1, v5, a0);
                a1 = Vector16.fma(lf1, v0, a1);
                a1 = Vector16.fma(cf1, v1, a1);
                a1 = Vector16.fma(rf1, v2, a1);
                Vector16 lf2 = Vector16.multiply(Vector16.load(input, p + 2 * width - 1), maskLeft);
                Vector16 cf2 = Vector16.load(input, p + 2 * width);
                Vector16 rf2 = Vector16.multiply(Vector16.load(input, p + 2 * width + 1), maskRight);
                a0 = Vector16.fma(lf2, v6, a0);
                a0 = Vector16.fma(cf2, v7, a0);
                a0 = Vector16.fma(rf2, v8, a0);
                a1 = Vector16.fma(lf2, v3, a1);
                a1 = Vector16.fma(cf2, v4, a1);
                a1 = Vector16.fma(rf2, v5, a1);
                a2 = Vector16.fma(lf2, v0, a2);
                a2 = Vector16.fma(cf2, v1, a2);
                a2 = Vector16.fma(rf2, v2, a2);
                Vector16 lf3 = Vector16.multiply(Vector16.load(input, p + 3 * width - 1), maskLeft);
                Vector16 cf3 = Vector16.load(input, p + 3 * width);
                Vector16 rf3 = Vector16.multiply(Vector16.load(input, p + 3 * width + 1), maskRight);
                a1 = Vector16.fma(lf3, v6, a1);
                a1 = Vector16.fma(cf3, v7, a1);
                a1 = Vector16.fma(rf3, v8, a1);
                a2 = Vector16.fma(lf3, v3, a2);
                a2 = Vector16.fma(cf3, v4, a2);
                a2 = Vector16.fma(rf3, v5, a2);
                a3 = Vector16.fma(lf3, v0, a3);
                a3 = Vector16.fma(cf3, v1, a3);
                a3 = Vector16.fma(rf3, v2, a3);
                Vector16 lf4 = Vector16.multiply(Vector16.load(input, p + 4 * width - 1), maskLeft);
                Vector16 cf4 = Vector16.load(input, p + 4 * width);
                Vector16 rf4 = Vector16.multiply(Vector16.load(input, p + 4 * width + 1), maskRight);
                a2 = Vector16.fma(lf4, v6, a2);
                a2 = Vector16.fma(cf4, v7, a2);
                a2 = Vector16.fma(rf4, v8, a2);
                a3 = Vector16.fma(lf4, v3, a3);
                a3 = Vector16.fma(cf4, v4, a3);
                a3 = Vector16.fma(rf4, v5, a3);
                Vector16 lf5 = Vector16.multiply(Vector16.load(input, p + 5 * width - 1), maskLeft);
                Vector16 cf5 = Vector16.load(input, p + 5 * width);
                Vector16 rf5 = Vector16.multiply(Vector16.load(input, p + 5 * width + 1), maskRight);
                a3 = Vector16.fma(lf5, v6, a3);
                a3 = Vector16.fma(cf5, v7, a3);
                a3 = Vector16.fma(rf5, v8, a3);
            }
        } else {
            for (int ci = 0; ci < inChannels; ci++) {
                int base = inputOffset + (n * inChannels + ci) * plane;
                int wb = ci * Convolution.TAPS;
                float w0 = weights.get(wb), w1 = weights.get(wb + 1), w2 = weights.get(wb + 2);
                float w3 = weights.get(wb + 3), w4 = weights.get(wb + 4), w5 = weights.get(wb + 5);
                float w6 = weights.get(wb + 6), w7 = weights.get(wb + 7), w8 = weights.get(wb + 8);
                // input row y0-1+k feeds output row y0+r through the filter's row ky = k - r, in the order ky = 0, 1, 2
                // (written out: PoCL unrolls no loop, and the accumulators must stay named registers)
                int iy0 = y0 - 1;
                Vector16 l0 = shifted(input, base, iy0, x0 - 1, height, width, inside, staged);
                Vector16 c0 = shifted(input, base, iy0, x0, height, width, inside, staged);
                Vector16 r0 = shifted(input, base, iy0, x0 + 1, height, width, inside, staged);
                a0 = taps(a0, l0, c0, r0, w0, w1, w2);
                int iy1 = y0;
                Vector16 l1 = shifted(input, base, iy1, x0 - 1, height, width, inside, staged);
                Vector16 c1 = shifted(input, base, iy1, x0, height, width, inside, staged);
                Vector16 r1 = shifted(input, base, iy1, x0 + 1, height, width, inside, staged);
                a0 = taps(a0, l1, c1, r1, w3, w4, w5);
                a1 = taps(a1, l1, c1, r1, w0, w1, w2);
                int iy2 = y0 + 1;
                Vector16 l2 = shifted(input, base, iy2, x0 - 1, height, width, inside, staged);
                Vector16 c2 = shifted(input, base, iy2, x0, height, width, inside, staged);
                Vector16 r2 = shifted(input, base, iy2, x0 + 1, height, width, inside, staged);
                a0 = taps(a0, l2, c2, r2, w6, w7, w8);
                a1 = taps(a1, l2, c2, r2, w3, w4, w5);
                a2 = taps(a2, l2, c2, r2, w0, w1, w2);
                int iy3 = y0 + 2;
                Vector16 l3 = shifted(input, base, iy3, x0 - 1, height, width, inside, staged);
                Vector16 c3 = shifted(input, base, iy3, x0, height, width, inside, staged);
                Vector16 r3 = shifted(input, base, iy3, x0 + 1, height, width, inside, staged);
                a1 = taps(a1, l3, c3, r3, w6, w7, w8);
                a2 = taps(a2, l3, c3, r3, w3, w4, w5);
                a3 = taps(a3, l3, c3, r3, w0, w1, w2);
                int iy4 = y0 + 3;
                Vector16 l4 = shifted(input, base, iy4, x0 - 1, height, width, inside, staged);
                Vector16 c4 = shifted(input, base, iy4, x0, height, width, inside, staged);
                Vector16 r4 = shifted(input, base, iy4, x0 + 1, height, width, inside, staged);
                a2 = taps(a2, l4, c4, r4, w6, w7, w8);
                a3 = taps(a3, l4, c4, r4, w3, w4, w5);
                int iy5 = y0 + 4;
                Vector16 l5 = shifted(input, base, iy5, x0 - 1, height, width, inside, staged);
                Vector16 c5 = shifted(input, base, iy5, x0, height, width, inside, staged);
                Vector16 r5 = shifted(input, base, iy5, x0 + 1, height, width, inside, staged);
                a3 = taps(a3, l5, c5, r5, w6, w7, w8);
            }
        }
        int outBase = outputOffset + n * plane + x0;
        store(output, outBase, y0, a0, relu, height, width, x0, staged);
        store(output, outBase, y0 + 1, a1, relu, height, width, x0, staged);
        store(output, outBase, y0 + 2, a2, relu, height, width, x0, staged);
        store(output, outBase, y0 + 3, a3, relu, height, width, x0, staged);
    }

    /** {@code acc + l * wl + c * wc + r * wr}, three fused multiply-adds in that order. */
    private static Vector16 taps(Vector16 acc, Vector16 l, Vector16 c, Vector16 r, float wl, float wc, float wr) {
        Vector16 a = Vector16.fma(l, Vector16.broadcast(wl), acc);
        a = Vector16.fma(c, Vector16.broadcast(wc), a);
        return Vector16.fma(r, Vector16.broadcast(wr), a);
    }

    /** Lanes {@code input[base + iy*W + x .. + 15]}, 0 where the pixel lies outside the image. */
    private static Vector16 shifted(FloatArray input, int base, int iy, int x, int height, int width, int inside,
                                    float[] staged) {
        if (iy < 0 || iy >= height) {
            return Vector16.zero();
        }
        int rowBase = base + iy * width;
        if (inside != 0) {
            return Vector16.load(input, rowBase + x);
        }
        for (int l = 0; l < PIXEL_BLOCK; l++) {
            int ix = x + l;
            staged[l] = ix >= 0 && ix < width ? input.get(rowBase + ix) : 0.0f;
        }
        return Vector16.load(staged, 0);
    }

    /** Output row {@code y} of the tile (ReLU when {@code relu != 0}): the pixels inside the image only. */
    private static void store(FloatArray output, int outBase, int y, Vector16 value, int relu, int height, int width,
                              int x0, float[] staged) {
        if (y >= height) {
            return;
        }
        Vector16 v = value;
        if (relu != 0) {
            v = Vector16.max(value, Vector16.zero());
        }
        int at = outBase + y * width;
        if (x0 + PIXEL_BLOCK <= width) {
            Vector16.store(output, at, v);
            return;
        }
        Vector16.store(staged, 0, v);
        for (int l = 0; l < PIXEL_BLOCK; l++) {
            if (x0 + l < width) {
                output.set(at + l, staged[l]);
            }
        }
    }

    /** Reference twin of {@link #convForwardSingleOutput}: {@link Convolution#convForwardReference} with one output channel. */
    public static void convForwardSingleOutputReference(float[] input, float[] weights, float[] bias, float[] output,
                                                        int batch, int inChannels, int height, int width, int relu,
                                                        int inputOffset, int outputOffset) {
        Convolution.convForwardReference(input, weights, bias, output, batch, inChannels, 1, height, width, relu,
                inputOffset, outputOffset);
    }
}
