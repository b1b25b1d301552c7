package drcn.tornado.api.types.vectors;

import drcn.tornado.api.types.common.PrimitiveStorage;

import java.nio.Buffer;

/** A small vector value (Float2..Double16), TornadoVM's TornadoVectorsInterface. */
public interface TornadoVectorsInterface<T extends Buffer> extends PrimitiveStorage<T> {
    long getNumBytes();
}
