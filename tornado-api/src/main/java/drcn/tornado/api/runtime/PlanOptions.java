package drcn.tornado.api.runtime;

import drcn.tornado.api.GridScheduler;
import drcn.tornado.api.common.TornadoDevice;
import drcn.tornado.api.enums.ProfilerMode;

import java.util.Map;

/**
 * A plan's settings for one execution.
 *
 * @param device       the plan's device, or null for the settings' default (per-task {@code graph.task.device} settings still apply)
 * @param taskDevices  devices set per task with {@code withDevice("graph.task", device)}
 * @param grid         the grid scheduler, or null
 * @param profiler     null when the profiler is off
 * @param printKernel  print each kernel's generated source when it is first built
 * @param graphIndex   the graph to run, or -1 for all in order
 * @param replay       record the launches once and replay them (CUDA graphs on cuda; pre-set kernel arguments on OpenCL)
 * @param memoryLimit  bytes of device memory the plan may hold, or -1 for the device's limit
 * @param waitForTasks whether execute returns only when every task has finished (else once they are queued; copies always complete)
 */
public record PlanOptions(TornadoDevice device, Map<String, TornadoDevice> taskDevices, GridScheduler grid,
                          ProfilerMode profiler, boolean printKernel, int graphIndex, boolean replay, long memoryLimit,
                          boolean waitForTasks) {

    /**
     * A byte size such as {@code 512MB}, {@code 2GB}, {@code 4096} (what {@code withMemoryLimit} and
     * {@code tornado.device.memory} take), in any letter case, read by {@link drcn.tornado.api.utils.TornadoAPIUtils#parseSize};
     * it must be positive.
     */
    public static long parseBytes(String text, String what) {
        try {
            long n = drcn.tornado.api.utils.TornadoAPIUtils.parseSize(text.trim().toUpperCase(java.util.Locale.ROOT));
            if (n <= 0) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw new drcn.tornado.api.exceptions.TornadoRuntimeException(what + " '" + text + "' is not a size such as 512MB or 2GB");
        }
    }
}
