package drcn.tornado.api.exceptions;

import java.util.regex.Pattern;

/**
 * {@code Debug.printf} in a kernel prints from every work-item that reaches it (TornadoVM's class): OpenCL C's and
 * CUDA C's printf on a device, Java's on the JVM backend. The format is C's: conversions d, i, u, x, f, e, g, c, s
 * with C's length modifiers (l, ll, h), which the JVM backend maps to Java's.
 */
public final class Debug {
    private static final Pattern C_LENGTH = Pattern.compile("%([-+ #0]*[0-9]*(?:\\.[0-9]+)?)(?:hh|h|ll|l|z)?([diuxXfFeEgGcs%])");

    public static void printf(String format, Object... args) {
        System.out.print(String.format(toJava(format), args));
    }

    /** C's printf format as Java's: length modifiers dropped, %i and %u as %d. */
    static String toJava(String format) {
        return C_LENGTH.matcher(format).replaceAll(m -> {
            String conversion = m.group(2);
            if (conversion.equals("i") || conversion.equals("u")) conversion = "d";
            return java.util.regex.Matcher.quoteReplacement("%" + m.group(1) + conversion);
        });
    }

    private Debug() {}
}
