package drcn.compiler.emit;

/**
 * The C functions of {@link drcn.compiler.ir.IntrinsicOp#BYTES_LOAD_HALF} and {@code BYTES_STORE_HALF}: a binary16
 * kept in two bytes of a global byte array, least significant first, read and written byte by byte: the array's
 * pointer may be a sub-buffer's or a prebuilt task's, whose 2-byte alignment C could not assume. The bits convert through the dialect's half prelude (emitted before this one):
 * OpenCL's {@code vload_half}/{@code vstore_half_rte} on a private {@code ushort}, CUDA's bit conversions.
 */
final class BytesHalfPrelude {
    private BytesHalfPrelude() {}

    static String of(DialectTable t) {
        boolean cuda = t == DialectTable.CUDA;
        String toFloat = cuda ? "drcn_half_to_float(bits)" : "vload_half(0, (const half*) &bits)";
        String toBits = cuda ? "unsigned short bits = drcn_float_to_half(value);"
                : "unsigned short bits;\n    vstore_half_rte(value, 0, (half*) &bits);";
        return """
                %1$sfloat drcn_bytes_load_half(%2$sconst %3$s* a, int i) {
                    unsigned short bits = (unsigned short) ((unsigned char) a[i] | ((unsigned char) a[i + 1] << 8));
                    return %4$s;
                }
                %1$svoid drcn_bytes_store_half(%2$s%3$s* a, int i, float value) {
                    %5$s
                    a[i] = (%3$s) (bits & 0xFF);
                    a[i + 1] = (%3$s) (bits >> 8);
                }
                """.formatted(t.helperQualifier(), t.globalPointer(), t.byteType(), toFloat, toBits);
    }
}
