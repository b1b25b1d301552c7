package drcn.runtime.jit;

import drcn.compiler.ir.Function;
import drcn.compiler.ir.Type;
import drcn.runtime.backend.Buffer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns launch arguments given in Java parameter order (see {@code Device}) into the generated C
 * kernel's arguments (see {@code CEmitter}): the context is absent, a specialized int is checked
 * against its constant and dropped, each array becomes its buffer followed by its element count.
 * Shared by every C backend so they cannot disagree.
 */
public final class KernelArguments {
    private KernelArguments() {}

    /** One C argument: a device buffer or a boxed int/float. */
    public sealed interface Argument {}

    public record BufferArgument(Buffer buffer) implements Argument {}

    public record IntArgument(int value) implements Argument {}

    public record FloatArgument(float value) implements Argument {}

    public static List<Argument> toC(KernelRef kernel, Map<String, Integer> constants, Object[] javaArguments) {
        Function function = kernel.function();
        var parameters = function.parameters().stream().filter(p -> p.type() != Type.CONTEXT).toList();
        if (javaArguments.length != parameters.size()) {
            throw new IllegalArgumentException(kernel.displayName() + " takes " + parameters.size() + " arguments "
                    + parameters.stream().map(Function.Parameter::name).toList() + ", got " + javaArguments.length);
        }
        var out = new ArrayList<Argument>();
        for (int i = 0; i < parameters.size(); i++) {
            var parameter = parameters.get(i);
            Object value = javaArguments[i];
            switch (parameter.type()) {
                case FLOAT_GLOBAL_ARRAY, INT_GLOBAL_ARRAY -> {
                    if (!(value instanceof Buffer buffer)) throw wrongType(kernel, parameter, "a Buffer", value);
                    out.add(new BufferArgument(buffer));
                    out.add(new IntArgument(buffer.elementCount()));
                }
                case INT -> {
                    if (!(value instanceof Integer number)) throw wrongType(kernel, parameter, "an Integer", value);
                    Integer constant = constants.get(parameter.name());
                    if (constant == null) {
                        out.add(new IntArgument(number));
                    } else if (!constant.equals(number)) {
                        throw new IllegalArgumentException(kernel.displayName() + ": parameter " + parameter.name()
                                + " was compiled as the constant " + constant + " but launched with " + number);
                    }
                }
                case FLOAT -> {
                    if (!(value instanceof Float number)) throw wrongType(kernel, parameter, "a Float", value);
                    out.add(new FloatArgument(number));
                }
                default -> throw new IllegalStateException("parameter type " + parameter.type() + " cannot be a kernel argument");
            }
        }
        return out;
    }

    private static IllegalArgumentException wrongType(KernelRef kernel, Function.Parameter parameter, String expected, Object got) {
        return new IllegalArgumentException(kernel.displayName() + ": parameter " + parameter.name() + " needs "
                + expected + ", got " + (got == null ? "null" : got.getClass().getSimpleName()));
    }
}
