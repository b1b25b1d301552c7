package drcn.runtime.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import org.junit.jupiter.api.Test;

class ImresizeTest {
    static final double EPS = 1e-12;

    static Plane random(int w, int h, long seed) {
        Random r = new Random(seed);
        double[] v = new double[w * h];
        for (int i = 0; i < v.length; i++) v[i] = r.nextDouble();
        return new Plane(w, h, v);
    }

    @Test
    void cubicKernelValues() {
        // k(0) = 1, k(+-1) = k(+-2) = 0, k(0.5) = 1.5/8 - 2.5/4 + 1 = 0.5625, k(1.5) = -0.5*3.375 + 2.5*2.25 - 6 + 2 = -0.0625
        assertEquals(1, Imresize.cubic(0), EPS);
        assertEquals(0, Imresize.cubic(1), EPS);
        assertEquals(0, Imresize.cubic(-2), EPS);
        assertEquals(0.5625, Imresize.cubic(-0.5), EPS);
        assertEquals(-0.0625, Imresize.cubic(1.5), EPS);
        assertEquals(0, Imresize.cubic(2.5), EPS);
    }

    /**
     * Upscaling [10 20 30 40] by 2, first output (x = 1, 1-based):
     * u = 1/2 + 0.5 (1 - 1/2) = 0.75; left = floor(0.75 - 2) = -2; P = 4 + 2 = 6 taps, j = -2..3,
     * distances u - j = 2.75, 1.75, 0.75, -0.25, -1.25, -2.25, weights
     * k(2.75) = 0, k(1.75) = -0.5*5.359375 + 2.5*3.0625 - 7 + 2 = -0.0234375,
     * k(0.75) = 1.5*0.421875 - 2.5*0.5625 + 1 = 0.2265625, k(0.25) = 0.8671875,
     * k(1.25) = -0.0703125, k(2.25) = 0 (sum 1, so no renormalisation).
     * Mirroring with aux = [1 2 3 4 4 3 2 1]: j = -1 -> 2, 0 -> 1, 1 -> 1, 2 -> 2, so
     * out(1) = -0.0234375*20 + 0.2265625*10 + 0.8671875*10 - 0.0703125*20 = 9.0625.
     *
     * Downscaling the same by 1/2 (antialiased): width 8, P = 10, x = 1: u = 2 - 0.5 = 1.5,
     * left = floor(1.5 - 4) = -3, h(d) = 0.5 k(0.5 d) for j = -3..6: 0, -0.01171875, -0.03515625,
     * 0.11328125, 0.43359375, 0.43359375, 0.11328125, -0.03515625, -0.01171875, 0 (sum 1);
     * mirrored indices j = -2 -> 3, -1 -> 2, 0 -> 1, 1 -> 1, 2 -> 2, 3 -> 3, 4 -> 4, 5 -> 4:
     * out(1) = -0.3515625 - 0.703125 + 1.1328125 + 4.3359375 + 8.671875 + 3.3984375 - 1.40625 - 0.46875
     *        = 14.609375, and by symmetry out(2) = 50 - 14.609375 = 35.390625.
     */
    @Test
    void handCheckedOneDimensionalCases() {
        Imresize.Contributions up = Imresize.contributions(4, 8, 2.0, true);
        assertArrayEquals(new double[] {0, -0.0234375, 0.2265625, 0.8671875, -0.0703125, 0}, up.weights()[0], EPS);
        assertArrayEquals(new int[] {2, 1, 0, 0, 1, 2}, up.indices()[0]); // 0-based: j = -2 -> 3 -> index 2

        Plane row = new Plane(4, 1, new double[] {10, 20, 30, 40});
        Plane upRow = Imresize.resize(row, 8, 1);
        assertEquals(9.0625, upRow.values()[0], EPS);
        // By the mirror symmetry of the input's ramp, out(8) = 50 - out(1).
        assertEquals(50 - 9.0625, upRow.values()[7], EPS);

        Imresize.Contributions down = Imresize.contributions(4, 2, 0.5, true);
        assertArrayEquals(new double[] {0, -0.01171875, -0.03515625, 0.11328125, 0.43359375, 0.43359375,
                0.11328125, -0.03515625, -0.01171875, 0}, down.weights()[0], EPS);
        Plane downRow = Imresize.resize(row, 2, 1);
        assertArrayEquals(new double[] {14.609375, 35.390625}, downRow.values(), EPS);
        // The same along the other dimension (a column), and through the scale form.
        Plane col = new Plane(1, 4, new double[] {10, 20, 30, 40});
        assertArrayEquals(new double[] {14.609375, 35.390625}, Imresize.resize(col, 1, 2).values(), EPS);
    }

