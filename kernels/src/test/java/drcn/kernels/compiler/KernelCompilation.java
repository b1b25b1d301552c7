package drcn.kernels.compiler;

import javax.tools.*;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Compiles Java source strings in-process with the kernel compiler's annotation processor. */
final class KernelCompilation {
    private KernelCompilation() {}

    record Result(boolean success, List<Diagnostic<? extends JavaFileObject>> diagnostics, Path classes) {
        List<Diagnostic<? extends JavaFileObject>> errors() {
            return diagnostics.stream().filter(d -> d.getKind() == Diagnostic.Kind.ERROR).toList();
        }
    }

    /** {@code sources} are pairs of (binary class name, source text). */
    static Result compile(String... classNameAndSource) {
        return compile(List.of("-classpath", System.getProperty("java.class.path"), "-processor", "drcn.compiler.KernelProcessor"),
                classNameAndSource);
    }

    /**
     * As {@link #compile(String...)} with the given options instead of the class path and processor
     * ones (e.g. to find the processor through its service file, or to add classes compiled earlier).
     */
    static Result compile(List<String> processorAndClassPathOptions, String... classNameAndSource) {
        try {
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            var diagnostics = new DiagnosticCollector<JavaFileObject>();
            Path out = Files.createTempDirectory("kernel-compile");
            var units = new ArrayList<JavaFileObject>();
            for (int i = 0; i < classNameAndSource.length; i += 2) {
                String name = classNameAndSource[i];
                String text = classNameAndSource[i + 1];
                units.add(new SimpleJavaFileObject(URI.create("string:///" + name.replace('.', '/') + ".java"), JavaFileObject.Kind.SOURCE) {
                    @Override
                    public CharSequence getCharContent(boolean ignoreEncodingErrors) { return text; }
                });
            }
            var options = new ArrayList<>(processorAndClassPathOptions);
            options.addAll(List.of("-d", out.toString(), "-Xlint:-options"));
            try (var files = javac.getStandardFileManager(diagnostics, null, null)) {
                boolean ok = javac.getTask(null, files, diagnostics, options, null, units).call();
                return new Result(ok, diagnostics.getDiagnostics(), out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
