package drcn.runtime.fuzz;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Pattern;

/**
 * Writes a random kernel inside the kernel subset, as Java source, from a seed: one class
 * {@code drcn.fuzz.G<seed>} with two helper methods and one {@code @Kernel k}.
 *
 * <pre>
 *   k(KernelContext context, IntArray ia, FloatArray fa, IntArray io, FloatArray fo, int n)
 *   launched on GLOBAL work-items in groups of LOCAL; work-item i < n reads ia[i], ia[(7i+3) % n], fa[i],
 *   fa[(5i+1) % n], runs random statements and writes INT_OUTS ints to io[i * INT_OUTS ..] and FLOAT_OUTS
 *   floats to fo[i * FLOAT_OUTS ..]
 * </pre>
 *
 * Statements: int, long and float locals; assignments and compound assignments ({@code += -= *= /= %= <<=
 * >>= >>>= &= |= ^=}) on them and on array elements, with int targets also taking long and float values (an
 * implied narrowing cast); if / else-if / else chains; counted for loops (nested, with break and continue);
 * private int, long and float arrays; helper calls; values of TornadoVM's vector types ({@code Float2..16},
 * {@code Int2..16}: lane-wise operations, lane reads, sum, dot) and of {@code Vector16}. A third of the
 * kernels work in groups: work-group-shared ({@code allocate*LocalArray}) int and float arrays written at
 * the work-item's own slot, {@code localBarrier()}, read at another slot, and a barrier again before the next
 * write, at the top level or in a loop every work-item runs alike. Expressions: int and long {@code + - * / %
 * << >> >>> & | ^ ~}, unary minus, ternaries, casts between int, long and float, Math.abs/max/min on ints and
 * longs, float {@code + - * / %}, Math.abs on floats, comparisons with {@code && || !}.
 *
 * <p>Kept out, because C and Java differ there by the subset's definition (ExpressionWriter's list):
 * {@code MIN_VALUE / -1} and division by 0 (every divisor goes through {@code d == 0 || d == -1 ? 7 : d});
 * Math.max/min on floats (fmax/fmin with NaN); int and long overflow of {@code + - *} and unary minus (wraps in
 * Java, undefined in C, and LLVM exploits it): their operands are shifted into a range where the result fits,
 * {@code (x >> 1) + (y >> 1)}, {@code (x >> 16) * (y >> 16)}, {@code -(x >> 1)}; a compound {@code x += e} comes
 * after {@code x >>= 1} with {@code e >> 1} ({@code x *= e}: both by 16, or 32 for longs); an int vector's lanes
 * are below 2^13 in magnitude and go through one operation, so even the sum of 16 products fits. Barriers
 * are reached by every work-item of a group (none returns early in such a kernel), as OpenCL requires. So
 * every disagreement is a bug.
 */
public final class KernelGenerator {
    public static final int INT_OUTS = 4, FLOAT_OUTS = 3;
    /** Work-items of a launch (a multiple of LOCAL) and of a work-group; kernels get n < GLOBAL. */
    public static final int GLOBAL = 128, LOCAL = 32;
    /**
     * What a generated kernel may contain, each as a pattern of its source: the fixed CI seeds must show every
     * one (GeneratedKernelsTest checks), and the kernels whose CUDA C goes through nvcc are picked to show them too.
     */
    public static final Map<String, Pattern> KINDS = kinds(
            "local arrays and barriers", "context\\.localBarrier\\(\\)",
            "a barrier in a loop", "for \\(int j\\d+ = 0; j\\d+ < \\d; j\\d+\\+\\+\\) \\{\\n\\s+[st]\\[li\\]",
            "compound assignment of a local element", "[st]\\[li\\] (\\+|-|\\*|/|%|<<|>>|>>>|&|\\||\\^)= ",
            "Vector16", "Vector16\\.(fma|add|subtract|multiply)",
            "16-lane TornadoVM vectors", "(Float|Int)16 x\\d+ = ",
            "float vectors", "Float(2|3|4|8) x\\d+ = ",
            "int vectors", "Int(2|3|4|8) x\\d+ = ",
            "vector sum and dot", "(Float|Int)\\d+\\.(sum|dot)\\(",
            "longs", "long w\\d+ = ",
            "long products of ints", "\\(long\\) \\S+ \\* ",
            "compound + - *", "\\w (\\+|-|\\*)= ",
            "compound / %", "\\w (/|%)= ",
            "compound shifts", "\\w (<<|>>|>>>)= ",
            "compound bitwise", "\\w (&|\\||\\^)= ",
            "compound assignment of a private array element", "[pqr]\\[[^\\]]+\\] (\\+|-|\\*|/|%|<<|>>|>>>|&|\\||\\^)= ",
            "private int, float and long arrays", "(?s)(?=.*new int\\[4\\])(?=.*new float\\[4\\])(?=.*new long\\[4\\])",
            "nested loops", "\\n( +)for \\([^\\n]*\\n(\\1 {4}[^\\n]*\\n)*?\\1 {4} *for \\(",
            "break and continue", "(?s)(?=.*break;)(?=.*continue;)",
            "if / else-if / else", "(?s)\\} else if \\(.*\\} else \\{",
            "helper calls in the kernel", "(?s)public static void k\\(.*(mix|blend)\\(",
            "casts int, long, float", "(?s)(?=.*\\(int\\) )(?=.*\\(long\\) )(?=.*\\(float\\) )",
            "unsigned shifts", ">>> ",
            "ternaries", " \\? ");
    private static final String[] FLOAT_VECTORS = {"Float2", "Float3", "Float4", "Float8", "Float16"};
    private static final String[] INT_VECTORS = {"Int2", "Int3", "Int4", "Int8", "Int16"};

