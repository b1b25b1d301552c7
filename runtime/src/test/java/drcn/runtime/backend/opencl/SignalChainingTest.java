package drcn.runtime.backend.opencl;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The test JVMs preload the JDK's signal-chaining library (the surefire configuration in the parent
 * POM), as bin/drcn does: without it PoCL's LLVM replaces the JVM's SIGSEGV handler and the JVM's next
 * implicit null check kills the test run at random (exit 139).
 */
class SignalChainingTest {
    @Test
    void libjsigIsLoadedInTheTestJvm() {
        assertTrue(SignalChaining.active(), "libjsig.so is not mapped: LD_PRELOAD=$JAVA_HOME/lib/libjsig.so is missing from surefire's environment");
    }
}
