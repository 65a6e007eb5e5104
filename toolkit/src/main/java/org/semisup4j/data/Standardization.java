package org.semisup4j.data;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Per-column standardisation z = (x − mean) / std, with the statistics of one (training) set applied to any
 * other. Every absolute constant of the vector methods is in standardised units: the weak and strong
 * augmentations' Gaussian noise (σ 0.05 / 0.15), the Π-model's and Mean Teacher's input noise (0.15), VAT's ε,
 * feature masking to 0 (the mean). Features in their raw units (pixels 0..255, prices, counts) make those
 * perturbations too small on some columns and too large on others (CsvUnitsTest: the Π-model on the same two
 * moons reached 0.805 in standard units and 0.63 with columns in units ×255 and ×0.01), so {@link org.semisup4j.experiment.Experiment} standardises CSV
 * features with this before training. A column that is constant in the training set has std 0: it is only
 * centred (divided by 1), so it stays 0 rather than becoming NaN.
 */
public record Standardization(INDArray mean, INDArray std) {
    /** The population mean and standard deviation of each column of {@code train}'s features ([N, D]). */
    public static Standardization fit(Dataset train) {
        INDArray x = train.features();
        if (x.rank() != 2) throw new IllegalArgumentException("dataset '" + train.name() + "': standardisation needs vectors [N, D], got shape "
                + java.util.Arrays.toString(x.shape()));
        INDArray mean = x.mean(0);
        INDArray std = x.std(false, 0);
        std.addi(std.lte(0).castTo(std.dataType()));   // constant columns: divide by 1
        return new Standardization(mean, std);
    }

    /** {@code data} with every column shifted and scaled by these statistics. */
    public Dataset apply(Dataset data) {
        INDArray x = data.features();
        if (x.rank() != 2 || x.size(1) != mean.length())
            throw new IllegalArgumentException("dataset '" + data.name() + "': expected " + mean.length() + " feature columns to standardise, got shape "
                    + java.util.Arrays.toString(x.shape()));
        return new Dataset(data.name(), x.subRowVector(mean).divRowVector(std), data.labels(), data.classNames());
    }
}
