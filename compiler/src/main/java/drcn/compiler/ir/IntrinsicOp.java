package drcn.compiler.ir;

/**
 * The {@code java.lang.Math} methods a kernel may call. The float flavour of EXP, SQRT and LOG is
 * chosen when the Java call sits under a {@code (float)} cast: the C side then calls the float
 * built-in, never the double one.
 */
public enum IntrinsicOp { MAX, MIN, ABS, EXP, SQRT, LOG, FMA }
