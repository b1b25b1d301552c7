package drcn.tornado.api.types.arrays;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * An off-heap array (TornadoVM's base class): elements in a 64-byte-aligned {@link MemorySegment}, so a backend
 * hands it to a device or copies it in one bulk transfer. Freed by the garbage collector (automatic arena).
 * Unlike TornadoVM's there is no header before the elements: {@link #getSegmentWithHeader()} is the elements.
 */
public abstract sealed class TornadoNativeArray permits FloatArray, IntArray {
    /** Bytes before the first element: none here. */
    public static final long ARRAY_HEADER = 0;

    protected final MemorySegment segment;
    private final int size;
    private final int elementBytes;

    /** A fresh zeroed array of {@code size} elements. */
    protected TornadoNativeArray(int size, int elementBytes) {
        if (size < 0) throw new IllegalArgumentException("negative array size " + size);
        this.size = size;
        this.elementBytes = elementBytes;
        this.segment = Arena.ofAuto().allocate(Math.max(1, (long) size) * elementBytes, 64);
    }

    /** An array over existing memory (no copy). */
    protected TornadoNativeArray(MemorySegment segment, int elementBytes) {
        if (segment.byteSize() % elementBytes != 0) {
            throw new IllegalArgumentException("segment size " + segment.byteSize() + " is not a multiple of " + elementBytes);
        }
        this.segment = segment;
        this.size = Math.toIntExact(segment.byteSize() / elementBytes);
        this.elementBytes = elementBytes;
    }

    public int getSize() {
        return size;
    }

    /** Bytes per element. */
    public int getElementSize() {
        return elementBytes;
    }

    /** The elements: {@code size * elementSize} bytes, native byte order. */
    public MemorySegment getSegment() {
        return segment.asSlice(0, (long) size * elementBytes);
    }

    public MemorySegment getSegmentWithHeader() {
        return getSegment();
    }

    public long getNumBytesOfSegment() {
        return (long) size * elementBytes;
    }

    public long getNumBytesOfSegmentWithHeader() {
        return getNumBytesOfSegment();
    }

    /** Sets every element to zero. */
    public void clear() {
        getSegment().fill((byte) 0);
    }

    protected final long checkIndex(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("index " + index + " out of bounds for " + getClass().getSimpleName() + " of size " + size);
        }
        return index;
    }

    /** A copy of elements {@code [offset, offset + length)} of {@code source} as a fresh segment. */
    protected static MemorySegment copyOfRange(TornadoNativeArray source, int offset, int length) {
        if (offset < 0 || length < 0 || offset + (long) length > source.size) {
            throw new IllegalArgumentException("slice [" + offset + ", " + (offset + (long) length) + ") is outside an array of " + source.size);
        }
        MemorySegment out = Arena.ofAuto().allocate(Math.max(1, (long) length) * source.elementBytes, 64);
        MemorySegment.copy(source.segment, (long) offset * source.elementBytes, out, 0, (long) length * source.elementBytes);
        return out.asSlice(0, (long) length * source.elementBytes);
    }

    /** The concatenation of {@code arrays}' elements into {@code target}'s segment. */
    protected static void concatInto(TornadoNativeArray target, TornadoNativeArray... arrays) {
        long at = 0;
        for (TornadoNativeArray a : arrays) {
            MemorySegment.copy(a.getSegment(), 0, target.segment, at, a.getNumBytesOfSegment());
            at += a.getNumBytesOfSegment();
        }
    }

    /** A fresh segment holding a copy of {@code source}'s bytes. */
    protected static MemorySegment copyOf(MemorySegment source) {
        MemorySegment out = Arena.ofAuto().allocate(Math.max(1, source.byteSize()), 64);
        MemorySegment.copy(source, 0, out, 0, source.byteSize());
        return out.asSlice(0, source.byteSize());
    }
}
