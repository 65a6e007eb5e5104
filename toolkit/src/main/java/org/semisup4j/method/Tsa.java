package org.semisup4j.method;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Locale;

/**
 * Training Signal Annealing (UDA, Xie et al. 2020): a labeled example whose correct-class probability
 * already exceeds η_t = α_t·(1 − 1/C) + 1/C is left out of the supervised loss at step t, so the few labels
 * are not memorised before the unlabeled signal has had its say. With s = step / total:
 * linear α_t = s, exp α_t = e^{5(s−1)} (slow start: few labels, prone to overfit), log α_t = 1 − e^{−5s}
 * (fast start), none α_t = 1 (η = 1: nothing is dropped).
 */
public enum Tsa {
    NONE, LINEAR, EXP, LOG;

    /** Reads "none", "linear", "exp" or "log" (case-insensitive). */
    public static Tsa parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("TSA schedule '" + name + "': expected none, linear, exp or log");
        }
    }

    /** α_t at progress s ∈ [0, 1]. */
    public double alpha(double s) {
        return switch (this) {
            case NONE -> 1.0;
            case LINEAR -> s;
            case EXP -> Math.exp(5 * (s - 1));
            case LOG -> 1 - Math.exp(-5 * s);
        };
    }

    /** η_t for {@code numClasses} classes at {@code step} of {@code total}. */
    public double threshold(int step, int total, int numClasses) {
        if (total <= 0) throw new IllegalArgumentException("TSA: total steps must be > 0, got " + total);
        double s = Math.min(1.0, Math.max(0.0, (double) step / total));
        return alpha(s) * (1 - 1.0 / numClasses) + 1.0 / numClasses;
    }

    /**
     * 1 for the labeled rows kept in the loss (correct-class probability ≤ η), 0 for those dropped, as an
     * [N] array of the probabilities' type.
     */
    public static INDArray keepMask(INDArray probabilities, int[] labels, double threshold) {
        if (labels.length != probabilities.size(0))
            throw new IllegalArgumentException("TSA: " + labels.length + " labels for " + probabilities.size(0) + " rows");
        INDArray keep = Nd4j.zeros(probabilities.dataType(), labels.length);
        for (int i = 0; i < labels.length; i++)
            if (probabilities.getDouble(i, labels[i]) <= threshold) keep.putScalar(i, 1.0);
        return keep;
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
