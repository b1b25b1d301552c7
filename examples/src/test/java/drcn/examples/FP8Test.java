package drcn.examples;

import drcn.tornado.api.TaskGraph;
import drcn.tornado.api.TornadoExecutionPlan;
import drcn.tornado.api.annotations.Parallel;
import drcn.tornado.api.common.TornadoDevice;
import drcn.tornado.api.enums.DataTransferMode;
import drcn.tornado.api.types.FP8;
import drcn.tornado.api.types.arrays.ByteArray;
import drcn.tornado.api.types.arrays.FP8Array;
import drcn.tornado.api.types.arrays.FloatArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * TornadoVM's 8-bit floats in kernels (FP8.e4m3ToFloat/e4m3FromFloat/e5m2ToFloat/e5m2FromFloat on ByteArray and
 * FP8Array elements), on every device against the same method run as plain Java on fresh random inputs (every code,
 * ties, subnormals, saturation, overflow, NaN, -0.0): the same bits. And the codec itself against its definition.
 */
class FP8Test {
    static final int N = 4099;

    static List<TornadoDevice> devices() {
        return TaskGraphApiTest.devices();
    }

    public static void convert(ByteArray in, FP8Array weights, FloatArray x, FloatArray decoded, ByteArray e4m3, ByteArray e5m2, float a) {
        for (@Parallel int i = 0; i < x.getSize(); i++) {
            decoded.set(i, a * FP8.e4m3ToFloat(in.get(i)) + FP8.e5m2ToFloat(in.get(i)) * FP8.e4m3ToFloat(weights.get(i)));
            e4m3.set(i, FP8.e4m3FromFloat(x.get(i)));
            byte q = FP8.e5m2FromFloat(x.get(i) * a);
            e5m2.set(i, FP8.e5m2FromFloat(FP8.e5m2ToFloat(q) + x.get(i)));
        }
    }

    /** Floats around the FP8 grids: ties between neighbours, subnormals, overflow points, NaN, infinities, -0.0. */
    private static float edgy(Random r) {
        float code = r.nextBoolean() ? FP8.e4m3ToFloat((byte) r.nextInt()) : FP8.e5m2ToFloat((byte) r.nextInt());
        return switch (r.nextInt(8)) {
            case 0 -> code;
            case 1 -> code * (1 + 0.0625f); // a tie between two E4M3 neighbours for normals
            case 2 -> code * (1 + 0.125f); // a tie for E5M2 normals
            case 3 -> Math.nextDown(code * (1 + 0.0625f));
            case 4 -> r.nextBoolean() ? Float.NaN : r.nextBoolean() ? -0.0f : Float.NEGATIVE_INFINITY;
            case 5 -> (r.nextBoolean() ? 1 : -1) * (r.nextBoolean() ? 448f : 61440f) * (0.99f + r.nextFloat() * 0.02f);
            case 6 -> (r.nextFloat() - 0.5f) * 0x1p-12f;
            default -> (r.nextFloat() - 0.5f) * 1000f;
        };
    }

