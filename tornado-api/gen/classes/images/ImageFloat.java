package drcn.tornado.api.types.images;

import drcn.tornado.api.annotations.Parallel;
import drcn.tornado.api.internal.annotations.ApiKernel;
import drcn.tornado.api.types.arrays.FloatArray;

import java.lang.foreign.MemorySegment;
import java.nio.FloatBuffer;

/**
 * An X x Y image of floats, TornadoVM's ImageFloat: pixel (x, y) is element {@code y * X + x} of one FloatArray.
 * In a kernel: {@code get(x, y)}, {@code set(x, y, v)}, {@code get(i)}, {@code set(i, v)} (element i), {@code X()},
 * {@code Y()}, {@code size()}; {@code image::fill} may be a task's code.
 */
public final class ImageFloat implements TornadoImagesInterface<FloatBuffer> {
    public static final Class<ImageFloat> TYPE = ImageFloat.class;
    private final FloatArray storage;
    /** Width: pixels per row. */
    private final int X;
    /** Height: rows. */
    private final int Y;
    private final int numElements;

    /** Over {@code array} (no copy), which holds at least width * height floats. */
    public ImageFloat(int width, int height, FloatArray array) {
        if (width < 0 || height < 0) throw new IllegalArgumentException("negative image shape " + width + "x" + height);
        storage = array;
        X = width;
        Y = height;
        numElements = width * height;
    }

    /** A zero image. */
    public ImageFloat(int width, int height) {
        this(width, height, new FloatArray(width * height));
    }

    /** A copy of {@code matrix}, pixel (x, y) = {@code matrix[x][y]} (width {@code matrix.length}, as TornadoVM shapes it). */
    public ImageFloat(float[][] matrix) {
        this(matrix.length, matrix[0].length);
        for (int x = 0; x < X; x++) {
            for (int y = 0; y < Y; y++) set(x, y, matrix[x][y]);
        }
    }

    /** Every element times {@code alpha}. */
    public static void scale(ImageFloat image, float alpha) {
        for (int i = 0; i < image.numElements; i++) image.storage.set(i, image.storage.get(i) * alpha);
    }

    /** The backing array (not a copy). */
    public FloatArray getArray() {
        return storage;
    }

    /** Element {@code i} of the backing array. */
    public float get(int i) {
        return storage.get(i);
    }

    public void set(int i, float value) {
        storage.set(i, value);
    }

    /** Pixel (x, y): column x of row y. */
    public float get(int x, int y) {
        return storage.get(y * X + x);
    }

    public void set(int x, int y, float value) {
        storage.set(y * X + x, value);
    }

    /** Copies {@code array} into the first elements. */
    public void put(float[] array) {
        for (int i = 0; i < array.length; i++) storage.set(i, array[i]);
    }

    @Override
    public int X() {
        return X;
    }

    @Override
    public int Y() {
        return Y;
    }

    /** Every pixel = {@code value}; a task's code too ({@code task("t0", image::fill, 1f)}). */
    @ApiKernel
    public void fill(float value) {
        for (@Parallel int i = 0; i < numElements; i++) storage.set(i, value);
    }

    public ImageFloat duplicate() {
        ImageFloat image = new ImageFloat(X, Y);
        image.set(this);
        return image;
    }

    /** Copies {@code m}'s pixels in. */
    public void set(ImageFloat m) {
        for (int i = 0; i < m.numElements; i++) storage.set(i, m.storage.get(i));
    }

    public String toString(String fmt) {
        var s = new StringBuilder();
        for (int y = 0; y < Y; y++) {
            for (int x = 0; x < X; x++) s.append(String.format(fmt, get(x, y))).append(' ');
            s.append('\n');
        }
        return s.toString();
    }

    @Override
    public String toString() {
        String result = String.format("ImageFloat <%d x %d>", X, Y);
        return Y < 16 && X < 16 ? result + "\n" + toString("%.3f") : result;
    }

    public float mean() {
        float sum = 0f;
        for (int i = 0; i < numElements; i++) sum += storage.get(i);
        return sum / numElements;
    }

    public float min() {
        float result = Float.MAX_VALUE;
        for (int i = 0; i < numElements; i++) result = Math.min(result, storage.get(i));
        return result;
    }

    public float max() {
        float result = -Float.MAX_VALUE;
        for (int i = 0; i < numElements; i++) result = Math.max(result, storage.get(i));
        return result;
    }

    /** The population standard deviation of the pixels: {@code sqrt(mean((p - mean)^2))}. */
    public float stdDev() {
        float mean = mean(), sum = 0f;
        for (int i = 0; i < numElements; i++) {
            float d = storage.get(i) - mean;
            sum += d * d;
        }
        return (float) Math.sqrt(sum / numElements);
    }

    public String summerise() {
        return String.format("ImageFloat<%dx%d>: min=%e, max=%e, mean=%e, sd=%e", X, Y, min(), max(), mean(), stdDev());
    }

    public void clear() {
        storage.clear();
    }

    // generated: flat buffer methods FloatBuffer

    // generated: segment methods
}
