package org.semisup4j.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The label splits that notebooks and benchmarks share, saved under {@code datasets/splits/}. They are
 * regenerated from code here (and a test checks the saved files still equal the regenerated ones), so a
 * change to the sampling code that would silently change published splits is caught.
 *
 * <p>Run {@code java -cp ... org.semisup4j.data.StandardSplits [outDir]} to (re)write them.
 */
public final class StandardSplits {
    public static final List<Long> TWO_MOONS_SEEDS = List.of(0L, 1L, 2L, 3L, 4L);
    public static final List<Long> FASHION_MNIST_SEEDS = List.of(0L, 1L, 2L);

    private StandardSplits() {
    }

    /** The two-moons training set the splits refer to: {@code Datasets.byName("two-moons")}. */
    public static Dataset twoMoons() {
        return Datasets.twoMoons(Datasets.DEFAULT_SYNTHETIC_SIZE, Datasets.DEFAULT_SYNTHETIC_NOISE, 0);
    }

    /** 6 labels (3 per moon) of {@link #twoMoons()}; the rest unlabeled. */
    public static LabelSplit twoMoons6Labels(long seed) {
        return LabelSplit.balanced(twoMoons(), 6, seed);
    }

    /** 100 labels (10 per class) of the Fashion-MNIST training set; the rest unlabeled. */
    public static LabelSplit fashionMnist100Labels(Dataset fashionTrain, long seed) {
        return LabelSplit.balanced(fashionTrain, 100, seed);
    }

    public static String twoMoonsFile(long seed) {
        return "two-moons-6-labels-seed-" + seed + ".json";
    }

    public static String fashionMnistFile(long seed) {
        return "fashion-mnist-100-labels-seed-" + seed + ".json";
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "datasets/splits");
        for (long seed : TWO_MOONS_SEEDS) {
            twoMoons6Labels(seed).save(out.resolve(twoMoonsFile(seed)));
        }
        Dataset fashion = Datasets.fashionMnist(true);
        for (long seed : FASHION_MNIST_SEEDS) {
            fashionMnist100Labels(fashion, seed).save(out.resolve(fashionMnistFile(seed)));
        }
        System.out.println("wrote splits to " + out.toAbsolutePath());
    }
}
