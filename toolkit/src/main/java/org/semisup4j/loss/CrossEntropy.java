package org.semisup4j.loss;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * ℓ = (1/N) Σ_i w_i · (−log softmax(z_i)_{y_i}): cross-entropy with hard labels. Over no rows it is 0 with no
 * gradient: a batch drawn uniformly from labeled ∪ unlabeled data may hold no labeled row at all.
 */
public final class CrossEntropy {
    private CrossEntropy() {}

    public static Loss of(Output logits, int[] labels) {
        return of(logits, labels, null);
    }

    /** @param weights per-example weights w_i (e.g. a confidence mask), or null for all ones */
    public static Loss of(Output logits, int[] labels, INDArray weights) {
        if (labels.length != logits.rows())
            throw new IllegalArgumentException("CrossEntropy: " + labels.length + " labels for " + logits.rows() + " rows");
        if (logits.rows() == 0) return Loss.constant(0);
        INDArray w = Rows.weights(weights, logits, "CrossEntropy");
        INDArray z = logits.value();
        INDArray target = Probabilities.oneHot(labels, (int) logits.columns(), z.dataType());
        INDArray perRow = Probabilities.logSoftmax(z).muli(target).sum(1).negi();
        // d/dz of −log softmax(z)_y = softmax(z) − onehot(y)
        INDArray grad = Probabilities.softmax(z).subi(target);
        return Loss.of(Rows.weightedMean(perRow, w), logits, Rows.scale(grad, w));
    }
}
