package drcn.tornado.api.profiler;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class ChromeEventTracerTest {
    @Test
    void recordsEventsOnlyWhileEnabled() {
        System.clearProperty(ChromeEventTracer.CHROME_EVENT_TRACER_ENABLED_KEY);
        ChromeEventTracer.enqueueTaskIfEnabled("off", 0, 1_000);
        System.setProperty(ChromeEventTracer.CHROME_EVENT_TRACER_ENABLED_KEY, "true");
        try {
            ChromeEventTracer.enqueueTaskIfEnabled("nbody \"accelerated\"", 2_000, 5_500);
            ChromeEventTracer.enqueueWriteIfEnabled("copy", 64, 0, 1_000);
            int traced = ChromeEventTracer.trace("sum", () -> 40 + 2);
            assertEquals(42, traced);
        } finally {
            System.clearProperty(ChromeEventTracer.CHROME_EVENT_TRACER_ENABLED_KEY);
        }
        String json = ChromeEventTracer.json();
        assertFalse(json.contains("\"off\""), json);
        assertTrue(json.contains("\"name\":\"nbody \\\"accelerated\\\"\",\"cat\":\"exec\",\"ph\":\"X\""), json);
        assertTrue(json.contains("\"ts\":2.000,\"dur\":3.500"), json);
        assertTrue(json.contains("\"args\":{\"bytes\":64}"), json);
        assertTrue(json.contains("\"name\":\"sum\",\"cat\":\"trace\""), json);
    }
}
