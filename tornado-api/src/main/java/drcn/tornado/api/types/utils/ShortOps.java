package drcn.tornado.api.types.utils;

/** TornadoVM's formats for printing shorts and short vectors, and its comparison. */
public class ShortOps {
    public static final String FMT = "%3d";
    public static final String FMT_2 = "{%3d,%3d}";
    public static final String FMT_3 = "{%3d,%3d,%3d}";

    public static boolean compare(short a, short b) {
        return a == b;
    }
}
