package drcn.runtime.backend.jvm;

import drcn.compiler.ir.Function;
import drcn.compiler.ir.Stmt;
import drcn.compiler.ir.Type;
import drcn.tornado.api.types.arrays.FloatArray;
import drcn.tornado.api.types.arrays.IntArray;
import drcn.runtime.backend.*;
import drcn.runtime.config.Settings;
import drcn.runtime.jit.KernelRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class JvmDeviceTest {
    private final Device device = new JvmBackend().openDevices().getFirst();
    private final Random random = new Random();

    @AfterEach
    void close() {
        device.close();
    }

    private static KernelRef kernel(String name) {
        // No IR exists for the runtime's test kernels (they are compiled without the kernel compiler).
        return new KernelRef(JvmTestKernels.class, name, null, List.of());
    }

    private Buffer upload(FloatArray values) {
        Buffer b = device.allocateFloats(values.getSize());
        device.write(b, values);
        return b;
    }

    private FloatArray download(Buffer b) {
        var values = new FloatArray(b.elementCount());
        device.read(b, values);
        return values;
    }

    private FloatArray randomArray(int n) {
        var a = new FloatArray(n);
        for (int i = 0; i < n; i++) a.set(i, random.nextFloat() * 2 - 1);
        return a;
    }

    @Test
    void describesItself() {
        DeviceInfo info = device.info();
        assertEquals("jvm:0", info.id());
        assertTrue(info.name().startsWith("JVM (" + Runtime.getRuntime().availableProcessors() + " cores, Java "), info.name());
        assertEquals(1024, info.maxWorkGroupSize());
        assertEquals(Runtime.getRuntime().maxMemory(), info.memoryBytes());
    }

    @Test
    void saxpyMatchesReference() {
        // Not a multiple of any work-group size: the JVM runs exactly the global range.
        int n = 100_003;
        FloatArray x = randomArray(n), y = randomArray(n);
        float alpha = random.nextFloat();
        Buffer bx = upload(x), by = upload(y);

        CompiledKernel saxpy = device.compile(kernel("saxpy"));
        assertNull(saxpy.source());
        Event event = device.launch(saxpy, Range.of(n), alpha, bx, by, n);
        assertTrue(event.durationNanos() > 0);

        FloatArray got = download(by);
        for (int i = 0; i < n; i++) {
            assertEquals(alpha * x.get(i) + y.get(i), got.get(i), 0f, "element " + i);
        }
    }

    @Test
    void twoDimensionalContextWithExplicitLocalSize() {
        checkContextFields(Range.of(12, 10).withLocal(4, 5), new int[]{4, 5, 1});
    }

    @Test
    void twoDimensionalContextWithDefaultLocalSize() {
        // With the shipped default 16x16, fitted to divide the global size: 40 -> 10, 7 -> 7.
        checkContextFields(Range.of(40, 7), fittedDefault(40, 7));
    }

    /** The settings' default work-group, per dimension the largest divisor of the global size not above it. */
    private static int[] fittedDefault(int... global) {
        int[] preferred = Settings.current().defaultWorkGroup(global.length);
        int[] local = {1, 1, 1};
        for (int d = 0; d < global.length; d++) {
            for (int size = 1; size <= preferred[d]; size++) if (global[d] % size == 0) local[d] = size;
        }
        return local;
    }

    @Test
    void threeDimensionalContextWithDefaultLocalSize() {
        // With the shipped default 8x8x4, fitted: 12 -> 6, 10 -> 5, 6 -> 3.
        checkContextFields(Range.of(12, 10, 6), fittedDefault(12, 10, 6));
    }

    @Test
    void threeDimensionalContextWithExplicitLocalSize() {
        checkContextFields(Range.of(8, 6, 4).withLocal(2, 3, 4), new int[]{2, 3, 4});
    }

    private void checkContextFields(Range range, int[] local) {
        int gx = range.global(0), gy = range.global(1), gz = range.global(2);
        Buffer out = device.allocate((long) gx * gy * gz * JvmTestKernels.FIELDS * 4);
        device.launch(device.compile(kernel("contextFields")), range, out);
        var got = new IntArray(out.elementCount());
        device.read(out, got);

        for (int z = 0; z < gz; z++) {
            for (int y = 0; y < gy; y++) {
                for (int x = 0; x < gx; x++) {
                    int[] expected = {x, y, z, x % local[0], y % local[1], z % local[2],
                            x / local[0], y / local[1], z / local[2], gx, gy, gz, local[0], local[1], local[2]};
                    int base = ((z * gy + y) * gx + x) * JvmTestKernels.FIELDS;
                    for (int f = 0; f < JvmTestKernels.FIELDS; f++) {
                        assertEquals(expected[f], got.get(base + f), "field " + f + " of work-item (" + x + ", " + y + ", " + z + ") in " + range);
                    }
                }
            }
        }
    }

    @Test
    void workGroupReductionWithBarriers() {
        checkReduction("groupSum");
    }

    @Test
    void barriersInHelpersAreFound() {
        checkReduction("groupSumViaHelper");
    }

    private void checkReduction(String name) {
        int groups = 37, local = 64, n = groups * local;
        FloatArray in = randomArray(n);
        Buffer bin = upload(in), partial = device.allocateFloats(groups);

        CompiledKernel k = device.compile(kernel(name));
        assertTrue(((JvmCompiledKernel) k).usesBarriers(), "barrier detection");
        device.launch(k, Range.of(n).withLocal(local), bin, partial);

        FloatArray got = download(partial);
        for (int g = 0; g < groups; g++) {
            double expected = 0;
            for (int i = 0; i < local; i++) expected += in.get(g * local + i);
            assertEquals(expected, got.get(g), 1e-5 * Math.max(1, Math.abs(expected)), "group " + g);
        }
    }

    @Test
    void barrierFreeKernelsAreDetected() {
        assertFalse(((JvmCompiledKernel) device.compile(kernel("saxpy"))).usesBarriers());
        assertFalse(((JvmCompiledKernel) device.compile(kernel("scale"))).usesBarriers());
    }

    @Test
    void irDecidesBarriersWhenPresent() {
        var withBarrier = new Function("JvmTestKernels#x()", "x", "x", true, Type.VOID, List.of(),
                new Stmt.Block(List.of(new Stmt.For(List.of(), null, List.of(), new Stmt.Block(List.of(new Stmt.LocalBarrier(3)), 2), 2)), 1), "X.java", 1);
        var without = new Function("JvmTestKernels#y()", "y", "y", true, Type.VOID, List.of(), new Stmt.Block(List.of(), 1), "X.java", 1);
        assertTrue(BarrierScan.usesBarriers(new KernelRef(JvmTestKernels.class, "saxpy", without, List.of(withBarrier))));
        assertFalse(BarrierScan.usesBarriers(new KernelRef(JvmTestKernels.class, "groupSum", without, List.of())));
    }

    @Test
    void barrierKernelsNeedWholeGroups() {
        Buffer a = device.allocateFloats(100), b = device.allocateFloats(2);
        var e = assertThrows(IllegalArgumentException.class,
                () -> device.launch(device.compile(kernel("groupSum")), Range.of(100).withLocal(64), a, b));
        assertTrue(e.getMessage().contains("multiple of the local size"), e.getMessage());
    }

    @Test
    void workGroupsAreLimitedTo1024Items() {
        Buffer out = device.allocate(64L * 32 * JvmTestKernels.FIELDS * 4);
        var e = assertThrows(IllegalArgumentException.class,
                () -> device.launch(device.compile(kernel("contextFields")), Range.of(64, 32).withLocal(64, 32), out));
        assertTrue(e.getMessage().contains("2048 work-items"), e.getMessage());
    }

    @Test
    void outOfBoundsNamesKernelAndWorkItem() {
        int n = 1000;
        Buffer a = upload(randomArray(n));
        var e = assertThrows(BackendException.class, () -> device.launch(device.compile(kernel("readsPastEnd")), Range.of(n), a));
        assertTrue(e.getMessage().contains("JvmTestKernels.readsPastEnd"), e.getMessage());
        assertTrue(e.getMessage().contains("work-item (" + (n - 1) + ")"), e.getMessage());
        assertInstanceOf(IndexOutOfBoundsException.class, e.getCause());
    }

    @Test
    void failingWorkItemDoesNotDeadlockItsGroup() {
        // The input is one element short: the last work-item fails before the first barrier while
        // the other 63 of its group wait there. The barrier must break, not hang.
        int n = 4 * 64;
        Buffer in = upload(randomArray(n - 1)), partial = device.allocateFloats(4);
        var e = assertTimeoutPreemptively(java.time.Duration.ofSeconds(20), () -> assertThrows(BackendException.class,
                () -> device.launch(device.compile(kernel("groupSum")), Range.of(n).withLocal(64), in, partial)));
        assertTrue(e.getMessage().contains("JvmTestKernels.groupSum failed in work-item (" + (n - 1) + ")"), e.getMessage());
    }

    @Test
    void divergentBarrierIsReported() {
        Buffer a = device.allocateFloats(128);
        var e = assertThrows(BackendException.class,
                () -> device.launch(device.compile(kernel("divergentBarrier")), Range.of(128).withLocal(64), a));
        assertTrue(e.getMessage().contains("JvmTestKernels.divergentBarrier"), e.getMessage());
        assertTrue(e.getMessage().contains("localBarrier()"), e.getMessage());
    }

    @Test
    void kernelWithoutContextRunsAsGiven() {
        FloatArray values = randomArray(10);
        Buffer a = upload(values);
        device.launch(device.compile(kernel("scale")), Range.of(1), a, 2f, 10);
        FloatArray got = download(a);
        for (int i = 0; i < 10; i++) assertEquals(values.get(i) * 2f, got.get(i));
    }

    @Test
    void constantsAreCheckedAtLaunch() {
        Buffer a = device.allocateFloats(10);
        CompiledKernel k = device.compile(kernel("scale"), Map.of("n", 10));
        assertEquals(Map.of("n", 10), k.constants());
        device.launch(k, Range.of(1), a, 1f, 10);
        var e = assertThrows(IllegalArgumentException.class, () -> device.launch(k, Range.of(1), a, 1f, 9));
        assertTrue(e.getMessage().contains("'n' is 9") && e.getMessage().contains("n = 10"), e.getMessage());
    }

    @Test
    void constantsMustNameIntParameters() {
        var e = assertThrows(IllegalArgumentException.class, () -> device.compile(kernel("scale"), Map.of("factor", 2)));
        assertTrue(e.getMessage().contains("'factor'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> device.compile(kernel("scale"), Map.of("nope", 2)));
    }

    @Test
    void wrongArgumentCountNamesParameters() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> device.launch(device.compile(kernel("saxpy")), Range.of(4), 1f, device.allocateFloats(4)));
        assertTrue(e.getMessage().contains("takes 4 arguments (alpha, x, y, n) but got 2"), e.getMessage());
    }

    @Test
    void wrongArgumentTypeNamesParameter() {
        CompiledKernel saxpy = device.compile(kernel("saxpy"));
        Buffer b = device.allocateFloats(4);
        var e = assertThrows(IllegalArgumentException.class, () -> device.launch(saxpy, Range.of(4), 1f, b, b, 4f));
        assertTrue(e.getMessage().contains("'n'") && e.getMessage().contains("Integer") && e.getMessage().contains("Float"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> device.launch(saxpy, Range.of(4), 1.0, b, b, 4));
        assertTrue(e.getMessage().contains("'alpha'") && e.getMessage().contains("Double"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> device.launch(saxpy, Range.of(4), 1f, new FloatArray(4), b, 4));
        assertTrue(e.getMessage().contains("'x'") && e.getMessage().contains("Buffer"), e.getMessage());
    }

    @Test
    void closedBuffersAreRejected() {
        Buffer b = device.allocateFloats(4);
        b.close();
        b.close(); // idempotent
        var e = assertThrows(IllegalArgumentException.class, () -> device.launch(device.compile(kernel("scale")), Range.of(1), b, 1f, 4));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> device.write(b, new FloatArray(4)));
    }

    @Test
    void copiesAreBoundsChecked() {
        Buffer b = device.allocateFloats(4);
        assertThrows(IllegalArgumentException.class, () -> device.write(b, 8, new FloatArray(4).getSegment()));
        device.write(b, 8, FloatArray.fromElements(5f, 6f).getSegment());
        var back = new FloatArray(2);
        device.read(b, 8, back.getSegment());
        assertArrayEquals(new float[]{5f, 6f}, back.toHeapArray());
    }
}
