package drcn.runtime.model;

/**
 * The shape of a DRCN: {@code filters} (F) feature maps in every hidden layer, {@code recursions} (D)
 * applications of the one shared inference conv, {@code channels} image channels (1: the Y channel)
 * and the {@code scale} the model was trained for (metadata only: the network itself works at the
 * target resolution, on the bicubic-upscaled input).
 */
public record DrcnConfig(int filters, int recursions, int channels, int scale) {
    /** The paper's network: 256 filters, 16 recursions, Y channel only. */
    public static final int DEFAULT_FILTERS = 256, DEFAULT_RECURSIONS = 16;

    public DrcnConfig {
        if (filters < 1) throw new IllegalArgumentException("a DRCN needs at least 1 filter, not " + filters);
        if (recursions < 1) throw new IllegalArgumentException("a DRCN needs at least 1 recursion, not " + recursions);
        if (channels < 1) throw new IllegalArgumentException("a DRCN needs at least 1 channel, not " + channels);
        if (scale < 1) throw new IllegalArgumentException("the scale must be at least 1, not " + scale);
    }

    /** The paper's configuration (F = 256, D = 16, Y only) for a scale. */
    public static DrcnConfig paper(int scale) {
        return new DrcnConfig(DEFAULT_FILTERS, DEFAULT_RECURSIONS, 1, scale);
    }

    /** A network of {@code filters} x {@code recursions} on the Y channel. */
    public static DrcnConfig of(int filters, int recursions, int scale) {
        return new DrcnConfig(filters, recursions, 1, scale);
    }

    @Override
    public String toString() {
        return "DRCN F=" + filters + " D=" + recursions + " C=" + channels + " x" + scale;
    }
}