    @ParameterizedTest
    @MethodSource("devices")
    void conversionsMatchJava(TornadoDevice device) throws Exception {
        var r = new Random();
        var in = new ByteArray(N);
        var weights = new FP8Array(N);
        var x = new FloatArray(N);
        for (int i = 0; i < N; i++) {
            in.set(i, (byte) r.nextInt());
            weights.set(i, (byte) r.nextInt());
            x.set(i, edgy(r));
        }
        float a = r.nextFloat() * 4 - 2;
        var decoded = new FloatArray(N);
        ByteArray e4m3 = new ByteArray(N), e5m2 = new ByteArray(N);
        var graph = new TaskGraph("fp8")
                .transferToDevice(DataTransferMode.EVERY_EXECUTION, in, weights, x)
                .task("t", FP8Test::convert, in, weights, x, decoded, e4m3, e5m2, a)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, decoded, e4m3, e5m2);
        try (var plan = new TornadoExecutionPlan(graph.snapshot())) {
            plan.withDevice(device).execute();
        }
        var rDecoded = new FloatArray(N);
        ByteArray rE4m3 = new ByteArray(N), rE5m2 = new ByteArray(N);
        convert(in, weights, x, rDecoded, rE4m3, rE5m2, a);
        for (int i = 0; i < N; i++) {
            float e = rDecoded.get(i), g = decoded.get(i);
            if (!(Float.isNaN(e) && Float.isNaN(g))) assertEquals(Float.floatToIntBits(e), Float.floatToIntBits(g), "decoded[" + i + "]");
            assertEquals(rE4m3.get(i), e4m3.get(i), "e4m3[" + i + "] of " + x.get(i));
            assertEquals(rE5m2.get(i), e5m2.get(i), "e5m2[" + i + "] of " + x.get(i));
        }
    }

    /** The value of a code by its definition: sign, biased exponent, mantissa; subnormal when the exponent is 0. */
    private static double value(int code, int mantissaBits, int bias) {
        int m = code & ((1 << mantissaBits) - 1), e = (code >> mantissaBits) & ((1 << (7 - mantissaBits)) - 1);
        double magnitude = e == 0 ? Math.scalb((double) m, 1 - bias - mantissaBits) : Math.scalb(1 + m / (double) (1 << mantissaBits), e - bias);
        return (code & 0x80) != 0 ? -magnitude : magnitude;
    }

    @Test
    void decodingFollowsTheDefinition() {
        for (int b = 0; b < 256; b++) {
            boolean e4m3Nan = (b & 0x7F) == 0x7F, e5m2Special = (b & 0x7C) == 0x7C;
            if (e4m3Nan) assertTrue(Float.isNaN(FP8.e4m3ToFloat((byte) b)));
            else assertEquals(value(b, 3, 7), FP8.e4m3ToFloat((byte) b), 0.0, "e4m3 0x" + Integer.toHexString(b));
            if (!e5m2Special) assertEquals(value(b, 2, 15), FP8.e5m2ToFloat((byte) b), 0.0, "e5m2 0x" + Integer.toHexString(b));
            else if ((b & 3) == 0) assertEquals((b & 0x80) != 0 ? Float.NEGATIVE_INFINITY : Float.POSITIVE_INFINITY, FP8.e5m2ToFloat((byte) b));
            else assertTrue(Float.isNaN(FP8.e5m2ToFloat((byte) b)));
        }
        assertEquals(448f, FP8.e4m3ToFloat((byte) 0x7E));
        assertEquals(57344f, FP8.e5m2ToFloat((byte) 0x7B));
    }

    /**
     * Encoding gives the finite code nearest in value, a tie to the larger magnitude (brute force over all codes),
     * saturates E4M3 at 448 and sends E5M2 to infinity from 61440; NaN is 0x7F, -0.0 is 0.
     */
    @Test
    void encodingIsNearestTiesAwayFromZero() {
        var r = new Random();
        for (int k = 0; k < 20000; k++) {
            float v = edgy(r);
            if (Float.isNaN(v)) {
                assertEquals((byte) 0x7F, FP8.e4m3FromFloat(v));
                assertEquals((byte) 0x7F, FP8.e5m2FromFloat(v));
                continue;
            }
            assertEquals(nearest(v, 3, 7, 448), FP8.e4m3FromFloat(v), "e4m3 of " + v);
            assertEquals(nearest(v, 2, 15, 61440), FP8.e5m2FromFloat(v), "e5m2 of " + v);
        }
        assertEquals((byte) 0, FP8.e4m3FromFloat(-0.0f));
        assertEquals((byte) 0x7E, FP8.e4m3FromFloat(Float.POSITIVE_INFINITY));
        assertEquals((byte) 0xFC, FP8.e5m2FromFloat(-61440f));
        assertEquals((byte) 0x7B, FP8.e5m2FromFloat(Math.nextDown(61440f)));
        var array = FP8Array.fromFloatsE4M3(1f, -2f, 0.3f);
        assertEquals(0.3125f, array.getE4M3(2));
    }

    private static byte nearest(float v, int mantissaBits, int bias, float overflow) {
        int sign = v < 0 ? 0x80 : 0;
        double a = Math.abs((double) v);
        int top = mantissaBits == 3 ? 0x7E : 0x7C;
        if (a >= overflow) return (byte) (sign | top);
        int best = 0;
        for (int c = 1; c <= (mantissaBits == 3 ? 0x7E : 0x7B); c++) {
            double d = Math.abs(value(c, mantissaBits, bias) - a), bd = Math.abs(value(best, mantissaBits, bias) - a);
            if (d <= bd) best = c; // codes ascend in magnitude: on a tie the larger one wins
        }
        return (byte) (sign | best);
    }
}
