package org.semisup4j.propagate;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Arrays;

/**
 * Transductive label inference on a {@link KnnGraph}: the classic baseline of neighbour-consistency
 * methods. Takes features and a partial labeling (−1 = unlabeled) and returns soft labels for every point.
 *
 * <ul>
 *   <li>{@link #propagation()} — label propagation (Zhu &amp; Ghahramani 2002): F ← D⁻¹W F, with the labeled
 *       rows clamped back to their one-hot labels after every step. Given labels are never changed.</li>
 *   <li>{@link #spreading(double)} — label spreading (Zhou et al. 2004): F ← α S F + (1 − α) Y with
 *       S = D^{-1/2} W D^{-1/2}. Labels are not clamped, so a label that disagrees with its neighbourhood can
 *       be overruled — which is what makes spreading a baseline for noisy labels.</li>
 * </ul>
 * Iteration stops when no entry of F moves by more than {@code tolerance}, or after {@code maxIterations}.
 * Rows are normalised to sum to 1 at the end; a point in a component without any label gets 1/C everywhere
 * and no predicted class (−1): it is not a guess of class 0, and {@link Result#accuracy} counts it as wrong.
 */
public final class LabelPropagation {
    private final boolean clamp;
    private final double alpha;
    private final int k;
    private final KnnGraph.Affinity affinity;
    private final int maxIterations;
    private final double tolerance;

    private LabelPropagation(boolean clamp, double alpha, int k, KnnGraph.Affinity affinity, int maxIterations, double tolerance) {
        if (!clamp && !(alpha > 0 && alpha < 1)) throw new IllegalArgumentException("label spreading needs 0 < alpha < 1, got " + alpha);
        if (k < 1) throw new IllegalArgumentException("label propagation needs k >= 1 neighbours, got " + k);
        if (maxIterations < 1) throw new IllegalArgumentException("label propagation needs maxIterations >= 1, got " + maxIterations);
        this.clamp = clamp;
        this.alpha = alpha;
        this.k = k;
        this.affinity = affinity;
        this.maxIterations = maxIterations;
        this.tolerance = tolerance;
    }

    /** Zhu &amp; Ghahramani's propagation with clamped labels; 10 neighbours, Gaussian weights. */
    public static LabelPropagation propagation() {
        return new LabelPropagation(true, 0, 10, KnnGraph.Affinity.GAUSSIAN, 1000, 1e-6);
    }

    /** Zhou et al.'s spreading with the given α (0.99 in the paper); 10 neighbours, Gaussian weights. */
    public static LabelPropagation spreading(double alpha) {
        return new LabelPropagation(false, alpha, 10, KnnGraph.Affinity.GAUSSIAN, 1000, 1e-6);
    }

    public LabelPropagation neighbours(int k) {
        return new LabelPropagation(clamp, alpha, k, affinity, maxIterations, tolerance);
    }

    public LabelPropagation affinity(KnnGraph.Affinity a) {
        return new LabelPropagation(clamp, alpha, k, a, maxIterations, tolerance);
    }

    public LabelPropagation iterations(int max, double tolerance) {
        return new LabelPropagation(clamp, alpha, k, affinity, max, tolerance);
    }

    /**
     * Soft labels [N, C] and their argmax (−1 where no label reached the point: its soft label is uniform).
     *
     * @param iterations how many updates ran
     * @param converged  whether the last update moved every entry by at most the tolerance
     */
    public record Result(INDArray probabilities, int[] predicted, int iterations, boolean converged) {
        /**
         * Share of the given labels (−1 skipped) that {@link #predicted()} agrees with; a point no label
         * reached counts as wrong.
         */
        public double accuracy(int[] truth) {
            int counted = 0, correct = 0;
            for (int i = 0; i < truth.length; i++) {
                if (truth[i] < 0) continue;
                counted++;
                if (predicted[i] == truth[i]) correct++;
            }
            return counted == 0 ? Double.NaN : (double) correct / counted;
        }

        /** Share of the points that some label reached (those with a predicted class). */
        public double coverage() {
            int reached = 0;
            for (int p : predicted) if (p >= 0) reached++;
            return predicted.length == 0 ? Double.NaN : (double) reached / predicted.length;
        }
    }

    /** Builds the k-NN graph of {@code features} [N, D] and infers labels on it. */
    public Result fit(INDArray features, int[] labels, int numClasses) {
        if (labels.length != features.size(0))
            throw new IllegalArgumentException("label propagation: " + labels.length + " labels for " + features.size(0) + " feature rows");
        return fit(KnnGraph.build(features, k, affinity), labels, numClasses);
    }

