package drcn.tornado.api.types;

/**
 * 8-bit floats (TornadoVM's codec), each held as the byte of its bits: E4M3 (sign, 4 exponent bits of bias 7, 3
 * mantissa bits; no infinity, S.1111.111 is NaN, largest finite 448) and E5M2 (sign, 5 exponent bits of bias 15, 2
 * mantissa bits; IEEE-like with infinities and NaNs, largest finite 57344). Decoding is exact. Encoding rounds the
 * magnitude to the nearest FP8 value, a tie away from zero (TornadoVM's rule); NaN becomes 0x7F, -0.0 becomes +0 (the
 * sign comes from {@code value < 0}); past the largest finite value E4M3 saturates to +-448 and E5M2 gives +-infinity
 * from 61440 (halfway to the next power of two) on. In a kernel the four methods translate to C functions that give
 * the same bits.
 */
public final class FP8 {
    private FP8() {
    }

    /** The largest finite E4M3 magnitude, 1.75 * 2^8. */
    public static final float E4M3_MAX = 448.0f;
    /** The largest finite E5M2 magnitude, 1.75 * 2^15. */
    public static final float E5M2_MAX = 57344.0f;

    public static float e4m3ToFloat(byte bits) {
        int b = bits & 0xFF;
        int exponent = (b >>> 3) & 0xF;
        int mantissa = b & 0x7;
        if (exponent == 0xF && mantissa == 0x7) return Float.NaN;
        // subnormal: mantissa * 2^-9; normal: (1 + mantissa / 8) * 2^(exponent - 7), a float of exponent field exponent + 120
        float magnitude = exponent == 0 ? mantissa * 0x1p-9f : Float.intBitsToFloat((exponent + 120) << 23 | mantissa << 20);
        return b >= 0x80 ? -magnitude : magnitude;
    }

    public static byte e4m3FromFloat(float value) {
        if (value != value) return (byte) 0x7F;
        int sign = value < 0.0f ? 0x80 : 0;
        float magnitude = Math.abs(value);
        if (magnitude >= E4M3_MAX) return (byte) (sign | 0x7E);
        return (byte) (sign | field(magnitude, 3, 7));
    }

    public static float e5m2ToFloat(byte bits) {
        int b = bits & 0xFF;
        int exponent = (b >>> 2) & 0x1F;
        int mantissa = b & 0x3;
        float magnitude;
        if (exponent == 0x1F) {
            if (mantissa != 0) return Float.NaN;
            magnitude = Float.POSITIVE_INFINITY;
        } else {
            // subnormal: mantissa * 2^-16; normal: (1 + mantissa / 4) * 2^(exponent - 15), exponent field exponent + 112
            magnitude = exponent == 0 ? mantissa * 0x1p-16f : Float.intBitsToFloat((exponent + 112) << 23 | mantissa << 21);
        }
        return b >= 0x80 ? -magnitude : magnitude;
    }

    public static byte e5m2FromFloat(float value) {
        if (value != value) return (byte) 0x7F;
        int sign = value < 0.0f ? 0x80 : 0;
        float magnitude = Math.abs(value);
        if (magnitude >= 61440.0f) return (byte) (sign | 0x7C);
        return (byte) (sign | field(magnitude, 2, 15));
    }

    /**
     * The exponent and mantissa fields of the FP8 value nearest to {@code magnitude} (finite, not negative, below the
     * format's overflow point), in integers on the float's bits: with the float's significand s (24 bits, hidden bit
     * included) and unbiased exponent e, a normal FP8 value is s rounded to {@code mantissaBits} fraction bits, an FP8
     * subnormal is the magnitude in units of 2^(1 - bias - mantissaBits); a rounding that carries past the mantissa
     * lands in the next exponent, as the field's layout makes it.
     */
    private static int field(float magnitude, int mantissaBits, int bias) {
        int bits = Float.floatToRawIntBits(magnitude);
        int biased = bits >>> 23;
        int significand = bits & 0x7FFFFF;
        if (biased == 0) biased = 1; else significand |= 0x800000;
        int exponent = biased - 127;
        if (exponent >= 1 - bias) {
            int shift = 23 - mantissaBits;
            int rounded = (significand + (1 << (shift - 1))) >> shift; // 2^m .. 2^(m+1), the hidden bit included
            return ((exponent + bias - 1) << mantissaBits) + rounded;
        }
        int shift = 24 - exponent - bias - mantissaBits;
        if (shift > 25) return 0; // below half the smallest subnormal
        return (significand + (1 << (shift - 1))) >> shift;
    }
}
