package drcn.tornado.api.types.utils;

import drcn.tornado.api.internal.annotations.ApiHelper;
import drcn.tornado.api.math.TornadoMath;
import drcn.tornado.api.types.arrays.FloatArray;
import drcn.tornado.api.types.vectors.Float2;
import drcn.tornado.api.types.vectors.Float3;
import drcn.tornado.api.types.vectors.Float4;
import drcn.tornado.api.types.vectors.Float8;

/**
 * TornadoVM's helpers for floats: print formats, comparisons within a tolerance or a number of units in the last place
 * (ulp), and {@code sq}, which kernels may call.
 */
public class FloatOps {
    public static final float EPSILON = 1e-7f;
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
    public static boolean compareBits(float a, float b) {
        return Float.floatToRawIntBits(a) == Float.floatToRawIntBits(b);
    }

    /** Whether {@code value} equals {@code expected} or lies within {@code ulps} units in the last place of it. */
    public static boolean compareULP(float value, float expected, float ulps) {
        return value == expected || Math.abs(value - expected) < ulps * Math.ulp(expected);
    }

    /** The largest distance of a lane from the expected one, in ulps of the expected lane. */
    public static float findMaxULP(Float2 value, Float2 expected) {
        return TornadoMath.findULPDistance(value.toArray(), expected.toArray());
    }

    /** The largest distance of a lane from the expected one, in ulps of the expected lane. */
    public static float findMaxULP(Float3 value, Float3 expected) {
        return TornadoMath.findULPDistance(value.toArray(), expected.toArray());
    }

    /** The largest distance of a lane from the expected one, in ulps of the expected lane. */
    public static float findMaxULP(Float4 value, Float4 expected) {
        return TornadoMath.findULPDistance(value.toArray(), expected.toArray());
    }

    /** The largest distance of a lane from the expected one, in ulps of the expected lane. */
    public static float findMaxULP(Float8 value, Float8 expected) {
        return TornadoMath.findULPDistance(value.toArray(), expected.toArray());
    }

    /** The largest distance of an element from the expected one, in ulps of the expected element. */
    public static float findMaxULP(FloatArray value, FloatArray expected) {
        return TornadoMath.findULPDistance(value, expected);
    }

    /** The distance of {@code value} from {@code expected} in ulps of {@code expected}. */
    public static float findMaxULP(float value, float expected) {
        return value == expected ? 0f : Math.abs(value - expected) / Math.ulp(expected);
    }

    /** {@code |a - b| <= EPSILON}. */
    @ApiHelper
    public static boolean compare(float a, float b) {
        return Math.abs(a - b) <= EPSILON;
    }

    /** {@code |a - b| <= tol}. */
    @ApiHelper
    public static boolean compare(float a, float b, float tol) {
        return Math.abs(a - b) <= tol;
    }

    /** {@code value * value}. */
    @ApiHelper
    public static float sq(float value) {
        return value * value;
    }

    /** {@code array[index] += value}, as TornadoVM's sequential stand-in for an atomic add (not atomic). */
    public static void atomicAdd(float[] array, int index, float value) {
        array[index] += value;
    }
}
