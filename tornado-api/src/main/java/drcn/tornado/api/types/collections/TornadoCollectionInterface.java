package drcn.tornado.api.types.collections;

import drcn.tornado.api.types.common.PrimitiveStorage;

import java.lang.foreign.MemorySegment;
import java.nio.Buffer;

/** A collection of vector values over one off-heap array, TornadoVM's TornadoCollectionInterface. */
public interface TornadoCollectionInterface<T extends Buffer> extends PrimitiveStorage<T> {
    long getNumBytes();

    long getNumBytesWithHeader();

    MemorySegment getSegment();

    MemorySegment getSegmentWithHeader();
}
