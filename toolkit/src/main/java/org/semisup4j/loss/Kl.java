package org.semisup4j.loss;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * ℓ = (1/N) Σ_i w_i · KL(q_i ‖ softmax(z_i / T)) with a constant target distribution q (VAT's LDS, UDA's
 * consistency, distillation). With T ≠ 1 the gradient carries the 1/T of the chain rule; distillation's
 * customary T² factor is the caller's weight.
 */
public final class Kl {
    private Kl() {}

    public static Loss toTarget(INDArray target, Output logits) {
        return toTarget(target, logits, 1.0, null);
    }

    public static Loss toTarget(INDArray target, Output logits, INDArray weights) {
        return toTarget(target, logits, 1.0, weights);
    }

    public static Loss toTarget(INDArray target, Output logits, double temperature, INDArray weights) {
        Shapes.requireSame("Kl", "target", target, logits);
        INDArray w = Rows.weights(weights, logits, "Kl");
        INDArray z = logits.value().div(temperature);
        INDArray q = target.castTo(z.dataType());
        // Σ q log q with 0 log 0 = 0
        INDArray qLogQ = q.mul(Transforms.log(Transforms.max(q, 1e-30, true), false));
        INDArray perRow = qLogQ.subi(Probabilities.logSoftmax(z).muli(q)).sum(1);
        INDArray grad = Probabilities.softmax(z).muliColumnVector(q.sum(true, 1)).subi(q).divi(temperature);
        return Loss.of(Rows.weightedMean(perRow, w), logits, Rows.scale(grad, w));
    }
}
