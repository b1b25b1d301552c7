package drcn.runtime.jit;

import drcn.tornado.api.types.arrays.ByteArray;
import drcn.tornado.api.types.arrays.DoubleArray;
import drcn.tornado.api.types.arrays.FloatArray;
import drcn.tornado.api.types.arrays.IntArray;
import drcn.tornado.api.types.arrays.LongArray;
import drcn.tornado.api.types.arrays.ShortArray;
import drcn.tornado.api.types.arrays.TornadoNativeArray;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.reflect.Array;

/**
 * Java arrays whose numbers are not one block of memory, as task arguments: each moves as one flat array, gathered
 * from the program's own objects before each copy to a device and scattered back into them after each copy to the host.
 * <ul>
 * <li>2D arrays of numbers ({@code float[][]}, ...): the kernel sees a row-major matrix (its columns as the one
 * extent); the program's own rows stay the arrays it reads. Rectangular arrays only: every row present and of one
 * length.</li>
 * <li>Arrays of boxed numbers ({@code Float[]}, ...) and of vector values ({@code Float2[]}, ...; TornadoVM's
 * {@code vectors} classes): the kernel sees the numbers, a vector's lanes consecutive. A null element gathers as
 * zeros; scattering replaces an element by a new object only where its numbers changed (or it was null), as the
 * kernel's {@code a[i] = value} replaces it in Java.</li>
 * <li>A vector value ({@code Float4}, ...) that a kernel takes by reference (it sets its lanes, see
 * {@code drcn.compiler.ir.VectorReferences}): its lanes; scattering writes them into the program's own object, as the
 * kernel's {@code c.set(value)} changes that object in Java.</li>
 * </ul>
 */
public final class JavaGrids {
    private JavaGrids() {}

    /** Whether {@code type} is a 2D array of byte, short, int, long, float or double. */
    public static boolean isGridType(Class<?> type) {
        if (type == null || !type.isArray() || !type.getComponentType().isArray()) return false;
        Class<?> element = type.getComponentType().getComponentType();
        return element == byte.class || element == short.class || element == int.class || element == long.class
                || element == float.class || element == double.class;
    }

    public static boolean isGrid(Object o) {
        return o != null && isGridType(o.getClass());
    }

    /** Whether {@code type} is an array of boxed numbers ({@code Float[]}, ...) or of vector values ({@code Float2[]}, ...). */
    public static boolean isObjectArrayType(Class<?> type) {
        return type != null && type.isArray() && elementsOf(type.getComponentType()) != null;
    }

    /** A 2D array of numbers or an array of boxed numbers or vector values: an argument that moves gathered. */
    public static boolean isGathered(Object o) {
        return o != null && (isGridType(o.getClass()) || isObjectArrayType(o.getClass()));
    }

    /** The numbers of one element of an array of boxes or vectors: their primitive type and how many (a vector's lanes). */
    private record Elements(Class<?> primitive, int lanes) {
        long bytes() {
            return (long) lanes * elementBytes(primitive);
        }
    }

    /** Boxes of the numbers kernels take. */
    private static final java.util.Map<Class<?>, Class<?>> BOXES = java.util.Map.of(Float.class, float.class, Integer.class, int.class,
            Double.class, double.class, Long.class, long.class, Short.class, short.class, Byte.class, byte.class);

    /** What one element of a {@code component}[] holds, or null when it is neither a box nor a vector class of numbers. */
    private static Elements elementsOf(Class<?> component) {
        Class<?> primitive = BOXES.get(component);
        if (primitive != null) return new Elements(primitive, 1);
        if (!Wrappers.isVector(component)) return null;
        Object zero = newVector(component);
        Object lanes = vectorLanes(zero);
        Class<?> lane = lanes.getClass().getComponentType();
        return BOXES.containsValue(lane) ? new Elements(lane, Array.getLength(lanes)) : null;
    }

    private static Object newVector(Class<?> type) {
        try {
            return type.getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException(type.getSimpleName() + " has no public constructor without arguments: " + e, e);
        }
    }

    /** A vector value's own lane storage ({@code getArray()}: no copy). */
    private static Object vectorLanes(Object vector) {
        try {
            return vector.getClass().getMethod("getArray").invoke(vector);
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException(vector.getClass().getSimpleName() + " has no getArray(): " + e, e);
        }
    }

    private static ValueLayout layoutOf(Class<?> primitive) {
        if (primitive == float.class) return ValueLayout.JAVA_FLOAT;
        if (primitive == int.class) return ValueLayout.JAVA_INT;
        if (primitive == double.class) return ValueLayout.JAVA_DOUBLE;
        if (primitive == long.class) return ValueLayout.JAVA_LONG;
        if (primitive == short.class) return ValueLayout.JAVA_SHORT;
        return ValueLayout.JAVA_BYTE;
    }

