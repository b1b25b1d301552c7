package drcn.runtime.image;

/**
 * One channel as doubles, row-major: {@code values[y * width + x]}. The unit depends on the use
 * (uint8 values 0..255, or MATLAB's double images 0..1); each method says which it expects.
 */
public record Plane(int width, int height, double[] values) {
    public Plane {
        if (width <= 0 || height <= 0) throw new IllegalArgumentException("bad size " + width + "x" + height);
        if (values.length != width * height) {
            throw new IllegalArgumentException("expected " + width * height + " values, got " + values.length);
        }
    }

    public Plane(int width, int height) { this(width, height, new double[width * height]); }

    public double get(int x, int y) { return values[y * width + x]; }

    /** Every value times {@code factor} (a new plane). */
    public Plane times(double factor) {
        double[] v = new double[values.length];
        for (int i = 0; i < v.length; i++) v[i] = values[i] * factor;
        return new Plane(width, height, v);
    }

    /** The values as floats (for a model's input tensor). */
    public float[] toFloats() {
        float[] f = new float[values.length];
        for (int i = 0; i < f.length; i++) f[i] = (float) values[i];
        return f;
    }

    public static Plane ofFloats(int width, int height, float[] values) {
        double[] v = new double[values.length];
        for (int i = 0; i < v.length; i++) v[i] = values[i];
        return new Plane(width, height, v);
    }

    /**
     * MATLAB {@code uint8(x)} of every value: round half away from zero, then saturate to [0, 255];
     * NaN becomes 0. The result still holds doubles, now integers in [0, 255].
     */
    public Plane toUint8() {
        double[] v = new double[values.length];
        for (int i = 0; i < v.length; i++) v[i] = uint8(values[i]);
        return new Plane(width, height, v);
    }

    /** MATLAB {@code uint8(x)} of one value, see {@link #toUint8()}. */
    public static int uint8(double x) {
        if (!(x > 0)) return 0;           // negatives and NaN
        if (x >= 255) return 255;
        return (int) Math.round(x);       // x > 0 here, so Math.round = round half away from zero
    }

    /** Removes {@code border} rows/columns on every side (the SR "shave"). */
    public Plane shave(int border) {
        if (border == 0) return this;
        int w = width - 2 * border, h = height - 2 * border;
        if (border < 0 || w <= 0 || h <= 0) throw new IllegalArgumentException("cannot shave " + border + " from " + width + "x" + height);
        double[] v = new double[w * h];
        for (int y = 0; y < h; y++) System.arraycopy(values, (y + border) * width + border, v, y * w, w);
        return new Plane(w, h, v);
    }
}
