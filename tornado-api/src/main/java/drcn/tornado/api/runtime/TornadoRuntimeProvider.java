package drcn.tornado.api.runtime;

import drcn.tornado.api.TornadoRuntime;
import drcn.tornado.api.exceptions.TornadoRuntimeException;

import java.util.ServiceLoader;

/** The entry to the runtime (TornadoVM's class): the backends and devices, and the settings. */
public final class TornadoRuntimeProvider {
    private TornadoRuntimeProvider() {}

    private static volatile TornadoEngine engine;

    /** The engine drcn-runtime provides; one per JVM. */
    public static TornadoEngine engine() {
        TornadoEngine e = engine;
        if (e == null) {
            synchronized (TornadoRuntimeProvider.class) {
                if (engine == null) {
                    engine = ServiceLoader.load(TornadoEngine.class, TornadoRuntimeProvider.class.getClassLoader()).findFirst()
                            .or(() -> ServiceLoader.load(TornadoEngine.class).findFirst())
                            .orElseThrow(() -> new TornadoRuntimeException(
                                    "no drcn runtime on the class path: add drcn-runtime (it runs the task graphs) next to drcn-tornado-api"));
                }
                e = engine;
            }
        }
        return e;
    }

    public static TornadoRuntime getTornadoRuntime() {
        return engine().runtime();
    }

    public static boolean isProfilerEnabled() {
        return getTornadoRuntime().isProfilerEnabled();
    }

    public static boolean isPowerMonitoringEnabled() {
        return false;
    }

    public static void setProperty(String key, String value) {
        engine().setProperty(key, value);
    }

    public static String getProperty(String key, String value) {
        return engine().property(key, value);
    }

    public static String getProperty(String key) {
        return engine().property(key, null);
    }
}