    private final SplittableRandom random;
    private final StringBuilder out = new StringBuilder();
    /** Names in scope, innermost block last. */
    private final List<List<String>> ints = new ArrayList<>(), floats = new ArrayList<>(), longs = new ArrayList<>();
    private int names;
    private int loopDepth;
    /** Private arrays declared so far (in the kernel's outermost block): "p" int[4], "q" float[4], "r" long[4]. */
    private final List<String> arrays = new ArrayList<>();
    /** This kernel works in groups: local arrays "s" (int) and "t" (float) of LOCAL elements, barriers. */
    private boolean groups;
    /** Which helpers an expression may call: 0 none (inside mix), 1 mix (inside blend), 2 both (the kernel). */
    private int callable;

    private KernelGenerator(long seed) {
        this.random = new SplittableRandom(seed);
    }

    private static Map<String, Pattern> kinds(String... nameAndRegex) {
        var kinds = new LinkedHashMap<String, Pattern>();
        for (int k = 0; k < nameAndRegex.length; k += 2) kinds.put(nameAndRegex[k], Pattern.compile(nameAndRegex[k + 1]));
        return kinds;
    }

    /** The KINDS a source shows. */
    public static Set<String> kindsOf(String source) {
        var found = new LinkedHashSet<String>();
        KINDS.forEach((name, pattern) -> {
            if (pattern.matcher(source).find()) found.add(name);
        });
        return found;
    }

    /** The binary name of the class {@link #source} declares for {@code seed}. */
    public static String className(long seed) {
        return "drcn.fuzz.G" + Long.toUnsignedString(seed);
    }

    /** The source of the class for {@code seed}. */
    public static String source(long seed) {
        return new KernelGenerator(seed).write(seed);
    }

