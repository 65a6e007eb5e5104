package org.semisup4j.loss;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * InfoNCE over a batch of (anchor, positive) pairs with cosine similarity: with â, p̂ the L2-normalised rows,
 * s_ij = â_i·p̂_j / τ and ℓ = −(1/N) Σ_i log( exp(s_ii) / Σ_j exp(s_ij) ) — row i's positive is p_i, the
 * other rows' positives are its negatives. Both anchors and positives receive gradient.
 */
public final class InfoNce {
    private static final double NORM_FLOOR = 1e-12;

    private InfoNce() {}

    public static Loss of(Output anchors, Output positives, double temperature) {
        Shapes.requireSame("InfoNce", "positives", positives.value(), anchors);
        if (!(temperature > 0)) throw new IllegalArgumentException("InfoNce: temperature must be > 0, got " + temperature);
        long n = anchors.rows();
        if (n == 0) return Loss.constant(0);
        INDArray aNorm = norms(anchors.value()), pNorm = norms(positives.value());
        INDArray a = anchors.value().div(aNorm), p = positives.value().div(pNorm);
        INDArray s = a.mmul(p.transpose()).divi(temperature);
        INDArray logSoftmax = Probabilities.logSoftmax(s);
        INDArray identity = eye(n, s);
        double value = -logSoftmax.mul(identity).sumNumber().doubleValue() / n;
        // dℓ/ds = (softmax(s) − I) / N, then through s = â p̂ᵀ / τ and the normalisations
        INDArray g = Transforms.exp(logSoftmax, false).subi(identity).divi(n * temperature);
        INDArray dA = g.mmul(p), dP = g.transpose().mmul(a);
        return Loss.of(value, anchors, throughNormalisation(a, aNorm, dA))
                .plus(Loss.of(0.0, positives, throughNormalisation(p, pNorm, dP)));
    }

    private static INDArray norms(INDArray x) {
        return Transforms.max(x.norm2(1).reshape(x.size(0), 1), NORM_FLOOR, false);
    }

    private static INDArray eye(long n, INDArray like) {
        return org.nd4j.linalg.factory.Nd4j.eye(n).castTo(like.dataType());
    }

    /** d/dx of a loss through x̂ = x/‖x‖: (g − x̂ (x̂·g)) / ‖x‖. */
    static INDArray throughNormalisation(INDArray unit, INDArray norm, INDArray g) {
        INDArray inner = unit.mul(g).sum(true, 1);
        return g.sub(unit.mulColumnVector(inner)).diviColumnVector(norm);
    }
}
