package drcn.runtime.cli;

import drcn.runtime.UserException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import drcn.runtime.backends.Backends;
import drcn.runtime.backend.Device;
import drcn.runtime.model.ParityCheck;
import drcn.runtime.model.ParityCheck.Comparison;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * {@code drcn selftest}: the model's correctness checks ({@link ParityCheck}, the same code the unit
 * tests run) from the CLI, because GPU machines get a jlink'd bundle with the jars only: no Maven,
 * so no unit tests, there.
 */
@Command(name = "selftest", mixinStandardHelpOptions = true,
        description = {"Check each device: the smoke kernel, DRCN parity with PyTorch (forward, loss terms, every gradient), "
                + "agreement with the jvm device, and gradients against finite differences of a double-precision reference.",
                "Exit code 1 when any check fails."})
public final class SelfTestCommand implements Callable<Integer> {

    @Option(names = "--device", paramLabel = "D",
            description = "Only this device (an id from `drcn devices` such as opencl:0) or backend (jvm, opencl, cuda: all its devices).")
    String device;

    @Option(names = "--all", description = "Every device of every backend (the default).")
    boolean all;

    @Option(names = "--json", description = "Print a JSON array of rows instead of a table.")
    boolean json;

    /** Scales every model check's tolerances: the tests use a tiny factor to see failures reported and exit code 1. */
    @Option(names = "--tolerance-factor", hidden = true, defaultValue = "1")
    double toleranceFactor;

    /**
     * One line of the report: a check's tensors of one tolerance on one device. {@code maxError} is the
     * largest relative L2 error among them (NaN when the check could not run or measures none),
     * {@code worst} the tensor it belongs to, {@code errors} every tensor's error.
     */
    public record Row(String check, String device, double maxError, double tolerance, boolean ok, String worst,
                      String detail, Map<String, Double> errors) {}

    /** 0 when every check passed, 1 when any failed (after the whole report is printed). */
    @Override
    public Integer call() {
        if (all && device != null) throw new UserException("--all and --device exclude each other.");
        List<Device> devices = new ArrayList<>();
        var unavailable = new LinkedHashMap<String, String>();
        for (Backends.Discovery discovery : Backends.discoverAll()) {
            if (discovery.unavailableReason() != null) unavailable.put(discovery.backend(), discovery.unavailableReason());
            for (Device d : discovery.devices()) {
                if (device == null || device.equals(d.info().id()) || device.equals(d.info().backend())) devices.add(d);
                else d.close();
            }
        }
        unavailable.forEach((backend, reason) -> System.err.println(backend + ": " + reason));
        if (devices.isEmpty()) {
            throw new UserException("there is no device " + device + "; `drcn devices` lists the devices of this machine.");
        }
        List<Row> rows;
        try {
            rows = run(devices, toleranceFactor);
        } finally {
            devices.forEach(Device::close);
        }
        if (json) printJson(rows);
        else printTable(rows);
        long failed = rows.stream().filter(r -> !r.ok()).count();
        if (failed > 0) System.err.println("drcn selftest: " + failed + " of " + rows.size() + " checks FAILED.");
        return failed > 0 ? 1 : 0;
    }

    /** Every check on every device; the reference data (jvm run, finite differences) is computed once. */
    static List<Row> run(List<Device> devices, double toleranceFactor) {
        List<Row> rows = new ArrayList<>();
        var pyTorch = new Lazy<>(() -> scaled(ParityCheck.pyTorchCase(), toleranceFactor));
        var differences = new Lazy<>(() -> scaled(ParityCheck.finiteDifferenceCase(), toleranceFactor));
        // The expected outputs are host arrays: the jvm device is needed only while computing them.
        var backends = new Lazy<>(() -> {
            try (Device jvm = Backends.open("jvm", 0)) {
                return scaled(ParityCheck.backendsCase(jvm), toleranceFactor);
            }
        });
        for (Device d : devices) {
            String id = d.info().id();
            String smoke = DevicesCommand.smokeTest(d);
            rows.add(new Row("smoke", id, Double.NaN, 1e-5, smoke == null, null, smoke, Map.of()));
            rows.addAll(rows("pytorch", id, () -> ParityCheck.check(d, pyTorch.get())));
            // The jvm device is the reference: comparing it with itself would say nothing.
            if (!d.info().backend().equals("jvm")) rows.addAll(rows("backends", id, () -> ParityCheck.check(d, backends.get())));
            rows.addAll(rows("finite-diff", id, () -> ParityCheck.check(d, differences.get())));
        }
        return rows;
    }

