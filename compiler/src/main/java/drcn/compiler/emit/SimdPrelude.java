package drcn.compiler.emit;

/**
 * The C functions of the SIMD-group intrinsics ({@link drcn.compiler.ir.IntrinsicOp#SIMD_SUM}, {@code SIMD_SHUFFLE_DOWN},
 * {@code SIMD_BROADCAST_FIRST}) with the semantics that {@code KernelContext.simdWidth} defines: {@code W = min(32,
 * work-group size)} lanes by local linear id; shuffle-down reads lane {@code lane + d} or keeps its own value; the sum
 * is the butterfly {@code v += partner(lane ^ o)} for {@code o = 16, 8, 4, 2, 1} below {@code W}.
 *
 * <p>CUDA: warp shuffles with width {@code W} over the mask of the warp's active lanes (all 32, or the {@code W} of a
 * block smaller than a warp). OpenCL C has no portable sub-group shuffle in 1.2, so each work-item writes its value
 * into a {@code __local} scratch slot at its local linear id, the group meets at a barrier, reads its partner's slot, and
 * meets again before the slot is reused. The scratch ({@link #SCRATCH}) is declared at the kernel's top and passed
 * to the helpers that need it, as helpers' local arrays are; it holds {@link #OPENCL_SCRATCH} work-items, which the
 * OpenCL launch enforces.
 */
public final class SimdPrelude {
    /** Work-items the OpenCL scratch holds: the largest work-group a kernel with SIMD-group functions may run in. */
    public static final int OPENCL_SCRATCH = 1024;
    /** The C name of the OpenCL scratch (a kernel-top {@code __local float} array; a trailing pointer in helpers). */
    static final String SCRATCH = "drcn_simd_scratch";

    private SimdPrelude() {}

    static String of(DialectTable t) {
        if (t == DialectTable.CUDA) {
            return """
                    __device__ int drcn_simd_width() {
                        int n = blockDim.x * blockDim.y * blockDim.z;
                        return n < 32 ? n : 32;
                    }
                    __device__ unsigned int drcn_simd_mask(int w) {
                        return w == 32 ? 0xffffffffu : (1u << w) - 1u;
                    }
                    __device__ float drcn_simd_shuffle_down(float v, int d) {
                        int w = drcn_simd_width();
                        return __shfl_down_sync(drcn_simd_mask(w), v, (unsigned int) d, w);
                    }
                    __device__ float drcn_simd_broadcast_first(float v) {
                        int w = drcn_simd_width();
                        return __shfl_sync(drcn_simd_mask(w), v, 0, w);
                    }
                    __device__ float drcn_simd_sum(float v) {
                        int w = drcn_simd_width();
                        unsigned int mask = drcn_simd_mask(w);
                        for (int o = 16; o > 0; o >>= 1) {
                            if (o < w) v = v + __shfl_xor_sync(mask, v, o, w);
                        }
                        return v;
                    }
                    """;
        }
        return """
                int drcn_simd_id() {
                    return (int) (get_local_id(0) + get_local_size(0) * (get_local_id(1) + get_local_size(1) * get_local_id(2)));
                }
                int drcn_simd_width() {
                    int n = (int) (get_local_size(0) * get_local_size(1) * get_local_size(2));
                    return n < 32 ? n : 32;
                }
                float drcn_simd_exchange(float v, int from, __local float* s) {
                    s[drcn_simd_id()] = v;
                    barrier(CLK_LOCAL_MEM_FENCE);
                    float r = s[from];
                    barrier(CLK_LOCAL_MEM_FENCE);
                    return r;
                }
                float drcn_simd_shuffle_down(float v, int d, __local float* s) {
                    int id = drcn_simd_id();
                    int inside = id % drcn_simd_width() + d < drcn_simd_width();
                    float r = drcn_simd_exchange(v, inside ? id + d : id, s);
                    return inside ? r : v;
                }
                float drcn_simd_broadcast_first(float v, __local float* s) {
                    int id = drcn_simd_id();
                    return drcn_simd_exchange(v, id - id % drcn_simd_width(), s);
                }
                float drcn_simd_sum(float v, __local float* s) {
                    int w = drcn_simd_width();
                    for (int o = 16; o > 0; o >>= 1) {
                        if (o < w) v = v + drcn_simd_exchange(v, drcn_simd_id() ^ o, s);
                    }
                    return v;
                }
                """;
    }
}
