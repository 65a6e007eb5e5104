package org.semisup4j.data;

import java.util.List;
import java.util.Random;
import org.nd4j.linalg.factory.Nd4j;
import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.classification.Label;
import org.tribuo.classification.example.NoisyInterlockingCrescentsDataSource;

/**
 * Two-dimensional toy sets on which the cluster assumption is visible: two moons, two concentric rings and
 * two interleaved spirals. Each has two balanced classes, Gaussian noise of standard deviation
 * {@code noise} (in the units of the raw shape, whose radius is about 1), rows shuffled with the seed, and
 * features standardised (zero mean, unit variance per column, from the set itself), so learning rates
 * carry over between them.
 */
public final class SyntheticData {
    private SyntheticData() {
    }

    /**
     * Tribuo's noisy interlocking crescents (upper moon = class 0). Tribuo's "variance" argument is used as
     * a standard deviation and must be positive, so noise 0 becomes the smallest positive double.
     */
    public static Dataset twoMoons(int n, double noise, long seed) {
        check(n, noise);
        NoisyInterlockingCrescentsDataSource source = new NoisyInterlockingCrescentsDataSource(n, seed, Math.max(noise, Double.MIN_VALUE));
        float[] xy = new float[2 * n];
        int[] labels = new int[n];
        int row = 0;
        for (Example<Label> example : source) {
            labels[row] = "X".equals(example.getOutput().getLabel()) ? 0 : 1;
            int column = 0;
            for (Feature feature : example) { // Tribuo keeps features sorted by name: X1, X2
                xy[2 * row + column++] = (float) feature.getValue();
            }
            row++;
        }
        return finish("two-moons", n, noise, seed, xy, labels, List.of("upper", "lower"));
    }

    /** Outer ring (radius 1, class 0) around an inner ring (radius 0.5, class 1), as scikit-learn's make_circles. */
    public static Dataset circles(int n, double noise, long seed) {
        check(n, noise);
        Random random = Seeds.random(seed, Seeds.SPLIT ^ 0xc1c1L, 0);
        float[] xy = new float[2 * n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i < n / 2 ? 0 : 1; // as Tribuo's moons: an odd point goes to class 1
            double radius = labels[i] == 0 ? 1.0 : 0.5;
            double angle = 2 * Math.PI * random.nextDouble();
            xy[2 * i] = (float) (radius * Math.cos(angle) + noise * random.nextGaussian());
            xy[2 * i + 1] = (float) (radius * Math.sin(angle) + noise * random.nextGaussian());
        }
        return finish("circles", n, noise, seed, xy, labels, List.of("outer", "inner"));
    }

    /** Two arms of an Archimedean spiral, 1.5 turns each, the second rotated by π; radius grows from 0 to 1. */
    public static Dataset spirals(int n, double noise, long seed) {
        check(n, noise);
        Random random = Seeds.random(seed, Seeds.SPLIT ^ 0x5911L, 0);
        float[] xy = new float[2 * n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i < n / 2 ? 0 : 1; // as Tribuo's moons: an odd point goes to class 1
            double t = Math.sqrt(random.nextDouble()); // sqrt: even density along the arm's length
            double angle = 3 * Math.PI * t + Math.PI * labels[i];
            xy[2 * i] = (float) (t * Math.cos(angle) + noise * random.nextGaussian());
            xy[2 * i + 1] = (float) (t * Math.sin(angle) + noise * random.nextGaussian());
        }
        return finish("spirals", n, noise, seed, xy, labels, List.of("arm-0", "arm-1"));
    }

    private static void check(int n, double noise) {
        if (n < 2) {
            throw new IllegalArgumentException("n = " + n + ": need at least 2 points, one per class");
        }
        if (!(noise >= 0) || Double.isInfinite(noise)) {
            throw new IllegalArgumentException("noise = " + noise + ": expected a finite standard deviation >= 0");
        }
    }

    /** Shuffles rows (generators emit one class after the other) and standardises the two columns. */
    private static Dataset finish(String kind, int n, double noise, long seed, float[] xy, int[] labels, List<String> classes) {
        int[] order = Seeds.permutation(n, Seeds.random(seed, Seeds.SHUFFLE, kind.hashCode()));
        float[] shuffledXy = new float[2 * n];
        int[] shuffledLabels = new int[n];
        for (int i = 0; i < n; i++) {
            shuffledXy[2 * i] = xy[2 * order[i]];
            shuffledXy[2 * i + 1] = xy[2 * order[i] + 1];
            shuffledLabels[i] = labels[order[i]];
        }
        for (int column = 0; column < 2; column++) {
            double sum = 0, sumSquares = 0;
            for (int i = 0; i < n; i++) {
                sum += shuffledXy[2 * i + column];
            }
            double mean = sum / n;
            for (int i = 0; i < n; i++) {
                double d = shuffledXy[2 * i + column] - mean;
                sumSquares += d * d;
            }
            double std = Math.sqrt(sumSquares / n);
            for (int i = 0; i < n; i++) {
                shuffledXy[2 * i + column] = (float) ((shuffledXy[2 * i + column] - mean) / (std > 0 ? std : 1));
            }
        }
        String name = kind + "(n=" + n + ",noise=" + noise + ",seed=" + seed + ")";
        return Dataset.wrap(name, Nd4j.create(shuffledXy, new long[] {n, 2}, 'c'), shuffledLabels, classes);
    }
}
