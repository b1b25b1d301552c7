package drcn.compiler.ir;

import java.io.Serializable;
import java.util.List;

/**
 * One translated Java static method.
 *
 * @param id         a unique, stable name: {@code pkg.Class#method(paramTypes)}, e.g.
 *                   {@code drcn.kernels.Conv#clamp(int,int,int)}; {@link Expr.Call} refers to it
 * @param javaName   the Java method name
 * @param cName      the C identifier (distinct for overloads, never a C reserved word)
 * @param kernel     true for an {@code @Kernel} entry point (returns void), false for a helper
 * @param returnType the return type (VOID for kernels)
 * @param parameters the parameters in Java order, including a CONTEXT parameter if declared
 * @param body       the body
 * @param sourceFile the Java source file name, for comments and error messages
 * @param line       the line of the method declaration
 */
public record Function(String id, String javaName, String cName, boolean kernel, Type returnType,
                       List<Parameter> parameters, Stmt.Block body, String sourceFile, int line)
        implements Serializable {

    public record Parameter(String name, Type type) implements Serializable {}
}