    private String write(long seed) {
        line(0, "package drcn.fuzz;");
        line(0, "");
        line(0, "import drcn.kernels.api.Kernel;");
        line(0, "import drcn.kernels.api.Vector16;");
        line(0, "import drcn.tornado.api.KernelContext;");
        line(0, "import drcn.tornado.api.types.arrays.FloatArray;");
        line(0, "import drcn.tornado.api.types.arrays.IntArray;");
        line(0, "import drcn.tornado.api.types.vectors.*;");
        line(0, "");
        line(0, "/** Generated by KernelGenerator from seed " + Long.toUnsignedString(seed) + ". */");
        line(0, "public final class G" + Long.toUnsignedString(seed) + " {");
        // helpers: their parameters are the only names in scope
        push();
        ints.getLast().addAll(List.of("a", "b"));
        callable = 0; // no recursion: mix calls nothing, blend only mix
        line(1, "static int mix(int a, int b) {");
        line(2, "return " + intExpr(3) + ";");
        line(1, "}");
        callable = 1;
        floats.getLast().add("x");
        line(1, "static float blend(float x, int a, int b) {");
        line(2, "float y = " + floatExpr(3) + ";");
        floats.getLast().add("y");
        line(2, "if (" + condition(2) + ") y = " + floatExpr(2) + ";");
        line(2, "return y;");
        line(1, "}");
        pop();
        callable = 2;

        line(1, "@Kernel");
        line(1, "public static void k(KernelContext context, IntArray ia, FloatArray fa, IntArray io, FloatArray fo, int n) {");
        push();
        groups = random.nextInt(3) == 0;
        line(2, "int i = context.globalIdx;");
        // a kernel with barriers keeps every work-item to the end (OpenCL: all of a group reach each barrier)
        String at = groups ? "i % n" : "i";
        if (!groups) line(2, "if (i >= n) return;");
        line(2, "int v0 = ia.get(" + at + ");");
        line(2, "int v1 = ia.get((i * 7 + 3) % n);");
        line(2, "float f0 = fa.get(" + at + ");");
        line(2, "float f1 = fa.get((i * 5 + 1) % n);");
        ints.getLast().addAll(List.of("i", "v0", "v1"));
        floats.getLast().addAll(List.of("f0", "f1"));
        if (groups) {
            line(2, "int li = context.localIdx;");
            line(2, "int[] s = context.allocateIntLocalArray(" + LOCAL + ");");
            line(2, "float[] t = context.allocateFloatLocalArray(" + LOCAL + ");");
            // local memory starts undefined in C (zeros in Java): each work-item clears its own slots
            line(2, "s[li] = 0;");
            line(2, "t[li] = 0f;");
            ints.getLast().add("li");
        }
        int statements = 4 + random.nextInt(8);
        for (int s = 0; s < statements; s++) {
            if (groups && random.nextInt(3) == 0) exchange(2);
            else statement(2, 2);
        }
        List<String> outInts = new ArrayList<>(ints.getLast()), outFloats = new ArrayList<>(floats.getLast());
        for (String l : longs.getLast()) outInts.add("(int) (" + l + " ^ (" + l + " >>> 32))");
        int indent = 2;
        if (groups) line(indent++, "if (i < n) {");
        for (int k = 0; k < INT_OUTS; k++) {
            line(indent, "io.set(i * " + INT_OUTS + " + " + k + ", " + (k < 2 ? pick(outInts) : intExpr(2)) + ");");
        }
        for (int k = 0; k < FLOAT_OUTS; k++) {
            line(indent, "fo.set(i * " + FLOAT_OUTS + " + " + k + ", " + (k < 2 ? pick(outFloats) : floatExpr(2)) + ");");
        }
        if (groups) line(2, "}");
        pop();
        line(1, "}");
        line(0, "");
        line(1, "/** The kernel as a method reference (KernelRef reads the class and method from it). */");
        line(1, "public static drcn.tornado.api.common.TornadoFunctions.Task6<KernelContext, IntArray, FloatArray, IntArray, FloatArray, Integer> ref() {");
        line(2, "return G" + Long.toUnsignedString(seed) + "::k;");
        line(1, "}");
        line(0, "}");
        return out.toString();
    }

    // ---------------------------------------------------------------------------- statements

    private void statement(int indent, int depth) {
        int kind = random.nextInt(depth > 0 ? 15 : 11);
        switch (kind) {
            case 0, 1 -> declareInt(indent);
            case 2 -> declareFloat(indent);
            case 3 -> declareLong(indent);
            case 4 -> assignInt(indent);
            case 5 -> assignFloat(indent);
            case 6 -> assignLong(indent);
            case 7, 8 -> arrayStatement(indent);
            case 9 -> vectorStatement(indent);
            case 10 -> vector16Statement(indent);
            case 11, 12 -> ifChain(indent, depth);
            default -> loop(indent, depth);
        }
    }

    private void declareInt(int indent) {
        String name = "v" + (++names + 1);
        line(indent, "int " + name + " = " + intExpr(3) + ";");
        ints.getLast().add(name);
    }

    private void declareFloat(int indent) {
        String name = "f" + (++names + 1);
        line(indent, "float " + name + " = " + floatExpr(3) + ";");
        floats.getLast().add(name);
    }

    private void declareLong(int indent) {
        String name = "w" + (++names + 1);
        line(indent, "long " + name + " = " + longExpr(3) + ";");
        longs.getLast().add(name);
    }

    private void assignInt(int indent) {
        List<String> targets = allInts().stream().filter(v -> !v.equals("i") && !v.equals("li") && !v.startsWith("j")).toList();
        if (targets.isEmpty()) {
            declareInt(indent);
            return;
        }
        intCompound(indent, pick(targets));
    }

