package org.semisup4j.loss;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * UA-MT's masked consistency (Yu et al. 2019, their code): ℓ = Σ_i m_i Σ_c (softmax(z_i)_c − t_ic)² /
 * (2 Σ_i m_i + 1e-16), with a 0/1 (or any non-negative) mask m over rows — examples, or pixels of a
 * segmentation model. Unlike {@link SoftmaxMse} it sums over classes and normalises by the number of
 * kept rows rather than all rows, so its size does not shrink as the mask empties.
 */
public final class MaskedSoftmaxMse {
    /** The 1e-16 of the reference code: an empty mask gives 0, not 0/0. */
    public static final double EMPTY_MASK_GUARD = 1e-16;

    private MaskedSoftmaxMse() {}

    public static Loss of(Output logits, INDArray targetProbs, INDArray mask) {
        Shapes.requireSame("MaskedSoftmaxMse", "target", targetProbs, logits);
        if (mask == null || mask.length() != logits.rows())
            throw new IllegalArgumentException("MaskedSoftmaxMse: mask must have one entry per row (" + logits.rows() + "), got "
                    + (mask == null ? "null" : mask.length()));
        INDArray m = mask.reshape(logits.rows(), 1).castTo(logits.value().dataType());
        INDArray p = Probabilities.softmax(logits.value());
        INDArray diff = p.sub(targetProbs.castTo(p.dataType()));
        double denominator = 2 * m.sumNumber().doubleValue() + EMPTY_MASK_GUARD;
        double value = diff.mul(diff).muliColumnVector(m).sumNumber().doubleValue() / denominator;
        INDArray dLossDp = diff.muliColumnVector(m).muli(2.0 / denominator);
        return Loss.of(value, logits, SoftmaxMse.throughSoftmax(p, dLossDp));
    }
}
