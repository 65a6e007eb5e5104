package org.semisup4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The saved splits under datasets/splits load, fit their data, and equal what the code regenerates. */
class StandardSplitsTest {
    /** Surefire runs in the module directory; the splits live beside it at the repository root. */
    private static final Path SPLITS = Path.of("..", "datasets", "splits");

    @Test
    void twoMoonsSplitsAreUpToDate() throws IOException {
        Dataset moons = StandardSplits.twoMoons();
        for (long seed : StandardSplits.TWO_MOONS_SEEDS) {
            LabelSplit saved = LabelSplit.load(SPLITS.resolve(StandardSplits.twoMoonsFile(seed)));
            saved.checkMatches(moons);
            assertEquals(StandardSplits.twoMoons6Labels(seed), saved, "seed " + seed);
            assertEquals(6, saved.labeled().length);
        }
        assertEquals(moons.features(), Datasets.byName("two-moons").features(), "the registry name gives the split's dataset");
    }

    @Test
    void fashionMnistSplitsAreUpToDate() throws IOException {
        Assumptions.assumeTrue(Files.isDirectory(Path.of(Datasets.FASHION_MNIST_DEBIAN_DIR)), "dataset-fashion-mnist not installed");
        Dataset fashion = Datasets.fashionMnist(Path.of(Datasets.FASHION_MNIST_DEBIAN_DIR), true);
        for (long seed : StandardSplits.FASHION_MNIST_SEEDS) {
            LabelSplit saved = LabelSplit.load(SPLITS.resolve(StandardSplits.fashionMnistFile(seed)));
            saved.checkMatches(fashion);
            assertEquals(StandardSplits.fashionMnist100Labels(fashion, seed), saved, "seed " + seed);
            assertTrue(saved.description().contains("10, 10, 10"), saved.description());
        }
    }
}