    /**
     * {@code target op= value} on an int variable or element (an expression without side effects, so it may be
     * written twice): the arithmetic ones after shifting the target into range; also with a long value (the
     * sum is long, then narrowed) and with a float value (Java: the float result cast back, saturating).
     */
    private void intCompound(int indent, String target) {
        switch (random.nextInt(12)) {
            case 0 -> line(indent, target + " = " + intExpr(2) + ";");
            case 1 -> {
                line(indent, target + " >>= 1;");
                line(indent, target + " " + pick("+=", "-=") + " (" + intExpr(2) + ") >> 1;");
            }
            case 2 -> {
                line(indent, target + " >>= 16;");
                line(indent, target + " *= (" + intExpr(2) + ") >> 16;");
            }
            case 3 -> line(indent, target + " " + pick("/=", "%=") + " " + divisor() + ";");
            case 4 -> {
                line(indent, target + " >>= 1;");
                line(indent, target + " " + pick("+=", "-=") + " (" + longExpr(2) + ") >> 1;");
            }
            case 5 -> line(indent, target + " " + pick("+=", "-=", "*=", "/=") + " " + floatExpr(2) + ";");
            case 6 -> line(indent, target + " " + pick("^=", "|=", "&=") + " " + longExpr(1) + ";");
            default -> line(indent, target + " " + pick("^=", "|=", "&=", "<<=", ">>=", ">>>=") + " " + intExpr(2) + ";");
        }
    }

    private void assignFloat(int indent) {
        floatCompound(indent, pick(allFloats()));
    }

    private void floatCompound(int indent, String target) {
        String value = random.nextInt(4) == 0 ? intExpr(2) : random.nextInt(6) == 0 ? longExpr(1) : floatExpr(2);
        line(indent, target + " " + pick("=", "+=", "-=", "*=", "/=", "%=") + " " + value + ";");
    }

    private void assignLong(int indent) {
        List<String> targets = allLongs();
        if (targets.isEmpty()) {
            declareLong(indent);
            return;
        }
        longCompound(indent, pick(targets));
    }

    private void longCompound(int indent, String target) {
        switch (random.nextInt(8)) {
            case 0 -> line(indent, target + " = " + longExpr(2) + ";");
            case 1 -> {
                line(indent, target + " >>= 1;");
                line(indent, target + " " + pick("+=", "-=") + " (" + (random.nextBoolean() ? longExpr(2) : "(long) " + intLeafOrParen(2)) + ") >> 1;");
            }
            case 2 -> {
                line(indent, target + " >>= 32;");
                line(indent, target + " *= " + (random.nextBoolean() ? "(" + longExpr(2) + ") >> 32" : intLeafOrParen(1) + " >> 1") + ";");
            }
            case 3 -> line(indent, target + " " + pick("/=", "%=") + " " + longDivisor() + ";");
            case 4 -> line(indent, target + " " + pick("+=", "-=", "*=") + " " + floatExpr(2) + ";");
            default -> line(indent, target + " " + pick("^=", "|=", "&=", "<<=", ">>=", ">>>=") + " "
                    + (random.nextBoolean() ? intExpr(2) : longExpr(2)) + ";");
        }
    }

    /**
     * Private arrays in the kernel's outermost block, {@code int[] p}, {@code float[] q}, {@code long[] r} of 4:
     * declared and filled, then elements read or compound-assigned at indices masked into range.
     */
    private void arrayStatement(int indent) {
        String array = pick("p", "q", "r");
        if (!arrays.contains(array)) {
            if (ints.size() != 1) {
                assignInt(indent);
                return;
            }
            String type = switch (array) { case "p" -> "int"; case "q" -> "float"; default -> "long"; };
            line(indent, type + "[] " + array + " = new " + type + "[4];");
            for (int k = 0; k < 4; k++) {
                String value = switch (array) { case "p" -> intExpr(2); case "q" -> floatExpr(2); default -> longExpr(2); };
                line(indent, array + "[" + k + "] = " + value + ";");
            }
            arrays.add(array);
            return;
        }
        if (random.nextInt(3) == 0) { // a read
            String name = switch (array) { case "p" -> "v"; case "q" -> "f"; default -> "w"; } + (++names + 1);
            String type = switch (array) { case "p" -> "int"; case "q" -> "float"; default -> "long"; };
            line(indent, type + " " + name + " = " + array + "[(" + intExpr(2) + ") & 3];");
            (array.equals("p") ? ints : array.equals("q") ? floats : longs).getLast().add(name);
            return;
        }
        String element = array + "[" + (random.nextBoolean() ? Integer.toString(random.nextInt(4)) : "(" + intLeaf() + ") & 3") + "]";
        switch (array) {
            case "p" -> intCompound(indent, element);
            case "q" -> floatCompound(indent, element);
            default -> longCompound(indent, element);
        }
    }

