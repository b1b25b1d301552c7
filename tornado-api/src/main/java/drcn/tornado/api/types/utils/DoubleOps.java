package drcn.tornado.api.types.utils;

import drcn.tornado.api.internal.annotations.ApiHelper;
import drcn.tornado.api.math.TornadoMath;
import drcn.tornado.api.types.vectors.Double2;
import drcn.tornado.api.types.vectors.Double3;
import drcn.tornado.api.types.vectors.Double4;
import drcn.tornado.api.types.vectors.Double8;

/**
 * TornadoVM's helpers for doubles: print formats, comparisons within a tolerance or a number of units in the last place
 * (ulp), and {@code sq}, which kernels may call.
 */
public class DoubleOps {
    public static final double EPSILON = 1e-7f;
    public static final String FMT = "%.3f";
    public static final String FMT_2 = "{%.3f,%.3f}";
    public static final String FMT_3 = "{%.3f,%.3f,%.3f}";
    public static final String FMT_3_E = "{%.4e,%.4e,%.4e}";
    public static final String FMT_4 = "{%.3f,%.3f,%.3f,%.3f}";
    public static final String FMT_4_M = "%.3f,%.3f,%.3f,%.3f";
    public static final String FMT_4_EM = "%.3e,%.3e,%.3e,%.3e";
    public static final String FMT_6 = "{%.3f,%.3f,%.3f,%.3f,%.3f,%.3f}";
    public static final String FMT_8 = "{%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f}";
    public static final String FMT_16 = "{%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f}";
    public static final String FMT_6_E = "{%e,%e,%e,%e,%e,%e}";

    /** Whether the two have the same bits (so NaNs of one payload are equal, +0 and -0 are not). */
    public static boolean compareBits(double a, double b) {
        return Double.doubleToRawLongBits(a) == Double.doubleToRawLongBits(b);
    }

    /** Whether {@code value} equals {@code expected} or lies within {@code ulps} units in the last place of it. */
    public static boolean compareULP(double value, double expected, double ulps) {
        return value == expected || Math.abs(value - expected) < ulps * Math.ulp(expected);
    }

    /** The largest distance of a lane from the expected one, in ulps of the expected lane. */
    public static double findMaxULP(Double2 value, Double2 expected) {
        return TornadoMath.findULPDistance(value.toArray(), expected.toArray());
    }

    /** The largest distance of a lane from the expected one, in ulps of the expected lane. */
    public static double findMaxULP(Double3 value, Double3 expected) {
        return TornadoMath.findULPDistance(value.toArray(), expected.toArray());
    }

    /** The largest distance of a lane from the expected one, in ulps of the expected lane. */
    public static double findMaxULP(Double4 value, Double4 expected) {
        return TornadoMath.findULPDistance(value.toArray(), expected.toArray());
    }

    /** The largest distance of a lane from the expected one, in ulps of the expected lane. */
    public static double findMaxULP(Double8 value, Double8 expected) {
        return TornadoMath.findULPDistance(value.toArray(), expected.toArray());
    }

    /** The distance of {@code value} from {@code expected} in ulps of {@code expected}. */
    public static double findMaxULP(double value, double expected) {
        return value == expected ? 0 : Math.abs(value - expected) / Math.ulp(expected);
    }

    /** {@code |a - b| <= EPSILON}. */
    @ApiHelper
    public static boolean compare(double a, double b) {
        return Math.abs(a - b) <= EPSILON;
    }

    /** {@code |a - b| <= tol}. */
    @ApiHelper
    public static boolean compare(double a, double b, double tol) {
        return Math.abs(a - b) <= tol;
    }

    /** {@code value * value}. */
    @ApiHelper
    public static double sq(double value) {
        return value * value;
    }

    /** {@code array[index] += value}, as TornadoVM's sequential stand-in for an atomic add (not atomic). */
    public static void atomicAdd(double[] array, int index, double value) {
        array[index] += value;
    }
}