    private static TornadoNativeArray newFlat(Class<?> primitive, int n) {
        if (primitive == float.class) return new FloatArray(n);
        if (primitive == int.class) return new IntArray(n);
        if (primitive == double.class) return new DoubleArray(n);
        if (primitive == long.class) return new LongArray(n);
        if (primitive == short.class) return new ShortArray(n);
        return new ByteArray(n);
    }

    /**
     * The columns of {@code grid}, checked: at least one row, every row present and as long as the first (at least one
     * element).
     *
     * @throws IllegalArgumentException naming what is wrong, in one sentence
     */
    public static int columns(Object grid) {
        int rows = Array.getLength(grid);
        if (rows == 0) throw new IllegalArgumentException("a 2D array argument needs at least one row");
        Object first = Array.get(grid, 0);
        if (first == null) throw new IllegalArgumentException("row 0 of a 2D array argument is null");
        int columns = Array.getLength(first);
        if (columns == 0) throw new IllegalArgumentException("a 2D array argument needs rows of at least one element");
        for (int r = 1; r < rows; r++) {
            Object row = Array.get(grid, r);
            if (row == null || Array.getLength(row) != columns) {
                throw new IllegalArgumentException("row " + r + " of a 2D array argument is " + (row == null ? "null" : Array.getLength(row) + " long")
                        + ", row 0 is " + columns + " long: kernels take rectangular 2D arrays");
            }
        }
        return columns;
    }

    /** Whether {@code o} is a vector value (Float4, Int3, Half2, ...) of numbers: what a by-reference vector argument moves. */
    public static boolean isVectorValue(Object o) {
        return o != null && Wrappers.isVector(o.getClass()) && elementsOf(o.getClass()) != null;
    }

    /** A new flat array for {@code gathered}'s numbers: a grid's rows x columns, an array's elements x lanes, a vector's lanes (contents: see {@link #gather}). */
    public static TornadoNativeArray flat(Object gathered) {
        if (isVectorValue(gathered)) {
            Elements lanes = elementsOf(gathered.getClass());
            return newFlat(lanes.primitive(), lanes.lanes());
        }
        Elements elements = elementsOf(gathered.getClass().getComponentType());
        if (elements != null) return newFlat(elements.primitive(), Array.getLength(gathered) * elements.lanes());
        Object grid = gathered;
        int n = Array.getLength(grid) * columns(grid);
        return switch (grid) {
            case float[][] g -> new FloatArray(n);
            case int[][] g -> new IntArray(n);
            case double[][] g -> new DoubleArray(n);
            case long[][] g -> new LongArray(n);
            case short[][] g -> new ShortArray(n);
            case byte[][] g -> new ByteArray(n);
            default -> throw new IllegalArgumentException("not a 2D array of numbers: " + grid.getClass().getSimpleName());
        };
    }

    /** Copies the rows of a grid, or the numbers of an array's elements, into {@code flat}, one after the other. */
    public static void gather(Object grid, MemorySegment flat) {
        if (isVectorValue(grid)) {
            MemorySegment.copy(heapSegment(vectorLanes(grid)), 0, flat, 0, elementsOf(grid.getClass()).bytes());
            return;
        }
        Elements elements = elementsOf(grid.getClass().getComponentType());
        if (elements != null) {
            gatherElements(grid, elements, flat);
            return;
        }
        long offset = 0;
        for (int r = 0; r < Array.getLength(grid); r++) {
            MemorySegment row = heapSegment(Array.get(grid, r));
            MemorySegment.copy(row, 0, flat, offset, row.byteSize());
            offset += row.byteSize();
        }
    }

    /** Copies {@code flat} back into the rows of a grid, or into the elements of an array (see the class comment). */
    public static void scatter(MemorySegment flat, Object grid) {
        if (isVectorValue(grid)) {
            MemorySegment.copy(flat, 0, heapSegment(vectorLanes(grid)), 0, elementsOf(grid.getClass()).bytes());
            return;
        }
        Elements elements = elementsOf(grid.getClass().getComponentType());
        if (elements != null) {
            scatterElements(flat, elements, grid);
            return;
        }
        long offset = 0;
        for (int r = 0; r < Array.getLength(grid); r++) {
            MemorySegment row = heapSegment(Array.get(grid, r));
            MemorySegment.copy(flat, offset, row, 0, row.byteSize());
            offset += row.byteSize();
        }
    }

    /** A new {@code type} array of {@code columns}-long rows holding {@code flat}'s elements (the JVM backend's argument). */
    public static Object rebuild(Class<?> type, MemorySegment flat, int columns) {
        Class<?> rowType = type.getComponentType();
        long rowBytes = (long) columns * elementBytes(rowType.getComponentType());
        int rows = (int) (flat.byteSize() / rowBytes);
        Object grid = Array.newInstance(rowType, rows);
        for (int r = 0; r < rows; r++) Array.set(grid, r, Array.newInstance(rowType.getComponentType(), columns));
        scatter(flat, grid);
        return grid;
    }

