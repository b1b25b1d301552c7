package drcn.runtime.backend.cuda;

import drcn.runtime.backend.Backend;
import drcn.runtime.backend.BackendUnavailableException;
import drcn.runtime.backend.Device;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

import static java.lang.foreign.ValueLayout.JAVA_INT;

/** NVIDIA GPUs through the CUDA driver API; kernels are built by NVRTC and JIT-loaded as PTX. */
public final class CudaBackend implements Backend {

    @Override
    public String name() {
        return "cuda";
    }

    @Override
    public List<Device> openDevices() {
        CudaLibraries cuda = CudaLibraries.load();
        try (Arena arena = Arena.ofConfined()) {
            int init = (int) cuda.cuInit.invokeExact(0);
            if (init == CudaLibraries.ERROR_NO_DEVICE) {
                throw new BackendUnavailableException("the CUDA driver is installed but sees no GPU");
            }
            if (init != 0) {
                throw new BackendUnavailableException("the CUDA driver failed to start (cuInit returned " + init
                        + "): check that the NVIDIA kernel module is loaded (nvidia-smi)");
            }
            MemorySegment count = arena.allocate(JAVA_INT);
            cuda.check((int) cuda.cuDeviceGetCount.invokeExact(count), "cuDeviceGetCount");
            var devices = new ArrayList<Device>();
            for (int i = 0; i < count.get(JAVA_INT, 0); i++) devices.add(new CudaDevice(cuda, i));
            return devices;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new BackendUnavailableException("the CUDA driver could not be called: " + e, e);
        }
    }
}
