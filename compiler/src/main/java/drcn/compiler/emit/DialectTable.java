package drcn.compiler.emit;

import drcn.compiler.ir.ContextValue;
import drcn.compiler.ir.VectorOp;

import java.util.List;

/**
 * Everything that differs between OpenCL C and CUDA C, in one table (tinygrad's habit): the
 * emitter writes one C and asks this table only for the spellings. Anything not here is spelled
 * the same in both dialects (types int/float/bool, operators, control flow, {@code max}/{@code min}
 * on int).
 *
 * @param displayName         the dialect's name, for the header comment
 * @param kernelQualifier     what precedes {@code void name(...)} of the kernel
 * @param helperQualifier     what precedes a helper's return type (CUDA needs {@code __device__})
 * @param globalPointer       the address-space qualifier of a global array parameter
 * @param localPointer        the address-space qualifier of a local (work-group) array parameter of a helper
 * @param localDeclaration    the qualifier of a hoisted local array declaration
 * @param restrictKeyword     the no-alias spelling. Deliberately NOT emitted today: the emitter cannot
 *                            know that launch arguments don't alias (an in-place {@code relu(x, x)}
 *                            would be undefined behaviour); here for when the JIT can tell it.
 * @param barrier             {@code context.localBarrier()}
 * @param globalBarrier       {@code context.globalBarrier()}: the work-group barrier that also orders global memory
 *                            (CUDA's {@code __syncthreads} already does)
 * @param floatMathSuffix     suffix of the float C math functions: OpenCL overloads {@code exp(float)},
 *                            CUDA must say {@code expf} (plain {@code exp} is the double one there)
 * @param intAbsFormat        {@code Math.abs(int)}, which is {@code Integer.MIN_VALUE} for {@code MIN_VALUE}. The
 *                            int {@code abs} of C overflows there (LLVM's abs is poison for MIN_VALUE, so PoCL
 *                            folded {@code abs(x) == min(-199, x)} to false: found by GeneratedKernelsTest, kept
 *                            as the fuzz regression AbsOfMinValue). The 64-bit abs of the widened value never
 *                            overflows; truncating 2^31 back to int gives MIN_VALUE, as Java does.
 * @param floatToIntFormat    Java's {@code (int) f}: round toward zero, saturate, NaN to 0. OpenCL's
 *                            {@code convert_int_sat_rtz} does exactly that (the spec sends NaN to 0
 *                            for saturated conversions); CUDA's {@code __float2int_rz} is PTX
 *                            {@code cvt.rzi.s32.f32}, which clamps to the int range and sends NaN
 *                            to 0. A plain C cast would be undefined out of range.
 * @param infinity            positive float infinity. CUDA: NVRTC has no {@code math.h}, so no
 *                            {@code INFINITY}; {@code __int_as_float} is always there.
 * @param nan                 the canonical quiet NaN (Java's {@code Float.NaN}, bits 0x7fc00000)
 * @param prologue            lines at the top of every program. OpenCL C may contract {@code a * b + c}
 *                            into one fused rounding; Java never does, so contraction is switched off
 *                            (kernels that want the fused op write {@code Math.fma}). CUDA has no such
 *                            pragma: the backend passes {@code --fmad=false} to NVRTC instead.
 * @param vectorType          the C type of a {@code Vector16}
 * @param vectorPrelude       definitions a program that uses {@code Vector16} needs first (CUDA: the struct
 *                            and its lane-by-lane functions; OpenCL has {@code float16} built in)
 * @param vectorSpelling      how each {@link VectorOp} reads, given its arguments' C text (for LOAD and
 *                            STORE the first is the address of the first element)
 * @param numeric             the spellings of Java's other primitive types (byte, short, char, long, double)
 */
