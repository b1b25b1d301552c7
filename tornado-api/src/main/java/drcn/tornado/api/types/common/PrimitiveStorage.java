package drcn.tornado.api.types.common;

import java.nio.Buffer;

/** A value or container of primitives that copies to and from a NIO buffer (TornadoVM's PrimitiveStorage). */
public interface PrimitiveStorage<T extends Buffer> {
    void loadFromBuffer(T buffer);

    T asBuffer();

    /** The number of primitive elements held. */
    int size();
}
