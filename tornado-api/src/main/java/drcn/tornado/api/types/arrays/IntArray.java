package drcn.tornado.api.types.arrays;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * An off-heap int array (like TornadoVM's), backed by a 64-byte-aligned {@link MemorySegment}
 * so that a backend can hand it to a device or copy it with one bulk transfer.
 * Freed by the garbage collector (automatic arena).
 */
public final class IntArray {
    private static final ValueLayout.OfInt ELEMENT = ValueLayout.JAVA_INT;
    private final MemorySegment segment;
    private final int size;

    public IntArray(int size) {
        if (size < 0) throw new IllegalArgumentException("negative array size " + size);
        this.size = size;
        this.segment = Arena.ofAuto().allocate(Math.max(1, (long) size) * Integer.BYTES, 64);
    }

    private IntArray(MemorySegment segment, int size) {
        this.segment = segment;
        this.size = size;
    }

    /**
     * A view of existing memory (no copy): how the JVM backend hands device buffers to kernels.
     * The segment's size must be a multiple of 4 bytes.
     */
    public static IntArray view(MemorySegment segment) {
        if (segment.byteSize() % 4 != 0) throw new IllegalArgumentException("segment size " + segment.byteSize() + " is not a multiple of 4");
        return new IntArray(segment, Math.toIntExact(segment.byteSize() / 4));
    }

    public static IntArray fromArray(int... values) {
        var array = new IntArray(values.length);
        MemorySegment.copy(values, 0, array.segment, ELEMENT, 0, values.length);
        return array;
    }

    public int get(int index) {
        return segment.getAtIndex(ELEMENT, checkIndex(index));
    }

    public void set(int index, int value) {
        segment.setAtIndex(ELEMENT, checkIndex(index), value);
    }

    public int getSize() {
        return size;
    }

    public void init(int value) {
        for (int i = 0; i < size; i++) segment.setAtIndex(ELEMENT, i, value);
    }

    public int[] toHeapArray() {
        var values = new int[size];
        MemorySegment.copy(segment, ELEMENT, 0, values, 0, size);
        return values;
    }

    public void copyFrom(int[] values) {
        if (values.length != size) throw new IllegalArgumentException("length " + values.length + " != " + size);
        MemorySegment.copy(values, 0, segment, ELEMENT, 0, size);
    }

    /** The backing memory: {@code size * 4} bytes (at least 4), native byte order. */
    public MemorySegment getSegment() {
        return segment.asSlice(0, (long) size * Integer.BYTES);
    }

    private long checkIndex(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("index " + index + " out of bounds for IntArray of size " + size);
        }
        return index;
    }
}
