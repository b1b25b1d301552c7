package drcn.runtime.distributed;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * {@link Collective} over NCCL (libnccl.so.2) between NVIDIA GPUs, one GPU per process, through java.lang.foreign.
 * NCCL works on device memory: the host buffers of {@link Collective} go through one staging buffer on this process's
 * GPU (cuMemcpyHtoD, the NCCL call on the NULL stream, cuMemcpyDtoH), so the sum itself runs over NVLink/InfiniBand at
 * NCCL's speed; {@link #allReduceSumDevice} sums a device buffer in place with no copy.
 *
 * <p>The processes find each other through NCCL's unique id (128 bytes from ncclGetUniqueId on rank 0): sent with
 * MPI_Bcast when {@code mpirun} started the processes (OMPI_COMM_WORLD_SIZE is set), otherwise over TCP from rank 0 to
 * the others by the variables {@code torchrun} sets: RANK, WORLD_SIZE, MASTER_ADDR, MASTER_PORT; the GPU is
 * LOCAL_RANK's (mpirun: OMPI_COMM_WORLD_LOCAL_RANK). NcclHeaderTest checks the bindings against nccl.h.
 */
final class NcclCollective implements Collective {
    // nccl.h
    static final int UNIQUE_ID_BYTES = 128;
    static final int SUCCESS = 0;
    static final int UINT8 = 1, FLOAT32 = 7;
    static final int SUM = 0;

    /** ncclUniqueId: {@code typedef struct { char internal[NCCL_UNIQUE_ID_BYTES]; } ncclUniqueId;}, passed by value to ncclCommInitRank. */
    static final MemoryLayout UNIQUE_ID = MemoryLayout.structLayout(MemoryLayout.sequenceLayout(UNIQUE_ID_BYTES, JAVA_BYTE).withName("internal"));

