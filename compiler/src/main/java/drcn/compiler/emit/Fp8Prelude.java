package drcn.compiler.emit;

/**
 * The C functions of TornadoVM's FP8 codec ({@link drcn.compiler.ir.IntrinsicOp#isFp8}), written once for both
 * dialects: the arithmetic of {@code drcn.tornado.api.types.FP8} on the same integers, so every device gives the JVM's
 * bits. Decoding builds (8 + m) * 2^(e - 10) (E4M3) or (4 + m) * 2^(e - 17) (E5M2) with ldexp, exact; encoding
 * rounds the float's 24-bit significand to the format's mantissa, a tie away from zero.
 */
final class Fp8Prelude {
    private Fp8Prelude() {}

    static String of(DialectTable t) {
        String q = t.helperQualifier();
        String b = t.byteType();
        return """
                %1$sint drcn_fp8_field(float magnitude, int mantissaBits, int bias) {
                    int bits = %3$s;
                    int biased = (bits >> 23) & 0xFF;
                    int significand = bits & 0x7FFFFF;
                    if (biased == 0) biased = 1; else significand |= 0x800000;
                    int exponent = biased - 127;
                    if (exponent >= 1 - bias) {
                        int shift = 23 - mantissaBits;
                        return ((exponent + bias - 1) << mantissaBits) + ((significand + (1 << (shift - 1))) >> shift);
                    }
                    int shift = 24 - exponent - bias - mantissaBits;
                    if (shift > 25) return 0;
                    return (significand + (1 << (shift - 1))) >> shift;
                }
                %1$sfloat drcn_fp8_e4m3_to_float(%2$s bits) {
                    int b = bits & 0xFF;
                    int exponent = (b >> 3) & 0xF;
                    int mantissa = b & 0x7;
                    if (exponent == 0xF && mantissa == 0x7) return %4$s;
                    float magnitude = exponent == 0 ? (float) mantissa * 0.001953125f : %5$s((float) (8 + mantissa), exponent - 10);
                    return b >= 0x80 ? -magnitude : magnitude;
                }
                """.formatted(q, b, t.floatBitsFormat().formatted("magnitude"), t.nan(), t.floatMath("ldexp"))
                + encoder(t, "e4m3", "448.0f", "0x7E", 3, 7)
                + """
                %1$sfloat drcn_fp8_e5m2_to_float(%2$s bits) {
                    int b = bits & 0xFF;
                    int exponent = (b >> 2) & 0x1F;
                    int mantissa = b & 0x3;
                    float magnitude;
                    if (exponent == 0x1F) {
                        if (mantissa != 0) return %3$s;
                        magnitude = %4$s;
                    } else {
                        magnitude = exponent == 0 ? (float) mantissa * 0.0000152587890625f : %5$s((float) (4 + mantissa), exponent - 17);
                    }
                    return b >= 0x80 ? -magnitude : magnitude;
                }
                """.formatted(q, b, t.nan(), t.infinity(), t.floatMath("ldexp"))
                + encoder(t, "e5m2", "61440.0f", "0x7C", 2, 15)
                + "\n";
    }

    /**
     * {@code drcn_fp8_<format>_from_float}: NaN to 0x7F; a magnitude of {@code overflow} or more saturates to the largest
     * finite value {@code largest}; anything else is the sign and the rounded field of {@code drcn_fp8_field}.
     */
    private static String encoder(DialectTable t, String format, String overflow, String largest, int mantissaBits, int bias) {
        return """
                %1$s%2$s drcn_fp8_%3$s_from_float(float value) {
                    if (value != value) return (%2$s) 0x7F;
                    int sign = value < 0.0f ? 0x80 : 0;
                    float magnitude = %4$s(value);
                    if (magnitude >= %5$s) return (%2$s) (sign | %6$s);
                    return (%2$s) (sign | drcn_fp8_field(magnitude, %7$d, %8$d));
                }
                """.formatted(t.helperQualifier(), t.byteType(), format, t.floatMath("fabs"), overflow, largest, mantissaBits, bias);
    }
}
