package drcn.runtime.profile;

import drcn.compiler.ir.Type;
import drcn.kernels.Smoke;
import drcn.kernels.api.Kernel;
import drcn.kernels.nn.Activation;
import drcn.kernels.nn.Convolution;
import drcn.kernels.nn.Elementwise;
import drcn.kernels.nn.Ensemble;
import drcn.kernels.nn.Loss;
import drcn.kernels.nn.Optimizer;
import drcn.kernels.nn.Reduction;
import drcn.runtime.backend.Buffer;
import drcn.runtime.backend.Range;
import drcn.runtime.jit.EveryKernelBuildsTest;
import drcn.runtime.backend.Kernels;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class KernelCostsTest {

    /** A buffer that only knows its size: formulas never touch contents. */
    private static Buffer fake(long bytes) {
        return new Buffer() {
            @Override public long byteSize() { return bytes; }
            @Override public void close() { }
        };
    }

    @Test
    void smallConvolutionHasTheKnownCounts() {
        // batch 2, 3 -> 4 channels, 5 x 6: every output is 3*9 multiply-adds, 2*4*5*6 = 240 outputs.
        int batch = 2, in = 3, out = 4, h = 5, w = 6;
        long multiplyAdds = 0;
        for (int n = 0; n < batch; n++) for (int co = 0; co < out; co++) for (int p = 0; p < h * w; p++)
            for (int ci = 0; ci < in; ci++) for (int tap = 0; tap < 9; tap++) multiplyAdds++;
        assertEquals(6480, multiplyAdds);
        var ref = Kernels.ref(Convolution::convForward);
        Range range = Range.of(w, h, batch * Convolution.outChannelBlocks(out));
        var cost = KernelCosts.cost(ref, range, fake(4L * batch * in * h * w), fake(4L * out * in * 9), fake(4L * out),
                fake(4L * batch * out * h * w), batch, in, out, h, w, 1, 0, 0);
        assertNotNull(cost);
        assertEquals(2 * multiplyAdds, cost.flops());
        assertEquals(4L * (batch * in * h * w + out * in * 9 + out + batch * out * h * w), cost.bytes());

        // The backward passes do the same multiply-adds; the bias gradient one add per dOutput element.
        var input = KernelCosts.cost(Kernels.ref(Convolution::convBackwardInput), range,
                null, null, null, batch, in, out, h, w, 0, 0, 0);
        assertEquals(2 * multiplyAdds, input.flops());
        var bias = KernelCosts.cost(Kernels.ref(Convolution::convBackwardBias), Range.of(out * 256),
                null, null, batch, out, h, w, 0);
        assertEquals((long) batch * out * h * w, bias.flops());
    }

    @Test
    void kernelsWithoutFormulaHaveNoCost() {
        assertNull(KernelCosts.formula(Kernels.ref(Smoke::saxpy)));
        assertNull(KernelCosts.cost(Kernels.ref(Smoke::saxpy), Range.of(4), null, null, 1f, 4));
    }

    @Test
    void aFormulaThatNoLongerFitsItsKernelGivesNoCostRatherThanAWrongOne() {
        KernelCosts.Formula formula = a -> new KernelCosts.Cost(a.i("renamedAway"), 0);
        assertNull(KernelCosts.cost(formula, List.of("size"), Range.of(4), new Object[]{4}));
    }

    /** Every nn kernel has a formula, and each formula finds every parameter it names (a typo would show "-"). */
    @Test
    void everyNnKernelHasAFormulaThatFitsItsParameters() {
        var missing = new ArrayList<String>();
        for (Class<?> owner : List.of(Activation.class, Convolution.class, drcn.kernels.nn.ConvolutionTiled.class,
                drcn.kernels.nn.Winograd.class, drcn.kernels.nn.WinogradWeightGradient.class, Elementwise.class, Ensemble.class, Loss.class, Optimizer.class, Reduction.class)) {
            for (Method m : owner.getDeclaredMethods()) {
                if (!m.isAnnotationPresent(Kernel.class)) continue;
                var ref = EveryKernelBuildsTest.kernel(m);
                var parameters = ref.function().parameters().stream().filter(p -> p.type() != Type.CONTEXT).toList();
                Object[] arguments = new Object[parameters.size()];
                for (int i = 0; i < arguments.length; i++) {
                    arguments[i] = switch (parameters.get(i).type()) {
                        case INT -> 8;
                        case FLOAT -> 0.5f;
                        default -> fake(4096);
                    };
                }
                var cost = KernelCosts.cost(ref, Range.of(256, 4), arguments);
                if (cost == null || cost.bytes() <= 0 || cost.flops() < 0) missing.add(ref.displayName());
            }
        }
        assertEquals(List.of(), missing, "kernels without a working FLOP/byte formula in KernelCosts");
    }
}
