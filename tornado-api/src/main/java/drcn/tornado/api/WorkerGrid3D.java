package drcn.tornado.api;

/** A 3-dimensional launch: global work in its constructor, local work optional ({@link #setLocalWork}). */
public class WorkerGrid3D extends AbstractWorkerGrid {
    public static final int DIM = 3;

    public WorkerGrid3D(int x, int y, int z) {
        super(x, y, z);
    }

    @Override
    public int dimension() {
        return DIM;
    }
}
