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
 */
public record PlanOptions(TornadoDevice device, Map<String, TornadoDevice> taskDevices, GridScheduler grid,
                          ProfilerMode profiler, boolean printKernel, int graphIndex, boolean replay, long memoryLimit) {}
