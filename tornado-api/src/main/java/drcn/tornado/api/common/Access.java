package drcn.tornado.api.common;

/** How a prebuilt kernel uses one of its arguments (TornadoVM's enum; {@code position} is its bit mask: 01 read, 10 write). */
public enum Access {
    NONE((byte) 0b00),
    READ_ONLY((byte) 0b01),
    WRITE_ONLY((byte) 0b10),
    READ_WRITE((byte) 0b11);

    public final byte position;

    Access(byte position) {
        this.position = position;
    }

    private static final Access[] ALL = values();

    public static Access[] asArray() {
        return ALL;
    }
}
