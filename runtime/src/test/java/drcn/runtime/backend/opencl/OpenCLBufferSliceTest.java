package drcn.runtime.backend.opencl;

import drcn.compiler.ir.Function.Parameter;
import drcn.compiler.ir.Type;
import drcn.runtime.backend.BackendUnavailableException;
import drcn.runtime.backend.Buffer;
import drcn.runtime.backend.BufferSliceContract;
import drcn.runtime.backend.Device;
import drcn.runtime.backend.Range;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@link BufferSliceContract} on the first OpenCL device (PoCL's CPU device in CI): views are sub-buffers. Skipped
 * where no OpenCL platform exists.
 */
class OpenCLBufferSliceTest extends BufferSliceContract {
    private static List<Device> devices;
    private static OpenCLDevice device;

    @BeforeAll
    static void open() {
        try {
            devices = new OpenCLBackend().openDevices();
        } catch (BackendUnavailableException e) {
            Assumptions.abort("no OpenCL: " + e.getMessage());
        }
        device = (OpenCLDevice) devices.getFirst();
        System.out.println("OpenCL sub-buffers on " + device.info().name() + ": origins aligned to " + device.info().sliceAlignment() + " bytes");
    }

    @AfterAll
    static void close() {
        if (devices != null) devices.forEach(Device::close);
    }

    @Override
    protected Device device() {
        return device;
    }

    @Test
    void theAlignmentIsTheDevicesBaseAddressAlignment() {
        assertEquals(Math.max(4, (OpenCL.get().deviceInt(deviceHandle(), OpenCL.CL_DEVICE_MEM_BASE_ADDR_ALIGN) + 7) / 8),
                device.info().sliceAlignment());
    }

    private static java.lang.foreign.MemorySegment deviceHandle() {
        try {
            var field = OpenCLDevice.class.getDeclaredField("device");
            field.setAccessible(true);
            return (java.lang.foreign.MemorySegment) field.get(device);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void alignmentsAreRoundedToPowersOfTwo() {
        assertEquals(128, OpenCLBackend.sliceAlignment(1024));
        assertEquals(512, OpenCLBackend.sliceAlignment(4096));
        assertEquals(4, OpenCLBackend.sliceAlignment(0));
        assertEquals(64, OpenCLBackend.sliceAlignment(8 * 48));
    }

    /** The C kernel gets the view's element count as {@code x_size}: here it writes it out. */
    @Test
    void theCKernelGetsTheViewsElementCount() {
        String source = """
                __kernel void sizes(__global float* x, int x_size, __global float* out, int out_size) {
                    if (get_global_id(0) == 0) { out[0] = (float) x_size; out[1] = (float) out_size; x[x_size - 1] = -1.0f; }
                }
                """;
        var kernel = device.buildFromSource(source, "sizes",
                List.of(new Parameter("x", Type.FLOAT_GLOBAL_ARRAY), new Parameter("out", Type.FLOAT_GLOBAL_ARRAY)));
        int a = alignFloats();
        try (Buffer parent = device.allocateFloats(4 * a); Buffer x = parent.sliceFloats(a, a + 5); Buffer out = parent.sliceFloats(3 * a, 2)) {
            write(parent, 0, new float[4 * a]);
            device.launch(kernel, Range.of(1), x, out);
            float[] all = read(parent);
            assertEquals(a + 5, all[3 * a]);
            assertEquals(2, all[3 * a + 1]);
            assertEquals(-1f, all[a + a + 4], "x[x_size - 1] is the view's last element");
            for (int i = 0; i < 4 * a; i++) if (i != 3 * a && i != 3 * a + 1 && i != 2 * a + 4) assertEquals(0f, all[i], "element " + i);
        }
    }

    @Test
    void closingTheDeviceReleasesViewsAndParents() {
        var own = new OpenCLBackend().openDevices();
        OpenCLDevice d = (OpenCLDevice) own.getFirst();
        Buffer parent = d.allocateFloats(1024);
        parent.sliceFloats(0, 16);
        parent.sliceFloats(alignFloats(), 16).sliceFloats(0, 8);
        assertEquals(4, d.liveBufferCount());
        own.forEach(Device::close);
        assertEquals(0, d.liveBufferCount());
    }
}
