package org.semisup4j.data;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One training step's examples: a labeled part (inputs, labels, dataset indices) and an unlabeled part
 * (inputs, dataset indices). The true labels of the unlabeled part ride along for diagnostics such as
 * pseudo-label accuracy; a method must never train on them, hence the long accessor name.
 *
 * <p>The arrays are fresh copies made for this batch (FLOAT, rows in sampling order); augmentation may read
 * them freely. The index arrays are copied on access.
 */
public final class Batch {
    private final long step;
    private final long epoch;
    private final int numClasses;
    private final INDArray labeledX;
    private final int[] labeledY;
    private final int[] labeledIndices;
    private final INDArray unlabeledX;
    private final int[] unlabeledIndices;
    private final int[] unlabeledTrueLabels;

    public Batch(long step, long epoch, int numClasses, INDArray labeledX, int[] labeledY, int[] labeledIndices,
                 INDArray unlabeledX, int[] unlabeledIndices, int[] unlabeledTrueLabels) {
        if (labeledX.size(0) != labeledY.length || labeledY.length != labeledIndices.length) {
            throw new IllegalArgumentException("labeled part: " + labeledX.size(0) + " rows, " + labeledY.length + " labels, "
                    + labeledIndices.length + " indices; expected equal counts");
        }
        if (unlabeledX.size(0) != unlabeledIndices.length || unlabeledIndices.length != unlabeledTrueLabels.length) {
            throw new IllegalArgumentException("unlabeled part: " + unlabeledX.size(0) + " rows, " + unlabeledIndices.length
                    + " indices, " + unlabeledTrueLabels.length + " hidden labels; expected equal counts");
        }
        this.step = step;
        this.epoch = epoch;
        this.numClasses = numClasses;
        this.labeledX = labeledX;
        this.labeledY = labeledY.clone();
        this.labeledIndices = labeledIndices.clone();
        this.unlabeledX = unlabeledX;
        this.unlabeledIndices = unlabeledIndices.clone();
        this.unlabeledTrueLabels = unlabeledTrueLabels.clone();
    }

    /** The sampler step this batch belongs to (0-based). */
    public long step() {
        return step;
    }

    /** The epoch of {@link #step()}, as the sampler defines it ({@link BatchSampler#epochOf(long)}). */
    public long epoch() {
        return epoch;
    }

    public int numClasses() {
        return numClasses;
    }

    /** [B, ...] inputs of the labeled examples; zero rows when the batch has none. */
    public INDArray labeledX() {
        return labeledX;
    }

    public int[] labeledY() {
        return labeledY.clone();
    }

    /** One-hot FLOAT [B, C] targets of {@link #labeledY()}. */
    public INDArray labeledYOneHot() {
        INDArray oneHot = Nd4j.zeros(DataType.FLOAT, labeledY.length, numClasses);
        for (int i = 0; i < labeledY.length; i++) {
            oneHot.putScalar(i, labeledY[i], 1f);
        }
        return oneHot;
    }

    /** Row indices of the labeled examples in the dataset. */
    public int[] labeledIndices() {
        return labeledIndices.clone();
    }

    public int labeledSize() {
        return labeledY.length;
    }

    /** [U, ...] inputs of the unlabeled examples; zero rows when the batch has none. */
    public INDArray unlabeledX() {
        return unlabeledX;
    }

    /** Row indices of the unlabeled examples in the dataset (keys for per-example state, e.g. ensembles). */
    public int[] unlabeledIndices() {
        return unlabeledIndices.clone();
    }

    public int unlabeledSize() {
        return unlabeledIndices.length;
    }

    /** The hidden true labels of the unlabeled examples: for measuring, never for training. */
    public int[] unlabeledTrueLabelsForDiagnostics() {
        return unlabeledTrueLabels.clone();
    }

    @Override
    public String toString() {
        return "Batch[step " + step + ", epoch " + epoch + ": " + labeledSize() + " labeled " + Arrays.toString(labeledX.shape())
                + ", " + unlabeledSize() + " unlabeled " + Arrays.toString(unlabeledX.shape()) + "]";
    }
}
