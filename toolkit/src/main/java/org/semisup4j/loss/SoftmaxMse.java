package org.semisup4j.loss;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * ℓ = (1/N) Σ_i w_i · (1/C) ‖softmax(z_i) − t_i‖²: the squared-error consistency of the Π-model,
 * Temporal Ensembling and Mean Teacher (their code divides the class sum by C).
 */
public final class SoftmaxMse {
    private SoftmaxMse() {}

    /** Against constant target probabilities t (a teacher's or an ensemble's prediction). */
    public static Loss toTarget(Output logits, INDArray targetProbs) {
        return toTarget(logits, targetProbs, null);
    }

    public static Loss toTarget(Output logits, INDArray targetProbs, INDArray weights) {
        Shapes.requireSame("SoftmaxMse", "target", targetProbs, logits);
        INDArray w = Rows.weights(weights, logits, "SoftmaxMse");
        INDArray p = Probabilities.softmax(logits.value());
        INDArray diff = p.sub(targetProbs.castTo(p.dataType()));
        double c = logits.columns();
        double value = Rows.weightedMean(diff.mul(diff).sum(1).divi(c), w);
        return Loss.of(value, logits, Rows.scale(throughSoftmax(p, diff.muli(2.0 / c)), w));
    }

    /** Between two stochastic passes, both receiving gradient (the Π-model's two branches). */
    public static Loss between(Output a, Output b) {
        Shapes.requireSame("SoftmaxMse", "second output", b.value(), a);
        INDArray pa = Probabilities.softmax(a.value());
        INDArray pb = Probabilities.softmax(b.value());
        INDArray diff = pa.sub(pb);
        double c = a.columns();
        double value = Rows.weightedMean(diff.mul(diff).sum(1).divi(c), null);
        INDArray dPa = diff.mul(2.0 / c);
        return Loss.of(value, a, Rows.scale(throughSoftmax(pa, dPa), null))
                .plus(Loss.of(0.0, b, Rows.scale(throughSoftmax(pb, dPa.neg()), null)));
    }

    /** Chain rule through softmax: J^T g with J = diag(p) − p pᵀ, i.e. p ⊙ (g − ⟨p, g⟩). */
    static INDArray throughSoftmax(INDArray p, INDArray dLossDp) {
        INDArray inner = p.mul(dLossDp).sum(true, 1);
        return dLossDp.subColumnVector(inner).muli(p);
    }
}
