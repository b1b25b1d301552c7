package drcn.kernels;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Index's block arithmetic against the JDK's exact ceiling division, on fresh random counts and blocks. */
class IndexTest {
    @Test
    void ceilDivAndRoundUpMatchMathCeilDiv() {
        var random = new Random();
        for (int i = 0; i < 10_000; i++) {
            int block = 1 + random.nextInt(i % 2 == 0 ? 64 : 1 << 20);
            int count = random.nextInt(1 << 30);
            assertEquals(Math.ceilDiv(count, block), Index.ceilDiv(count, block), count + " / " + block);
            assertEquals(Math.ceilDiv(count, block) * block, Index.roundUp(count, block), count + " up to " + block);
            long wide = count * 8L;
            assertEquals(Math.ceilDiv(wide, block), Index.ceilDiv(wide, (long) block), wide + " / " + block);
        }
        assertEquals(0, Index.ceilDiv(0, 16));
        assertEquals(16, Index.roundUp(16, 16));
        assertEquals(32, Index.roundUp(17, 16));
    }
}
