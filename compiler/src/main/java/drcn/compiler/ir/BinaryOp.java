package drcn.compiler.ir;

/** Binary operators with Java semantics (int division and remainder truncate toward zero, as in C99). */
public enum BinaryOp {
    ADD("+"), SUB("-"), MUL("*"), DIV("/"), REM("%"),
    SHL("<<"), SHR(">>"), USHR(">>>"), AND("&"), OR("|"), XOR("^"),
    LT("<"), LE("<="), GT(">"), GE(">="), EQ("=="), NE("!="),
    LOGICAL_AND("&&"), LOGICAL_OR("||");

    public final String javaSymbol;

    BinaryOp(String javaSymbol) { this.javaSymbol = javaSymbol; }

    public boolean isComparison() {
        return this == LT || this == LE || this == GT || this == GE || this == EQ || this == NE;
    }
}
