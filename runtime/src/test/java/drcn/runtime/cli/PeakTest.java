package drcn.runtime.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import drcn.kernels.Peak;
import drcn.tornado.api.types.arrays.FloatArray;
import drcn.runtime.backends.Backends;
import drcn.runtime.backend.Buffer;
import drcn.runtime.backend.Device;
import drcn.runtime.backend.Range;
import drcn.runtime.backend.Kernels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** {@code drcn devices --peak}: the peak kernels are right, and the JSON carries the peak keys. */
class PeakTest {
    @Test
    void peakKernelsMatchTheirTwinsOnTheJvm() {
        try (Device device = Backends.open("jvm:0", 0); Buffer out = device.allocateFloats(100);
             Buffer in = device.allocateFloats(100); Buffer copy = device.allocateFloats(100)) {
            device.launch(device.compile(Kernels.ref(Peak::fmaChains)), Range.of(100), out, 100, 7, 0.999f, 0.001f);
            var got = new FloatArray(100);
            device.read(out, got);
            float[] expected = new float[100];
            Peak.fmaChainsReference(expected, 100, 7, 0.999f, 0.001f);
            for (int i = 0; i < 100; i++) assertEquals(expected[i], got.get(i), 1e-6f * Math.abs(expected[i]));

            device.launch(device.compile(Kernels.ref(Peak::fmaStraight)), Range.of(100), out, 0.999f, 0.001f);
            device.read(out, got);
            Peak.fmaStraightReference(expected, 100, 0.999f, 0.001f);
            for (int i = 0; i < 100; i++) assertEquals(expected[i], got.get(i), 1e-6f * Math.abs(expected[i]));

            try (Buffer lanes = device.allocateFloats(16 * 100)) {
                device.launch(device.compile(Kernels.ref(Peak::fmaVector)), Range.of(100), lanes, 0.999f, 0.001f);
                var gotLanes = new FloatArray(16 * 100);
                device.read(lanes, gotLanes);
                float[] expectedLanes = new float[16 * 100];
                Peak.fmaVectorReference(expectedLanes, 100, 0.999f, 0.001f);
                for (int i = 0; i < 1600; i++) assertEquals(expectedLanes[i], gotLanes.get(i), 1e-6f * Math.abs(expectedLanes[i]));
            }

            float[] values = new float[100];
            for (int i = 0; i < 100; i++) values[i] = i * 0.5f;
            device.write(in, FloatArray.fromArray(values));
            device.launch(device.compile(Kernels.ref(Peak::copy)), Range.of(100), in, copy, 100);
            device.read(copy, got);
            for (int i = 0; i < 100; i++) assertEquals(values[i], got.get(i));
        }
    }

    @Test
    void devicesPeakJsonHasThePeakKeys(@TempDir Path emptyVendors) throws Exception {
        // Only the JVM device is needed; an empty ICD folder hides OpenCL and keeps the test fast.
        DevicesCommandTest.Result result = DevicesCommandTest.runCli(Map.of("OCL_ICD_VENDORS", emptyVendors.toString()),
                "devices", "--peak", "--peak-tiny", "--json");
        assertEquals(0, result.exitCode(), result.stderr());
        JsonNode devices = new ObjectMapper().readTree(result.stdout());
        JsonNode jvm = devices.get(0);
        assertEquals("jvm", jvm.get("backend").asText());
        for (String key : new String[]{"name", "driver", "peakGflops", "peakGBps"}) assertTrue(jvm.has(key), "missing " + key + " in " + jvm);
        assertTrue(jvm.get("peakGflops").asDouble() > 0);
        assertTrue(jvm.get("peakGBps").asDouble() > 0);
    }
}
