package org.semisup4j.loss;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.Arrays;

/**
 * Neighbour Consistency Regularization (Iscen et al. 2022), the term: each example's prediction is pulled
 * toward a similarity-weighted average of its batch neighbours' predictions,
 *
 * <pre>
 *   v_i  = f_i / ‖f_i‖                         (L2-normalised penultimate features)
 *   s_ij = max(0, v_i·v_j)^γ                   for the k nearest neighbours j of i by cosine, j ≠ i
 *   q_i  = Σ_j s_ij / Σ_l s_il · softmax(z_j / T)
 *   ℓ    = T² · (1/N) Σ_i KL(q_i ‖ softmax(z_i / T))
 * </pre>
 *
 * The target q and the similarities are stop-gradient (read from values): only the example's own logits
 * receive gradient, as for any KL-to-target term, and the T² keeps the gradient scale independent of T as
 * in distillation. A row whose neighbours all have s = 0 gets its own prediction as target (no pull).
 */
public final class NeighbourConsistency {
    private NeighbourConsistency() {}

    /**
     * The neighbour-averaged targets q [N, C] for features [N, F] and logits [N, C]; {@code k} is capped at
     * N − 1.
     */
    public static INDArray target(INDArray features, INDArray logits, int k, double gamma, double temperature) {
        if (features.rank() != 2 || logits.rank() != 2 || features.size(0) != logits.size(0))
            throw new IllegalArgumentException("NeighbourConsistency: features " + Arrays.toString(features.shape())
                    + " and logits " + Arrays.toString(logits.shape()) + " must be [N, F] and [N, C] with the same N");
        if (k < 1) throw new IllegalArgumentException("NeighbourConsistency: k must be >= 1, got " + k);
        if (!(temperature > 0)) throw new IllegalArgumentException("NeighbourConsistency: temperature must be > 0, got " + temperature);
        int n = (int) features.size(0);
        INDArray p = Probabilities.softmax(logits.castTo(DataType.DOUBLE), temperature);
        INDArray q = p.dup();
        if (n < 2) return q.castTo(logits.dataType());
        int neighbours = Math.min(k, n - 1);
        double[][] cos = cosineSimilarities(features);
        double[][] probs = p.toDoubleMatrix();
        for (int i = 0; i < n; i++) {
            int[] nearest = nearest(cos[i], i, neighbours);
            double total = 0;
            double[] row = new double[probs[0].length];
            for (int j : nearest) {
                double s = Math.pow(Math.max(0, cos[i][j]), gamma);
                total += s;
                for (int c = 0; c < row.length; c++) row[c] += s * probs[j][c];
            }
            if (total > 0)
                for (int c = 0; c < row.length; c++) q.putScalar(i, c, row[c] / total);
        }
        return q.castTo(logits.dataType());
    }

