package drcn.bench;

import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** The JMH parameters of the benchmarks of one 3x3 convolution layer: F filters in and out, a batch of size x size. */
@State(Scope.Benchmark)
public abstract class ConvShape {
    @Param({"64"})
    public int filters;
    @Param({"16"})
    public int batch;
    @Param({"41"})
    public int size;
}
