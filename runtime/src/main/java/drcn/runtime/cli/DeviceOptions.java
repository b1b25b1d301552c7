package drcn.runtime.cli;

import drcn.runtime.UserException;
import drcn.runtime.backends.Backends;
import drcn.runtime.backend.Device;
import drcn.runtime.config.Settings;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/** The options of every command that runs kernels; each sets the tornado.properties key it names. */
public final class DeviceOptions {
    @Option(names = "--device", paramLabel = "D",
            description = "Device to run on: auto, jvm, opencl, cuda, or an id from `drcn devices` such as opencl:0 (drcn.backend / drcn.device).")
    String device;

    @Option(names = "--fast-math", negatable = true, description = "Relaxed IEEE math in device builds (drcn.fastMath).")
    Boolean fastMath;

    /** --profile, --profile-json FILE, --trace FILE. */
    @Mixin
    ProfileOptions profiling = new ProfileOptions();

    @Option(names = "--dump-kernels", paramLabel = "DIR", description = "Write every generated kernel source into DIR (drcn.dumpKernels).")
    Path dumpKernels;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Any tornado.properties key, e.g. --set drcn.workGroup.2d=8,8 (repeatable; unknown keys are an error).")
    Map<String, String> settings = new LinkedHashMap<>();

    /**
     * Applies the flags as system properties (so they override tornado.properties) and reloads the settings.
     * When the settings refuse them, the system properties are as before: a library user's process keeps
     * working with the settings it had.
     */
    public void apply() {
        Properties before = (Properties) System.getProperties().clone();
        try {
            setProperties();
            Settings.reload();
        } catch (RuntimeException e) {
            restore(before);
            throw e;
        }
    }

    private void setProperties() {
        // --set first, so the dedicated flags below win when both name the same key
        settings.forEach((key, value) -> {
            if (key.isBlank()) {
                throw new UserException("--set needs KEY=VALUE with a settings key, e.g. --set " + Settings.WORK_GROUP_2D + "=8,8, not '" + key + "=" + value + "'.");
            }
            System.setProperty(key, value);
        });
        if (device != null) {
            int colon = device.indexOf(':');
            System.setProperty(Settings.BACKEND, colon < 0 ? device : device.substring(0, colon));
            if (colon >= 0) System.setProperty(Settings.DEVICE, device.substring(colon + 1));
        }
        if (fastMath != null) System.setProperty(Settings.FAST_MATH, fastMath.toString());
        profiling.setProperties();
        if (dumpKernels != null) System.setProperty(Settings.DUMP_KERNELS, dumpKernels.toString());
    }

    /** Sets back every system property that differs from {@code before}, and clears the ones it lacked. */
    private static void restore(Properties before) {
        for (String key : System.getProperties().stringPropertyNames()) {
            if (!before.containsKey(key)) System.clearProperty(key);
        }
        for (String key : before.stringPropertyNames()) {
            String value = before.getProperty(key);
            if (!value.equals(System.getProperty(key))) System.setProperty(key, value);
        }
    }

    /** The profiler's flags. */
    public ProfileOptions profiling() {
        return profiling;
    }

    /**
     * Applies the flags and opens the chosen device. When profiling, the device comes wrapped in a
     * {@link drcn.runtime.profile.ProfilingDevice} that prints the table (and writes --profile-json,
     * --trace) when it is closed: commands close their device in a try-with-resources, so they need
     * nothing else.
     */
    public Device open() {
        apply();
        return profiling.wrap(Backends.openFromSettings());
    }
}
