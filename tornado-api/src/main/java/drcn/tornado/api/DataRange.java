package drcn.tornado.api;

import drcn.tornado.api.exceptions.TornadoRuntimeException;
import drcn.tornado.api.types.arrays.TornadoNativeArray;

/**
 * A part of an array for {@link TornadoExecutionResult#transferToHost(DataRange)} (TornadoVM's class): from element
 * {@code withOffset} (default 0), {@code withSize} elements (default: to the end).
 */
public class DataRange {
    private final TornadoNativeArray array;
    private long offset;
    private long size;
    private long offsetMaterialized;
    private long sizeMaterialized;
    private boolean materialized;

    public DataRange(TornadoNativeArray array) {
        this.array = array;
    }

    public DataRange withOffset(long offset) {
        this.offset = offset;
        return this;
    }

    public DataRange withSize(long size) {
        this.size = size;
        return this;
    }

    /** Computes the byte offset and size from the element offset and count; checks they lie within the array. */
    public void materialize() {
        long elements = array.getSize();
        long count = size == 0 ? elements - offset : size;
        if (offset < 0 || count < 0 || offset + count > elements) {
            throw new TornadoRuntimeException("DataRange: elements " + offset + " to " + (offset + count) + " are outside the array of " + elements);
        }
        offsetMaterialized = TornadoNativeArray.ARRAY_HEADER + offset * array.getElementSize();
        sizeMaterialized = count * array.getElementSize();
        materialized = true;
    }

    /** The first byte of the range (after {@link #materialize()}). */
    public long getOffset() {
        checkMaterialized();
        return offsetMaterialized;
    }

    /** The range's size in bytes (after {@link #materialize()}). */
    public long getPartialSize() {
        checkMaterialized();
        return sizeMaterialized;
    }

    public TornadoNativeArray getArray() {
        return array;
    }

    private void checkMaterialized() {
        if (!materialized) throw new TornadoRuntimeException("DataRange: call materialize() before the getters");
    }
}
