package drcn.runtime.jit;

import drcn.compiler.emit.Dialect;
import drcn.kernels.suite.RangeKernels;
import drcn.runtime.backend.Kernels;
import drcn.runtime.config.Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class KernelJitTest {

    @Test
    void specializationTurnsIntParametersIntoDefinesAndIsCached() {
        var kernel = Kernels.ref(RangeKernels::range2D);
        String generic = KernelJit.source(kernel, Map.of(), Dialect.OPENCL);
        String specialized = KernelJit.source(kernel, Map.of("width", 37, "height", 23), Dialect.OPENCL);
        assertFalse(generic.contains("#define"), generic);
        assertTrue(specialized.contains("#define width 37"), specialized);
        assertTrue(specialized.contains("#define height 23"), specialized);
        assertFalse(specialized.contains("int width,"), "a specialized parameter leaves the signature:\n" + specialized);
        assertSame(specialized, KernelJit.source(kernel, Map.of("height", 23, "width", 37), Dialect.OPENCL));
    }

    @Test
    void onlyIntParametersCanBeSpecialized() {
        var kernel = Kernels.ref(RangeKernels::range2D);
        var error = assertThrows(IllegalArgumentException.class,
                () -> KernelJit.source(kernel, Map.of("depth", 3), Dialect.CUDA));
        assertTrue(error.getMessage().contains("constant 'depth' names no parameter of RangeKernels.range2D"), error.getMessage());
    }

    @Test
    void dumpKernelsWritesEveryGeneratedSource(@TempDir Path dir) throws Exception {
        System.setProperty(Settings.DUMP_KERNELS, dir.toString());
        try {
            Settings.reload();
            var kernel = Kernels.ref(RangeKernels::range3D);
            KernelJit.source(kernel, Map.of("w", 9), Dialect.OPENCL);
            KernelJit.source(kernel, Map.of("w", 9), Dialect.CUDA);
            assertTrue(Files.readString(dir.resolve("RangeKernels.range3D-w=9.cl")).contains("__kernel void range3D"));
            assertTrue(Files.readString(dir.resolve("RangeKernels.range3D-w=9.cu")).contains("__global__ void range3D"));
        } finally {
            System.clearProperty(Settings.DUMP_KERNELS);
            Settings.reload();
        }
    }
}
