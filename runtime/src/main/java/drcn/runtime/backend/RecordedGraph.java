package drcn.runtime.backend;

import java.util.List;

/**
 * Launches recorded on one device ({@link Device#record}) joined into one unit ({@link Device#capture}) that is
 * enqueued as a whole: on CUDA one executable CUDA graph, so a replay is one {@code cuGraphLaunch} whatever the
 * number of kernels; elsewhere the recorded launches replayed in order. The launches and their buffers must stay
 * open while the graph is used; closing the graph closes neither.
 */
public interface RecordedGraph extends AutoCloseable {
    /**
     * Enqueues every captured launch, in the order they were captured; returns at once on asynchronous backends.
     * The event ends with the last launch; its duration spans all of them (-1 when not profiled).
     */
    Event replay();

    /** How many launches one replay enqueues. */
    int launches();

    @Override
    void close();

    /** A graph that replays {@code launches} one after another (what {@link Device#capture} does by default). */
    static RecordedGraph sequence(List<RecordedLaunch> launches) {
        List<RecordedLaunch> all = List.copyOf(launches);
        return new RecordedGraph() {
            @Override
            public Event replay() {
                var events = new Event[all.size()];
                for (int i = 0; i < events.length; i++) events[i] = all.get(i).replay();
                return new Event() {
                    // queues are in order: the last launch ends after the others
                    @Override
                    public void await() {
                        if (events.length > 0) events[events.length - 1].await();
                    }

                    @Override
                    public long durationNanos() {
                        long sum = 0;
                        for (Event e : events) {
                            long d = e.durationNanos();
                            if (d < 0) return -1;
                            sum += d;
                        }
                        return sum;
                    }
                };
            }

            @Override
            public int launches() {
                return all.size();
            }

            @Override
            public void close() {}
        };
    }
}
