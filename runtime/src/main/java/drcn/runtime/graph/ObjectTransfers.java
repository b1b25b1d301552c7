package drcn.runtime.graph;

import drcn.runtime.jit.KernelRef;
import drcn.runtime.jit.Wrappers;
import drcn.tornado.api.KernelContext;
import drcn.tornado.api.types.arrays.ByteArray;
import drcn.tornado.api.types.arrays.CharArray;
import drcn.tornado.api.types.arrays.DoubleArray;
import drcn.tornado.api.types.arrays.FloatArray;
import drcn.tornado.api.types.arrays.IntArray;
import drcn.tornado.api.types.arrays.LongArray;
import drcn.tornado.api.types.arrays.ShortArray;
import drcn.tornado.api.types.arrays.TornadoNativeArray;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.reflect.Field;
import java.lang.reflect.InaccessibleObjectException;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Objects of the program's own classes in task graphs, as TornadoVM moves them: a transfer of an object moves the arrays
 * reachable through its fields, and the number fields that kernels write (or read while the program may change them)
 * travel as arrays of one element ({@link KernelRef.FieldSlot}).
 */
final class ObjectTransfers {
    private ObjectTransfers() {}

    /** An object whose number fields tasks took as one-element arrays, met while walking an object's fields. */
    record Holder(Object object) {}

    /** An object of the program's classes: not an array, a number, a vector, TornadoVM's or the JDK's own types. */
    static boolean isProgramObject(Object o) {
        if (o == null || o.getClass().isArray() || o instanceof Number || o instanceof Boolean || o instanceof Character
                || o instanceof TornadoNativeArray || o instanceof KernelContext || o instanceof AtomicInteger
                || Wrappers.backing(o) != null || Wrappers.isVector(o.getClass())) return false;
        String name = o.getClass().getName();
        return !(name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk.") || name.startsWith("sun.")
                || name.startsWith("drcn.tornado.api.") || name.startsWith("drcn.runtime."));
    }

    private static boolean isMovableArray(Object o) {
        return o instanceof TornadoNativeArray || o instanceof AtomicInteger || Wrappers.backing(o) != null
                || o.getClass().isArray() && o.getClass().getComponentType().isPrimitive() && !(o instanceof boolean[]);
    }

    /**
     * The arrays reachable from {@code root} through instance fields (through objects of the program's classes, each
     * visited once), and a {@link Holder} for each object on the way for which {@code hasCells} holds.
     */
    static List<Object> reachableArrays(Object root, Predicate<Object> hasCells) {
        var out = new ArrayList<Object>();
        walk(root, hasCells, out, Collections.newSetFromMap(new IdentityHashMap<>()));
        return out;
    }

    private static void walk(Object o, Predicate<Object> hasCells, List<Object> out, Set<Object> seen) {
        if (!seen.add(o)) return;
        if (hasCells.test(o)) out.add(new Holder(o));
        for (Class<?> c = o.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) || f.getType().isPrimitive()) continue;
                Object value;
                try {
                    f.setAccessible(true);
                    value = f.get(o);
                } catch (IllegalAccessException | InaccessibleObjectException e) {
                    continue; // a field no kernel can read either
                }
                if (value == null) continue;
                if (isMovableArray(value)) out.add(value);
                else if (isProgramObject(value)) walk(value, hasCells, out, seen);
            }
        }
    }

    /** The one-element array a number field of type int, float, ... moves as. */
    static TornadoNativeArray newCell(Field field) {
        Class<?> t = field.getType();
        if (t == int.class) return new IntArray(1);
        if (t == float.class) return new FloatArray(1);
        if (t == double.class) return new DoubleArray(1);
        if (t == long.class) return new LongArray(1);
        if (t == short.class) return new ShortArray(1);
        if (t == byte.class) return new ByteArray(1);
        if (t == char.class) return new CharArray(1);
        throw new IllegalArgumentException("the field " + field + " is not a number");
    }

    /** The field's value into its cell, before the cell goes to a device. */
    static void loadCell(KernelRef.FieldSlot slot, TornadoNativeArray cell) {
        MemorySegment m = cell.getSegment();
        Object holder = slot.holder();
        Field f = slot.field();
        try {
            Class<?> t = f.getType();
            if (t == int.class) m.set(ValueLayout.JAVA_INT, 0, f.getInt(holder));
            else if (t == float.class) m.set(ValueLayout.JAVA_FLOAT, 0, f.getFloat(holder));
            else if (t == double.class) m.set(ValueLayout.JAVA_DOUBLE, 0, f.getDouble(holder));
            else if (t == long.class) m.set(ValueLayout.JAVA_LONG, 0, f.getLong(holder));
            else if (t == short.class) m.set(ValueLayout.JAVA_SHORT, 0, f.getShort(holder));
            else if (t == byte.class) m.set(ValueLayout.JAVA_BYTE, 0, f.getByte(holder));
            else if (t == char.class) m.set(ValueLayout.JAVA_CHAR, 0, f.getChar(holder));
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read " + f + ": " + e.getMessage(), e);
        }
    }

    /** The cell's value into its field, after the cell came back from a device. */
    static void storeCell(KernelRef.FieldSlot slot, TornadoNativeArray cell) {
        MemorySegment m = cell.getSegment();
        Object holder = slot.holder();
        Field f = slot.field();
        try {
            Class<?> t = f.getType();
            if (t == int.class) f.setInt(holder, m.get(ValueLayout.JAVA_INT, 0));
            else if (t == float.class) f.setFloat(holder, m.get(ValueLayout.JAVA_FLOAT, 0));
            else if (t == double.class) f.setDouble(holder, m.get(ValueLayout.JAVA_DOUBLE, 0));
            else if (t == long.class) f.setLong(holder, m.get(ValueLayout.JAVA_LONG, 0));
            else if (t == short.class) f.setShort(holder, m.get(ValueLayout.JAVA_SHORT, 0));
            else if (t == byte.class) f.setByte(holder, m.get(ValueLayout.JAVA_BYTE, 0));
            else if (t == char.class) f.setChar(holder, m.get(ValueLayout.JAVA_CHAR, 0));
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot write " + f + ": " + e.getMessage(), e);
        }
    }
}
