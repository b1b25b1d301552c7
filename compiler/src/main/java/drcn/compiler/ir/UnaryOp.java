package drcn.compiler.ir;

public enum UnaryOp { NEGATE, NOT, BITWISE_NOT }
