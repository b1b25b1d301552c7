package drcn.compiler.emit;

/**
 * The CUDA C functions of the tensor-core ops ({@link drcn.compiler.ir.MatrixOp}), with the layouts KernelContext
 * documents: a warp is 32 consecutive threads by linear thread id, lane = that id % 32, g = lane / 4, t = lane % 4. The
 * loads read each lane's registers from the local tile with plain shared-memory loads in the PTX ISA's fragment order
 * (an A register of f16 is the pair at row g (+8), columns 2t, 2t + 1 (+8); a B register the halves at k = 2t, 2t + 1
 * (+8), column g; s8 likewise with four bytes), so no ldmatrix address pattern has to match; the multiplies are
 * mma.sync, which needs compute capability 8.0 (FP8: 8.9): on an older device the kernel traps rather than compute
 * something else. OpenCL has no tensor cores: a kernel with these ops does not build there.
 */
public final class MmaPrelude {
    private MmaPrelude() {}

    /** {@code short drcn_half_bits(float)}: the binary16 bits of a float that holds a binary16 value. */
    static String halfBits(DialectTable t) {
        if (t == DialectTable.CUDA) {
            return """
                    __device__ static inline short drcn_half_bits(float x) {
                        return (short) drcn_float_to_half(x);
                    }

                    """;
        }
        return """
                short drcn_half_bits(float x) {
                    ushort bits;
                    vstore_half_rte(x, 0, (half*) &bits);
                    return (short) bits;
                }

                """;
    }

    /**
     * {@code float drcn_tf32_round(float)}: to TF32 as {@code cvt.rna.tf32.f32} rounds (nearest, ties away from zero;
     * infinities and NaN unchanged), on the float's bits as {@code TensorCores.roundTf32} computes, so every backend
     * gets its bits.
     */
    static String tf32Round(DialectTable t) {
        String prefix = t == DialectTable.CUDA ? "__device__ static inline " : "";
        String bits = t.floatBitsFormat().formatted("x");
        String back = t == DialectTable.CUDA ? "__int_as_float" : "as_float";
        return prefix + "float drcn_tf32_round(float x) {\n"
                + "    int bits = " + bits + ";\n"
                + "    if ((bits & 0x7F800000) == 0x7F800000) return x;\n"
                + "    return " + back + "((int) (((unsigned int) bits + 0x1000u) & 0xFFFFE000u));\n"
                + "}\n\n";
    }