    /**
     * The targets q [N, C] with neighbours taken from other rows than the batch — a memory of earlier steps'
     * features [M, F] and logits [M, C] ({@code org.semisup4j.propagate.FeatureBank}): q_i averages
     * softmax(z_j / T) over the k bank rows j most similar to row i, weighted by max(0, cos)^γ. A row whose
     * neighbours all have s = 0 gets its own prediction.
     */
    public static INDArray target(INDArray features, INDArray logits, INDArray neighbourFeatures, INDArray neighbourLogits,
                                  int k, double gamma, double temperature) {
        if (features.rank() != 2 || logits.rank() != 2 || features.size(0) != logits.size(0)
                || neighbourFeatures.rank() != 2 || neighbourLogits.rank() != 2 || neighbourFeatures.size(0) != neighbourLogits.size(0)
                || neighbourFeatures.size(1) != features.size(1) || neighbourLogits.size(1) != logits.size(1))
            throw new IllegalArgumentException("NeighbourConsistency: features " + Arrays.toString(features.shape()) + ", logits "
                    + Arrays.toString(logits.shape()) + ", neighbour features " + Arrays.toString(neighbourFeatures.shape())
                    + " and neighbour logits " + Arrays.toString(neighbourLogits.shape()) + " must be [N, F], [N, C], [M, F], [M, C]");
        if (k < 1) throw new IllegalArgumentException("NeighbourConsistency: k must be >= 1, got " + k);
        if (!(temperature > 0)) throw new IllegalArgumentException("NeighbourConsistency: temperature must be > 0, got " + temperature);
        INDArray q = Probabilities.softmax(logits.castTo(DataType.DOUBLE), temperature);
        double[][] probs = Probabilities.softmax(neighbourLogits.castTo(DataType.DOUBLE), temperature).toDoubleMatrix();
        double[][] cos = unit(features).mmul(unit(neighbourFeatures).transpose()).toDoubleMatrix();
        int neighbours = Math.min(k, probs.length);
        for (int i = 0; i < cos.length; i++) {
            double total = 0;
            double[] row = new double[probs[0].length];
            for (int j : nearest(cos[i], -1, neighbours)) {
                double s = Math.pow(Math.max(0, cos[i][j]), gamma);
                total += s;
                for (int c = 0; c < row.length; c++) row[c] += s * probs[j][c];
            }
            if (total > 0)
                for (int c = 0; c < row.length; c++) q.putScalar(i, c, row[c] / total);
        }
        return q.castTo(logits.dataType());
    }

    /** As {@link #of(INDArray, Output, int, double, double)} with the neighbours taken from a memory bank's rows. */
    public static Loss of(INDArray features, Output logits, INDArray neighbourFeatures, INDArray neighbourLogits,
                          int k, double gamma, double temperature) {
        INDArray q = target(features, logits.value(), neighbourFeatures, neighbourLogits, k, gamma, temperature);
        return Kl.toTarget(q, logits, temperature, null).times(temperature * temperature);
    }

    private static INDArray unit(INDArray features) {
        INDArray f = features.castTo(DataType.DOUBLE);
        return f.div(Transforms.max(f.norm2(1).reshape(f.size(0), 1), 1e-12, false));
    }

    /** T² · mean KL(q ‖ softmax(z / T)) with q = {@link #target}; gradient to the logits only. */
    public static Loss of(INDArray features, Output logits, int k, double gamma, double temperature) {
        INDArray q = target(features, logits.value(), k, gamma, temperature);
        return Kl.toTarget(q, logits, temperature, null).times(temperature * temperature);
    }

    /** Pairwise cos(f_i, f_j) of the rows of features [N, F]. */
    static double[][] cosineSimilarities(INDArray features) {
        INDArray f = features.castTo(DataType.DOUBLE);
        INDArray norms = Transforms.max(f.norm2(1).reshape(f.size(0), 1), 1e-12, false);
        INDArray v = f.div(norms);
        return v.mmul(v.transpose()).toDoubleMatrix();
    }

    /** Indices of the k largest similarities of a row, excluding {@code self}; ties go to the smaller index. */
    static int[] nearest(double[] similarities, int self, int k) {
        Integer[] order = new Integer[similarities.length];
        for (int j = 0; j < order.length; j++) order[j] = j;
        Arrays.sort(order, (a, b) -> {
            int c = Double.compare(similarities[b], similarities[a]);
            return c != 0 ? c : Integer.compare(a, b);
        });
        int[] out = new int[k];
        int taken = 0;
        for (int j = 0; j < order.length && taken < k; j++) if (order[j] != self) out[taken++] = order[j];
        return out;
    }

    /** The k nearest rows of every row of features [N, F] by cosine, self excluded ({@code k} capped at N − 1). */
    public static int[][] neighbours(INDArray features, int k) {
        double[][] cos = cosineSimilarities(features);
        int[][] out = new int[cos.length][];
        for (int i = 0; i < cos.length; i++) out[i] = nearest(cos[i], i, Math.min(k, cos.length - 1));
        return out;
    }

    /** Rows of a [N, N] similarity as an INDArray, for notebooks that draw the neighbour graph. */
    public static INDArray similarities(INDArray features) {
        return Nd4j.create(cosineSimilarities(features));
    }
}
