package drcn.tornado.api.types.images;

import drcn.tornado.api.types.common.PrimitiveStorage;

import java.lang.foreign.MemorySegment;
import java.nio.Buffer;

/**
 * An image of X columns and Y rows over one off-heap array, TornadoVM's TornadoImagesInterface: pixel (x, y) is
 * element {@code y * X + x}, each pixel one number (ImageFloat) or a vector's lanes one after the other
 * (ImageFloat4: floats {@code 4 * (y * X + x) ..}). As a kernel parameter it is that array with its width, as a
 * matrix of Y rows and X columns is (TornadoVM's (x, y) being the matrix's (row y, column x)).
 */
public sealed interface TornadoImagesInterface<T extends Buffer> extends PrimitiveStorage<T>
        permits ImageByte3, ImageByte4, ImageFloat, ImageFloat3, ImageFloat4, ImageFloat8 {
    /** The width: pixels per row. */
    int X();

    /** The height: rows. */
    int Y();

    long getNumBytes();

    long getNumBytesWithHeader();

    MemorySegment getSegment();

    MemorySegment getSegmentWithHeader();
}
