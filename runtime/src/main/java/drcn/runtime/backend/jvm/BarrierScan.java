package drcn.runtime.backend.jvm;

import drcn.compiler.ir.Expr;
import drcn.compiler.ir.Function;
import drcn.compiler.ir.IrWalk;
import drcn.compiler.ir.Stmt;
import drcn.runtime.jit.KernelRef;

import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.MethodModel;
import java.lang.classfile.Opcode;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.util.HashSet;
import java.util.Set;

/**
 * Does a kernel call {@code KernelContext.localBarrier()} (or a SIMD-group function, which the JVM runs between
 * barriers), directly or through a helper? The answer
 * picks how the JVM backend runs it: barrier-free kernels run each work-group's items one after the
 * other on one thread (cheap); barrier kernels need one thread per work-item.
 *
 * <p>The kernel IR answers when it is present. Without IR (kernels compiled without the kernel
 * compiler, such as the runtime's own test kernels) the method's bytecode is scanned: it is only
 * read for calls, never translated, so this does not contradict "we do not decompile bytecode".
 */
final class BarrierScan {
    private static final String CONTEXT = "drcn/tornado/api/KernelContext";
    /** The KernelContext methods that wait for the work-group: its barriers and the SIMD-group functions built on them. */
    private static final Set<String> SYNCHRONIZING = Set.of("localBarrier", "globalBarrier", "simdSum", "simdShuffleDown", "simdBroadcastFirst",
            "mma", "mmaBF16", "mmaInt8", "mmaFP8E4M3", "mmaFP8E5M2", "warpGather");

    private BarrierScan() {}

    static boolean usesBarriers(KernelRef kernel) {
        if (kernel.function() != null) {
            if (usesBarriers(kernel.function().body())) return true;
            for (Function helper : kernel.helpers()) {
                if (usesBarriers(helper.body())) return true;
            }
            return false;
        }
        Method method = kernel.javaMethod();
        String descriptor = MethodType.methodType(method.getReturnType(), method.getParameterTypes()).toMethodDescriptorString();
        return bytecodeCallsBarrier(method.getDeclaringClass().getClassLoader(),
                method.getDeclaringClass().getName().replace('.', '/'), method.getName(), descriptor, new HashSet<>());
    }

    /**
     * Whether {@code stmt} holds a barrier. Helpers are scanned on their own ({@link KernelRef#helpers()} lists all
     * of them), so calls are not followed; a {@code @Parallel} loop's body is not looked into: the JVM runs such a
     * kernel as its Java method, once, with no work-items and so no barriers.
     */
    static boolean usesBarriers(Stmt stmt) {
        boolean[] found = {false};
        IrWalk.walk(stmt, new IrWalk.Visitor() {
            @Override public boolean enter(Stmt s) {
                found[0] |= s instanceof Stmt.LocalBarrier || s instanceof Stmt.Matrix m && m.op().collective;
                return !(s instanceof Stmt.ParallelFor);
            }
            @Override public boolean enter(Expr e) {
                found[0] |= e instanceof Expr.Intrinsic in && in.op().isSimd();
                return true;
            }
        });
        return found[0];
    }

    /** Follows static calls into other user classes (helpers); JDK classes never call back into a barrier. */
    private static boolean bytecodeCallsBarrier(ClassLoader loader, String owner, String name, String descriptor, Set<String> visited) {
        if (!visited.add(owner + "." + name + descriptor)) return false;
        MethodModel method = classModel(loader, owner).methods().stream()
                .filter(m -> m.methodName().equalsString(name) && m.methodType().equalsString(descriptor))
                .findFirst().orElse(null);
        if (method == null || method.code().isEmpty()) return false;
        for (var element : method.code().get()) {
            if (!(element instanceof InvokeInstruction call)) continue;
            String callOwner = call.owner().asInternalName();
            if (callOwner.equals(CONTEXT) && SYNCHRONIZING.contains(call.name().stringValue())) return true;
            if (call.opcode() == Opcode.INVOKESTATIC && !isPlatformClass(callOwner)
                    && bytecodeCallsBarrier(loader, callOwner, call.name().stringValue(), call.type().stringValue(), visited)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isPlatformClass(String internalName) {
        return internalName.startsWith("java/") || internalName.startsWith("jdk/") || internalName.startsWith("sun/");
    }

    private static ClassModel classModel(ClassLoader loader, String internalName) {
        ClassLoader l = loader != null ? loader : ClassLoader.getSystemClassLoader();
        try (InputStream in = l.getResourceAsStream(internalName + ".class")) {
            if (in == null) throw new IllegalStateException("cannot find the class file of " + internalName.replace('/', '.'));
            return ClassFile.of().parse(in.readAllBytes());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the class file of " + internalName.replace('/', '.') + ": " + e.getMessage(), e);
        }
    }
}
