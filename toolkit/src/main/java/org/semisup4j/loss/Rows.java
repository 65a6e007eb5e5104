package org.semisup4j.loss;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Shared bookkeeping of the built-in terms: per-example weights and the mean over rows. */
final class Rows {
    private Rows() {}

    /** Checks that weights (may be null = all ones) fit the rows of the output. */
    static INDArray weights(INDArray weights, Output output, String term) {
        if (weights == null) return null;
        if (weights.length() != output.rows())
            throw new IllegalArgumentException(term + ": weights has " + weights.length()
                    + " entries but the output has " + output.rows() + " rows");
        return weights.reshape(output.rows(), 1).castTo(output.value().dataType());
    }

    /** (1/N) Σ_i w_i ℓ_i for per-row losses ℓ [N,1] or [N]. */
    static double weightedMean(INDArray perRow, INDArray weights) {
        long n = perRow.length();
        if (n == 0) return 0;
        INDArray l = perRow.reshape(n, 1);
        return (weights == null ? l.sumNumber() : l.mul(weights).sumNumber()).doubleValue() / n;
    }

    /** Scales per-row gradients by w_i / N in place. */
    static INDArray scale(INDArray perRowGradient, INDArray weights) {
        long n = perRowGradient.size(0);
        if (n == 0) return perRowGradient;
        if (weights != null) perRowGradient.muliColumnVector(weights);
        return perRowGradient.divi(n);
    }
}
