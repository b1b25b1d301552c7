package drcn.tornado.api.types;

/**
 * bfloat16 (TornadoVM's codec): the upper 16 bits of an IEEE float (sign, 8-bit exponent, 7-bit mantissa), handled as
 * a {@code short} of those bits. In a kernel both methods translate to bit operations that give the same bits.
 */
public final class BFloat16 {
    private BFloat16() {
    }

    /** The largest finite bfloat16 value, (2 - 2^-7) * 2^127. */
    public static final float BF16_MAX = 3.3895314e38f;

    /** The float the 16 bits stand for: exact (NaN bits give a NaN). */
    public static float bf16ToFloat(short bits) {
        return Float.intBitsToFloat((bits & 0xffff) << 16);
    }

    /**
     * The bfloat16 nearest to {@code value}, a tie rounded away from zero (TornadoVM's rule, not IEEE's ties-to-even):
     * the magnitude's float bits plus half a bfloat16 unit, truncated, which carries into the exponent and to infinity
     * past {@code BF16_MAX} as rounding must. NaN becomes 0x7FC0; -0.0 becomes +0 (the sign comes from
     * {@code value < 0}).
     */
    public static short bf16FromFloat(float value) {
        if (value != value) return (short) 0x7FC0;
        int sign = value < 0.0f ? 0x8000 : 0;
        int magnitude = Float.floatToRawIntBits(Math.abs(value));
        return (short) (sign | (magnitude + 0x8000) >>> 16);
    }
}
