package drcn.kernels.compiler;

import drcn.compiler.ir.*;
import drcn.kernels.Smoke;
import drcn.kernels.suite.*;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.*;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** The processor ran on main and test sources: every suite class has readable IR of the expected shape. */
class SuiteIrTest {
    private static final List<Class<?>> SUITE = List.of(ArithmeticKernels.class, ControlFlowKernels.class,
            HelperKernels.class, RangeKernels.class, ReductionKernels.class, SuiteMath.class, Smoke.class, VectorKernels.class);

    static KernelModule module(Class<?> c) {
        try (InputStream in = c.getClassLoader().getResourceAsStream(KernelModule.resourceName(c.getName()))) {
            assertNotNull(in, "no kernel IR resource for " + c.getName());
            return KernelModule.fromBytes(in.readAllBytes());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static Function function(Class<?> c, String id) {
        return module(c).functions().stream().filter(f -> f.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + id + " in " + module(c).functions().stream().map(Function::id).toList()));
    }

    @Test
    void everySuiteClassHasItsIr() {
        for (Class<?> c : SUITE) {
            KernelModule m = module(c);
            assertEquals(c.getName(), m.className());
            assertFalse(m.functions().isEmpty());
            for (Function f : m.functions()) {
                assertTrue(f.id().startsWith(c.getName() + "#"), f.id());
                assertTrue(f.line() > 0);
                assertEquals(c.getSimpleName() + ".java", f.sourceFile());
            }
        }
        // Reference twins (float[] parameters) are not kernel code and are not translated.
        assertTrue(module(Smoke.class).functions().stream().noneMatch(f -> f.javaName().endsWith("Reference")));
    }

    @Test
    void smokeKernelShape() {
        Function saxpy = module(Smoke.class).function("saxpy");
        assertTrue(saxpy.kernel());
        assertEquals(List.of(Type.CONTEXT, Type.FLOAT_GLOBAL_ARRAY, Type.FLOAT_GLOBAL_ARRAY, Type.FLOAT, Type.INT),
                saxpy.parameters().stream().map(Function.Parameter::type).toList());
        assertEquals("drcn.kernels.Smoke#saxpy(drcn.tornado.api.KernelContext,drcn.tornado.api.types.arrays.FloatArray,drcn.tornado.api.types.arrays.FloatArray,float,int)", saxpy.id());
        assertTrue(stmts(saxpy).anyMatch(s -> s instanceof Stmt.Assign a && a.target() instanceof Expr.Load));
        assertTrue(exprs(saxpy).anyMatch(e -> e instanceof Expr.ContextQuery q && q.value() == ContextValue.GLOBAL_ID_X));
    }

    @Test
    void reductionUsesLocalMemoryAndBarriers() {
        Function sum = module(ReductionKernels.class).function("groupSum");
        Stmt.LocalArray local = stmts(sum).filter(s -> s instanceof Stmt.LocalArray).map(s -> (Stmt.LocalArray) s)
                .findFirst().orElseThrow();
        assertEquals(Type.FLOAT_LOCAL_ARRAY, local.type());
        assertEquals(ReductionKernels.GROUP, local.size()); // the static final int became the constant
        assertEquals(2, stmts(sum).filter(s -> s instanceof Stmt.LocalBarrier).count());
        Function max = module(ReductionKernels.class).function("groupMax");
        assertTrue(stmts(max).anyMatch(s -> s instanceof Stmt.LocalArray a && a.type() == Type.INT_LOCAL_ARRAY));
    }

    @Test
    void scratchArraysAreNotZeroed() {
        Function mix = module(VectorKernels.class).function("mix");
        var arrays = stmts(mix).filter(s -> s instanceof Stmt.PrivateArray).map(s -> (Stmt.PrivateArray) s).toList();
        assertEquals(2, arrays.size());
        assertTrue(arrays.stream().anyMatch(a -> a.name().equals("stash") && a.zeroed()));
        assertTrue(arrays.stream().anyMatch(a -> a.name().equals("copy") && !a.zeroed()));
    }

    @Test
    void helperCallsAndNames() {
        Function blur = module(HelperKernels.class).function("blur");
        Set<String> called = new HashSet<>();
        exprs(blur).forEach(e -> { if (e instanceof Expr.Call c) called.add(c.functionId()); });
        assertEquals(Set.of("drcn.kernels.suite.HelperKernels#setWeights(float[],float,float)",
                "drcn.kernels.suite.HelperKernels#weightedSum(float[],drcn.tornado.api.types.arrays.FloatArray,int,int)",
                "drcn.kernels.suite.HelperKernels#scale(int,int)",
                "drcn.kernels.suite.HelperKernels#scale(float,float)",
                "drcn.kernels.suite.SuiteMath#scale(float,float)",
                "drcn.kernels.suite.HelperKernels#sumRange(drcn.tornado.api.types.arrays.FloatArray,int,int)",
                "drcn.kernels.suite.HelperKernels#store(drcn.tornado.api.types.arrays.FloatArray,int,float)"), called);
        // A helper's float[] parameter is a private array; its length is read through the parameter (name_size in C).
        Function weightedSum = function(HelperKernels.class,
                "drcn.kernels.suite.HelperKernels#weightedSum(float[],drcn.tornado.api.types.arrays.FloatArray,int,int)");
        assertEquals(Type.FLOAT_PRIVATE_ARRAY, weightedSum.parameters().getFirst().type());
        assertTrue(exprs(weightedSum).anyMatch(e -> e instanceof Expr.ArrayLength len && len.array().name().equals("weights")));
        Function setWeights = function(HelperKernels.class, "drcn.kernels.suite.HelperKernels#setWeights(float[],float,float)");
        assertTrue(stmts(setWeights).anyMatch(st -> st instanceof Stmt.Assign a && a.target() instanceof Expr.Load));
        // The void helper is a statement.
        assertTrue(stmts(blur).anyMatch(s -> s instanceof Stmt.Evaluate ev && ev.expression() instanceof Expr.Call c && c.type() == Type.VOID));

        // The helper in the other class lives in that class's IR.
        Function clamp = function(SuiteMath.class, "drcn.kernels.suite.SuiteMath#clampIndex(int,int,int)");
        assertFalse(clamp.kernel());
        assertEquals(Type.INT, clamp.returnType());
        assertEquals("clampIndex", clamp.cName());

        // Overloads and same-named helpers get distinct C names.
        Set<String> scaleNames = new HashSet<>();
        scaleNames.add(function(HelperKernels.class, "drcn.kernels.suite.HelperKernels#scale(int,int)").cName());
        scaleNames.add(function(HelperKernels.class, "drcn.kernels.suite.HelperKernels#scale(float,float)").cName());
        scaleNames.add(function(SuiteMath.class, "drcn.kernels.suite.SuiteMath#scale(float,float)").cName());
        assertEquals(3, scaleNames.size(), scaleNames.toString());

        // Reserved C names are renamed; Java names stay the key.
        Set<String> declared = new HashSet<>();
        stmts(blur).forEach(s -> { if (s instanceof Stmt.Declare d) declared.add(d.name()); });
        assertTrue(declared.containsAll(Set.of("half_", "kernel_", "local_")), declared.toString());
        assertFalse(declared.contains("half"));
        assertTrue(stmts(blur).anyMatch(s -> s instanceof Stmt.PrivateArray a && a.size() == 3));
    }

    @Test
    void constantsAreFolded() {
        Function blur = module(HelperKernels.class).function("blur");
        // SHIFT = TAPS - 2 and TAPS are static final ints: no variable of those names survives.
        assertTrue(exprs(blur).noneMatch(e -> e instanceof Expr.Variable v && (v.name().equals("SHIFT") || v.name().equals("TAPS"))));
        assertTrue(exprs(blur).anyMatch(e -> e instanceof Expr.FloatLiteral f && f.value() == 0.5f)); // CENTER
        // weights.length of the private array declared in the kernel is its constant size.
        assertTrue(exprs(blur).noneMatch(e -> e instanceof Expr.ArrayLength), "weights.length was not folded");
    }

    @Test
    void floatMathStaysFloat() {
        Function math = module(ArithmeticKernels.class).function("mathIntrinsics");
        List<Expr.Intrinsic> intrinsics = exprs(math).filter(e -> e instanceof Expr.Intrinsic).map(e -> (Expr.Intrinsic) e).toList();
        assertEquals(EnumSet.of(IntrinsicOp.MAX, IntrinsicOp.MIN, IntrinsicOp.ABS, IntrinsicOp.FMA, IntrinsicOp.EXP, IntrinsicOp.SQRT, IntrinsicOp.LOG),
                EnumSet.copyOf(intrinsics.stream().map(Expr.Intrinsic::op).toList()));
        for (Expr.Intrinsic i : intrinsics) {
            if (i.op() == IntrinsicOp.EXP || i.op() == IntrinsicOp.SQRT || i.op() == IntrinsicOp.LOG || i.op() == IntrinsicOp.FMA) {
                assertEquals(Type.FLOAT, i.type());
                i.arguments().forEach(a -> assertEquals(Type.FLOAT, a.type()));
            }
        }
        assertTrue(intrinsics.stream().anyMatch(i -> i.op() == IntrinsicOp.ABS && i.type() == Type.INT));
        // (float) Math.sqrt(k & 1023): the int argument is widened to float, not double.
        assertTrue(intrinsics.stream().anyMatch(i -> i.op() == IntrinsicOp.SQRT && i.arguments().getFirst() instanceof Expr.Cast c
                && c.type() == Type.FLOAT && c.operand().type() == Type.INT));
    }

    @Test
    void statementsCarryJavaLines() {
        Function flow = module(ControlFlowKernels.class).function("controlFlow");
        assertTrue(stmts(flow).allMatch(s -> s.line() >= flow.line()));
        assertTrue(stmts(flow).anyMatch(s -> s instanceof Stmt.DoWhile));
        assertTrue(stmts(flow).anyMatch(s -> s instanceof Stmt.Continue));
        Function collatz = function(ControlFlowKernels.class, "drcn.kernels.suite.ControlFlowKernels#collatzSteps(int)");
        assertTrue(stmts(collatz).anyMatch(s -> s instanceof Stmt.While w && w.condition() instanceof Expr.BoolLiteral));
        assertTrue(stmts(collatz).anyMatch(s -> s instanceof Stmt.Break));
    }

    // ---- walking the IR

    static Stream<Stmt> stmts(Function f) {
        var out = new ArrayList<Stmt>();
        IrWalk.forEachStmt(f.body(), out::add);
        return out.stream();
    }

    static Stream<Expr> exprs(Function f) {
        var out = new ArrayList<Expr>();
        IrWalk.forEachExpr(f.body(), out::add);
        return out.stream();
    }
}
