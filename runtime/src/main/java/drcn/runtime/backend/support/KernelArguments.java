package drcn.runtime.backend.support;

import drcn.compiler.ir.Function;
import drcn.compiler.ir.Type;
import drcn.compiler.emit.CEmitter;
import drcn.runtime.backend.Buffer;
import drcn.runtime.backend.ShapedBuffer;
import drcn.runtime.jit.KernelRef;
import drcn.runtime.jit.Wrappers;

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

    /** A buffer argument; {@code name} is its Java parameter's name (for error messages). */
    public record BufferArgument(Buffer buffer, String name) implements Argument {}

    /** An int argument: a scalar, or the hidden {@code <array>_size}. */
    public record IntArgument(int value, String name) implements Argument {}

    public record FloatArgument(float value, String name) implements Argument {}

    public record LongArgument(long value, String name) implements Argument {}

    public record DoubleArgument(double value, String name) implements Argument {}

    public static List<Argument> toC(KernelRef kernel, Map<String, Integer> constants, Object[] javaArguments) {
        return toC(kernel.displayName(), launchParameters(kernel), constants, javaArguments);
    }

    /**
     * What a launch of {@code kernel} passes, in order: its Java parameters (a vector parameter that the kernel or a
     * helper sets lanes of as the buffer of its lanes, see {@code VectorReferences}), then what C takes after them
     * ({@link Function#launchParameters}): one buffer of one int per AtomicInteger local ({@link Function#atomics()}),
     * which the caller sets to its initial value before each launch, and a grid reduction's partials and counter.
     */
    public static List<Function.Parameter> launchParameters(KernelRef kernel) {
        List<Function.Parameter> parameters = kernel.launchParameters();
        List<Function.Parameter> c = kernel.function().launchParameters();
        int java = kernel.function().parameters().size();
        if (c.size() == java) return parameters;
        var all = new ArrayList<>(parameters);
        all.addAll(c.subList(java, c.size()));
        return List.copyOf(all);
    }

    /** The same for a kernel known only by its parameters (a kernel built from source in a test). */
    public static List<Argument> toC(String displayName, List<Function.Parameter> allParameters,
                                     Map<String, Integer> constants, Object[] javaArguments) {
        var parameters = allParameters.stream().filter(p -> p.type() != Type.CONTEXT).toList();
        if (javaArguments.length != parameters.size()) {
            throw new IllegalArgumentException(displayName + " takes " + parameters.size() + " arguments ("
                    + String.join(", ", parameters.stream().map(Function.Parameter::name).toList()) + "), got " + javaArguments.length);
        }
        var out = new ArrayList<Argument>();
        for (int i = 0; i < parameters.size(); i++) {
            var parameter = parameters.get(i);
            Object value = javaArguments[i];
            if (parameter.type() == Type.OBJECT) continue; // its fields the kernel reads are parameters of their own
            if (parameter.type().isArray() && parameter.type().space() == Type.Space.GLOBAL) {
                // a matrix or vector collection arrives with its shape; its buffer is that of its backing array
                int[] shape = value instanceof ShapedBuffer shaped ? shaped.shape() : new int[0];
                if (value instanceof ShapedBuffer shaped) value = shaped.buffer();
                if (!(value instanceof Buffer buffer)) throw wrongType(displayName, i, parameter, "a Buffer", value);
                if (shape.length != parameter.type().extents()) throw wrongType(displayName, i, parameter, parameter.type().extents() + " extents", shape.length);
                out.add(new BufferArgument(buffer, parameter.name()));
                out.add(new IntArgument(Math.toIntExact(buffer.byteSize() / parameter.type().elementType().byteSize()), parameter.name() + "_size"));
                for (int x = 0; x < shape.length; x++) out.add(new IntArgument(shape[x], CEmitter.extentName(parameter.name(), x)));
                continue;
            }
            if (parameter.type().isVector()) {
                // a vector value travels as its lanes (see CEmitter.cParameterNames)
                if (value == null || !Wrappers.isVector(value.getClass())) throw wrongType(displayName, i, parameter, "a vector value", value);
                Object[] lanes = Wrappers.lanes(value);
                if (lanes.length != parameter.type().lanes()) throw wrongType(displayName, i, parameter, parameter.type().lanes() + " lanes", value);
                for (int l = 0; l < lanes.length; l++) {
                    String name = parameter.name() + "_s" + Integer.toHexString(l);
                    boolean half = parameter.type().elementType() == Type.HALF;
                    out.add(switch (lanes[l]) {
                        case Float f -> new FloatArgument(f, name);
                        case Integer n -> new IntArgument(n, name);
                        case Double d -> new DoubleArgument(d, name);
                        // a half lane is its binary16 bits (Half4.toArray), passed as the float it represents
                        case Short bits when half -> new FloatArgument(Float.float16ToFloat(bits), name);
                        // byte and short lanes travel as int, as byte and short arguments do
                        case Short n -> new IntArgument(n, name);
                        case Byte n -> new IntArgument(n, name);
                        default -> throw wrongType(displayName, i, parameter, "a vector of float, int, double, half, byte or short", value);
                    });
                }
                continue;
            }
            switch (parameter.type()) {
                case INT -> {
                    if (!(value instanceof Integer number)) throw wrongType(displayName, i, parameter, "an Integer", value);
                    Integer constant = constants.get(parameter.name());
                    if (constant == null) {
                        out.add(new IntArgument(number, parameter.name()));
                    } else if (!constant.equals(number)) {
                        throw new IllegalArgumentException(displayName + ": argument '" + parameter.name() + "' is "
                                + number + " but the kernel was compiled with " + parameter.name() + " = " + constant);
                    }
                }
                case FLOAT -> {
                    if (!(value instanceof Float number)) throw wrongType(displayName, i, parameter, "a Float", value);
                    out.add(new FloatArgument(number, parameter.name()));
                }
                // a HalfFloat travels as the float it represents (see Type.HALF)
                case HALF -> {
                    if (!(value instanceof drcn.tornado.api.types.HalfFloat half)) throw wrongType(displayName, i, parameter, "a HalfFloat", value);
                    out.add(new FloatArgument(half.getFloat32(), parameter.name()));
                }
                case LONG -> {
                    if (!(value instanceof Long number)) throw wrongType(displayName, i, parameter, "a Long", value);
                    out.add(new LongArgument(number, parameter.name()));
                }
                case DOUBLE -> {
                    if (!(value instanceof Double number)) throw wrongType(displayName, i, parameter, "a Double", value);
                    out.add(new DoubleArgument(number, parameter.name()));
                }
                // the C kernel takes byte, short and char as int (see CEmitter)
                case BYTE -> {
                    if (!(value instanceof Byte number)) throw wrongType(displayName, i, parameter, "a Byte", value);
                    out.add(new IntArgument(number, parameter.name()));
                }
                case SHORT -> {
                    if (!(value instanceof Short number)) throw wrongType(displayName, i, parameter, "a Short", value);
                    out.add(new IntArgument(number, parameter.name()));
                }
                case CHAR -> {
                    if (!(value instanceof Character c)) throw wrongType(displayName, i, parameter, "a Character", value);
                    out.add(new IntArgument(c, parameter.name()));
                }
                default -> throw new IllegalArgumentException(displayName + ": parameter '" + parameter.name()
                        + "' has type " + parameter.type() + ", which a kernel cannot take");
            }
        }
        return out;
    }

    private static IllegalArgumentException wrongType(String displayName, int index, Function.Parameter parameter,
                                                      String expected, Object got) {
        return new IllegalArgumentException(displayName + ": argument " + (index + 1) + " '" + parameter.name() + "' ("
                + parameter.type() + ") must be " + expected + ", got "
                + (got == null ? "null" : got.getClass().getSimpleName() + " " + got));
    }
}
