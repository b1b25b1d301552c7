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
 * Runs JUnit 4 test classes in this JVM with JUnitCore, one after the other, and writes one line per event to a file,
 * flushed at once, so that a JVM that crashes or times out still leaves what it ran: {@code PLAN class m},
 * {@code START class m}, {@code PASS class m}, {@code FAIL class m <message>}, {@code SKIP class m <reason>}, then
 * {@code DONE class}. It counts as TornadoVM's own runner
 * (tornado-unittests' TornadoHelper) does: a method marked {@code @TornadoNotSupported} is not run, and a failure
 * by one of TornadoVM's "not supported on this configuration" exceptions is a skip, not a failure.
 * <p>Usage: {@code ClassRunner RESULT_FILE CLASS...}.
 */
public final class ClassRunner {
    /** TornadoVM's exceptions that mean "this configuration cannot run the test" (simple names: they live in the tests' tree). */
    static final Set<String> UNSUPPORTED = Set.of("TornadoVMPTXNotSupported", "TornadoVMOpenCLNotSupported",
            "TornadoVMSPIRVNotSupported", "TornadoVMMetalNotSupported", "TornadoVMCUDANotSupported",
            "TornadoVMMultiDeviceNotSupported", "UnsupportedConfigurationException", "TornadoNoOpenCLPlatformException",
            "TornadoDeviceFP64NotSupported", "TornadoDeviceFP16NotSupported", "TornadoDeviceFP8NotSupported",
            "TornadoDeviceMMANotSupported");

    public static void main(String[] args) throws Exception {
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(Path.of(args[0]), StandardCharsets.UTF_8), true)) {
            for (int i = 1; i < args.length; i++) run(Class.forName(args[i]), out);
        }
        // The runtime may hold non-daemon threads (device queues); the result is written.
        System.exit(0);
    }

    static void run(Class<?> klass, PrintWriter file) {
        String c = klass.getName() + "\t";
        Set<String> notSupported = new HashSet<>();
        for (Method m : klass.getMethods())
            for (var a : m.getAnnotations())
                if (a.annotationType().getSimpleName().equals("TornadoNotSupported")) notSupported.add(m.getName());
        for (String m : notSupported.stream().sorted().toList()) file.println("SKIP\t" + c + m + "\t@TornadoNotSupported");
        Request request = Request.aClass(klass).filterWith(new Filter() {
            @Override public boolean shouldRun(Description d) { return d.getMethodName() == null || !notSupported.contains(d.getMethodName()); }
            @Override public String describe() { return "not @TornadoNotSupported"; }
        });
        plan(request.getRunner().getDescription(), c, file);
        JUnitCore core = new JUnitCore();
        core.addListener(new RunListener() {
            final Set<Description> failed = new HashSet<>();
            @Override public void testStarted(Description d) { file.println("START\t" + c + name(d)); }
            @Override public void testFailure(Failure f) {
                failed.add(f.getDescription());
                Throwable e = f.getException();
                String kind = unsupported(e);
                if (kind != null) file.println("SKIP\t" + c + name(f.getDescription()) + "\t" + kind + ": " + oneLine(e.getMessage()));
                else file.println("FAIL\t" + c + name(f.getDescription()) + "\t" + describe(e, klass));
            }
            @Override public void testAssumptionFailure(Failure f) {
                failed.add(f.getDescription());
                file.println("SKIP\t" + c + name(f.getDescription()) + "\tassumption: " + oneLine(f.getMessage()));
            }
            @Override public void testIgnored(Description d) { file.println("SKIP\t" + c + name(d) + "\t@Ignore"); }
            @Override public void testFinished(Description d) { if (!failed.contains(d)) file.println("PASS\t" + c + name(d)); }
        });
        core.run(request);
        file.println("DONE\t" + klass.getName());
    }

    static void plan(Description d, String c, PrintWriter out) {
        if (d.isTest()) out.println("PLAN\t" + c + name(d));
        for (Description child : d.getChildren()) plan(child, c, out);
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
