package drcn.compiler.emit;

import drcn.compiler.ir.ContextValue;
import drcn.compiler.ir.VectorOp;

import java.util.List;

/** OpenCL C 1.2's spellings of {@link DialectTable}'s entries (documented there). */
final class OpenClTable implements DialectTable {
    public String displayName() { return "OpenCL C"; }
    public String kernelQualifier() { return "__kernel"; }
    public String helperQualifier() { return ""; }
    public String globalPointer() { return "__global "; }
    public String localPointer() { return "__local "; }
    public String localDeclaration() { return "__local "; }
    public String barrier() { return "barrier(CLK_LOCAL_MEM_FENCE);"; }
    public String globalBarrier() { return "barrier(CLK_LOCAL_MEM_FENCE | CLK_GLOBAL_MEM_FENCE);"; }
    public String globalFence() { return "mem_fence(CLK_GLOBAL_MEM_FENCE);"; }
    public String groupTicketFormat() { return "atomic_inc(%s)"; }
    public String floatMathSuffix() { return ""; }
    public String intAbsFormat() { return "(int)abs((long)(%s))"; }
    public String floatToIntFormat() { return "convert_int_sat_rtz(%s)"; }
    public String infinity() { return "INFINITY"; }
    public String nan() { return "NAN"; }
    public String prologue() { return "#pragma OPENCL FP_CONTRACT OFF\n\n"; }

    /** The built-ins return size_t; Java's fields are int. */
    public String query(ContextValue v) {
        return "(int)get_" + v.query + "(" + v.dimension + ")";
    }

    public String vectorType() { return "float16"; }
    public String vectorPrelude() { return ""; }

    public String vector(VectorOp op, List<String> a) {
        return switch (op) {
            case ZERO -> "(float16)(0.0f)";
            case BROADCAST -> "(float16)(" + a.get(0) + ")";
            case LOAD -> "vload16(0, " + a.get(0) + ")";
            case STORE -> "vstore16(" + a.get(1) + ", 0, " + a.get(0) + ")";
            case FMA -> "fma(" + a.get(0) + ", " + a.get(1) + ", " + a.get(2) + ")";
            case ADD -> "(" + a.get(0) + " + " + a.get(1) + ")";
            case SUBTRACT -> "(" + a.get(0) + " - " + a.get(1) + ")";
            case MULTIPLY -> "(" + a.get(0) + " * " + a.get(1) + ")";
            case MAX -> "fmax(" + a.get(0) + ", " + a.get(1) + ")";
            case MIN -> "fmin(" + a.get(0) + ", " + a.get(1) + ")";
        };
    }

    public String byteType() { return "char"; }
    public String charType() { return "ushort"; }
    public String longType() { return "long"; }
    public String longSuffix() { return "L"; }
    public String fp64Prologue() { return "#pragma OPENCL EXTENSION cl_khr_fp64 : enable\n\n"; }
    public String doubleToIntFormat() { return "convert_int_sat_rtz(%s)"; }
    public String floatToLongFormat() { return "convert_long_sat_rtz(%s)"; }
    public String doubleToLongFormat() { return "convert_long_sat_rtz(%s)"; }
    public String longAbsFormat() { return "(long)((%1$s) < 0 ? 0ul - (ulong)(%1$s) : (ulong)(%1$s))"; }
    public String doubleInfinity() { return "(double)INFINITY"; }
    public String doubleNan() { return "(double)NAN"; }

    // vload_half/vstore_half are core OpenCL C (no cl_khr_fp16 needed): half is only a pointer target here, and all
    // arithmetic on HalfFloat values is float arithmetic rounded to half after each operation, as the Java class does
    // (a device computing in half would round once, not twice, and could differ from the JVM backend in the last bit).
    public String halfStorage() { return "half"; }
    public String halfLoadFormat() { return "vload_half(%2$s, %1$s)"; }
    public String halfStoreFormat() { return "vstore_half_rte(%3$s, %2$s, %1$s)"; }
    public String floatBitsFormat() { return "as_int(%s)"; }
    public String bf16Prelude() {
        return """
                float drcn_bf16_to_float(short bits) {
                    return as_float((uint)(ushort) bits << 16);
                }
                short drcn_bf16_from_float(float value) {
                    if (value != value) return (short) 0x7FC0;
                    uint sign = value < 0.0f ? 0x8000u : 0u;
                    return (short)(sign | (as_uint(fabs(value)) + 0x8000u) >> 16);
                }

                """;
    }

    public String halfPrelude() {
        return """
                float drcn_round_half(float x) {
                    ushort bits;
                    vstore_half_rte(x, 0, (half*) &bits);
                    return vload_half(0, (half*) &bits);
                }

                """;
    }
}
