package drcn.runtime.train;

import drcn.runtime.distributed.Collective;
import drcn.runtime.model.DrcnTraining;
import drcn.tornado.api.types.arrays.FloatArray;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * What a {@link Trainer} does differently when its step is shared by the {@link Collective#size} processes of a
 * {@link Collective} (data parallelism). Each process trains a replica of the model on its slice of each global batch:
 * <pre>
 *   global batch of step s   = patches [s B, s B + B)            (B = --batch; the order does not depend on N)
 *   process r's slice        = patches [s B + r B/N, s B + (r+1) B/N)
 *   g = (1/N) sum_r g_r       one all-reduce of the flat gradient buffer, then clipping and the optimizer as alone
 * </pre>
 * Each g_r is the mean over the process's B/N patches, so g is the mean over the B patches, as one process with batch
 * B computes it (up to the order of the sums). Every replica applies the same g to the same parameters and stays equal
 * to the others. Rank 0 (the lead) alone validates, writes the checkpoint, state, log and chart and reports; it decides
 * whether the run goes on and the learning rate and sends both to the others before each step.
 * With one process nothing is exchanged and the run is the non-distributed one, bit for bit.
 */
final class DataParallel {
    final Collective collective;
    final int rank, size;

    DataParallel(Collective collective) {
        this.collective = collective;
        this.rank = collective.rank();
        this.size = collective.size();
    }

    /** Rank 0: the process that writes files and reports. */
    boolean lead() { return rank == 0; }

    /** This process's share of the global batch; one sentence where it does not split evenly. */
    int localBatch(int globalBatch) {
        if (globalBatch % size != 0) {
            throw new TrainingException("--batch " + globalBatch + " does not split evenly over " + size
                    + " processes: give a multiple of " + size + ".");
        }
        return globalBatch / size;
    }

    /** The position in the patch order of this process's first patch of step {@code step}. */
    long firstPatch(long step, int globalBatch) {
        return step * globalBatch + (long) rank * (globalBatch / size);
    }

    /** g = (1/N) sum over processes of each one's gradients: one all-reduce of the flat buffer. */
    void averageGradients(DrcnTraining model) {
        if (size == 1) return;
        model.reduceGradients(this::average);
    }

    /** The loss terms' mean over the processes (each process's are the mean over its slice). */
    DrcnTraining.LossTerms averageLoss(DrcnTraining.LossTerms loss) {
        if (size == 1) return loss;
        float[] t = {loss.total(), loss.l1(), loss.l2(), loss.decay()};
        collective.allReduceSum(t);
        for (int i = 0; i < t.length; i++) t[i] /= size;
        return new DrcnTraining.LossTerms(t[0], t[1], t[2], t[3], loss.perRecursion());
    }

    private void average(FloatArray gradients) {
        MemorySegment s = gradients.getSegment();
        long n = gradients.getSize();
        collective.allReduceSum(s, n);
        // division, not a product with 1/N: exact for any N whose sum is exact, and the same on every process
        for (long i = 0; i < n; i++) s.setAtIndex(ValueLayout.JAVA_FLOAT, i, s.getAtIndex(ValueLayout.JAVA_FLOAT, i) / size);
    }

    /**
     * Rank 0's values sent to every process: the run's control (go on or stop, its length, a's decay length, the
     * learning rate) is decided on rank 0 alone, whose clock and validation the others do not have.
     */
    void agree(long[] values) {
        collective.broadcast(values);
    }
}
