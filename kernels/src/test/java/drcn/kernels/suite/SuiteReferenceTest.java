package drcn.kernels.suite;

import drcn.kernels.Smoke;
import drcn.tornado.api.types.arrays.FloatArray;
import drcn.tornado.api.types.arrays.IntArray;
import drcn.tornado.api.KernelContext;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** Sanity check of the reference twins: barrier-free 1D kernels run as plain Java, work-item by work-item (the range exceeds n). */
class SuiteReferenceTest {
    private static final int N = 300;

    private static KernelContext item(int i, int range) {
        var c = new KernelContext(null);
        c.globalIdx = i;
        c.globalGroupSizeX = range;
        return c;
    }

    @Test
    void intKernelsMatchTheirReferences() {
        var rnd = new Random(1);
        int[] a = new int[N], b = new int[N];
        for (int i = 0; i < N; i++) { a[i] = rnd.nextInt(2001) - 1000; b[i] = rnd.nextInt(41) - 20; }
        var out = new IntArray(8 * N);
        var flow = new IntArray(4 * N);
        for (int i = 0; i < N + 13; i++) {
            ArithmeticKernels.intArithmetic(item(i, N + 13), IntArray.fromArray(a), IntArray.fromArray(b), out, N);
            ControlFlowKernels.controlFlow(item(i, N + 13), IntArray.fromArray(a), flow, N);
        }
        int[] expected = new int[8 * N], expectedFlow = new int[4 * N];
        ArithmeticKernels.intArithmeticReference(a, b, expected, N);
        ControlFlowKernels.controlFlowReference(a, expectedFlow, N);
        assertArrayEquals(expected, out.toHeapArray());
        assertArrayEquals(expectedFlow, flow.toHeapArray());
    }

    @Test
    void floatKernelsMatchTheirReferences() {
        var rnd = new Random(2);
        float[] x = new float[N], y = new float[N];
        for (int i = 0; i < N; i++) { x[i] = rnd.nextFloat() * 20 - 10; y[i] = rnd.nextFloat() * 6 - 3; }
        FloatArray fx = FloatArray.fromArray(x), fy = FloatArray.fromArray(y);
        var blur = new FloatArray(N);
        var fout = new FloatArray(5 * N);
        var iout = new IntArray(3 * N);
        var saxpy = FloatArray.fromArray(y.clone());
        for (int i = 0; i < N + 5; i++) {
            HelperKernels.blur(item(i, N + 5), fx, blur, N);
            ArithmeticKernels.floatArithmetic(item(i, N + 5), fx, fy, fout, iout, N);
            Smoke.saxpy(item(i, N + 5), fx, saxpy, 1.5f, N);
        }
        float[] expectedBlur = new float[N], expectedF = new float[5 * N], expectedSaxpy = y.clone();
        int[] expectedI = new int[3 * N];
        HelperKernels.blurReference(x, expectedBlur, N);
        ArithmeticKernels.floatArithmeticReference(x, y, expectedF, expectedI, N);
        Smoke.saxpyReference(x, expectedSaxpy, 1.5f, N);
        assertArrayEquals(expectedBlur, blur.toHeapArray(), 1e-5f);
        assertArrayEquals(expectedF, fout.toHeapArray());
        assertArrayEquals(expectedI, iout.toHeapArray());
        assertArrayEquals(expectedSaxpy, saxpy.toHeapArray());
    }
}
