package drcn.tornado.api.types.matrix;

/**
 * An 8 x 8 float tile of a SIMD group (TornadoVM's handle for Apple's {@code simdgroup_float8x8}), made and used by
 * {@code KernelContext.simdgroupMatrix*}. In a kernel it is a value every work-item holds whole: on the JVM this
 * object, in OpenCL and CUDA C a private {@code float[64]}. Row-major: element (i, j) is {@code values[i * 8 + j]}.
 */
public final class Matrix8x8Float {
    public static final Class<Matrix8x8Float> TYPE = Matrix8x8Float.class;

    public final float[] values;

    public Matrix8x8Float() {
        this.values = new float[64];
    }

    public float get(int row, int col) {
        return values[row * 8 + col];
    }

    public void set(int row, int col, float value) {
        values[row * 8 + col] = value;
    }
}
