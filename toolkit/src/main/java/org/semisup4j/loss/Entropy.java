package org.semisup4j.loss;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** ℓ = (1/N) Σ_i w_i · H(softmax(z_i)): entropy minimisation (Grandvalet & Bengio; VAT+EntMin). */
public final class Entropy {
    private Entropy() {}

    public static Loss of(Output logits) {
        return of(logits, null);
    }

    public static Loss of(Output logits, INDArray weights) {
        INDArray w = Rows.weights(weights, logits, "Entropy");
        INDArray logP = Probabilities.logSoftmax(logits.value());
        INDArray p = Transforms.exp(logP, true);
        INDArray h = p.mul(logP).sum(true, 1).negi();
        // dH/dz_k = −p_k (log p_k + H)
        INDArray grad = logP.addColumnVector(h).muli(p).negi();
        return Loss.of(Rows.weightedMean(h, w), logits, Rows.scale(grad, w));
    }
}
