package org.semisup4j.loss;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * ℓ = (1/N) Σ_i w_i · (−Σ_c q_ic log softmax(z_i)_c) for soft targets q (e.g. sharpened guesses, MixUp
 * labels, teacher probabilities). Targets are constants: no gradient flows into them.
 */
public final class SoftCrossEntropy {
    private SoftCrossEntropy() {}

    public static Loss of(Output logits, INDArray targets) {
        return of(logits, targets, null);
    }

    public static Loss of(Output logits, INDArray targets, INDArray weights) {
        Shapes.requireSame("SoftCrossEntropy", "targets", targets, logits);
        INDArray w = Rows.weights(weights, logits, "SoftCrossEntropy");
        INDArray z = logits.value();
        INDArray q = targets.castTo(z.dataType());
        INDArray perRow = Probabilities.logSoftmax(z).muli(q).sum(1).negi();
        // d/dz = p · Σ_c q_c − q, which is p − q when each target row sums to 1 (not assumed here)
        INDArray grad = Probabilities.softmax(z).muliColumnVector(q.sum(true, 1)).subi(q);
        return Loss.of(Rows.weightedMean(perRow, w), logits, Rows.scale(grad, w));
    }
}
