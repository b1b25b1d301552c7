package drcn.compiler.emit;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CUDA C has no 16-float vector type: a {@code Vector16} is a struct of 16 floats there, and each
 * {@link drcn.compiler.ir.VectorOp} an inline function over its lanes (fully unrolled, so the struct
 * lives in 16 registers). The names match {@link DialectTable}'s CUDA spellings ({@code drcn_<op>16}).
 */
final class CudaVector {
    private CudaVector() {}

    /** Lane-by-lane functions: name to the expression of one lane ({@code a}, {@code b}, {@code c}: the operands' lanes). */
    private static final Map<String, String> LANEWISE = new LinkedHashMap<>();

    static {
        // __f*_rn: IEEE round-to-nearest without contraction into an FMA (as Java computes them)
        LANEWISE.put("fma(drcn_vector16 a, drcn_vector16 b, drcn_vector16 c)", "fmaf(a.lane[l], b.lane[l], c.lane[l])");
        LANEWISE.put("add(drcn_vector16 a, drcn_vector16 b)", "__fadd_rn(a.lane[l], b.lane[l])");
        LANEWISE.put("subtract(drcn_vector16 a, drcn_vector16 b)", "__fsub_rn(a.lane[l], b.lane[l])");
        LANEWISE.put("multiply(drcn_vector16 a, drcn_vector16 b)", "__fmul_rn(a.lane[l], b.lane[l])");
        LANEWISE.put("max(drcn_vector16 a, drcn_vector16 b)", "fmaxf(a.lane[l], b.lane[l])");
        LANEWISE.put("min(drcn_vector16 a, drcn_vector16 b)", "fminf(a.lane[l], b.lane[l])");
        LANEWISE.put("zero()", "0.0f");
        LANEWISE.put("broadcast(float x)", "x");
        LANEWISE.put("load(const float* p)", "p[l]");
    }

    static final String PRELUDE = prelude();

    private static String prelude() {
        StringBuilder c = new StringBuilder("struct drcn_vector16 { float lane[16]; };\n");
        for (var f : LANEWISE.entrySet()) {
            int paren = f.getKey().indexOf('(');
            c.append("static __device__ __forceinline__ drcn_vector16 drcn_").append(f.getKey(), 0, paren).append("16")
                    .append(f.getKey().substring(paren)).append(" {\n")
                    .append("    drcn_vector16 r;\n#pragma unroll\n")
                    .append("    for (int l = 0; l < 16; l++) r.lane[l] = ").append(f.getValue()).append(";\n")
                    .append("    return r;\n}\n");
        }
        c.append("static __device__ __forceinline__ void drcn_store16(float* p, drcn_vector16 v) {\n#pragma unroll\n")
                .append("    for (int l = 0; l < 16; l++) p[l] = v.lane[l];\n}\n\n");
        return c.toString();
    }
}
