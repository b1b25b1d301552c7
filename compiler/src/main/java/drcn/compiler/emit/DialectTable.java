package drcn.compiler.emit;

import drcn.compiler.ir.ContextValue;
import drcn.compiler.ir.Type;
import drcn.compiler.ir.VectorOp;

import java.util.List;

/**
 * Everything that differs between OpenCL C and CUDA C, in one table (tinygrad's habit): the
 * emitter writes one C and asks this table only for the spellings; {@link OpenClTable} and
 * {@link CudaTable} give them, one named method per entry. Anything not here is spelled the same
 * in both dialects (types int/float/bool, operators, control flow, {@code max}/{@code min} on int).
 *
 * <p>No entry spells {@code restrict}: the emitter cannot know that launch arguments don't alias
 * (an in-place {@code relu(x, x)} would be undefined behaviour under it).
 */
sealed interface DialectTable permits OpenClTable, CudaTable {

    DialectTable OPENCL = new OpenClTable();
    DialectTable CUDA = new CudaTable();

    static DialectTable of(Dialect dialect) {
        return switch (dialect) {
            case OPENCL -> OPENCL;
            case CUDA -> CUDA;
        };
    }

    /** The dialect's name, for the header comment. */
    String displayName();

    /** What precedes {@code void name(...)} of the kernel. */
    String kernelQualifier();

    /** What precedes a helper's return type (CUDA needs {@code __device__}). */
    String helperQualifier();

    /** The address-space qualifier of a global array parameter. */
    String globalPointer();

    /** The address-space qualifier of a local (work-group) array parameter of a helper. */
    String localPointer();

    /** The qualifier of a hoisted local array declaration. */
    String localDeclaration();

    /** {@code context.localBarrier()}. */
    String barrier();

    /**
     * {@code context.globalBarrier()}: the work-group barrier that also orders global memory
     * (CUDA's {@code __syncthreads} already does).
     */
    String globalBarrier();

    /**
     * A fence on the work-item's global memory accesses: those before it are seen device-wide before those after it
     * (OpenCL {@code mem_fence(CLK_GLOBAL_MEM_FENCE)}, CUDA {@code __threadfence()}).
     */
    String globalFence();
    /** The old value of the global int {@code *%s}, incremented in one atomic step. */
    String groupTicketFormat();
    /**
     * Suffix of the float C math functions: OpenCL overloads {@code exp(float)}, CUDA must say
     * {@code expf} (plain {@code exp} is the double one there).
     */
    String floatMathSuffix();

    /**
     * {@code Math.abs(int)}, which is {@code Integer.MIN_VALUE} for {@code MIN_VALUE}. The int {@code abs}
     * of C overflows there (LLVM's abs is poison for MIN_VALUE, so PoCL folded {@code abs(x) == min(-199, x)}
     * to false: found by GeneratedKernelsTest, kept as the fuzz regression AbsOfMinValue). The 64-bit abs of
     * the widened value never overflows; truncating 2^31 back to int gives MIN_VALUE, as Java does.
     */
    String intAbsFormat();

    /**
     * Java's {@code (int) f}: round toward zero, saturate, NaN to 0. OpenCL's {@code convert_int_sat_rtz}
     * does exactly that (the spec sends NaN to 0 for saturated conversions); CUDA's {@code __float2int_rz}
     * is PTX {@code cvt.rzi.s32.f32}, which clamps to the int range and sends NaN to 0. A plain C cast
     * would be undefined out of range.
     */
    String floatToIntFormat();

    /**
     * Positive float infinity. CUDA: NVRTC has no {@code math.h}, so no {@code INFINITY};
     * {@code __int_as_float} is always there.
     */
    String infinity();

    /** The canonical quiet NaN (Java's {@code Float.NaN}, bits 0x7fc00000). */
    String nan();

    /**
     * Lines at the top of every program. OpenCL C may contract {@code a * b + c} into one fused
     * rounding; Java never does, so contraction is switched off (kernels that want the fused op write
     * {@code Math.fma}). CUDA has no such pragma: the backend passes {@code --fmad=false} to NVRTC instead.
     */
    String prologue();

    /** How a {@code KernelContext} field reads: an int-typed, operand-safe expression. */
    String query(ContextValue value);

    /** The C type of a {@code Vector16}. */
    String vectorType();

    /**
     * Definitions a program that uses {@code Vector16} needs first (CUDA: the struct and its
     * lane-by-lane functions; OpenCL has {@code float16} built in).
     */
    String vectorPrelude();

    /**
     * How a {@link VectorOp} reads, given its arguments' C text (for LOAD and STORE the first is the
     * address of the first element): an operand-safe expression (a call or parenthesized).
     */
    String vector(VectorOp op, List<String> arguments);

    /** Java's byte: signed 8 bits (OpenCL's {@code char} is signed; CUDA's {@code char} may not be). */
    String byteType();

    /** Java's char: unsigned 16 bits. */
    String charType();

    /** 64-bit signed ({@code long} in OpenCL C, {@code long long} in CUDA C). */
    String longType();

    /** Suffix of a 64-bit integer literal. */
    String longSuffix();

    /** What a program using double needs first (OpenCL 1.2: the cl_khr_fp64 extension). */
    String fp64Prologue();

    /** Java's {@code (int) d} for a double, by the same rules as {@link #floatToIntFormat}. */
    String doubleToIntFormat();

    /** Java's {@code (long) f}: truncate, saturate, NaN to 0. */
    String floatToLongFormat();

    /** Java's {@code (long) d}. */
    String doubleToLongFormat();

    /**
     * {@code Math.abs(long)}, negated as unsigned: there is no wider type to widen to as for int, and
     * C's abs of {@code Long.MIN_VALUE} overflows (Java keeps it).
     */
    String longAbsFormat();

    /** Positive double infinity. */
    String doubleInfinity();

    /** The canonical double NaN (bits 0x7ff8000000000000). */
    String doubleNan();

    /** The element type of a global {@code HalfFloatArray}: two bytes per element, the binary16 bits. */
    String halfStorage();

    /** Element {@code %2$s} of the global half array {@code %1$s}, as the float it represents (exact). */
    String halfLoadFormat();

    /** The expression (void) that stores float {@code %3$s}, rounded to binary16 (to nearest even), at {@code %1$s[%2$s]}. */
    String halfStoreFormat();

    /**
     * Functions a program with HalfFloat values needs first: {@code float drcn_round_half(float)} (the nearest
     * binary16 value, ties to even, as {@code Float.floatToFloat16}; kept as a float) and what the half loads and
     * stores call.
     */
    String halfPrelude();

    /** The functions of {@link drcn.compiler.ir.IntrinsicOp#BF16_TO_FLOAT} and {@code BF16_FROM_FLOAT}. */
    String bf16Prelude();

    /** The int of a float's bits, {@code %s} the float ({@code Float.floatToRawIntBits}). */
    String floatBitsFormat();

    /** The C spelling of a primitive type (a HalfFloat value is a float holding a binary16 value, see Type.HALF). */
    default String scalarType(Type type) {
        return switch (type) {
            case BOOLEAN -> "bool";
            case BYTE -> byteType();
            case SHORT -> "short";
            case CHAR -> charType();
            case INT -> "int";
            case LONG -> longType();
            case FLOAT, HALF -> "float";
            case DOUBLE -> "double";
            default -> throw new IllegalArgumentException("no C scalar type for " + type);
        };
    }

    /** A float math function: {@code fmax} -> {@code fmax} (OpenCL) or {@code fmaxf} (CUDA). */
    default String floatMath(String base) {
        return base + floatMathSuffix();
    }
}
