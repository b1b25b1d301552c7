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

    /**
     * Adds the settings of a properties file (TornadoVM's {@code tornado.properties} format) that are not set yet:
     * -D options and settings made before keep their values. A file that cannot be read is one warning on stderr,
     * as in TornadoVM, and changes nothing.
     */
    public static void loadSettings(String propertiesFile) {
        var file = java.nio.file.Path.of(propertiesFile);
        var loaded = new java.util.Properties();
        try (var in = java.nio.file.Files.newBufferedReader(file)) {
            loaded.load(in);
        } catch (java.nio.file.NoSuchFileException e) {
            System.err.println("tornado: no settings loaded from " + file.toAbsolutePath() + ": there is no such file");
            return;
        } catch (java.io.IOException | RuntimeException e) {
            System.err.println("tornado: no settings loaded from " + file.toAbsolutePath() + ": " + e.getMessage());
            return;
        }
        for (String key : loaded.stringPropertyNames()) {
            if (getProperty(key) == null) setProperty(key, loaded.getProperty(key));
        }
    }
}
