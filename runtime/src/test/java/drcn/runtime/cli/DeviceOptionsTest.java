package drcn.runtime.cli;

import drcn.runtime.config.Settings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import static org.junit.jupiter.api.Assertions.*;

class DeviceOptionsTest {

    @CommandLine.Command(name = "probe")
    static final class Probe {
        @CommandLine.Mixin
        DeviceOptions options = new DeviceOptions();
    }

    @AfterEach
    void clear() {
        System.clearProperty("drcn.workgroup.1d");
        for (String key : new String[]{Settings.WORK_GROUP_1D, Settings.FAST_MATH}) System.clearProperty(key);
        Settings.reload();
    }

    private static DeviceOptions parse(String... args) {
        var probe = new Probe();
        new CommandLine(probe).parseArgs(args);
        return probe.options;
    }

    @Test
    void setOverridesAnyKeyAndTheDedicatedFlagsWin() {
        parse("--set", "drcn.workGroup.1d=64", "--set", "drcn.fastMath=false", "--fast-math").apply();
        assertArrayEquals(new int[]{64}, Settings.current().defaultWorkGroup(1));
        assertTrue(Settings.current().fastMath());
    }

    @Test
    void anUnknownKeyThroughSetNamesIt() {
        var options = parse("--set", "drcn.workgroup.1d=64");
        var error = assertThrows(Settings.SettingsException.class, options::apply);
        assertTrue(error.getMessage().contains("'drcn.workgroup.1d'"), error.getMessage());
    }

    @Test
    void refusedFlagsLeaveTheSystemPropertiesAsTheyWere() {
        // a library user's process: its own -D value stays, and the refused run's values are gone
        System.setProperty(Settings.WORK_GROUP_1D, "128");
        Settings.reload();
        var before = (java.util.Properties) System.getProperties().clone();
        var options = parse("--set", "drcn.workGroup.1d=64", "--set", "drcn.workgroup.1d=64", "--fast-math");
        assertThrows(Settings.SettingsException.class, options::apply);
        assertEquals(before, System.getProperties());
        assertEquals("128", System.getProperty(Settings.WORK_GROUP_1D));
        assertNull(System.getProperty(Settings.FAST_MATH));
        assertArrayEquals(new int[]{128}, Settings.current().defaultWorkGroup(1), "the settings in force are the previous ones");
        Settings.reload();
        assertArrayEquals(new int[]{128}, Settings.current().defaultWorkGroup(1), "and a reload finds the same");
    }
}
