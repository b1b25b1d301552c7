package drcn.runtime.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.*;

class SettingsTest {

    private static Properties system(Path file, String... keyValues) {
        var properties = new Properties();
        properties.setProperty(Settings.CONFIG, file.toString());
        for (int i = 0; i < keyValues.length; i += 2) properties.setProperty(keyValues[i], keyValues[i + 1]);
        return properties;
    }

    @Test
    void fileValuesApplyAndDashDOverridesThem(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tornado.properties");
        Files.writeString(file, "drcn.backend=opencl\ndrcn.workGroup.2d=8, 4\ndrcn.fastMath=true\n");
        Settings settings = Settings.load(system(file, "drcn.fastMath", "false"));
        assertEquals("opencl", settings.backend());
        assertArrayEquals(new int[]{8, 4}, settings.defaultWorkGroup(2));
        assertFalse(settings.fastMath(), "-D wins over the file");
        assertEquals(256, settings.defaultWorkGroup(1)[0], "absent keys keep their defaults");
        assertEquals(file, settings.source());
    }

    @Test
    void anUnknownKeyIsAnErrorThatNamesIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tornado.properties");
        Files.writeString(file, "drcn.workgroup.1d=64\n");
        var error = assertThrows(Settings.SettingsException.class, () -> Settings.load(system(file)));
        assertTrue(error.getMessage().contains("'drcn.workgroup.1d'"), error.getMessage());
        Files.writeString(file, "");
        error = assertThrows(Settings.SettingsException.class, () -> Settings.load(system(file, "drcn.profil", "true")));
        assertTrue(error.getMessage().contains("'drcn.profil'"), error.getMessage());
    }

    @Test
    void badValuesAreErrorsThatNameTheKey(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tornado.properties");
        Files.writeString(file, "");
        for (String[] bad : new String[][]{{"drcn.backend", "gpu"}, {"drcn.device", "-1"}, {"drcn.workGroup.3d", "8,8"},
                {"drcn.fastMath", "yes"}, {"drcn.workGroup.1d", "0"}}) {
            var error = assertThrows(Settings.SettingsException.class, () -> Settings.load(system(file, bad[0], bad[1])));
            assertTrue(error.getMessage().startsWith(bad[0]), error.getMessage());
        }
    }

    @Test
    void theTestSeedOptionIsNoSetting(@TempDir Path dir) throws Exception {
        // A failing test prints "replay with -Ddrcn.seed=N"; Maven passes that to the test JVM, whose settings load must accept it.
        Path file = Files.writeString(dir.resolve("tornado.properties"), "");
        Settings settings = assertDoesNotThrow(() -> Settings.load(system(file, Settings.SEED, "42", "drcn.fastMath", "true")));
        assertTrue(settings.fastMath());
        Files.writeString(file, Settings.SEED + "=42\n");
        var e = assertThrows(Settings.SettingsException.class, () -> Settings.load(system(file)), "in the file it is still unknown");
        assertTrue(e.getMessage().contains("'drcn.seed'"), e.getMessage());
    }

    @Test
    void debugIsAKnownSettingOffByDefault(@TempDir Path dir) throws Exception {
        // The CLI's internal-error message recommends DRCN_JAVA_OPTS=-Ddrcn.debug=true: it must be accepted.
        Path file = Files.writeString(dir.resolve("tornado.properties"), "");
        assertFalse(Settings.load(system(file)).debug());
        assertTrue(Settings.load(system(file, "drcn.debug", "true")).debug());
        var e = assertThrows(Settings.SettingsException.class, () -> Settings.load(system(file, "drcn.debug", "yes")));
        assertTrue(e.getMessage().contains("drcn.debug must be true or false"), e.getMessage());
    }

    @Test
    void aMalformedUnicodeEscapeIsOneSentenceNamingTheFileAndLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tornado.properties");
        Files.writeString(file, "# a comment with \\u00zz is not unescaped\ndrcn.backend=jvm\ndrcn.dumpKernels=C:\\u00zz\n");
        var error = assertThrows(Settings.SettingsException.class, () -> Settings.load(system(file)));
        String m = error.getMessage();
        assertTrue(m.contains(file.toString()) && m.contains("malformed") && m.contains("on line 3"), m);
        assertFalse(m.contains("\n"), m);
    }

    @Test
    void theProjectFileIsTheDefaults() {
        Path project = Path.of("..", "tornado.properties");
        assertTrue(Files.isRegularFile(project));
        Settings settings = Settings.load(system(project));
        assertEquals("auto", settings.backend());
        assertNull(settings.dumpKernels());
    }
}
