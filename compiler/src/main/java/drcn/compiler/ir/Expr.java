package drcn.compiler.ir;

import java.io.Serializable;
import java.util.List;

/** A kernel expression. Every node knows its (already checked) type. */
public sealed interface Expr extends Serializable {
    Type type();

    record IntLiteral(int value) implements Expr {
        public Type type() { return Type.INT; }
    }

    record FloatLiteral(float value) implements Expr {
        public Type type() { return Type.FLOAT; }
    }

    record LongLiteral(long value) implements Expr {
        public Type type() { return Type.LONG; }
    }

    record DoubleLiteral(double value) implements Expr {
        public Type type() { return Type.DOUBLE; }
    }

    record BoolLiteral(boolean value) implements Expr {
        public Type type() { return Type.BOOLEAN; }
    }

    /** A parameter or local variable (scalar or array). */
    record Variable(String name, Type type) implements Expr {}

    record Binary(BinaryOp op, Expr left, Expr right, Type type) implements Expr {}

    record Unary(UnaryOp op, Expr operand, Type type) implements Expr {}

    /** {@code condition ? ifTrue : ifFalse}. */
    record Conditional(Expr condition, Expr ifTrue, Expr ifFalse, Type type) implements Expr {}

    /**
     * A numeric conversion with Java's semantics: widening exact or rounded to nearest; floating to integral
     * truncates toward zero, saturates and maps NaN to 0; narrowing among integral types keeps the low bits.
     */
    record Cast(Type type, Expr operand) implements Expr {}

    /** {@code array.get(index)} or {@code array[index]}; the array is a {@link Variable} of array type. */
    record Load(Variable array, Expr index, Type type) implements Expr {}

    /** {@code array.getSize()} of a global array (passed to the kernel as a hidden length argument). */
    record ArrayLength(Variable array) implements Expr {
        public Type type() { return Type.INT; }
    }

    /** A call to another translated static method; {@code functionId} is its {@link Function#id()}. */
    record Call(String functionId, List<Expr> arguments, Type type) implements Expr {}

    /** A {@code Math.*} intrinsic, already resolved to its float or int overload. */
    record Intrinsic(IntrinsicOp op, List<Expr> arguments, Type type) implements Expr {}

    /**
     * A {@code Vector16} operation ({@link VectorOp}). For LOAD and STORE the first argument is the
     * array {@link Variable} and the second the index of the first of the 16 consecutive elements;
     * STORE's third is the value and its type is VOID.
     */
    record VectorCall(VectorOp op, List<Expr> arguments, Type type) implements Expr {}

    /** A vector value from its lanes ({@code new Float4(x, y, z, w)}); each lane has the element type. */
    record VectorOf(List<Expr> lanes, Type type) implements Expr {}

    /** Lane {@code index} of a vector ({@code v.getX()}, {@code v.getS5()}, {@code v.get(2)}); assignable if the vector is a variable. */
    record Lane(Expr vector, int index, Type type) implements Expr {}

    /** A vector operation ({@link LaneOp}), one C function per op and vector type. */
    record LaneCall(LaneOp op, List<Expr> arguments, Type type) implements Expr {}

    /**
     * {@code AtomicInteger}'s read-modify-writes on element {@code index} of a global int array (an {@code AtomicInteger}
     * parameter or local: one element): one indivisible {@code array[index] += delta}, whose value is the element's
     * value before the add ({@code getAndAdd}, {@code getAndIncrement}, {@code get} with delta 0) or after it
     * ({@code newValue}: {@code addAndGet}, {@code incrementAndGet}, {@code decrementAndGet}).
     */
    record AtomicFetchAdd(Variable array, Expr index, Expr delta, boolean newValue) implements Expr {
        public Type type() { return Type.INT; }
    }

    /** A read of a {@code KernelContext} field such as {@code context.globalIdx}. */
    record ContextQuery(ContextValue value) implements Expr {
        public Type type() { return Type.INT; }
    }
}
