package drcn.tornado.api.types.arrays;

import drcn.tornado.api.annotations.Parallel;
import drcn.tornado.api.internal.annotations.ApiKernel;
import drcn.tornado.api.types.HalfFloat;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * An off-heap array of binary16 values (TornadoVM's class), two bytes per element: in C a {@code half*}
 * (OpenCL, read and written with vload_half/vstore_half) or the 16 bits as {@code unsigned short*} (CUDA).
 */
public final class HalfFloatArray extends TornadoNativeArray {
    private static final ValueLayout.OfShort ELEMENT = ValueLayout.JAVA_SHORT;

    /** A zeroed array of {@code numberOfElements}. */
    public HalfFloatArray(int numberOfElements) {
        super(numberOfElements, Short.BYTES);
    }

    /** The concatenation of {@code arrays}. */
    public HalfFloatArray(HalfFloatArray... arrays) {
        super(Arrays.stream(arrays).mapToInt(HalfFloatArray::getSize).sum(), Short.BYTES);
        concatInto(this, arrays);
    }

    private HalfFloatArray(MemorySegment segment) {
        super(segment, Short.BYTES);
    }

    private HalfFloatArray(HalfFloatArray source, int offset, int length) {
        super(source, offset, length);
    }

    /** A view of existing memory (no copy): how the JVM backend hands device buffers to kernels. */
    public static HalfFloatArray view(MemorySegment segment) {
        return new HalfFloatArray(segment);
    }

    public static HalfFloatArray fromArray(HalfFloat[] values) {
        var array = new HalfFloatArray(values.length);
        for (int i = 0; i < values.length; i++) array.set(i, values[i]);
        return array;
    }

    public static HalfFloatArray fromElements(HalfFloat... values) {
        return fromArray(values);
    }

    /** A copy of the segment's elements. */
    public static HalfFloatArray fromSegment(MemorySegment segment) {
        return new HalfFloatArray(copyOf(segment));
    }

    /** The segment itself, not copied. */
    public static HalfFloatArray fromSegmentShallow(MemorySegment segment) {
        return new HalfFloatArray(segment);
    }

    /** Every element = {@code value}; a task's code too ({@code task("t0", HalfFloatArray::initialize, array, value)}). */
    @ApiKernel
    public static void initialize(HalfFloatArray array, HalfFloat value) {
        for (@Parallel int i = 0; i < array.getSize(); i++) {
            array.set(i, value);
        }
    }

    public static HalfFloatArray concat(HalfFloatArray... arrays) {
        return new HalfFloatArray(arrays);
    }

    public HalfFloat get(int index) {
        return new HalfFloat(segment().getAtIndex(ELEMENT, checkIndex(index)));
    }

    public void set(int index, HalfFloat value) {
        segment().setAtIndex(ELEMENT, checkIndex(index), value.getHalfFloatValue());
    }

    /** Elements {@code index} and {@code index + 1} as one Half2 (TornadoVM's packed pair load). */
    public drcn.tornado.api.types.vectors.Half2 getHalf2(int index) {
        checkIndex(index + 1);
        return new drcn.tornado.api.types.vectors.Half2(get(index), get(index + 1));
    }

    /** Stores {@code value}'s lanes into elements {@code index} and {@code index + 1}. */
    public void setHalf2(int index, drcn.tornado.api.types.vectors.Half2 value) {
        checkIndex(index + 1);
        set(index, value.getX());
        set(index + 1, value.getY());
    }

    public void init(HalfFloat value) {
        MemorySegment s = segment();
        for (int i = 0; i < getSize(); i++) s.setAtIndex(ELEMENT, i, value.getHalfFloatValue());
    }

    public HalfFloat[] toHeapArray() {
        var values = new HalfFloat[getSize()];
        for (int i = 0; i < values.length; i++) values[i] = get(i);
        return values;
    }

    /** The binary16 bits of every element. */
    public short[] toShortArray() {
        var values = new short[getSize()];
        MemorySegment.copy(segment(), ELEMENT, 0, values, 0, getSize());
        return values;
    }

    /** A copy of elements {@code [offset, offset + length)}. */
    public HalfFloatArray slice(int offset, int length) {
        return new HalfFloatArray(copyOfRange(this, offset, length));
    }

    /** A view of elements {@code [offset, offset + length)} sharing this array's memory (see {@code FloatArray.sliceView}). */
    public HalfFloatArray sliceView(int offset, int length) {
        return new HalfFloatArray(this, offset, length);
    }
}
