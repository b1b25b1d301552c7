package drcn.runtime.train;

import drcn.runtime.image.Plane;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class PatchSetTest {
    /** A 10x7 plane whose every pixel is distinct. */
    private static Plane ramp(int w, int h, double offset) {
        double[] v = new double[w * h];
        for (int i = 0; i < v.length; i++) v[i] = offset + i;
        return new Plane(w, h, v);
    }

    @Test
    void windowsAtStrideAndEightDistinctTransforms() {
        PatchSet set = PatchSet.of(List.<Plane[]>of(new Plane[] {ramp(10, 7, 0), ramp(10, 7, 1000)}), 2, 3, 2, 1);
        // x in {0,2,4,6}, y in {0,2,4}: 12 windows
        assertEquals(12, set.windows());
        assertEquals(96, set.size());
        Set<String> seen = new HashSet<>();
        float[] in = new float[9], target = new float[9];
        for (int t = 0; t < 8; t++) {
            set.copyPatch(t, in, target, 0);
            seen.add(java.util.Arrays.toString(target));
            // the input follows the target through the same transform
            for (int i = 0; i < 9; i++) assertEquals(target[i] + 1000, in[i]);
        }
        assertEquals(8, seen.size(), "the 8 flips/rotations of a window are distinct");
        set.copyPatch(0, in, target, 0);
        assertArrayEquals(new float[] {0, 1, 2, 10, 11, 12, 20, 21, 22}, target, "transform 0 is the window itself");
        set.copyPatch(4, in, target, 0);
        assertArrayEquals(new float[] {0, 10, 20, 1, 11, 21, 2, 12, 22}, target, "transform 4 is the transpose");
    }

    @Test
    void orderIsAPermutationPerEpochAndAFunctionOfTheSeed() {
        int[] a = PatchSet.permutation(100, 7, 0), b = PatchSet.permutation(100, 7, 0), c = PatchSet.permutation(100, 7, 1);
        assertArrayEquals(a, b);
        assertNotEquals(java.util.Arrays.toString(a), java.util.Arrays.toString(c));
        int[] sorted = a.clone();
        java.util.Arrays.sort(sorted);
        for (int i = 0; i < 100; i++) assertEquals(i, sorted[i]);
    }

    @Test
    void scheduleOfA() {
        assertEquals(1f, Schedule.a(0, 100));
        assertEquals(0.5f, Schedule.a(50, 100));
        assertEquals(0f, Schedule.a(100, 100));
        assertEquals(0f, Schedule.a(500, 100));
        Schedule.Plateau p = new Schedule.Plateau();
        float lr = 0.01f;
        lr = p.update(30, lr, 0.01f, 2);
        lr = p.update(30.005, lr, 0.01f, 2);
        assertEquals(0.01f, lr);
        lr = p.update(29, lr, 0.01f, 2);
        assertEquals(0.001f, lr, 1e-9);
    }
}
