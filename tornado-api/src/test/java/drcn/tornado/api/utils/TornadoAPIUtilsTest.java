package drcn.tornado.api.utils;

import drcn.tornado.api.types.HalfFloat;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** TornadoVM's host helpers: sizes, byte counts and boxed types as its programs read them. */
class TornadoAPIUtilsTest {
    @Test
    void sizesParseInPowersOf1024() {
        assertEquals(512, TornadoAPIUtils.parseSize("512"));
        assertEquals(100, TornadoAPIUtils.parseSize("100B"));
        assertEquals(3L << 10, TornadoAPIUtils.parseSize("3KB"));
        assertEquals(512L << 20, TornadoAPIUtils.parseSize("512MB"));
        assertEquals(2L << 30, TornadoAPIUtils.parseSize("2GB"));
        assertEquals(1L << 40, TornadoAPIUtils.parseSize("1TB"));
        assertThrows(NumberFormatException.class, () -> TornadoAPIUtils.parseSize("lots"));
    }

    @Test
    void byteCountsReadAsPeopleWriteThem() {
        assertEquals("999 B", TornadoAPIUtils.humanReadableByteCount(999, true));
        assertEquals("1.5 kB", TornadoAPIUtils.humanReadableByteCount(1500, true));
        assertEquals("1.0 KiB", TornadoAPIUtils.humanReadableByteCount(1024, false));
        assertEquals("3.0 GiB", TornadoAPIUtils.humanReadableByteCount(3L << 30, false));
        assertEquals("2.00 MB", TornadoAPIUtils.formatBytes(2L << 20));
        assertEquals("12 B", TornadoAPIUtils.formatBytes(12));
        assertEquals("1.50 GB/s", TornadoAPIUtils.formatBytesPerSecond(1.5 * (1L << 30)));
        assertEquals("2.5 GHz", TornadoAPIUtils.humanReadableFreq(2500));
        assertEquals("800 MHz", TornadoAPIUtils.humanReadableFreq(800));
    }

    @Test
    void boxedTypesAreRecognised() {
        assertTrue(TornadoAPIUtils.isBoxedPrimitive(3));
        assertTrue(TornadoAPIUtils.isBoxedPrimitive(new HalfFloat(1f)));
        assertFalse(TornadoAPIUtils.isBoxedPrimitive("3"));
        assertFalse(TornadoAPIUtils.isBoxedPrimitive(null));
        assertEquals(int.class, TornadoAPIUtils.toUnboxedPrimitiveClass(Integer.class));
        assertEquals(String.class, TornadoAPIUtils.toUnboxedPrimitiveClass(String.class));
        assertTrue(TornadoAPIUtils.isPrimitiveArray(float[][].class));
        assertTrue(TornadoAPIUtils.isPrimitiveArray(Double[].class));
        assertFalse(TornadoAPIUtils.isPrimitiveArray(String[].class));
        assertFalse(TornadoAPIUtils.isPrimitiveArray(Integer.class));
        assertEquals("float[7]", TornadoAPIUtils.formatArray(new float[7]));
        assertEquals(0.5, TornadoAPIUtils.elapsedTimeInSeconds(1_000_000_000L, 1_500_000_000L), 1e-12);
    }
}
