package org.semisup4j.loss;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * ℓ = KL(p̄ ‖ uniform) = Σ_k p̄_k log p̄_k + log C, with p̄ = (1/N) Σ_i softmax(z_i) the batch's mean prediction:
 * 0 when the batch's predictions are spread evenly over the classes, log C when every row names one class.
 * A class-balance term (the marginal-entropy half of Krause et al.'s 2010 regularised information
 * maximisation): it stops a consistency loss from merging a class into its neighbours, which a per-row
 * loss cannot see.
 */
public final class MarginalEntropy {
    private MarginalEntropy() {}

    public static Loss of(Output logits) {
        INDArray z = logits.value();
        long n = z.size(0), c = z.size(1);
        if (n == 0) return Loss.constant(0);
        INDArray p = Probabilities.softmax(z);
        INDArray mean = p.mean(true, 0);
        INDArray logMean = Transforms.log(mean, true);
        double value = mean.mul(logMean).sumNumber().doubleValue() + Math.log(c);
        // dℓ/dz_ij = (1/N) p_ij (log p̄_j − Σ_k p_ik log p̄_k)
        INDArray expected = p.mulRowVector(logMean).sum(true, 1);
        INDArray grad = p.mul(logMean.broadcast(n, c).subColumnVector(expected)).divi(n);
        return Loss.of(value, logits, grad);
    }
}
