package drcn.runtime.profile;

import com.fasterxml.jackson.databind.ObjectMapper;
import drcn.runtime.backend.Device;
import drcn.runtime.cli.DeviceOptions;
import drcn.runtime.config.Settings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** The lifecycle a command gets from DeviceOptions: open() wraps when profiling, closing the device reports. */
class DeviceOptionsProfilingTest {

    @Command(name = "probe")
    static final class Probe {
        @Mixin
        DeviceOptions options;
    }

    @TempDir
    Path dir;

    @AfterEach
    void clearFlags() {
        for (String key : new String[]{Settings.PROFILE, Settings.BACKEND, Settings.DEVICE}) System.clearProperty(key);
        Settings.reload();
    }

    private static DeviceOptions parse(String... args) {
        var probe = new Probe();
        new CommandLine(probe).parseArgs(args);
        return probe.options;
    }

    @Test
    void withoutProfilingTheDeviceIsNotWrapped() {
        try (Device device = parse("--device", "jvm").open()) {
            assertFalse(device instanceof ProfilingDevice);
        }
    }

    @Test
    void profileJsonWrapsTheDeviceAndClosingItWritesTheReport() throws Exception {
        Path json = dir.resolve("p.json");
        PrintStream err = System.err;
        var captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try (Device device = parse("--device", "jvm", "--profile-json", json.toString()).open()) {
            assertInstanceOf(ProfilingDevice.class, device);
            assertTrue(Settings.current().profile(), "--profile-json implies drcn.profile");
            ProfilingDeviceTest.workload(device);
        } finally {
            System.setErr(err);
        }
        assertTrue(captured.toString(StandardCharsets.UTF_8).contains("profile of jvm:0"), captured.toString(StandardCharsets.UTF_8));
        var root = new ObjectMapper().readTree(json.toFile());
        assertEquals(5, root.get("devices").get(0).get("kernels").findValues("launches").stream().mapToLong(n -> n.asLong()).sum());
    }

    @Test
    void theSettingsKeyAloneTurnsProfilingOn() {
        System.setProperty(Settings.PROFILE, "true");
        PrintStream err = System.err;
        System.setErr(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        try (Device device = parse("--device", "jvm").open()) {
            assertInstanceOf(ProfilingDevice.class, device);
        } finally {
            System.setErr(err);
        }
    }
}
