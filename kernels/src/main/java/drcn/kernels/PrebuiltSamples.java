package drcn.kernels;

import drcn.kernels.api.Kernel;
import drcn.tornado.api.annotations.Parallel;
import drcn.tornado.api.types.arrays.IntArray;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The kernels of the OpenCL files that TornadoVM programs run with {@code TaskGraph.prebuiltTask} from their SDK
 * folder ({@code $TORNADOVM_HOME/examples/generated}): written here in Java, and turned into OpenCL C in TornadoVM's
 * prebuilt calling convention when that folder is made, so no device code is written by hand.
 */
public final class PrebuiltSamples {
    private PrebuiltSamples() {}

    /** {@code c[i] = a[i] + b[i]} for {@code i < c.getSize()}, over any grid: TornadoVM's {@code add.cl}. */
    @Kernel
    public static void add(IntArray a, IntArray b, IntArray c) {
        for (@Parallel int i = 0; i < c.getSize(); i++) {
            c.set(i, a.get(i) + b.get(i));
        }
    }

    /** Plain-Java reference of {@link #add}. */
    public static void addReference(int[] a, int[] b, int[] c) {
        for (int i = 0; i < c.length; i++) c[i] = a[i] + b[i];
    }

    /**
     * {@code a[i]} = a ticket from one counter shared by all work-items, for {@code i < a.getSize()}: TornadoVM's
     * {@code atomics.cl}. The counter is the kernel's first AtomicInteger, so in the prebuilt convention its start
     * value is the task's first atomic value; the tickets are then a permutation of {@code start ... start + n - 1}.
     * {@code b} is not read (TornadoVM's kernel takes it too).
     */
    @Kernel
    public static void atomics(IntArray a, IntArray b) {
        AtomicInteger ticket = new AtomicInteger(0);
        for (@Parallel int i = 0; i < a.getSize(); i++) {
            a.set(i, ticket.getAndIncrement());
        }
    }
}