    static String of(DialectTable t) {
        if (t != DialectTable.CUDA) throw new IllegalArgumentException("the tensor-core functions exist in CUDA C only");
        return """
                __device__ static inline int drcn_mma_lane() {
                    return (int) ((threadIdx.x + blockDim.x * (threadIdx.y + blockDim.y * threadIdx.z)) & 31u);
                }
                __device__ static inline unsigned int drcn_mma_b32(const void* tile, int byteOffset) {
                    return *(const unsigned int*) ((const char*) tile + byteOffset);
                }
                __device__ static inline unsigned int drcn_mma_b16(const void* tile, int byteOffset) {
                    return *(const unsigned short*) ((const char*) tile + byteOffset);
                }
                __device__ static inline void drcn_mma_fill_f32(float* d, float v) {
                    d[0] = v; d[1] = v; d[2] = v; d[3] = v;
                }
                __device__ static inline void drcn_mma_fill_s32(int* d, int v) {
                    d[0] = v; d[1] = v; d[2] = v; d[3] = v;
                }
                // A, f16: register r = the halves (row g + 8 (r & 1), columns 2t, 2t + 1, + 8 (r >> 1)) of 16 x 16 row-major
                __device__ static inline void drcn_mma_load_a_f16(int* f, const void* tile, int byteOffset) {
                    int lane = drcn_mma_lane(), g = lane >> 2, t = lane & 3;
                    for (int r = 0; r < 4; r++) f[r] = (int) drcn_mma_b32(tile, byteOffset + 2 * (16 * (g + 8 * (r & 1)) + 2 * t + 8 * (r >> 1)));
                }
                // B, f16: register r = the halves (k = 2t + 8r, 2t + 8r + 1; column g) of 16 x 8 row-major by k
                __device__ static inline void drcn_mma_load_b_f16(int* f, const void* tile, int byteOffset) {
                    int lane = drcn_mma_lane(), g = lane >> 2, t = lane & 3;
                    for (int r = 0; r < 2; r++) {
                        int k = 2 * t + 8 * r;
                        f[r] = (int) (drcn_mma_b16(tile, byteOffset + 2 * (8 * k + g)) | drcn_mma_b16(tile, byteOffset + 2 * (8 * (k + 1) + g)) << 16);
                    }
                }
                // B, f16, from the HalfFloat tile swizzleStoreFp16Stride32(tile, k, n, 8, v) wrote: (k, n) at half
                // (byteOffset + (b ^ (((b >> 7) & 7) << 4))) / 2, b = 2 (8k + n); a HalfFloat element is a float in C
                __device__ static inline unsigned int drcn_mma_swizzled_half(const float* tile, int byteOffset, int k, int n) {
                    int b = 2 * (8 * k + n);
                    return drcn_float_to_half(tile[(byteOffset + (b ^ (((b >> 7) & 7) << 4))) / 2]);
                }
                __device__ static inline void drcn_mma_load_b_f16_swizzled(int* f, const float* tile, int byteOffset) {
                    int lane = drcn_mma_lane(), g = lane >> 2, t = lane & 3;
                    for (int r = 0; r < 2; r++) {
                        int k = 2 * t + 8 * r;
                        f[r] = (int) (drcn_mma_swizzled_half(tile, byteOffset, k, g) | drcn_mma_swizzled_half(tile, byteOffset, k + 1, g) << 16);
                    }
                }
                // A, 8-bit: register r = the bytes (row g + 8 (r & 1), columns 4t .. 4t + 3, + 16 (r >> 1)) of 16 x 32 row-major
                __device__ static inline void drcn_mma_load_a_8(int* f, const void* tile, int byteOffset) {
                    int lane = drcn_mma_lane(), g = lane >> 2, t = lane & 3;
                    for (int r = 0; r < 4; r++) f[r] = (int) drcn_mma_b32(tile, byteOffset + 32 * (g + 8 * (r & 1)) + 4 * t + 16 * (r >> 1));
                }
                // B, 8-bit: register r = the bytes (k = 4t + 16r .. + 3, column g); (k, n) at byte 16 (k / 2) + 2n + k % 2
                __device__ static inline void drcn_mma_load_b_8(int* f, const void* tile, int byteOffset) {
                    int lane = drcn_mma_lane(), g = lane >> 2, t = lane & 3;
                    for (int r = 0; r < 2; r++) {
                        int k = 4 * t + 16 * r;
                        f[r] = (int) (drcn_mma_b16(tile, byteOffset + 8 * k + 2 * g) | drcn_mma_b16(tile, byteOffset + 8 * k + 16 + 2 * g) << 16);
                    }
                }
                #define DRCN_MMA_F32(name, shape, ab) \\
                __device__ static inline void name(float* d, const int* a, const int* b, const float* c) { \\
                    float d0, d1, d2, d3; \\
                    asm volatile("mma.sync.aligned." shape ".row.col.f32." ab "." ab ".f32 {%0, %1, %2, %3}, {%4, %5, %6, %7}, {%8, %9}, {%10, %11, %12, %13};" \\
                        : "=f"(d0), "=f"(d1), "=f"(d2), "=f"(d3) \\
                        : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b[0]), "r"(b[1]), "f"(c[0]), "f"(c[1]), "f"(c[2]), "f"(c[3])); \\
                    d[0] = d0; d[1] = d1; d[2] = d2; d[3] = d3; \\
                }
                """ + mmaFunctions() + """
                // TF32, m16n8k8: A element i at (row g + 8 (i & 1), column t + 4 (i >> 1)), B element i at (k t + 4i, column g)
                __device__ static inline void drcn_mma_load_a_tf32(float* f, const float* tile, int offset, int stride) {
                    int lane = drcn_mma_lane(), g = lane >> 2, t = lane & 3;
                    for (int i = 0; i < 4; i++) f[i] = tile[offset + (g + 8 * (i & 1)) * stride + t + 4 * (i >> 1)];
                }
                __device__ static inline void drcn_mma_load_b_tf32(float* f, const float* tile, int offset, int stride) {
                    int lane = drcn_mma_lane(), g = lane >> 2, t = lane & 3;
                    f[0] = tile[offset + t * stride + g];
                    f[1] = tile[offset + (t + 4) * stride + g];
                }
                // the operands rounded here, as the JVM rounds them: what mma.sync does with the low 13 bits does not matter
                __device__ static inline void drcn_mma_tf32(float* d, const float* a, const float* b, const float* c) {
                #if defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 800
                    float d0, d1, d2, d3;
                    asm volatile("mma.sync.aligned.m16n8k8.row.col.f32.tf32.tf32.f32 {%0, %1, %2, %3}, {%4, %5, %6, %7}, {%8, %9}, {%10, %11, %12, %13};"
                        : "=f"(d0), "=f"(d1), "=f"(d2), "=f"(d3)
                        : "r"(__float_as_uint(drcn_tf32_round(a[0]))), "r"(__float_as_uint(drcn_tf32_round(a[1]))),
                          "r"(__float_as_uint(drcn_tf32_round(a[2]))), "r"(__float_as_uint(drcn_tf32_round(a[3]))),
                          "r"(__float_as_uint(drcn_tf32_round(b[0]))), "r"(__float_as_uint(drcn_tf32_round(b[1]))),
                          "f"(c[0]), "f"(c[1]), "f"(c[2]), "f"(c[3]));
                    d[0] = d0; d[1] = d1; d[2] = d2; d[3] = d3;
                #else
                    __trap();
                #endif
                }
                __device__ static inline void drcn_mma_s8(int* d, const int* a, const int* b, const int* c) {
                #if defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 800
                    int d0, d1, d2, d3;
                    asm volatile("mma.sync.aligned.m16n8k32.row.col.s32.s8.s8.s32 {%0, %1, %2, %3}, {%4, %5, %6, %7}, {%8, %9}, {%10, %11, %12, %13};"
                        : "=r"(d0), "=r"(d1), "=r"(d2), "=r"(d3)
                        : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b[0]), "r"(b[1]), "r"(c[0]), "r"(c[1]), "r"(c[2]), "r"(c[3]));
                    d[0] = d0; d[1] = d1; d[2] = d2; d[3] = d3;
                #else
                    __trap();
                #endif
                }
                // element i of a lane's accumulator is at row g + 8 (i >> 1), column 2t + (i & 1)
                __device__ static inline void drcn_mma_store_f32(const float* d, float* c, int tileRow, int tileCol, int dimN) {
                    int lane = drcn_mma_lane(), g = lane >> 2, t = lane & 3;
                    for (int i = 0; i < 4; i++) c[(tileRow + g + 8 * (i >> 1)) * dimN + tileCol + 2 * t + (i & 1)] = d[i];
                }
                __device__ static inline void drcn_mma_store_s32(const int* d, int* c, int tileRow, int tileCol, int dimN) {
                    int lane = drcn_mma_lane(), g = lane >> 2, t = lane & 3;
                    for (int i = 0; i < 4; i++) c[(tileRow + g + 8 * (i >> 1)) * dimN + tileCol + 2 * t + (i & 1)] = d[i];
                }

                """;
    }

    /** The f32-accumulating mma functions, each behind the compute capability its PTX instruction needs. */
    private static String mmaFunctions() {
        return """
                #if defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 800
                DRCN_MMA_F32(drcn_mma_f16, "m16n8k16", "f16")
                DRCN_MMA_F32(drcn_mma_bf16, "m16n8k16", "bf16")
                #else
                __device__ static inline void drcn_mma_f16(float* d, const int* a, const int* b, const float* c) { __trap(); }
                __device__ static inline void drcn_mma_bf16(float* d, const int* a, const int* b, const float* c) { __trap(); }
                #endif
                #if defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 890
                DRCN_MMA_F32(drcn_mma_e4m3, "m16n8k32", "e4m3")
                DRCN_MMA_F32(drcn_mma_e5m2, "m16n8k32", "e5m2")
                #else
                __device__ static inline void drcn_mma_e4m3(float* d, const int* a, const int* b, const float* c) { __trap(); }
                __device__ static inline void drcn_mma_e5m2(float* d, const int* a, const int* b, const float* c) { __trap(); }
                #endif
                """;
    }
}
