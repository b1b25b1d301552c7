package drcn.kernels.suite;

import drcn.tornado.api.types.arrays.FloatArray;
import drcn.tornado.api.types.arrays.IntArray;
import drcn.kernels.api.Kernel;
import drcn.tornado.api.KernelContext;

/**
 * Int and float arithmetic, casts and every {@code Math} intrinsic, with Java semantics on negative
 * operands (truncating division and remainder, arithmetic vs logical shifts, float-to-int truncation).
 *
 * <p>Launch (all 1D, any local size, global range at least {@code n}; extra work-items return):
 * <ul>
 *   <li>{@link #intArithmetic}: {@code a}, {@code b} of size n (any values, including negative and 0), {@code out} of size 8n.</li>
 *   <li>{@link #floatArithmetic}: {@code a}, {@code b} of size n, {@code fout} of size 5n, {@code iout} of size 3n.</li>
 *   <li>{@link #mathIntrinsics}: {@code a}, {@code b}, {@code ia} of size n, {@code fout} of size 8n, {@code iout} of size 3n.
 *       exp/sqrt/log are device built-ins: compare with a few ulps of tolerance.</li>
 * </ul>
 */
public final class ArithmeticKernels {
    private ArithmeticKernels() {}

    @Kernel
    public static void intArithmetic(KernelContext context, IntArray a, IntArray b, IntArray out, int n) {
        int i = context.globalIdx;
        if (i >= n) return;
        int x = a.get(i);
        int y = b.get(i);
        int d = y == 0 ? 7 : y;
        int s = y & 31;
        out.set(8 * i, x / d);
        out.set(8 * i + 1, x % d);
        out.set(8 * i + 2, x << s);
        out.set(8 * i + 3, x >> s);
        out.set(8 * i + 4, x >>> s);
        out.set(8 * i + 5, (x & y) | (x ^ 0x55));
        out.set(8 * i + 6, ~x + -y);
        int acc = x;
        acc *= 3;
        acc -= y;
        acc <<= 1;
        acc >>= 1;
        acc ^= 0xF0;
        acc %= 1000;
        out.set(8 * i + 7, acc);
    }

    public static void intArithmeticReference(int[] a, int[] b, int[] out, int n) {
        for (int i = 0; i < n; i++) {
            int x = a[i], y = b[i];
            int d = y == 0 ? 7 : y;
            int s = y & 31;
            out[8 * i] = x / d;
            out[8 * i + 1] = x % d;
            out[8 * i + 2] = x << s;
            out[8 * i + 3] = x >> s;
            out[8 * i + 4] = x >>> s;
            out[8 * i + 5] = (x & y) | (x ^ 0x55);
            out[8 * i + 6] = ~x + -y;
            out[8 * i + 7] = ((((x * 3 - y) << 1) >> 1) ^ 0xF0) % 1000;
        }
    }

    @Kernel
    public static void floatArithmetic(KernelContext context, FloatArray a, FloatArray b, FloatArray fout, IntArray iout, int n) {
        int i = context.globalIdx;
        if (i >= n) return;
        float x = a.get(i);
        float y = b.get(i);
        float d = y == 0f ? 1f : y;
        fout.set(5 * i, x * y + x - y);
        fout.set(5 * i + 1, x / d);
        fout.set(5 * i + 2, x % d);
        fout.set(5 * i + 3, -x * 0.5f + i);
        fout.set(5 * i + 4, (float) (int) x);
        iout.set(3 * i, (int) x);
        iout.set(3 * i + 1, (int) (x * 3.75f));
        int k = i - n / 2;
        float widened = k;
        iout.set(3 * i + 2, x < widened ? 1 : (x > widened ? -1 : 0));
    }

    public static void floatArithmeticReference(float[] a, float[] b, float[] fout, int[] iout, int n) {
        for (int i = 0; i < n; i++) {
            float x = a[i], y = b[i];
            float d = y == 0f ? 1f : y;
            fout[5 * i] = x * y + x - y;
            fout[5 * i + 1] = x / d;
            fout[5 * i + 2] = x % d;
            fout[5 * i + 3] = -x * 0.5f + i;
            fout[5 * i + 4] = (float) (int) x;
            iout[3 * i] = (int) x;
            iout[3 * i + 1] = (int) (x * 3.75f);
            float widened = i - n / 2;
            iout[3 * i + 2] = x < widened ? 1 : (x > widened ? -1 : 0);
        }
    }

    @Kernel
    public static void mathIntrinsics(KernelContext context, FloatArray a, FloatArray b, IntArray ia, FloatArray fout, IntArray iout, int n) {
        int i = context.globalIdx;
        if (i >= n) return;
        float x = a.get(i);
        float y = b.get(i);
        int k = ia.get(i);
        fout.set(8 * i, Math.max(x, y));
        fout.set(8 * i + 1, Math.min(x, y));
        fout.set(8 * i + 2, Math.abs(x));
        fout.set(8 * i + 3, Math.fma(x, y, 1.5f));
        fout.set(8 * i + 4, (float) Math.exp(x * 0.125f));
        fout.set(8 * i + 5, (float) Math.sqrt(Math.abs(y)));
        fout.set(8 * i + 6, (float) Math.log(Math.abs(x) + 1f));
        fout.set(8 * i + 7, (float) Math.sqrt(k & 1023));
        iout.set(3 * i, Math.max(k, -k / 2));
        iout.set(3 * i + 1, Math.min(k, 3));
        iout.set(3 * i + 2, Math.abs(k));
    }

    public static void mathIntrinsicsReference(float[] a, float[] b, int[] ia, float[] fout, int[] iout, int n) {
        for (int i = 0; i < n; i++) {
            float x = a[i], y = b[i];
            int k = ia[i];
            fout[8 * i] = Math.max(x, y);
            fout[8 * i + 1] = Math.min(x, y);
            fout[8 * i + 2] = Math.abs(x);
            fout[8 * i + 3] = Math.fma(x, y, 1.5f);
            fout[8 * i + 4] = (float) Math.exp(x * 0.125f);
            fout[8 * i + 5] = (float) Math.sqrt(Math.abs(y));
            fout[8 * i + 6] = (float) Math.log(Math.abs(x) + 1f);
            fout[8 * i + 7] = (float) Math.sqrt(k & 1023);
            iout[3 * i] = Math.max(k, -k / 2);
            iout[3 * i + 1] = Math.min(k, 3);
            iout[3 * i + 2] = Math.abs(k);
        }
    }
}
