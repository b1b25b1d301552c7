package drcn.runtime.backend;

import drcn.runtime.backends.Backends;

import java.util.List;

/**
 * The devices a test compares: the jvm device and the first OpenCL device, when there is one (the others are
 * closed at once). One place for what several tests open in their {@code @BeforeAll}.
 */
public record JvmAndFirstOpenCL(Device jvm, Device opencl) implements AutoCloseable {

    public static JvmAndFirstOpenCL open() {
        Device jvm = Backends.open("jvm", 0);
        Backends.Discovery d = Backends.discover("opencl");
        Device opencl = null;
        for (int i = 0; i < d.devices().size(); i++) {
            if (i == 0) opencl = d.devices().getFirst();
            else d.devices().get(i).close();
        }
        if (opencl == null) System.out.println("OpenCL skipped: " + d.unavailableReason());
        return new JvmAndFirstOpenCL(jvm, opencl);
    }

    /** jvm, then OpenCL when present. */
    public List<Device> all() {
        return opencl == null ? List.of(jvm) : List.of(jvm, opencl);
    }

    @Override
    public void close() {
        jvm.close();
        if (opencl != null) opencl.close();
    }
}
