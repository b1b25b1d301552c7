package drcn.tornado.api.math;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** TornadoMath is Java's math in the argument's type. */
class TornadoMathTest {
    @Test
    void functionsMatchJavaInTheArgumentType() {
        var random = new Random();
        for (int t = 0; t < 100; t++) {
            float x = random.nextFloat() * 10 - 5, y = random.nextFloat() * 10 - 5;
            assertEquals((float) Math.exp(x), TornadoMath.exp(x));
            assertEquals((float) Math.sqrt(Math.abs(x)), TornadoMath.sqrt(TornadoMath.abs(x)));
            assertEquals((float) Math.atan2(x, y), TornadoMath.atan2(x, y));
            assertEquals(x - (float) Math.floor(x), TornadoMath.fract(x));
            assertEquals(Math.max(-1f, Math.min(1f, x)), TornadoMath.clamp(x, -1f, 1f));
            assertEquals((float) Math.toRadians(x), TornadoMath.toRadians(x));
            assertEquals(Math.ceil(y), TornadoMath.ceil((double) y));
            assertEquals((float) Math.sin(x * Math.PI), TornadoMath.sinpi(x));
        }
        assertEquals((short) 3, TornadoMath.clamp((short) 9, (short) 0, (short) 3));
        assertEquals(Integer.MIN_VALUE, TornadoMath.abs(Integer.MIN_VALUE)); // Java's overflow, like C's
        assertTrue(TornadoMath.isEqual(new float[] {1, 2}, new float[] {1, 2}));
        assertFalse(TornadoMath.isEqual(new float[] {0f}, new float[] {-0f}));
        assertTrue(TornadoMath.isEqualULP(new float[] {1f}, new float[] {Math.nextUp(1f)}, 2f));
    }
}
