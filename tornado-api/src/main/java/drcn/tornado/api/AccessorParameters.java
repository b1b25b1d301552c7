package drcn.tornado.api;

import drcn.tornado.api.common.Access;

/**
 * The arguments of a prebuilt task ({@link TaskGraph#prebuiltTask}) in the kernel's order, each with how the kernel
 * uses it (TornadoVM's class).
 */
public class AccessorParameters {

    private final PairAccessor[] accessors;

    public AccessorParameters(int numParameters) {
        accessors = new PairAccessor[numParameters];
    }

    public void set(int index, Object object, Access access) {
        accessors[index] = new PairAccessor(object, access);
    }

    public int numAccessors() {
        return accessors.length;
    }

    public PairAccessor getAccessor(int index) {
        return accessors[index];
    }

    public record PairAccessor(Object object, Access access) {
    }
}
