package drcn.kernels.nn;

import drcn.tornado.api.types.arrays.FloatArray;
import drcn.tornado.api.KernelContext;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test-only launcher: runs a kernel's Java method for every work-item of a 1-3D range, filling the
 * {@link KernelContext} fields as a device would. Barrier-free kernels run item by item on the calling
 * thread; kernels with barriers run each work-group's items as virtual threads sharing a
 * {@link CyclicBarrier} and the group's local arrays (what the JVM backend does).
 */
final class KernelCall {
    private KernelCall() {
    }

    @FunctionalInterface
    interface Body {
        void run(KernelContext context);
    }

    /** Barrier-free launch over {@code (gx, gy, gz)}, local size {@code (lx, ly, lz)}. */
    static void items(int gx, int gy, int gz, int lx, int ly, int lz, Body body) {
        checkRange(gx, gy, gz, lx, ly, lz);
        KernelContext context = new KernelContext(null);
        for (int z = 0; z < gz; z++) {
            for (int y = 0; y < gy; y++) {
                for (int x = 0; x < gx; x++) {
                    context.startWorkItem();
                    fill(context, x, y, z, gx, gy, gz, lx, ly, lz);
                    body.run(context);
                }
            }
        }
    }

    /** Barrier-free 1D launch of {@code n} items, local size 1. */
    static void items(int n, Body body) {
        items(n, 1, 1, 1, 1, 1, body);
    }

    /** Launch with work-group barriers and local memory, group by group. */
    static void groups(int gx, int gy, int gz, int lx, int ly, int lz, Body body) {
        checkRange(gx, gy, gz, lx, ly, lz);
        int groupItems = lx * ly * lz;
        for (int bz = 0; bz < gz / lz; bz++) {
            for (int by = 0; by < gy / ly; by++) {
                for (int bx = 0; bx < gx / lx; bx++) {
                    Group group = new Group(groupItems);
                    List<Thread> threads = new ArrayList<>(groupItems);
                    Throwable[] failure = new Throwable[1];
                    for (int z = bz * lz; z < (bz + 1) * lz; z++) {
                        for (int y = by * ly; y < (by + 1) * ly; y++) {
                            for (int x = bx * lx; x < (bx + 1) * lx; x++) {
                                KernelContext context = new KernelContext(group);
                                context.startWorkItem();
                                fill(context, x, y, z, gx, gy, gz, lx, ly, lz);
                                threads.add(Thread.ofVirtual().unstarted(() -> {
                                    try {
                                        body.run(context);
                                        group.finished();
                                    } catch (Throwable t) {
                                        synchronized (failure) {
                                            if (failure[0] == null) failure[0] = t;
                                        }
                                        group.barrier.reset();
                                    }
                                }));
                            }
                        }
                    }
                    threads.forEach(Thread::start);
                    for (Thread t : threads) {
                        try {
                            t.join();
                        } catch (InterruptedException e) {
                            throw new AssertionError(e);
                        }
                    }
                    if (failure[0] != null) throw new AssertionError("work-group failed", failure[0]);
                }
            }
        }
    }

    private static void checkRange(int gx, int gy, int gz, int lx, int ly, int lz) {
        if (gx % lx != 0 || gy % ly != 0 || gz % lz != 0) {
            throw new IllegalArgumentException("global size not a multiple of the local size");
        }
    }

    private static void fill(KernelContext c, int x, int y, int z, int gx, int gy, int gz, int lx, int ly, int lz) {
        c.globalIdx = x;
        c.globalIdy = y;
        c.globalIdz = z;
        c.localIdx = x % lx;
        c.localIdy = y % ly;
        c.localIdz = z % lz;
        c.groupIdx = x / lx;
        c.groupIdy = y / ly;
        c.groupIdz = z / lz;
        c.globalGroupSizeX = gx;
        c.globalGroupSizeY = gy;
        c.globalGroupSizeZ = gz;
        c.localGroupSizeX = lx;
        c.localGroupSizeY = ly;
        c.localGroupSizeZ = lz;
    }

    /** A work-group's barrier and local arrays. A work-item that returns early leaves the barrier's party count. */
    private static final class Group implements KernelContext.WorkGroup {
        final CyclicBarrier barrier;
        private final Map<Integer, Object> locals = new HashMap<>();
        private final AtomicInteger done = new AtomicInteger();

        Group(int items) {
            barrier = new CyclicBarrier(items);
        }

        @Override
        public void barrier() {
            if (done.get() > 0) {
                barrier.reset();
                throw new IllegalStateException("barrier reached after another work-item of the group returned (divergent barrier)");
            }
            try {
                barrier.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
                throw new IllegalStateException("barrier broken (another work-item failed or returned early)", e);
            }
        }

        /** A work-item ended; if others still wait at a barrier it did not reach, that is a divergent barrier. */
        void finished() {
            done.incrementAndGet();
            if (barrier.getNumberWaiting() > 0) {
                barrier.reset();
                throw new IllegalStateException("a work-item returned while others wait at a barrier (divergent barrier)");
            }
        }

        @Override
        public synchronized Object localArray(int ordinal, Class<?> elementType, int size) {
            return locals.computeIfAbsent(ordinal, k -> java.lang.reflect.Array.newInstance(elementType, size));
        }
    }

    static FloatArray array(float[] values) {
        return FloatArray.fromArray(values.clone());
    }
}
