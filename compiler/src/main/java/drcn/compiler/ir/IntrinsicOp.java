package drcn.compiler.ir;

/**
 * The {@code java.lang.Math} methods a kernel may call. Max, min and abs keep the Java overload's type
 * (int, long, float, double). The others return double in Java; their float flavour is chosen when the
 * Java call sits under a {@code (float)} cast and its arguments are float or int: the C side then calls
 * the float built-in, never the double one.
 */
public enum IntrinsicOp {
    MAX("fmax", 2), MIN("fmin", 2), ABS("fabs", 1), FMA("fma", 3),
    EXP("exp", 1), SQRT("sqrt", 1), LOG("log", 1), LOG10("log10", 1), CBRT("cbrt", 1),
    SIN("sin", 1), COS("cos", 1), TAN("tan", 1), ASIN("asin", 1), ACOS("acos", 1), ATAN("atan", 1), ATAN2("atan2", 2),
    SINH("sinh", 1), COSH("cosh", 1), TANH("tanh", 1), POW("pow", 2), HYPOT("hypot", 2),
    FLOOR("floor", 1), CEIL("ceil", 1), RINT("rint", 1),
    /**
     * TornadoVM's {@code BFloat16.bf16ToFloat(short)} (the bits as a float's upper half: exact) and
     * {@code bf16FromFloat(float)} (to nearest, ties away from zero; NaN to 0x7FC0), as the dialect's helper functions.
     */
    BF16_TO_FLOAT("drcn_bf16_to_float", 1), BF16_FROM_FLOAT("drcn_bf16_from_float", 1),
    /**
     * TornadoVM's {@code VectorHalf.dot(a, b)} on two global half arrays and the first's length: {@code s = s + a[i] * b[i]}
     * from element 0 up, the product and each sum rounded to half, as the Java class computes.
     */
    HALF_ARRAY_DOT("drcn_half_array_dot", 3),
    /**
     * TornadoVM's {@code FP8} codec: {@code e4m3ToFloat(byte)}, {@code e4m3FromFloat(float)}, {@code e5m2ToFloat(byte)},
     * {@code e5m2FromFloat(float)} (exact decoding; encoding to nearest, ties away from zero), as the functions of
     * {@code emit.Fp8Prelude}.
     */
    FP8_E4M3_TO_FLOAT("drcn_fp8_e4m3_to_float", 1), FP8_E4M3_FROM_FLOAT("drcn_fp8_e4m3_from_float", 1),
    FP8_E5M2_TO_FLOAT("drcn_fp8_e5m2_to_float", 1), FP8_E5M2_FROM_FLOAT("drcn_fp8_e5m2_from_float", 1),
    /**
     * TornadoVM's {@code ByteArray.getHalfFloat(byteIndex)} and {@code setHalfFloat(byteIndex, value)}: the binary16 at
     * bytes {@code byteIndex, byteIndex + 1} (even, as TornadoVM requires), least significant first (the host's order,
     * as the Java class reads it), as the functions of {@code emit.BytesHalfPrelude}.
     */
    BYTES_LOAD_HALF("drcn_bytes_load_half", 2), BYTES_STORE_HALF("drcn_bytes_store_half", 3),
    /**
     * The binary16 bits of a HalfFloat value as a short ({@code HalfFloat.getHalfFloatValue()} where a bitwise operator
     * uses it, as TornadoVM's tensor-core kernels pack tiles: {@code lo & 0xFFFF | hi << 16}).
     */
    HALF_BITS("drcn_half_bits", 1),
    /** Our {@code TensorCores.roundTf32(float)}: to TF32 (10 mantissa bits), nearest with ties away from zero. */
    TF32_ROUND("drcn_tf32_round", 1),
    /**
     * TornadoVM's SIMD-group functions {@code context.simdSum(float)}, {@code simdShuffleDown(float, int)} and
     * {@code simdBroadcastFirst(float)}, as defined in {@code KernelContext.simdWidth}; the functions of
     * {@code emit.SimdPrelude}. Convergent: every work-item of the group calls them.
     */
    SIMD_SUM("drcn_simd_sum", 1), SIMD_SHUFFLE_DOWN("drcn_simd_shuffle_down", 2), SIMD_BROADCAST_FIRST("drcn_simd_broadcast_first", 1);

    /** The C name of the double built-in (the float one: the same in OpenCL, with an f suffix in CUDA). */
    public final String cName;
    public final int arity;

    IntrinsicOp(String cName, int arity) {
        this.cName = cName;
        this.arity = arity;
    }

    /** A {@code java.lang.Math} method (the others are TornadoVM's conversions, C functions of our own). */
    public boolean isMath() {
        return !cName.startsWith("drcn_");
    }

    /** One of the SIMD-group functions. */
    public boolean isSimd() {
        return cName.startsWith("drcn_simd_");
    }

    /** One of the FP8 codec's four. */
    public boolean isFp8() {
        return cName.startsWith("drcn_fp8_");
    }

    /** The op for {@code Math.<javaName>}, or null. */
    public static IntrinsicOp ofJavaName(String javaName) {
        for (IntrinsicOp op : values()) if (op.name().equalsIgnoreCase(javaName) && op.isMath()) return op;
        return null;
    }
}
