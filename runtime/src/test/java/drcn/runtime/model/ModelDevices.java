package drcn.runtime.model;

import drcn.runtime.backends.Backends;
import drcn.runtime.backend.Device;

import java.util.ArrayList;
import java.util.List;

/**
 * The devices the model tests run on: the JVM always, the first OpenCL device where one exists
 * (otherwise the reason is printed once and OpenCL is skipped). Opened once per test class.
 */
final class ModelDevices implements AutoCloseable {
    final Device jvm;
    /** Null where this machine has no OpenCL device. */
    final Device opencl;

    ModelDevices() {
        jvm = Backends.open("jvm", 0);
        Backends.Discovery d = Backends.discover("opencl");
        if (d.devices().isEmpty()) {
            System.out.println("OpenCL skipped: " + (d.unavailableReason() != null ? d.unavailableReason() : "no OpenCL device"));
            opencl = null;
        } else {
            opencl = d.devices().getFirst();
            for (int i = 1; i < d.devices().size(); i++) d.devices().get(i).close();
            System.out.println("OpenCL device: " + opencl.info());
        }
    }

    /** Every device present, JVM first. */
    List<Device> all() {
        List<Device> list = new ArrayList<>();
        list.add(jvm);
        if (opencl != null) list.add(opencl);
        return list;
    }

    @Override
    public void close() {
        jvm.close();
        if (opencl != null) opencl.close();
    }
}
