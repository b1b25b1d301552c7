package drcn.runtime.distributed;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Locale;

/**
 * The few collective operations data-parallel training needs, over a group of {@link #size} processes numbered
 * {@code 0 .. size-1}: every process calls the same operations in the same order (a collective that one process
 * skips waits for ever, so a process that fails calls {@link #abort}). Buffers are host memory: the caller reads its
 * device buffer to the host, calls, and writes it back.
 *
 * <p>Implementations: {@link Local} (one process, nothing to exchange), {@link MpiCollective} (libmpi: any backend,
 * any number of machines, started by {@code mpirun}) and {@link NcclCollective} (libnccl between NVIDIA GPUs).
 */
public interface Collective extends AutoCloseable {

    /** This process's number, 0 .. size-1; rank 0 alone writes files. */
    int rank();

    /** The number of processes. */
    int size();

    /**
     * Replaces {@code count} floats at the start of {@code floats} (host memory) with their sum over every process, in
     * place; every process ends with the same sum, bit for bit.
     */
    void allReduceSum(MemorySegment floats, long count);

    /** Replaces {@code bytes} (host memory) on every process with rank {@code root}'s. */
    void broadcast(MemorySegment bytes, int root);

    /** Returns once every process has called it. */
    void barrier();

    /**
     * Ends every process of the group with exit code {@code code} (after this process's own message is out): how one
     * process's failure stops the others, which would otherwise wait in their next collective for ever.
     */
    void abort(int code);

    /** Leaves the group (the last call of a process that ran to its end). */
    @Override
    void close();

    /** {@link #allReduceSum(MemorySegment, long)} of a heap array, through one off-heap copy each way. */
    default void allReduceSum(float[] values) {
        if (size() == 1) return;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(ValueLayout.JAVA_FLOAT, Math.max(1, values.length));
            MemorySegment.copy(values, 0, s, ValueLayout.JAVA_FLOAT, 0, values.length);
            allReduceSum(s, values.length);
            MemorySegment.copy(s, ValueLayout.JAVA_FLOAT, 0, values, 0, values.length);
        }
    }

    /** {@link #broadcast(MemorySegment, int)} of longs from rank 0: every process gets rank 0's values. */
    default void broadcast(long[] values) {
        if (size() == 1) return;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(ValueLayout.JAVA_LONG, Math.max(1, values.length));
            MemorySegment.copy(values, 0, s, ValueLayout.JAVA_LONG, 0, values.length);
            broadcast(s, 0);
            MemorySegment.copy(s, ValueLayout.JAVA_LONG, 0, values, 0, values.length);
        }
    }

    /** The kinds {@code drcn train --distributed} accepts. */
    enum Kind { NONE, MPI, NCCL;

        /** The kind named {@code name} (case ignored); one sentence naming the choices otherwise. */
        public static Kind parse(String name) {
            try {
                return valueOf(name.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new DistributedException("--distributed must be none, mpi or nccl, not '" + name + "'.");
            }
        }
    }

    /**
     * Joins the group of this kind: {@link Local} for NONE; for MPI, MPI_Init (under {@code mpirun -np N} the group
     * is the N processes; started alone, a group of one); for NCCL, MPI as well when {@code mpirun} started this
     * process (it carries the NCCL unique id), otherwise the RANK / WORLD_SIZE / MASTER_ADDR / MASTER_PORT variables
     * of {@code torchrun}-style launchers.
     */
    static Collective open(Kind kind) {
        return switch (kind) {
            case NONE -> new Local();
            case MPI -> MpiCollective.init();
            case NCCL -> NcclCollective.init();
        };
    }

    /** One process: sums and broadcasts leave the buffer as it is. */
    final class Local implements Collective {
        @Override public int rank() { return 0; }
        @Override public int size() { return 1; }
        @Override public void allReduceSum(MemorySegment floats, long count) {}
        @Override public void broadcast(MemorySegment bytes, int root) {}
        @Override public void barrier() {}
        @Override public void abort(int code) {}
        @Override public void close() {}
        @Override public String toString() { return "1 process"; }
    }
}
