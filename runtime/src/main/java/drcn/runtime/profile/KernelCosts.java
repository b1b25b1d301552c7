package drcn.runtime.profile;

import drcn.compiler.ir.Function;
import drcn.compiler.ir.Type;
import drcn.runtime.backend.Buffer;
import drcn.runtime.backend.Range;
import drcn.runtime.jit.KernelRef;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * FLOPs and bytes moved per launch, by formula from the launch's arguments, so the profile can show
 * GFLOP/s and GB/s per kernel. Kernels without a formula show "-".
 *
 * <p>Formulas read arguments by parameter NAME (from the kernel IR's parameter list), never by
 * position, so they survive added parameters such as offsets. A formula that asks for a name the
 * kernel no longer has yields "no formula" instead of a wrong number.
 *
 * <p>Conventions. FLOPs: a multiply-add is 2, every other arithmetic operation 1 (max, compare
 * and select count 1); zero-padded convolution taps are counted, as cuDNN and the papers do, so a
 * 3x3 convolution is always {@code 2*9*Cin*Cout*H*W*N}. Bytes: the minimum traffic, each element of
 * each tensor read once and written once (read-modify-write of an accumulated output counts twice),
 * so GB/s is the effective bandwidth, comparable across kernel versions. {@code rows} and
 * {@code depth} where the kernel takes no such parameter are the range's y extent (see the kernels'
 * Javadoc: those kernels launch {@code (groups * GROUP_SIZE, rows)}).
 */
public final class KernelCosts {
    private KernelCosts() {}

    /** The cost of one launch; {@code flops} may be 0 (a pure copy such as {@code zero}). */
    public record Cost(long flops, long bytes) {}

    /** A formula over one launch's named arguments. */
    @FunctionalInterface
    public interface Formula {
        Cost of(Arguments a);
    }

    /** One launch's arguments by parameter name, and its range. */
    public static final class Arguments {
        private final Map<String, Object> values;
        private final Range range;

        Arguments(Map<String, Object> values, Range range) {
            this.values = values;
            this.range = range;
        }

        /** An int parameter, widened to long so the products below do not overflow. */
        public long i(String name) {
            if (!(values.get(name) instanceof Integer v)) throw new NoSuchElementException("no int parameter " + name);
            return v;
        }

        /** Elements (4 bytes each) of a buffer parameter. */
        public long elements(String name) {
            if (!(values.get(name) instanceof Buffer b)) throw new NoSuchElementException("no buffer parameter " + name);
            return b.byteSize() / 4;
        }

        /** The global size in a dimension (1 beyond the range's dimensions). */
        public long global(int dimension) {
            return range.global(dimension);
        }
    }

    private static final long F = Float.BYTES;
    private static final Map<String, Formula> FORMULAS = new HashMap<>();

    private static void put(String kernel, Formula formula) {
        FORMULAS.put("drcn.kernels.nn." + kernel, formula);
    }

