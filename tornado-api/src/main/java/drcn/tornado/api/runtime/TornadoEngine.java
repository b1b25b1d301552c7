package drcn.tornado.api.runtime;

import drcn.tornado.api.ImmutableTaskGraph;
import drcn.tornado.api.TornadoRuntime;

import java.util.List;

/**
 * What runs task graphs: the API's one link to an implementation, found with {@link java.util.ServiceLoader}
 * (drcn-runtime provides it). The API module itself knows no backend.
 */
public interface TornadoEngine {
    TornadoRuntime runtime();

    /** A fresh executor for a plan's graphs; it allocates nothing until its first execution. */
    PlanExecutor newExecutor(List<ImmutableTaskGraph> graphs);

    /** A setting from tornado.properties, -D or {@link TornadoRuntimeProvider#setProperty}; {@code fallback} when unset. */
    String property(String key, String fallback);

    void setProperty(String key, String value);
}