    /**
     * Soft labels for {@code queries} [M, D] (e.g. a test set), inferred transductively: one graph over the
     * rows of {@code features} and the queries together, the queries unlabeled. The result has the M query rows.
     */
    public Result predict(INDArray features, int[] labels, INDArray queries, int numClasses) {
        if (labels.length != features.size(0))
            throw new IllegalArgumentException("label propagation: " + labels.length + " labels for " + features.size(0) + " feature rows");
        int n = labels.length, m = (int) queries.size(0);
        int[] all = Arrays.copyOf(labels, n + m);
        Arrays.fill(all, n, n + m, -1);
        INDArray stacked = Nd4j.vstack(features.castTo(DataType.FLOAT), queries.castTo(DataType.FLOAT));
        Result r = fit(stacked, all, numClasses);
        INDArray queryProbabilities = r.probabilities().get(NDArrayIndex.interval(n, n + m), NDArrayIndex.all()).dup();
        return new Result(queryProbabilities, Arrays.copyOfRange(r.predicted(), n, n + m), r.iterations(), r.converged());
    }

    /** Infers labels on a given graph; {@code labels[i] = −1} marks an unlabeled point. */
    public Result fit(KnnGraph graph, int[] labels, int numClasses) {
        int n = graph.size();
        if (labels.length != n)
            throw new IllegalArgumentException("label propagation: " + labels.length + " labels for a graph of " + n + " points");
        double[][] y = new double[n][numClasses];
        for (int i = 0; i < n; i++) {
            if (labels[i] < -1 || labels[i] >= numClasses)
                throw new IllegalArgumentException("label propagation: label " + labels[i] + " at row " + i
                        + " is neither -1 (unlabeled) nor a class in 0.." + (numClasses - 1));
            if (labels[i] >= 0) y[i][labels[i]] = 1;
        }
        int[][] nb = graph.neighbourArrays();
        double[][] w = graph.weightArrays();
        double[] degree = new double[n];
        for (int i = 0; i < n; i++) degree[i] = graph.degree(i);

        double[][] f = copy(y), next = new double[n][numClasses];
        int it = 0;
        boolean converged = false;
        while (it < maxIterations && !converged) {
            double change = 0;
            for (int i = 0; i < n; i++) {
                double[] row = next[i];
                Arrays.fill(row, 0);
                if (clamp && labels[i] >= 0) {
                    System.arraycopy(y[i], 0, row, 0, numClasses);
                } else {
                    for (int e = 0; e < nb[i].length; e++) {
                        int j = nb[i][e];
                        // propagation: row-normalised W; spreading: symmetric normalisation D^{-1/2} W D^{-1/2}
                        double s = clamp ? w[i][e] / degree[i] : w[i][e] / Math.sqrt(degree[i] * degree[j]);
                        if (!(s > 0)) continue;
                        for (int c = 0; c < numClasses; c++) row[c] += s * f[j][c];
                    }
                    if (!clamp) for (int c = 0; c < numClasses; c++) row[c] = alpha * row[c] + (1 - alpha) * y[i][c];
                }
                for (int c = 0; c < numClasses; c++) change = Math.max(change, Math.abs(row[c] - f[i][c]));
            }
            double[][] t = f;
            f = next;
            next = t;
            it++;
            converged = change <= tolerance;
        }
        INDArray probs = Nd4j.create(DataType.FLOAT, n, numClasses);
        int[] predicted = new int[n];
        for (int i = 0; i < n; i++) {
            double sum = 0;
            for (double v : f[i]) sum += v;
            int best = 0;
            for (int c = 0; c < numClasses; c++) {
                double p = sum > 0 ? f[i][c] / sum : 1.0 / numClasses;
                probs.putScalar(i, c, p);
                if (f[i][c] > f[i][best]) best = c;
            }
            predicted[i] = sum > 0 ? best : -1;
        }
        return new Result(probs, predicted, it, converged);
    }

    /**
     * Label propagation as a training term on a batch: the batch rows join a graph with the bank's rows
     * (whose labels are given, −1 for unlabeled), labels are propagated, and the batch's logits are pulled
     * toward their propagated soft labels by a soft cross-entropy (targets constant). Rows no label reached
     * get weight 0. Needs no trainer: call it inside a method's loss with the pass's logits and features.
     *
     * @param logits        the batch's logits from the training pass [N, C]
     * @param batchFeatures the batch's features [N, F] (values; they receive no gradient)
     * @param bank          earlier rows with their labels (e.g. the labeled set's and recent unlabeled features)
     */
    public org.semisup4j.loss.Loss term(org.semisup4j.loss.Output logits, INDArray batchFeatures, FeatureBank bank) {
        int classes = (int) logits.columns();
        Result r = predict(bank.features(), bank.labels(), batchFeatures, classes);
        INDArray weights = Nd4j.create(DataType.FLOAT, r.predicted().length);
        for (int i = 0; i < r.predicted().length; i++) weights.putScalar(i, r.predicted()[i] >= 0 ? 1 : 0);
        return org.semisup4j.loss.SoftCrossEntropy.of(logits, r.probabilities(), weights);
    }

    private static double[][] copy(double[][] a) {
        double[][] out = new double[a.length][];
        for (int i = 0; i < a.length; i++) out[i] = a[i].clone();
        return out;
    }

    @Override
    public String toString() {
        return (clamp ? "label propagation" : "label spreading (α=" + alpha + ")") + ", " + k + "-NN graph, "
                + affinity.name().toLowerCase() + " weights";
    }
}
