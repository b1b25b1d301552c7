package drcn.tornado.api.types;

/**
 * An IEEE 754 binary16 value (TornadoVM's class): stored as its 16 bits, arithmetic done in float and rounded back,
 * as {@link Float#floatToFloat16} rounds (to nearest, ties to even).
 */
public class HalfFloat {
    private final short bits;

    public HalfFloat(float value) {
        this.bits = Float.floatToFloat16(value);
    }

    /** The half float whose binary16 bits are {@code bits}. */
    public HalfFloat(short bits) {
        this.bits = bits;
    }

    public static HalfFloat add(HalfFloat a, HalfFloat b) {
        return new HalfFloat(a.getFloat32() + b.getFloat32());
    }

    public static HalfFloat sub(HalfFloat a, HalfFloat b) {
        return new HalfFloat(a.getFloat32() - b.getFloat32());
    }

    public static HalfFloat mult(HalfFloat a, HalfFloat b) {
        return new HalfFloat(a.getFloat32() * b.getFloat32());
    }

    public static HalfFloat div(HalfFloat a, HalfFloat b) {
        return new HalfFloat(a.getFloat32() / b.getFloat32());
    }

    /** The binary16 bits. */
    public short getHalfFloatValue() {
        return bits;
    }

    public float getFloat32() {
        return Float.float16ToFloat(bits);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HalfFloat h && h.bits == bits;
    }

    @Override
    public int hashCode() {
        return bits;
    }

    @Override
    public String toString() {
        return Float.toString(getFloat32());
    }
}
