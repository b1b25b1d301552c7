package drcn.compiler.front;

import drcn.compiler.ir.Function;
import drcn.compiler.ir.Type;

import java.util.*;
import java.util.regex.Pattern;

/**
 * C identifiers for translated Java names. The same IR is emitted as OpenCL C and as CUDA C (which
 * is C++), so a name must avoid the keywords and built-ins of all three: a Java local named
 * {@code half} or a helper named {@code clamp} compiles in Java but breaks the device compiler.
 * Such names get a trailing {@code _}; overloads and same-named helpers of different classes get
 * distinct names.
 */
public final class Naming {
    private Naming() {}

    private static final Set<String> RESERVED = Set.of(
            // C99 / C11 keywords
            "auto", "break", "case", "char", "const", "continue", "default", "do", "double", "else", "enum",
            "extern", "float", "for", "goto", "if", "inline", "int", "long", "register", "restrict", "return",
            "short", "signed", "sizeof", "static", "struct", "switch", "typedef", "union", "unsigned", "void",
            "volatile", "while", "bool", "true", "false", "NULL",
            // C++ keywords (CUDA C is C++)
            "asm", "catch", "class", "const_cast", "delete", "dynamic_cast", "explicit", "export", "friend",
            "mutable", "namespace", "new", "operator", "private", "protected", "public", "reinterpret_cast",
            "static_cast", "template", "this", "throw", "try", "typeid", "typename", "using", "virtual",
            "wchar_t", "nullptr", "constexpr", "decltype", "noexcept", "static_assert", "thread_local",
            "alignas", "alignof", "char16_t", "char32_t", "and", "or", "not", "xor", "bitand", "bitor",
            "compl", "and_eq", "or_eq", "xor_eq", "not_eq", "concept", "requires", "co_await", "co_return",
            "co_yield", "consteval", "constinit",
            // OpenCL C qualifiers and types
            "kernel", "global", "local", "constant", "read_only", "write_only", "read_write", "uniform",
            "pipe", "half", "uchar", "ushort", "uint", "ulong", "size_t", "ptrdiff_t", "intptr_t", "uintptr_t",
            "image1d_t", "image2d_t", "image3d_t", "image1d_array_t", "image2d_array_t", "image1d_buffer_t",
            "sampler_t", "event_t", "queue_t", "clk_event_t", "reserve_id_t", "cl_mem_fence_flags",
            // OpenCL work-item and synchronisation built-ins
            "get_global_id", "get_local_id", "get_group_id", "get_global_size", "get_local_size",
            "get_num_groups", "get_work_dim", "get_global_offset", "barrier", "mem_fence", "read_mem_fence",
            "write_mem_fence", "work_group_barrier", "printf",
            // OpenCL / CUDA math built-ins a Java helper name could clash with
            "min", "max", "clamp", "abs", "abs_diff", "fabs", "exp", "exp2", "exp10", "expm1", "log", "log2",
            "log10", "log1p", "sqrt", "rsqrt", "cbrt", "pow", "pown", "powr", "rootn", "fma", "mad", "mix",
            "step", "smoothstep", "sign", "select", "dot", "cross", "length", "distance", "normalize",
            "floor", "ceil", "round", "rint", "trunc", "fmod", "remainder", "modf", "frexp", "ldexp", "fmin",
            "fmax", "fdim", "hypot", "sin", "cos", "tan", "asin", "acos", "atan", "atan2", "sinh", "cosh",
            "tanh", "erf", "erfc", "tgamma", "lgamma", "degrees", "radians", "nan", "isnan", "isinf",
            "isfinite", "signbit", "any", "all", "bitselect", "rotate", "clz", "popcount", "hadd", "rhadd",
            "mul24", "mad24", "upsample", "expf", "sqrtf", "logf", "fabsf", "fminf", "fmaxf", "fmaf",
            "powf", "floorf", "ceilf", "rsqrtf", "__expf", "__logf",
            // CUDA
            "threadIdx", "blockIdx", "blockDim", "gridDim", "warpSize", "__syncthreads", "dim3", "main");

    /** Families of OpenCL built-ins named by prefix ({@code convert_int_rte}, {@code as_float}, {@code native_exp}, ...). */
    private static final Pattern RESERVED_PATTERN = Pattern.compile(
            "(convert_|as_|native_|half_|atomic_|atom_|vload|vstore|async_|work_group_|sub_group_|read_image|write_image|get_image).*"
                    + "|(char|uchar|short|ushort|int|uint|long|ulong|float|double|half|bool)(2|3|4|8|16)"
                    + "|__.*|_[A-Z].*");

    public static boolean isReserved(String name) {
        return RESERVED.contains(name) || RESERVED_PATTERN.matcher(name).matches();
    }

    /** A C identifier for a Java identifier: {@code $} is not portable C, reserved names get a trailing {@code _}. */
    public static String identifier(String javaName) {
        String name = javaName.replace("$", "_S_");
        // A reserved prefix (as_x, native_y, __z) cannot be cured by a suffix: prefix the name instead.
        if (RESERVED_PATTERN.matcher(name).matches()) name = "j_" + name;
        while (RESERVED.contains(name)) name = name + "_";
        return name;
    }

    /**
     * Distinct C names for all functions that are translated together (keyed by {@link Function#id()}):
     * the plain Java name when it is unique, {@code Class_name} when the same name lives in several
     * classes, {@code name_int_float} for overloads. Deterministic (sorted by id).
     */
    public static Map<String, String> functionNames(Collection<Function> functions) {
        return functionNames(functions, Set.of());
    }

    /** As {@link #functionNames(Collection)}, avoiding the C names in {@code taken} (those of helpers linked from the class path). */
    public static Map<String, String> functionNames(Collection<Function> functions, Set<String> taken) {
        var byJavaName = new TreeMap<String, List<Function>>();
        for (Function f : functions) byJavaName.computeIfAbsent(f.javaName(), k -> new ArrayList<>()).add(f);
        var names = new TreeMap<String, String>();
        var used = new HashSet<>(taken);
        for (List<Function> group : byJavaName.values()) {
            group.sort(Comparator.comparing(Function::id));
            var classes = new HashSet<String>();
            group.forEach(f -> classes.add(className(f)));
            boolean overloaded = classes.size() < group.size();
            boolean severalClasses = classes.size() > 1;
            for (Function f : group) {
                String name = f.javaName();
                if (group.size() > 1) {
                    if (overloaded) name = name + "_" + parameterSuffix(f);
                    if (severalClasses) name = simpleName(className(f)) + "_" + name;
                }
                name = identifier(name);
                String unique = name;
                for (int i = 2; !used.add(unique); i++) unique = name + "_" + i;
                names.put(f.id(), unique);
            }
        }
        return names;
    }

    private static String className(Function f) {
        return f.id().substring(0, f.id().indexOf('#'));
    }

    private static String simpleName(String binaryName) {
        return binaryName.substring(binaryName.lastIndexOf('.') + 1).replace('$', '_');
    }

    private static String parameterSuffix(Function f) {
        var parts = new ArrayList<String>();
        for (Function.Parameter p : f.parameters()) {
            if (p.type() == Type.CONTEXT) continue;
            parts.add(switch (p.type()) {
                case INT -> "int";
                case FLOAT -> "float";
                case BOOLEAN -> "bool";
                case FLOAT_GLOBAL_ARRAY -> "floats";
                case INT_GLOBAL_ARRAY -> "ints";
                default -> p.type().name().toLowerCase(Locale.ROOT);
            });
        }
        return parts.isEmpty() ? "void" : String.join("_", parts);
    }
}
