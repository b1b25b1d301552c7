package drcn.kernels.suite;

import drcn.tornado.api.types.arrays.IntArray;
import drcn.kernels.api.Kernel;
import drcn.tornado.api.KernelContext;

/**
 * Loops and branches: nested loops with break and continue, early return from inside a loop
 * (in a helper), while and do-while, if / else-if chains, ternaries, boolean locals.
 *
 * <p>Launch {@link #controlFlow} over a 1D global range of at least {@code n} (any local size):
 * {@code in} of size n (any values), {@code out} of size 4n.
 */
public final class ControlFlowKernels {
    private ControlFlowKernels() {}

    /** Steps of the Collatz sequence from {@code |v| % 1000 + 1}, at most 500: a while loop with break. */
    static int collatzSteps(int v) {
        int x = Math.abs(v % 1000) + 1;
        int steps = 0;
        while (true) {
            if (x == 1) break;
            if (steps >= 500) break;
            x = (x & 1) == 0 ? x / 2 : 3 * x + 1;
            steps++;
        }
        return steps;
    }

    /** The first multiple of {@code k} at or above {@code start} below {@code limit}, else -1: return from inside a loop. */
    static int firstMultiple(int start, int k, int limit) {
        for (int j = start; j < limit; j++) {
            if (j % k == 0) return j;
        }
        return -1;
    }

    @Kernel
    public static void controlFlow(KernelContext context, IntArray in, IntArray out, int n) {
        int i = context.globalIdx;
        if (i >= n) return;
        int v = in.get(i);
        out.set(4 * i, collatzSteps(v));

        // Nested loops with continue and break.
        int count = 0;
        for (int a = 0; a < 8; a++) {
            if (a == 2) continue;
            for (int b = 0; b < 8; b += 1) {
                if ((a + b + v) % 5 == 0) continue;
                if (b > a + 3) break;
                count += a * b + 1;
            }
            if (count > 200) break;
        }
        out.set(4 * i + 1, count);

        // if / else-if chain, ternary, boolean locals and logical operators.
        int category;
        boolean even = v % 2 == 0;
        boolean small = v > -10 && v < 10;
        if (v < -100) {
            category = 0;
        } else if (small && even) {
            category = 1;
        } else if (small || !even) {
            category = even ? 2 : 3;
        } else {
            category = 4;
        }
        int down = 10;
        do {
            down -= 3;
        } while (down > v % 7);
        out.set(4 * i + 2, category * 100 + down);
        out.set(4 * i + 3, firstMultiple(v % 50, 7, 60));
    }

    public static void controlFlowReference(int[] in, int[] out, int n) {
        for (int i = 0; i < n; i++) {
            int v = in[i];
            out[4 * i] = collatzSteps(v);
            int count = 0;
            for (int a = 0; a < 8; a++) {
                if (a == 2) continue;
                for (int b = 0; b < 8; b++) {
                    if ((a + b + v) % 5 == 0) continue;
                    if (b > a + 3) break;
                    count += a * b + 1;
                }
                if (count > 200) break;
            }
            out[4 * i + 1] = count;
            boolean even = v % 2 == 0;
            boolean small = v > -10 && v < 10;
            int category = v < -100 ? 0 : small && even ? 1 : small || !even ? (even ? 2 : 3) : 4;
            int down = 10;
            do {
                down -= 3;
            } while (down > v % 7);
            out[4 * i + 2] = category * 100 + down;
            out[4 * i + 3] = firstMultiple(v % 50, 7, 60);
        }
    }
}
