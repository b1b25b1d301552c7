package drcn.runtime.backend.support;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** Fitting tornado.properties' default work-group sizes to a device's limits, without a device. */
class LocalSizeTest {
    private static final long[] BIG = {1024, 1024, 64};

    @Test
    void keepsTheDefaultWhenItFits() {
        assertArrayEquals(new long[]{256}, LocalSize.fit(new int[]{256}, new int[]{100_000}, BIG, 1024));
        assertArrayEquals(new long[]{16, 16}, LocalSize.fit(new int[]{16, 16}, new int[]{41, 41}, BIG, 1024));
    }

    @Test
    void shrinksToTheKernelsLimitByHalvingTheLargestDimension() {
        // e.g. a kernel with many registers that the driver allows only 64 work-items per group
        assertArrayEquals(new long[]{8, 8}, LocalSize.fit(new int[]{16, 16}, new int[]{1000, 1000}, BIG, 64));
        assertArrayEquals(new long[]{64}, LocalSize.fit(new int[]{256}, new int[]{1000}, BIG, 64));
        assertArrayEquals(new long[]{4, 4, 4}, LocalSize.fit(new int[]{8, 8, 4}, new int[]{99, 99, 99}, BIG, 64));
    }

    @Test
    void respectsPerDimensionLimitsAndSmallRanges() {
        assertArrayEquals(new long[]{8, 8, 2}, LocalSize.fit(new int[]{8, 8, 4}, new int[]{50, 50, 50}, new long[]{1024, 1024, 2}, 1024));
        assertArrayEquals(new long[]{10}, LocalSize.fit(new int[]{256}, new int[]{10}, BIG, 1024));
        assertArrayEquals(new long[]{16, 1}, LocalSize.fit(new int[]{16, 16}, new int[]{100, 1}, BIG, 1024));
        assertArrayEquals(new long[]{1}, LocalSize.fit(new int[]{256}, new int[]{1000}, BIG, 1));
    }
}