    /**
     * Work-group exchange through the local arrays: each work-item writes (or compound-assigns) its own slot,
     * all meet at a barrier, each reads another's slot, and all meet again before any slot is written anew.
     * At the top level or in a loop whose trip count is the same for every work-item (no break or continue).
     */
    private void exchange(int indent) {
        boolean loop = random.nextBoolean();
        String j = null;
        if (loop) {
            j = "j" + (++names + 1);
            line(indent, "for (int " + j + " = 0; " + j + " < " + (1 + random.nextInt(3)) + "; " + j + "++) {");
            indent++;
            push();
            ints.getLast().add(j);
        }
        boolean floatToo = random.nextBoolean();
        if (random.nextBoolean()) line(indent, "s[li] = " + intExpr(2) + ";");
        else intCompound(indent, "s[li]");
        if (floatToo) {
            if (random.nextBoolean()) line(indent, "t[li] = " + floatExpr(2) + ";");
            else floatCompound(indent, "t[li]");
        }
        line(indent, "context.localBarrier();");
        String other = random.nextBoolean() ? "(li + " + (1 + random.nextInt(LOCAL - 1)) + ") % " + LOCAL
                : random.nextBoolean() ? "li ^ " + (1 + random.nextInt(LOCAL - 1)) : "(" + intExpr(2) + ") & " + (LOCAL - 1);
        // outside a loop a fresh name; inside one the value is folded into a name of the enclosing scope
        List<String> outerInts = ints.get(loop ? ints.size() - 2 : ints.size() - 1).stream()
                .filter(v -> !v.equals("i") && !v.equals("li") && !v.startsWith("j")).toList();
        if (loop && !outerInts.isEmpty()) {
            String target = pick(outerInts);
            line(indent, target + " = (" + target + " >> 1) + (s[" + other + "] >> 1);");
        } else {
            String name = "v" + (++names + 1);
            line(indent, "int " + name + " = s[" + other + "];");
            ints.getLast().add(name);
        }
        if (floatToo) {
            List<String> outerFloats = floats.get(loop ? floats.size() - 2 : floats.size() - 1);
            if (loop) {
                line(indent, pick(outerFloats) + " " + pick("+=", "-=", "*=", "=") + " t[" + other + "];");
            } else {
                String name = "f" + (++names + 1);
                line(indent, "float " + name + " = t[" + other + "] " + pick("+", "-", "*") + " " + floatLeaf() + ";");
                floats.getLast().add(name);
            }
        }
        line(indent, "context.localBarrier();");
        if (loop) {
            pop();
            line(indent - 1, "}");
        }
    }

    /**
     * A value of a TornadoVM vector type, lane-wise operations on it, then lanes (or its sum, dot product) read
     * into scalars. Int lanes are {@code >> 18} (below 2^13) and go through one operation, so nothing overflows.
     */
    private void vectorStatement(int indent) {
        boolean isFloat = random.nextInt(3) != 0;
        int which = random.nextInt(5);
        String type = isFloat ? FLOAT_VECTORS[which] : INT_VECTORS[which];
        int lanes = new int[] {2, 3, 4, 8, 16}[which];
        String a = "x" + (++names + 1), b = "x" + (++names + 1);
        line(indent, type + " " + a + " = " + newVector(type, lanes, isFloat) + ";");
        String other = random.nextInt(4) == 0 ? "new " + type + "()" : newVector(type, lanes, isFloat);
        String scalar = isFloat ? floatExpr(1) : "(" + intExpr(1) + ") >> 18";
        String op = isFloat
                ? switch (random.nextInt(6)) {
                    case 0, 1 -> type + "." + pick("add", "sub", "mult", "div") + "(" + a + ", " + other + ")";
                    case 2 -> type + "." + pick("add", "sub", "mult", "div") + "(" + a + ", " + scalar + ")";
                    case 3 -> type + "." + pick("inc", "dec", "scale") + "(" + a + ", " + scalar + ")";
                    case 4 -> type + "." + pick("floor", "fract") + "(" + a + ")";
                    default -> type + ".mult(" + type + ".add(" + a + ", " + other + "), " + a + ")";
                }
                : switch (random.nextInt(5)) {
                    case 0, 1 -> type + "." + pick("add", "sub", "mult", "min", "max") + "(" + a + ", " + other + ")";
                    case 2 -> type + "." + pick("add", "sub", "mult") + "(" + a + ", " + scalar + ")";
                    case 3 -> type + "." + pick("inc", "dec", "scale") + "(" + a + ", " + scalar + ")";
                    default -> type + ".clamp(" + a + ", (" + intLeaf() + ") >> 18, (" + intLeaf() + ") >> 18)";
                };
        line(indent, type + " " + b + " = " + op + ";");
        int reads = 1 + random.nextInt(3);
        for (int r = 0; r < reads; r++) {
            String name = (isFloat ? "f" : "v") + (++names + 1);
            int lane = random.nextInt(lanes);
            String read = switch (random.nextInt(5)) {
                case 0 -> b + ".get(" + lane + ")";
                case 1 -> b + ".getS" + lane + "()";
                case 2 -> type + ".sum(" + b + ")";
                case 3 -> isFloat ? type + ".dot(" + b + ", " + a + ")" : type + ".dot(" + a + ", " + a + ")";
                default -> lanes <= 4 ? b + ".get" + "XYZW".charAt(Math.min(lane, lanes - 1)) + "()" : b + ".get(" + lane + ")";
            };
            line(indent, (isFloat ? "float " : "int ") + name + " = " + read + ";");
            (isFloat ? floats : ints).getLast().add(name);
        }
        if (random.nextInt(3) == 0) line(indent, b + ".set(" + random.nextInt(lanes) + ", " + (isFloat ? floatExpr(1) : intExpr(1)) + ");");
        if (random.nextInt(3) == 0) {
            String name = (isFloat ? "f" : "v") + (++names + 1);
            line(indent, (isFloat ? "float " : "int ") + name + " = " + b + ".get(" + random.nextInt(lanes) + ");");
            (isFloat ? floats : ints).getLast().add(name);
        }
    }

