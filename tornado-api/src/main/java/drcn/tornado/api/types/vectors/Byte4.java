package drcn.tornado.api.types.vectors;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * 4 bytes as one value, TornadoVM's Byte4 (the pixels of an ImageByte4): OpenCL C's char4, a struct in CUDA C.
 * In a kernel: {@code new Byte4(...)}, lanes by getX..getW, getS0..getS3, {@code get(CONSTANT)} and their
 * setters; the static operations compute in int and narrow each lane to a byte, as Java's casts do, and run on the
 * JVM backend only (a kernel reads and writes lanes).
 */
public final class Byte4 implements TornadoVectorsInterface<ByteBuffer> {
    public static final Class<Byte4> TYPE = Byte4.class;
    private static final int NUM_ELEMENTS = 4;
    private final byte[] storage;

    private Byte4(byte[] storage) {
        this.storage = storage;
    }

    /** All lanes zero. */
    public Byte4() {
        this(new byte[NUM_ELEMENTS]);
    }

    public Byte4(byte x, byte y, byte z, byte w) {
        this(new byte[] {x, y, z, w});
    }

    public static Byte4 add(Byte4 a, Byte4 b) {
        return new Byte4((byte) (a.storage[0] + b.storage[0]), (byte) (a.storage[1] + b.storage[1]), (byte) (a.storage[2] + b.storage[2]), (byte) (a.storage[3] + b.storage[3]));
    }

    public static Byte4 add(Byte4 a, byte b) {
        return new Byte4((byte) (a.storage[0] + b), (byte) (a.storage[1] + b), (byte) (a.storage[2] + b), (byte) (a.storage[3] + b));
    }

    public static Byte4 sub(Byte4 a, Byte4 b) {
        return new Byte4((byte) (a.storage[0] - b.storage[0]), (byte) (a.storage[1] - b.storage[1]), (byte) (a.storage[2] - b.storage[2]), (byte) (a.storage[3] - b.storage[3]));
    }

    public static Byte4 sub(Byte4 a, byte b) {
        return new Byte4((byte) (a.storage[0] - b), (byte) (a.storage[1] - b), (byte) (a.storage[2] - b), (byte) (a.storage[3] - b));
    }

    public static Byte4 mult(Byte4 a, Byte4 b) {
        return new Byte4((byte) (a.storage[0] * b.storage[0]), (byte) (a.storage[1] * b.storage[1]), (byte) (a.storage[2] * b.storage[2]), (byte) (a.storage[3] * b.storage[3]));
    }

    public static Byte4 mult(Byte4 a, byte b) {
        return new Byte4((byte) (a.storage[0] * b), (byte) (a.storage[1] * b), (byte) (a.storage[2] * b), (byte) (a.storage[3] * b));
    }

    public static Byte4 div(Byte4 a, Byte4 b) {
        return new Byte4((byte) (a.storage[0] / b.storage[0]), (byte) (a.storage[1] / b.storage[1]), (byte) (a.storage[2] / b.storage[2]), (byte) (a.storage[3] / b.storage[3]));
    }

    public static Byte4 div(Byte4 a, byte b) {
        return new Byte4((byte) (a.storage[0] / b), (byte) (a.storage[1] / b), (byte) (a.storage[2] / b), (byte) (a.storage[3] / b));
    }

    public static Byte4 min(Byte4 a, Byte4 b) {
        return new Byte4((byte) Math.min(a.storage[0], b.storage[0]), (byte) Math.min(a.storage[1], b.storage[1]), (byte) Math.min(a.storage[2], b.storage[2]), (byte) Math.min(a.storage[3], b.storage[3]));
    }

    /** The least lane. */
    public static byte min(Byte4 value) {
        return (byte) Math.min(Math.min(Math.min(value.storage[0], value.storage[1]), value.storage[2]), value.storage[3]);
    }

    public static Byte4 max(Byte4 a, Byte4 b) {
        return new Byte4((byte) Math.max(a.storage[0], b.storage[0]), (byte) Math.max(a.storage[1], b.storage[1]), (byte) Math.max(a.storage[2], b.storage[2]), (byte) Math.max(a.storage[3], b.storage[3]));
    }

    /** The greatest lane. */
    public static byte max(Byte4 value) {
        return (byte) Math.max(Math.max(Math.max(value.storage[0], value.storage[1]), value.storage[2]), value.storage[3]);
    }

    public static Byte4 inc(Byte4 a, byte value) {
        return add(a, value);
    }

    public static Byte4 dec(Byte4 a, byte value) {
        return sub(a, value);
    }

    public static Byte4 scale(Byte4 a, byte value) {
        return mult(a, value);
    }

    /** Each lane limited to [min, max]. */
    public static Byte4 clamp(Byte4 x, byte min, byte max) {
        return new Byte4((byte) Math.max(min, Math.min(max, x.storage[0])), (byte) Math.max(min, Math.min(max, x.storage[1])), (byte) Math.max(min, Math.min(max, x.storage[2])), (byte) Math.max(min, Math.min(max, x.storage[3])));
    }

    public static boolean isEqual(Byte4 a, Byte4 b) {
        return Arrays.equals(a.storage, b.storage);
    }

    public void set(Byte4 value) {
        System.arraycopy(value.storage, 0, storage, 0, NUM_ELEMENTS);
    }

    public byte get(int index) {
        return storage[index];
    }

    public void set(int index, byte value) {
        storage[index] = value;
    }

    public byte getX() {
        return storage[0];
    }

    public void setX(byte value) {
        storage[0] = value;
    }

    public byte getS0() {
        return storage[0];
    }

    public void setS0(byte value) {
        storage[0] = value;
    }

    public byte getY() {
        return storage[1];
    }

    public void setY(byte value) {
        storage[1] = value;
    }

    public byte getS1() {
        return storage[1];
    }

    public void setS1(byte value) {
        storage[1] = value;
    }

    public byte getZ() {
        return storage[2];
    }

    public void setZ(byte value) {
        storage[2] = value;
    }

    public byte getS2() {
        return storage[2];
    }

    public void setS2(byte value) {
        storage[2] = value;
    }

    public byte getW() {
        return storage[3];
    }

    public void setW(byte value) {
        storage[3] = value;
    }

    public byte getS3() {
        return storage[3];
    }

    public void setS3(byte value) {
        storage[3] = value;
    }

    public Byte4 duplicate() {
        return new Byte4(storage.clone());
    }

    /** The lanes themselves (not a copy), as TornadoVM's getArray. */
    public byte[] getArray() {
        return storage;
    }

    public byte[] toArray() {
        return storage;
    }

    public String toString(String fmt) {
        return String.format(fmt, storage[0], storage[1], storage[2], storage[3]);
    }

    @Override
    public String toString() {
        return toString("{ x=%-7d, y=%-7d, z=%-7d, w=%-7d }");
    }

    @Override
    public void loadFromBuffer(ByteBuffer buffer) {
        for (int i = 0; i < NUM_ELEMENTS; i++) storage[i] = buffer.get(buffer.position() + i);
    }

    @Override
    public ByteBuffer asBuffer() {
        return ByteBuffer.wrap(storage);
    }

    @Override
    public int size() {
        return NUM_ELEMENTS;
    }

    @Override
    public long getNumBytes() {
        return NUM_ELEMENTS;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Byte4 v && Arrays.equals(storage, v.storage);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(storage);
    }
}
