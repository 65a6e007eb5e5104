package org.semisup4j.method;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.semisup4j.loss.Probabilities;
import org.semisup4j.loss.Terms;

/**
 * Hard pseudo-labels from (stop-gradient) class probabilities: the argmax of each row and the confidence
 * mask 1[max_c p_c ≥ τ]. Shared by Pseudo-Label, FixMatch and ICL; also reports the mask rate and, against
 * hidden true labels, the pseudo-label accuracy — diagnostics only, never a training signal.
 *
 * @param labels        argmax of each row
 * @param mask          [N] 0/1 in the probabilities' data type
 * @param probabilities the probabilities the labels were read from
 */
public record PseudoLabels(int[] labels, INDArray mask, INDArray probabilities) {

    /** Labels and mask of {@code probabilities} [N, C] at confidence threshold {@code threshold}. */
    public static PseudoLabels of(INDArray probabilities, double threshold) {
        if (!(threshold >= 0 && threshold <= 1))
            throw new IllegalArgumentException("confidence threshold must be in [0, 1], got " + threshold);
        return new PseudoLabels(Probabilities.argmax(probabilities), Probabilities.confidenceMask(probabilities, threshold),
                probabilities);
    }

    /** Share of rows that pass the threshold. */
    public double maskRate() {
        return Probabilities.rate(mask);
    }

    /** Accuracy of the labels over the confident rows; NaN when no row is confident. */
    public double accuracyOfConfident(int[] truth) {
        return accuracy(truth, true);
    }

    /** Accuracy of the labels over all rows, confident or not. */
    public double accuracyOfAll(int[] truth) {
        return accuracy(truth, false);
    }

    private double accuracy(int[] truth, boolean confidentOnly) {
        if (truth.length != labels.length)
            throw new IllegalArgumentException(truth.length + " true labels for " + labels.length + " pseudo-labels");
        int counted = 0, correct = 0;
        for (int i = 0; i < labels.length; i++) {
            if (confidentOnly && mask.getDouble(i) == 0) continue;
            counted++;
            if (labels[i] == truth[i]) correct++;
        }
        return counted == 0 ? Double.NaN : (double) correct / counted;
    }

    /**
     * Adds {@code mask_rate}, {@code guess_accuracy} (all rows) and {@code pseudo_label_accuracy} (confident
     * rows; left out when none is confident, so no NaN reaches plots) to the terms' diagnostics.
     */
    public Terms report(Terms terms, int[] truth) {
        terms.diagnostic("mask_rate", maskRate());
        if (labels.length > 0) terms.diagnostic("guess_accuracy", accuracyOfAll(truth));
        double confident = accuracyOfConfident(truth);
        if (!Double.isNaN(confident)) terms.diagnostic("pseudo_label_accuracy", confident);
        return terms;
    }
}
