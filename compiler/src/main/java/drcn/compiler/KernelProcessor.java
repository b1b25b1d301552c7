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
import drcn.compiler.ir.VectorReferences;

import javax.annotation.processing.*;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.*;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.tools.Diagnostic;
import javax.tools.FileObject;
import javax.tools.StandardLocation;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.*;

/**
 * The kernel compiler's front end. It does no work in annotation-processing rounds: those run
 * before attribution. Instead {@link #init} registers a javac {@link TaskListener} (the Checker
 * Framework's pattern) and, when javac has ANALYZEd a class (attributed and flow-checked), every
 * static method of it is translated to IR by {@link KernelTranslator}.
 *
 * <p>A method is a kernel when it is annotated {@code @Kernel} or, as in TornadoVM, when it is
 * passed to {@code drcn.tornado.api.TaskGraph#task} as a method reference ({@code Class::method}, or
 * {@code object::method}) or as a lambda (see {@link #lambdaTask}): every {@code task(...)} call of an analyzed
 * class is looked at. An unbound instance method or a constructor reference there is an error at the argument;
 * so is a method outside the kernel subset
 * (besides the errors at its offending lines), and a method of a class compiled earlier that has no
 * kernel IR (neither {@code @Kernel} nor a task of its own compilation).
 *
 * <p>Why every static method, and why twice: a kernel may call a helper of a class that javac
 * analyzed earlier (its tree is already lowered by then) or will analyze later (not yet attributed),
 * and a {@code task(...)} call may make a method a kernel before or after javac analyzes that
 * method's class. Each static method is therefore translated while its tree is fresh, as a helper
 * and (unless it is {@code @Kernel}, which is only ever a kernel) as a kernel, and both results
 * are kept. Only what is reachable from a kernel is checked for errors (reported at the exact tree)
 * and written: the kernel form of a task's method, the helper form of what kernels call. Errors are
 * reported as soon as the reaching kernel and the function are both analyzed.
 *
 * <p>{@code @JitConstant} is checked here too: legal on {@code int} parameters of kernels only.
 *
 * <p>The processor supports {@code "*"} so that javac initialises it for a plain TornadoVM program,
 * one without any annotation. The IR is written at the end of the compilation (the COMPILATION
 * finished event, which javac fires before it closes the Filer): one {@link KernelModule} per
 * class, at {@link KernelModule#resourceName(String)} of the class's binary name; a task's method
 * is written exactly like an {@code @Kernel} one ({@link Function#kernel()} true, same id format).
 */
@SupportedAnnotationTypes("*")
public final class KernelProcessor extends AbstractProcessor implements TaskListener {
    /** Prefix of the processor's own errors (the translator's start with {@link KernelTranslator#PREFIX}). */
    public static final String MESSAGE = "drcn kernel compiler: ";
    public static final String TASK_GRAPH = KernelTranslator.TORNADO_API + "TaskGraph";
    /** The class whose nested interfaces ({@code Task1} ... {@code Task15}) type a task's code. */
    static final String TASK_FUNCTIONS = KernelTranslator.TORNADO_API + "common.TornadoFunctions";
    public static final String JIT_CONSTANT = KernelTranslator.API + "JitConstant";
    public static final String KERNEL_LIBRARY = KernelTranslator.API + "KernelLibrary";

    private Trees trees;
    private boolean active;

    /** Every translated static method by function id: the helper form, or the kernel form of an {@code @Kernel} method. */
    private final Map<String, Translation> translations = new LinkedHashMap<>();
    /** The kernel form of every static method without {@code @Kernel}, for when a task(...) call names it. */
    private final Map<String, Translation> kernelForms = new HashMap<>();
    /** Ids of methods without {@code @Kernel} that are kernels because a task(...) call of this compilation names them. */
    private final Set<String> taskKernels = new LinkedHashSet<>();
    /** The task(...) arguments naming a method of this compilation, by the method's id. */
    private final Map<String, List<TaskUse>> taskUses = new LinkedHashMap<>();
    private final Set<TaskUse> reportedUses = new HashSet<>();
    /** Ids reachable from a kernel (the translation may still be missing: class not analyzed yet). */
    private final Set<String> required = new LinkedHashSet<>();
    /** Required ids whose translation is known and whose problems have been reported. */
    private final Set<String> activated = new LinkedHashSet<>();
    private final Set<TypeElement> analyzedClasses = new HashSet<>();
    private final Set<Tree> scannedClasses = new HashSet<>();
    private final Set<Tree> recursionReported = new HashSet<>();
    private final Set<Tree> kernelCallsReported = new HashSet<>();
    /** {@code @JitConstant int} parameters of static methods without {@code @Kernel}: legal only if a task makes the method a kernel. */
    private final List<JitUse> jitConstants = new ArrayList<>();
    /** Kernel IR of classes on the class path (compiled earlier), read on demand; empty when there is none. */
    private final Map<String, Optional<KernelModule>> classPathModules = new HashMap<>();
    private boolean errors;
    /** Lambda kernels awaiting their synthetic method's name, by the class javac puts that method in. */
    private final Map<TypeElement, List<PendingLambda>> pendingLambdas = new HashMap<>();
    /** The tree of each class with lambda kernels: javac lowers it in place, so at GENERATE it holds the synthetic methods. */
    private final Map<TypeElement, ClassTree> classTrees = new HashMap<>();
    private final Set<Tree> lambdaTrees = new HashSet<>();
    /** Method references already taken as task code (a task(...) argument is also a conversion to a task type). */
    private final Set<Tree> taskCodeTrees = new HashSet<>();
    private final List<ForwardingLambda> forwardingLambdas = new ArrayList<>();

