package drcn.runtime.backend;

import drcn.kernels.nn.Elementwise;
import drcn.kernels.nn.Optimizer;
import drcn.kernels.nn.Reduction;
import drcn.runtime.backend.support.KernelArguments;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Map;
import java.util.Random;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static org.junit.jupiter.api.Assertions.*;

/**
 * What every backend's {@link Buffer#slice views} must do, run by one subclass per backend on its device: writes
 * through a view land in the parent at the offset, reads see the range, kernels launched on a view see only the range
 * (with the view's element count as the hidden size), a view of a view adds the offsets, closing a view leaves the
 * parent alone, bad offsets are refused. Kernels are the product's (Elementwise, Reduction, Optimizer).
 */
public abstract class BufferSliceContract {
    private final long seed = System.nanoTime();
    protected final Random random = new Random(seed);

    /** The device under test (open for the whole test). */
    protected abstract Device device();

    /** Floats per alignment step: a view's offset in floats must be a multiple of it. */
    protected final int alignFloats() {
        return Math.toIntExact(device().info().sliceAlignment() / Float.BYTES);
    }

    protected float[] read(Buffer buffer) {
        return read(buffer, 0, buffer.elementCount());
    }

    protected float[] read(Buffer buffer, int offset, int count) {
        device().finish();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate((long) count * Float.BYTES, 64);
            device().read(buffer, (long) offset * Float.BYTES, s);
            return s.toArray(JAVA_FLOAT);
        }
    }

    protected void write(Buffer buffer, int offset, float[] values) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate((long) values.length * Float.BYTES, 64);
            MemorySegment.copy(values, 0, s, JAVA_FLOAT, 0, values.length);
            device().write(buffer, (long) offset * Float.BYTES, s);
        }
    }

    protected float[] randoms(int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = random.nextFloat() * 2 - 1;
        return a;
    }

    private String why() {
        return "seed " + seed + " on " + device().info().id();
    }

    @Test
    void alignmentIsAPowerOfTwoOfWholeFloats() {
        long alignment = device().info().sliceAlignment();
        assertTrue(alignment >= 4 && Long.bitCount(alignment) == 1, "slice alignment " + alignment);
    }

    @Test
    void writesThroughAViewLandInTheParentAtItsOffset() {
        int a = alignFloats(), n = 5 * a + 3, offset = 2 * a, count = a + 7;
        try (Buffer parent = device().allocateFloats(n)) {
            float[] before = randoms(n);
            write(parent, 0, before);
            try (Buffer view = parent.sliceFloats(offset, count)) {
                assertEquals((long) count * Float.BYTES, view.byteSize());
                assertEquals(count, view.elementCount());
                float[] data = randoms(count);
                write(view, 0, data);
                float[] tail = randoms(3);
                write(view, count - 3, tail);   // at an offset inside the view too
                System.arraycopy(data, 0, before, offset, count);
                System.arraycopy(tail, 0, before, offset + count - 3, 3);
                assertArrayEquals(before, read(parent), why());
            }
        }
    }

    @Test
    void readsThroughAViewSeeTheRange() {
        int a = alignFloats(), n = 4 * a, offset = a, count = 2 * a + 1;
        try (Buffer parent = device().allocateFloats(n)) {
            float[] all = randoms(n);
            write(parent, 0, all);
            Buffer view = device().slice(parent, (long) offset * Float.BYTES, (long) count * Float.BYTES);
            assertArrayEquals(java.util.Arrays.copyOfRange(all, offset, offset + count), read(view), why());
            assertArrayEquals(java.util.Arrays.copyOfRange(all, offset + 5, offset + 9), read(view, 5, 4), why());
            view.close();
        }
    }

    @Test
    void aKernelLaunchedOnAViewSeesOnlyItsRange() {
        int a = alignFloats(), n = 6 * a + 5, offset = 3 * a, count = 2 * a + 3;
        try (Buffer parent = device().allocateFloats(n); Buffer view = parent.sliceFloats(offset, count)) {
            float[] all = randoms(n);
            write(parent, 0, all);
            // a grid wider than the view: the kernel's own guard (i >= size) stops at the view's end
            Kernels.launch(device(), Kernels.ref(Elementwise::scale), Range.of(count + 64), view, count, 3f);
            float[] expected = all.clone();
            for (int i = offset; i < offset + count; i++) expected[i] = all[i] * 3f;
            assertArrayEquals(expected, read(parent), why());

            // element 0 of a view is the parent's element at the offset: a reduction over the view sums only the range
            try (Buffer partials = device().allocateFloats(1); Buffer result = device().allocateFloats(1)) {
                int g = Reduction.GROUP_SIZE;
                Kernels.launch(device(), Kernels.ref(Reduction::sumOfSquaresPartials), Range.of(g, 1).withLocal(g, 1),
                        view, partials, count, 1);
                Kernels.launch(device(), Kernels.ref(Reduction::sumPartials), Range.of(g).withLocal(g),
                        partials, result, 1, 1, 1f, 0, 0);
                double sum = 0;
                for (int i = offset; i < offset + count; i++) sum += (double) expected[i] * expected[i];
                assertEquals(sum, read(result)[0], 1e-5 * sum, why());
            }
        }
    }

    @Test
    void theHiddenSizeOfAViewIsItsElementCount() {
        int a = alignFloats();
        try (Buffer parent = device().allocateFloats(4 * a); Buffer view = parent.sliceFloats(a, a + 3)) {
            var arguments = KernelArguments.toC(Kernels.ref(Elementwise::zero), Map.of(), new Object[] {view, a + 3});
            assertEquals(new KernelArguments.IntArgument(a + 3, "buffer_size"), arguments.get(1));
        }
    }

    @Test
    void severalViewsOfOneBufferInOneLaunch() {
        // the optimizer's per-tensor launches before the flat layout: parameters, gradients, velocity as views of one buffer
        int a = alignFloats(), count = a + 1, n = 3 * 2 * a;
        try (Buffer flat = device().allocateFloats(n);
             Buffer w = flat.sliceFloats(0, count); Buffer g = flat.sliceFloats(2 * a, count); Buffer v = flat.sliceFloats(4 * a, count)) {
            float[] all = randoms(n);
            write(flat, 0, all);
            Kernels.launch(device(), Kernels.ref(Optimizer::sgdMomentumStep), Range.of(count), w, g, v, count, 0.1f, 0.9f);
            float[] expected = all.clone();
            float[] wr = java.util.Arrays.copyOfRange(all, 0, count), gr = java.util.Arrays.copyOfRange(all, 2 * a, 2 * a + count),
                    vr = java.util.Arrays.copyOfRange(all, 4 * a, 4 * a + count);
            Optimizer.sgdMomentumStepReference(wr, gr, vr, count, 0.1f, 0.9f);
            System.arraycopy(wr, 0, expected, 0, count);
            System.arraycopy(vr, 0, expected, 4 * a, count);
            float[] got = read(flat);
            for (int i = 0; i < n; i++) assertEquals(expected[i], got[i], 1e-6f, "element " + i + ", " + why());
        }
    }

    @Test
    void aViewOfAViewAddsTheOffsets() {
        int a = alignFloats(), n = 6 * a;
        try (Buffer parent = device().allocateFloats(n)) {
            float[] all = randoms(n);
            write(parent, 0, all);
            try (Buffer outer = parent.sliceFloats(a, 4 * a); Buffer inner = outer.sliceFloats(2 * a, a + 2)) {
                assertArrayEquals(java.util.Arrays.copyOfRange(all, 3 * a, 4 * a + 2), read(inner), why());
                Kernels.launch(device(), Kernels.ref(Elementwise::zero), Range.of(a + 2), inner, a + 2);
                java.util.Arrays.fill(all, 3 * a, 4 * a + 2, 0f);
                assertArrayEquals(all, read(parent), why());
            }
        }
    }

    @Test
    void closingAViewLeavesTheParentAlone() {
        int a = alignFloats(), n = 3 * a;
        try (Buffer parent = device().allocateFloats(n)) {
            float[] all = randoms(n);
            write(parent, 0, all);
            Buffer view = parent.sliceFloats(a, a);
            view.close();
            view.close();   // idempotent
            assertArrayEquals(all, read(parent), why());
            assertThrows(RuntimeException.class, () -> read(view), "a closed view cannot be read");
            assertThrows(RuntimeException.class,
                    () -> Kernels.launch(device(), Kernels.ref(Elementwise::zero), Range.of(a), view, a), "nor launched on");
            // the parent still serves kernels and new views
            Kernels.launch(device(), Kernels.ref(Elementwise::scale), Range.of(n), parent, n, 2f);
            try (Buffer again = parent.sliceFloats(a, a)) {
                float[] expected = new float[a];
                for (int i = 0; i < a; i++) expected[i] = all[a + i] * 2f;
                assertArrayEquals(expected, read(again), why());
            }
        }
    }

    @Test
    void aViewOfAClosedParentIsRefused() {
        int a = alignFloats();
        Buffer parent = device().allocateFloats(2 * a);
        Buffer view = parent.sliceFloats(a, a);
        parent.close();
        assertThrows(RuntimeException.class, () -> parent.sliceFloats(0, a));
        view.close();   // closing a view after its parent is harmless
    }

    /**
     * {@link Device#zero}: exactly the bytes named become zero, at 4-byte and at odd offsets and sizes, on a buffer and
     * through a view; everything else keeps its random contents; it is ordered before a later read.
     */
    @Test
    void zeroClearsExactlyTheRangeNamed() {
        int n = 3 * 1024 + 7;
        Buffer buffer = device().allocateFloats(n);
        try {
            float[] values = randoms(n);
            write(buffer, 0, values);
            device().zero(buffer, 4L * 100, 4L * 1500);          // aligned: floats 100..1599
            device().zero(buffer, 4L * 2000 + 1, 6);               // odd: bytes 1..6 of float 2000, 0..2 of 2001
            float[] got = read(buffer);
            for (int i = 0; i < n; i++) {
                float want = i >= 100 && i < 1600 ? 0f : values[i];
                if (i == 2000) want = Float.intBitsToFloat(Float.floatToRawIntBits(values[i]) & 0x000000ff);
                if (i == 2001) want = Float.intBitsToFloat(Float.floatToRawIntBits(values[i]) & 0xff000000);
                assertEquals(Float.floatToRawIntBits(want), Float.floatToRawIntBits(got[i]), "float " + i + " (seed " + seed + ")");
            }
            int at = alignFloats() * 2;
            Buffer view = device().slice(buffer, 4L * at, 4L * 64);
            write(buffer, 0, values);
            device().zero(view, 0, 4L * 64);
            got = read(buffer);
            for (int i = 0; i < n; i++) {
                assertEquals(i >= at && i < at + 64 ? 0f : values[i], got[i], "through a view, float " + i + " (seed " + seed + ")");
            }
            view.close();
        } finally {
            buffer.close();
        }
    }

    @Test
    void badSlicesAreRefused() {
        int a = alignFloats();
        try (Buffer parent = device().allocateFloats(4 * a)) {
            long alignment = device().info().sliceAlignment();
            var misaligned = assertThrows(IllegalArgumentException.class, () -> parent.slice(alignment + 4, 16));
            assertTrue(misaligned.getMessage().contains("multiple of " + alignment), misaligned.getMessage());
            assertThrows(IllegalArgumentException.class, () -> parent.slice(0, 4L * 4 * a + 4), "past the end");
            assertThrows(IllegalArgumentException.class, () -> parent.slice(alignment, 4L * 4 * a), "past the end from an offset");
            assertThrows(IllegalArgumentException.class, () -> parent.slice(-alignment, 4));
            assertThrows(IllegalArgumentException.class, () -> parent.slice(0, -4));
            try (Buffer outer = parent.sliceFloats(a, a)) {
                assertThrows(IllegalArgumentException.class, () -> outer.slice(0, 4L * a + 4), "past the view's end");
            }
        }
    }

    @Test
    void emptyAndWholeViews() {
        int a = alignFloats();
        try (Buffer parent = device().allocateFloats(2 * a)) {
            float[] all = randoms(2 * a);
            write(parent, 0, all);
            try (Buffer empty = parent.slice(4L * a, 0); Buffer whole = parent.slice(0, parent.byteSize())) {
                assertEquals(0, empty.byteSize());
                assertArrayEquals(all, read(whole), why());
            }
            assertArrayEquals(all, read(parent), "closing the views changed nothing");
        }
    }

    @Test
    void aRecordedLaunchOnAViewReplays() {
        int a = alignFloats(), n = 3 * a;
        try (Buffer parent = device().allocateFloats(n); Buffer view = parent.sliceFloats(a, a)) {
            float[] all = randoms(n);
            write(parent, 0, all);
            var kernel = Kernels.compile(device(), Kernels.ref(Elementwise::scale), view, a, 2f);
            try (RecordedLaunch launch = device().record(kernel, Range.of(a), view, a, 2f)) {
                launch.replay();
                launch.replay();
            }
            float[] expected = all.clone();
            for (int i = a; i < 2 * a; i++) expected[i] = all[i] * 4f;
            assertArrayEquals(expected, read(parent), why());
        }
    }
}