    private String newVector(String type, int lanes, boolean isFloat) {
        List<String> values = new ArrayList<>();
        for (int l = 0; l < lanes; l++) values.add(isFloat ? floatExpr(1) : "(" + intExpr(1) + ") >> 18");
        return "new " + type + "(" + String.join(", ", values) + ")";
    }

    /** {@code Vector16} values: loads from the input, broadcasts, fma and the lane-wise arithmetic, stored to a private array. */
    private void vector16Statement(int indent) {
        if (ints.size() != 1) { // its private float[16] in the kernel's outermost block, as the other arrays
            declareFloat(indent);
            return;
        }
        String a = "y" + (++names + 1), b = "y" + (++names + 1), out = "z" + (++names + 1);
        line(indent, "Vector16 " + a + " = " + switch (random.nextInt(3)) {
            case 0 -> "Vector16.load(fa, (i * 3 + " + random.nextInt(16) + ") % 80)";
            case 1 -> "Vector16.broadcast(" + floatExpr(2) + ")";
            default -> "Vector16.zero()";
        } + ";");
        String c = "Vector16.broadcast(" + floatExpr(1) + ")";
        line(indent, "Vector16 " + b + " = " + switch (random.nextInt(4)) {
            case 0 -> "Vector16.fma(" + a + ", " + c + ", Vector16.load(fa, " + random.nextInt(80) + "))";
            case 1 -> "Vector16.add(" + a + ", " + c + ")";
            case 2 -> "Vector16.subtract(" + c + ", " + a + ")";
            default -> "Vector16.multiply(" + a + ", " + c + ")";
        } + ";");
        line(indent, "float[] " + out + " = new float[16];");
        line(indent, "Vector16.store(" + out + ", 0, " + b + ");");
        int reads = 1 + random.nextInt(2);
        for (int r = 0; r < reads; r++) {
            String name = "f" + (++names + 1);
            line(indent, "float " + name + " = " + out + "[(" + intExpr(1) + ") & 15];");
            floats.getLast().add(name);
        }
    }

    private void ifChain(int indent, int depth) {
        line(indent, "if (" + condition(2) + ") {");
        block(indent + 1, depth - 1);
        int elseIfs = random.nextInt(3);
        for (int e = 0; e < elseIfs; e++) {
            line(indent, "} else if (" + condition(2) + ") {");
            block(indent + 1, depth - 1);
        }
        if (random.nextBoolean()) {
            line(indent, "} else {");
            block(indent + 1, depth - 1);
        }
        line(indent, "}");
    }

    private void loop(int indent, int depth) {
        String j = "j" + (++names + 1);
        int trips = 1 + random.nextInt(5);
        line(indent, "for (int " + j + " = 0; " + j + " < " + trips + "; " + j + "++) {");
        push();
        ints.getLast().add(j);
        loopDepth++;
        int statements = 1 + random.nextInt(3);
        for (int s = 0; s < statements; s++) {
            statement(indent + 1, depth - 1);
            if (random.nextInt(4) == 0) line(indent + 1, "if (" + condition(1) + ") " + pick("break", "continue") + ";");
        }
        loopDepth--;
        pop();
        line(indent, "}");
    }

    private void block(int indent, int depth) {
        push();
        int statements = 1 + random.nextInt(3);
        for (int s = 0; s < statements; s++) statement(indent, depth);
        pop();
    }

    // ---------------------------------------------------------------------------- expressions

