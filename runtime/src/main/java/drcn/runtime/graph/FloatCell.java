package drcn.runtime.graph;

/**
 * A float task argument that the engine reads at every execution (ours, for runtime code: TornadoVM captures a
 * scalar's value when the task is added). Passed where the kernel takes a {@code float}; a graph replayed with
 * {@code withCUDAGraph} records the launch again when the value changed, so the loss weights, the learning rate
 * and Adam's bias corrections can change from step to step in a graph built once.
 */
public final class FloatCell {
    private float value;

    public FloatCell(float value) {
        this.value = value;
    }

    public float get() {
        return value;
    }

    public void set(float value) {
        this.value = value;
    }

    @Override
    public String toString() {
        return "FloatCell[" + value + "]";
    }
}
