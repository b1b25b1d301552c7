package drcn.bench;

import drcn.runtime.backend.Buffer;
import drcn.runtime.backend.Device;
import drcn.runtime.model.Convolutions;
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
 * The 3x3 convolution kernels at DRCN's hidden-layer shape: F -> F channels, a batch of N patches
 * of size x size (the inference conv, the most frequent launch of a training step).
 *
 * <p>convForward, convForwardRelu and convBackwardInput launch through {@link Convolutions}, as the model does, so
 * they time what the product runs on the device (on CPUs the Winograd chain, on GPUs the direct kernels).
 * convBackwardWeights and convBackwardBias launch the GPU kernels directly.
 *
 * <p>Every benchmark ends with {@code device.finish()}, so the time is the device's work, not the
 * enqueue. Kernels are compiled (and built by the driver) and launched once in {@link #setUp}, so
 * neither JMH's warm-up nor its measurement includes our JIT or the driver's compiler.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ConvBench extends ConvShape {
    @Param({"opencl:0"})
    public String device;

    private Device dev;
    private Buffer input, weights, bias, output, dOutput, dInput, dWeights, dBias;
    /** Every launch as the model makes it (Convolutions picks the kernels per device). */
    private Convolutions convolutions;

    @Setup(Level.Trial)
    public void setUp(BenchmarkParams trial) {
        dev = BenchDevices.open(device, trial);
        int activations = batch * filters * size * size;
        input = BenchDevices.randomBuffer(dev, activations, 1);
        weights = BenchDevices.randomBuffer(dev, filters * filters * 9, 2);
        bias = BenchDevices.randomBuffer(dev, filters, 3);
        output = dev.allocateFloats(activations);
        dOutput = BenchDevices.randomBuffer(dev, activations, 4);
        dInput = dev.allocateFloats(activations);
        dWeights = BenchDevices.randomBuffer(dev, filters * filters * 9, 5);
        dBias = BenchDevices.randomBuffer(dev, filters, 6);

        convolutions = new Convolutions(dev);

        // One launch of each: drivers may build a program lazily at its first launch.
        convForward();
        convForwardRelu();
        convBackwardInput();
        convBackwardWeights();
        convBackwardBias();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (convolutions != null) convolutions.close();
        for (Buffer b : new Buffer[]{input, weights, bias, output, dOutput, dInput, dWeights, dBias}) if (b != null) b.close();
        if (dev != null) dev.close();
    }

    /** Conv without activation (DRCN's last reconstruction layer). */
    @Benchmark
    public void convForward() {
        convolutions.forward(input, 0, weights, bias, output, 0, batch, filters, filters, size, size, false);
        dev.finish();
    }

    /** Conv with the ReLU fused into the same kernel (every other DRCN layer). */
    @Benchmark
    public void convForwardRelu() {
        convolutions.forward(input, 0, weights, bias, output, 0, batch, filters, filters, size, size, true);
        dev.finish();
    }

    @Benchmark
    public void convBackwardInput() {
        convolutions.backwardInput(dOutput, 0, weights, dInput, 0, batch, filters, filters, size, size, false);
        dev.finish();
    }

    /** Accumulates into dWeights (parameter gradients add up); the values drift, the work does not. */
    @Benchmark
    public void convBackwardWeights() {
        convolutions.backwardWeights(dOutput, 0, input, 0, dWeights, batch, filters, filters, size, size);
        dev.finish();
    }

    @Benchmark
    public void convBackwardBias() {
        convolutions.backwardBias(dOutput, 0, dBias, batch, filters, size, size);
        dev.finish();
    }
}
