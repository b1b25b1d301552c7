package drcn.bench;

import drcn.runtime.backend.Device;
import drcn.runtime.model.DrcnTraining;
import drcn.runtime.model.DrcnConfig;
import drcn.runtime.model.DrcnParameters;
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
 * End to end: one training step on a batch of patches, as the trainer runs it: upload the batch,
 * forward, backward (recursive supervision, a = 0.5, b = 1e-4), SGD with momentum; then wait for the
 * device. The loss value is not read (the trainer reads it only every few steps).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class DrcnTrainBench extends DrcnShape {
    @Param({"16"})
    public int batch;
    @Param({"41"})
    public int patch;

    private Device dev;
    private DrcnTraining model;
    private float[] input, target;

    @Setup(Level.Trial)
    public void setUp(BenchmarkParams trial) {
        dev = BenchDevices.open(device, trial);
        DrcnConfig config = DrcnConfig.of(filters, recursions, 3);
        model = new DrcnTraining(dev, config, batch, patch, patch);
        model.setParameters(DrcnParameters.initialize(config, 42));
        input = BenchDevices.randomFloats(batch * patch * patch, 1);
        target = BenchDevices.randomFloats(batch * patch * patch, 2);
        trainStep();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (model != null) model.close();
        if (dev != null) dev.close();
    }

    @Benchmark
    public void trainStep() {
        model.forward(input);
        model.backward(target, 0.5f, 1e-4f);
        // A tiny learning rate: the weights stay where they are, so every step does the same work.
        model.sgdStep(1e-6f, 0.9f);
        dev.finish();
    }
}
