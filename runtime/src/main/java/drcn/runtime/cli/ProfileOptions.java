package drcn.runtime.cli;

import drcn.runtime.UserException;
import drcn.runtime.backend.Device;
import drcn.runtime.config.Settings;
import drcn.runtime.profile.Profiler;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The profiler's flags, shared by {@link DeviceOptions} (every command that runs kernels on one
 * device) and {@code devices}. Any of them turns profiling on ({@code drcn.profile=true}, which is
 * also the way to turn it on from tornado.properties); the table goes to stderr at the end.
 */
public final class ProfileOptions {
    @Option(names = "--profile", description = "Time every launch, copy and compile and print a per-kernel table to stderr at the end (drcn.profile).")
    Boolean profile;

    @Option(names = "--profile-json", paramLabel = "FILE", description = "Also write the profile as JSON to FILE (implies --profile).")
    Path json;

    @Option(names = "--trace", paramLabel = "FILE",
            description = "Also write a Chrome/Perfetto trace (Trace Event Format) of every launch, copy and compile to FILE (implies --profile).")
    Path trace;

    /**
     * Sets drcn.profile as a system property when a flag asks for it (the caller reloads the settings).
     * The files named are checked first, so a bad path is found before the work, not after it.
     */
    void setProperties() {
        checkWritable("--profile-json", json);
        checkWritable("--trace", trace);
        if (json != null || trace != null) System.setProperty(Settings.PROFILE, "true");
        else if (profile != null) System.setProperty(Settings.PROFILE, profile.toString());
    }

    /** A file the run will write at its end: in an existing folder, not a folder itself. */
    private static void checkWritable(String option, Path file) {
        if (file == null) return;
        Path parent = file.toAbsolutePath().getParent();
        if (Files.isDirectory(file)) throw new UserException(option + " " + file + " is a folder; name a file in it.");
        if (parent == null || !Files.isDirectory(parent)) throw new UserException("The folder of " + option + " " + file + " does not exist.");
        if (!Files.isWritable(parent)) throw new UserException("The folder of " + option + " " + file + " is not writable.");
    }

    /** The --profile-json file, or null. */
    public Path jsonFile() {
        return json;
    }

    /** The --trace file, or null. */
    public Path traceFile() {
        return trace;
    }

    /** Applies the flags and reloads the settings. */
    public void apply() {
        setProperties();
        Settings.reload();
    }

    /** Whether this run profiles (the flags or tornado.properties' drcn.profile); after {@link #apply}. */
    public boolean enabled() {
        return Settings.current().profile();
    }

    /** The device itself when not profiling; else a profiling wrapper that reports when it is closed. */
    public Device wrap(Device device) {
        return enabled() ? Profiler.open(device, System.err, json, trace) : device;
    }

    /** A profiler for a command with several devices (it calls {@link Profiler#report()}), or null when not profiling. */
    public Profiler profiler() {
        return enabled() ? new Profiler(System.err, json, trace) : null;
    }
}
