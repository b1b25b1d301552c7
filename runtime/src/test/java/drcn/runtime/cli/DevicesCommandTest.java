package drcn.runtime.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import drcn.runtime.backends.Backends;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** {@code drcn devices}, run as a user runs it: in its own JVM, reading its JSON and exit code. */
class DevicesCommandTest {

    record Result(int exitCode, String stdout, String stderr) {}

    static Result runCli(Map<String, String> environment, String... arguments) throws Exception {
        String javaBinary = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var command = new java.util.ArrayList<>(List.of(javaBinary, "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(arguments));
        var builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        Path stderr = Files.createTempFile("drcn-stderr", ".txt");
        builder.redirectError(stderr.toFile());
        Process process = builder.start();
        String stdout = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(2, TimeUnit.MINUTES), "drcn did not finish");
        String err = Files.readString(stderr);
        Files.delete(stderr);
        return new Result(process.exitValue(), stdout, err);
    }

    @Test
    void jsonListsEveryDeviceWithItsSmokeResult() throws Exception {
        Result result = runCli(Map.of(), "devices", "--json");
        assertEquals(0, result.exitCode(), result.stderr());
        JsonNode devices = new ObjectMapper().readTree(result.stdout());
        assertTrue(devices.isArray());
        boolean openclPresent = !Backends.discover("opencl").devices().isEmpty();
        int opencl = 0;
        for (JsonNode device : devices) {
            for (String key : List.of("backend", "name", "computeUnits", "memoryBytes", "maxWorkGroupSize", "smokeOk")) {
                assertTrue(device.has(key), "missing " + key + " in " + device);
            }
            assertTrue(device.get("computeUnits").asInt() > 0);
            assertTrue(device.get("memoryBytes").asLong() > 0);
            assertTrue(device.get("smokeOk").asBoolean(), "smoke kernel failed on " + device);
            if (device.get("backend").asText().equals("opencl")) opencl++;
        }
        assertEquals("jvm", devices.get(0).get("backend").asText());
        assertEquals(openclPresent, opencl > 0);
    }

    @Test
    void withoutOpenClDriversTheJvmDeviceIsListedAndOneSentenceSaysWhy(@TempDir Path emptyVendors) throws Exception {
        // The ICD loader reads drivers from OCL_ICD_VENDORS: an empty folder is a machine without OpenCL drivers.
        Result result = runCli(Map.of("OCL_ICD_VENDORS", emptyVendors.toString()), "devices");
        assertEquals(0, result.exitCode(), result.stderr());
        assertTrue(result.stdout().contains("jvm:0"), result.stdout());
        assertFalse(result.stdout().contains("opencl:0"), result.stdout());
        String openclLine = result.stderr().lines().filter(l -> l.startsWith("opencl: ")).findFirst().orElse("");
        assertFalse(openclLine.isEmpty(), "no sentence about OpenCL on stderr: " + result.stderr());
        assertTrue(openclLine.endsWith("."), "one sentence: " + openclLine);
    }

    @Test
    void anUnknownSettingIsOneSentenceAndExitCodeOne() throws Exception {
        Result result = runCli(Map.of("JAVA_TOOL_OPTIONS", "-Ddrcn.fastmath=true"), "devices");
        assertEquals(1, result.exitCode());
        assertTrue(result.stderr().contains("unknown setting 'drcn.fastmath'"), result.stderr());
    }
}
