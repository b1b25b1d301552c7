package drcn.runtime.distributed;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * MpiCollective's view of Open MPI's ABI against the installed mpi.h: MPI_COMM_WORLD, MPI_FLOAT, MPI_BYTE and MPI_SUM
 * are the addresses of the globals it looks up, MPI_IN_PLACE is 1, MPI_THREAD_FUNNELED and MPI_SUCCESS have the values
 * it passes and expects, and MPI_Comm and the others are pointers. Skipped where mpicc (libopenmpi-dev) is missing.
 */
class MpiHeaderTest {
    @Test
    void handlesAndConstantsMatchMpiH() throws Exception {
        Assumptions.assumeTrue(Stream.of(System.getenv("PATH").split(":")).anyMatch(p -> Files.isExecutable(Path.of(p, "mpicc"))),
                "mpicc is not installed (apt-get install libopenmpi-dev)");
        Path dir = Files.createTempDirectory("drcn-mpi-h");
        Files.writeString(dir.resolve("abi.c"), """
                #include <mpi.h>
                #include <stdio.h>
                int main(void) {
                  printf("%d %d %d %d %d %d %d %zu\\n",
                    (void *) MPI_COMM_WORLD == (void *) &ompi_mpi_comm_world, (void *) MPI_FLOAT == (void *) &ompi_mpi_float,
                    (void *) MPI_BYTE == (void *) &ompi_mpi_byte, (void *) MPI_SUM == (void *) &ompi_mpi_op_sum,
                    (int) (long) MPI_IN_PLACE, MPI_THREAD_FUNNELED, MPI_SUCCESS, sizeof(MPI_Comm));
                  return 0;
                }
                """);
        run(dir, "mpicc", "abi.c", "-o", "abi");
        assertEquals(List.of(1, 1, 1, 1, (int) MpiCollective.IN_PLACE, MpiCollective.THREAD_FUNNELED, MpiCollective.SUCCESS, 8),
                Stream.of(run(dir, dir.resolve("abi").toString()).trim().split(" ")).map(Integer::parseInt).toList());
    }

    /** One process without mpirun (MPI's singleton start): rank 0 of 1, and the sum of one process is its own buffer. */
    @Test
    void aSingletonSumsToItself() throws Exception {
        Assumptions.assumeTrue(Stream.of(System.getenv("PATH").split(":")).anyMatch(p -> Files.isExecutable(Path.of(p, "mpirun"))),
                "Open MPI is not installed (apt-get install openmpi-bin libopenmpi-dev)");
        // in a child JVM: MPI_Init and MPI_Finalize may run once per process
        var command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), Singleton.class.getName());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(2, TimeUnit.MINUTES));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("rank 0 of 1: 1.5 -2.25 42"), out);
    }

    public static final class Singleton {
        public static void main(String[] args) {
            try (Collective c = Collective.open(Collective.Kind.MPI)) {
                float[] v = {1.5f, -2.25f};
                long[] l = {42};
                try (var arena = java.lang.foreign.Arena.ofConfined()) {   // MPI_Allreduce itself (the float[] form skips a group of one)
                    var s = arena.allocateFrom(java.lang.foreign.ValueLayout.JAVA_FLOAT, v);
                    c.allReduceSum(s, v.length);
                    v = s.toArray(java.lang.foreign.ValueLayout.JAVA_FLOAT);
                }
                c.broadcast(l);
                c.barrier();
                System.out.println("rank " + c.rank() + " of " + c.size() + ": " + v[0] + " " + v[1] + " " + l[0]);
            }
        }
    }

    private static String run(Path dir, String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "timed out: " + String.join(" ", command));
        assertEquals(0, p.exitValue(), String.join(" ", command) + ":\n" + out);
        return out;
    }
}
