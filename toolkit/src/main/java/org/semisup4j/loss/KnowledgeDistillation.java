package org.semisup4j.loss;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * ℓ = (1/N) Σ_i w_i · τ² · KL(p_t,i^τ ‖ softmax(z_i / τ)): Hinton et al.'s distillation term, the student's
 * tempered prediction pulled towards the teacher's tempered probabilities p_t^τ. The τ² keeps the gradient's
 * scale independent of τ (the 1/τ of the chain rule appears twice), so the term mixes with cross-entropy at
 * any temperature.
 */
public final class KnowledgeDistillation {
    private KnowledgeDistillation() {}

    /**
     * @param teacherProbs p_t^τ: the teacher's probabilities at the same temperature, [N, C], constants
     * @param weights      per-example weights w_i (AMAL's 1 − w_i), or null for all ones
     */
    public static Loss of(Output logits, INDArray teacherProbs, double temperature, INDArray weights) {
        if (!(temperature > 0)) throw new IllegalArgumentException("KnowledgeDistillation: temperature must be > 0, got " + temperature);
        if (logits.rows() == 0) return Loss.constant(0);
        return Kl.toTarget(teacherProbs, logits, temperature, weights).times(temperature * temperature);
    }
}
