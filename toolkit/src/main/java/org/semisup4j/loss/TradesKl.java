package org.semisup4j.loss;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * TRADES' robustness term (Zhang et al. 2019), ℓ = (1/N) Σ_i KL(softmax(z_i) ‖ softmax(z̃_i)) between the
 * clean logits z and the logits z̃ of the attacked input. Unlike {@link Kl#toTarget} both sides send gradient
 * (the reference code differentiates through the clean prediction too):
 * <pre>
 *   ∂ℓ/∂z̃_i = (q_i − p_i)/N                      p = softmax(z), q = softmax(z̃)
 *   ∂ℓ/∂z_i  = p_i ⊙ (log p_i − log q_i − KL_i)/N
 * </pre>
 */
public final class TradesKl {
    private TradesKl() {}

    public static Loss of(Output clean, Output attacked) {
        Shapes.requireSame("TradesKl", "clean logits", clean.value(), attacked);
        if (clean.rows() == 0) return Loss.constant(0);
        INDArray logP = Probabilities.logSoftmax(clean.value()), logQ = Probabilities.logSoftmax(attacked.value());
        INDArray p = Probabilities.softmax(clean.value()), q = Probabilities.softmax(attacked.value());
        INDArray logRatio = logP.sub(logQ);
        INDArray perRow = p.mul(logRatio).sum(true, 1);
        INDArray gradClean = p.mul(logRatio.subColumnVector(perRow));
        INDArray gradAttacked = q.sub(p);
        double value = Rows.weightedMean(perRow, null);
        return Loss.of(value, clean, Rows.scale(gradClean, null)).plus(Loss.of(0, attacked, Rows.scale(gradAttacked, null)));
    }
}
