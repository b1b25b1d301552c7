package drcn.bench;

import drcn.kernels.nn.Convolution;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.TimeUnit;

/**
 * The floor: the kernels' plain-Java reference twins (obviously-correct loops over float[], one
 * thread) at the shapes of {@link ConvBench}. Any device backend should beat these.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ReferenceBench extends ConvShape {

    private float[] input, weights, bias, output, dOutput, dInput, dWeights;

    @Setup(Level.Trial)
    public void setUp() {
        int activations = batch * filters * size * size;
        input = BenchDevices.randomFloats(activations, 1);
        weights = BenchDevices.randomFloats(filters * filters * 9, 2);
        bias = BenchDevices.randomFloats(filters, 3);
        output = new float[activations];
        dOutput = BenchDevices.randomFloats(activations, 4);
        dInput = new float[activations];
        dWeights = new float[filters * filters * 9];
    }

    @Benchmark
    public float[] convForwardRelu() {
        Convolution.convForwardReference(input, weights, bias, output, batch, filters, filters, size, size, 1, 0, 0);
        return output;
    }

    @Benchmark
    public float[] convBackwardInput() {
        Convolution.convBackwardInputReference(dOutput, weights, dInput, batch, filters, filters, size, size, 0, 0, 0);
        return dInput;
    }

    @Benchmark
    public float[] convBackwardWeights() {
        Convolution.convBackwardWeightsReference(dOutput, input, dWeights, batch, filters, filters, size, size, 0, 0);
        return dWeights;
    }
}
