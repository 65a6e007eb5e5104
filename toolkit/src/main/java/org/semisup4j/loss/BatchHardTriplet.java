package org.semisup4j.loss;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Batch-hard triplet loss (Hermans et al. 2017), the S4L-Exemplar term: rows with the same group id are
 * augmented copies of one image. With x̂ = h/‖h‖ (embeddings on the unit sphere, so the margin has a fixed
 * scale) and d(a, b) = ‖x̂_a − x̂_b‖,
 * <pre>
 *   ℓ = (1/A) Σ_a max(0, m + max_{p: g_p = g_a, p ≠ a} d(a, p) − min_{n: g_n ≠ g_a} d(a, n))
 * </pre>
 * over the A anchors that have both a positive and a negative: each row's farthest copy is pulled closer
 * than its nearest other image by the margin m. ‖h‖ is computed as √(Σh² + 1e−12), so an all-zero ReLU
 * feature row has a defined, finite gradient.
 */
public final class BatchHardTriplet {
    private static final double NORM_FLOOR = 1e-12;

    private BatchHardTriplet() {}

    /**
     * @param embeddings h [N, F]
     * @param groups     N group ids: equal ids are copies of one image
     * @param margin     m (S4L: 0.5)
     */
    public static Loss of(Output embeddings, int[] groups, double margin) {
        int n = (int) embeddings.rows(), f = (int) embeddings.columns();
        if (groups.length != n)
            throw new IllegalArgumentException("BatchHardTriplet: " + groups.length + " group ids for " + n + " rows");
        double[][] h = embeddings.value().castTo(DataType.DOUBLE).toDoubleMatrix();
        double[] norm = new double[n];
        double[][] x = new double[n][f];
        for (int i = 0; i < n; i++) {
            double s = NORM_FLOOR;
            for (double v : h[i]) s += v * v;
            norm[i] = Math.sqrt(s);
            for (int k = 0; k < f; k++) x[i][k] = h[i][k] / norm[i];
        }
        double[][] d = new double[n][n];
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++) {
                double s = 0;
                for (int k = 0; k < f; k++) s += (x[i][k] - x[j][k]) * (x[i][k] - x[j][k]);
                d[i][j] = d[j][i] = Math.sqrt(s);
            }
        double total = 0;
        int anchors = 0;
        double[][] gx = new double[n][f];   // dℓ/dx̂, before the 1/A
        for (int a = 0; a < n; a++) {
            int p = -1, q = -1;
            for (int j = 0; j < n; j++) {
                if (j == a) continue;
                if (groups[j] == groups[a]) { if (p < 0 || d[a][j] > d[a][p]) p = j; }
                else if (q < 0 || d[a][j] < d[a][q]) q = j;
            }
            if (p < 0 || q < 0) continue;
            anchors++;
            double hinge = margin + d[a][p] - d[a][q];
            if (hinge <= 0) continue;
            total += hinge;
            addDistanceGradient(gx, x, d, a, p, +1);
            addDistanceGradient(gx, x, d, a, q, -1);
        }
        if (anchors == 0) return Loss.constant(0);
        double[][] gh = new double[n][f];
        for (int i = 0; i < n; i++) {
            // x̂ = h/‖h‖: dℓ/dh = g/‖h‖ − h (h·g)/‖h‖³
            double hg = 0;
            for (int k = 0; k < f; k++) hg += h[i][k] * gx[i][k];
            for (int k = 0; k < f; k++)
                gh[i][k] = (gx[i][k] / norm[i] - h[i][k] * hg / (norm[i] * norm[i] * norm[i])) / anchors;
        }
        INDArray gradient = Nd4j.create(gh).castTo(embeddings.value().dataType());
        return Loss.of(total / anchors, embeddings, gradient);
    }

    /** Adds sign · d(d(a, b))/dx̂ to the rows a and b (nothing when the two coincide). */
    private static void addDistanceGradient(double[][] gx, double[][] x, double[][] d, int a, int b, int sign) {
        if (d[a][b] == 0) return;
        for (int k = 0; k < x[a].length; k++) {
            double g = sign * (x[a][k] - x[b][k]) / d[a][b];
            gx[a][k] += g;
            gx[b][k] -= g;
        }
    }
}
