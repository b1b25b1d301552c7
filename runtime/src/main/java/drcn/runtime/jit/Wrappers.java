package drcn.runtime.jit;

import drcn.tornado.api.types.arrays.FloatArray;
import drcn.tornado.api.types.arrays.IntArray;
import drcn.tornado.api.types.arrays.TornadoNativeArray;
import drcn.tornado.api.types.collections.TornadoCollectionInterface;
import drcn.tornado.api.types.images.TornadoImagesInterface;
import drcn.tornado.api.types.matrix.Matrix2DType;
import drcn.tornado.api.types.matrix.Matrix3DType;
import drcn.tornado.api.types.matrix.Matrix4x4Float;
import drcn.tornado.api.types.vectors.TornadoVectorsInterface;
import drcn.tornado.api.types.volumes.TornadoVolumesInterface;
import drcn.tornado.api.types.volumes.VolumeShort2;

import java.lang.foreign.MemorySegment;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;

/**
 * TornadoVM's matrices ({@code Matrix2DFloat}, ...), images ({@code ImageFloat}, ...), volumes ({@code VolumeShort2})
 * and vector collections ({@code VectorFloat4}, ...) as task arguments: each keeps its elements in one off-heap array,
 * which is what moves to a device; the kernel gets that buffer and the matrix's extents (an image's: its width, the
 * columns of a matrix of Y rows; a volume's: Y and X, the columns and depth of a 3D matrix of Z rows). Vector values
 * ({@code Float4}, ...) travel by value, lane by lane.
 */
public final class Wrappers {
    private Wrappers() {}

    /** A task's matrix or collection argument as the engine holds it: its backing array's handle and its extents. */
    public interface Shaped {
        Object array();

        int[] shape();
    }

    /** Whether {@code type} is a matrix or collection class: a parameter that is a buffer with a shape. */
    public static boolean isWrapper(Class<?> type) {
        return Matrix2DType.class.isAssignableFrom(type) || Matrix3DType.class.isAssignableFrom(type)
                || TornadoCollectionInterface.class.isAssignableFrom(type) || TornadoImagesInterface.class.isAssignableFrom(type)
                || TornadoVolumesInterface.class.isAssignableFrom(type);
    }

    public static boolean isVector(Class<?> type) {
        return TornadoVectorsInterface.class.isAssignableFrom(type);
    }

    /** The array a matrix or collection keeps its elements in, or null if {@code o} is neither. */
    public static TornadoNativeArray backing(Object o) {
        if (o == null || !isWrapper(o.getClass())) return null;
        try {
            return (TornadoNativeArray) o.getClass().getMethod("getArray").invoke(o);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(o.getClass().getSimpleName() + " has no backing array: " + e, e);
        }
    }

    /** The extents a kernel reads besides the element count: 2D {@code [columns]}, 3D {@code [columns, depth]} (a volume: {@code [Y, X]}), else none. */
    public static int[] shape(Object o) {
        return switch (o) {
            case Matrix2DType m -> new int[] {m.getNumColumns()};
            case Matrix3DType m -> new int[] {m.getNumColumns(), m.getNumDepth()};
            case TornadoImagesInterface<?> image -> new int[] {image.X()};
            case VolumeShort2 volume -> new int[] {volume.Y(), volume.X()};
            default -> new int[0];
        };
    }

    /** A {@code type} object over {@code segment} (no copy): how the JVM backend hands a device buffer to a kernel. */
    public static Object rebuild(Class<?> type, MemorySegment segment, int[] shape) {
        for (Constructor<?> c : type.getConstructors()) {
            Class<?>[] p = c.getParameterTypes();
            Class<?> arrayType = p.length == 0 ? null : p[p.length - 1];
            if (arrayType == null || !TornadoNativeArray.class.isAssignableFrom(arrayType)) continue;
            Object array = arrayType == FloatArray.class ? FloatArray.view(segment)
                    : arrayType == IntArray.class ? IntArray.view(segment) : viewOf(arrayType, segment);
            int elements = ((TornadoNativeArray) array).getSize() / lanesPerElement(type);
            try {
                if (p.length == 1 && (TornadoCollectionInterface.class.isAssignableFrom(type) || type == Matrix4x4Float.class)) return c.newInstance(array);
                if (p.length == 3 && Matrix2DType.class.isAssignableFrom(type)) {
                    int columns = shape[0];
                    return c.newInstance(columns == 0 ? 0 : elements / columns, columns, array);
                }
                if (p.length == 4 && Matrix3DType.class.isAssignableFrom(type)) {
                    int plane = shape[0] * shape[1];
                    return c.newInstance(plane == 0 ? 0 : elements / plane, shape[0], shape[1], array);
                }
                if (p.length == 4 && TornadoVolumesInterface.class.isAssignableFrom(type)) {
                    int plane = shape[0] * shape[1]; // (width X, height Y, depth Z, array)
                    return c.newInstance(shape[1], shape[0], plane == 0 ? 0 : elements / plane, array);
                }
                if (p.length == 3 && TornadoImagesInterface.class.isAssignableFrom(type)) {
                    int width = shape[0]; // (width, height, array)
                    return c.newInstance(width, width == 0 ? 0 : elements / width, array);
                }
            } catch (InstantiationException | IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot rebuild a " + type.getSimpleName() + ": " + e, e);
            }
        }
        throw new IllegalArgumentException("cannot pass a " + type.getSimpleName() + " to a kernel on the JVM backend");
    }

    /** Numbers per element of a matrix or image class: the lanes its name ends in (Matrix2DFloat4, ImageByte3), else 1. */
    private static int lanesPerElement(Class<?> type) {
        String name = type.getSimpleName();
        int digits = name.length();
        while (digits > 0 && Character.isDigit(name.charAt(digits - 1))) digits--;
        return digits == name.length() || name.startsWith("Vector") ? 1 : Integer.parseInt(name.substring(digits));
    }

    /** {@code arrayType.view(segment)} for the array classes other than FloatArray and IntArray. */
    private static Object viewOf(Class<?> arrayType, MemorySegment segment) {
        try {
            return arrayType.getMethod("view", MemorySegment.class).invoke(null, segment);
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException(arrayType.getSimpleName() + " has no view(MemorySegment): " + e, e);
        }
    }

    /** A vector value's lanes, boxed ({@code Float} or {@code Integer} or {@code Double}), in lane order. */
    public static Object[] lanes(Object vector) {
        try {
            Object array = vector.getClass().getMethod("toArray").invoke(vector);
            int n = java.lang.reflect.Array.getLength(array);
            Object[] out = new Object[n];
            for (int i = 0; i < n; i++) out[i] = java.lang.reflect.Array.get(array, i);
            return out;
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException(vector.getClass().getSimpleName() + " is not a vector value: " + e, e);
        }
    }
}
