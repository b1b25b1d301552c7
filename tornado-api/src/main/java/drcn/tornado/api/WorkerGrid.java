package drcn.tornado.api;

/** The global and local work of one task's launch (TornadoVM's interface). */
public interface WorkerGrid {
    int dimension();

    long[] getGlobalWork();

    /** Null: the runtime picks the work-group size. */
    long[] getLocalWork();

    long[] getNumberOfWorkgroups();

    long[] getGlobalOffset();

    void setGlobalWork(long x, long y, long z);

    void setLocalWork(long x, long y, long z);

    void setGlobalOffset(long x, long y, long z);

    void setLocalWorkToNull();

    void setNumberOfWorkgroupsToNull();
}
