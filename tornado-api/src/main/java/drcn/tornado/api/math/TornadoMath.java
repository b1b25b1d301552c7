package drcn.tornado.api.math;

import drcn.tornado.api.internal.annotations.ApiHelper;
import drcn.tornado.api.types.HalfFloat;
import drcn.tornado.api.types.arrays.HalfFloatArray;
import drcn.tornado.api.types.arrays.DoubleArray;
import drcn.tornado.api.types.arrays.FloatArray;
import drcn.tornado.api.types.arrays.IntArray;
import drcn.tornado.api.types.matrix.Matrix4x4Float;
import drcn.tornado.api.types.vectors.Float16;
import drcn.tornado.api.types.vectors.Float2;
import drcn.tornado.api.types.vectors.Float3;
import drcn.tornado.api.types.vectors.Float4;
import drcn.tornado.api.types.vectors.Float8;

/**
 * TornadoVM's math functions. In a kernel each call becomes the C built-in of its argument type (the float
 * version for float arguments: {@code sqrt(float)} is OpenCL's {@code sqrt} on a float, CUDA's {@code sqrtf});
 * here, on the JVM, each is the Java computation that the built-in approximates.
 */
public final class TornadoMath {
    private TornadoMath() {
    }

    public static float min(float a, float b) {
        return Math.min(a, b);
    }

    public static double min(double a, double b) {
        return Math.min(a, b);
    }

    public static long min(long a, long b) {
        return Math.min(a, b);
    }

    public static int min(int a, int b) {
        return Math.min(a, b);
    }

    public static short min(short a, short b) {
        return (short) Math.min(a, b);
    }

    public static byte min(byte a, byte b) {
        return (byte) Math.min(a, b);
    }

    /**
     * TornadoVM's Java body: the binary16 bits compared as signed shorts (which orders negative values backwards).
     * In a kernel on a device the values are compared (C's fmin), as on TornadoVM's devices; they agree unless a
     * value is negative.
     */
    public static HalfFloat min(HalfFloat a, HalfFloat b) {
        return a.getHalfFloatValue() > b.getHalfFloatValue() ? b : a;
    }

    public static float max(float a, float b) {
        return Math.max(a, b);
    }

    public static double max(double a, double b) {
        return Math.max(a, b);
    }

    public static long max(long a, long b) {
        return Math.max(a, b);
    }

    public static int max(int a, int b) {
        return Math.max(a, b);
    }

    public static short max(short a, short b) {
        return (short) Math.max(a, b);
    }

    public static byte max(byte a, byte b) {
        return (byte) Math.max(a, b);
    }

    /** See {@link #min(HalfFloat, HalfFloat)}. */
    public static HalfFloat max(HalfFloat a, HalfFloat b) {
        return a.getHalfFloatValue() > b.getHalfFloatValue() ? a : b;
    }

    public static float abs(float a) {
        return Math.abs(a);
    }

    public static double abs(double a) {
        return Math.abs(a);
    }

    public static long abs(long a) {
        return Math.abs(a);
    }

    public static int abs(int a) {
        return Math.abs(a);
    }

    public static short abs(short a) {
        return (short) Math.abs(a);
    }

    public static byte abs(byte a) {
        return (byte) Math.abs(a);
    }

    /** {@code max(min, min(max, val))}. */
    public static long clamp(long val, long min, long max) {
        return Math.max(min, Math.min(max, val));
    }

    public static int clamp(int val, int min, int max) {
        return Math.max(min, Math.min(max, val));
    }

    public static short clamp(short val, short min, short max) {
        return (short) Math.max(min, Math.min(max, val));
    }

    public static byte clamp(byte val, byte min, byte max) {
        return (byte) Math.max(min, Math.min(max, val));
    }

    public static float clamp(float val, float min, float max) {
        return Math.max(min, Math.min(max, val));
    }

    public static double clamp(double val, double min, double max) {
        return Math.max(min, Math.min(max, val));
    }

    public static float exp(float value) {
        return (float) Math.exp(value);
    }

    public static double exp(double value) {
        return Math.exp(value);
    }

    public static float sqrt(float value) {
        return (float) Math.sqrt(value);
    }

    public static double sqrt(double value) {
        return Math.sqrt(value);
    }

    public static float floor(float f) {
        return (float) Math.floor(f);
    }

    public static double floor(double f) {
        return Math.floor(f);
    }

    public static float ceil(float value) {
        return (float) Math.ceil(value);
    }

    public static double ceil(double value) {
        return Math.ceil(value);
    }

    /** {@code f - floor(f)}. */
    public static float fract(float f) {
        return f - floor(f);
    }

    public static double fract(double f) {
        return f - floor(f);
    }

