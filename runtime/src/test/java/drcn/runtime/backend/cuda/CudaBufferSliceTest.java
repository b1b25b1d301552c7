package drcn.runtime.backend.cuda;

import drcn.runtime.backend.BackendUnavailableException;
import drcn.runtime.backend.BufferSliceContract;
import drcn.runtime.backend.Device;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link BufferSliceContract} on the first CUDA device: views are the allocation's CUdeviceptr plus the offset.
 * Skipped where there is no CUDA driver, GPU or NVRTC.
 */
class CudaBufferSliceTest extends BufferSliceContract {
    private static List<Device> devices;

    @BeforeAll
    static void open() {
        try {
            devices = new CudaBackend().openDevices();
        } catch (BackendUnavailableException e) {
            Assumptions.abort("no CUDA: " + e.getMessage());
        }
        Assumptions.assumeFalse(devices.isEmpty(), "no CUDA device");
        Assumptions.assumeTrue(CudaLibraries.load().nvrtc != null, "no NVRTC to build kernels");
    }

    @AfterAll
    static void close() {
        if (devices != null) devices.forEach(Device::close);
    }

    @Override
    protected Device device() {
        return devices.getFirst();
    }

    @Test
    void alignsViewsAsCuMemAllocDoes() {
        assertEquals(256, device().info().sliceAlignment());
    }
}
