package drcn.tornado.api;

import drcn.tornado.api.types.arrays.FloatArray;
import drcn.tornado.api.types.arrays.IntArray;
import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.*;

/** KernelContext's plain-Java meaning: atomics are atomic across threads; local arrays of every type. */
class KernelContextTest {
    @Test
    void atomicAddIsAtomicAcrossThreads() {
        var random = new Random();
        int n = 20_000;
        int[] values = random.ints(n, -100, 100).toArray();
        var ints = new IntArray(3);
        var floats = new FloatArray(2);
        int[] local = new int[1];
        var context = new KernelContext();
        IntStream.range(0, n).parallel().forEach(i -> {
            context.atomicAdd(ints, i % 3, values[i]);
            context.atomicAdd(floats, 1, 1f); // integers up to 2^24 add exactly in float
            context.atomicAdd(local, 0, 1);
        });
        long[] expected = new long[3];
        for (int i = 0; i < n; i++) expected[i % 3] += values[i];
        for (int k = 0; k < 3; k++) assertEquals(expected[k], ints.get(k));
        assertEquals(n, floats.get(1));
        assertEquals(0f, floats.get(0));
        assertEquals(n, local[0]);
    }

    @Test
    void localArraysOfEveryPrimitiveType() {
        var context = new KernelContext();
        assertEquals(4, context.allocateDoubleLocalArray(4).length);
        assertEquals(5, context.allocateLongLocalArray(5).length);
        assertEquals(6, context.allocateByteLocalArray(6).length);
        assertEquals(7, context.allocateShortLocalArray(7).length);
        assertEquals(8, context.allocateCharLocalArray(8).length);
        assertEquals(9, context.allocateIntLocalArray(9).length);
        assertEquals(10, context.allocateFloatLocalArray(10).length);
    }
}
