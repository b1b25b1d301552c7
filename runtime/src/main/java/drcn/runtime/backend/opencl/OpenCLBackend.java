package drcn.runtime.backend.opencl;

import drcn.runtime.backend.Backend;
import drcn.runtime.backend.Device;
import drcn.runtime.backend.DeviceInfo;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

import static drcn.runtime.backend.opencl.OpenCL.*;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * Every device of every OpenCL platform (CPUs, GPUs, accelerators), numbered in platform order
 * then device order: that number is the {@code N} of {@code --device opencl:N}.
 */
public final class OpenCLBackend implements Backend {

    public OpenCLBackend() {}

    @Override
    public String name() {
        return "opencl";
    }

    /** The devices' descriptions, without creating contexts (what {@code drcn devices} shows). */
    public List<DeviceInfo> listDevices() {
        return discover().stream().map(Found::info).toList();
    }

    /** Opens every device: one context and one in-order profiling queue each. Close them when done. */
    @Override
    public List<Device> openDevices() {
        var devices = new ArrayList<Device>();
        try {
            for (Found found : discover()) devices.add(new OpenCLDevice(OpenCL.get(), found.handle(), found.info()));
        } catch (RuntimeException e) {
            devices.forEach(Device::close); // don't leak the contexts already made
            throw e;
        }
        return devices;
    }

    /** A device handle (owned by the driver, never released) with its description. */
    record Found(MemorySegment handle, DeviceInfo info) {}

    static List<Found> discover() {
        OpenCL cl = OpenCL.get();
        var found = new ArrayList<Found>();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment count = arena.allocate(JAVA_INT);
            int err = cl.clGetPlatformIDs(0, MemorySegment.NULL, count);
            // The ICD loader answers CL_PLATFORM_NOT_FOUND_KHR when no driver is registered in /etc/OpenCL/vendors.
            if (err == CL_PLATFORM_NOT_FOUND_KHR || (err == CL_SUCCESS && count.get(JAVA_INT, 0) == 0)) throw OpenCL.noPlatform();
            check(err, "clGetPlatformIDs");
            int platformCount = count.get(JAVA_INT, 0);
            MemorySegment platforms = arena.allocate(ADDRESS, platformCount);
            check(cl.clGetPlatformIDs(platformCount, platforms, MemorySegment.NULL), "clGetPlatformIDs");

            for (int p = 0; p < platformCount; p++) {
                MemorySegment platform = platforms.getAtIndex(ADDRESS, p);
                String platformName = cl.platformString(platform, CL_PLATFORM_NAME);
                SignalChaining.warnIfMissing(platformName);
                err = cl.clGetDeviceIDs(platform, CL_DEVICE_TYPE_ALL, 0, MemorySegment.NULL, count);
                if (err == -1 /* CL_DEVICE_NOT_FOUND: a platform with no device is not an error */) continue;
                check(err, "clGetDeviceIDs");
                int deviceCount = count.get(JAVA_INT, 0);
                MemorySegment devices = arena.allocate(ADDRESS, Math.max(1, deviceCount));
                check(cl.clGetDeviceIDs(platform, CL_DEVICE_TYPE_ALL, deviceCount, devices, MemorySegment.NULL), "clGetDeviceIDs");
                for (int d = 0; d < deviceCount; d++) {
                    MemorySegment device = devices.getAtIndex(ADDRESS, d);
                    var info = new DeviceInfo("opencl", found.size(), platformName,
                            cl.deviceString(device, CL_DEVICE_NAME),
                            cl.deviceString(device, CL_DRIVER_VERSION),
                            cl.deviceInt(device, CL_DEVICE_MAX_COMPUTE_UNITS),
                            cl.deviceLong(device, CL_DEVICE_GLOBAL_MEM_SIZE),
                            Math.toIntExact(Math.min(Integer.MAX_VALUE, cl.deviceLong(device, CL_DEVICE_MAX_WORK_GROUP_SIZE))),
                            cl.deviceLong(device, CL_DEVICE_LOCAL_MEM_SIZE),
                            (cl.deviceLong(device, CL_DEVICE_TYPE) & CL_DEVICE_TYPE_CPU) != 0,
                            sliceAlignment(cl.deviceInt(device, CL_DEVICE_MEM_BASE_ADDR_ALIGN)));
                    found.add(new Found(device, info));
                }
            }
        }
        if (found.isEmpty()) throw OpenCL.noPlatform();
        return found;
    }

    /**
     * Bytes a sub-buffer's origin must be a multiple of: CL_DEVICE_MEM_BASE_ADDR_ALIGN is in bits (PoCL's CPU device:
     * 1024, so 128 bytes); a power of two of at least 4 bytes (a value the spec does not allow is rounded up to one).
     */
    static long sliceAlignment(int baseAddressAlignBits) {
        long bytes = Math.max(4, (Integer.toUnsignedLong(baseAddressAlignBits) + 7) / 8);
        return Long.bitCount(bytes) == 1 ? bytes : Long.highestOneBit(bytes) << 1;
    }
}