    @Test
    void mirrorIsSymmetricPadding() {
        // 1-based j: ... -1 0 | 1 2 3 | 4 5 6 7 ... -> 0-based 1 0 | 0 1 2 | 2 1 0 0 1
        int[] expect = {1, 0, 0, 1, 2, 2, 1, 0, 0, 1};
        for (int j = -1; j <= 8; j++) assertEquals(expect[j + 1], Imresize.mirror(j, 3), "j=" + j);
    }

    @Test
    void constantImageStaysConstant() {
        Plane c = new Plane(37, 23, new double[37 * 23]);
        java.util.Arrays.fill(c.values(), 0.7);
        for (double s : new double[] {1.0 / 4, 1.0 / 3, 0.5, 2, 3, 4, 0.77}) {
            Plane r = Imresize.resize(c, s);
            assertEquals((int) Math.ceil(37 * s), r.width());
            assertEquals((int) Math.ceil(23 * s), r.height());
            for (double v : r.values()) assertEquals(0.7, v, 1e-12, "scale " + s);
        }
        Plane r = Imresize.resize(c, 50, 9);
        for (double v : r.values()) assertEquals(0.7, v, 1e-12);
    }

    @Test
    void scaleOneIsTheIdentity() {
        Plane p = random(31, 17, 1);
        assertArrayEquals(p.values(), Imresize.resize(p, 1.0).values(), 1e-15);
        assertArrayEquals(p.values(), Imresize.resize(p.values(), 31, 17, 31, 17).values(), 1e-15);
    }

    @Test
    void outputSizesFollowMatlab() {
        Plane p = random(255, 171, 2);
        Plane d = Imresize.resize(p, 1.0 / 3);        // ceil(255/3) = 85, ceil(171/3) = 57
        assertEquals(85, d.width());
        assertEquals(57, d.height());
        Plane u = Imresize.resize(d.values(), 85, 57, 3);
        assertEquals(255, u.width());
        assertEquals(171, u.height());
        Plane odd = Imresize.resize(random(10, 7, 3), 0.5); // ceil(3.5) = 4
        assertEquals(5, odd.width());
        assertEquals(4, odd.height());
    }

    @Test
    void separableResizeDoesNotDependOnTheOrderBeyondRounding() {
        // Resizing a rank-1 image a(x) b(y) gives resize(a) resize(b): checks both 1-D passes.
        double[] a = {0.1, 0.9, 0.4, 0.3, 0.8, 0.2, 0.6}, b = {0.5, 0.2, 0.7, 1.0, 0.3};
        double[] v = new double[a.length * b.length];
        for (int y = 0; y < b.length; y++) for (int x = 0; x < a.length; x++) v[y * a.length + x] = a[x] * b[y];
        Plane r = Imresize.resize(new Plane(a.length, b.length, v), 11, 3);
        double[] ra = Imresize.resize(new Plane(a.length, 1, a), 11, 1).values();
        double[] rb = Imresize.resize(new Plane(1, b.length, b), 1, 3).values();
        for (int y = 0; y < 3; y++) for (int x = 0; x < 11; x++) assertEquals(ra[x] * rb[y], r.get(x, y), 1e-14);
    }
}
