package org.semisup4j.experiment;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.semisup4j.data.Dataset;
import org.semisup4j.data.Datasets;
import org.semisup4j.train.RunConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The vector methods' perturbations (augmentation noise σ 0.05 / 0.15, Π-model and Mean Teacher input noise,
 * VAT's ε, masking to 0) are constants in standardised units. A CSV in its own units (pixels 0..16 or
 * 0..255, prices) gets perturbations of the wrong size, column by column (issue 13 found Π-model, Mean
 * Teacher and MixMatch below supervised on raw-pixel digits). So an {@link Experiment} standardises CSV
 * features with the training part's statistics, and the same data in any units trains the same model.
 */
class CsvUnitsTest {
    @TempDir
    Path dir;

    /** Two moons as CSV, each column mapped to x·scale + offset (its "units"). */
    private Path moonsCsv(String name, Dataset moons, double[] scale, double[] offset) throws IOException {
        INDArray x = moons.features();
        StringBuilder csv = new StringBuilder("a,b,const,label\n");
        for (int i = 0; i < moons.size(); i++)
            csv.append(String.format(Locale.ROOT, "%.6f,%.6f,7,%s%n", x.getDouble(i, 0) * scale[0] + offset[0],
                    x.getDouble(i, 1) * scale[1] + offset[1], moons.label(i) == 0 ? "upper" : "lower"));
        return Files.writeString(dir.resolve(name), csv);
    }

    private String spec(double[] scale, double[] offset, String tag) throws IOException {
        return spec(scale, offset, tag, 0);
    }

    private String spec(double[] scale, double[] offset, String tag, double testShift) throws IOException {
        Path train = moonsCsv(tag + "-train.csv", Datasets.twoMoons(400, 0.1, 0), scale, offset);
        Path test = moonsCsv(tag + "-test.csv", Datasets.twoMoons(200, 0.1, 1), scale, new double[] {offset[0] + testShift * scale[0], offset[1]});
        return "csv:" + train + ",test=" + test;
    }

    @Test
    void csvFeaturesReachTheMethodStandardisedWithTheTrainingPartsStatistics() throws IOException {
        // The generator standardises each set on its own; the test set is shifted by 0.5 so that its own
        // statistics differ from the training set's.
        Experiment e = Experiment.prepare(RunConfig.of(spec(new double[] {255, 0.01}, new double[] {100, -5}, "pixels", 0.5)).labels(6).steps(1));
        INDArray x = e.train().features();
        assertArrayEquals(new double[] {0, 0, 0}, x.mean(0).toDoubleVector(), 1e-4, "every column centred");
        assertArrayEquals(new double[] {1, 1, 0}, x.std(false, 0).toDoubleVector(), 1e-3, "unit std; the constant column stays 0, not NaN");
        // The test part is scaled with the training part's statistics, not its own: its means are not exactly 0.
        Dataset raw = Datasets.byName(e.config().dataset(), false);
        Dataset rawTrain = Datasets.byName(e.config().dataset(), true);
        double mean = rawTrain.features().getColumn(0).meanNumber().doubleValue();
        double std = rawTrain.features().getColumn(0).stdNumber(false).doubleValue();   // population std
        assertEquals((raw.features().getDouble(5, 0) - mean) / std, e.test().features().getDouble(5, 0), 1e-3);
        assertEquals(0.5 / rawTrain.features().getColumn(0).div(255).stdNumber(false).doubleValue(),
                e.test().features().getColumn(0).meanNumber().doubleValue(), 1e-3, "the test set's shift, in training-set stds");
    }

    @Test
    void theSameDataInOtherUnitsTrainsTheSameModel() throws IOException {
        RunConfig standard = RunConfig.of(spec(new double[] {1, 1}, new double[] {0, 0}, "standard")).method("pi-model").labels(6).steps(60).seed(0);
        RunConfig pixels = standard.dataset(spec(new double[] {255, 0.01}, new double[] {100, -5}, "pixels"));
        double a = Experiment.run(standard).accuracy(), b = Experiment.run(pixels).accuracy();
        // Before CSV features were standardised: 0.805 in standard units vs 0.63 in these (σ 0.15 noise is
        // nothing next to a column of std 255 and everything next to one of std 0.01).
        assertEquals(a, b, 0.011, "Π-model on the same moons in other units: " + a + " vs " + b);
    }

    @Test
    void scaleNoneKeepsTheFilesUnitsAndABadValueIsNamed() throws IOException {
        String spec = spec(new double[] {255, 0.01}, new double[] {100, -5}, "raw");
        Experiment e = Experiment.prepare(RunConfig.of(spec + ",scale=none").labels(6).steps(1));
        assertEquals(Datasets.byName(spec, true).features().getDouble(3, 0), e.train().features().getDouble(3, 0), 1e-4);
        var error = assertThrows(IllegalArgumentException.class, () -> Datasets.csvScaling(spec + ",scale=minmax"));
        assertTrue(error.getMessage().contains("scale=minmax not understood") && error.getMessage().contains("scale=none"), error.getMessage());
    }

    /** A CSV of 0..255 pixels read as 1×2×2 images: every value divided by the training part's largest. */
    private Path pixelsCsv(String name, int rows, int brightest) throws IOException {
        StringBuilder csv = new StringBuilder("p0,p1,p2,p3,label\n");
        for (int i = 0; i < rows; i++)
            csv.append(String.format(Locale.ROOT, "%d,%d,%d,%d,%s%n", i % 2 == 0 ? brightest : 0, 10 * (i % 3), 5, i % 7, i % 2 == 0 ? "on" : "off"));
        return Files.writeString(dir.resolve(name), csv);
    }

    @Test
    void csvImagesAreScaledToTheUnitIntervalNotStandardisedPerPixel() throws IOException {
        // Image augmentations (RandAugment's brightness, solarize, ...) work on pixels in [0,1]; per-pixel
        // standardisation would give negative pixels and a constant pixel 0.
        String spec = "csv:" + pixelsCsv("img-train.csv", 40, 255) + ",test=" + pixelsCsv("img-test.csv", 20, 200) + ",shape=1x2x2";
        Experiment e = Experiment.prepare(RunConfig.of(spec).labels(4).steps(1));
        assertArrayEquals(new long[] {1, 2, 2}, e.train().exampleShape());
        assertEquals(1.0, e.train().features().maxNumber().doubleValue(), 1e-6, "the brightest training pixel");
        assertEquals(0.0, e.train().features().minNumber().doubleValue(), 1e-6, "no negative pixels");
        assertEquals(5 / 255.0, e.train().features().getDouble(0, 0, 1, 0), 1e-6, "a constant pixel keeps its value");
        assertEquals(200 / 255.0, e.test().features().maxNumber().doubleValue(), 1e-6, "the test part by the training part's maximum");
        assertEquals(255.0, Experiment.prepare(RunConfig.of(spec + ",scale=none").labels(4).steps(1)).train().features().maxNumber().doubleValue(), 1e-6);
    }
}
