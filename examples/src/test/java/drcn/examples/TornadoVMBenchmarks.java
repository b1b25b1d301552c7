package drcn.examples;

import drcn.tornado.api.common.TornadoDevice;
import drcn.tornado.api.runtime.TornadoRuntimeProvider;

import java.lang.reflect.Method;

/**
 * Runs TornadoVM's benchmark drivers (tornado-benchmarks, ported by prefix) once each on the default device and prints
 * each driver's own verdict, {@code RESULT <benchmark> PASS|FAIL|ERROR <why>}: a driver's {@code validate(device)}
 * runs its task graph again and compares the output with its plain-Java version of the same computation, within the
 * error its author allows. TornadoVM's {@code BenchmarkRunner} discards that verdict and only times, so this main
 * calls the drivers itself (their factory method is protected: reached by reflection from outside their package).
 * Arguments: {@code package:arg,arg,...} per benchmark, the package under {@code uk.ac.manchester.tornado.benchmarks}
 * and the arguments its {@code Benchmark.parseArgs} takes (iterations, then sizes).
 */
public final class TornadoVMBenchmarks {
    private static final String ROOT = "uk.ac.manchester.tornado.benchmarks.";

    public static void main(String[] args) throws Exception {
        TornadoDevice device = TornadoRuntimeProvider.getTornadoRuntime().getDefaultDevice();
        Class<?> runnerClass = Class.forName(ROOT + "BenchmarkRunner");
        Method parseArgs = runnerClass.getMethod("parseArgs", String[].class);
        Method tornadoDriver = runnerClass.getDeclaredMethod("getTornadoDriver");
        tornadoDriver.setAccessible(true);
        for (String spec : args) {
            String name = spec.split(":", 2)[0];
            String[] arguments = spec.contains(":") ? spec.split(":", 2)[1].split(",") : new String[0];
            String verdict;
            long start = System.nanoTime();
            try {
                Object runner = Class.forName(ROOT + name + ".Benchmark").getConstructor().newInstance();
                parseArgs.invoke(runner, (Object) arguments);
                Object driver = tornadoDriver.invoke(runner);
                Class<?> driverClass = Class.forName(ROOT + "BenchmarkDriver");
                driverClass.getMethod("setUp").invoke(driver);
                // validate first: it runs the graph itself, and some reference computations (saxpy's y += alpha x on a
                // y that stays on the device) hold only for the graph's first execution
                boolean valid = (boolean) driverClass.getMethod("validate", TornadoDevice.class).invoke(driver, device);
                // then a timed-style run, which sets the execution result that some tearDown methods read
                driverClass.getMethod("runBenchmark", TornadoDevice.class).invoke(driver, device);
                driverClass.getMethod("tearDown").invoke(driver);
                verdict = valid ? "PASS" : "FAIL its validate() returned false";
            } catch (java.lang.reflect.InvocationTargetException e) {
                e.getCause().printStackTrace();
                verdict = "ERROR " + e.getCause();
            }
            System.out.printf("RESULT %s %s (%.1f s)%n", name, verdict, (System.nanoTime() - start) * 1e-9);
        }
    }
}
