package drcn.examples.unittests;

import org.junit.runner.Description;
import org.junit.runner.JUnitCore;
import org.junit.runner.Request;
import org.junit.runner.manipulation.Filter;
import org.junit.runner.notification.Failure;
import org.junit.runner.notification.RunListener;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * Runs one JUnit 4 test class in this JVM with JUnitCore and writes one line per event to a file, flushed at once,
 * so that a JVM that crashes or times out still leaves what it ran: {@code PLAN m}, {@code START m}, {@code PASS m},
 * {@code FAIL m <message>}, {@code SKIP m <reason>}, then {@code DONE}. It counts as TornadoVM's own runner
 * (tornado-unittests' TornadoHelper) does: a method marked {@code @TornadoNotSupported} is not run, and a failure
 * by one of TornadoVM's "not supported on this configuration" exceptions is a skip, not a failure.
 * <p>Usage: {@code ClassRunner CLASS RESULT_FILE}.
 */
public final class ClassRunner {
    /** TornadoVM's exceptions that mean "this configuration cannot run the test" (simple names: they live in the tests' tree). */
    static final Set<String> UNSUPPORTED = Set.of("TornadoVMPTXNotSupported", "TornadoVMOpenCLNotSupported",
            "TornadoVMSPIRVNotSupported", "TornadoVMMetalNotSupported", "TornadoVMCUDANotSupported",
            "TornadoVMMultiDeviceNotSupported", "UnsupportedConfigurationException", "TornadoNoOpenCLPlatformException",
            "TornadoDeviceFP64NotSupported", "TornadoDeviceFP16NotSupported", "TornadoDeviceFP8NotSupported",
            "TornadoDeviceMMANotSupported");

    public static void main(String[] args) throws Exception {
        Class<?> klass = Class.forName(args[0]);
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(Path.of(args[1]), StandardCharsets.UTF_8), true)) {
            Set<String> notSupported = new HashSet<>();
            for (Method m : klass.getMethods())
                for (var a : m.getAnnotations())
                    if (a.annotationType().getSimpleName().equals("TornadoNotSupported")) notSupported.add(m.getName());
            for (String m : notSupported.stream().sorted().toList()) out.println("SKIP\t" + m + "\t@TornadoNotSupported");
            Request request = Request.aClass(klass).filterWith(new Filter() {
                @Override public boolean shouldRun(Description d) { return d.getMethodName() == null || !notSupported.contains(d.getMethodName()); }
                @Override public String describe() { return "not @TornadoNotSupported"; }
            });
            plan(request.getRunner().getDescription(), out);
            JUnitCore core = new JUnitCore();
            core.addListener(new RunListener() {
                final Set<Description> failed = new HashSet<>();
                @Override public void testStarted(Description d) { out.println("START\t" + name(d)); }
                @Override public void testFailure(Failure f) {
                    failed.add(f.getDescription());
                    Throwable e = f.getException();
                    String kind = unsupported(e);
                    if (kind != null) out.println("SKIP\t" + name(f.getDescription()) + "\t" + kind + ": " + oneLine(e.getMessage()));
                    else out.println("FAIL\t" + name(f.getDescription()) + "\t" + describe(e, klass));
                }
                @Override public void testAssumptionFailure(Failure f) {
                    failed.add(f.getDescription());
                    out.println("SKIP\t" + name(f.getDescription()) + "\tassumption: " + oneLine(f.getMessage()));
                }
                @Override public void testIgnored(Description d) { out.println("SKIP\t" + name(d) + "\t@Ignore"); }
                @Override public void testFinished(Description d) { if (!failed.contains(d)) out.println("PASS\t" + name(d)); }
            });
            core.run(request);
            out.println("DONE");
        }
        // The runtime may hold non-daemon threads (device queues); the result is written.
        System.exit(0);
    }

    static void plan(Description d, PrintWriter out) {
        if (d.isTest()) out.println("PLAN\t" + name(d));
        for (Description child : d.getChildren()) plan(child, out);
    }

    static String name(Description d) {
        return d.getMethodName() != null ? d.getMethodName() : "(class " + d.getClassName() + ")";
    }

    static String unsupported(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause())
            if (UNSUPPORTED.contains(t.getClass().getSimpleName())) return t.getClass().getSimpleName();
        return null;
    }

    /** The exception's class and message on one line, and where the test class was when it was thrown. */
    static String describe(Throwable e, Class<?> klass) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root && !(root instanceof AssertionError)) root = root.getCause();
        String where = "";
        for (StackTraceElement s : e.getStackTrace())
            if (s.getClassName().startsWith(klass.getName())) { where = " @ " + s.getFileName() + ":" + s.getLineNumber(); break; }
        String message = root.getClass().getName() + ": " + oneLine(root.getMessage());
        if (root != e) message = e.getClass().getSimpleName() + " <- " + message;
        return message + where;
    }

    static String oneLine(String s) {
        if (s == null) return "";
        s = s.strip().replaceAll("\\s*\\R\\s*", " | ");
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }

    private ClassRunner() {}
}
