package org.semisup4j.active;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.semisup4j.model.Model;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * How an active-learning cycle chooses what to label: one informativeness score per unlabeled example (higher:
 * label it sooner); the loop then labels the {@link #topB top b}.
 */
public interface Acquisition {
    /** The names {@link #named} knows, as the CLI's {@code --acquisition} takes them. */
    List<String> NAMES = List.of("st-conal", "random", "entropy", "bald");

    String name();

    /**
     * Scores of the pool's rows.
     *
     * @param trained the cycle's trained student and the snapshots taken along its training
     * @param pool    the unlabeled examples, one per row
     * @param seed    for whatever the acquisition draws (random picks, dropout masks)
     * @return an [N] array, one score per pool row
     */
    INDArray scores(Trained trained, INDArray pool, long seed);

    /** What a cycle's training leaves: the final student and K snapshot students, oldest first (the last is the final one). */
    record Trained(Model student, List<Model> snapshots) {
        public Trained {
            if (snapshots.isEmpty()) throw new IllegalArgumentException("a trained cycle needs at least one snapshot student");
            snapshots = List.copyOf(snapshots);
        }
    }

    /**
     * An acquisition by name with its settings: {@code st-conal} (sharpening temperature, teacher = weight average
     * of the snapshots), {@code random}, {@code entropy}, {@code bald} (Monte-Carlo dropout passes).
     */
    static Acquisition named(String name, double temperature, int mcPasses) {
        return switch (name) {
            case "st-conal" -> new StConal(temperature);
            case "random" -> new RandomAcquisition();
            case "entropy" -> new MaxEntropy();
            case "bald" -> new Bald(mcPasses);
            default -> throw new IllegalArgumentException("unknown acquisition '" + name + "'; known: " + String.join(", ", NAMES));
        };
    }

    /**
     * The {@code b} pool rows with the highest scores, highest first; ties go to the lower row index, so a choice
     * is reproducible. Only rows of {@code poolRows} can be chosen.
     *
     * @param scores   one score per entry of {@code poolRows}
     * @param poolRows the dataset rows of the unlabeled pool, in the order of {@code scores}
     */
    static int[] topB(double[] scores, int[] poolRows, int b) {
        if (scores.length != poolRows.length)
            throw new IllegalArgumentException(scores.length + " scores for " + poolRows.length + " pool rows; expected one per row");
        if (b < 0 || b > poolRows.length)
            throw new IllegalArgumentException("cannot label " + b + " examples from a pool of " + poolRows.length);
        for (int i = 0; i < scores.length; i++)
            if (Double.isNaN(scores[i])) throw new IllegalArgumentException("acquisition score of pool row " + poolRows[i] + " is NaN");
        return IntStream.range(0, poolRows.length).boxed()
                .sorted(Comparator.<Integer>comparingDouble(i -> -scores[i]).thenComparingInt(i -> poolRows[i]))
                .limit(b).mapToInt(i -> poolRows[i]).toArray();
    }

    /** {@link #topB} of this acquisition's scores over {@code poolRows} of {@code features}. */
    default int[] choose(Trained trained, INDArray features, int[] poolRows, int b, long seed) {
        if (poolRows.length == 0) return new int[0];
        double[] s = scores(trained, features, seed).toDoubleVector();
        return topB(s, poolRows, Math.min(b, poolRows.length));
    }

    /** Rows of {@code all} that are not in {@code taken}, sorted. */
    static int[] without(int[] all, int[] taken) {
        int[] t = taken.clone();
        Arrays.sort(t);
        return Arrays.stream(all).filter(r -> Arrays.binarySearch(t, r) < 0).sorted().toArray();
    }
}
