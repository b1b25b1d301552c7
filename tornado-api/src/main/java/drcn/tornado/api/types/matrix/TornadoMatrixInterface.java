package drcn.tornado.api.types.matrix;

import drcn.tornado.api.types.common.PrimitiveStorage;

import java.lang.foreign.MemorySegment;
import java.nio.Buffer;

/** A row-major matrix over one off-heap array, TornadoVM's TornadoMatrixInterface. */
public interface TornadoMatrixInterface<T extends Buffer> extends PrimitiveStorage<T> {
    long getNumBytes();

    long getNumBytesWithHeader();

    MemorySegment getSegment();

    MemorySegment getSegmentWithHeader();
}
