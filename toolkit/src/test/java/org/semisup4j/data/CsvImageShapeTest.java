package org.semisup4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.semisup4j.experiment.Experiment;
import org.semisup4j.train.RunConfig;

/** {@code --image-shape CxHxW} / {@code csv:…,shape=CxHxW}: a CSV of pixels (or digits) read as images. */
class CsvImageShapeTest {
    @TempDir
    Path dir;

    /** A CSV of {@code rows} images of 1×side×side whose pixel (r, c) of row i is i·100 + r·side + c. */
    private Path pixels(String name, int rows, int side) throws IOException {
        StringBuilder s = new StringBuilder();
        for (int p = 0; p < side * side; p++) s.append("p").append(p).append(',');
        s.append("label\n");
        for (int i = 0; i < rows; i++) {
            for (int p = 0; p < side * side; p++) s.append(i * 100 + p).append(',');
            s.append(i % 2 == 0 ? "even" : "odd").append('\n');
        }
        return Files.writeString(dir.resolve(name), s.toString());
    }

    @Test
    void columnsBecomePixelsInRowMajorOrder() throws IOException {
        Path file = Files.writeString(dir.resolve("two-channels.csv"),
                "a,b,c,d,e,f,label\n1,2,3,4,5,6,x\n7,8,9,10,11,12,y\n");
        Dataset d = Datasets.byName("csv:" + file + ",shape=2x1x3", true);
        assertArrayEquals(new long[] {2, 2, 1, 3}, d.features().shape());
        assertEquals(3f, d.features().getFloat(0, 0, 0, 2), "first plane, last column");
        assertEquals(4f, d.features().getFloat(0, 1, 0, 0), "the second channel plane follows the first");
        assertEquals(12f, d.features().getFloat(1, 1, 0, 2));
        assertArrayEquals(new int[] {0, 1}, d.labels());
    }

    @Test
    void aShapeThatDoesNotMatchTheColumnsNamesFileShapeAndCount() throws IOException {
        Path file = pixels("pix.csv", 4, 3);
        DatasetFormatException e = assertThrows(DatasetFormatException.class,
                () -> Datasets.byName("csv:" + file + ",shape=1x28x28", true));
        assertTrue(e.getMessage().contains("pix.csv"), e.getMessage());
        assertTrue(e.getMessage().contains("9 feature columns"), e.getMessage());
        assertTrue(e.getMessage().contains("1x28x28") && e.getMessage().contains("784"), e.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> Datasets.byName("csv:" + file + ",shape=28x28", true));
        assertTrue(bad.getMessage().contains("CxHxW"), bad.getMessage());
    }

    @Test
    void theRunConfigurationMakesACsvAnImageDatasetForModelsAndAugmentations() throws IOException {
        Path file = pixels("imgs.csv", 40, 4);
        RunConfig config = RunConfig.of("csv:" + file).imageShape("1x4x4").labels(4).steps(1).evalEvery(0);
        Experiment experiment = Experiment.prepare(config);
        assertArrayEquals(new long[] {1, 4, 4}, experiment.train().exampleShape());
        assertArrayEquals(new long[] {1, 4, 4}, experiment.model().inputShape(), "auto builds the CNN for images");
        assertEquals(8, experiment.test().size(), "20 % held out as before");
        experiment.trainer(null).run(); // image augmentations (flip, translate) accept the rows

        UncheckedIOException mismatch = assertThrows(UncheckedIOException.class,
                () -> Experiment.prepare(config.imageShape("3x4x4")));
        assertTrue(mismatch.getMessage().contains("imgs.csv") && mismatch.getMessage().contains("48"), mismatch.getMessage());
        IllegalArgumentException digits = assertThrows(IllegalArgumentException.class,
                () -> Experiment.prepare(RunConfig.of("digits").imageShape("1x4x4")));
        assertTrue(digits.getMessage().contains("'digits") && digits.getMessage().contains("[64]")
                && digits.getMessage().contains("16 values"), digits.getMessage());
        assertArrayEquals(new long[] {1, 8, 8}, Experiment.prepare(RunConfig.of("digits").imageShape("1x8x8").steps(1))
                .train().exampleShape(), "any data of vectors, not only csv:");
    }
}
