package drcn.tornado.api.memory;

/** A device's memory as TornadoVM's API describes it. */
public interface TornadoMemoryProvider {
    /** The bytes a plan may place on the device: the device's global memory (drcn has no separate heap). */
    long getHeapSize();
}
