package drcn.runtime.distributed;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.junit.jupiter.api.Assertions.*;

/**
 * NcclCollective's bindings against a real libnccl.so.2, without a GPU: every NCCL function it calls is found with
 * the descriptor it binds, and the calls that need no device answer (ncclGetVersion: NCCL 2.12 or later, as the
 * collective requires; ncclGetErrorString). Skipped where no library is at $DRCN_LIBNCCL or $NCCL_HOME/lib.
 */
class NcclLibraryTest {

    static Optional<Path> library() {
        return Stream.of(System.getenv("DRCN_LIBNCCL"), System.getenv("NCCL_HOME") == null ? null : System.getenv("NCCL_HOME") + "/lib/libnccl.so.2")
                .filter(p -> p != null && !p.isBlank() && Files.isRegularFile(Path.of(p))).map(Path::of).findFirst();
    }

    @Test
    void everyBoundFunctionIsInLibncclAndTheVersionIsRecentEnough() throws Throwable {
        Optional<Path> path = library();
        Assumptions.assumeTrue(path.isPresent(), "libnccl.so.2 is not at $DRCN_LIBNCCL or $NCCL_HOME/lib (NVIDIA's libnccl2, or the nvidia-nccl wheel)");
        SymbolLookup lookup = SymbolLookup.libraryLookup(path.get(), Arena.global());
        Map<String, MethodHandle> nccl = NcclCollective.bind(Linker.nativeLinker(), lookup, NcclCollective.NCCL);
        assertEquals(NcclCollective.NCCL.keySet(), nccl.keySet());
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment version = arena.allocate(JAVA_INT);
            assertEquals(0, (int) nccl.get("ncclGetVersion").invokeExact(version), "ncclGetVersion failed");
            int code = version.get(JAVA_INT, 0); // 2.12.x is 21200 + x since NCCL 2.9
            assertTrue(code >= 21200, "NCCL " + code + " is older than 2.12, which the collective needs");
        }
        String success = ((MemorySegment) nccl.get("ncclGetErrorString").invokeExact(0)).reinterpret(256).getString(0);
        assertFalse(success.isBlank(), "ncclGetErrorString(ncclSuccess) is empty");
    }
}