    /** A task(...) argument naming a method of this compilation. */
    private record TaskUse(Tree argument, CompilationUnitTree unit, String id) {}

    private record JitUse(String id, Tree parameter, CompilationUnitTree unit) {}

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
        return false; // all work happens on ANALYZE events, after attribution; never claims an annotation
    }

    @Override
    public void started(TaskEvent e) {
        if (active && e.getKind() == TaskEvent.Kind.GENERATE && e.getTypeElement() != null) nameLambdas(e.getTypeElement());
    }

    @Override
    public void finished(TaskEvent e) {
        if (!active) return;
        if (e.getKind() == TaskEvent.Kind.ANALYZE && e.getTypeElement() != null && e.getCompilationUnit() != null) {
            analyze(e.getCompilationUnit(), e.getTypeElement());
        } else if (e.getKind() == TaskEvent.Kind.COMPILATION) {
            checkCalls();
            checkJitConstants();
            writeModules();
        }
    }

    private void analyze(CompilationUnitTree unit, TypeElement type) {
        TreePath path = trees.getPath(type);
        if (path == null || !(path.getLeaf() instanceof ClassTree)) return;
        var fresh = new ArrayList<Translation>();
        translateClass(unit, path, fresh);
        for (Translation t : fresh) {
            if (t.kernel() || required.contains(t.id()) || inLibrary(t)) activate(t.id());
            if (taskUses.containsKey(t.id())) activateKernel(t.id());
        }
        scan(unit, path);
        checkCalls();
    }

    /**
     * A static method of a {@code @KernelLibrary} class, or one of tornado-api marked {@code @ApiHelper}: a helper for
     * kernels of any module, its IR always written.
     */
    private static boolean inLibrary(Translation t) {
        return t.element().getModifiers().contains(Modifier.STATIC) && (hasAnnotation(t.element().getEnclosingElement(), KERNEL_LIBRARY)
                || hasAnnotation(t.element(), KernelTranslator.API_HELPER));
    }

    /** Translates the methods of a class and of its member classes (javac analyzes them with their top-level class). */
    private void translateClass(CompilationUnitTree unit, TreePath classPath, List<Translation> out) {
        if (!(trees.getElement(classPath) instanceof TypeElement type) || !analyzedClasses.add(type)) return;
        for (Tree member : ((ClassTree) classPath.getLeaf()).getMembers()) {
            TreePath memberPath = new TreePath(classPath, member);
            if (member instanceof ClassTree) {
                translateClass(unit, memberPath, out);
            } else if (member instanceof MethodTree mt && mt.getBody() != null
                    && trees.getElement(memberPath) instanceof ExecutableElement m && m.getKind() == ElementKind.METHOD) {
                // Instance methods too: a task may name one (object::method), and a kernel may call one on its own
                // object; the subset has no fields, so neither can read the receiver.
                Translation t;
                try {
                    t = KernelTranslator.translate(trees, processingEnv.getElementUtils(), processingEnv.getTypeUtils(), unit, memberPath, this::knownHelper);
                } catch (RuntimeException ex) {
                    // A construct the translator did not foresee: a located error beats a crashed build.
                    String id = KernelTranslator.functionId(m, processingEnv.getElementUtils(), processingEnv.getTypeUtils());
                    t = new Translation(id, "", KernelTranslator.isKernel(m), null,
                            List.of(new Problem(mt, KernelTranslator.PREFIX + "unsupported construct (" + ex + ")")), List.of(), unit, m);
                }
                translations.put(t.id(), t);
                out.add(t);
                if (!t.kernel()) kernelForms.put(t.id(), translateAsKernel(unit, memberPath, mt, m, t.id()));
            }
        }
    }

    private Translation translateAsKernel(CompilationUnitTree unit, TreePath memberPath, MethodTree mt, ExecutableElement m, String id) {
        try {
            return KernelTranslator.translate(trees, processingEnv.getElementUtils(), processingEnv.getTypeUtils(), unit, memberPath, true, this::knownHelper);
        } catch (RuntimeException ex) {
            return new Translation(id, "", true, null,
                    List.of(new Problem(mt, KernelTranslator.PREFIX + "unsupported construct (" + ex + ")")), List.of(), unit, m);
        }
    }

    /** What an id stands for in the output: the kernel form of a task's method, otherwise the helper (or {@code @Kernel}) form. */
    private Translation effective(String id) {
        return taskKernels.contains(id) ? kernelForms.get(id) : translations.get(id);
    }

    /**
     * Makes the method {@code id}, named by a task(...) call, a kernel once its class is translated:
     * an {@code @Kernel} method already is one; any other takes its kernel form.
     */
    private void activateKernel(String id) {
        Translation t = translations.get(id);
        if (t == null) return; // its class is not analyzed yet: analyze() comes back here
        if (t.kernel()) {
            activate(id);
            return;
        }
        Translation k = kernelForms.get(id);
        if (k == null || !taskKernels.add(id)) return;
        required.add(id);
        activated.add(id);
        for (Problem p : k.problems()) error(p.message(), p.tree(), k.unit());
        for (CallSite call : k.calls()) activate(call.calleeId());
    }

    /** Marks a function as needed by a kernel: reports its problems and, transitively, needs its callees. */
    private void activate(String id) {
        required.add(id);
        Translation t = effective(id);
        if (t == null || !activated.add(id)) return;
        for (Problem p : t.problems()) error(p.message(), p.tree(), t.unit());
        for (CallSite call : t.calls()) activate(call.calleeId());
    }

    // ------------------------------------------------------------------ task(...) calls and @JitConstant

    /** Looks at every task(...) call and every {@code @JitConstant} parameter of a class (nested and local classes included). */
    private void scan(CompilationUnitTree unit, TreePath classPath) {
        new TreePathScanner<Void, Void>() {
            @Override
            public Void visitClass(ClassTree node, Void v) {
                return scannedClasses.add(node) ? super.visitClass(node, v) : null;
            }

            @Override
            public Void visitMethodInvocation(MethodInvocationTree node, Void v) {
                taskCall(unit, getCurrentPath());
                return super.visitMethodInvocation(node, v);
            }

            @Override
            public Void visitMemberReference(MemberReferenceTree node, Void v) {
                if (isTaskCodeType(trees.getTypeMirror(getCurrentPath()))) taskCode(unit, getCurrentPath());
                return super.visitMemberReference(node, v);
            }

            @Override
            public Void visitMethod(MethodTree node, Void v) {
                if (trees.getElement(getCurrentPath()) instanceof ExecutableElement m) {
                    for (int i = 0; i < node.getParameters().size() && i < m.getParameters().size(); i++) {
                        VariableElement p = m.getParameters().get(i);
                        if (hasAnnotation(p, JIT_CONSTANT)) jitConstant(m, p, node.getParameters().get(i), unit);
                    }
                }
                return super.visitMethod(node, v);
            }

            @Override
            public Void visitLambdaExpression(LambdaExpressionTree node, Void v) {
                if (isTaskCodeType(trees.getTypeMirror(getCurrentPath()))) lambdaTask(unit, getCurrentPath());
                for (VariableTree param : node.getParameters()) {
                    if (trees.getElement(new TreePath(getCurrentPath(), param)) instanceof VariableElement p && hasAnnotation(p, JIT_CONSTANT)) {
                        error(MESSAGE + "@JitConstant is legal only on int parameters of kernels, not on a lambda's parameter ("
                                + p.getSimpleName() + ")", param, unit);
                    }
                }
                return super.visitLambdaExpression(node, v);
            }
        }.scan(classPath, null);
    }

    private boolean isTaskMethod(ExecutableElement m) {
        if (!m.getSimpleName().contentEquals("task") || !(m.getEnclosingElement() instanceof TypeElement owner)) return false;
        if (owner.getQualifiedName().contentEquals(TASK_GRAPH)) return true;
        TypeElement graph = processingEnv.getElementUtils().getTypeElement(TASK_GRAPH);
        var types = processingEnv.getTypeUtils();
        return graph != null && types.isSubtype(types.erasure(owner.asType()), types.erasure(graph.asType()));
    }

    /**
     * Whether {@code type} is one of the task-code interfaces of {@code TornadoFunctions} ({@code Task1} ...): every
     * lambda and method reference converted to one is a task's code, wherever the conversion stands (in a
     * {@code task(...)} call, or assigned or passed on as a value that reaches one), so each is compiled as a kernel.
     */
    private boolean isTaskCodeType(TypeMirror type) {
        return type instanceof DeclaredType declared && declared.asElement().getEnclosingElement() instanceof TypeElement owner
                && owner.getQualifiedName().contentEquals(TASK_FUNCTIONS);
    }

    /**
     * A call of {@code TaskGraph.task(id, code, args...)}: {@code code} is a lambda or a method reference (compiled as
     * the kernel) or a value of a task-code type (a variable or parameter holding one, compiled where it was made).
     */
    private void taskCall(CompilationUnitTree unit, TreePath call) {
        var invocation = (MethodInvocationTree) call.getLeaf();
        if (!(trees.getElement(call) instanceof ExecutableElement m) || !isTaskMethod(m) || invocation.getArguments().size() < 2) return;
        ExpressionTree argument = invocation.getArguments().get(1);
        TreePath argumentPath = new TreePath(call, argument);
        while (true) { // (Foo::bar) and (Task1<X>) Foo::bar name the method just as well
            if (argument instanceof ParenthesizedTree p) argument = p.getExpression();
            else if (argument instanceof TypeCastTree c) argument = c.getExpression();
            else break;
            argumentPath = new TreePath(argumentPath, argument);
        }
        if (argument instanceof LambdaExpressionTree) {
            lambdaTask(unit, argumentPath);
            return;
        }
        if (argument instanceof MemberReferenceTree) {
            taskCode(unit, argumentPath);
            return;
        }
        if (argument.getKind() != Tree.Kind.NULL_LITERAL && isTaskCodeType(trees.getTypeMirror(argumentPath))) return;
        String what = argument.getKind() == Tree.Kind.NULL_LITERAL ? "null" : "the expression " + argument;
        error(MESSAGE + "the code of a task is " + what + "; pass a lambda, a static method reference, Class::method, or a bound one, object::method",
                argument, unit);
    }

    /** A method reference that is a task's code: it must name a method with a body that is (or becomes) a kernel. */
    private void taskCode(CompilationUnitTree unit, TreePath argumentPath) {
        var reference = (MemberReferenceTree) argumentPath.getLeaf();
        if (!taskCodeTrees.add(reference)) return; // seen as a task(...) argument and as a conversion
        ExpressionTree argument = reference;
        Element target = trees.getElement(argumentPath);
        if (!(target instanceof ExecutableElement method)) return; // javac has reported the unresolved reference
        if (reference.getMode() == MemberReferenceTree.ReferenceMode.NEW || method.getKind() != ElementKind.METHOD) {
            error(MESSAGE + "the code of a task is the constructor reference " + reference + "; pass a static method reference, Class::method",
                    argument, unit);
            return;
        }
        var elements = processingEnv.getElementUtils();
        var types = processingEnv.getTypeUtils();
        String id = KernelTranslator.functionId(method, elements, types);
        if (!method.getModifiers().contains(Modifier.STATIC)
                && trees.getElement(new TreePath(argumentPath, reference.getQualifierExpression())) instanceof TypeElement) {
            // Class::instanceMethod takes its receiver as the first task argument: not a kernel's signature.
            error(MESSAGE + "the code of a task is the unbound instance method reference " + reference
                    + "; pass a static method reference, Class::method, or a bound one, object::method", argument, unit);
            return;
        }
        if (method.getModifiers().contains(Modifier.NATIVE) || method.getModifiers().contains(Modifier.ABSTRACT)) {
            error(MESSAGE + shortName(id) + " cannot be a task: it has no body (a kernel is a static method with a body)", argument, unit);
            return;
        }
        boolean inThisCompilation = translations.containsKey(id) || trees.getPath(method) != null;
        if (inThisCompilation) {
            var use = new TaskUse(argument, unit, id);
            List<TaskUse> uses = taskUses.computeIfAbsent(id, k -> new ArrayList<>());
            if (uses.stream().noneMatch(u -> u.argument() == use.argument())) uses.add(use);
            activateKernel(id);
        } else if (!KernelTranslator.isKernel(method) && !hasKernelIr(method, id)) {
            error(MESSAGE + shortName(id) + " cannot be a task: it is not part of this compilation and no kernel IR on the class path has it as a kernel; mark it "
                    + "@Kernel (drcn.kernels.api.Kernel) where it is declared, or compile it together with this task graph", argument, unit);
        }
    }

    /**
     * A lambda passed to task(...): translated as a kernel now, while its tree is attributed, under a provisional id;
     * its problems are reported and its callees needed at once. javac names the lambda's synthetic method only when it
     * lowers the class, so {@link #nameLambdas} gives the kernel its final id when the class is generated.
     */
    private void lambdaTask(CompilationUnitTree unit, TreePath lambdaPath) {
        if (!lambdaTrees.add(lambdaPath.getLeaf())) return;
        KernelTranslator.LambdaKernel lambda;
        try {
            lambda = KernelTranslator.translateLambda(trees, processingEnv.getElementUtils(), processingEnv.getTypeUtils(), unit, lambdaPath, this::knownHelper);
        } catch (RuntimeException ex) {
            error(KernelTranslator.PREFIX + "unsupported construct (" + ex + ")", lambdaPath.getLeaf(), unit);
            return;
        }
        Translation t = lambda.translation();
        Map<String, Integer> forwarded = forwardedArguments(lambdaPath, lambda);
        TypeElement owner = null;
        for (TreePath p = lambdaPath; p != null && owner == null; p = p.getParentPath()) {
            if (p.getLeaf() instanceof ClassTree && trees.getElement(p) instanceof TypeElement type) owner = type;
        }
        var lambdaBody = ((LambdaExpressionTree) lambdaPath.getLeaf()).getBody();
        long position = trees.getSourcePositions().getStartPosition(unit, lambdaBody);
        classTrees.putIfAbsent(owner, trees.getPath(owner) == null ? null : (ClassTree) trees.getPath(owner).getLeaf());
        if (forwarded != null) {
            // (a, b) -> kernel(a, b): the kernel is the callee's, as if the task named Class::kernel (TornadoVM inlines the call)
            var call = (MethodInvocationTree) forwardedCall(lambdaPath.getLeaf());
            var method = (ExecutableElement) trees.getElement(new TreePath(lambdaPath, call));
            String calleeId = KernelTranslator.functionId(method, processingEnv.getElementUtils(), processingEnv.getTypeUtils());
            pendingLambdas.computeIfAbsent(owner, k -> new ArrayList<>()).add(new PendingLambda(position, lambda, calleeId, forwarded));
            if (translations.containsKey(calleeId) || trees.getPath(method) != null) {
                var use = new TaskUse(call, unit, calleeId);
                taskUses.computeIfAbsent(calleeId, k -> new ArrayList<>()).add(use);
                activateKernel(calleeId);
            } else {
                error(MESSAGE + shortName(calleeId) + " cannot be called as a task's lambda: it is not part of this compilation; pass it as "
                        + "a method reference, Class::method, or compile it together with this task graph", call, unit);
            }
            return;
        }
        pendingLambdas.computeIfAbsent(owner, k -> new ArrayList<>()).add(new PendingLambda(position, lambda, null, null));
        translations.put(t.id(), t);
        activate(t.id());
    }

    /** The one call a lambda's body is ({@code -> k(a, b)} or {@code -> { k(a, b); }}), or null. */
    private static ExpressionTree forwardedCall(Tree lambda) {
        Tree body = ((LambdaExpressionTree) lambda).getBody();
        if (body instanceof BlockTree b && b.getStatements().size() == 1 && b.getStatements().getFirst() instanceof ExpressionStatementTree e) {
            body = e.getExpression();
        }
        return body instanceof MethodInvocationTree call ? call : null;
    }

    /**
     * For a lambda that only calls a static method with each of its parameters and captured variables once, as the
     * arguments in any order: each of those names to the callee's parameter it becomes. Null for any other lambda.
     */
    private Map<String, Integer> forwardedArguments(TreePath lambdaPath, KernelTranslator.LambdaKernel lambda) {
        if (!(forwardedCall(lambdaPath.getLeaf()) instanceof MethodInvocationTree call)
                || !(trees.getElement(new TreePath(lambdaPath, call)) instanceof ExecutableElement m)
                || !m.getModifiers().contains(Modifier.STATIC) || m.getKind() != ElementKind.METHOD
                || call.getArguments().size() != lambda.parameterTypes().size()) return null;
        var out = new HashMap<String, Integer>();
        for (int i = 0; i < call.getArguments().size(); i++) {
            if (!(call.getArguments().get(i) instanceof IdentifierTree id) || !lambda.parameterTypes().containsKey(id.getName().toString())
                    || out.put(id.getName().toString(), i) != null) return null;
        }
        return out;
    }

    /**
     * When javac generates a class, its lowered tree holds each lambda's synthetic method ({@code lambda$main$0}, for a
     * serializable lambda {@code lambda$main$HASH$1}), its body at the lambda body's position and its parameters being
     * the captured variables, then the lambda's own: the lambda kernel of that position takes the method's name, and
     * its captured parameters the method's order. That name and signature are what a task's SerializedLambda names.
     */
    private void nameLambdas(TypeElement type) {
        List<PendingLambda> pending = pendingLambdas.remove(type);
        ClassTree lowered = classTrees.get(type);
        if (pending == null || lowered == null) return;
        var byPosition = new HashMap<Long, PendingLambda>();
        for (PendingLambda p : pending) byPosition.put(p.bodyPosition(), p);
        String className = KernelTranslator.binaryName(type, processingEnv.getElementUtils());
        for (Tree member : lowered.getMembers()) {
            if (!(member instanceof MethodTree m) || !m.getName().toString().startsWith("lambda$") || m.getBody() == null) continue;
            CompilationUnitTree unit = pending.getFirst().lambda().translation().unit();
            PendingLambda p = byPosition.remove(trees.getSourcePositions().getStartPosition(unit, m.getBody()));
            if (p == null) continue;
            Translation old = p.lambda().translation();
            if (p.calleeId() != null) {
                var typeNames = new StringJoiner(",");
                var calleeIndices = new ArrayList<Integer>();
                for (VariableTree param : m.getParameters()) {
                    typeNames.add(String.valueOf(p.lambda().parameterTypes().get(param.getName().toString())));
                    calleeIndices.add(p.forwarded().get(param.getName().toString()));
                }
                if (calleeIndices.contains(null)) continue;
                String name = m.getName().toString();
                forwardingLambdas.add(new ForwardingLambda(className + "#" + name + "(" + typeNames + ")", name, p.calleeId(), calleeIndices, old));
                continue;
            }
            Function f = old.function();
            var byName = new HashMap<String, Function.Parameter>();
            for (int i = 0; i < f.parameters().size(); i++) {
                byName.put(List.copyOf(p.lambda().parameterTypes().keySet()).get(i), f.parameters().get(i));
            }
            var parameters = new ArrayList<Function.Parameter>();
            var typeNames = new StringJoiner(",");
            for (VariableTree param : m.getParameters()) {
                String name = param.getName().toString();
                parameters.add(byName.get(name));
                typeNames.add(p.lambda().parameterTypes().get(name));
            }
            if (parameters.contains(null) || parameters.size() != f.parameters().size()) continue; // not the lambda we think
            String name = m.getName().toString();
            String id = className + "#" + name + "(" + typeNames + ")";
            var function = new Function(id, name, Naming.identifier(name), true, f.returnType(), List.copyOf(parameters), f.body(), f.sourceFile(), f.line());
            translations.remove(old.id());
            activated.remove(old.id());
            required.remove(old.id());
            translations.put(id, new Translation(id, old.className(), true, function, old.problems(), old.calls(), old.unit(), old.element()));
            activated.add(id);
            required.add(id);
        }
        // A lambda kernel not found here keeps its provisional id; no task can name it, and writeModules leaves it out.
    }

    /** A lambda kernel awaiting its name; for one that calls a kernel, that kernel's id and the argument mapping. */
    private record PendingLambda(long bodyPosition, KernelTranslator.LambdaKernel lambda, String calleeId, Map<String, Integer> forwarded) {}

    /** A named lambda whose kernel is its callee's: {@code calleeIndices[i]} is the callee parameter of its parameter i. */
    private record ForwardingLambda(String id, String name, String calleeId, List<Integer> calleeIndices, Translation lambda) {}

    /** The functions of the lambdas that call a kernel: the callee's body under the lambda's name and parameter order. */
    private void addForwardingLambdas() {
        for (ForwardingLambda l : forwardingLambdas) {
            Translation callee = effective(l.calleeId());
            if (callee == null || callee.function() == null) continue;
            Function f = callee.function();
            var parameters = new ArrayList<Function.Parameter>();
            for (int i : l.calleeIndices()) parameters.add(f.parameters().get(i));
            var function = new Function(l.id(), l.name(), Naming.identifier(l.name()), true, f.returnType(), List.copyOf(parameters),
                    f.body(), f.sourceFile(), f.line());
            Translation t = l.lambda();
            translations.put(l.id(), new Translation(l.id(), t.className(), true, function, List.of(), callee.calls(), t.unit(), t.element()));
            activated.add(l.id());
        }
        forwardingLambdas.clear();
    }

    /** Whether the kernel IR of the method's class, on the class path, has the method as a kernel. */
    private boolean hasKernelIr(ExecutableElement method, String id) {
        String className = KernelTranslator.binaryName((TypeElement) method.getEnclosingElement(), processingEnv.getElementUtils());
        Optional<KernelModule> module = classPathModules.computeIfAbsent(className, this::readClassPathModule);
        return module.isPresent() && module.get().functions().stream().anyMatch(f -> f.id().equals(id) && f.kernel());
    }

    /**
     * Whether a kernel may call {@code id} though its tree is gone: translated in this compilation already (javac's
     * default policy lowers and frees a class's trees once it is written, before it analyzes the next class), or a
     * helper on the class path ({@link #compiledHelper}).
     */
    private boolean knownHelper(String id) {
        return translations.containsKey(id) || compiledHelper(id);
    }

    /**
     * Whether the kernel IR on the class path has the helper form of {@code id}: a helper of a module compiled earlier,
     * written there because a kernel of that module calls it. A kernel here calls it by id; the runtime reads it from there.
     */
    private boolean compiledHelper(String id) {
        String className = id.substring(0, id.indexOf('#'));
        Optional<KernelModule> module = classPathModules.computeIfAbsent(className, this::readClassPathModule);
        return module.isPresent() && module.get().functions().stream().anyMatch(f -> f.id().equals(id) && !f.kernel());
    }

    private Optional<KernelModule> readClassPathModule(String className) {
        int dot = className.lastIndexOf('.');
        String pkg = dot < 0 ? "" : className.substring(0, dot);
        String relative = KernelModule.resourceName(className).substring(dot + 1);
        try (InputStream in = processingEnv.getFiler().getResource(StandardLocation.CLASS_PATH, pkg, relative).openInputStream()) {
            return Optional.of(KernelModule.fromBytes(in.readAllBytes()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** {@code @JitConstant} on a parameter: legal only on an int parameter of a kernel. */
    private void jitConstant(ExecutableElement m, VariableElement p, Tree tree, CompilationUnitTree unit) {
        String what = "@JitConstant is legal only on int parameters of kernels";
        if (p.asType().getKind() != TypeKind.INT) {
            error(MESSAGE + what + "; " + p.getSimpleName() + " is " + p.asType(), tree, unit);
        } else if (m.getKind() != ElementKind.METHOD || !m.getModifiers().contains(Modifier.STATIC)) {
            error(MESSAGE + what + "; " + m.getSimpleName() + " is not a kernel (kernels are static methods)", tree, unit);
        } else if (!KernelTranslator.isKernel(m)) {
            // Legal if a task(...) call makes the method a kernel, which may still come: decided at the end.
            String id = KernelTranslator.functionId(m, processingEnv.getElementUtils(), processingEnv.getTypeUtils());
            jitConstants.add(new JitUse(id, tree, unit));
        }
    }

    /** At the end of the compilation: {@code @JitConstant} parameters of methods that no task made a kernel. */
    private void checkJitConstants() {
        for (JitUse use : jitConstants) {
            if (taskKernels.contains(use.id()) || taskUses.containsKey(use.id())) continue;
            error(MESSAGE + "@JitConstant is legal only on int parameters of kernels; " + shortName(use.id())
                    + " is not a kernel (mark it @Kernel or pass it to TaskGraph.task)", use.parameter(), use.unit());
        }
        jitConstants.clear();
    }

    private static boolean hasAnnotation(Element element, String annotation) {
        for (AnnotationMirror a : element.getAnnotationMirrors()) {
            if (a.getAnnotationType().asElement() instanceof TypeElement t && t.getQualifiedName().contentEquals(annotation)) return true;
        }
        return false;
    }

    // ------------------------------------------------------------------ checks over what is needed

    /** The checks that need every function reached so far: recursion, calls of task kernels, the task(...) arguments. */
    private void checkCalls() {
        checkRecursion();
        checkKernelCalls();
        checkTaskUses();
        checkVectorReferences();
    }

    private final Set<Tree> vectorReferencesReported = new HashSet<>();

    /**
     * Where a call passes a vector to a helper that sets its lanes ({@link VectorReferences}): C passes the caller's
     * variable by pointer, so the argument must be a variable; and where the variable is a kernel's own vector parameter,
     * the kernel stores the lanes after the statement that makes the call, so it must be a statement of its own (an
     * expression statement or a declaration), not a condition or a for clause.
     */
    private void checkVectorReferences() {
        var functions = new ArrayList<Function>();
        for (String id : activated) {
            Translation t = effective(id);
            if (t != null) functions.add(t.function());
        }
        for (Optional<KernelModule> m : classPathModules.values()) m.ifPresent(module -> functions.addAll(module.functions()));
        Map<String, Set<Integer>> written = VectorReferences.of(functions);
        if (written.isEmpty()) return;
        for (String id : List.copyOf(activated)) {
            Translation t = effective(id);
            if (t == null) continue;
            for (CallSite call : t.calls()) {
                Set<Integer> indices = written.getOrDefault(call.calleeId(), Set.of());
                if (indices.isEmpty() || !(call.tree() instanceof MethodInvocationTree invocation)) continue;
                for (int k : indices) {
                    if (k >= invocation.getArguments().size()) continue;
                    ExpressionTree argument = invocation.getArguments().get(k);
                    while (argument instanceof ParenthesizedTree p) argument = p.getExpression();
                    String parameter = parameterName(call.calleeId(), k, functions);
                    if (!(argument instanceof IdentifierTree name)) {
                        if (vectorReferencesReported.add(argument)) {
                            error(KernelTranslator.PREFIX + "passing " + argument + " to " + shortName(call.calleeId()) + ", which sets the lanes of its vector parameter "
                                    + parameter + ", is not allowed; pass a variable (C changes the caller's variable through a pointer)", argument, t.unit());
                        }
                    } else if (t.kernel() && isParameter(t.function(), name.getName().toString()) && !inOwnStatement(t.unit(), invocation)
                            && vectorReferencesReported.add(invocation)) {
                        error(KernelTranslator.PREFIX + "passing the kernel's vector parameter " + name + " to " + shortName(call.calleeId())
                                + ", which sets its lanes, in a condition or a for clause is not allowed; make the call a statement of its own", invocation, t.unit());
                    }
                }
            }
        }
    }

    private static String parameterName(String functionId, int index, List<Function> functions) {
        for (Function f : functions) if (f.id().equals(functionId)) return f.parameters().get(index).name();
        return "#" + index;
    }

    private static boolean isParameter(Function f, String name) {
        for (Function.Parameter p : f.parameters()) if (p.type().isVector() && p.name().equals(name)) return true;
        return false;
    }

    /** Whether {@code call} is part of an expression statement or a declaration of a block (a kernel stores its vectors' lanes after those). */
    private boolean inOwnStatement(CompilationUnitTree unit, Tree call) {
        TreePath path = trees.getPath(unit, call);
        while (path != null && !(path.getLeaf() instanceof StatementTree)) {
            if (path.getLeaf() instanceof LambdaExpressionTree) return true; // an expression lambda's body is one statement
            path = path.getParentPath();
        }
        if (path == null) return true;
        Tree statement = path.getLeaf();
        Tree parent = path.getParentPath() == null ? null : path.getParentPath().getLeaf();
        return (statement instanceof ExpressionStatementTree || statement instanceof VariableTree)
                && !(parent instanceof ForLoopTree || parent instanceof EnhancedForLoopTree);
    }

    /** A kernel cannot call a task's method: it is a kernel (an entry point), not a helper. */
    private void checkKernelCalls() {
        for (String id : List.copyOf(activated)) {
            Translation t = effective(id);
            if (t == null) continue;
            for (CallSite call : t.calls()) {
                if (taskKernels.contains(call.calleeId()) && kernelCallsReported.add(call.tree())) {
                    error(KernelTranslator.PREFIX + "a call of the kernel method " + shortName(call.calleeId())
                            + " (it is passed to TaskGraph.task) is not allowed in a kernel; move the shared code into a static helper",
                            call.tree(), t.unit());
                }
            }
        }
    }

    /** One error at each task(...) argument whose method, or a function it reaches, is outside the kernel subset. */
    private void checkTaskUses() {
        for (var entry : taskUses.entrySet()) {
            String id = entry.getKey();
            if (!activated.contains(id)) continue; // its class is not analyzed yet
            for (TaskUse use : entry.getValue()) {
                if (reportedUses.contains(use)) continue;
                String reason = firstIssue(id, new ArrayList<>(), new HashSet<>(), use.unit());
                if (reason == null) continue;
                reportedUses.add(use);
                error(MESSAGE + shortName(id) + " cannot be a task: " + reason, use.argument(), use.unit());
            }
        }
    }

    /** The first problem met depth-first from {@code id}, described for an error in {@code at}; null if none (yet). */
    private String firstIssue(String id, List<String> stack, Set<String> visited, CompilationUnitTree at) {
        Translation t = effective(id);
        if (t == null) return null;
        String who = stack.isEmpty() ? "it" : "it calls " + shortName(id) + ", which";
        if (!t.problems().isEmpty()) {
            Problem p = t.problems().getFirst();
            String message = p.message().startsWith(KernelTranslator.PREFIX) ? p.message().substring(KernelTranslator.PREFIX.length()) : p.message();
            int notAllowed = message.indexOf(" is not allowed");
            String what = notAllowed > 0 ? who + " uses " + message.substring(0, notAllowed)
                    : stack.isEmpty() ? message : "it calls " + shortName(id) + ": " + message;
            return what + " (" + where(p.tree(), t.unit(), at) + ")";
        }
        stack.add(id);
        visited.add(id);
        for (CallSite call : t.calls()) {
            int cycle = stack.indexOf(call.calleeId());
            if (cycle >= 0) {
                var names = new ArrayList<String>();
                for (String s : stack.subList(cycle, stack.size())) names.add(shortName(s));
                names.add(shortName(call.calleeId()));
                return "it recurses (" + String.join(" -> ", names) + ", " + where(call.tree(), t.unit(), at) + ")";
            }
            if (taskKernels.contains(call.calleeId())) {
                return (stack.size() == 1 ? "it" : "its helper " + shortName(id)) + " calls the kernel " + shortName(call.calleeId())
                        + " (" + where(call.tree(), t.unit(), at) + ")";
            }
            if (visited.contains(call.calleeId())) continue;
            String reason = firstIssue(call.calleeId(), stack, visited, at);
            if (reason != null) return reason;
        }
        stack.removeLast();
        return null;
    }

    /** "line N", or "File.java line N" when the tree is in another file than the error. */
    private String where(Tree tree, CompilationUnitTree unit, CompilationUnitTree at) {
        long position = trees.getSourcePositions().getStartPosition(unit, tree);
        String line = position < 0 ? "line ?" : "line " + unit.getLineMap().getLineNumber(position);
        if (unit == at) return line;
        String file = unit.getSourceFile().getName();
        return file.substring(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1) + " " + line;
    }

    /** Recursion (direct or mutual) among needed functions: C device code cannot recurse. */
    private void checkRecursion() {
        var done = new HashSet<String>();
        for (String id : activated) dfs(id, new ArrayList<>(), done);
    }

    private void dfs(String id, List<String> stack, Set<String> done) {
        if (done.contains(id)) return;
        Translation t = effective(id);
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
        activated.removeIf(id -> id.contains("#lambda@")); // lambdas javac did not generate (see nameLambdas)
        addForwardingLambdas();
        for (String id : activated) {
            Translation t = effective(id);
            if (t.function() != null) functions.add(t.function());
        }
        // C names of the class path's functions (linked helpers among them) are taken: one C program holds them and these
        var taken = new HashSet<String>();
        classPathModules.values().forEach(m -> m.ifPresent(module -> module.functions().forEach(f -> taken.add(f.cName()))));
        Map<String, String> cNames = Naming.functionNames(functions, taken);
        var byClass = new TreeMap<String, List<Function>>();
        var origins = new HashMap<String, List<Element>>();
        for (String id : activated) {
            Translation t = effective(id);
            Function f = t.function();
            byClass.computeIfAbsent(t.className(), k -> new ArrayList<>()).add(new Function(f.id(), f.javaName(), cNames.get(f.id()),
                    f.kernel(), f.returnType(), f.parameters(), f.body(), f.sourceFile(), f.line(), f.atomics()));
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
