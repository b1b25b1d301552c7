package drcn.compiler.emit;

import drcn.compiler.ir.ContextValue;
import drcn.compiler.ir.VectorOp;

import java.util.List;
import java.util.Locale;

/** CUDA C's (NVRTC's) spellings of {@link DialectTable}'s entries (documented there). */
final class CudaTable implements DialectTable {
    public String displayName() { return "CUDA C"; }
    public String kernelQualifier() { return "extern \"C\" __global__"; }
    public String helperQualifier() { return "__device__ "; }
    public String globalPointer() { return ""; }
    public String localPointer() { return ""; }
    public String localDeclaration() { return "__shared__ "; }
    public String barrier() { return "__syncthreads();"; }
    public String globalBarrier() { return "__syncthreads();"; }
    public String globalFence() { return "__threadfence();"; }
    public String groupTicketFormat() { return "atomicAdd(%s, 1)"; }
    public String floatMathSuffix() { return "f"; }
    public String intAbsFormat() { return "(int)llabs((long long)(%s))"; }
    public String floatToIntFormat() { return "__float2int_rz(%s)"; }
    public String infinity() { return "__int_as_float(0x7f800000)"; }
    public String nan() { return "__int_as_float(0x7fc00000)"; }
    public String prologue() { return ""; }

    /** CUDA's built-ins are unsigned; cast to Java's int (NDRanges stay below 2^31). */
    public String query(ContextValue v) {
        String axis = switch (v.dimension) {
            case 0 -> "x";
            case 1 -> "y";
            case 2 -> "z";
            default -> throw new IllegalArgumentException("dimension " + v.dimension);
        };
        return switch (v.query) {
            case "global_id" -> "(int)(blockIdx." + axis + " * blockDim." + axis + " + threadIdx." + axis + ")";
            case "local_id" -> "(int)threadIdx." + axis;
            case "group_id" -> "(int)blockIdx." + axis;
            case "local_size" -> "(int)blockDim." + axis;
            case "global_size" -> "(int)(gridDim." + axis + " * blockDim." + axis + ")";
            default -> throw new IllegalArgumentException("no CUDA spelling for " + v.query);
        };
    }

    public String vectorType() { return "drcn_vector16"; }
    public String vectorPrelude() { return CudaVector.PRELUDE; }

    public String vector(VectorOp op, List<String> a) {
        String name = "drcn_" + op.name().toLowerCase(Locale.ROOT) + "16";
        return switch (op) {
            case ZERO -> name + "()";
            case STORE -> name + "(" + a.get(0) + ", " + a.get(1) + ")";
            default -> name + "(" + String.join(", ", a) + ")";
        };
    }

    public String byteType() { return "signed char"; }
    public String charType() { return "unsigned short"; }
    public String longType() { return "long long"; }
    public String longSuffix() { return "LL"; }
    public String fp64Prologue() { return ""; }
    // cvt.rzi with an integer destination saturates and sends NaN to 0, as Java does
    public String doubleToIntFormat() { return "__double2int_rz(%s)"; }
    public String floatToLongFormat() { return "__float2ll_rz(%s)"; }
    public String doubleToLongFormat() { return "__double2ll_rz(%s)"; }
    public String longAbsFormat() { return "(long long)((%1$s) < 0 ? 0ull - (unsigned long long)(%1$s) : (unsigned long long)(%1$s))"; }
    public String doubleInfinity() { return "__longlong_as_double(0x7ff0000000000000LL)"; }
    public String doubleNan() { return "__longlong_as_double(0x7ff8000000000000LL)"; }

    // The binary16 bits as unsigned short, converted by PTX's cvt (what cuda_fp16.h's __half2float and __float2half_rn
    // compile to): NVRTC finds cuda_fp16.h only with the toolkit's include folder, which a user's machine may lack.
    public String halfStorage() { return "unsigned short"; }
    public String halfLoadFormat() { return "drcn_half_to_float(%1$s[%2$s])"; }
    public String halfStoreFormat() { return "%1$s[%2$s] = drcn_float_to_half(%3$s)"; }
    public String floatBitsFormat() { return "__float_as_int(%s)"; }
    public String bf16Prelude() {
        return """
                __device__ static inline float drcn_bf16_to_float(short bits) {
                    return __uint_as_float((unsigned int)(unsigned short) bits << 16);
                }
                __device__ static inline short drcn_bf16_from_float(float value) {
                    if (value != value) return (short) 0x7FC0;
                    unsigned int sign = value < 0.0f ? 0x8000u : 0u;
                    return (short)(sign | (__float_as_uint(fabsf(value)) + 0x8000u) >> 16);
                }

                """;
    }

    public String halfPrelude() {
        return """
                __device__ static inline float drcn_half_to_float(unsigned short h) {
                    float f;
                    asm("cvt.f32.f16 %0, %1;" : "=f"(f) : "h"(h));
                    return f;
                }
                __device__ static inline unsigned short drcn_float_to_half(float f) {
                    unsigned short h;
                    asm("cvt.rn.f16.f32 %0, %1;" : "=h"(h) : "f"(f));
                    return h;
                }
                __device__ static inline float drcn_round_half(float x) {
                    return drcn_half_to_float(drcn_float_to_half(x));
                }

                """;
    }
}
