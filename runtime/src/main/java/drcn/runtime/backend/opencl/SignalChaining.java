package drcn.runtime.backend.opencl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * PoCL, and the LLVM inside it, install their own SIGSEGV, SIGBUS, SIGFPE and SIGILL handlers over
 * the JVM's (seen with -Xcheck:jni: "SIGSEGV handler modified ... libLLVM-15.so.1"). HotSpot raises
 * SIGSEGV on purpose for implicit null checks and safepoint polls, so the next such trap after a
 * PoCL kernel build kills the process with no error report (exit 139, at random). The JDK's
 * signal-chaining library, preloaded (LD_PRELOAD=$JAVA_HOME/lib/libjsig.so), keeps the JVM's
 * handlers in place and calls the library's behind them; bin/drcn, the GPU bundle's launcher and the
 * test JVMs preload it. This says so once when a JVM started another way meets PoCL.
 */
final class SignalChaining {
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    private SignalChaining() {}

    /** True when libjsig is mapped into this process (or the answer cannot be read). */
    static boolean active() {
        try {
            return Files.readString(Path.of("/proc/self/maps")).contains("libjsig");
        } catch (IOException | RuntimeException e) {
            return true; // not Linux, or no /proc: nothing to say
        }
    }

    static void warnIfMissing(String platformName) {
        if (!platformName.contains("Portable Computing Language") || WARNED.getAndSet(true) || active()) return;
        System.err.println("drcn: warning: PoCL replaces the JVM's signal handlers and the JVM can crash (exit 139); start java with "
                + "LD_PRELOAD=" + Path.of(System.getProperty("java.home"), "lib", "libjsig.so") + " (bin/drcn does).");
    }
}
