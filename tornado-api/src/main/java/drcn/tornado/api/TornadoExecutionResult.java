package drcn.tornado.api;

import java.util.function.Supplier;

import drcn.tornado.api.runtime.PlanExecutor;

/** What one {@link TornadoExecutionPlan#execute()} returns: the profiler's figures, and UNDER_DEMAND copies on request. */
public class TornadoExecutionResult {
    private final PlanExecutor executor;
    private final TornadoProfilerResult profilerResult;
    private final Supplier<String> trace;

    TornadoExecutionResult(PlanExecutor executor, TornadoProfilerResult profilerResult, Supplier<String> trace) {
        this.executor = executor;
        this.profilerResult = profilerResult;
        this.trace = trace;
    }

    public TornadoProfilerResult getProfilerResult() {
        return profilerResult.withTraceExecutionPlan(trace.get());
    }

    /** Copies these objects (declared UNDER_DEMAND, or any object the plan's graphs use) from the device now. */
    public TornadoExecutionResult transferToHost(Object... objects) {
        executor.transferToHost(objects);
        return this;
    }

    /** Copies part of an array from the device now: {@code dataRange}'s elements, the rest of the host array untouched. */
    public TornadoExecutionResult transferToHost(DataRange dataRange) {
        dataRange.materialize();
        executor.transferToHost(dataRange.getArray(), dataRange.getOffset(), dataRange.getPartialSize());
        return this;
    }

    /** Executions block until done, so a result is always ready. */
    public boolean isReady() {
        return true;
    }
}
