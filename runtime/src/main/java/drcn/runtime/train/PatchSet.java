package drcn.runtime.train;

import drcn.runtime.image.Image8;
import drcn.runtime.image.ImageException;
import drcn.runtime.image.Images;
import drcn.runtime.image.Imresize;
import drcn.runtime.image.Plane;
import drcn.runtime.image.YCbCr;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The training patches of a folder of images, as SRCNN / VDSR / DRCN make them:
 * <ol>
 *   <li>Y = uint8 Y of MATLAB's rgb2ycbcr (gray images: the gray values), / 255; modcrop to the scale;
 *   <li>the LR input of the WHOLE image: imresize(imresize(Y, 1/s), s), MATLAB bicubic with antialiasing
 *       (the evaluation's pipeline S), so the patches see the same interpolation as the test images;
 *   <li>windows of {@code patch} x {@code patch} at {@code stride} in both the HR and the input plane;
 *   <li>each window in the 8 flips/rotations (the dihedral group), made when a batch is filled, not stored.
 * </ol>
 * Memory: the planes of the whole images are kept (2 floats per pixel, T91: about 48 MB), not the
 * overlapping patches, which at stride 21 would be about 4x that.
 *
 * <p>A patch index is {@code window * 8 + transform}. The order of patches is a fresh permutation per epoch,
 * a pure function of (seed, epoch), so any position in the run can be reproduced without saving an RNG:
 * step k's batch is positions {@code k*batch .. k*batch+batch-1} of the endless sequence of epochs.
 */
public final class PatchSet {
    /** Flips/rotations per window. */
    public static final int TRANSFORMS = 8;

    private final int patch, stride, scale;
    private final List<float[]> inputs = new ArrayList<>(), targets = new ArrayList<>();
    private final List<int[]> sizes = new ArrayList<>();
    /** windows[i] = {image, x, y}. */
    private final int[][] windows;
    private final long seed;
    private int cachedEpoch = -1;
    private int[] cachedOrder;

    private PatchSet(int patch, int stride, int scale, long seed, List<Plane[]> planes) {
        this.patch = patch;
        this.stride = stride;
        this.scale = scale;
        this.seed = seed;
        List<int[]> w = new ArrayList<>();
        for (int i = 0; i < planes.size(); i++) {
            Plane hr = planes.get(i)[0], in = planes.get(i)[1];
            targets.add(hr.toFloats());
            inputs.add(in.toFloats());
            sizes.add(new int[] {hr.width(), hr.height()});
            for (int y = 0; y + patch <= hr.height(); y += stride) {
                for (int x = 0; x + patch <= hr.width(); x += stride) w.add(new int[] {i, x, y});
            }
        }
        this.windows = w.toArray(new int[0][]);
    }

    /**
     * Reads the images {@code files} (in this order: the patch order depends on it) and makes their planes (HR Y and
     * bicubic input, both /255).
     */
    public static PatchSet load(List<Path> files, int scale, int patch, int stride, long seed) {
        if (patch < 3) throw new TrainingException("The patch size must be at least 3, not " + patch + ".");
        if (stride < 1) throw new TrainingException("The stride must be at least 1, not " + stride + ".");
        List<Plane[]> planes = new ArrayList<>();
        for (Path file : files) planes.add(yAndInput(read(file), scale));
        PatchSet set = new PatchSet(patch, stride, scale, seed, planes);
        if (set.windows() == 0) {
            Path folder = files.getFirst().toAbsolutePath().getParent();
            throw new TrainingException("No training image in " + folder + " is at least " + patch + "x" + patch + " pixels: there are no patches.");
        }
        return set;
    }

    /** For tests: a patch set from planes already made. */
    static PatchSet of(List<Plane[]> planes, int scale, int patch, int stride, long seed) {
        return new PatchSet(patch, stride, scale, seed, planes);
    }

    /** The image in {@code file}; one that cannot be read is a {@link TrainingException}, as every training input error. */
    static Image8 read(Path file) {
        try {
            return Images.read(file);
        } catch (ImageException e) {
            throw new TrainingException(e.getMessage(), e);
        }
    }

    /** {HR Y / 255, imresize(imresize(HR Y / 255, 1/s), s)} of the modcropped image. */
    static Plane[] yAndInput(Image8 image, int scale) {
        Image8 hr = image.modcrop(scale);
        Plane y = YCbCr.luma8(hr).times(1.0 / 255);
        Plane up = Imresize.resize(Imresize.resize(y, 1.0 / scale), scale);
        return new Plane[] {y, up};
    }

    public int patch() { return patch; }
    public int stride() { return stride; }
    public int scale() { return scale; }
    public int images() { return inputs.size(); }
    public int windows() { return windows.length; }
    /** Patches per epoch: every window in its 8 flips/rotations. */
    public int size() { return windows.length * TRANSFORMS; }

    /** The patch index at {@code position} of the endless shuffled sequence (epoch = position / size). */
    public int indexAt(long position) {
        int epoch = (int) (position / size());
        if (epoch != cachedEpoch) {
            cachedOrder = permutation(size(), seed, epoch);
            cachedEpoch = epoch;
        }
        return cachedOrder[(int) (position % size())];
    }

    /** Fisher-Yates with a generator seeded from (seed, epoch) alone. */
    static int[] permutation(int n, long seed, int epoch) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i]; order[i] = order[j]; order[j] = t;
        }
        return order;
    }

    /**
     * Fills one batch: the patches at positions {@code first .. first+batch-1} into {@code input} and
     * {@code target}, both {@code [batch][1][patch][patch]}.
     */
    public void fillBatch(long first, int batch, float[] input, float[] target) {
        for (int b = 0; b < batch; b++) copyPatch(indexAt(first + b), input, target, b * patch * patch);
    }

    /**
     * Copies patch {@code index} (window index*8..; transform = index % 8) to {@code offset}. Output pixel
     * (i, j) (row, column) reads window pixel (r, c) with: transpose when bit 2 is set, then flip rows
     * when bit 1 is set, flip columns when bit 0 is set: the 8 elements of the dihedral group of the square.
     */
    void copyPatch(int index, float[] input, float[] target, int offset) {
        int[] w = windows[index / TRANSFORMS];
        int t = index % TRANSFORMS;
        float[] in = inputs.get(w[0]), hr = targets.get(w[0]);
        int width = sizes.get(w[0])[0];
        boolean transpose = (t & 4) != 0, flipRows = (t & 2) != 0, flipCols = (t & 1) != 0;
        int last = patch - 1;
        for (int i = 0; i < patch; i++) {
            for (int j = 0; j < patch; j++) {
                int r = transpose ? j : i, c = transpose ? i : j;
                if (flipRows) r = last - r;
                if (flipCols) c = last - c;
                int src = (w[2] + r) * width + (w[1] + c);
                input[offset + i * patch + j] = in[src];
                target[offset + i * patch + j] = hr[src];
            }
        }
    }
}
