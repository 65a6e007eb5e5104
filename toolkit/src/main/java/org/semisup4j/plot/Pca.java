package org.semisup4j.plot;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.eigen.Eigen;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Principal component analysis with ND4J (eigen-decomposition of the covariance, in double
 * precision). Component signs are fixed so that each component's largest-magnitude loading is
 * positive, which makes projections reproducible across runs and BLAS builds.
 */
public final class Pca {

    private final INDArray mean;        // [1, d]
    private final INDArray components;  // [d, k], one component per column
    private final double[] explainedVarianceRatio;

    private Pca(INDArray mean, INDArray components, double[] explainedVarianceRatio) {
        this.mean = mean;
        this.components = components;
        this.explainedVarianceRatio = explainedVarianceRatio;
    }

    /** Fits the top {@code k} components of {@code data} ([n, d], n ≥ 2, k ≤ d). */
    public static Pca fit(INDArray data, int k) {
        if (data.rank() != 2 || data.rows() < 2) {
            throw new IllegalArgumentException("PCA: expected a [n, d] matrix with n >= 2, got shape "
                    + java.util.Arrays.toString(data.shape()));
        }
        int d = (int) data.columns();
        if (k < 1 || k > d) {
            throw new IllegalArgumentException("PCA: asked for " + k + " components of " + d + "-dimensional data");
        }
        INDArray x = data.castTo(DataType.DOUBLE).dup();
        INDArray mean = x.mean(true, 0);
        x.subiRowVector(mean);
        INDArray covariance = x.transpose().mmul(x).divi(x.rows() - 1);
        // syev: eigenvalues ascending, eigenvectors written over the matrix as columns
        INDArray eigenvalues = Eigen.symmetricGeneralizedEigenvalues(covariance, true);
        double total = Math.max(eigenvalues.sumNumber().doubleValue(), Double.MIN_VALUE);
        INDArray components = Nd4j.create(DataType.DOUBLE, d, k);
        double[] ratio = new double[k];
        for (int j = 0; j < k; j++) {
            int source = d - 1 - j;
            INDArray column = covariance.getColumn(source).dup();
            double largest = 0;
            for (int i = 0; i < d; i++) {
                double v = column.getDouble(i);
                largest = Math.abs(v) > Math.abs(largest) ? v : largest;
            }
            if (largest < 0) {
                column.negi();
            }
            components.putColumn(j, column);
            ratio[j] = Math.max(eigenvalues.getDouble(source), 0) / total;
        }
        return new Pca(mean, components, ratio);
    }

    /** Projects {@code data} ([n, d]) onto the components: [n, k] in double precision. */
    public INDArray project(INDArray data) {
        if (data.rank() != 2 || data.columns() != mean.columns()) {
            throw new IllegalArgumentException("PCA projection: expected [n, " + mean.columns() + "], got "
                    + java.util.Arrays.toString(data.shape()));
        }
        return data.castTo(DataType.DOUBLE).subRowVector(mean).mmul(components);
    }

    /** The components as columns of a [d, k] matrix. */
    public INDArray components() {
        return components.dup();
    }

    /** Share of the total variance each component explains. */
    public double[] explainedVarianceRatio() {
        return explainedVarianceRatio.clone();
    }
}
