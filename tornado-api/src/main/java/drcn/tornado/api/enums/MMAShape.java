package drcn.tornado.api.enums;

/**
 * TornadoVM's tensor-core matrix shapes (PTX's {@code mma.sync} names), so that programs which name them compile;
 * the matrix-multiply-accumulate functions that take them are not part of this kernel language.
 */
public enum MMAShape {
    M16N8K16("m16n8k16"),
    M16N8K32("m16n8k32");

    private final String ptxName;

    MMAShape(String ptxName) {
        this.ptxName = ptxName;
    }

    public String getPtxName() {
        return ptxName;
    }
}
