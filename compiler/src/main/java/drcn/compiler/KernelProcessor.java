package drcn.compiler;

import com.sun.source.tree.*;
import com.sun.source.util.*;
import drcn.compiler.front.KernelTranslator;
import drcn.compiler.front.KernelTranslator.CallSite;
import drcn.compiler.front.KernelTranslator.Problem;
import drcn.compiler.front.KernelTranslator.Translation;
import drcn.compiler.front.Naming;
import drcn.compiler.ir.Function;
import drcn.compiler.ir.KernelModule;

import javax.annotation.processing.*;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.*;
import javax.tools.Diagnostic;
import javax.tools.FileObject;
import javax.tools.StandardLocation;
import java.io.IOException;
import java.io.OutputStream;
import java.util.*;

/**
 * The kernel compiler's front end. It does no work in annotation-processing rounds: those run
 * before attribution. Instead {@link #init} registers a javac {@link TaskListener} (the Checker
 * Framework's pattern) and, when javac has ANALYZEd a class (attributed and flow-checked), every
 * static method of it is translated to IR by {@link KernelTranslator}.
 *
 * <p>Why every static method: a kernel may call a helper of a class that javac analyzed earlier
 * (its tree is already lowered by then) or will analyze later (not yet attributed). Translating
 * each class's static methods while its tree is fresh, and keeping the result, removes that
 * ordering problem. Only what is reachable from a {@code @Kernel} method is checked for errors
 * (reported at the exact tree) and written. Errors are reported as soon as the reaching kernel
 * and the helper are both analyzed, i.e. before javac generates the class.
 *
 * <p>The IR is written at the end of the compilation (the COMPILATION finished event, which javac
 * fires before it closes the Filer): one {@link KernelModule} per class, at
 * {@link KernelModule#resourceName(String)} of the class's binary name.
 */
@SupportedAnnotationTypes("drcn.kernels.api.Kernel")
public final class KernelProcessor extends AbstractProcessor implements TaskListener {
    private Trees trees;
    private boolean active;

    /** Every translated static method, by function id. */
    private final Map<String, Translation> translations = new LinkedHashMap<>();
    /** Ids reachable from a kernel (the translation may still be missing: class not analyzed yet). */
    private final Set<String> required = new LinkedHashSet<>();
    /** Required ids whose translation is known and whose problems have been reported. */
    private final Set<String> activated = new LinkedHashSet<>();
    private final Set<TypeElement> analyzedClasses = new HashSet<>();
    private final Set<Tree> recursionReported = new HashSet<>();
    private boolean errors;

    @Override
    public SourceVersion getSupportedSourceVersion() { return SourceVersion.latestSupported(); }

    @Override
    public synchronized void init(ProcessingEnvironment env) {
        super.init(env);
        try {
            JavacTask.instance(env).addTaskListener(this);
            trees = Trees.instance(env);
            active = true;
        } catch (IllegalArgumentException e) {
            // Not javac (e.g. an IDE's wrapped environment): say so loudly, the kernels would lack their IR.
            env.getMessager().printMessage(Diagnostic.Kind.WARNING,
                    "drcn kernel compiler: not running inside javac (" + e.getMessage() + "); no kernel IR is written");
        }
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment roundEnv) {
        return false; // all work happens on ANALYZE events, after attribution
    }

    @Override
    public void started(TaskEvent e) {}

    @Override
    public void finished(TaskEvent e) {
        if (!active) return;
        if (e.getKind() == TaskEvent.Kind.ANALYZE && e.getTypeElement() != null && e.getCompilationUnit() != null) {
            analyze(e.getCompilationUnit(), e.getTypeElement());
        } else if (e.getKind() == TaskEvent.Kind.COMPILATION) {
            checkRecursion();
            writeModules();
        }
    }

    private void analyze(CompilationUnitTree unit, TypeElement type) {
        TreePath path = trees.getPath(type);
        if (path == null || !(path.getLeaf() instanceof ClassTree)) return;
        var fresh = new ArrayList<Translation>();
        translateClass(unit, path, fresh);
        for (Translation t : fresh) {
            if (t.kernel() || required.contains(t.id())) activate(t.id());
        }
        checkRecursion();
    }

