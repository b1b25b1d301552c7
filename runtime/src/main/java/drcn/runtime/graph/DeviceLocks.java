package drcn.runtime.graph;

import drcn.runtime.backend.Device;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One lock per device, held by a plan while it calls into the devices it uses. A device's built kernels
 * (clSetKernelArg on a shared cl_kernel sets state that the next enqueue reads), its caches and its queue's
 * order of copies and launches are not safe for two threads at once; TornadoVM's users run several execution
 * plans from several threads. Locks are taken in one global order (the order devices were first locked), so
 * two plans that share devices never wait for each other in a cycle; a thread may take a lock it holds again.
 */
final class DeviceLocks {
    private static final Map<Device, ReentrantLock> LOCKS = new IdentityHashMap<>();
    private static final Map<Device, Long> ORDER = new IdentityHashMap<>();

    private DeviceLocks() {}

    /** Locks every device in {@code devices}; closing the result unlocks them. */
    static Held hold(Collection<Device> devices) {
        List<ReentrantLock> locks = new ArrayList<>();
        synchronized (LOCKS) {
            var sorted = new ArrayList<>(new LinkedHashSet<>(devices));
            for (Device d : sorted) ORDER.computeIfAbsent(d, x -> (long) ORDER.size());
            sorted.sort(Comparator.comparingLong(ORDER::get));
            for (Device d : sorted) locks.add(LOCKS.computeIfAbsent(d, x -> new ReentrantLock()));
        }
        int taken = 0;
        try {
            for (ReentrantLock l : locks) { l.lock(); taken++; }
        } catch (RuntimeException | Error e) {
            for (int i = taken - 1; i >= 0; i--) locks.get(i).unlock();
            throw e;
        }
        return new Held(locks);
    }

    /** The locks one {@link #hold} took. */
    record Held(List<ReentrantLock> locks) implements AutoCloseable {
        @Override
        public void close() {
            for (int i = locks.size() - 1; i >= 0; i--) locks.get(i).unlock();
        }
    }
}
