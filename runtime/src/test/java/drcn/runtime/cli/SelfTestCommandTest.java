package drcn.runtime.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import drcn.runtime.backends.Backends;
import drcn.runtime.model.ParityCheck.Comparison;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static drcn.runtime.cli.DevicesCommandTest.runCli;
import static org.junit.jupiter.api.Assertions.*;

/** {@code drcn selftest} as a user runs it (own JVM, exit code, JSON), plus how rows are formed. */
class SelfTestCommandTest {

    @Test
    void everyDevicePassesEveryCheck() throws Exception {
        var result = runCli(Map.of(), "selftest", "--json");
        assertEquals(0, result.exitCode(), result.stdout() + result.stderr());
        JsonNode rows = new ObjectMapper().readTree(result.stdout());
        Set<String> seen = new HashSet<>();
        for (JsonNode row : rows) {
            assertTrue(row.get("ok").asBoolean(), row.toString());
            seen.add(row.get("device").asText() + " " + row.get("check").asText());
        }
        List<String> expected = new java.util.ArrayList<>(List.of("jvm:0 smoke", "jvm:0 pytorch forward", "jvm:0 pytorch gradients",
                "jvm:0 finite-diff forward", "jvm:0 finite-diff gradients"));
        if (!Backends.discover("opencl").devices().isEmpty()) {
            expected.addAll(List.of("opencl:0 smoke", "opencl:0 pytorch gradients", "opencl:0 backends forward",
                    "opencl:0 backends gradients", "opencl:0 finite-diff gradients"));
        }
        assertTrue(seen.containsAll(expected), "missing rows: " + expected + " in " + seen);
        assertFalse(seen.contains("jvm:0 backends forward"), "the jvm device is the reference, not compared with itself");
    }

    @Test
    void tableOnOneDevice() throws Exception {
        var result = runCli(Map.of(), "selftest", "--device", "jvm:0");
        assertEquals(0, result.exitCode(), result.stdout() + result.stderr());
        assertTrue(result.stdout().startsWith("CHECK"), result.stdout());
        assertTrue(result.stdout().contains("pytorch gradients"), result.stdout());
        assertFalse(result.stdout().contains("opencl"), result.stdout());
        assertFalse(result.stdout().contains("FAILED"), result.stdout());
    }

    @Test
    void aTooTightToleranceFailsWithExitCodeOne() throws Exception {
        var result = runCli(Map.of(), "selftest", "--device", "jvm", "--tolerance-factor", "1e-9", "--json");
        assertEquals(1, result.exitCode(), result.stderr());
        JsonNode rows = new ObjectMapper().readTree(result.stdout());
        int failed = 0;
        for (JsonNode row : rows) {
            if (!row.get("ok").asBoolean()) {
                failed++;
                assertTrue(row.has("detail") && row.get("maxError").asDouble() > row.get("tolerance").asDouble(), row.toString());
            }
        }
        assertTrue(failed >= 3, "pytorch and finite-difference rows fail: " + rows);
        assertTrue(rows.get(0).get("ok").asBoolean(), "the smoke kernel has its own tolerance");
        assertTrue(result.stderr().contains("checks FAILED"), result.stderr());
    }

    @Test
    void anUnknownDeviceIsOneSentence() throws Exception {
        var result = runCli(Map.of(), "selftest", "--device", "opencl:7");
        assertEquals(1, result.exitCode());
        assertTrue(result.stderr().contains("there is no device opencl:7"), result.stderr());
    }

    @Test
    void rowsSplitForwardFromGradientsAndNameTheWorstTensor() {
        List<SelfTestCommand.Row> rows = SelfTestCommand.rows("c", "d", () -> List.of(
                new Comparison("predictions", 1e-7, 1e-5, false, null),
                new Comparison("loss", 3e-6, 1e-5, false, null),
                new Comparison("grad.a", 2e-4, 1e-4, true, "too big"),
                new Comparison("grad.b", Double.NaN, 1e-4, true, "NaN")));
        assertEquals(2, rows.size());
        assertEquals("c forward", rows.get(0).check());
        assertTrue(rows.get(0).ok());
        assertEquals("loss", rows.get(0).worst());
        assertEquals(3e-6, rows.get(0).maxError());
        assertFalse(rows.get(1).ok());
        assertEquals("grad.b", rows.get(1).worst(), "a NaN is the worst");
        assertTrue(rows.get(1).detail().contains("grad.a: too big"), rows.get(1).detail());
    }

    @Test
    void aCheckThatThrowsIsOneFailedRow() {
        List<SelfTestCommand.Row> rows = SelfTestCommand.rows("c", "d", () -> {
            throw new IllegalStateException("kernel did not build");
        });
        assertEquals(1, rows.size());
        assertFalse(rows.getFirst().ok());
        assertEquals("kernel did not build", rows.getFirst().detail());
    }
}