    /** Translates the static methods of a class and of its member classes (javac analyzes them with their top-level class). */
    private void translateClass(CompilationUnitTree unit, TreePath classPath, List<Translation> out) {
        if (!(trees.getElement(classPath) instanceof TypeElement type) || !analyzedClasses.add(type)) return;
        for (Tree member : ((ClassTree) classPath.getLeaf()).getMembers()) {
            TreePath memberPath = new TreePath(classPath, member);
            if (member instanceof ClassTree) {
                translateClass(unit, memberPath, out);
            } else if (member instanceof MethodTree mt && mt.getBody() != null
                    && trees.getElement(memberPath) instanceof ExecutableElement m && m.getKind() == ElementKind.METHOD
                    && (m.getModifiers().contains(Modifier.STATIC) || KernelTranslator.isKernel(m))) {
                Translation t;
                try {
                    t = KernelTranslator.translate(trees, processingEnv.getElementUtils(), processingEnv.getTypeUtils(), unit, memberPath);
                } catch (RuntimeException ex) {
                    // A construct the translator did not foresee: a located error beats a crashed build.
                    String id = KernelTranslator.functionId(m, processingEnv.getElementUtils(), processingEnv.getTypeUtils());
                    t = new Translation(id, "", KernelTranslator.isKernel(m), null,
                            List.of(new Problem(mt, KernelTranslator.PREFIX + "unsupported construct (" + ex + ")")), List.of(), unit, m);
                }
                translations.put(t.id(), t);
                out.add(t);
            }
        }
    }

    /** Marks a function as needed by a kernel: reports its problems and, transitively, needs its callees. */
    private void activate(String id) {
        required.add(id);
        Translation t = translations.get(id);
        if (t == null || !activated.add(id)) return;
        for (Problem p : t.problems()) error(p.message(), p.tree(), t.unit());
        for (CallSite call : t.calls()) activate(call.calleeId());
    }

    /** Recursion (direct or mutual) among needed functions: C device code cannot recurse. */
    private void checkRecursion() {
        var done = new HashSet<String>();
        for (String id : activated) dfs(id, new ArrayList<>(), done);
    }

    private void dfs(String id, List<String> stack, Set<String> done) {
        if (done.contains(id)) return;
        Translation t = translations.get(id);
        if (t == null) return;
        stack.add(id);
        for (CallSite call : t.calls()) {
            int at = stack.indexOf(call.calleeId());
            if (at >= 0) {
                if (recursionReported.add(call.tree())) {
                    var cycle = new ArrayList<String>();
                    for (String s : stack.subList(at, stack.size())) cycle.add(shortName(s));
                    cycle.add(shortName(call.calleeId()));
                    error(KernelTranslator.PREFIX + "recursion (" + String.join(" -> ", cycle) + ") is not allowed in a kernel",
                            call.tree(), t.unit());
                }
            } else {
                dfs(call.calleeId(), stack, done);
            }
        }
        stack.remove(stack.size() - 1);
        done.add(id);
    }

    private static String shortName(String id) {
        String beforeParams = id.substring(0, id.indexOf('('));
        String cls = beforeParams.substring(0, beforeParams.indexOf('#'));
        return cls.substring(cls.lastIndexOf('.') + 1) + "." + beforeParams.substring(beforeParams.indexOf('#') + 1);
    }

    private void writeModules() {
        if (errors) return; // the build fails anyway; never leave IR for code that did not pass the subset check
        var functions = new ArrayList<Function>();
        for (String id : activated) {
            Translation t = translations.get(id);
            if (t.function() != null) functions.add(t.function());
        }
        Map<String, String> cNames = Naming.functionNames(functions);
        var byClass = new TreeMap<String, List<Function>>();
        var origins = new HashMap<String, List<Element>>();
        for (String id : activated) {
            Translation t = translations.get(id);
            Function f = t.function();
            byClass.computeIfAbsent(t.className(), k -> new ArrayList<>()).add(new Function(f.id(), f.javaName(), cNames.get(f.id()),
                    f.kernel(), f.returnType(), f.parameters(), f.body(), f.sourceFile(), f.line()));
            origins.computeIfAbsent(t.className(), k -> new ArrayList<>()).add(t.element().getEnclosingElement());
        }
        Filer filer = processingEnv.getFiler();
        for (var entry : byClass.entrySet()) {
            String className = entry.getKey();
            int dot = className.lastIndexOf('.');
            String pkg = dot < 0 ? "" : className.substring(0, dot);
            String relative = KernelModule.resourceName(className).substring(dot + 1);
            try {
                FileObject file = filer.createResource(StandardLocation.CLASS_OUTPUT, pkg, relative,
                        origins.get(className).toArray(Element[]::new));
                try (OutputStream out = file.openOutputStream()) {
                    out.write(new KernelModule(className, List.copyOf(entry.getValue())).toBytes());
                }
            } catch (IOException ex) {
                processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR,
                        "drcn kernel compiler: cannot write the kernel IR of " + className + ": " + ex.getMessage());
            }
        }
    }

    private void error(String message, Tree tree, CompilationUnitTree unit) {
        errors = true;
        trees.printMessage(Diagnostic.Kind.ERROR, message, tree, unit);
    }
}
