package drcn.runtime.backend.cuda;

import drcn.runtime.backend.BackendUnavailableException;
import drcn.runtime.jit.EveryKernelBuildsTest;
import drcn.runtime.jit.KernelJit;
import drcn.runtime.jit.KernelRef;
import drcn.compiler.emit.Dialect;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.lang.foreign.SymbolLookup;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The CUDA backend's native half without a GPU. Binding: every driver symbol resolves in a real
 * libcuda ($DRCN_LIBCUDA or the one the backend would find; nothing is called). NVRTC needs no GPU,
 * so where a libnvrtc is found ($DRCN_NVRTC, the toolkit, the loader's path, pip's wheels) every
 * kernel's CUDA C goes through our binding to a cubin for sm_90 and sm_80, as CudaDevice builds
 * it. Each test is skipped, with its reason, where its library is missing.
 */
class CudaLibrariesTest {

    @Test
    void everyDriverSymbolBinds() {
        SymbolLookup driver;
        try {
            driver = CudaLibraries.findDriver();
        } catch (BackendUnavailableException e) {
            Assumptions.abort("no libcuda here: " + e.getMessage());
            return;
        }
        CudaLibraries libraries = new CudaLibraries(driver, null);
        assertNotNull(libraries.cuEventElapsedTime);
        for (var symbol : CudaLibraries.DRIVER_SYMBOLS.entrySet()) {
            boolean found = driver.find(symbol.getValue()).isPresent()
                    || symbol.getKey().equals("cuEventElapsedTime") && driver.find("cuEventElapsedTime").isPresent();
            assertTrue(found, symbol.getValue());
        }
    }

    @Test
    void nvrtcBuildsEveryKernelThroughOurBinding() {
        CudaLibraries.Nvrtc nvrtc = nvrtcOrSkip();
        System.out.println("NVRTC " + nvrtc.version());
        for (KernelRef kernel : EveryKernelBuildsTest.allKernels()) {
            String source = KernelJit.source(kernel, Map.of(), Dialect.CUDA);
            for (int cc : List.of(90, 80)) {
                for (boolean fastMath : List.of(false, true)) {
                    byte[] cubin = nvrtc.compile(source, kernel.displayName(), CudaDevice.nvrtcOptions(cc, fastMath));
                    assertTrue(cubin.length > 4 && cubin[0] == 0x7f && cubin[1] == 'E' && cubin[2] == 'L' && cubin[3] == 'F',
                            kernel.displayName() + " sm_" + cc + ": not an ELF cubin");
                }
            }
        }
    }

    @Test
    void nvrtcPtxNamesTheKernelAndCompileErrorsCarryTheLog() {
        CudaLibraries.Nvrtc nvrtc = nvrtcOrSkip();
        KernelRef smoke = EveryKernelBuildsTest.allKernels().getFirst();
        byte[] ptx = nvrtc.compile(KernelJit.source(smoke, Map.of(), Dialect.CUDA), smoke.displayName(),
                List.of("--gpu-architecture=compute_80"));
        String text = new String(ptx, StandardCharsets.UTF_8);
        assertEquals(0, ptx[ptx.length - 1], "PTX keeps its NUL for cuModuleLoadDataEx");
        assertTrue(text.contains(".entry " + smoke.function().cName()), "extern \"C\" name in the PTX:\n" + text);
        var failure = assertThrows(CudaDevice.KernelBuildFailure.class,
                () -> nvrtc.compile("extern \"C\" __global__ void broken() { int x = ; }", "broken", List.of("--gpu-architecture=sm_80")));
        assertTrue(failure.getMessage().contains("NVRTC_ERROR_COMPILATION"), failure.getMessage());
        assertTrue(failure.getMessage().contains("broken.cu"), failure.getMessage());
    }

    private static CudaLibraries.Nvrtc nvrtcOrSkip() {
        try {
            return new CudaLibraries.Nvrtc(CudaLibraries.findNvrtc());
        } catch (BackendUnavailableException e) {
            Assumptions.abort("no NVRTC here: " + e.getMessage());
            return null;
        }
    }
}
