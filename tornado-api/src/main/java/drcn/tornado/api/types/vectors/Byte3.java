package drcn.tornado.api.types.vectors;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * 3 bytes as one value, TornadoVM's Byte3 (the pixels of an ImageByte3): OpenCL C's char3, a struct in CUDA C.
 * In a kernel: {@code new Byte3(...)}, lanes by getX..getZ, getS0..getS2, {@code get(CONSTANT)} and their
 * setters; the static operations compute in int and narrow each lane to a byte, as Java's casts do, and run on the
 * JVM backend only (a kernel reads and writes lanes).
 */
public final class Byte3 implements TornadoVectorsInterface<ByteBuffer> {
    public static final Class<Byte3> TYPE = Byte3.class;
    private static final int NUM_ELEMENTS = 3;
    private final byte[] storage;

    private Byte3(byte[] storage) {
        this.storage = storage;
    }

    /** All lanes zero. */
    public Byte3() {
        this(new byte[NUM_ELEMENTS]);
    }

    public Byte3(byte x, byte y, byte z) {
        this(new byte[] {x, y, z});
    }

    public static Byte3 add(Byte3 a, Byte3 b) {
        return new Byte3((byte) (a.storage[0] + b.storage[0]), (byte) (a.storage[1] + b.storage[1]), (byte) (a.storage[2] + b.storage[2]));
    }

    public static Byte3 add(Byte3 a, byte b) {
        return new Byte3((byte) (a.storage[0] + b), (byte) (a.storage[1] + b), (byte) (a.storage[2] + b));
    }

    public static Byte3 sub(Byte3 a, Byte3 b) {
        return new Byte3((byte) (a.storage[0] - b.storage[0]), (byte) (a.storage[1] - b.storage[1]), (byte) (a.storage[2] - b.storage[2]));
    }

    public static Byte3 sub(Byte3 a, byte b) {
        return new Byte3((byte) (a.storage[0] - b), (byte) (a.storage[1] - b), (byte) (a.storage[2] - b));
    }

    public static Byte3 mult(Byte3 a, Byte3 b) {
        return new Byte3((byte) (a.storage[0] * b.storage[0]), (byte) (a.storage[1] * b.storage[1]), (byte) (a.storage[2] * b.storage[2]));
    }

    public static Byte3 mult(Byte3 a, byte b) {
        return new Byte3((byte) (a.storage[0] * b), (byte) (a.storage[1] * b), (byte) (a.storage[2] * b));
    }

    public static Byte3 div(Byte3 a, Byte3 b) {
        return new Byte3((byte) (a.storage[0] / b.storage[0]), (byte) (a.storage[1] / b.storage[1]), (byte) (a.storage[2] / b.storage[2]));
    }

    public static Byte3 div(Byte3 a, byte b) {
        return new Byte3((byte) (a.storage[0] / b), (byte) (a.storage[1] / b), (byte) (a.storage[2] / b));
    }

    public static Byte3 min(Byte3 a, Byte3 b) {
        return new Byte3((byte) Math.min(a.storage[0], b.storage[0]), (byte) Math.min(a.storage[1], b.storage[1]), (byte) Math.min(a.storage[2], b.storage[2]));
    }

    /** The least lane. */
    public static byte min(Byte3 value) {
        return (byte) Math.min(Math.min(value.storage[0], value.storage[1]), value.storage[2]);
    }

    public static Byte3 max(Byte3 a, Byte3 b) {
        return new Byte3((byte) Math.max(a.storage[0], b.storage[0]), (byte) Math.max(a.storage[1], b.storage[1]), (byte) Math.max(a.storage[2], b.storage[2]));
    }

    /** The greatest lane. */
    public static byte max(Byte3 value) {
        return (byte) Math.max(Math.max(value.storage[0], value.storage[1]), value.storage[2]);
    }

    public static Byte3 inc(Byte3 a, byte value) {
        return add(a, value);
    }

    public static Byte3 dec(Byte3 a, byte value) {
        return sub(a, value);
    }

    public static Byte3 scale(Byte3 a, byte value) {
        return mult(a, value);
    }

    /** Each lane limited to [min, max]. */
    public static Byte3 clamp(Byte3 x, byte min, byte max) {
        return new Byte3((byte) Math.max(min, Math.min(max, x.storage[0])), (byte) Math.max(min, Math.min(max, x.storage[1])), (byte) Math.max(min, Math.min(max, x.storage[2])));
    }

    public static boolean isEqual(Byte3 a, Byte3 b) {
        return Arrays.equals(a.storage, b.storage);
    }

    public void set(Byte3 value) {
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

    public Byte3 duplicate() {
        return new Byte3(storage.clone());
    }

    /** The lanes themselves (not a copy), as TornadoVM's getArray. */
    public byte[] getArray() {
        return storage;
    }

    public byte[] toArray() {
        return storage;
    }

    public String toString(String fmt) {
        return String.format(fmt, storage[0], storage[1], storage[2]);
    }

    @Override
    public String toString() {
        return toString("{ x=%-7d, y=%-7d, z=%-7d }");
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
        return o instanceof Byte3 v && Arrays.equals(storage, v.storage);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(storage);
    }
}
