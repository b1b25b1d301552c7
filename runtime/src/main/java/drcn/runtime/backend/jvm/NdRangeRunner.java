package drcn.runtime.backend.jvm;

import drcn.kernels.Index;
import drcn.tornado.api.KernelContext;
import drcn.runtime.backend.BackendException;
import drcn.runtime.backend.Range;
import drcn.runtime.config.Settings;

import java.util.Arrays;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Phaser;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

/**
 * One launch of a kernel over an NDRange, with OpenCL's semantics: work-items 0..global-1 in each
 * dimension (exactly the global range: no rounding up, so guards in kernels are never exercised
 * here), split into work-groups of the local size.
 *
 * <p>Work-groups run in parallel on the common ForkJoinPool. Inside a group:
 * <ul>
 * <li>barrier-free kernels run the work-items one after the other on one thread, reusing one
 *     KernelContext (nothing can observe the order, and this is by far the cheapest);</li>
 * <li>barrier kernels run one virtual thread per work-item, sharing a {@link Phaser} as the barrier
 *     and one set of local arrays per group.</li>
 * </ul>
 * The first work-item that throws fails the launch with a {@link BackendException} naming the kernel
 * and the work-item; the other groups stop early and the failing group's barrier is broken so that
 * nothing deadlocks.
 */
final class NdRangeRunner {
    private final JvmCompiledKernel kernel;
    private final int[] global = new int[3];
    private final int[] local = new int[3];
    private final int[] groups = new int[3];
    private final int dimensions;
    private final Object[] arguments;
    private final AtomicReference<BackendException> failure = new AtomicReference<>();

    /** {@code arguments} are the kernel's, without the context. */
    NdRangeRunner(JvmCompiledKernel kernel, Range range, int[] localSize, Object[] arguments) {
        this.kernel = kernel;
        this.dimensions = range.dimensions();
        for (int d = 0; d < 3; d++) {
            global[d] = range.global(d);
            local[d] = d < localSize.length ? localSize[d] : 1;
            // A partial last group is allowed for barrier-free kernels (localSize() rejects it with barriers).
            groups[d] = Index.ceilDiv(global[d], local[d]);
        }
        this.arguments = arguments;
    }

    /**
     * The work-group size: the range's own, or the settings' default fitted to the global size
     * (per dimension the largest divisor of the global size not above the default, so that groups
     * are full as OpenCL 1.2 requires).
     */
    static int[] localSize(JvmCompiledKernel kernel, Range range, Settings settings) {
        int n = range.dimensions();
        int[] local = new int[n];
        if (range.local(0) > 0) {
            for (int d = 0; d < n; d++) {
                local[d] = range.local(d);
                if (kernel.usesBarriers() && range.global(d) % local[d] != 0) {
                    throw new IllegalArgumentException(kernel.kernel().displayName() + " uses barriers, so its global size "
                            + Arrays.toString(range.global()) + " must be a multiple of the local size " + Arrays.toString(range.local()));
                }
            }
        } else {
            int[] preferred = settings.defaultWorkGroup(n);
            for (int d = 0; d < n; d++) local[d] = largestDivisorAtMost(range.global(d), preferred[d]);
        }
        long items = 1;
        for (int l : local) items *= l;
        if (items > JvmDevice.MAX_WORK_GROUP_SIZE) {
            throw new IllegalArgumentException(kernel.kernel().displayName() + ": work-group " + Arrays.toString(local) + " has "
                    + items + " work-items; the device allows " + JvmDevice.MAX_WORK_GROUP_SIZE);
        }
        return local;
    }

    static int largestDivisorAtMost(int value, int limit) {
        for (int d = Math.min(value, limit); d > 1; d--) {
            if (value % d == 0) return d;
        }
        return 1;
    }

    void run() {
        int groupCount = groups[0] * groups[1] * groups[2];
        // A few more tasks than threads balances uneven groups; each task reuses its own objects.
        int tasks = Math.min(groupCount, 4 * Math.max(1, ForkJoinPool.getCommonPoolParallelism()));
        if (!kernel.usesBarriers()) {
            IntStream.range(0, tasks).parallel().forEach(task -> {
                var group = new SequentialGroup();
                var context = new KernelContext(group);
                Object[] call = callArguments(context);
                for (int g = task; g < groupCount && failure.get() == null; g += tasks) {
                    group.reset();
                    runSequentially(g, context, call);
                }
            });
        } else {
            // Fewer groups at once here: each one holds up to 1024 virtual threads.
            int concurrent = Math.min(groupCount, Math.max(1, ForkJoinPool.getCommonPoolParallelism()));
            IntStream.range(0, concurrent).parallel().forEach(task -> {
                for (int g = task; g < groupCount && failure.get() == null; g += concurrent) runWithThreads(g);
            });
        }
        BackendException e = failure.get();
        if (e != null) throw e;
    }

