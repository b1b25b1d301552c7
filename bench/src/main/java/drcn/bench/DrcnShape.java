package drcn.bench;

import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The JMH parameters of the benchmarks that run a whole DRCN (or its kernels at a DRCN's shapes) on a device: the
 * device, the filters F per layer and the recursions D. JMH reads the {@code @Param} fields of a state's superclasses that are states too.
 */
@State(Scope.Benchmark)
public abstract class DrcnShape {
    @Param({"opencl:0"})
    public String device;
    @Param({"64"})
    public int filters;
    @Param({"16"})
    public int recursions;
}
