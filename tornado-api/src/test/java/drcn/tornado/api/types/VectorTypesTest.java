package drcn.tornado.api.types;

import drcn.tornado.api.types.arrays.FloatArray;
import drcn.tornado.api.types.collections.VectorFloat;
import drcn.tornado.api.types.collections.VectorFloat3;
import drcn.tornado.api.types.collections.VectorInt4;
import drcn.tornado.api.types.vectors.Double4;
import drcn.tornado.api.types.vectors.Float16;
import drcn.tornado.api.types.vectors.Float2;
import drcn.tornado.api.types.vectors.Float3;
import drcn.tornado.api.types.vectors.Float4;
import drcn.tornado.api.types.vectors.Float8;
import drcn.tornado.api.types.vectors.Int4;
import drcn.tornado.api.types.vectors.Int8;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** The vector values and collections against lane-by-lane Java on fresh random inputs. */
class VectorTypesTest {
    private final Random random = new Random();

    private float[] floats(int n) {
        var v = new float[n];
        for (int i = 0; i < n; i++) v[i] = random.nextFloat() * 4 - 2;
        return v;
    }

    @Test
    void float4ArithmeticIsLaneWise() {
        float[] a = floats(4), b = floats(4);
        var x = new Float4(a[0], a[1], a[2], a[3]);
        var y = new Float4(b[0], b[1], b[2], b[3]);
        float s = random.nextFloat() + 0.5f;
        float dot = 0;
        for (int l = 0; l < 4; l++) {
            assertEquals(a[l] + b[l], Float4.add(x, y).get(l));
            assertEquals(a[l] - b[l], Float4.sub(x, y).get(l));
            assertEquals(a[l] * b[l], Float4.mult(x, y).get(l));
            assertEquals(a[l] / b[l], Float4.div(x, y).get(l));
            assertEquals(Math.min(a[l], b[l]), Float4.min(x, y).get(l));
            assertEquals(Math.max(a[l], b[l]), Float4.max(x, y).get(l));
            assertEquals(a[l] * s, Float4.mult(x, s).get(l));
            assertEquals(a[l] - (float) Math.floor(a[l]), Float4.fract(x).get(l));
            assertEquals(Math.max(-1f, Math.min(1f, a[l])), Float4.clamp(x, -1f, 1f).get(l));
            dot += a[l] * b[l];
        }
        assertEquals(dot, Float4.dot(x, y), 1e-6f);
        assertEquals((float) Math.sqrt(Float4.dot(x, x)), Float4.length(x));
        assertEquals(1f, Float4.length(Float4.normalise(x)), 1e-6f);
        assertEquals(a[0], x.getX());
        assertEquals(a[3], x.getW());
        assertEquals(a[2], x.getS2());
        assertEquals(new Float2(a[2], a[3]), x.getHigh());
        assertTrue(Float4.isEqual(x, x.duplicate()));
        assertFalse(Float4.isEqual(x, y));
    }

    @Test
    void crossProductAndMixedIntFloat() {
        float[] a = floats(3), b = floats(3);
        var c = Float3.cross(new Float3(a[0], a[1], a[2]), new Float3(b[0], b[1], b[2]));
        assertEquals(a[1] * b[2] - a[2] * b[1], c.getX());
        assertEquals(a[2] * b[0] - a[0] * b[2], c.getY());
        assertEquals(a[0] * b[1] - a[1] * b[0], c.getZ());
        var i = new Int4(1, -2, 3, 7);
        var f = new Float4(0.5f, 0.25f, 2f, -1f);
        assertEquals(new Float4(1.5f, -1.75f, 5f, 6f), Float4.add(i, f));
        assertEquals(new Int4(0, -1, 1, 3), Int4.div(i, 2));
        assertEquals(7, Int4.max(i));
        assertEquals(-2, Int4.min(i));
        assertEquals(new Int4(1, 0, 3, 3), Int4.clamp(i, 0, 3));
    }

    @Test
    void wideVectorsAndDoubles() {
        float[] a = floats(16);
        var x = new Float16();
        for (int l = 0; l < 16; l++) x.set(l, a[l]);
        float min = a[0], sum = 0;
        for (float v : a) {
            min = Math.min(min, v);
            sum += v;
        }
        assertEquals(min, Float16.min(x));
        assertEquals(a[15], x.getS15());
        assertEquals(a[9], x.getHigh().getS1());
        var eight = new Float8(1, 2, 3, 4, 5, 6, 7, 8);
        assertEquals(204f, Float8.dot(eight, eight));
        assertEquals(new Int8(1, 1, 1, 2, 2, 2, 2, 2), Int8.sqrt(new Int8(1, 2, 3, 4, 5, 6, 7, 8)));
        var d = new Double4(3, 4, 0, 0);
        assertEquals(5.0, Double4.length(d));
        Double4.normalise(d); // in place, as TornadoVM's Double4 does
        assertEquals(0.6, d.getX(), 1e-15);
        var two = new Float2(-3, 3);
        Float2.clamp(two, -1, 1); // in place, as TornadoVM's Float2 does
        assertEquals(new Float2(-1, 1), two);
    }

    @Test
    void collectionsStoreLanesBackToBack() {
        int n = 1 + random.nextInt(50);
        var v = new VectorFloat3(n);
        float[] flat = floats(3 * n);
        for (int i = 0; i < n; i++) v.set(i, new Float3(flat[3 * i], flat[3 * i + 1], flat[3 * i + 2]));
        assertArrayEquals(flat, v.getArray().toHeapArray());
        assertEquals(n, v.getLength());
        assertEquals(3 * n, v.size());
        assertEquals(flat[3 * (n - 1) + 2], v.get(n - 1).getZ());
        var over = new VectorFloat3(FloatArray.fromArray(flat));
        assertEquals(n, over.getLength());
        assertThrows(IndexOutOfBoundsException.class, () -> v.get(n));

        var ints = new VectorInt4(2);
        ints.set(0, new Int4(1, 2, 3, 4));
        ints.set(1, new Int4(5, 6, 7, 8));
        assertEquals(new Int4(6, 8, 10, 12), ints.sum());
        assertEquals(new Int4(1, 2, 3, 4), ints.min());

        var scalars = new VectorFloat(FloatArray.fromElements(3, -1, 2));
        assertEquals(-1f, VectorFloat.min(scalars));
        assertEquals(14f, VectorFloat.dot(scalars, scalars));
        assertTrue(scalars.isEqual(scalars.duplicate()));
    }
}
