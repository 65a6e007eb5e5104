package org.semisup4j.loss;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Soft Dice loss of one class over all rows (pixels of a batch), as in the V-Net / UA-MT code:
 * ℓ = 1 − (2 Σ_i p_i y_i + s) / (Σ_i p_i² + Σ_i y_i² + s), p_i = softmax(z_i)_k, y_i = 1[label_i = k],
 * s = 1e-5. Pooling the whole batch (not per image) follows that code; it keeps images without the
 * class from dividing by zero.
 */
public final class SoftDice {
    public static final double SMOOTH = 1e-5;

    private SoftDice() {}

    /** Dice loss of class {@code k}. */
    public static Loss of(Output logits, int[] labels, int k) {
        if (labels.length != logits.rows())
            throw new IllegalArgumentException("SoftDice: " + labels.length + " labels for " + logits.rows() + " rows");
        if (k < 0 || k >= logits.columns())
            throw new IllegalArgumentException("SoftDice: class " + k + " outside 0.." + (logits.columns() - 1));
        INDArray p = Probabilities.softmax(logits.value());
        INDArray pk = p.getColumn(k).dup();
        double[] y = new double[labels.length];
        for (int i = 0; i < labels.length; i++) y[i] = labels[i] == k ? 1 : 0;
        INDArray yk = Nd4j.createFromArray(y).castTo(p.dataType());
        double intersect = pk.mul(yk).sumNumber().doubleValue();
        double denominator = pk.mul(pk).sumNumber().doubleValue() + yk.sumNumber().doubleValue() + SMOOTH; // y² = y
        double numerator = 2 * intersect + SMOOTH;
        double value = 1 - numerator / denominator;
        // dℓ/dp_i = −(2 y_i D − N · 2 p_i) / D²
        INDArray dPk = yk.mul(-2 * denominator).addi(pk.mul(2 * numerator)).divi(denominator * denominator);
        INDArray dLossDp = Nd4j.zeros(p.dataType(), p.shape());
        dLossDp.putColumn(k, dPk.reshape(-1, 1));
        return Loss.of(value, logits, SoftmaxMse.throughSoftmax(p, dLossDp));
    }

    /** Mean Dice loss over the foreground classes 1..C−1 (class 0 = background). */
    public static Loss foreground(Output logits, int[] labels) {
        int classes = (int) logits.columns();
        if (classes < 2) throw new IllegalArgumentException("SoftDice: foreground needs at least 2 classes, got " + classes);
        Loss sum = null;
        for (int k = 1; k < classes; k++) sum = sum == null ? of(logits, labels, k) : sum.plus(of(logits, labels, k));
        return sum.times(1.0 / (classes - 1));
    }
}