    public static float log(float value) {
        return (float) Math.log(value);
    }

    public static double log(double value) {
        return Math.log(value);
    }

    /** {@code log(value) / log(2)}. */
    public static float log2(float value) {
        return (float) (Math.log(value) / Math.log(2));
    }

    public static double log2(double value) {
        return Math.log(value) / Math.log(2);
    }

    public static float pow(float a, float b) {
        return (float) Math.pow(a, b);
    }

    public static double pow(double a, double b) {
        return Math.pow(a, b);
    }

    public static float sin(float angle) {
        return (float) Math.sin(angle);
    }

    public static double sin(double angle) {
        return Math.sin(angle);
    }

    public static float cos(float angle) {
        return (float) Math.cos(angle);
    }

    public static double cos(double angle) {
        return Math.cos(angle);
    }

    public static float tan(float value) {
        return (float) Math.tan(value);
    }

    public static double tan(double value) {
        return Math.tan(value);
    }

    public static float tanh(float value) {
        return (float) Math.tanh(value);
    }

    public static double tanh(double value) {
        return Math.tanh(value);
    }

    public static float atan(float value) {
        return (float) Math.atan(value);
    }

    public static double atan(double value) {
        return Math.atan(value);
    }

    public static float atan2(float a, float b) {
        return (float) Math.atan2(a, b);
    }

    public static double atan2(double a, double b) {
        return Math.atan2(a, b);
    }

    public static float acos(float a) {
        return (float) Math.acos(a);
    }

    public static double acos(double a) {
        return Math.acos(a);
    }

    public static float asin(float a) {
        return (float) Math.asin(a);
    }

    public static double asin(double a) {
        return Math.asin(a);
    }

    /** {@code log(x + sqrt(x * x - 1))}. */
    public static float acosh(float x) {
        return (float) Math.log(x + Math.sqrt(x * x - 1));
    }

    public static double acosh(double x) {
        return Math.log(x + Math.sqrt(x * x - 1));
    }

    /** {@code log(x + sqrt(x * x + 1))}. */
    public static float asinh(float x) {
        return (float) Math.log(x + Math.sqrt(x * x + 1));
    }

    public static double asinh(double x) {
        return Math.log(x + Math.sqrt(x * x + 1));
    }

    /** {@code sin(pi * angle)}. */
    public static float sinpi(float angle) {
        return (float) Math.sin(angle * Math.PI);
    }

    public static double sinpi(double angle) {
        return Math.sin(angle * Math.PI);
    }

    /** {@code cos(pi * angle)}. */
    public static float cospi(float angle) {
        return (float) Math.cos(angle * Math.PI);
    }

    public static double cospi(double angle) {
        return Math.cos(angle * Math.PI);
    }

    public static float signum(float a) {
        return Math.signum(a);
    }

    public static double signum(double a) {
        return Math.signum(a);
    }

    public static float toRadians(float angdeg) {
        return (float) Math.toRadians(angdeg);
    }

    public static double toRadians(double angdeg) {
        return Math.toRadians(angdeg);
    }

    public static float floatPI() {
        return (float) Math.PI;
    }

    public static double PI() {
        return Math.PI;
    }

    public static Float2 sin(Float2 f) {
        return new Float2(sin(f.getX()), sin(f.getY()));
    }

    public static Float4 sin(Float4 f) {
        return new Float4(sin(f.getX()), sin(f.getY()), sin(f.getZ()), sin(f.getW()));
    }

    public static Float8 sin(Float8 f) {
        var r = new Float8();
        for (int i = 0; i < 8; i++) r.set(i, sin(f.get(i)));
        return r;
    }

    public static Float16 sin(Float16 f) {
        var r = new Float16();
        for (int i = 0; i < 16; i++) r.set(i, sin(f.get(i)));
        return r;
    }

    public static Float2 cos(Float2 f) {
        return new Float2(cos(f.getX()), cos(f.getY()));
    }

    public static Float4 cos(Float4 f) {
        return new Float4(cos(f.getX()), cos(f.getY()), cos(f.getZ()), cos(f.getW()));
    }

    public static Float8 cos(Float8 f) {
        var r = new Float8();
        for (int i = 0; i < 8; i++) r.set(i, cos(f.get(i)));
        return r;
    }

    public static Float16 cos(Float16 f) {
        var r = new Float16();
        for (int i = 0; i < 16; i++) r.set(i, cos(f.get(i)));
        return r;
    }

    // Host-side comparisons (TornadoVM's tests use them to check results); not kernel functions.