    private String intExpr(int depth) {
        if (depth <= 0 || random.nextInt(4) == 0) return intLeaf();
        return switch (random.nextInt(14)) {
            case 0 -> "((" + intExpr(depth - 1) + " >> 1) " + pick("+", "-") + " (" + intExpr(depth - 1) + " >> 1))";
            case 1 -> "((" + intExpr(depth - 1) + " >> 16) * (" + intExpr(depth - 1) + " >> 16))";
            case 2 -> "(" + intExpr(depth - 1) + " " + pick("/", "%") + " " + divisor() + ")";
            case 3 -> "(" + intExpr(depth - 1) + " " + pick("<<", ">>", ">>>") + " " + intExpr(depth - 1) + ")";
            case 4 -> "(" + intExpr(depth - 1) + " " + pick("&", "|", "^") + " " + intExpr(depth - 1) + ")";
            case 5 -> random.nextBoolean() ? "~" + intLeaf() : "-(" + intLeaf() + " >> 1)";
            case 6 -> "(" + condition(depth - 1) + " ? " + intExpr(depth - 1) + " : " + intExpr(depth - 1) + ")";
            case 7 -> "(int) " + floatLeafOrParen(depth - 1);
            case 8 -> callable >= 1 ? "mix(" + intExpr(depth - 1) + ", " + intExpr(depth - 1) + ")" : intLeaf();
            case 9 -> "Math." + pick("max", "min") + "(" + intExpr(depth - 1) + ", " + intExpr(depth - 1) + ")";
            case 10 -> "Math.abs(" + intExpr(depth - 1) + ")";
            case 11 -> random.nextBoolean() && !allLongs().isEmpty() ? "(int) " + pick(allLongs()) : "(int) (" + longExpr(depth - 1) + ")";
            default -> "(" + intExpr(depth - 1) + " " + pick("&", "^") + " " + intExpr(depth - 1) + ")";
        };
    }

    /** A divisor that is never 0 or -1 (C: division by 0 undefined, MIN_VALUE / -1 undefined). */
    private String divisor() {
        if (random.nextBoolean()) return Integer.toString(pick(new int[] {2, 3, 7, 16, -2, -5, 1000}));
        String d = intLeaf();
        return "(" + d + " == 0 || " + d + " == -1 ? 7 : " + d + ")";
    }

    private String intLeaf() {
        if (random.nextInt(3) == 0 || allInts().isEmpty()) {
            int[] special = {0, 1, -1, 2, 3, 31, 32, 33, 255, -256, 65535, Integer.MAX_VALUE, Integer.MIN_VALUE + 1};
            int v = random.nextBoolean() ? pick(special) : random.nextInt(-1000, 1000);
            return v < 0 ? "(" + v + ")" : Integer.toString(v);
        }
        return pick(allInts());
    }

    /** As intExpr, on longs: sums of halves, products of values below 2^31 (int operands or longs {@code >> 32}). */
    private String longExpr(int depth) {
        if (depth <= 0 || random.nextInt(4) == 0) return longLeaf();
        return switch (random.nextInt(13)) {
            case 0 -> "((" + longExpr(depth - 1) + " >> 1) " + pick("+", "-") + " (" + longExpr(depth - 1) + " >> 1))";
            case 1 -> "((" + longExpr(depth - 1) + " >> 32) * (" + longExpr(depth - 1) + " >> 32))";
            case 2 -> "((long) " + intLeafOrParen(depth - 1) + " * " + intLeafOrParen(depth - 1) + ")";
            case 3 -> "(" + longExpr(depth - 1) + " " + pick("/", "%") + " " + longDivisor() + ")";
            case 4 -> "(" + longExpr(depth - 1) + " " + pick("<<", ">>", ">>>") + " " + (random.nextBoolean() ? intExpr(depth - 1) : longExpr(depth - 1)) + ")";
            case 5 -> "(" + longExpr(depth - 1) + " " + pick("&", "|", "^") + " " + (random.nextBoolean() ? intExpr(depth - 1) : longExpr(depth - 1)) + ")";
            case 6 -> random.nextBoolean() ? "~" + longLeaf() : "-(" + longLeaf() + " >> 1)";
            case 7 -> "(" + condition(depth - 1) + " ? " + longExpr(depth - 1) + " : " + longExpr(depth - 1) + ")";
            case 8 -> "(long) " + floatLeafOrParen(depth - 1);
            case 9 -> "Math." + pick("max", "min") + "(" + longExpr(depth - 1) + ", " + longExpr(depth - 1) + ")";
            case 10 -> "Math.abs(" + longExpr(depth - 1) + ")";
            case 11 -> "((" + intExpr(depth - 1) + " >> 1) + (" + longExpr(depth - 1) + " >> 1))";
            default -> "(long) " + intLeafOrParen(depth - 1);
        };
    }

