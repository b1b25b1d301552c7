package drcn.tornado.api.enums;

/** How a plan's profiler reports: printed after each execution (CONSOLE) or only kept in the result (SILENT). */
public enum ProfilerMode {
    CONSOLE,
    SILENT
}
