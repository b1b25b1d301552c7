package drcn.runtime.train;

/**
 * The training schedule.
 *
 * <p><b>a</b>, the weight of the recursive-supervision loss l1 in {@code L = a l1 + (1 - a) l2 + b ||W||^2}:
 * <pre>   a(step) = max(0, 1 - step / aDecaySteps)</pre>
 * with {@code aDecaySteps} a quarter of the run by default. The paper only says a decays from 1 towards 0
 * "as training progresses": early on every recursion is pushed to predict well by itself (which is what
 * makes the deep recursion trainable, each H_d gets a direct gradient), afterwards the ensemble output l2
 * that is actually used is optimised alone for the remaining three quarters. Step is counted from 0.
 *
 * <p><b>lr</b>: starts at the given rate and is divided by 10 whenever {@code patience} validations in a
 * row did not beat the best validation PSNR by at least {@link #MIN_GAIN_DB} (the paper's "divided by 10
 * when the validation error plateaus"), never below {@code initial * 1e-3}. Without validation lr is constant.
 *
 * <p><b>clipping</b> (VDSR's adjustable gradient clipping, as a global norm): the gradient's L2 norm is
 * clipped to {@code clip / lr}, so one plain SGD step moves the weights by at most {@code clip} in norm
 * whatever lr is; as lr falls the bound loosens. For Adam (whose step is invariant to the gradient's
 * scale) it only guards against a single exploding batch.
 */
public final class Schedule {
    /** The smallest validation gain (dB) that counts as progress. */
    public static final double MIN_GAIN_DB = 0.01;
    /** lr never falls below initial lr times this. */
    public static final float MIN_LR_FACTOR = 1e-3f;

    private Schedule() {}

    /** a(step) = max(0, 1 - step / aDecaySteps). */
    public static float a(long step, long aDecaySteps) {
        if (aDecaySteps <= 0) return 0f;
        return (float) Math.max(0.0, 1.0 - (double) step / aDecaySteps);
    }

    /** The default aDecaySteps: a quarter of the run, at least 1. */
    public static long defaultADecaySteps(long totalSteps) {
        return Math.max(1, totalSteps / 4);
    }

    /** The max gradient norm for the learning rate lr (0 or less: no clipping). */
    public static float maxGradientNorm(float clip, float lr) {
        return clip <= 0 ? Float.POSITIVE_INFINITY : clip / lr;
    }

    /**
     * The learning-rate plateau rule's state: the best validation PSNR so far and how many validations in a
     * row failed to beat it. Mutable; saved in the training state for an exact resume.
     */
    public static final class Plateau {
        public double best = Double.NEGATIVE_INFINITY;
        public int bad;

        /** Records a validation PSNR and returns the learning rate to use from now on. */
        public float update(double psnr, float lr, float initialLr, int patience) {
            if (psnr >= best + MIN_GAIN_DB) {
                best = psnr;
                bad = 0;
                return lr;
            }
            best = Math.max(best, psnr);
            bad++;
            if (bad >= patience && lr / 10 >= initialLr * MIN_LR_FACTOR * 0.999f) {
                bad = 0;
                return lr / 10;
            }
            return lr;
        }
    }
}
