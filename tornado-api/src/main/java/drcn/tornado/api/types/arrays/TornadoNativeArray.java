package drcn.tornado.api.types.arrays;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * An off-heap array (TornadoVM's base class): elements in a 64-byte-aligned {@link MemorySegment}, so a backend
 * hands it to a device or copies it in one bulk transfer. Freed by the garbage collector (automatic arena).
 * Unlike TornadoVM's there is no header before the elements: {@link #getSegmentWithHeader()} is the elements.
 *
 * <p>Two extensions of ours, which a TornadoVM port does not use:
 * <ul>
 * <li>Host memory is allocated on first host access ({@link #getSegment()}, {@code get}, {@code set}, ...): an array
 *     that only tasks read and write (an activation on the device) costs no host memory. Until then its contents
 *     are zero, and an execution engine fills its device buffer with zeros instead of copying
 *     ({@link #isHostAllocated()}).</li>
 * <li>{@code sliceView(offset, length)} is a view of part of an array that shares its memory, on the host and, in a
 *     task graph, on the device (the engine maps it to a view of the parent's device buffer). TornadoVM's
 *     {@code slice} stays a copy.</li>
 * </ul>
 */
public abstract sealed class TornadoNativeArray permits FloatArray, IntArray, DoubleArray, LongArray, ShortArray, ByteArray, CharArray, HalfFloatArray, Int8Array, BFloat16Array, FP8Array {
    /** Bytes before the first element: none here. */
    public static final long ARRAY_HEADER = 0;

    /** The elements' memory; null until first host access (roots), or until first access of a view. */
    private MemorySegment segment;
    private final int size;
    private final int elementBytes;
    /** The array this one is a view of (always a root: a view of a view is a view of the root), or null. */
    private final TornadoNativeArray parent;
    /** Where this view starts in its parent, in bytes (0 for a root). */
    private final long parentOffsetBytes;

    /** A fresh zeroed array of {@code size} elements (host memory allocated on first host access). */
    protected TornadoNativeArray(int size, int elementBytes) {
        if (size < 0) throw new IllegalArgumentException("negative array size " + size);
        this.size = size;
        this.elementBytes = elementBytes;
        this.parent = null;
        this.parentOffsetBytes = 0;
    }

    /** An array over existing memory (no copy). */
    protected TornadoNativeArray(MemorySegment segment, int elementBytes) {
        if (segment.byteSize() % elementBytes != 0) {
            throw new IllegalArgumentException("segment size " + segment.byteSize() + " is not a multiple of " + elementBytes);
        }
        this.segment = segment;
        this.size = Math.toIntExact(segment.byteSize() / elementBytes);
        this.elementBytes = elementBytes;
        this.parent = null;
        this.parentOffsetBytes = 0;
    }

    /** A view of elements {@code [offset, offset + length)} of {@code source} (see the class comment). */
    protected TornadoNativeArray(TornadoNativeArray source, int offset, int length) {
        if (offset < 0 || length < 0 || offset + (long) length > source.size) {
            throw new IllegalArgumentException("slice [" + offset + ", " + (offset + (long) length) + ") is outside an array of " + source.size);
        }
        this.size = length;
        this.elementBytes = source.elementBytes;
        this.parent = source.parent == null ? source : source.parent;
        this.parentOffsetBytes = source.parentOffsetBytes + (long) offset * elementBytes;
    }

    /** The elements' memory, allocated (zeroed) on first use. */
    protected final MemorySegment segment() {
        MemorySegment s = segment;
        return s != null ? s : allocate();
    }

    private synchronized MemorySegment allocate() {
        if (segment == null) {
            long bytes = (long) size * elementBytes;
            segment = parent != null
                    ? parent.segment().asSlice(parentOffsetBytes, bytes)
                    : Arena.ofAuto().allocate(Math.max(1, bytes), 64).asSlice(0, bytes);
        }
        return segment;
    }

    public int getSize() {
        return size;
    }

    /** Bytes per element. */
    public int getElementSize() {
        return elementBytes;
    }

    /** The elements: {@code size * elementSize} bytes, native byte order (allocates the host memory on first call). */
    public MemorySegment getSegment() {
        return segment();
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

    /**
     * Whether host memory exists for the elements (ours: see the class comment). False until first host access,
     * when the contents are all zero; a view answers for its parent.
     */
    public boolean isHostAllocated() {
        return parent != null ? parent.isHostAllocated() : segment != null;
    }

    /** The array this one is a view of ({@code sliceView}), or null (ours). */
    public TornadoNativeArray getViewParent() {
        return parent;
    }

    /** Where this view starts in {@link #getViewParent()}, in bytes; 0 for an array that is not a view (ours). */
    public long getViewOffsetBytes() {
        return parentOffsetBytes;
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
        MemorySegment.copy(source.segment(), (long) offset * source.elementBytes, out, 0, (long) length * source.elementBytes);
        return out.asSlice(0, (long) length * source.elementBytes);
    }

    /** The concatenation of {@code arrays}' elements into {@code target}'s segment. */
    protected static void concatInto(TornadoNativeArray target, TornadoNativeArray... arrays) {
        long at = 0;
        for (TornadoNativeArray a : arrays) {
            MemorySegment.copy(a.getSegment(), 0, target.segment(), at, a.getNumBytesOfSegment());
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
