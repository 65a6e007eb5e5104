package org.semisup4j.propagate;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * A symmetric, weighted k-nearest-neighbour graph over feature rows: the graph of classic label
 * propagation and spreading. Each point links to its k nearest other points — by Euclidean distance for
 * {@link Affinity#GAUSSIAN}, by largest cosine for {@link Affinity#COSINE}; an edge found from either end is
 * kept (w_ij = w_ji), so the graph is undirected. Edge weights come from the {@link Affinity}.
 *
 * <p>Distances are computed in blocks of rows with one matrix product each (‖a‖² + ‖b‖² − 2a·b), so memory
 * stays O(block · N) and a few thousand points take well under a second.
 */
public final class KnnGraph {
    /** How a neighbour's distance and direction become an edge weight. */
    public enum Affinity {
        /**
         * exp(−d²/σ²) with σ² the mean squared distance of all k-NN pairs — a scale taken from the data, as
         * the papers leave σ to be tuned.
         */
        GAUSSIAN,
        /**
         * max(0, cos(x_i, x_j)), neighbours chosen by largest cosine: the similarity NCR uses on network
         * features. (Rows are scaled to unit length first: there ‖a − b‖² = 2 − 2 cos, so nearest is most similar.)
         */
        COSINE
    }

    private static final int BLOCK = 512;

    private final int[][] neighbours;
    private final double[][] weights;

    private KnnGraph(int[][] neighbours, double[][] weights) {
        this.neighbours = neighbours;
        this.weights = weights;
    }

    /** The k-NN graph of the rows of {@code features} [N, D]. */
    public static KnnGraph build(INDArray features, int k, Affinity affinity) {
        if (features.rank() != 2)
            throw new IllegalArgumentException("k-NN graph: features must be [N, D], got shape " + Arrays.toString(features.shape()));
        int n = (int) features.size(0);
        if (k < 1 || k >= n)
            throw new IllegalArgumentException("k-NN graph: k = " + k + " must be in 1.." + (n - 1) + " for " + n + " points");
        INDArray x = features.castTo(DataType.DOUBLE);
        if (affinity == Affinity.COSINE) {
            INDArray norms = x.norm2(true, 1);
            x = x.divColumnVector(org.nd4j.linalg.ops.transforms.Transforms.max(norms, 1e-300, true));
        }
        INDArray squaredNorms = x.mul(x).sum(1);
        int[][] nearest = new int[n][];
        double[][] squaredDistances = new double[n][];
        for (int start = 0; start < n; start += BLOCK) {
            int end = Math.min(n, start + BLOCK);
            INDArray rows = x.get(NDArrayIndex.interval(start, end), NDArrayIndex.all());
            // d²(i, j) = ‖x_i‖² + ‖x_j‖² − 2 x_i·x_j, for the block's rows against all points
            INDArray d2 = rows.mmul(x.transpose()).muli(-2).addiRowVector(squaredNorms)
                    .addiColumnVector(squaredNorms.get(NDArrayIndex.interval(start, end)).reshape(end - start, 1));
            double[][] block = d2.toDoubleMatrix();
            for (int r = 0; r < end - start; r++) selectNearest(block[r], start + r, k, nearest, squaredDistances);
        }
        double[][] w = new double[n][k];
        if (affinity == Affinity.GAUSSIAN) {
            double sigma2 = 0;
            for (double[] row : squaredDistances) for (double d : row) sigma2 += d;
            sigma2 /= (double) n * k;
            if (sigma2 <= 0) sigma2 = 1; // every neighbour coincides: all weights 1
            for (int i = 0; i < n; i++) for (int j = 0; j < k; j++) w[i][j] = Math.exp(-squaredDistances[i][j] / sigma2);
        } else {
            double[] norms = squaredNorms.toDoubleVector();   // 1, or 0 for a zero row
            for (int i = 0; i < n; i++)
                for (int j = 0; j < k; j++) {
                    int other = nearest[i][j];
                    // unit rows: cos = x_i·x_j = (‖x_i‖² + ‖x_j‖² − d²) / 2
                    double dot = (norms[i] + norms[other] - squaredDistances[i][j]) / 2;
                    w[i][j] = norms[i] == 0 || norms[other] == 0 ? 0 : Math.max(0, Math.min(1, dot));
                }
        }
        return symmetric(nearest, w);
    }

    /** The k smallest entries of {@code distances} other than {@code self}, nearest first. */
    private static void selectNearest(double[] distances, int self, int k, int[][] nearest, double[][] squaredDistances) {
        // max-heap of the k best so far, keyed by distance (ties: larger index first out, so results are stable)
        PriorityQueue<Integer> heap = new PriorityQueue<>(k + 1, (a, b) -> {
            int c = Double.compare(distances[b], distances[a]);
            return c != 0 ? c : Integer.compare(b, a);
        });
        for (int j = 0; j < distances.length; j++) {
            if (j == self) continue;
            if (heap.size() < k) heap.add(j);
            else {
                int worst = heap.peek();
                if (distances[j] < distances[worst] || (distances[j] == distances[worst] && j < worst)) {
                    heap.poll();
                    heap.add(j);
                }
            }
        }
        int[] idx = new int[k];
        double[] d = new double[k];
        for (int j = k - 1; j >= 0; j--) {
            idx[j] = heap.poll();
            d[j] = Math.max(0, distances[idx[j]]); // round-off can make a tiny distance negative
        }
        nearest[self] = idx;
        squaredDistances[self] = d;
    }

    private static KnnGraph symmetric(int[][] nearest, double[][] w) {
        int n = nearest.length;
        @SuppressWarnings("unchecked")
        Map<Integer, Double>[] edges = new Map[n];
        for (int i = 0; i < n; i++) edges[i] = new HashMap<>();
        for (int i = 0; i < n; i++)
            for (int j = 0; j < nearest[i].length; j++) {
                int other = nearest[i][j];
                edges[i].merge(other, w[i][j], Math::max);
                edges[other].merge(i, w[i][j], Math::max);
            }
        int[][] neighbours = new int[n][];
        double[][] weights = new double[n][];
        for (int i = 0; i < n; i++) {
            neighbours[i] = edges[i].keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
            weights[i] = new double[neighbours[i].length];
            for (int j = 0; j < neighbours[i].length; j++) weights[i][j] = edges[i].get(neighbours[i][j]);
        }
        return new KnnGraph(neighbours, weights);
    }

    public int size() {
        return neighbours.length;
    }

    /** Neighbours of point i (sorted indices; after symmetrisation there may be more than k). */
    public int[] neighbours(int i) {
        return neighbours[i].clone();
    }

    /** Edge weights of point i, aligned with {@link #neighbours(int)}. */
    public double[] weights(int i) {
        return weights[i].clone();
    }

    /** Weighted degree Σ_j w_ij. */
    public double degree(int i) {
        double d = 0;
        for (double w : weights[i]) d += w;
        return d;
    }

    /** Every edge once (i < j) as {i, j}, for drawing the graph. */
    public int[][] edges() {
        java.util.List<int[]> out = new java.util.ArrayList<>();
        for (int i = 0; i < neighbours.length; i++)
            for (int j : neighbours[i]) if (j > i) out.add(new int[]{i, j});
        return out.toArray(int[][]::new);
    }

    int[][] neighbourArrays() {
        return neighbours;
    }

    double[][] weightArrays() {
        return weights;
    }
}
