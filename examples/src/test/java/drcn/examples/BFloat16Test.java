package drcn.examples;

import drcn.tornado.api.TaskGraph;
import drcn.tornado.api.TornadoExecutionPlan;
import drcn.tornado.api.annotations.Parallel;
import drcn.tornado.api.common.TornadoDevice;
import drcn.tornado.api.enums.DataTransferMode;
import drcn.tornado.api.types.BFloat16;
import drcn.tornado.api.types.arrays.BFloat16Array;
import drcn.tornado.api.types.arrays.FloatArray;
import drcn.tornado.api.types.arrays.HalfFloatArray;
import drcn.tornado.api.types.HalfFloat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * TornadoVM's bfloat16 in kernels (BFloat16Array get/set, BFloat16.bf16ToFloat/bf16FromFloat), on every device
 * against the same methods run as plain Java on fresh random inputs (ties, subnormals, overflow, NaN, -0.0): the same
 * bits. And the codec itself against its definition.
 */
class BFloat16Test {
    static final int N = 4099;

    static List<TornadoDevice> devices() {
        return TaskGraphApiTest.devices();
    }

    public static void convert(BFloat16Array in, FloatArray x, HalfFloatArray h, FloatArray decoded, BFloat16Array encoded, BFloat16Array scaled, float a) {
        for (@Parallel int i = 0; i < in.getSize(); i++) {
            decoded.set(i, a * BFloat16.bf16ToFloat(in.get(i)) + x.get(i));
            encoded.set(i, BFloat16.bf16FromFloat(x.get(i)));
            scaled.set(i, BFloat16.bf16FromFloat(BFloat16.bf16ToFloat(in.get(i)) * 2.0f + h.get(i).getFloat32()));
        }
    }

    private static float edgy(Random r) {
        return switch (r.nextInt(10)) {
            case 0 -> Float.intBitsToFloat((r.nextInt(1 << 15) << 16) | 0x8000); // a tie between two bfloat16 values
            case 1 -> Float.intBitsToFloat(r.nextInt(1 << 23)); // float subnormal
            case 2 -> r.nextBoolean() ? Float.NaN : r.nextBoolean() ? -0.0f : Float.NEGATIVE_INFINITY;
            case 3 -> (r.nextBoolean() ? 1 : -1) * 3.3961775e38f * (0.999f + r.nextFloat() * 0.002f); // around overflow
            default -> Float.intBitsToFloat(r.nextInt());
        };
    }

    @ParameterizedTest
    @MethodSource("devices")
    void conversionsMatchJava(TornadoDevice device) throws Exception {
        var r = new Random();
        var in = new BFloat16Array(N);
        var x = new FloatArray(N);
        var h = new HalfFloatArray(N);
        for (int i = 0; i < N; i++) {
            in.set(i, (short) r.nextInt());
            x.set(i, edgy(r));
            h.set(i, new HalfFloat((r.nextFloat() - 0.5f) * 100));
        }
        float a = r.nextFloat() * 4 - 2;
        var decoded = new FloatArray(N);
        BFloat16Array encoded = new BFloat16Array(N), scaled = new BFloat16Array(N);
        var graph = new TaskGraph("bf16")
                .transferToDevice(DataTransferMode.EVERY_EXECUTION, in, x, h)
                .task("t", BFloat16Test::convert, in, x, h, decoded, encoded, scaled, a)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, decoded, encoded, scaled);
        try (var plan = new TornadoExecutionPlan(graph.snapshot())) {
            plan.withDevice(device).execute();
        }
        var rDecoded = new FloatArray(N);
        BFloat16Array rEncoded = new BFloat16Array(N), rScaled = new BFloat16Array(N);
        convert(in, x, h, rDecoded, rEncoded, rScaled, a);
        for (int i = 0; i < N; i++) {
            float e = rDecoded.get(i), g = decoded.get(i);
            if (!(Float.isNaN(e) && Float.isNaN(g))) assertEquals(Float.floatToIntBits(e), Float.floatToIntBits(g), "decoded[" + i + "]");
            assertEquals(rEncoded.get(i), encoded.get(i), "encoded[" + i + "] of " + x.get(i));
            assertEquals(rScaled.get(i), scaled.get(i), "scaled[" + i + "]");
        }
    }

    /** Decoding is exact; encoding gives the nearest bfloat16, a tie away from zero, past the largest finite to infinity. */
    @Test
    void codecFollowsItsDefinition() {
        for (int b = 0; b < 65536; b++) {
            float v = BFloat16.bf16ToFloat((short) b);
            if (Float.isNaN(v)) {
                assertEquals((short) 0x7FC0, BFloat16.bf16FromFloat(v));
                continue;
            }
            assertEquals(Float.intBitsToFloat(b << 16), v);
            if (b != 0x8000) assertEquals((short) b, BFloat16.bf16FromFloat(v), "round trip of 0x" + Integer.toHexString(b));
            // the float halfway above v (same sign) rounds away from zero, just below it rounds back to v
            if ((b & 0x7fff) < 0x7f7f) {
                float tie = Float.intBitsToFloat((b << 16) | 0x8000);
                assertEquals((short) (b + 1), BFloat16.bf16FromFloat(tie));
                assertEquals((short) b, BFloat16.bf16FromFloat(Math.nextDown(Math.abs(tie)) * Math.signum(tie)));
            }
        }
        assertEquals((short) 0x7F80, BFloat16.bf16FromFloat(3.3961775e38f));
        assertEquals((short) 0x7F7F, BFloat16.bf16FromFloat(Math.nextDown(3.3961775e38f)));
        assertEquals((short) 0xFF80, BFloat16.bf16FromFloat(Float.NEGATIVE_INFINITY));
        assertEquals((short) 0, BFloat16.bf16FromFloat(-0.0f));
    }
}
