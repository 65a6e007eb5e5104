package org.semisup4j.loss;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ℓ = (1/N) Σ_i w_i · (−log softmax(z_i)_{y_i}): cross-entropy with hard labels. Over no rows it is 0 with no
 * gradient: a batch drawn uniformly from labeled ∪ unlabeled data may hold no labeled row at all.
 *
 * <p>Softmax, loss and gradient (w_i / N) · (softmax(z_i) − onehot(y_i)) come from one pass over the logits
 * in double precision. Why: as ND4J ops (max, shift, exp, sum, log, one-hot product, softmax again, then
 * the weighting) this term alone was ~17 native calls per step, a third of a small MLP's step time
 * (BENCHMARKS.md, engine notes); the logits are [batch, classes], a few thousand numbers at most.
 */
public final class CrossEntropy {
    private CrossEntropy() {}

    public static Loss of(Output logits, int[] labels) {
        return of(logits, labels, null);
    }

    /** @param weights per-example weights w_i (e.g. a confidence mask), or null for all ones */
    public static Loss of(Output logits, int[] labels, INDArray weights) {
        if (labels.length != logits.rows())
            throw new IllegalArgumentException("CrossEntropy: " + labels.length + " labels for " + logits.rows() + " rows");
        if (logits.rows() == 0) return Loss.constant(0);
        INDArray w = Rows.weights(weights, logits, "CrossEntropy");
        int n = labels.length, c = (int) logits.columns();
        INDArray v = logits.value();
        // Rows of a larger pass are views: read them through one dense copy.
        INDArray dense = v.isView() || v.ordering() != 'c' || v.data().length() != (long) n * c ? v.dup('c') : v;
        double[] z = dense.data().asDouble();
        double[] wi = w == null ? null : w.toDoubleVector();
        double[] grad = new double[n * c];
        double total = 0;
        for (int i = 0; i < n; i++) {
            if (labels[i] < 0 || labels[i] >= c)
                throw new IllegalArgumentException("label " + labels[i] + " at row " + i + " is outside 0.." + (c - 1));
            int row = i * c;
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < c; k++) max = Math.max(max, z[row + k]);
            double sum = 0;
            for (int k = 0; k < c; k++) sum += grad[row + k] = Math.exp(z[row + k] - max);
            double scale = (wi == null ? 1 : wi[i]) / n;
            // −log softmax(z)_y = log Σ exp(z − max) − (z_y − max)
            total += scale * (Math.log(sum) - (z[row + labels[i]] - max));
            for (int k = 0; k < c; k++) grad[row + k] = scale * grad[row + k] / sum;
            grad[row + labels[i]] -= scale;
        }
        INDArray gradient = Nd4j.create(grad, new long[] {n, c}, logits.value().dataType());
        return Loss.of(total, logits, gradient);
    }
}
