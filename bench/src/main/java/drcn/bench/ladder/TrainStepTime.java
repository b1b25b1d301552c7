package drcn.bench.ladder;

import drcn.bench.BenchDevices;
import drcn.runtime.backend.Device;
import drcn.runtime.model.DrcnTraining;
import drcn.runtime.model.DrcnConfig;
import drcn.runtime.model.DrcnParameters;

import java.util.Arrays;
import java.util.Locale;

/**
 * Wall time of whole training steps (forward, backward with a = 0.5, b = 1e-4, SGD; as DrcnTrainBench), for
 * before/after comparisons of a kernel change on a noisy machine: prints every step and the min/median.
 * {@code java ... drcn.bench.ladder.TrainStepTime [device F D N patch steps]}, defaults opencl:0 32 6 16 41 5.
 */
public final class TrainStepTime {
    public static void main(String[] args) {
        Locale.setDefault(Locale.ROOT);
        String device = args.length > 0 ? args[0] : "opencl:0";
        int f = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        int d = args.length > 2 ? Integer.parseInt(args[2]) : 6;
        int n = args.length > 3 ? Integer.parseInt(args[3]) : 16;
        int patch = args.length > 4 ? Integer.parseInt(args[4]) : 41;
        int steps = args.length > 5 ? Integer.parseInt(args[5]) : 5;
        // -Dprofile=true: wrap the device in a ProfilingDevice and print its per-kernel table at the end
        boolean profile = Boolean.getBoolean("profile");
        try (Device dev = profile ? drcn.runtime.profile.Profiler.open(BenchDevices.open(device), System.out, null, null)
                : BenchDevices.open(device)) {
            DrcnConfig config = DrcnConfig.of(f, d, 3);
            try (DrcnTraining model = new DrcnTraining(dev, config, n, patch, patch)) {
                model.setParameters(DrcnParameters.initialize(config, 42));
                float[] input = BenchDevices.randomFloats(n * patch * patch, 1);
                float[] target = BenchDevices.randomFloats(n * patch * patch, 2);
                double[] ms = new double[steps];
                for (int s = -1; s < steps; s++) {   // step -1: warm-up (kernel builds)
                    long t = System.nanoTime();
                    model.forward(input);
                    model.backward(target, 0.5f, 1e-4f);
                    model.sgdStep(1e-6f, 0.9f);
                    dev.finish();
                    if (s >= 0) ms[s] = (System.nanoTime() - t) / 1e6;
                }
                double[] sorted = ms.clone();
                Arrays.sort(sorted);
                System.out.printf("train step F=%d D=%d N=%d patch %d on %s: steps %s ms; min %.0f ms, median %.0f ms%n",
                        f, d, n, patch, device, Arrays.toString(Arrays.stream(ms).map(Math::rint).toArray()), sorted[0], sorted[steps / 2]);
            }
        }
    }

    private TrainStepTime() {
    }
}
