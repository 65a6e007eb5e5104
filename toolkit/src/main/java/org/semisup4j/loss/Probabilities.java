package org.semisup4j.loss;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Row-wise probability helpers over [N, C] arrays: softmax, sharpening, confidence masks. */
public final class Probabilities {
    private Probabilities() {}

    /** softmax(z / T) per row, computed stably. */
    public static INDArray softmax(INDArray logits) {
        INDArray shifted = logits.subColumnVector(logits.max(true, 1));
        INDArray e = Transforms.exp(shifted, false);
        return e.diviColumnVector(e.sum(true, 1));
    }

    /** softmax of logits / temperature. */
    public static INDArray softmax(INDArray logits, double temperature) {
        return softmax(logits.div(temperature));
    }

    /** log softmax per row, computed stably. */
    public static INDArray logSoftmax(INDArray logits) {
        INDArray shifted = logits.subColumnVector(logits.max(true, 1));
        INDArray logSum = Transforms.log(Transforms.exp(shifted, true).sum(true, 1), false);
        return shifted.subiColumnVector(logSum);
    }

    /** Sharpening (MixMatch, UDA): q_c ∝ p_c^{1/T}. T → 0 gives one-hot, T = 1 leaves p unchanged. */
    public static INDArray sharpen(INDArray probs, double temperature) {
        if (!(temperature > 0)) throw new IllegalArgumentException("temperature must be > 0, got " + temperature);
        INDArray powered = Transforms.pow(probs, 1.0 / temperature, true);
        return powered.diviColumnVector(powered.sum(true, 1));
    }

    /** Index of the largest entry per row (the first one on ties). */
    public static int[] argmax(INDArray probs) {
        return probs.argMax(1).toIntVector();
    }

    /** Largest entry per row, as an [N] array. */
    public static INDArray maxProbability(INDArray probs) {
        return probs.max(1);
    }

    /** 1[max_c p_c ≥ threshold] per row, as an [N] array of 0/1 in the probabilities' data type. */
    public static INDArray confidenceMask(INDArray probs, double threshold) {
        return probs.max(1).gte(threshold).castTo(probs.dataType());
    }

    /** Fraction of rows that pass a mask. */
    public static double rate(INDArray mask) {
        return mask.length() == 0 ? 0 : mask.sumNumber().doubleValue() / mask.length();
    }

    /** One-hot rows for integer labels. */
    public static INDArray oneHot(int[] labels, int numClasses, DataType type) {
        INDArray out = Nd4j.zeros(type, labels.length, numClasses);
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses)
                throw new IllegalArgumentException("label " + labels[i] + " at row " + i + " is outside 0.." + (numClasses - 1));
            out.putScalar(i, labels[i], 1.0);
        }
        return out;
    }

    /** Predictive entropy per row, in nats: −Σ_c p_c log p_c. */
    public static INDArray entropy(INDArray probs) {
        INDArray logP = Transforms.log(Transforms.max(probs, 1e-30, true), false);
        return probs.mul(logP).sum(1).negi();
    }
}
