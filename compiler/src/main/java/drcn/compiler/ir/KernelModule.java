package drcn.compiler.ir;

import java.io.*;
import java.util.List;

/**
 * The IR of one Java class: every {@code @Kernel} method in it and every helper translated from it.
 * Written at build time next to the class file as {@link #resourceName(String)}, read by the JIT.
 */
public record KernelModule(String className, List<Function> functions) implements Serializable {

    /** Resource path of the IR for a class, e.g. {@code drcn/kernels/Conv.kernel-ir}. */
    public static String resourceName(String className) {
        return className.replace('.', '/') + ".kernel-ir";
    }

    public byte[] toBytes() {
        var bytes = new ByteArrayOutputStream();
        try (var out = new ObjectOutputStream(bytes)) {
            out.writeObject(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static KernelModule fromBytes(byte[] data) {
        try (var in = new ObjectInputStream(new ByteArrayInputStream(data))) {
            return (KernelModule) in.readObject();
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalStateException("corrupt kernel IR: " + e.getMessage(), e);
        }
    }

    public Function function(String javaName) {
        return functions.stream().filter(f -> f.javaName().equals(javaName) && f.kernel()).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "no @Kernel method named " + javaName + " in " + className));
    }
}
