package drcn.compiler.ir;

/** The {@code KernelContext} fields, named as in TornadoVM; each maps to a dimension of an NDRange query. */
public enum ContextValue {
    GLOBAL_ID_X("globalIdx", "global_id", 0), GLOBAL_ID_Y("globalIdy", "global_id", 1), GLOBAL_ID_Z("globalIdz", "global_id", 2),
    LOCAL_ID_X("localIdx", "local_id", 0), LOCAL_ID_Y("localIdy", "local_id", 1), LOCAL_ID_Z("localIdz", "local_id", 2),
    GROUP_ID_X("groupIdx", "group_id", 0), GROUP_ID_Y("groupIdy", "group_id", 1), GROUP_ID_Z("groupIdz", "group_id", 2),
    GLOBAL_SIZE_X("globalGroupSizeX", "global_size", 0), GLOBAL_SIZE_Y("globalGroupSizeY", "global_size", 1), GLOBAL_SIZE_Z("globalGroupSizeZ", "global_size", 2),
    LOCAL_SIZE_X("localGroupSizeX", "local_size", 0), LOCAL_SIZE_Y("localGroupSizeY", "local_size", 1), LOCAL_SIZE_Z("localGroupSizeZ", "local_size", 2);

    /** The Java field name on {@code KernelContext}. */
    public final String javaField;
    /** The query family: global_id, local_id, group_id, global_size, local_size. */
    public final String query;
    public final int dimension;

    ContextValue(String javaField, String query, int dimension) {
        this.javaField = javaField;
        this.query = query;
        this.dimension = dimension;
    }

    public static ContextValue ofJavaField(String name) {
        for (ContextValue v : values()) if (v.javaField.equals(name)) return v;
        return null;
    }
}
