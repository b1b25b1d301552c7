package drcn.bench;

/**
 * FLOP and byte counts by formula, the ones the report divides by. Conventions (the usual ones, so
 * our GFLOP/s compare with others'): a multiply-add is 2 FLOPs; a convolution counts all 9 taps of
 * every output pixel, including the taps that fall on the zero padding; bytes count each array
 * element read or written once (ideal caching), 4 bytes per float.
 */
public final class Flops {
    private Flops() {}

    /** 3x3 convolution, forward or either backward pass: {@code 2 * N * Cin * Cout * 9 * H * W}. */
    public static double conv(int batch, int inChannels, int outChannels, int height, int width) {
        return 2.0 * batch * inChannels * outChannels * 9 * height * width;
    }

    /** Bias gradient: one add per element of dOutput, {@code N * Cout * H * W}. */
    public static double convBias(int batch, int outChannels, int height, int width) {
        return (double) batch * outChannels * height * width;
    }

    /**
     * DRCN forward on N images of H x W with F filters, D recursions, C channels: the convolutions
     * embed1 (C->F), embed2 (F->F), D x infer (F->F), D x recon1 (F->F), D x recon2 (F->C), plus the
     * ensemble's D multiply-adds per output pixel (skip additions and ReLUs are not counted).
     */
    public static double drcnForward(int filters, int recursions, int channels, int batch, int height, int width) {
        double convs = conv(batch, channels, filters, height, width)
                + conv(batch, filters, filters, height, width)
                + recursions * (2 * conv(batch, filters, filters, height, width) + conv(batch, filters, channels, height, width));
        return convs + 2.0 * recursions * batch * channels * height * width;
    }

    /**
     * One training step: the forward's convolutions three times (forward, gradient w.r.t. the input,
     * gradient w.r.t. the weights) less embed1's input gradient, which nothing needs; pointwise work
     * (losses, ReLU masks, ensemble, optimizer) is not counted, it is under 1% at F >= 64.
     */
    public static double drcnTrainStep(int filters, int recursions, int channels, int batch, int height, int width) {
        double forwardConvs = drcnForward(filters, recursions, channels, batch, height, width)
                - 2.0 * recursions * batch * channels * height * width;
        return 3 * forwardConvs - conv(batch, channels, filters, height, width);
    }

    /** Parameters of a DRCN with one image channel: five convs (weights and biases) and D ensemble weights. */
    public static int drcnParameters(int filters, int recursions) {
        int embed1 = filters * 9 + filters;
        int hidden = filters * filters * 9 + filters; // embed2, infer, recon1
        int recon2 = filters * 9 + 1;
        return embed1 + 3 * hidden + recon2 + recursions;
    }
}