    /** Each NCCL call this class binds, by name, with its C signature as nccl.h declares it (NcclHeaderTest compares). */
    static final Map<String, FunctionDescriptor> NCCL = Map.of(
            "ncclGetVersion", FunctionDescriptor.of(JAVA_INT, ADDRESS),
            "ncclGetUniqueId", FunctionDescriptor.of(JAVA_INT, ADDRESS),
            "ncclCommInitRank", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, UNIQUE_ID, JAVA_INT),
            "ncclAllReduce", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS),
            "ncclBroadcast", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS),
            "ncclCommDestroy", FunctionDescriptor.of(JAVA_INT, ADDRESS),
            "ncclCommAbort", FunctionDescriptor.of(JAVA_INT, ADDRESS),
            "ncclGetErrorString", FunctionDescriptor.of(ADDRESS, JAVA_INT));

    /** The CUDA driver calls of the staging buffer (cuda.h's symbols: the _v2 ABIs). */
    static final Map<String, FunctionDescriptor> CUDA = Map.of(
            "cuInit", FunctionDescriptor.of(JAVA_INT, JAVA_INT),
            "cuDeviceGet", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT),
            "cuDevicePrimaryCtxRetain", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT),
            "cuCtxSetCurrent", FunctionDescriptor.of(JAVA_INT, ADDRESS),
            "cuMemAlloc_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG),
            "cuMemFree_v2", FunctionDescriptor.of(JAVA_INT, JAVA_LONG),
            "cuMemcpyHtoD_v2", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, ADDRESS, JAVA_LONG),
            "cuMemcpyDtoH_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG),
            "cuCtxSynchronize", FunctionDescriptor.of(JAVA_INT));

    final Map<String, MethodHandle> nccl, cuda;
    private final int rank, size;
    private final MemorySegment comm, context;
    private final Collective bootstrap;
    private long staging;
    private long stagingBytes;
    private boolean closed;

    private NcclCollective(Map<String, MethodHandle> nccl, Map<String, MethodHandle> cuda, int rank, int size, int gpu, Collective bootstrap) {
        this.nccl = nccl;
        this.cuda = cuda;
        this.rank = rank;
        this.size = size;
        this.bootstrap = bootstrap;
        try (Arena arena = Arena.ofConfined()) {
            cu("cuInit", (int) cuda.get("cuInit").invokeExact(0));
            MemorySegment device = arena.allocate(JAVA_INT), ctx = arena.allocate(ADDRESS);
            cu("cuDeviceGet", (int) cuda.get("cuDeviceGet").invokeExact(device, gpu));
            cu("cuDevicePrimaryCtxRetain", (int) cuda.get("cuDevicePrimaryCtxRetain").invokeExact(ctx, device.get(JAVA_INT, 0)));
            context = ctx.get(ADDRESS, 0);
            cu("cuCtxSetCurrent", (int) cuda.get("cuCtxSetCurrent").invokeExact(context));
            MemorySegment id = arena.allocate(UNIQUE_ID);
            if (rank == 0) check("ncclGetUniqueId", (int) nccl.get("ncclGetUniqueId").invokeExact(id));
            shareUniqueId(id);
            MemorySegment out = arena.allocate(ADDRESS);
            check("ncclCommInitRank", (int) nccl.get("ncclCommInitRank").invokeExact(out, size, id, rank));
            comm = out.get(ADDRESS, 0);
        } catch (DistributedException e) {
            throw e;
        } catch (Throwable t) {
            throw new DistributedException("NCCL could not start (" + t + ").", t);
        }
    }

    /** Joins the group; one sentence where libnccl or libcuda is missing or the launcher's variables are. */
    static NcclCollective init() {
        SymbolLookup ncclLibrary = library("libnccl.so.2", "DRCN_LIBNCCL", "--distributed nccl needs NCCL's libnccl.so.2, which was not found: "
                + "install NVIDIA's libnccl2 package or the nvidia-nccl-cu12 wheel, or set DRCN_LIBNCCL to the library's path.");
        SymbolLookup cudaLibrary = library("libcuda.so.1", "DRCN_LIBCUDA", "--distributed nccl needs an NVIDIA GPU and its driver (libcuda.so.1), "
                + "which were not found: use --distributed mpi on other devices.");
        Linker linker = Linker.nativeLinker();
        Map<String, MethodHandle> n = bind(linker, ncclLibrary, NCCL), c = bind(linker, cudaLibrary, CUDA);
        if (System.getenv("OMPI_COMM_WORLD_SIZE") != null) {
            MpiCollective mpi = MpiCollective.init();
            return new NcclCollective(n, c, mpi.rank(), mpi.size(), intEnv("OMPI_COMM_WORLD_LOCAL_RANK", 0), mpi);
        }
        int rank = intEnv("RANK", -1), size = intEnv("WORLD_SIZE", -1);
        if (rank < 0 || size < 1) {
            throw new DistributedException("--distributed nccl needs its processes started by mpirun -np N, or by a launcher such as "
                    + "torchrun that sets RANK, WORLD_SIZE, MASTER_ADDR and MASTER_PORT.");
        }
        return new NcclCollective(n, c, rank, size, intEnv("LOCAL_RANK", 0), null);
    }

    /**
     * Rank 0's unique id to every process: MPI_Bcast when MPI started them, otherwise over TCP: rank 0 listens on
     * MASTER_PORT and sends the 128 bytes to each of the WORLD_SIZE - 1 others, which connect to MASTER_ADDR (retrying
     * for a minute while rank 0 starts).
     */
    private void shareUniqueId(MemorySegment id) throws IOException, InterruptedException {
        if (bootstrap != null) {
            bootstrap.broadcast(id, 0);
            return;
        }
        if (size == 1) return;
        String address = System.getenv("MASTER_ADDR");
        int port = intEnv("MASTER_PORT", -1);
        if (address == null || port <= 0) throw new DistributedException("--distributed nccl without mpirun needs MASTER_ADDR and MASTER_PORT.");
        byte[] bytes = new byte[UNIQUE_ID_BYTES];
        if (rank == 0) {
            MemorySegment.copy(id, JAVA_BYTE, 0, bytes, 0, bytes.length);
            try (ServerSocket server = new ServerSocket(port)) {
                for (int i = 1; i < size; i++) {
                    try (Socket s = server.accept(); OutputStream out = s.getOutputStream()) {
                        out.write(bytes);
                    }
                }
            }
        } else {
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (true) {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(address, port), 5000);
                    new DataInputStream(s.getInputStream()).readFully(bytes);
                    break;
                } catch (IOException e) {
                    if (System.nanoTime() > deadline) {
                        throw new DistributedException("Rank " + rank + " could not reach rank 0 at " + address + ":" + port + " within a minute (" + e.getMessage() + ").", e);
                    }
                    Thread.sleep(200);
                }
            }
            MemorySegment.copy(bytes, 0, id, JAVA_BYTE, 0, bytes.length);
        }
    }

    private static SymbolLookup library(String name, String variable, String missing) {
        List<String> candidates = new ArrayList<>();
        String env = System.getenv(variable);
        if (env != null && !env.isBlank()) candidates.add(env);
        candidates.add(name);
        for (String c : candidates) {
            try {
                if (c.startsWith("/") && !Files.exists(Path.of(c))) continue;
                return SymbolLookup.libraryLookup(c, Arena.global());
            } catch (IllegalArgumentException e) {
                // not found under this name: the next
            }
        }
        throw new DistributedException(missing);
    }

    static Map<String, MethodHandle> bind(Linker linker, SymbolLookup lookup, Map<String, FunctionDescriptor> functions) {
        var handles = new java.util.HashMap<String, MethodHandle>();
        functions.forEach((name, descriptor) -> handles.put(name, linker.downcallHandle(lookup.find(name).orElseThrow(
                () -> new DistributedException("The NCCL or CUDA library found has no " + name + ": --distributed nccl needs NCCL 2.12 or later.")),
                descriptor)));
        return Map.copyOf(handles);
    }

    private static int intEnv(String name, int otherwise) {
        String v = System.getenv(name);
        try {
            return v == null ? otherwise : Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new DistributedException("The variable " + name + " must be a whole number, not '" + v + "'.");
        }
    }

    private void check(String call, int result) throws Throwable {
        if (result != SUCCESS) {
            MemorySegment text = (MemorySegment) nccl.get("ncclGetErrorString").invokeExact(result);
            throw new DistributedException(call + " failed: " + text.reinterpret(1000).getString(0) + " (NCCL error " + result + ").");
        }
    }

    private static void cu(String call, int result) {
        if (result != 0) throw new DistributedException(call + " failed with CUDA error " + result + ".");
    }

    @Override public int rank() { return rank; }

    @Override public int size() { return size; }

    /** Sums {@code count} floats at the device address {@code buffer} (on this process's GPU) over every process, in place. */
    public void allReduceSumDevice(long buffer, long count) {
        DistributedException.guard("ncclAllReduce", () -> {
            check("ncclAllReduce", (int) nccl.get("ncclAllReduce").invokeExact(MemorySegment.ofAddress(buffer), MemorySegment.ofAddress(buffer),
                    count, FLOAT32, SUM, comm, MemorySegment.NULL));
            cu("cuCtxSynchronize", (int) cuda.get("cuCtxSynchronize").invokeExact());
        });
    }

    @Override
    public void allReduceSum(MemorySegment floats, long count) {
        long bytes = count * Float.BYTES;
        long device = stage(floats, bytes);
        allReduceSumDevice(device, count);
        unstage(floats, device, bytes);
    }

    @Override
    public void broadcast(MemorySegment bytes, int root) {
        long device = stage(bytes, bytes.byteSize());
        DistributedException.guard("ncclBroadcast", () -> {
            check("ncclBroadcast", (int) nccl.get("ncclBroadcast").invokeExact(MemorySegment.ofAddress(device), MemorySegment.ofAddress(device),
                    bytes.byteSize(), UINT8, root, comm, MemorySegment.NULL));
            cu("cuCtxSynchronize", (int) cuda.get("cuCtxSynchronize").invokeExact());
        });
        unstage(bytes, device, bytes.byteSize());
    }

    /** The staging buffer (grown to {@code bytes}) holding a copy of {@code host}. */
    private long stage(MemorySegment host, long bytes) {
        DistributedException.guard("Copying to the GPU for NCCL", () -> {
            cu("cuCtxSetCurrent", (int) cuda.get("cuCtxSetCurrent").invokeExact(context));
            if (stagingBytes < bytes) {
                if (staging != 0) cu("cuMemFree", (int) cuda.get("cuMemFree_v2").invokeExact(staging));
                try (Arena arena = Arena.ofConfined()) {
                    MemorySegment out = arena.allocate(JAVA_LONG);
                    cu("cuMemAlloc", (int) cuda.get("cuMemAlloc_v2").invokeExact(out, Math.max(bytes, 4L)));
                    staging = out.get(JAVA_LONG, 0);
                }
                stagingBytes = bytes;
            }
            cu("cuMemcpyHtoD", (int) cuda.get("cuMemcpyHtoD_v2").invokeExact(staging, host, bytes));
        });
        return staging;
    }

    private void unstage(MemorySegment host, long device, long bytes) {
        DistributedException.guard("Copying from the GPU for NCCL", () -> {
            cu("cuMemcpyDtoH", (int) cuda.get("cuMemcpyDtoH_v2").invokeExact(host, device, bytes));
        });
    }

    @Override
    public void barrier() {
        try (Arena arena = Arena.ofConfined()) {
            allReduceSum(arena.allocate(JAVA_INT), 1);
        }
    }

    /** Ends this process after aborting its communicator; MPI_Abort ends the others where MPI started them (torchrun does on its own). */
    @Override
    public void abort(int code) {
        System.out.flush();
        System.err.flush();
        try {
            int ignored = (int) nccl.get("ncclCommAbort").invokeExact(comm);
        } catch (Throwable t) {
            // ending anyway
        }
        if (bootstrap != null) bootstrap.abort(code);
        Runtime.getRuntime().halt(code);
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        DistributedException.guard("ncclCommDestroy", () -> {
            if (staging != 0) cu("cuMemFree", (int) cuda.get("cuMemFree_v2").invokeExact(staging));
            check("ncclCommDestroy", (int) nccl.get("ncclCommDestroy").invokeExact(comm));
        });
        if (bootstrap != null) bootstrap.close();
    }

    @Override
    public String toString() { return "NCCL rank " + rank + " of " + size; }
}
