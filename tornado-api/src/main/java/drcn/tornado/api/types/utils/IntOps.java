package drcn.tornado.api.types.utils;

import drcn.tornado.api.internal.annotations.ApiHelper;

/** TornadoVM's formats for printing ints and int vectors, and its exact comparison. */
public class IntOps {
    public static final float EPSILON = 1e-7f;
    public static final String FMT = "%d";
    public static final String FMT_2 = "{%d,%d}";
    public static final String FMT_3 = "{%d,%d,%d}";
    public static final String FMT_4 = "{%d,%d,%d,%d}";
    public static final String FMT_6 = "{%d,%d,%d,%d,%d,%d}";
    public static final String FMT_8 = "{%d,%d,%d,%d,%d,%d,%d,%d}";
    public static final String FMT_16 = "{%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d}";

    /** {@code a == b} (TornadoVM takes the ints as floats). */
    @ApiHelper
    public static boolean compare(float a, float b) {
        return a == b;
    }
}
