package drcn.tornado.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The {@link WorkerGrid} of each task, keyed {@code "graphName.taskName"} (TornadoVM's class). */
public class GridScheduler {
    private final Map<String, WorkerGrid> grids = new LinkedHashMap<>();

    public GridScheduler() {}

    public GridScheduler(String taskName, WorkerGrid workerGrid) {
        addWorkerGrid(taskName, workerGrid);
    }

    /** {@code taskName} is {@code "graph.task"}. */
    public void addWorkerGrid(String taskName, WorkerGrid workerGrid) {
        if (taskName == null || taskName.indexOf('.') <= 0 || taskName.endsWith(".")) {
            throw new IllegalArgumentException("a GridScheduler key is \"graph.task\", got '" + taskName + "'");
        }
        if (workerGrid == null) throw new IllegalArgumentException("no WorkerGrid for " + taskName);
        grids.put(taskName, workerGrid);
    }

    public WorkerGrid get(String taskName) {
        return grids.get(taskName);
    }

    public boolean contains(String taskScheduleName, String taskName) {
        return grids.containsKey(taskScheduleName + "." + taskName);
    }

    public Set<String> keySet() {
        return grids.keySet();
    }

    @Override
    public String toString() {
        return "GridScheduler" + grids;
    }
}