    static {
        // ---- Convolution (3x3, stride 1, padding 1; N = batch, P = height * width) ----
        // convForward: every output is bias + 9*Cin multiply-adds. Reads input, weights, bias; writes output.
        Formula convForward = a -> {
            long n = a.i("batch"), ci = a.i("inChannels"), co = a.i("outChannels"), p = a.i("height") * a.i("width");
            return new Cost(2 * 9 * ci * co * p * n, F * (n * ci * p + co * ci * 9 + co + n * co * p));
        };
        put("Convolution#convForward", convForward);
        put("Convolution#convForwardRowTiles", convForward); // the CPU version: the same arithmetic
        // the CPU version for one output channel (no outChannels parameter): 9*Cin multiply-adds per output
        put("ConvolutionSingleOutput#convForwardSingleOutput", a -> {
            long n = a.i("batch"), ci = a.i("inChannels"), p = a.i("height") * a.i("width");
            return new Cost(2 * 9 * ci * p * n, F * (n * ci * p + ci * 9 + 1 + n * p));
        });
        // convBackwardInput: the transposed convolution, the same multiply-adds; dInput read too when accumulating.
        Formula convBackwardInput = a -> {
            long n = a.i("batch"), ci = a.i("inChannels"), co = a.i("outChannels"), p = a.i("height") * a.i("width");
            long dInputPasses = a.i("accumulate") != 0 ? 2 : 1;
            return new Cost(2 * 9 * ci * co * p * n, F * (n * co * p + co * ci * 9 + dInputPasses * n * ci * p));
        };
        put("Convolution#convBackwardInput", convBackwardInput);
        put("Convolution#convBackwardInputRowTiles", convBackwardInput); // the CPU version: the same arithmetic
        // convBackwardWeights: 9 multiply-adds per (co, ci, pixel); dWeights is accumulated (read + write).
        Formula convBackwardWeights = a -> {
            long n = a.i("batch"), ci = a.i("inChannels"), co = a.i("outChannels"), p = a.i("height") * a.i("width");
            return new Cost(2 * 9 * ci * co * p * n, F * (n * co * p + n * ci * p + 2 * co * ci * 9));
        };
        put("Convolution#convBackwardWeights", convBackwardWeights);
        put("Convolution#convBackwardWeightsRowTiles", convBackwardWeights); // the CPU version: the same arithmetic
        // convBackwardBias: one add per dOutput element; dBias accumulated.
        Formula convBackwardBias = a -> {
            long n = a.i("batch"), co = a.i("outChannels"), p = a.i("height") * a.i("width");
            return new Cost(n * co * p, F * (n * co * p + 2 * co));
        };
        put("Convolution#convBackwardBias", convBackwardBias);
        put("Convolution#convBackwardBiasRowTiles", convBackwardBias); // the CPU version: the same arithmetic
        // The CPU's Winograd F(4x4, 3x3) chain (Winograd, WinogradWeightGradient): the 36 GEMMs carry the arithmetic (P = 36 transformed
        // positions); the transforms are counted as memory traffic only (a few adds per value: GB/s is their measure).
        put("Winograd#multiply", a -> {
            long rows = a.i("rows"), reduce = a.i("reducePadded"), tiles = a.i("chunkTiles");
            return new Cost(2 * 36 * rows * reduce * tiles, F * 36 * (rows * reduce + reduce * tiles + rows * tiles));
        });
        Formula tileTransformIn = a -> new Cost(0, F * (36 + 36) * a.i("channels") * a.i("chunkTiles"));
        put("Winograd#inputTransform", tileTransformIn);
        put("WinogradWeightGradient#inputTransformTransposed", tileTransformIn);
        put("WinogradWeightGradient#gradientTransform", a -> new Cost(0, F * (16 + 36) * a.i("outChannels") * a.i("chunkTiles")));
        // the GEMMs fused with the output transform: U and V read, the 4x4 tiles written (+ read when accumulating)
        put("Winograd#multiplyOutput", a -> {
            long rows = a.i("rows"), reduce = a.i("reducePadded"), tiles = a.i("chunkTiles");
            return new Cost(2 * 36 * rows * reduce * tiles, F * (36 * (rows * reduce + reduce * tiles) + 16 * rows * tiles));
        });
        put("Winograd#multiplyOutputGradient", a -> {
            long rows = a.i("rows"), reduce = a.i("reducePadded"), tiles = a.i("chunkTiles");
            return new Cost(2 * 36 * rows * reduce * tiles,
                    F * (36 * (rows * reduce + reduce * tiles) + (a.i("accumulate") != 0 ? 32 : 16) * rows * tiles));
        });
        put("Winograd#weightTransform", a -> new Cost(0, F * (9 + 36) * a.i("inChannels") * a.i("outChannels")));
        put("WinogradWeightGradient#weightGradientTransform", a -> new Cost(0, F * (36 + 2 * 9) * a.i("inChannels") * a.i("outChannels")));
        // The GPU's tiled implicit GEMMs (ConvolutionTiled): the same arithmetic as the direct kernels; the weight
        // gradient writes S split partials (S = splits) that a second kernel sums into dWeights.
        put("ConvolutionTiled#convForwardTiled", convForward);
        put("ConvolutionTiled#convBackwardInputTiled", convBackwardInput);
        put("ConvolutionTiled#convBackwardWeightsTiled", a -> {
            long n = a.i("batch"), ci = a.i("inChannels"), co = a.i("outChannels"), p = a.i("height") * a.i("width");
            return new Cost(2 * 9 * ci * co * p * n, F * (n * co * p + n * ci * p + a.i("splits") * co * ci * 9));
        });
        put("ConvolutionTiled#convBackwardWeightsTiledReduce", a -> {
            long splits = a.i("splits"), count = a.i("count");
            return new Cost(splits * count, F * (splits * count + 2 * count));
        });

        // ---- Activation ----
        // reluForward: one max per element; read input, write output.
        put("Activation#reluForward", a -> new Cost(a.i("size"), F * 2 * a.i("size")));
        // reluBackward: one compare-select per element; read dOutput and output, write dInput.
        put("Activation#reluBackward", a -> new Cost(a.i("size"), F * 3 * a.i("size")));

        // ---- Elementwise ----
        // addSkip: one add per element; read reconstruction and input (inputSize, broadcast), write predictions.
        put("Elementwise#addSkip", a -> new Cost(a.i("size"), F * (2 * a.i("size") + a.i("inputSize"))));
        // zero: no arithmetic; one write per element.
        put("Elementwise#zero", a -> new Cost(0, F * a.i("size")));
        // scale: one multiply per element; read and write.
        put("Elementwise#scale", a -> new Cost(a.i("size"), F * 2 * a.i("size")));

        // ---- Ensemble ----
        // ensembleForward: depth multiply-adds per output; read predictions (depth*size) and weights, write output.
        put("Ensemble#ensembleForward", a -> {
            long d = a.i("depth"), s = a.i("size");
            return new Cost(2 * d * s, F * (d * s + d + s));
        });
        // ensembleBackward (depth = range y): dPredictions = w*dOut (1) and the dWeights partial dot product (2) per
        // prediction element; read dOutput, predictions, weights; write dPredictions and depth*groups partials.
        put("Ensemble#ensembleBackward", a -> {
            long d = a.global(1), s = a.i("size"), g = a.i("groups");
            return new Cost(3 * d * s, F * (s + 2 * d * s + d + d * g));
        });

        // ---- Loss ----
        // squaredErrorPartials (rows = range y): subtract, square-add (3) per element; read predictions and target, write partials.
        put("Loss#squaredErrorPartials", a -> {
            long r = a.global(1), s = a.i("size"), g = a.i("groups");
            return new Cost(3 * r * s, F * (r * s + s + r * g));
        });
        // squaredErrorGradient: subtract and scale (2), plus the add when accumulating; dPredictions read too then.
        put("Loss#squaredErrorGradient", a -> {
            long r = a.i("rows"), s = a.i("size");
            boolean accumulate = a.i("accumulate") != 0;
            return new Cost((accumulate ? 3 : 2) * r * s, F * (r * s + s + (accumulate ? 2 : 1) * r * s));
        });
        // weightDecayGradient: one multiply-add per element; read weights and dWeights, write dWeights.
        put("Loss#weightDecayGradient", a -> new Cost(2 * a.i("size"), F * 3 * a.i("size")));
        // lossTotal: depth adds, then 5 multiplies/adds to combine; reads depth + 2 terms, writes 1.
        put("Loss#lossTotal", a -> new Cost(a.i("depth") + 5, F * (a.i("depth") + 3)));

        // ---- Optimizer ----
        // sgdMomentumStep: v = m*v + g (2), w -= lr*v (2); read w, g, v; write w, v.
        put("Optimizer#sgdMomentumStep", a -> new Cost(4 * a.i("size"), F * 5 * a.i("size")));
        // adamStep: m update 3, v update 4, then sqrt, divide, add, multiply, divide, subtract (6): 13 per element,
        // counting the sqrt as 1; read w, g, m, v; write w, m, v.
        put("Optimizer#adamStep", a -> new Cost(13 * a.i("size"), F * 7 * a.i("size")));
        // clipByNorm: one multiply per element (the per-item norm computation is not counted); read + write, plus the sum.
        put("Optimizer#clipByNorm", a -> new Cost(a.i("size"), F * (2 * a.i("size") + 1)));

        // ---- Reduction ----
        // sumPartials: one add per partial; result read too when accumulating.
        put("Reduction#sumPartials", a -> {
            long r = a.i("rows"), g = a.i("groups");
            return new Cost(r * g, F * (r * g + (a.i("accumulate") != 0 ? 2 : 1) * r));
        });
        // sumOfSquaresPartials (rows = range y): one multiply-add per element; read x, write partials.
        put("Reduction#sumOfSquaresPartials", a -> {
            long r = a.global(1), s = a.i("size"), g = a.i("groups");
            return new Cost(2 * r * s, F * (r * s + r * g));
        });
    }

