package drcn.runtime.backend.opencl;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The build-failure message and error names, without any OpenCL device. */
class BuildErrorMessageTest {
    private static final String SOURCE = """
            __kernel void k(__global float* y, int y_size) {
                int i = get_global_id(0);
                float x = foo(y[i]);
                y[i] = x
            }
            """;

    @Test
    void quotesEveryLineTheClangStyleLogPointsAt() {
        String log = """
                <source>:3:15: error: implicit declaration of function 'foo' is invalid in OpenCL
                <source>:4:13: error: expected ';' after expression
                <source>:2:9: warning: unused variable
                2 errors generated.
                """;
        List<String> quotes = OpenCLDevice.quoteErrorLines(log, SOURCE);
        assertEquals(2, quotes.size(), quotes.toString());
        assertTrue(quotes.get(0).startsWith("line 3: float x = foo(y[i]);"), quotes.get(0));
        assertTrue(quotes.get(0).contains("^ implicit declaration of function 'foo'"), quotes.get(0));
        // the caret stands under column 15 of the source line, i.e. under 'foo'
        String[] two = quotes.get(0).split("\n");
        assertEquals("foo", two[0].substring(two[1].indexOf('^'), two[1].indexOf('^') + 3));
        assertTrue(quotes.get(1).startsWith("line 4: y[i] = x"), quotes.get(1));
    }

    @Test
    void quotesPoclStyleLogs() {
        String log = """
                error: /root/.cache/pocl/kcache/tempfile_qojOzG.cl:3:15: use of undeclared identifier 'foo'; did you mean 'for'?
                error: /root/.cache/pocl/kcache/tempfile_qojOzG.cl:3:15: expected expression
                Device pthread failed to build the program
                """;
        List<String> quotes = OpenCLDevice.quoteErrorLines(log, SOURCE);
        assertEquals(1, quotes.size(), quotes.toString());
        assertTrue(quotes.getFirst().startsWith("line 3: float x = foo(y[i]);\n"), quotes.getFirst());
        assertTrue(quotes.getFirst().endsWith("^ use of undeclared identifier 'foo'; did you mean 'for'?"), quotes.getFirst());
        assertEquals(List.of(), OpenCLDevice.quoteErrorLines("3:15: warning: unused", SOURCE));
        assertEquals(1, OpenCLDevice.quoteErrorLines("3:15: error: bad", SOURCE).size());
    }

    @Test
    void messageHoldsCodeQuotesAndLog() {
        String log = "<kernel>:3:15: error: use of undeclared identifier 'foo'";
        String message = OpenCLDevice.describeBuildFailure("Conv.forward", "some GPU", -11, log, SOURCE);
        assertTrue(message.startsWith("OpenCL build of Conv.forward failed on some GPU: CL_BUILD_PROGRAM_FAILURE (-11)"), message);
        assertTrue(message.contains("line 3: float x = foo(y[i]);"), message);
        assertTrue(message.contains("build log:\n  " + log), message);
    }

    @Test
    void olderLineFormatAndMissingLog() {
        assertEquals(List.of("line 2: int i = get_global_id(0);    <- bad thing"),
                OpenCLDevice.quoteErrorLines("\"/tmp/x.cl\", line 2: error: bad thing", SOURCE));
        assertTrue(OpenCLDevice.describeBuildFailure("k", "d", -11, "", SOURCE).contains("(the driver gave no build log)"));
    }

    @Test
    void missingLibraryIsOneSentenceSayingWhatToInstall() {
        var e = assertThrows(drcn.runtime.backend.BackendUnavailableException.class,
                () -> OpenCL.lookup(List.of("libNoSuchOpenCL.so.7")));
        assertEquals("no OpenCL library (libOpenCL.so.1) found: install ocl-icd-libopencl1 and a driver such as "
                + "pocl-opencl-icd (CPU) or your GPU vendor's OpenCL driver.", e.getMessage());
    }

    @Test
    void errorCodesHaveTheirStandardNames() {
        assertEquals("CL_OUT_OF_RESOURCES", OpenCL.errorName(-5));
        assertEquals("CL_MEM_OBJECT_ALLOCATION_FAILURE", OpenCL.errorName(-4));
        assertEquals("CL_BUILD_PROGRAM_FAILURE", OpenCL.errorName(-11));
        assertEquals("CL_INVALID_VALUE", OpenCL.errorName(-30));
        assertEquals("CL_INVALID_KERNEL_ARGS", OpenCL.errorName(-52));
        assertEquals("CL_INVALID_WORK_GROUP_SIZE", OpenCL.errorName(-54));
        assertEquals("CL_INVALID_BUFFER_SIZE", OpenCL.errorName(-61));
        assertEquals("CL_MAX_SIZE_RESTRICTION_EXCEEDED", OpenCL.errorName(-72));
        assertEquals("CL_PLATFORM_NOT_FOUND_KHR", OpenCL.errorName(-1001));
        assertEquals("CL_UNKNOWN_ERROR(-9999)", OpenCL.errorName(-9999));
        var e = assertThrows(OpenCLException.class, () -> OpenCL.check(-54, "clEnqueueNDRangeKernel"));
        assertEquals("clEnqueueNDRangeKernel failed: CL_INVALID_WORK_GROUP_SIZE (-54)", e.getMessage());
        assertEquals(-54, e.code());
        OpenCL.check(0, "fine");
    }
}