    private Object[] callArguments(KernelContext context) {
        if (!kernel.hasContext()) return arguments;
        int at = kernel.contextIndex();
        Object[] call = new Object[arguments.length + 1];
        System.arraycopy(arguments, 0, call, 0, at);
        call[at] = context;
        System.arraycopy(arguments, at, call, at + 1, arguments.length - at);
        return call;
    }

    private void runSequentially(int group, KernelContext context, Object[] call) {
        int gx = group % groups[0], gy = group / groups[0] % groups[1], gz = group / (groups[0] * groups[1]);
        int x0 = gx * local[0], y0 = gy * local[1], z0 = gz * local[2];
        int x1 = Math.min(x0 + local[0], global[0]), y1 = Math.min(y0 + local[1], global[1]), z1 = Math.min(z0 + local[2], global[2]);
        for (int z = z0; z < z1; z++) {
            for (int y = y0; y < y1; y++) {
                for (int x = x0; x < x1; x++) {
                    fill(context, x, y, z, gx, gy, gz);
                    context.startWorkItem();
                    try {
                        kernel.invoker().invokeExact(call);
                    } catch (Throwable t) {
                        fail(t, x, y, z);
                        return;
                    }
                }
            }
        }
    }

    private void runWithThreads(int group) {
        int gx = group % groups[0], gy = group / groups[0] % groups[1], gz = group / (groups[0] * groups[1]);
        int size = local[0] * local[1] * local[2];
        var shared = new SharedGroup(size);
        var threads = new Thread[size];
        var members = new GroupMember[size];
        for (int i = 0; i < size; i++) {
            int x = gx * local[0] + i % local[0], y = gy * local[1] + i / local[0] % local[1], z = gz * local[2] + i / (local[0] * local[1]);
            var member = members[i] = new GroupMember(shared);
            var context = new KernelContext(member);
            fill(context, x, y, z, gx, gy, gz);
            Object[] call = callArguments(context);
            threads[i] = Thread.ofVirtual().name("jvm-work-item-" + x + "-" + y + "-" + z).start(() -> {
                try {
                    kernel.invoker().invokeExact(call);
                } catch (BarrierBroken ignored) {
                    // Another work-item of this group failed; its exception is the one reported.
                } catch (Throwable t) {
                    fail(t, x, y, z);
                    shared.phaser.forceTermination();
                } finally {
                    // Leave the barrier so that the others are not kept waiting for this one.
                    shared.phaser.arriveAndDeregister();
                }
            });
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure.compareAndSet(null, new BackendException(kernel.kernel().displayName() + " was interrupted", e));
                return;
            }
        }
        if (failure.get() == null) checkBarrierCounts(members, gx, gy, gz);
    }

    /**
     * On a GPU a barrier that not every work-item of the group reaches is undefined behaviour (a hang,
     * or silently wrong results); here it would just work, so report it instead.
     */
    private void checkBarrierCounts(GroupMember[] members, int gx, int gy, int gz) {
        int first = members[0].barriers;
        for (int i = 1; i < members.length; i++) {
            if (members[i].barriers != first) {
                failure.compareAndSet(null, new BackendException(kernel.kernel().displayName() + ": in work-group "
                        + ids(gx, gy, gz) + " work-item " + i + " passed localBarrier() " + members[i].barriers
                        + " times but work-item 0 passed it " + first + " times; every work-item of a group must reach"
                        + " the same barriers (undefined behaviour on a GPU)"));
                return;
            }
        }
    }

    private void fill(KernelContext c, int x, int y, int z, int gx, int gy, int gz) {
        c.globalIdx = x; c.globalIdy = y; c.globalIdz = z;
        c.groupIdx = gx; c.groupIdy = gy; c.groupIdz = gz;
        c.localIdx = x - gx * local[0]; c.localIdy = y - gy * local[1]; c.localIdz = z - gz * local[2];
        c.globalGroupSizeX = global[0]; c.globalGroupSizeY = global[1]; c.globalGroupSizeZ = global[2];
        c.localGroupSizeX = local[0]; c.localGroupSizeY = local[1]; c.localGroupSizeZ = local[2];
    }

    private void fail(Throwable t, int x, int y, int z) {
        failure.compareAndSet(null, new BackendException("kernel " + kernel.kernel().displayName() + " failed in work-item "
                + ids(x, y, z) + ": " + t, t));
    }

    /** "(x)", "(x, y)" or "(x, y, z)" as the range has dimensions. */
    private String ids(int x, int y, int z) {
        return switch (dimensions) {
            case 1 -> "(" + x + ")";
            case 2 -> "(" + x + ", " + y + ")";
            default -> "(" + x + ", " + y + ", " + z + ")";
        };
    }

    /** Local memory of one work-group: the ordinal-th allocation is the same array for every work-item. */
    private static class LocalMemory {
        private final java.util.List<Object> arrays = new java.util.ArrayList<>();
        private long bytes;
        /** The SIMD-group functions' exchange slots, one per work-item (see KernelContext.simdWidth). */
        private float[] simdScratch;

        synchronized float[] simdScratch(int workItems) {
            if (simdScratch == null || simdScratch.length < workItems) simdScratch = new float[workItems];
            return simdScratch;
        }

        /** The warp-collective matrix functions' exchange slots (see KernelContext.MMA_SLOTS). */
        private int[] mmaScratch;

        synchronized int[] mmaScratch(int workItems) {
            int size = workItems * KernelContext.MMA_SLOTS;
            if (mmaScratch == null || mmaScratch.length < size) mmaScratch = new int[size];
            return mmaScratch;
        }

        synchronized Object array(int ordinal, Class<?> elementType, int size) {
            if (ordinal < arrays.size()) {
                Object a = arrays.get(ordinal);
                if (a.getClass().getComponentType() != elementType || java.lang.reflect.Array.getLength(a) != size) {
                    throw new IllegalStateException("local array " + ordinal + " is allocated with different types or sizes by different work-items");
                }
                return a;
            }
            if (ordinal != arrays.size()) throw new IllegalStateException("local arrays allocated out of order");
            bytes += (long) elementBytes(elementType) * size;
            if (bytes > JvmDevice.LOCAL_MEMORY_BYTES) {
                throw new IllegalStateException("the kernel's local arrays need " + bytes + " bytes; the device has "
                        + JvmDevice.LOCAL_MEMORY_BYTES + " bytes of local memory per work-group");
            }
            Object a = java.lang.reflect.Array.newInstance(elementType, size);
            arrays.add(a);
            return a;
        }

        private static int elementBytes(Class<?> elementType) {
            if (elementType == long.class || elementType == double.class) return 8;
            if (elementType == short.class || elementType == char.class) return 2;
            if (elementType == byte.class || elementType == boolean.class) return 1;
            return 4;
        }

        synchronized void reset() {
            arrays.clear();
            bytes = 0;
        }
    }

    /** A group whose work-items run one after the other: it has local memory but no barrier. */
    private final class SequentialGroup extends LocalMemory implements KernelContext.WorkGroup {
        @Override
        public void barrier() {
            // Only reachable if BarrierScan missed a barrier: fail loudly rather than compute nonsense.
            throw new IllegalStateException(kernel.kernel().displayName() + " called localBarrier() but was run as barrier-free");
        }

        @Override
        public Object localArray(int ordinal, Class<?> elementType, int size) { return array(ordinal, elementType, size); }

        @Override
        public float[] simdScratch() { return simdScratch(local[0] * local[1] * local[2]); }
    }

    /** What the work-items of one threaded group share: the barrier and the local memory. */
    private static final class SharedGroup extends LocalMemory {
        final Phaser phaser;
        final int workItems;

        SharedGroup(int workItems) {
            phaser = new Phaser(workItems);
            this.workItems = workItems;
        }
    }

    /** One work-item's view of its group; counts its barriers to catch divergent ones. */
    private static final class GroupMember implements KernelContext.WorkGroup {
        private final SharedGroup group;
        int barriers; // written by the work-item's thread, read after join()

        GroupMember(SharedGroup group) { this.group = group; }

        @Override
        public void barrier() {
            barriers++;
            // The Phaser gives the happens-before edge that makes local-array writes visible after the barrier.
            if (group.phaser.arriveAndAwaitAdvance() < 0) throw new BarrierBroken();
        }

        @Override
        public Object localArray(int ordinal, Class<?> elementType, int size) { return group.array(ordinal, elementType, size); }

        @Override
        public float[] simdScratch() { return group.simdScratch(group.workItems); }

        @Override
        public int[] mmaScratch() { return group.mmaScratch(group.workItems); }
    }

    /** Thrown out of barrier() in a group whose barrier was broken by a failing work-item. */
    private static final class BarrierBroken extends RuntimeException {
        BarrierBroken() { super(null, null, false, false); }
    }
}