    /** A long divisor that is never 0 or -1. */
    private String longDivisor() {
        if (random.nextBoolean()) return pick("2L", "3L", "7L", "(-5L)", "1000000007L", "4294967296L");
        String d = longLeaf();
        return "(" + d + " == 0 || " + d + " == -1 ? 7L : " + d + ")";
    }

    private String longLeaf() {
        if (random.nextInt(3) == 0 || allLongs().isEmpty()) {
            long[] special = {0, 1, -1, 63, 64, 65, 4294967295L, -4294967296L, Long.MAX_VALUE, Long.MIN_VALUE + 1, Integer.MIN_VALUE};
            long v = random.nextInt(3) == 0 ? special[random.nextInt(special.length)] : random.nextLong(-100_000_000_000L, 100_000_000_000L);
            return v < 0 ? "(" + v + "L)" : v + "L";
        }
        return pick(allLongs());
    }

    private String floatExpr(int depth) {
        if (depth <= 0 || random.nextInt(4) == 0) return floatLeaf();
        return switch (random.nextInt(8)) {
            case 0, 1, 2 -> "(" + floatExpr(depth - 1) + " " + pick("+", "-", "*") + " " + floatExpr(depth - 1) + ")";
            case 3 -> "(" + floatExpr(depth - 1) + " / " + floatExpr(depth - 1) + ")";
            case 4 -> random.nextInt(3) == 0 ? "(float) (" + longExpr(depth - 1) + ")" : "(float) " + intLeafOrParen(depth - 1);
            case 5 -> "(" + condition(depth - 1) + " ? " + floatExpr(depth - 1) + " : " + floatExpr(depth - 1) + ")";
            case 6 -> callable >= 2 ? "blend(" + floatExpr(depth - 1) + ", " + intExpr(depth - 1) + ", " + intExpr(depth - 1) + ")" : floatLeaf();
            default -> "Math.abs(" + floatExpr(depth - 1) + ")";
        };
    }

    private String floatLeafOrParen(int depth) {
        String e = floatExpr(depth);
        return e.startsWith("(") || !e.contains(" ") ? e : "(" + e + ")";
    }

    private String intLeafOrParen(int depth) {
        String e = intExpr(depth);
        return e.startsWith("(") || !e.contains(" ") ? "(" + e + ")" : "(" + e + ")";
    }

    private String floatLeaf() {
        if (random.nextInt(3) == 0 || allFloats().isEmpty()) {
            String[] special = {"0.0f", "1.0f", "-1.0f", "0.5f", "3.0f", "1.0E-30f", "1.0E30f", "0.1f", "-2.5f"};
            String v = random.nextBoolean() ? pick(special) : Float.toString((float) random.nextDouble(-100, 100)) + "f";
            return v.startsWith("-") ? "(" + v + ")" : v;
        }
        return pick(allFloats());
    }

    private String condition(int depth) {
        if (depth > 0 && random.nextInt(4) == 0) {
            return "(" + condition(depth - 1) + " " + pick("&&", "||") + " " + condition(depth - 1) + ")";
        }
        if (depth > 0 && random.nextInt(6) == 0) return "!(" + condition(depth - 1) + ")";
        String op = pick("<", "<=", ">", ">=", "==", "!=");
        return switch (random.nextInt(6)) {
            case 0, 1 -> floatExpr(Math.min(depth, 1)) + " " + op + " " + floatExpr(Math.min(depth, 1));
            case 2 -> longExpr(Math.min(depth, 1)) + " " + op + " " + (random.nextBoolean() ? longExpr(Math.min(depth, 1)) : intExpr(Math.min(depth, 1)));
            default -> intExpr(Math.min(depth, 1)) + " " + op + " " + intExpr(Math.min(depth, 1));
        };
    }

    // ---------------------------------------------------------------------------- helpers

    private List<String> allInts() {
        return ints.stream().flatMap(List::stream).toList();
    }

    private List<String> allFloats() {
        return floats.stream().flatMap(List::stream).toList();
    }

    private List<String> allLongs() {
        return longs.stream().flatMap(List::stream).toList();
    }

    private void push() {
        ints.add(new ArrayList<>());
        floats.add(new ArrayList<>());
        longs.add(new ArrayList<>());
    }

    private void pop() {
        ints.removeLast();
        floats.removeLast();
        longs.removeLast();
    }

    private String pick(String... options) {
        return options[random.nextInt(options.length)];
    }

    private String pick(List<String> options) {
        return options.get(random.nextInt(options.size()));
    }

    private int pick(int[] options) {
        return options[random.nextInt(options.length)];
    }

    private void line(int indent, String text) {
        out.append("    ".repeat(indent)).append(text).append('\n');
    }
}
