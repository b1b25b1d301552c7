package drcn.tornado.api.types.utils;

/** TornadoVM's formats for printing longs and long vectors. */
public class LongOps {
    public static final String FMT = "%d";
    public static final String FMT_2 = "{%d,%d}";
    public static final String FMT_3 = "{%d,%d,%d}";
    public static final String FMT_4 = "{%d,%d,%d,%d}";
    public static final String FMT_6 = "{%d,%d,%d,%d,%d,%d}";
    public static final String FMT_8 = "{%d,%d,%d,%d,%d,%d,%d,%d}";
    public static final String FMT_16 = "{%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d}";
}