    /** Bitwise equality of every element. */
    public static boolean isEqual(float[] a, float[] b) {
        if (a.length != b.length) return false;
        for (int i = 0; i < a.length; i++) {
            if (Float.floatToRawIntBits(a[i]) != Float.floatToRawIntBits(b[i])) return false;
        }
        return true;
    }

    public static boolean isEqual(double[] a, double[] b) {
        if (a.length != b.length) return false;
        for (int i = 0; i < a.length; i++) {
            if (Double.doubleToRawLongBits(a[i]) != Double.doubleToRawLongBits(b[i])) return false;
        }
        return true;
    }

    public static boolean isEqual(FloatArray a, FloatArray b) {
        return isEqual(a.toHeapArray(), b.toHeapArray());
    }

    public static boolean isEqual(DoubleArray a, DoubleArray b) {
        return isEqual(a.toHeapArray(), b.toHeapArray());
    }

    /** Bitwise equality of every element. */
    public static boolean isEqual(HalfFloatArray a, HalfFloatArray b) {
        return java.util.Arrays.equals(a.toShortArray(), b.toShortArray());
    }

    public static boolean isEqual(IntArray a, IntArray b) {
        return isEqual(a.toHeapArray(), b.toHeapArray());
    }

    public static boolean isEqual(int[] a, int[] b) {
        return java.util.Arrays.equals(a, b);
    }

    public static boolean isEqual(short[] a, short[] b) {
        return java.util.Arrays.equals(a, b);
    }

    public static boolean isEqual(byte[] a, byte[] b) {
        return java.util.Arrays.equals(a, b);
    }

    /** Every element equal, or closer than {@code numULP} units in the last place of the expected one. */
    public static boolean isEqualULP(float[] value, float[] expected, float numULP) {
        for (int i = 0; i < value.length; i++) {
            if (value[i] != expected[i] && !(Math.abs(value[i] - expected[i]) < numULP * Math.ulp(expected[i]))) return false;
        }
        return true;
    }

    public static boolean isEqualULP(double[] value, double[] expected, double numULP) {
        for (int i = 0; i < value.length; i++) {
            if (value[i] != expected[i] && !(Math.abs(value[i] - expected[i]) < numULP * Math.ulp(expected[i]))) return false;
        }
        return true;
    }

    /** Every element within {@code tol} of the other's. */
    public static boolean isEqualTol(float[] a, float[] b, float tol) {
        for (int i = 0; i < a.length; i++) {
            if (!(Math.abs(a[i] - b[i]) <= tol)) return false;
        }
        return true;
    }

    /** The largest distance between {@code value} and {@code expected}, in units in the last place of the expected element. */
    public static float findULPDistance(float[] value, float[] expected) {
        float max = Float.MIN_VALUE;
        for (int i = 0; i < value.length; i++) {
            float ulps = value[i] == expected[i] ? 0f : Math.abs(value[i] - expected[i]) / Math.ulp(expected[i]);
            max = Math.max(max, ulps);
        }
        return max;
    }

    public static double findULPDistance(double[] value, double[] expected) {
        double max = Double.MIN_VALUE;
        for (int i = 0; i < value.length; i++) {
            double ulps = value[i] == expected[i] ? 0 : Math.abs(value[i] - expected[i]) / Math.ulp(expected[i]);
            max = Math.max(max, ulps);
        }
        return max;
    }

    /**
     * {@code x} rotated by the upper-left 3x3 block of {@code m}: {@code (m[0][0..2] . x, m[1][0..2] . x, m[2][0..2] . x)}
     * (the translation column and the last row are not used). Kernels call it (compiled from this body).
     */
    @ApiHelper
    public static Float3 rotate(Matrix4x4Float m, Float3 x) {
        return new Float3(m.get(0, 0) * x.getX() + m.get(0, 1) * x.getY() + m.get(0, 2) * x.getZ(),
                m.get(1, 0) * x.getX() + m.get(1, 1) * x.getY() + m.get(1, 2) * x.getZ(),
                m.get(2, 0) * x.getX() + m.get(2, 1) * x.getY() + m.get(2, 2) * x.getZ());
    }

    public static float findULPDistance(FloatArray value, FloatArray expected) {
        return findULPDistance(value.toHeapArray(), expected.toHeapArray());
    }

    public static double findULPDistance(DoubleArray value, DoubleArray expected) {
        return findULPDistance(value.toHeapArray(), expected.toHeapArray());
    }

    /** The XOR of each pair's bits, in binary, space-separated. */
    public static String bitDiff(float[] a, float[] b) {
        var s = new StringBuilder();
        for (int i = 0; i < a.length; i++) {
            s.append(Integer.toBinaryString(Float.floatToIntBits(a[i]) ^ Float.floatToIntBits(b[i]))).append(' ');
        }
        return s.toString();
    }
}
