package drcn.compiler.ir;

/**
 * TornadoVM's tensor-core calls of KernelContext ({@code mmaFragment}, {@code mmaLoadA}, {@code mma}, {@code mmaStore}
 * and their bf16, s8 and FP8 variants), each a {@link Stmt.Matrix}: the fragment layouts, tile layouts and arithmetic
 * are those KernelContext documents (the PTX ISA's mma.sync m16n8k16 and m16n8k32 fragments). A fragment is a private
 * array: the accumulators' four f32 or s32 elements, an A fragment's four and a B fragment's two 32-bit registers (the
 * halves or bytes packed, first least significant). CUDA C runs them as {@code emit.MmaPrelude}'s functions; OpenCL has
 * no tensor cores, so a kernel that holds one does not build there.
 */
public enum MatrixOp {
    /** {@code mmaFragment(v)}: target[0..3] = v. Arguments: v. */
    FRAGMENT_F32("drcn_mma_fill_f32", Type.FLOAT, 4, false),
    /** {@code mmaFragmentInt(v)}. */
    FRAGMENT_S32("drcn_mma_fill_s32", Type.INT, 4, false),
    /** {@code mmaLoadA(tile, k[, byteOffset])}. Arguments: tile, byteOffset. */
    LOAD_A_F16("drcn_mma_load_a_f16", Type.INT, 4, false),
    /** {@code mmaLoadB(tile, k[, byteOffset])}. */
    LOAD_B_F16("drcn_mma_load_b_f16", Type.INT, 2, false),
    /** {@code mmaLoadBSwizzled(halfTile, k[, byteOffset])}. */
    LOAD_B_F16_SWIZZLED("drcn_mma_load_b_f16_swizzled", Type.INT, 2, false),
    /** {@code mmaLoadAInt8}, {@code mmaLoadAFP8}. Arguments: tile, byteOffset (0). */
    LOAD_A_8("drcn_mma_load_a_8", Type.INT, 4, false),
    /** {@code mmaLoadBInt8}, {@code mmaLoadBFP8}. */
    LOAD_B_8("drcn_mma_load_b_8", Type.INT, 2, false),
    /** {@code mma(a, b, c, M16N8K16)}: target = a b + c. Arguments: a, b, c. */
    MMA_F16("drcn_mma_f16", Type.FLOAT, 4, true),
    MMA_BF16("drcn_mma_bf16", Type.FLOAT, 4, true),
    MMA_S8("drcn_mma_s8", Type.INT, 4, true),
    MMA_E4M3("drcn_mma_e4m3", Type.FLOAT, 4, true),
    MMA_E5M2("drcn_mma_e5m2", Type.FLOAT, 4, true),
    /** {@code mmaStore(d, c, tileRow, tileCol, dimN)}: no target. Arguments: d, c, tileRow, tileCol, dimN. */
    STORE_F32("drcn_mma_store_f32", Type.VOID, 0, false),
    STORE_S32("drcn_mma_store_s32", Type.VOID, 0, false);

    /** The C function ({@code emit.MmaPrelude}). */
    public final String cName;
    /** The element type and size of the fragment it writes (VOID and 0 for the stores). */
    public final Type element;
    public final int size;
    /** Whether the warp's lanes compute it together (mma.sync): it is convergent, like a barrier. */
    public final boolean collective;

    MatrixOp(String cName, Type element, int size, boolean collective) {
        this.cName = cName;
        this.element = element;
        this.size = size;
        this.collective = collective;
    }

    /** The KernelContext method's name (of the first, where several share the op). */
    public String javaName() {
        return switch (this) {
            case FRAGMENT_F32 -> "mmaFragment";
            case FRAGMENT_S32 -> "mmaFragmentInt";
            case LOAD_A_F16 -> "mmaLoadA";
            case LOAD_B_F16 -> "mmaLoadB";
            case LOAD_B_F16_SWIZZLED -> "mmaLoadBSwizzled";
            case LOAD_A_8 -> "mmaLoadAInt8";
            case LOAD_B_8 -> "mmaLoadBInt8";
            case MMA_F16 -> "mma";
            case MMA_BF16 -> "mmaBF16";
            case MMA_S8 -> "mmaInt8";
            case MMA_E4M3 -> "mmaFP8E4M3";
            case MMA_E5M2 -> "mmaFP8E5M2";
            case STORE_F32 -> "mmaStore";
            case STORE_S32 -> "mmaStoreInt";
        };
    }

    /** The KernelContext method's op, or null. {@code mmaFragment} and the loads' names map as TornadoVM names them. */
    public static MatrixOp ofMethod(String name) {
        return switch (name) {
            case "mmaFragment" -> FRAGMENT_F32;
            case "mmaFragmentInt" -> FRAGMENT_S32;
            case "mmaLoadA" -> LOAD_A_F16;
            case "mmaLoadB" -> LOAD_B_F16;
            case "mmaLoadBSwizzled" -> LOAD_B_F16_SWIZZLED;
            case "mmaLoadAInt8", "mmaLoadAFP8" -> LOAD_A_8;
            case "mmaLoadBInt8", "mmaLoadBFP8" -> LOAD_B_8;
            case "mma" -> MMA_F16;
            case "mmaBF16" -> MMA_BF16;
            case "mmaInt8" -> MMA_S8;
            case "mmaFP8E4M3" -> MMA_E4M3;
            case "mmaFP8E5M2" -> MMA_E5M2;
            case "mmaStore" -> STORE_F32;
            case "mmaStoreInt" -> STORE_S32;
            default -> null;
        };
    }
}
