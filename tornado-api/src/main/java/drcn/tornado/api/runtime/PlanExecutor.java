package drcn.tornado.api.runtime;

import drcn.tornado.api.TornadoProfilerResult;
import drcn.tornado.api.types.arrays.TornadoNativeArray;

/** The engine's side of one {@code TornadoExecutionPlan}: device buffers, compiled tasks and recorded launches. */
public interface PlanExecutor extends AutoCloseable {

    /** Runs the selected graphs once with these options; blocks until their results are on the host. */
    TornadoProfilerResult execute(PlanOptions options);

    /** Copies UNDER_DEMAND objects (or any object a graph of the plan uses) back to the host now. */
    void transferToHost(Object... objects);

    /** Copies {@code bytes} bytes from byte {@code offset} of the array from the device now (a {@code DataRange}). */
    void transferToHost(TornadoNativeArray array, long offset, long bytes);

    /**
     * From now on {@code destination}'s buffer is the region of {@code source}'s device buffer that starts at element
     * {@code offset} (where graph {@code fromGraph} left it): the two share that memory on the device.
     */
    void mapOnDeviceMemoryRegion(Object destination, Object source, long offset, int fromGraph, int toGraph);

    /** Frees every device buffer of the plan (persisted buffers included); the next execution starts over. */
    void freeDeviceMemory();

    /** Bytes of device memory the plan holds now. */
    long currentDeviceMemoryUsage();

    @Override
    void close();
}
