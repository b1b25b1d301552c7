package drcn.runtime.distributed;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * {@link Collective} over MPI (Open MPI's libmpi) through java.lang.foreign, on MPI_COMM_WORLD: the processes
 * {@code mpirun -np N} started, on one machine or several. Host buffers only, so it works with every backend.
 *
 * <p>Open MPI's ABI: the handles MPI_COMM_WORLD, MPI_FLOAT, MPI_BYTE and MPI_SUM are the addresses of the globals
 * {@code ompi_mpi_comm_world}, {@code ompi_mpi_float}, {@code ompi_mpi_byte} and {@code ompi_mpi_op_sum}; MPI_IN_PLACE
 * is {@code (void *) 1}; counts are C ints (longer buffers go in chunks of at most 2^30 elements). MpiHeaderTest
 * checks these against mpi.h. libmpi is opened with RTLD_GLOBAL, as mpicc-linked programs have it: Open MPI's plugins
 * (mca_*.so) resolve their symbols against it.
 *
 * <p>Every call is made from the thread that initialised MPI (MPI_THREAD_FUNNELED); MPI's default error handler
 * (MPI_ERRORS_ARE_FATAL) ends the whole job on a failed call, and the return codes are checked too.
 */
public final class MpiCollective implements Collective {
    static final int THREAD_FUNNELED = 1;
    static final long IN_PLACE = 1;
    static final int SUCCESS = 0;
    /** Elements per MPI call: int counts, and well under any transport's message limit. */
    static final int CHUNK = 1 << 30;
    /** dlopen's flags (dlfcn.h on Linux). */
    private static final int RTLD_NOW = 2, RTLD_GLOBAL = 0x100;

    /** Where libmpi is looked for: $DRCN_LIBMPI, then the loader's path (openmpi's runtime package), then Debian's folder. */
    static List<String> candidates() {
        List<String> names = new ArrayList<>();
        String env = System.getenv("DRCN_LIBMPI");
        if (env != null && !env.isBlank()) names.add(env);
        names.add("libmpi.so.40");
        names.add("libmpi.so");
        names.add("/usr/lib/x86_64-linux-gnu/libmpi.so.40");
        names.add("/usr/lib64/openmpi/lib/libmpi.so.40");
        return names;
    }

    private static MpiCollective instance;

    private final MethodHandle allreduce, bcast, barrier, abort, finalize;
    private final MemorySegment world, floatType, byteType, sum;
    private final int rank, size;
    private boolean closed;

    private MpiCollective(SymbolLookup mpi) {
        Linker linker = Linker.nativeLinker();
        MethodHandle initThread = function(linker, mpi, "MPI_Init_thread", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS));
        MethodHandle commRank = function(linker, mpi, "MPI_Comm_rank", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        MethodHandle commSize = function(linker, mpi, "MPI_Comm_size", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        allreduce = function(linker, mpi, "MPI_Allreduce", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
        bcast = function(linker, mpi, "MPI_Bcast", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS));
        barrier = function(linker, mpi, "MPI_Barrier", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        abort = function(linker, mpi, "MPI_Abort", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        finalize = function(linker, mpi, "MPI_Finalize", FunctionDescriptor.of(JAVA_INT));
        world = global(mpi, "ompi_mpi_comm_world");
        floatType = global(mpi, "ompi_mpi_float");
        byteType = global(mpi, "ompi_mpi_byte");
        sum = global(mpi, "ompi_mpi_op_sum");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment provided = arena.allocate(JAVA_INT), out = arena.allocate(JAVA_INT);
            // argc and argv NULL: MPI-2 allows it; mpirun passes what MPI needs through the environment
            check((int) initThread.invokeExact(MemorySegment.NULL, MemorySegment.NULL, THREAD_FUNNELED, provided), "MPI_Init_thread");
            check((int) commRank.invokeExact(world, out), "MPI_Comm_rank");
            rank = out.get(JAVA_INT, 0);
            check((int) commSize.invokeExact(world, out), "MPI_Comm_size");
            size = out.get(JAVA_INT, 0);
        } catch (DistributedException e) {
            throw e;
        } catch (Throwable t) {
            throw new DistributedException("MPI could not start (" + t + ").", t);
        }
    }

    /** Initialises MPI (once per process) and joins MPI_COMM_WORLD; one sentence if libmpi is missing. */
    public static synchronized MpiCollective init() {
        if (instance == null) instance = new MpiCollective(load());
        return instance;
    }

    /** libmpi opened globally, or one sentence naming the packages that install it. */
    static SymbolLookup load() {
        Linker linker = Linker.nativeLinker();
        MethodHandle dlopen = linker.downcallHandle(linker.defaultLookup().find("dlopen").orElseThrow(),
                FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT));
        for (String name : candidates()) {
            if (name.startsWith("/") && !Files.exists(Path.of(name))) continue;
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment handle = (MemorySegment) dlopen.invokeExact(arena.allocateFrom(name), RTLD_NOW | RTLD_GLOBAL);
                if (handle.address() == 0) continue;
            } catch (Throwable t) {
                continue;
            }
            // dlopen above made it global; this lookup finds the same (reference-counted) library
            return SymbolLookup.libraryLookup(name, Arena.global());
        }
        throw new DistributedException("--distributed mpi needs Open MPI's libmpi.so.40, which is not installed: "
                + "apt-get install openmpi-bin libopenmpi-dev (or set DRCN_LIBMPI to the library's path).");
    }

    private static MethodHandle function(Linker linker, SymbolLookup lookup, String name, FunctionDescriptor descriptor) {
        return linker.downcallHandle(symbol(lookup, name), descriptor);
    }

    private static MemorySegment global(SymbolLookup lookup, String name) {
        return symbol(lookup, name);
    }

    private static MemorySegment symbol(SymbolLookup lookup, String name) {
        return lookup.find(name).orElseThrow(() -> new DistributedException(
                "The libmpi found has no " + name + ": --distributed mpi needs Open MPI 4 or later (apt-get install openmpi-bin libopenmpi-dev)."));
    }

    private static void check(int code, String call) {
        if (code != SUCCESS) throw new DistributedException(call + " failed with MPI error " + code + ".");
    }

    @Override public int rank() { return rank; }

    @Override public int size() { return size; }

    @Override
    public void allReduceSum(MemorySegment floats, long count) {
        if (count * Float.BYTES > floats.byteSize()) throw new IllegalArgumentException(count + " floats do not fit in " + floats.byteSize() + " bytes");
        DistributedException.guard("MPI_Allreduce", () -> {
            for (long done = 0; done < count; done += CHUNK) {
                int n = (int) Math.min(CHUNK, count - done);
                MemorySegment part = floats.asSlice(done * Float.BYTES, (long) n * Float.BYTES);
                check((int) allreduce.invokeExact(MemorySegment.ofAddress(IN_PLACE), part, n, floatType, sum, world), "MPI_Allreduce");
            }
        });
    }

    @Override
    public void broadcast(MemorySegment bytes, int root) {
        DistributedException.guard("MPI_Bcast", () -> {
            for (long done = 0; done < bytes.byteSize(); done += CHUNK) {
                int n = (int) Math.min(CHUNK, bytes.byteSize() - done);
                check((int) bcast.invokeExact(bytes.asSlice(done, n), n, byteType, root, world), "MPI_Bcast");
            }
        });
    }

    @Override
    public void barrier() {
        DistributedException.guard("MPI_Barrier", () -> {
            check((int) barrier.invokeExact(world), "MPI_Barrier");
        });
    }

    @Override
    public void abort(int code) {
        System.out.flush();
        System.err.flush();
        try {
            int ignored = (int) abort.invokeExact(world, code);
        } catch (Throwable t) {
            // MPI_Abort does not return; if it does, the exit below still ends this process
        }
        Runtime.getRuntime().halt(code);
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        DistributedException.guard("MPI_Finalize", () -> {
            check((int) finalize.invokeExact(), "MPI_Finalize");
        });
    }

    @Override
    public String toString() { return "MPI rank " + rank + " of " + size; }
}