    /** The formula of a kernel, or null. */
    public static Formula formula(KernelRef kernel) {
        return FORMULAS.get(kernel.owner().getName() + "#" + kernel.methodName());
    }

    /** Names of the parameters a launch passes, in order (the IR's list without the KernelContext). */
    public static List<String> launchParameterNames(KernelRef kernel) {
        return kernel.function().parameters().stream().filter(p -> p.type() != Type.CONTEXT).map(Function.Parameter::name).toList();
    }

    /**
     * The cost of one launch, or null when the kernel has no formula or its formula no longer fits
     * the kernel's parameters (a renamed parameter must show "-", not a wrong GFLOP/s).
     */
    public static Cost cost(Formula formula, List<String> parameterNames, Range range, Object[] arguments) {
        if (formula == null || parameterNames.size() != arguments.length) return null;
        var values = new HashMap<String, Object>(parameterNames.size() * 2);
        for (int i = 0; i < arguments.length; i++) values.put(parameterNames.get(i), arguments[i]);
        try {
            return formula.of(new Arguments(values, range));
        } catch (NoSuchElementException e) {
            return null;
        }
    }

    /** Convenience for tests and one-off use. */
    public static Cost cost(KernelRef kernel, Range range, Object... arguments) {
        return cost(formula(kernel), launchParameterNames(kernel), range, arguments);
    }
}
