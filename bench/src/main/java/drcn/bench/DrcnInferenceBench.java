package drcn.bench;

import drcn.runtime.backend.Device;
import drcn.runtime.model.Drcn;
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
 * End to end: DRCN upscaling one image (already bicubic-interpolated to the target size, image x image,
 * the Y channel), from the host array in to the host array out: upload, the whole forward schedule,
 * read-back. Every kernel is compiled by a forward pass in setup.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class DrcnInferenceBench extends DrcnShape {
    @Param({"128"})
    public int image;

    private Device dev;
    private Drcn model;
    private float[] input;

    @Setup(Level.Trial)
    public void setUp(BenchmarkParams trial) {
        dev = BenchDevices.open(device, trial);
        DrcnParameters parameters = parameters(filters, recursions);
        model = Drcn.forInference(dev, parameters.config(), 1, image, image);
        model.setParameters(parameters);
        input = input(image);
        inference();
    }

    /** The weights every run and every peer uses for F filters and D recursions (x3, seeded). */
    public static DrcnParameters parameters(int filters, int recursions) {
        return DrcnParameters.initialize(DrcnConfig.of(filters, recursions, 3), 42);
    }

    /** The input every run and every peer uses: image x image floats, seeded. */
    public static float[] input(int image) {
        return BenchDevices.randomFloats(image * image, 1);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (model != null) model.close();
        if (dev != null) dev.close();
    }

    /** Returns the output so JMH keeps it alive; output() reads back and so waits for the device. */
    @Benchmark
    public float[] inference() {
        model.forward(input);
        return model.output();
    }
}