    private static ParityCheck.Case scaled(ParityCheck.Case c, double factor) {
        var t = c.tolerances();
        return factor == 1 ? c : c.withTolerances(new ParityCheck.Tolerances(t.forward() * factor, t.gradients() * factor));
    }

    /**
     * A case's comparisons as two rows, forward values and gradients (each has its own tolerance), or
     * one failed row when the check could not run at all (a kernel that does not build, a lost device).
     */
    static List<Row> rows(String check, String device, Supplier<List<Comparison>> comparisons) {
        List<Comparison> list;
        try {
            list = comparisons.get();
        } catch (RuntimeException e) {
            String message = e.getMessage() == null ? e.toString() : e.getMessage();
            return List.of(new Row(check, device, Double.NaN, Double.NaN, false, null, message, Map.of()));
        }
        List<Row> rows = new ArrayList<>();
        for (boolean gradient : new boolean[] {false, true}) {
            List<Comparison> part = list.stream().filter(c -> c.gradient() == gradient).toList();
            if (part.isEmpty()) continue;
            Comparison worst = part.getFirst();
            boolean ok = true;
            StringBuilder detail = new StringBuilder();
            Map<String, Double> errors = new LinkedHashMap<>();
            for (Comparison c : part) {
                errors.put(c.tensor(), c.error());
                // NaN first, so a NaN tensor is the one named
                if (Double.isNaN(c.error()) || (!Double.isNaN(worst.error()) && c.error() > worst.error())) worst = c;
                if (!c.ok()) {
                    ok = false;
                    if (!detail.isEmpty()) detail.append("; ");
                    detail.append(c.tensor()).append(": ").append(c.detail());
                }
            }
            rows.add(new Row(check + (gradient ? " gradients" : " forward"), device, worst.error(), worst.tolerance(), ok,
                    worst.tensor(), ok ? null : detail.toString(), errors));
        }
        return rows;
    }

    private static void printTable(List<Row> rows) {
        String format = "%-22s %-9s %10s %9s  %-6s  %s%n";
        System.out.printf(format, "CHECK", "DEVICE", "MAX ERROR", "TOLERANCE", "OK", "WORST");
        for (Row r : rows) {
            System.out.printf(format, r.check(), r.device(), number(r.maxError()), number(r.tolerance()),
                    r.ok() ? "ok" : "FAILED", r.worst() == null ? "" : r.worst());
            if (r.detail() != null) System.out.printf("    %s%n", r.detail());
        }
    }

    private static String number(double v) {
        return Double.isNaN(v) ? "-" : String.format("%.2e", v);
    }

    private static void printJson(List<Row> rows) {
        var list = new ArrayList<Map<String, Object>>();
        for (Row r : rows) {
            var m = new LinkedHashMap<String, Object>();
            m.put("check", r.check());
            m.put("device", r.device());
            m.put("maxError", Double.isNaN(r.maxError()) ? null : r.maxError());
            m.put("tolerance", Double.isNaN(r.tolerance()) ? null : r.tolerance());
            m.put("ok", r.ok());
            if (r.worst() != null) m.put("worst", r.worst());
            if (r.detail() != null) m.put("detail", r.detail());
            if (!r.errors().isEmpty()) {
                var errors = new LinkedHashMap<String, Object>();
                r.errors().forEach((k, v) -> errors.put(k, Double.isNaN(v) ? null : v));
                m.put("errors", errors);
            }
            list.add(m);
        }
        try {
            System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(list));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Computed on first use: a run on one device should not pay for another's reference data twice. */
    private static final class Lazy<T> implements Supplier<T> {
        private final Supplier<T> supplier;
        private T value;

        Lazy(Supplier<T> supplier) {
            this.supplier = supplier;
        }

        @Override
        public T get() {
            if (value == null) value = supplier.get();
            return value;
        }
    }
}
