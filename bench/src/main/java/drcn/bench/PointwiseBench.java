package drcn.bench;

import drcn.kernels.Index;
import drcn.kernels.nn.Activation;
import drcn.kernels.nn.Ensemble;
import drcn.kernels.nn.Optimizer;
import drcn.kernels.nn.Reduction;
import drcn.runtime.backend.Buffer;
import drcn.runtime.backend.CompiledKernel;
import drcn.runtime.backend.Device;
import drcn.runtime.backend.Range;
import drcn.runtime.backend.Kernels;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;

import java.util.concurrent.TimeUnit;

/**
 * The memory-bound kernels of a DRCN training step at its shapes: ReLU backward over one hidden
 * state (N x F x size x size), the ensemble over D predictions of N x size x size, and the SGD
 * step over every parameter of a DRCN with F filters (one flat buffer). As in {@link ConvBench},
 * compiled and launched once in setup, and every benchmark waits for the device.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class PointwiseBench extends DrcnShape {
    @Param({"16"})
    public int batch;
    @Param({"41"})
    public int size;

    /** Work-groups of the ensemble's partials pass, as the model chooses them (at most 64). */
    private int groups;
    private int state, image, parameters;
    private Device dev;
    private Buffer hidden, dHidden, dZ, predictions, ensembleWeights, ensembleOut, dOut, dPredictions, partials, dEnsemble;
    private Buffer values, gradients, velocity;
    private CompiledKernel relu, ensembleForward, ensembleBackward, sumPartials, sgd;
    /** Each kernel's launch arguments, set in setup: the kernels are compiled for them (their JIT constants). */
    private Object[] reluArguments, ensembleForwardArguments, ensembleBackwardArguments, sumPartialsArguments, sgdArguments;

    @Setup(Level.Trial)
    public void setUp(BenchmarkParams trial) {
        dev = BenchDevices.open(device, trial);
        state = batch * filters * size * size;
        image = batch * size * size;
        parameters = Flops.drcnParameters(filters, recursions);
        groups = Math.max(1, Math.min(64, Index.ceilDiv(image, Reduction.GROUP_SIZE)));

        hidden = BenchDevices.randomBuffer(dev, state, 1);
        dHidden = BenchDevices.randomBuffer(dev, state, 2);
        dZ = dev.allocateFloats(state);
        predictions = BenchDevices.randomBuffer(dev, recursions * image, 3);
        ensembleWeights = BenchDevices.randomBuffer(dev, recursions, 4);
        ensembleOut = dev.allocateFloats(image);
        dOut = BenchDevices.randomBuffer(dev, image, 5);
        dPredictions = dev.allocateFloats(recursions * image);
        partials = dev.allocateFloats(recursions * groups);
        dEnsemble = BenchDevices.randomBuffer(dev, recursions, 6);
        values = BenchDevices.randomBuffer(dev, parameters, 7);
        gradients = BenchDevices.randomBuffer(dev, parameters, 8);
        velocity = BenchDevices.randomBuffer(dev, parameters, 9);

        reluArguments = new Object[]{dHidden, hidden, dZ, state, 0};
        relu = Kernels.compile(dev, Kernels.ref(Activation::reluBackward), reluArguments);
        ensembleForwardArguments = new Object[]{predictions, ensembleWeights, ensembleOut, recursions, image};
        ensembleForward = Kernels.compile(dev, Kernels.ref(Ensemble::ensembleForward), ensembleForwardArguments);
        ensembleBackwardArguments = new Object[]{dOut, predictions, ensembleWeights, dPredictions, partials, image, groups};
        ensembleBackward = Kernels.compile(dev, Kernels.ref(Ensemble::ensembleBackward), ensembleBackwardArguments);
        sumPartialsArguments = new Object[]{partials, dEnsemble, groups, recursions, 1f, 1, 0};
        sumPartials = Kernels.compile(dev, Kernels.ref(Reduction::sumPartials), sumPartialsArguments);
        sgdArguments = new Object[]{values, gradients, velocity, parameters, 1e-6f, 0.9f};
        sgd = Kernels.compile(dev, Kernels.ref(Optimizer::sgdMomentumStep), sgdArguments);
        reluBackward();
        ensembleForward();
        ensembleBackward();
        sgdStep();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        for (Buffer b : new Buffer[]{hidden, dHidden, dZ, predictions, ensembleWeights, ensembleOut, dOut, dPredictions,
                partials, dEnsemble, values, gradients, velocity}) if (b != null) b.close();
        if (dev != null) dev.close();
    }

    /** dZ = H > 0 ? dH : 0 over one hidden state of the batch. */
    @Benchmark
    public void reluBackward() {
        dev.launch(relu, Range.of(state), reluArguments);
        dev.finish();
    }

    @Benchmark
    public void ensembleForward() {
        dev.launch(ensembleForward, Range.of(image), ensembleForwardArguments);
        dev.finish();
    }

    /** Both passes, as the model runs them: dPredictions and partials, then the D partial sums into dWeights. */
    @Benchmark
    public void ensembleBackward() {
        dev.launch(ensembleBackward, Range.of(groups * Reduction.GROUP_SIZE, recursions).withLocal(Reduction.GROUP_SIZE, 1),
                ensembleBackwardArguments);
        dev.launch(sumPartials, Range.of(recursions * Reduction.GROUP_SIZE).withLocal(Reduction.GROUP_SIZE), sumPartialsArguments);
        dev.finish();
    }

    /** SGD with momentum over all of a DRCN's parameters as one flat buffer. */
    @Benchmark
    public void sgdStep() {
        dev.launch(sgd, Range.of(parameters), sgdArguments);
        dev.finish();
    }
}
