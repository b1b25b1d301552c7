package drcn.tornado.api;

import drcn.tornado.api.runtime.PlanExecutor;

/** What one {@link TornadoExecutionPlan#execute()} returns: the profiler's figures, and UNDER_DEMAND copies on request. */
public class TornadoExecutionResult {
    private final PlanExecutor executor;
    private final TornadoProfilerResult profilerResult;

    TornadoExecutionResult(PlanExecutor executor, TornadoProfilerResult profilerResult) {
        this.executor = executor;
        this.profilerResult = profilerResult;
    }

    public TornadoProfilerResult getProfilerResult() {
        return profilerResult;
    }

    /** Copies these objects (declared UNDER_DEMAND, or any object the plan's graphs use) from the device now. */
    public TornadoExecutionResult transferToHost(Object... objects) {
        executor.transferToHost(objects);
        return this;
    }

    /** Executions block until done, so a result is always ready. */
    public boolean isReady() {
        return true;
    }
}
