package drcn.runtime.backend.jvm;

import drcn.runtime.backend.BufferSliceContract;
import drcn.runtime.backend.Device;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@link BufferSliceContract} on the JVM device: views are slices of the allocation's memory segment. */
class JvmBufferSliceTest extends BufferSliceContract {
    private final Device device = new JvmBackend().openDevices().getFirst();

    @Override
    protected Device device() {
        return device;
    }

    @AfterEach
    void close() {
        device.close();
    }

    @Test
    void alignsViewsToACacheLine() {
        assertEquals(64, device.info().sliceAlignment());
    }
}
