package drcn.tornado.api.utils;

import drcn.tornado.api.types.HalfFloat;

import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.util.Locale;

/**
 * TornadoVM's host-side helpers for sizes, byte counts and boxed types, with its names (programs written for
 * TornadoVM, e.g. its benchmark driver, call them). Plain Java; kernels do not call them.
 */
public final class TornadoAPIUtils {
    public static final int ONE_GIGABYTE = 1024 * 1024 * 1024;
    public static final int ONE_MEGABYTE = 1024 * 1024;
    public static final int ONE_KILOBYTE = 1024;

    private static final String BINARY_PREFIXES = "KMGTPE";

    private TornadoAPIUtils() {}

    /**
     * Bytes in a size written as TornadoVM's options write it: {@code "512"}, {@code "100B"}, or a number followed by
     * K, M, G, T, P or E and {@code B}, in powers of 1024 ({@code "2GB"} = 2 x 1024^3).
     */
    public static long parseSize(String size) {
        String text = size.trim();
        if (!text.endsWith("B")) return Long.parseLong(text);
        String number = text.substring(0, text.length() - 1).trim();
        if (!number.isEmpty()) {
            int prefix = BINARY_PREFIXES.indexOf(number.charAt(number.length() - 1));
            if (prefix >= 0) return Long.parseLong(number.substring(0, number.length() - 1).trim()) << (10 * (prefix + 1));
        }
        return Long.parseLong(number);
    }

    /**
     * {@code bytes} with one decimal and a unit: powers of 1000 (kB, MB, ...) when {@code si}, else powers of 1024
     * (KiB, MiB, ...); below one unit, the plain count ({@code "999 B"}).
     */
    public static String humanReadableByteCount(long bytes, boolean si) {
        int unit = si ? 1000 : 1024;
        if (bytes < unit) return bytes + " B";
        int exponent = (int) (Math.log(bytes) / Math.log(unit));
        String prefix = (si ? "kMGTPE" : BINARY_PREFIXES).charAt(exponent - 1) + (si ? "" : "i");
        return String.format(Locale.ROOT, "%.1f %sB", bytes / Math.pow(unit, exponent), prefix);
    }

    /** A frequency given in MHz, in MHz, GHz or THz with one decimal. */
    public static String humanReadableFreq(int freq) {
        if (freq < 1000) return freq + " MHz";
        int exponent = (int) (Math.log(freq) / Math.log(1000));
        return String.format(Locale.ROOT, "%.1f %sHz", freq / Math.pow(1000, exponent), "GT".charAt(exponent - 1));
    }

    /** {@code bytes} in GB, MB or KB (powers of 1024) with two decimals, or in B. */
    public static String formatBytes(long bytes) {
        return bytes < ONE_KILOBYTE ? bytes + " B" : scaled(bytes, "");
    }

    /** A rate in bytes per second, as {@link #formatBytes} writes sizes, with {@code /s}. */
    public static String formatBytesPerSecond(double bytes) {
        return bytes < ONE_KILOBYTE ? String.format(Locale.ROOT, "%f B/s", bytes) : scaled(bytes, "/s");
    }

    private static String scaled(double bytes, String suffix) {
        if (bytes >= ONE_GIGABYTE) return String.format(Locale.ROOT, "%.2f GB%s", bytes / ONE_GIGABYTE, suffix);
        if (bytes >= ONE_MEGABYTE) return String.format(Locale.ROOT, "%.2f MB%s", bytes / ONE_MEGABYTE, suffix);
        return String.format(Locale.ROOT, "%.2f KB%s", bytes / ONE_KILOBYTE, suffix);
    }

    /** Whether {@code obj} is a boxed primitive (Boolean, Byte, Character, Short, Integer, Long, Float, Double) or a HalfFloat. */
    public static boolean isBoxedPrimitive(Object obj) {
        return obj != null && isBoxedPrimitiveClass(obj.getClass());
    }

    /** Whether {@code clazz} is the class of a boxed primitive or HalfFloat. */
    public static boolean isBoxedPrimitiveClass(Class<?> clazz) {
        return clazz == HalfFloat.class || toUnboxedPrimitiveClass(clazz) != clazz;
    }

    /** The primitive class a box class holds ({@code Integer.class} -> {@code int.class}); any other class unchanged. */
    public static Class<?> toUnboxedPrimitiveClass(Class<?> clazz) {
        if (clazz == Boolean.class) return boolean.class;
        if (clazz == Byte.class) return byte.class;
        if (clazz == Character.class) return char.class;
        if (clazz == Short.class) return short.class;
        if (clazz == Integer.class) return int.class;
        if (clazz == Long.class) return long.class;
        if (clazz == Float.class) return float.class;
        if (clazz == Double.class) return double.class;
        return clazz;
    }

    /** Whether {@code type} is an array, of any rank, whose elements are primitives or their boxes. */
    public static boolean isPrimitiveArray(Class<?> type) {
        Class<?> element = type.getComponentType();
        if (element == null) return false;
        while (element.isArray()) element = element.getComponentType();
        return isPrimitive(element);
    }

    /** Whether {@code type} is a primitive class or the class of a boxed primitive. */
    public static boolean isPrimitive(Class<?> type) {
        return type.isPrimitive() || isBoxedPrimitiveClass(type);
    }

    /** The remaining bytes of {@code buffer} in hex, 32 a row, each row headed by its offset. */
    public static void printBuffer(ByteBuffer buffer) {
        System.out.printf("buffer : position=%d, remaining=%d, capacity=%d, limit=%d%n", buffer.position(), buffer.remaining(), buffer.capacity(),
                buffer.limit());
        StringBuilder out = new StringBuilder();
        for (int row = 0; row < buffer.remaining(); row += 32) {
            out.append(String.format("%-8d: ", row));
            for (int i = row; i < row + 32; i++) {
                out.append(i < buffer.remaining() ? String.format("%02x", buffer.get(buffer.position() + i)) : "..");
                if (i % 4 == 3) out.append(' ');
            }
            out.append(System.lineSeparator());
        }
        System.out.print(out);
    }

    /** {@code len} bytes of {@code buffer} from index {@code start}, in hex on one line. */
    public static void printBuffer(ByteBuffer buffer, int start, int len) {
        StringBuilder out = new StringBuilder("Buffer: ");
        for (int i = 0; i < len; i++) out.append(String.format(" %2X", buffer.get(start + i)));
        System.out.println(out);
    }

    /** Seconds between two {@link System#nanoTime()} readings. */
    public static double elapsedTimeInSeconds(long start, long end) {
        return (end - start) * 1e-9;
    }

    /** An array as {@code elementType[length]}; any other object as its toString. */
    public static String formatArray(Object object) {
        if (!object.getClass().isArray()) return object.toString();
        return object.getClass().getComponentType().getName() + "[" + Array.getLength(object) + "]";
    }
}
