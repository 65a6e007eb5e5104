package org.semisup4j.augment;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Augmentation runs every training step, so it must stay far below a training step's time (hundreds of
 * ms for a small CNN here). Prints the median time per batch of 64; fails only on a gross regression.
 */
class AugmentationSpeedTest {
    private static final double LIMIT_MS = 250;

    @Test
    void weakAndStrongOnBatchesOf64AreFast() {
        for (long[] shape : new long[][]{{64, 1, 28, 28}, {64, 3, 32, 32}}) {
            INDArray x = AugmentationsTest.images(shape[0], shape[1], shape[2], 1);
            for (String name : new String[]{"weak", "strong"}) {
                Augmentation aug = name.equals("weak") ? Augmentations.weak() : Augmentations.strong();
                double ms = medianMillis(aug, x);
                System.out.printf(Locale.ROOT, "augment %-6s %s: %.2f ms per batch (median)%n", name, Arrays.toString(shape), ms);
                assertTrue(ms < LIMIT_MS, name + " " + Arrays.toString(shape) + " took " + ms + " ms");
            }
        }
    }

    private static double medianMillis(Augmentation aug, INDArray x) {
        SplittableRandom rng = new SplittableRandom(1);
        for (int i = 0; i < 10; i++) {
            aug.apply(x, rng);
        }
        double[] times = new double[15];
        for (int i = 0; i < times.length; i++) {
            long t0 = System.nanoTime();
            aug.apply(x, rng);
            times[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(times);
        return times[times.length / 2];
    }
}
