package drcn.tornado.api.types.utils;

/** TornadoVM's formats for printing bytes and byte vectors. */
public class ByteOps {
    public static final String FMT = "%3d";
    public static final String FMT_2 = "{%3d,%3d}";
    public static final String FMT_3 = "{%3d,%3d,%3d}";
    public static final String FMT_4 = "{%3d,%3d,%3d,%3d}";
}
