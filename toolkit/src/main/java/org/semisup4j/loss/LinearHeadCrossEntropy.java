package org.semisup4j.loss;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * ℓ = (1/N) Σ_i −log softmax(h_i·W + b)_{y_i}: cross-entropy of a linear head on a model's features h (S4L's
 * rotation head, y the rotation). The loss carries its gradient into the features, dℓ/dh = G·Wᵀ with
 * G = dℓ/dz = (softmax(z) − onehot(y))/N, so the backbone learns from it; the head's own gradients
 * dℓ/dW = hᵀ·G and dℓ/db = Σ_i G_i are returned for its optimizer.
 */
public final class LinearHeadCrossEntropy {
    private LinearHeadCrossEntropy() {}

    /**
     * @param loss           the term, with its gradient w.r.t. {@code features}
     * @param logits         the head's logits z [N, K]
     * @param weightGradient dℓ/dW [F, K]
     * @param biasGradient   dℓ/db [1, K]
     */
    public record Result(Loss loss, INDArray logits, INDArray weightGradient, INDArray biasGradient) {
        /** Share of rows whose head argmax is their label (e.g. rotation accuracy). */
        public double accuracy(int[] labels) {
            if (labels.length == 0) return 0;
            long[] predicted = logits.argMax(1).toLongVector();
            int right = 0;
            for (int i = 0; i < labels.length; i++) if (predicted[i] == labels[i]) right++;
            return (double) right / labels.length;
        }
    }

    /**
     * @param features h [N, F] (an output of the step's pass)
     * @param weights  W [F, K]
     * @param bias     b [1, K]
     * @param labels   N labels in 0..K−1
     */
    public static Result of(Output features, INDArray weights, INDArray bias, int[] labels) {
        if (features.columns() != weights.size(0))
            throw new IllegalArgumentException("LinearHeadCrossEntropy: features have " + features.columns()
                    + " columns but the head reads " + weights.size(0));
        INDArray h = features.value();
        INDArray w = weights.castTo(h.dataType());
        INDArray z = h.mmul(w).addiRowVector(bias.castTo(h.dataType()));
        Output logits = Output.of(z);
        Loss ce = CrossEntropy.of(logits, labels);
        INDArray g = ce.gradient(logits);
        return new Result(Loss.of(ce.value(), features, g.mmul(w.transpose())), z, h.transpose().mmul(g), g.sum(true, 0));
    }
}