    /** A new vector holding {@code vector}'s lanes now (what a launch reads by value). */
    public static Object copyOfVector(Object vector) {
        Object copy = newVector(vector.getClass());
        Elements lanes = elementsOf(vector.getClass());
        MemorySegment.copy(heapSegment(vectorLanes(vector)), 0, heapSegment(vectorLanes(copy)), 0, lanes.bytes());
        return copy;
    }

    /** A new vector of class {@code type} holding {@code flat}'s lanes (the JVM backend's by-reference vector argument). */
    public static Object rebuildVector(Class<?> type, MemorySegment flat) {
        Object vector = newVector(type);
        scatter(flat, vector);
        return vector;
    }

    /** A new {@code type} array (of boxes or vectors) holding {@code flat}'s numbers (the JVM backend's argument). */
    public static Object rebuildElements(Class<?> type, MemorySegment flat) {
        Elements elements = elementsOf(type.getComponentType());
        Object array = Array.newInstance(type.getComponentType(), (int) (flat.byteSize() / elements.bytes()));
        scatterElements(flat, elements, array);
        return array;
    }

    private static void gatherElements(Object array, Elements elements, MemorySegment flat) {
        ValueLayout layout = layoutOf(elements.primitive());
        for (int i = 0; i < Array.getLength(array); i++) {
            Object e = Array.get(array, i);
            long offset = i * elements.bytes();
            if (e == null) {
                flat.asSlice(offset, elements.bytes()).fill((byte) 0);
            } else if (elements.lanes() == 1 && BOXES.containsKey(e.getClass())) {
                set(flat, layout, offset, (Number) e);
            } else {
                MemorySegment.copy(heapSegment(vectorLanes(e)), 0, flat, offset, elements.bytes());
            }
        }
    }

    private static void scatterElements(MemorySegment flat, Elements elements, Object array) {
        ValueLayout layout = layoutOf(elements.primitive());
        boolean boxes = BOXES.containsKey(array.getClass().getComponentType());
        for (int i = 0; i < Array.getLength(array); i++) {
            Object e = Array.get(array, i);
            long offset = i * elements.bytes();
            if (boxes) {
                Object value = get(flat, layout, offset);
                if (!value.equals(e)) Array.set(array, i, value);
            } else {
                MemorySegment lanes = flat.asSlice(offset, elements.bytes());
                if (e != null && heapSegment(vectorLanes(e)).mismatch(lanes) == -1) continue;
                Object fresh = newVector(array.getClass().getComponentType());
                MemorySegment.copy(lanes, 0, heapSegment(vectorLanes(fresh)), 0, elements.bytes());
                Array.set(array, i, fresh);
            }
        }
    }

    private static void set(MemorySegment flat, ValueLayout layout, long offset, Number value) {
        switch (layout) {
            case ValueLayout.OfFloat l -> flat.set(l, offset, value.floatValue());
            case ValueLayout.OfInt l -> flat.set(l, offset, value.intValue());
            case ValueLayout.OfDouble l -> flat.set(l, offset, value.doubleValue());
            case ValueLayout.OfLong l -> flat.set(l, offset, value.longValue());
            case ValueLayout.OfShort l -> flat.set(l, offset, value.shortValue());
            case ValueLayout.OfByte l -> flat.set(l, offset, value.byteValue());
            default -> throw new IllegalArgumentException("no box of " + layout);
        }
    }

    private static Object get(MemorySegment flat, ValueLayout layout, long offset) {
        return switch (layout) {
            case ValueLayout.OfFloat l -> flat.get(l, offset);
            case ValueLayout.OfInt l -> flat.get(l, offset);
            case ValueLayout.OfDouble l -> flat.get(l, offset);
            case ValueLayout.OfLong l -> flat.get(l, offset);
            case ValueLayout.OfShort l -> flat.get(l, offset);
            case ValueLayout.OfByte l -> flat.get(l, offset);
            default -> throw new IllegalArgumentException("no box of " + layout);
        };
    }

    private static int elementBytes(Class<?> element) {
        if (element == byte.class) return 1;
        if (element == short.class) return 2;
        if (element == int.class || element == float.class) return 4;
        return 8;
    }

    /** The memory of a Java array of numbers (no copy): what moves for a float[], int[], ... and each row of a grid. */
    public static MemorySegment heapSegment(Object array) {
        return switch (array) {
            case float[] a -> MemorySegment.ofArray(a);
            case int[] a -> MemorySegment.ofArray(a);
            case double[] a -> MemorySegment.ofArray(a);
            case long[] a -> MemorySegment.ofArray(a);
            case short[] a -> MemorySegment.ofArray(a);
            case byte[] a -> MemorySegment.ofArray(a);
            case char[] a -> MemorySegment.ofArray(a);
            default -> throw new IllegalArgumentException("not a primitive array: " + array);
        };
    }
}
