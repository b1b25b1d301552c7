package drcn.runtime.backend;

/**
 * A launch argument for a matrix or vector collection parameter: the buffer of its backing array and the extents a
 * kernel needs besides the element count ({@code [columns]} for a 2D matrix, {@code [columns, depth]} for a 3D one,
 * none for a collection). The C backends pass the extents as int arguments after the size; the JVM backend rebuilds
 * the Java object over a view of the buffer.
 */
public record ShapedBuffer(Buffer buffer, int[] shape) {}
