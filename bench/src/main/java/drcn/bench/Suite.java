package drcn.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The catalogue of the suite: for each JMH benchmark method, the name the report uses, the FLOP
 * formula (as text for the report and as code), the bytes it moves when memory bound, and whether a
 * peer can run the same thing. One place, so the report, the peers and the tests agree.
 */
public final class Suite {
    private Suite() {}

    /** How a benchmark's throughput is judged: against the FMA peak or against the copy peak. */
    public enum Bound { COMPUTE, MEMORY }

    /**
     * @param jmh     the JMH benchmark id ({@code drcn.bench.ConvBench.convForward})
     * @param name    the report's name ({@code conv.forward})
     * @param formula FLOPs (and bytes, for memory-bound kernels) in the parameters' letters
     * @param flops   FLOPs of one invocation from the JMH parameters
     * @param bytes   bytes of one invocation, or null when compute bound
     * @param host    true for the plain-Java reference twins (host, one thread): no fraction of the device's peak
     */
    public record Spec(String jmh, String name, String formula, ToDoubleFunction<Params> flops,
                       ToDoubleFunction<Params> bytes, boolean host) {
        public Bound bound() { return bytes == null ? Bound.COMPUTE : Bound.MEMORY; }
    }

    /** A benchmark's JMH parameters, read as the ints they are (absent ones are 1). */
    public record Params(Map<String, String> values) {
        public int get(String key) {
            String v = values.get(key);
            return v == null ? 1 : Integer.parseInt(v);
        }

        int f() { return get("filters"); }
        int d() { return get("recursions"); }
        int n() { return get("batch"); }
        int s() { return values.containsKey("size") ? get("size") : values.containsKey("patch") ? get("patch") : get("image"); }
    }

    private static final String CONV = "2*N*F*F*9*S*S (all 9 taps, padding included)";

    public static final List<Spec> SPECS = List.of(
            new Spec("drcn.bench.ConvBench.convForward", "conv.forward", CONV,
                    p -> Flops.conv(p.n(), p.f(), p.f(), p.s(), p.s()), null, false),
            new Spec("drcn.bench.ConvBench.convForwardRelu", "conv.forwardRelu", CONV + ", ReLU not counted",
                    p -> Flops.conv(p.n(), p.f(), p.f(), p.s(), p.s()), null, false),
            new Spec("drcn.bench.ConvBench.convBackwardInput", "conv.backwardInput", CONV,
                    p -> Flops.conv(p.n(), p.f(), p.f(), p.s(), p.s()), null, false),
            new Spec("drcn.bench.ConvBench.convBackwardWeights", "conv.backwardWeights", CONV,
                    p -> Flops.conv(p.n(), p.f(), p.f(), p.s(), p.s()), null, false),
            new Spec("drcn.bench.ConvBench.convBackwardBias", "conv.backwardBias", "N*F*S*S adds; bytes 4*N*F*S*S",
                    p -> Flops.convBias(p.n(), p.f(), p.s(), p.s()),
                    p -> 4.0 * p.n() * p.f() * p.s() * p.s(), false),
            new Spec("drcn.bench.PointwiseBench.reluBackward", "relu.backward", "E = N*F*S*S compares; bytes 3*4*E",
                    p -> (double) p.n() * p.f() * p.s() * p.s(),
                    p -> 12.0 * p.n() * p.f() * p.s() * p.s(), false),
            new Spec("drcn.bench.PointwiseBench.ensembleForward", "ensemble.forward", "P = N*S*S; 2*D*P; bytes 4*(D+1)*P",
                    p -> 2.0 * p.d() * p.n() * p.s() * p.s(),
                    p -> 4.0 * (p.d() + 1) * p.n() * p.s() * p.s(), false),
            new Spec("drcn.bench.PointwiseBench.ensembleBackward", "ensemble.backward", "P = N*S*S; 3*D*P; bytes 4*3*D*P",
                    p -> 3.0 * p.d() * p.n() * p.s() * p.s(),
                    p -> 12.0 * p.d() * p.n() * p.s() * p.s(), false),
            new Spec("drcn.bench.PointwiseBench.sgdStep", "sgd.step", "W = DRCN parameters of F, D; 3*W; bytes 4*5*W",
                    p -> 3.0 * Flops.drcnParameters(p.f(), p.d()),
                    p -> 20.0 * Flops.drcnParameters(p.f(), p.d()), false),
            new Spec("drcn.bench.DrcnInferenceBench.inference", "drcn.inference",
                    "one S x S image: the convs 2*9*S*S*(F + F*F + D*(2*F*F + F)) + ensemble 2*D*S*S",
                    p -> Flops.drcnForward(p.f(), p.d(), 1, 1, p.s(), p.s()), null, false),
            new Spec("drcn.bench.DrcnTrainBench.trainStep", "drcn.trainStep",
                    "3 x the forward's conv FLOPs (N patches S x S) less embed1's input gradient; pointwise work not counted",
                    p -> Flops.drcnTrainStep(p.f(), p.d(), 1, p.n(), p.s(), p.s()), null, false),
            new Spec("drcn.bench.ReferenceBench.convForwardRelu", "reference.convForwardRelu", CONV,
                    p -> Flops.conv(p.n(), p.f(), p.f(), p.s(), p.s()), null, true),
            new Spec("drcn.bench.ReferenceBench.convBackwardInput", "reference.convBackwardInput", CONV,
                    p -> Flops.conv(p.n(), p.f(), p.f(), p.s(), p.s()), null, true),
            new Spec("drcn.bench.ReferenceBench.convBackwardWeights", "reference.convBackwardWeights", CONV,
                    p -> Flops.conv(p.n(), p.f(), p.f(), p.s(), p.s()), null, true));

    private static final Map<String, Spec> BY_JMH = new LinkedHashMap<>();

    static {
        for (Spec s : SPECS) BY_JMH.put(s.jmh(), s);
    }

    /** The spec of a JMH benchmark id, or null for a benchmark outside the suite (e.g. a ladder's). */
    public static Spec byJmh(String jmhId) {
        return BY_JMH.get(jmhId);
    }

    /** The shape a report row shows, e.g. {@code F=64 D=16 N=16 41x41}; leaves out the device. */
    public static String shape(Params p) {
        var parts = new StringBuilder();
        Map<String, String> v = p.values();
        if (v.containsKey("filters")) parts.append("F=").append(v.get("filters")).append(' ');
        if (v.containsKey("recursions")) parts.append("D=").append(v.get("recursions")).append(' ');
        parts.append("N=").append(v.getOrDefault("batch", "1")).append(' ');
        parts.append(p.s()).append('x').append(p.s());
        return parts.toString();
    }
}
