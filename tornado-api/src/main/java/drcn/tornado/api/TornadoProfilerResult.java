package drcn.tornado.api;

/**
 * What the profiler measured in one execution of a plan (TornadoVM's getters; times in nanoseconds).
 * Filled only when the plan runs {@code withProfiler(...)}; otherwise every figure is 0 and the log "{}".
 *
 * @param totalTime           wall time of the execution on the host
 * @param compileTime         IR-to-C plus driver builds in this execution (first execution, or a new specialisation)
 * @param codeGenerationTime  IR-to-C (our stand-in for TornadoVM's Graal compile time)
 * @param driverInstallTime   the device driver's build of the generated C (OpenCL's clBuildProgram, NVRTC + module load)
 * @param deviceWriteTime     host-to-device copies, device time
 * @param deviceReadTime      device-to-host copies, device time
 * @param deviceKernelTime    kernels, device time (events)
 * @param kernelDispatchTime  host time spent enqueuing the kernels
 * @param bytesCopyIn         bytes copied host-to-device
 * @param bytesCopyOut        bytes copied device-to-host
 * @param deviceMemory        bytes of device memory the plan holds
 * @param profileLog          the per-task JSON (TornadoVM's key names where they fit)
 * @param traceExecutionPlan  the plan's graphs and settings ({@code TornadoExecutionPlan.getTraceExecutionPlan()})
 */
public record TornadoProfilerResult(long totalTime, long compileTime, long codeGenerationTime, long driverInstallTime,
                                    long deviceWriteTime, long deviceReadTime, long deviceKernelTime, long kernelDispatchTime,
                                    long bytesCopyIn, long bytesCopyOut, long deviceMemory, String profileLog,
                                    String traceExecutionPlan) {

    public TornadoProfilerResult(long totalTime, long compileTime, long codeGenerationTime, long driverInstallTime,
                                 long deviceWriteTime, long deviceReadTime, long deviceKernelTime, long kernelDispatchTime,
                                 long bytesCopyIn, long bytesCopyOut, long deviceMemory, String profileLog) {
        this(totalTime, compileTime, codeGenerationTime, driverInstallTime, deviceWriteTime, deviceReadTime, deviceKernelTime,
                kernelDispatchTime, bytesCopyIn, bytesCopyOut, deviceMemory, profileLog, "");
    }

    public TornadoProfilerResult withTraceExecutionPlan(String trace) {
        return new TornadoProfilerResult(totalTime, compileTime, codeGenerationTime, driverInstallTime, deviceWriteTime, deviceReadTime,
                deviceKernelTime, kernelDispatchTime, bytesCopyIn, bytesCopyOut, deviceMemory, profileLog, trace);
    }

    public String getTraceExecutionPlan() { return traceExecutionPlan; }

    public static TornadoProfilerResult empty() {
        return new TornadoProfilerResult(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, "{}");
    }

    public long getTotalTime() { return totalTime; }

    public long getCompileTime() { return compileTime; }

    public long getTornadoCompilerTime() { return codeGenerationTime; }

    public long getDriverInstallTime() { return driverInstallTime; }

    public long getDataTransfersTime() { return deviceWriteTime + deviceReadTime; }

    public long getDeviceWriteTime() { return deviceWriteTime; }

    public long getDeviceReadTime() { return deviceReadTime; }

    /** drcn's copies block, so the host time that issues them is their whole time (TOTAL_DISPATCH_DATA_TRANSFERS_TIME). */
    public long getDataTransferDispatchTime() { return deviceWriteTime + deviceReadTime; }

    public long getKernelDispatchTime() { return kernelDispatchTime; }

    public long getDeviceKernelTime() { return deviceKernelTime; }

    public String getProfileLog() { return profileLog; }

    public long getTotalBytesCopyIn() { return bytesCopyIn; }

    public long getTotalBytesCopyOut() { return bytesCopyOut; }

    public long getTotalBytesTransferred() { return bytesCopyIn + bytesCopyOut; }

    public long getTotalDeviceMemoryUsage() { return deviceMemory; }

    public void dumpProfiles() {
        System.out.println(profileLog);
    }
}
