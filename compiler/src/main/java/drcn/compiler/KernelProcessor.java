package drcn.compiler;

import javax.annotation.processing.*;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import java.util.Set;

/** Stub: the front-end helper fills this in. */
@SupportedAnnotationTypes("drcn.kernels.api.Kernel")
public final class KernelProcessor extends AbstractProcessor {
    @Override
    public SourceVersion getSupportedSourceVersion() { return SourceVersion.latestSupported(); }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment roundEnv) { return false; }
}