record DialectTable(String displayName, String kernelQualifier, String helperQualifier,
                    String globalPointer, String localPointer, String localDeclaration,
                    String restrictKeyword, String barrier, String globalBarrier, String floatMathSuffix,
                    String intAbsFormat, String floatToIntFormat, String infinity, String nan,
                    String prologue, QuerySpelling queries,
                    String vectorType, String vectorPrelude, VectorSpelling vectorSpelling, Numeric numeric) {

    /**
     * Java's byte, short, char, long and double in the dialect.
     *
     * @param byteType          Java's signed 8 bits (OpenCL's {@code char} is signed; CUDA's {@code char} may not be)
     * @param charType          Java's char: unsigned 16 bits
     * @param longType          64-bit signed ({@code long} in OpenCL C, {@code long long} in CUDA C)
     * @param longSuffix        suffix of a 64-bit integer literal
     * @param fp64Prologue      what a program using double needs first (OpenCL 1.2: the cl_khr_fp64 extension)
     * @param toIntFormat       Java's {@code (int) d} for a double, by the same rules as {@code floatToIntFormat}
     * @param floatToLongFormat Java's {@code (long) f}: truncate, saturate, NaN to 0
     * @param doubleToLongFormat Java's {@code (long) d}
     * @param longAbsFormat     {@code Math.abs(long)}, negated as unsigned: no wider type to widen to as for int, and C's
 *                            abs of {@code Long.MIN_VALUE} overflows (Java keeps it)
     * @param doubleInfinity    positive double infinity
     * @param doubleNan         the canonical double NaN (bits 0x7ff8000000000000)
     */
    record Numeric(String byteType, String charType, String longType, String longSuffix, String fp64Prologue,
                   String toIntFormat, String floatToLongFormat, String doubleToLongFormat, String longAbsFormat,
                   String doubleInfinity, String doubleNan) {}

    /** How a {@code KernelContext} field reads in the dialect. Always an int-typed, operand-safe expression. */
    interface QuerySpelling {
        String spell(ContextValue value);
    }

    /** How a {@link VectorOp} reads in the dialect; an operand-safe expression (a call or parenthesized). */
    interface VectorSpelling {
        String spell(VectorOp op, List<String> arguments);
    }

    static final DialectTable OPENCL = new DialectTable(
            "OpenCL C", "__kernel", "", "__global ", "__local ", "__local ", "restrict",
            "barrier(CLK_LOCAL_MEM_FENCE);", "barrier(CLK_LOCAL_MEM_FENCE | CLK_GLOBAL_MEM_FENCE);", "", "(int)abs((long)(%s))", "convert_int_sat_rtz(%s)",
            "INFINITY", "NAN", "#pragma OPENCL FP_CONTRACT OFF\n\n",
            // The built-ins return size_t; Java's fields are int.
            v -> "(int)get_" + v.query + "(" + v.dimension + ")",
            "float16", "", DialectTable::openclVector,
            new Numeric("char", "ushort", "long", "L", "#pragma OPENCL EXTENSION cl_khr_fp64 : enable\n\n",
                    "convert_int_sat_rtz(%s)", "convert_long_sat_rtz(%s)", "convert_long_sat_rtz(%s)",
                    "(long)((%1$s) < 0 ? 0ul - (ulong)(%1$s) : (ulong)(%1$s))",
                    "(double)INFINITY", "(double)NAN"));

    static final DialectTable CUDA = new DialectTable(
            "CUDA C", "extern \"C\" __global__", "__device__ ", "", "", "__shared__ ", "__restrict__",
            "__syncthreads();", "__syncthreads();", "f", "(int)llabs((long long)(%s))", "__float2int_rz(%s)",
            "__int_as_float(0x7f800000)", "__int_as_float(0x7fc00000)", "",
            DialectTable::cudaQuery,
            "drcn_float16", CudaVector.PRELUDE, DialectTable::cudaVector,
            // cvt.rzi with an integer destination saturates and sends NaN to 0, as Java does
            new Numeric("signed char", "unsigned short", "long long", "LL", "",
                    "__double2int_rz(%s)", "__float2ll_rz(%s)", "__double2ll_rz(%s)",
                    "(long long)((%1$s) < 0 ? 0ull - (unsigned long long)(%1$s) : (unsigned long long)(%1$s))",
                    "__longlong_as_double(0x7ff0000000000000LL)", "__longlong_as_double(0x7ff8000000000000LL)"));

    static DialectTable of(Dialect dialect) {
        return switch (dialect) {
            case OPENCL -> OPENCL;
            case CUDA -> CUDA;
        };
    }

    /** The C spelling of a primitive type. */
    String scalarType(drcn.compiler.ir.Type type) {
        return switch (type) {
            case BOOLEAN -> "bool";
            case BYTE -> numeric.byteType();
            case SHORT -> "short";
            case CHAR -> numeric.charType();
            case INT -> "int";
            case LONG -> numeric.longType();
            case FLOAT -> "float";
            case DOUBLE -> "double";
            default -> throw new IllegalArgumentException("no C scalar type for " + type);
        };
    }

    /** A float math function: {@code fmax} -> {@code fmax} (OpenCL) or {@code fmaxf} (CUDA). */
    String floatMath(String base) {
        return base + floatMathSuffix;
    }

    private static String openclVector(VectorOp op, List<String> a) {
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

    private static String cudaVector(VectorOp op, List<String> a) {
        String name = "drcn_" + op.name().toLowerCase(java.util.Locale.ROOT) + "16";
        return switch (op) {
            case ZERO -> name + "()";
            case STORE -> name + "(" + a.get(0) + ", " + a.get(1) + ")";
            default -> name + "(" + String.join(", ", a) + ")";
        };
    }

    private static String cudaQuery(ContextValue v) {
        String axis = switch (v.dimension) {
            case 0 -> "x";
            case 1 -> "y";
            case 2 -> "z";
            default -> throw new IllegalArgumentException("dimension " + v.dimension);
        };
        // CUDA's built-ins are unsigned; cast to Java's int (NDRanges stay below 2^31).
        return switch (v.query) {
            case "global_id" -> "(int)(blockIdx." + axis + " * blockDim." + axis + " + threadIdx." + axis + ")";
            case "local_id" -> "(int)threadIdx." + axis;
            case "group_id" -> "(int)blockIdx." + axis;
            case "local_size" -> "(int)blockDim." + axis;
            case "global_size" -> "(int)(gridDim." + axis + " * blockDim." + axis + ")";
            default -> throw new IllegalArgumentException("no CUDA spelling for " + v.query);
        };
    }
}
