package drcn.compiler.emit;

/**
 * CUDA C has no 16-float vector type: a {@code Vector16} is a struct of 16 floats there, and each
 * {@link drcn.compiler.ir.VectorOp} an inline function over its lanes (fully unrolled, so the struct
 * lives in 16 registers). The names match {@link DialectTable}'s CUDA spellings ({@code drcn_<op>16}).
 */
final class CudaVector {
    private CudaVector() {}

    static final String PRELUDE = """
            struct drcn_float16 { float lane[16]; };
            static __device__ __forceinline__ drcn_float16 drcn_zero16() {
                drcn_float16 r;
            #pragma unroll
                for (int l = 0; l < 16; l++) r.lane[l] = 0.0f;
                return r;
            }
            static __device__ __forceinline__ drcn_float16 drcn_broadcast16(float x) {
                drcn_float16 r;
            #pragma unroll
                for (int l = 0; l < 16; l++) r.lane[l] = x;
                return r;
            }
            static __device__ __forceinline__ drcn_float16 drcn_load16(const float* p) {
                drcn_float16 r;
            #pragma unroll
                for (int l = 0; l < 16; l++) r.lane[l] = p[l];
                return r;
            }
            static __device__ __forceinline__ void drcn_store16(float* p, drcn_float16 v) {
            #pragma unroll
                for (int l = 0; l < 16; l++) p[l] = v.lane[l];
            }
            static __device__ __forceinline__ drcn_float16 drcn_fma16(drcn_float16 a, drcn_float16 b, drcn_float16 c) {
                drcn_float16 r;
            #pragma unroll
                for (int l = 0; l < 16; l++) r.lane[l] = fmaf(a.lane[l], b.lane[l], c.lane[l]);
                return r;
            }
            static __device__ __forceinline__ drcn_float16 drcn_add16(drcn_float16 a, drcn_float16 b) {
                drcn_float16 r;
            #pragma unroll
                for (int l = 0; l < 16; l++) r.lane[l] = __fadd_rn(a.lane[l], b.lane[l]);
                return r;
            }
            static __device__ __forceinline__ drcn_float16 drcn_subtract16(drcn_float16 a, drcn_float16 b) {
                drcn_float16 r;
            #pragma unroll
                for (int l = 0; l < 16; l++) r.lane[l] = __fsub_rn(a.lane[l], b.lane[l]);
                return r;
            }
            static __device__ __forceinline__ drcn_float16 drcn_multiply16(drcn_float16 a, drcn_float16 b) {
                drcn_float16 r;
            #pragma unroll
                for (int l = 0; l < 16; l++) r.lane[l] = __fmul_rn(a.lane[l], b.lane[l]);
                return r;
            }
            static __device__ __forceinline__ drcn_float16 drcn_max16(drcn_float16 a, drcn_float16 b) {
                drcn_float16 r;
            #pragma unroll
                for (int l = 0; l < 16; l++) r.lane[l] = fmaxf(a.lane[l], b.lane[l]);
                return r;
            }
            static __device__ __forceinline__ drcn_float16 drcn_min16(drcn_float16 a, drcn_float16 b) {
                drcn_float16 r;
            #pragma unroll
                for (int l = 0; l < 16; l++) r.lane[l] = fminf(a.lane[l], b.lane[l]);
                return r;
            }

            """;
}
