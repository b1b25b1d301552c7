package drcn.compiler.ir;

/**
 * TornadoVM's tensor-core calls of KernelContext ({@code mmaFragment}, {@code mmaLoadA}, {@code mma}, {@code mmaStore}
 * and their bf16, s8 and FP8 variants; our {@code drcn.kernels.api.TensorCores}' TF32 ones), each a {@link Stmt.Matrix}: the fragment layouts, tile layouts and arithmetic
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
    /** Our {@code TensorCores.loadATf32(context, tile, offset, stride)}: four floats. Arguments: tile, offset, stride. */
    LOAD_A_TF32("drcn_mma_load_a_tf32", Type.FLOAT, 4, false),
    /** {@code TensorCores.loadBTf32(context, tile, offset, stride)}: two floats. */
    LOAD_B_TF32("drcn_mma_load_b_tf32", Type.FLOAT, 2, false),
    /** {@code TensorCores.mmaTf32(context, a, b, c)}: target = tf32(a) tf32(b) + c, m16n8k8. Arguments: a, b, c. */
    MMA_TF32("drcn_mma_tf32", Type.FLOAT, 4, true),
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
            case LOAD_A_TF32 -> "loadATf32";
            case LOAD_B_TF32 -> "loadBTf32";
            case MMA_TF32 -> "mmaTf32";
        };
    }

    /** Whether it is a call of our {@code drcn.kernels.api.TensorCores} (a static method taking the context first). */
    public boolean ours() {
        return this == LOAD_A_TF32 || this == LOAD_B_TF32 || this == MMA_TF32;
    }

    /** The call as a user writes it: {@code KernelContext.mma}, {@code TensorCores.mmaTf32}. */
    public String callName() {
        return (ours() ? "TensorCores." : "KernelContext.") + javaName();
    }

    /** The CUDA compute capability (major * 10 + minor) that its mma.sync needs; 0 for the loads, stores and fills. */
    public int computeCapability() {
        return !collective ? 0 : this == MMA_E4M3 || this == MMA_E5M2 ? 89 : 80;
    }

    /**
     * The op a kernel or its helpers call that a device must have: the one needing the highest compute capability (the
     * first such in the kernel, then the helpers), else the first op; null when they call none.
     */
    public static MatrixOp mostDemanding(Function kernel, java.util.List<Function> helpers) {
        var all = new java.util.ArrayList<Function>();
        all.add(kernel);
        all.addAll(helpers);
        MatrixOp[] found = {null};
        for (Function f : all) {
            IrWalk.forEachStmt(f.body(), s -> {
                if (s instanceof Stmt.Matrix m && (found[0] == null || m.op().computeCapability() > found[0].computeCapability())) found[0] = m.op();
            });
        }
        return found[0];
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
            case "loadATf32" -> LOAD_A_TF32;
            case "loadBTf32" -> LOAD_B_TF32;
            case "mmaTf32" -> MMA_TF32;
            default -> null;
        };
    }
}
