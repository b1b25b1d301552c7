package drcn.tornado.api.types.volumes;

import drcn.tornado.api.types.arrays.ShortArray;
import drcn.tornado.api.types.vectors.Short2;

import java.lang.foreign.MemorySegment;
import java.nio.ShortBuffer;

/**
 * TornadoVM's volume of X x Y x Z {@link Short2} voxels (SLAM's signed distance and weight), in one {@link ShortArray}:
 * voxel (x, y, z) is the two shorts at {@code 2 * ((z * Y + y) * X + x)}, x fastest. In a kernel a parameter of this type
 * is that buffer plus X and Y: {@code get(x, y, z)}, {@code set(x, y, z, v)}, {@code X()}, {@code Y()}, {@code Z()}.
 */
public final class VolumeShort2 implements TornadoVolumesInterface<ShortBuffer> {
    public static final Class<VolumeShort2> TYPE = VolumeShort2.class;
    private static final int ELEMENT_SIZE = 2;
    private final ShortArray storage;
    private final int X;
    private final int Y;
    private final int Z;

    /** Over {@code array} (no copy), which holds the {@code 2 * width * height * depth} shorts. */
    public VolumeShort2(int width, int height, int depth, ShortArray array) {
        if (array.getSize() != width * height * depth * ELEMENT_SIZE) {
            throw new IllegalArgumentException("a VolumeShort2 of " + width + " x " + height + " x " + depth + " needs "
                    + width * height * depth * ELEMENT_SIZE + " shorts, got " + array.getSize());
        }
        this.storage = array;
        this.X = width;
        this.Y = height;
        this.Z = depth;
    }

    /** All voxels zero. */
    public VolumeShort2(int width, int height, int depth) {
        this(width, height, depth, new ShortArray(width * height * depth * ELEMENT_SIZE));
    }

    /** The backing array (not a copy). */
    public ShortArray getArray() {
        return storage;
    }

    private int index(int x, int y, int z) {
        return ((z * Y + y) * X + x) * ELEMENT_SIZE;
    }

    public Short2 get(int x, int y, int z) {
        int at = index(x, y, z);
        return new Short2(storage.get(at), storage.get(at + 1));
    }

    public void set(int x, int y, int z, Short2 value) {
        int at = index(x, y, z);
        storage.set(at, value.getX());
        storage.set(at + 1, value.getY());
    }

    public int X() {
        return X;
    }

    public int Y() {
        return Y;
    }

    public int Z() {
        return Z;
    }

    /** Every short of every voxel set to {@code value}. */
    public void fill(short value) {
        storage.init(value);
    }

    public VolumeShort2 duplicate() {
        VolumeShort2 volume = new VolumeShort2(X, Y, Z);
        volume.set(this);
        return volume;
    }

    /** Copies {@code other}'s voxels into this one (same extents). */
    public void set(VolumeShort2 other) {
        for (int i = 0; i < storage.getSize(); i++) storage.set(i, other.storage.get(i));
    }

    /** Slice by slice (z), each row of voxels on one line, each voxel formatted by {@code fmt} (two shorts). */
    public String toString(String fmt) {
        var s = new StringBuilder();
        for (int z = 0; z < Z; z++) {
            s.append(String.format("z = %d%n", z));
            for (int y = 0; y < Y; y++) {
                for (int x = 0; x < X; x++) {
                    Short2 voxel = get(x, y, z);
                    s.append(String.format(fmt, voxel.getX(), voxel.getY())).append(' ');
                }
                s.append('\n');
            }
        }
        return s.toString();
    }

    @Override
    public String toString() {
        return String.format("VolumeShort2 <%d x %d x %d>", Y, X, Z);
    }

    /** Copies the buffer's shorts, from its position, into the volume. */
    @Override
    public void loadFromBuffer(ShortBuffer buffer) {
        for (int i = 0; i < storage.getSize(); i++) storage.set(i, buffer.get(buffer.position() + i));
    }

    /** A copy of the volume's shorts. */
    @Override
    public ShortBuffer asBuffer() {
        return ShortBuffer.wrap(storage.toHeapArray());
    }

    /** The number of shorts: two per voxel. */
    @Override
    public int size() {
        return X * Y * Z * ELEMENT_SIZE;
    }

    public void clear() {
        storage.clear();
    }

    // generated: segment methods
}
