package drcn.runtime.image;

import java.util.Arrays;

/**
 * An 8-bit image: {@code width x height} pixels, 1 (gray) or 3 (R, G, B) channels, samples stored
 * interleaved row by row ({@code index = (y * width + x) * channels + c}) as unsigned bytes.
 */
public final class Image8 {
    private final int width;
    private final int height;
    private final int channels;
    private final byte[] samples;

    /** A black image. */
    public Image8(int width, int height, int channels) {
        this(width, height, channels, new byte[checkedSize(width, height, channels)]);
    }

    /** Wraps {@code samples} (not copied), interleaved as described on the class. */
    public Image8(int width, int height, int channels, byte[] samples) {
        int n = checkedSize(width, height, channels);
        if (samples.length != n) {
            throw new IllegalArgumentException("expected " + n + " samples, got " + samples.length);
        }
        this.width = width;
        this.height = height;
        this.channels = channels;
        this.samples = samples;
    }

    private static int checkedSize(int width, int height, int channels) {
        if (width <= 0 || height <= 0) throw new IllegalArgumentException("bad size " + width + "x" + height);
        if (channels != 1 && channels != 3) throw new IllegalArgumentException("channels must be 1 or 3, not " + channels);
        long n = (long) width * height * channels;
        if (n > Integer.MAX_VALUE - 16) throw new IllegalArgumentException("image too large: " + width + "x" + height);
        return (int) n;
    }

    public int width() { return width; }
    public int height() { return height; }
    public int channels() { return channels; }
    public boolean isGray() { return channels == 1; }

    /** The backing array (not a copy). */
    public byte[] samples() { return samples; }

    /** Sample of channel {@code c} at column {@code x}, row {@code y}, in [0, 255]. */
    public int get(int x, int y, int c) { return samples[(y * width + x) * channels + c] & 0xFF; }

    public void set(int x, int y, int c, int value) {
        if (value < 0 || value > 255) throw new IllegalArgumentException("sample out of [0,255]: " + value);
        samples[(y * width + x) * channels + c] = (byte) value;
    }

    /** Channel {@code c} as a plane of doubles with the uint8 values (0..255). */
    public Plane plane(int c) {
        if (c < 0 || c >= channels) throw new IllegalArgumentException("no channel " + c);
        double[] v = new double[width * height];
        for (int i = 0; i < v.length; i++) v[i] = samples[i * channels + c] & 0xFF;
        return new Plane(width, height, v);
    }

    /** Builds an image from planes of uint8 values (each sample must already be an integer in [0,255]). */
    public static Image8 ofPlanes(Plane... planes) {
        int w = planes[0].width(), h = planes[0].height(), ch = planes.length;
        Image8 img = new Image8(w, h, ch);
        for (int c = 0; c < ch; c++) {
            if (planes[c].width() != w || planes[c].height() != h) throw new IllegalArgumentException("plane sizes differ");
            double[] v = planes[c].values();
            for (int i = 0; i < v.length; i++) {
                double s = v[i];
                if (!(s >= 0 && s <= 255) || s != Math.rint(s)) {
                    throw new IllegalArgumentException("plane " + c + " sample " + i + " is not a uint8 value: " + s);
                }
                img.samples[i * ch + c] = (byte) (int) s;
            }
        }
        return img;
    }

    /**
     * MATLAB {@code modcrop}: keeps the top-left {@code (width - width mod scale) x (height - height mod scale)}
     * pixels so both sides are multiples of {@code scale}.
     */
    public Image8 modcrop(int scale) {
        if (scale < 1) throw new IllegalArgumentException("scale must be >= 1: " + scale);
        return crop(0, 0, width - width % scale, height - height % scale);
    }

    /** The {@code w x h} block whose top-left pixel is ({@code x0}, {@code y0}). */
    public Image8 crop(int x0, int y0, int w, int h) {
        if (x0 < 0 || y0 < 0 || w <= 0 || h <= 0 || x0 + w > width || y0 + h > height) {
            throw new IllegalArgumentException("crop " + w + "x" + h + "+" + x0 + "+" + y0 + " outside " + width + "x" + height);
        }
        Image8 out = new Image8(w, h, channels);
        int rowBytes = w * channels;
        for (int y = 0; y < h; y++) {
            System.arraycopy(samples, ((y0 + y) * width + x0) * channels, out.samples, y * rowBytes, rowBytes);
        }
        return out;
    }

    @Override public boolean equals(Object o) {
        return o instanceof Image8 m && m.width == width && m.height == height && m.channels == channels
                && Arrays.equals(m.samples, samples);
    }

    @Override public int hashCode() { return Arrays.hashCode(samples) * 31 + width * 7 + channels; }

    @Override public String toString() { return "Image8[" + width + "x" + height + "x" + channels + "]"; }
}
