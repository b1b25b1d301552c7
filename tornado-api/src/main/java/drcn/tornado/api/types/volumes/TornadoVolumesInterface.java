package drcn.tornado.api.types.volumes;

import drcn.tornado.api.types.common.PrimitiveStorage;

import java.lang.foreign.MemorySegment;
import java.nio.Buffer;

/** TornadoVM's 3D volumes: elements in one off-heap array, which is what moves to a device. */
public sealed interface TornadoVolumesInterface<T extends Buffer> extends PrimitiveStorage<T> permits VolumeShort2 {
    long getNumBytes();

    long getNumBytesWithHeader();

    MemorySegment getSegment();

    MemorySegment getSegmentWithHeader();
}
