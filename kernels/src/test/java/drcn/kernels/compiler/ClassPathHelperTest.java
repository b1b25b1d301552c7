package drcn.kernels.compiler;

import drcn.compiler.ir.Function;
import drcn.compiler.ir.KernelModule;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A kernel calls a helper of another module, compiled earlier: the processor links the call when that module's
 * kernel IR has the helper (a kernel there calls it), and refuses it in one located sentence when it has not.
 */
class ClassPathHelperTest {

    /** The earlier module: a helper its own kernel calls (so its IR is written), and one nobody calls. */
    private static final String LIBRARY = """
            package lib;
            import drcn.tornado.api.KernelContext;
            import drcn.tornado.api.types.arrays.IntArray;
            public final class Lib {
                public static int twice(int x) { return x + x; }
                public static int unused(int x) { return x; }
                @drcn.kernels.api.Kernel
                public static void own(KernelContext context, IntArray out) { out.set(context.globalIdx, twice(context.globalIdx)); }
            }
            """;

    private static List<String> withLibrary(KernelCompilation.Result library) {
        return List.of("-classpath", System.getProperty("java.class.path") + File.pathSeparator + library.classes(),
                "-processor", "drcn.compiler.KernelProcessor");
    }

    @Test
    void aHelperWithIrOnTheClassPathIsLinkedAndKeepsItsCName() {
        var library = KernelCompilation.compile("lib.Lib", LIBRARY);
        assertTrue(library.success(), () -> library.diagnostics().toString());
        Function twice = TaskKernelTest.module(library, "lib.Lib").functions().stream().filter(f -> f.javaName().equals("twice")).findFirst().orElseThrow();
        // the second module has a helper of the same name: its C name must differ from the linked one's
        var user = KernelCompilation.compile(withLibrary(library), "app.User", """
                package app;
                import drcn.tornado.api.KernelContext;
                import drcn.tornado.api.types.arrays.IntArray;
                final class User {
                    static int twice(int x) { return x * 2 + 1; }
                    @drcn.kernels.api.Kernel
                    public static void k(KernelContext context, IntArray out) {
                        int i = context.globalIdx;
                        out.set(i, lib.Lib.twice(i) + twice(i));
                    }
                }
                """);
        assertTrue(user.success(), () -> user.diagnostics().toString());
        KernelModule module = TaskKernelTest.module(user, "app.User");
        assertEquals(List.of("app.User#k(drcn.tornado.api.KernelContext,drcn.tornado.api.types.arrays.IntArray)", "app.User#twice(int)"),
                module.functions().stream().map(Function::id).sorted().toList(), "the linked helper stays in its own module's IR");
        Function own = module.functions().stream().filter(f -> f.javaName().equals("twice")).findFirst().orElseThrow();
        assertNotEquals(twice.cName(), own.cName());
    }

    @Test
    void aKernelLibraryHasTheIrOfEveryStaticMethod() {
        var library = KernelCompilation.compile("lib.Index", """
                package lib;
                @drcn.kernels.api.KernelLibrary
                public final class Index {
                    public static int ceilDiv(int a, int b) { return (a + b - 1) / b; }
                    public static int roundUp(int a, int b) { return ceilDiv(a, b) * b; }
                }
                """);
        assertTrue(library.success(), () -> library.diagnostics().toString());
        assertEquals(List.of("ceilDiv", "roundUp"), TaskKernelTest.module(library, "lib.Index").functions().stream()
                .map(Function::javaName).sorted().toList());
        var user = KernelCompilation.compile(withLibrary(library), "app.User", """
                package app;
                import drcn.tornado.api.KernelContext;
                import drcn.tornado.api.types.arrays.IntArray;
                final class User {
                    @drcn.kernels.api.Kernel
                    public static void k(KernelContext context, IntArray out, int n) {
                        out.set(context.globalIdx, lib.Index.roundUp(n, 16));
                    }
                }
                """);
        assertTrue(user.success(), () -> user.diagnostics().toString());
    }

    @Test
    void aHelperWithoutIrOnTheClassPathIsOneLocatedError() {
        var library = KernelCompilation.compile("lib.Lib", LIBRARY);
        assertTrue(library.success(), () -> library.diagnostics().toString());
        var user = KernelCompilation.compile(withLibrary(library), "app.User", """
                package app;
                import drcn.tornado.api.KernelContext;
                import drcn.tornado.api.types.arrays.IntArray;
                final class User {
                    @drcn.kernels.api.Kernel
                    public static void k(KernelContext context, IntArray out) {
                        out.set(context.globalIdx, lib.Lib.unused(1));
                    }
                }
                """);
        assertFalse(user.success());
        assertEquals(1, user.errors().size(), () -> user.errors().toString());
        String message = user.errors().getFirst().getMessage(null);
        assertTrue(message.contains("a call of Lib.unused (its source is not part of this compilation, and no kernel IR on the class path has it)"), message);
        assertEquals(7, user.errors().getFirst().getLineNumber());
    }
}
