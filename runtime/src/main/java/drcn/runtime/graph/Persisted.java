package drcn.runtime.graph;

import drcn.runtime.backend.Buffer;
import drcn.runtime.backend.Device;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Device buffers a graph kept with {@code persistOnDevice} for a graph of another plan to
 * {@code consumeFromDevice}: the buffer leaves its plan's ownership when the plan closes and is freed when
 * the plan that consumed it closes (or frees its device memory).
 */
final class Persisted {
    record Entry(Object array, Device device, Buffer buffer, String graph, PlanRunner owner) {}

    private final Map<Object, Entry> entries = new IdentityHashMap<>();

    synchronized void put(Entry entry) {
        entries.put(entry.array(), entry);
    }

    synchronized Entry get(Object array) {
        return entries.get(array);
    }

    synchronized void remove(Object array, Buffer buffer) {
        Entry e = entries.get(array);
        if (e != null && e.buffer() == buffer) entries.remove(array);
    }
}
