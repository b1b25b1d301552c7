package drcn.bench;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** The FLOP formulas, against counts done by hand or by brute force. */
class FlopsTest {
    @Test
    void convCountsTwoFlopsPerTapOfEveryOutput() {
        // 1 image, 1 -> 1 channel, 1x1: 9 taps, 2 FLOPs each
        assertEquals(18, Flops.conv(1, 1, 1, 1, 1));
        assertEquals(2.0 * 16 * 64 * 64 * 9 * 41 * 41, Flops.conv(16, 64, 64, 41, 41));
    }

    @Test
    void drcnForwardIsTheSumOfItsConvolutionsAndTheEnsemble() {
        int f = 8, d = 3, n = 2, h = 5, w = 7;
        double convs = Flops.conv(n, 1, f, h, w) + Flops.conv(n, f, f, h, w)
                + d * Flops.conv(n, f, f, h, w) + d * Flops.conv(n, f, f, h, w) + d * Flops.conv(n, f, 1, h, w);
        assertEquals(convs + 2.0 * d * n * h * w, Flops.drcnForward(f, d, 1, n, h, w));
        assertEquals(3 * convs - Flops.conv(n, 1, f, h, w), Flops.drcnTrainStep(f, d, 1, n, h, w));
    }

    @Test
    void parameterCountMatchesTheModelsTensors() {
        int f = 4, d = 3;
        int expected = (f * 9 + f) + 3 * (f * f * 9 + f) + (f * 9 + 1) + d;
        assertEquals(expected, Flops.drcnParameters(f, d));
        int sum = 0;
        var config = drcn.runtime.model.DrcnConfig.of(f, d, 3);
        for (String name : drcn.runtime.model.DrcnParameters.NAMES) {
            int size = 1;
            for (int extent : drcn.runtime.model.DrcnParameters.shape(name, config)) size *= extent;
            sum += size;
        }
        assertEquals(sum, Flops.drcnParameters(f, d), "the count the SGD benchmark uses is the model's");
    }

    @Test
    void everySpecHasAFormulaAndItsParametersEvaluate() {
        var p = new Suite.Params(Map.of("filters", "64", "recursions", "8", "batch", "4", "size", "41", "patch", "41", "image", "64"));
        for (Suite.Spec s : Suite.SPECS) {
            assertNotNull(s.formula());
            double flops = s.flops().applyAsDouble(p);
            assert flops > 0 : s.name();
        }
        assertEquals("F=64 D=8 N=4 41x41", Suite.shape(new Suite.Params(Map.of("filters", "64", "recursions", "8", "batch", "4", "patch", "41"))));
        assertEquals("F=64 D=8 N=1 64x64", Suite.shape(new Suite.Params(Map.of("filters", "64", "recursions", "8", "image", "64"))));
    }

    /** Every @Benchmark method of the suite's classes has a spec (a new harness must say its FLOPs). */
    @Test
    void everyHarnessIsInTheCatalogue() {
        for (Class<?> type : new Class<?>[]{ConvBench.class, PointwiseBench.class, DrcnInferenceBench.class,
                DrcnTrainBench.class, ReferenceBench.class}) {
            for (var m : type.getDeclaredMethods()) {
                if (!m.isAnnotationPresent(org.openjdk.jmh.annotations.Benchmark.class)) continue;
                assertNotNull(Suite.byJmh(type.getName() + "." + m.getName()), type.getSimpleName() + "." + m.getName() + " has no Suite spec");
            }
        }
    }
}
